// Runs rotoscope-cli as a child process and collects its exit code and output.
#pragma once
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

namespace rs::testing {

struct CliResult {
    int exit_code = -1;   // 128 + signal when a signal ended it
    int signal = 0;       // the signal that ended it, 0 when it exited
    bool timed_out = false;
    long max_rss_kb = 0;  // peak resident memory of the process
    double seconds = 0;   // wall time
    std::string out, err;
};

// Starts the CLI with `args`; when sigint_after_ms >= 0 sends SIGINT after that delay. A run
// longer than timeout_s is killed (a hang is a failure, not a long wait).
inline CliResult run_cli(const std::vector<std::string>& args, int sigint_after_ms = -1, int timeout_s = 900) {
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
    rusage usage{};
    const auto t0 = std::chrono::steady_clock::now();
    bool timed_out = false;
    while (wait4(pid, &status, WNOHANG, &usage) == 0) {
        if (std::chrono::steady_clock::now() - t0 > std::chrono::seconds(timeout_s)) {
            kill(pid, SIGKILL);
            timed_out = true;
            wait4(pid, &status, 0, &usage);
            break;
        }
        usleep(2000);
    }
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
    r.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    r.timed_out = timed_out;
    r.max_rss_kb = usage.ru_maxrss;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.out = slurp(out_fd);
    r.err = slurp(err_fd);
    unlink(out_tpl);
    unlink(err_tpl);
    return r;
}

}  // namespace rs::testing
