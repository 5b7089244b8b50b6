// Runs rotoscope-cli as a child process and collects its exit code and output.
#pragma once
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace rs::testing {

struct CliResult {
    int exit_code = -1;
    std::string out, err;
};

// Starts the CLI with `args`; when sigint_after_ms >= 0 sends SIGINT after that delay.
inline CliResult run_cli(const std::vector<std::string>& args, int sigint_after_ms = -1) {
    char out_tpl[] = "/tmp/rs-cli-out-XXXXXX", err_tpl[] = "/tmp/rs-cli-err-XXXXXX";
    const int out_fd = mkstemp(out_tpl), err_fd = mkstemp(err_tpl);
    const pid_t pid = fork();
    if (pid == 0) {
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        std::vector<char*> argv;
        std::string exe = ROTOSCOPE_CLI_PATH;
        argv.push_back(exe.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(exe.c_str(), argv.data());
        _exit(127);
    }
    if (sigint_after_ms >= 0) {
        usleep(static_cast<useconds_t>(sigint_after_ms) * 1000);
        kill(pid, SIGINT);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    auto slurp = [](int fd) {
        std::string s;
        lseek(fd, 0, SEEK_SET);
        char buf[4096];
        ssize_t n;
        while ((n = read(fd, buf, sizeof buf)) > 0) s.append(buf, static_cast<size_t>(n));
        close(fd);
        return s;
    };
    CliResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out_fd);
    r.err = slurp(err_fd);
    unlink(out_tpl);
    unlink(err_tpl);
    return r;
}

}  // namespace rs::testing
