#include "io/contained_read.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include "core/error.h"
#include "core/untrusted_text.h"
#include "io/hdf5_io.h"

// Set by the sanitizer runtimes (libFuzzer installs one that saves the input as a crash); a
// child that the HDF5 library takes down must not report the parent's input as a finding.
extern "C" void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

namespace rs::h5 {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

// The process's address-space size (the first field of /proc/self/statm), 0 when unknown.
uint64_t address_space_bytes() {
    FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return 0;
    unsigned long long pages = 0;
    const int got = std::fscanf(f, "%llu", &pages);
    std::fclose(f);
    return got == 1 ? pages * static_cast<uint64_t>(sysconf(_SC_PAGESIZE)) : 0;
}

void write_all(int fd, const std::string& s) {
    size_t done = 0;
    while (done < s.size()) {
        const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += static_cast<size_t>(n);
    }
}

// The child: limits, silence, the read, one status byte and a message, _exit without running
// the parent's atexit handlers or destructors.
[[noreturn]] void child_main(int fd, const std::function<void()>& read, int seconds) {
    h5::reset_lock_in_child();
    if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(nullptr);
    // HDF5 and the sanitizers write to stderr as they fail; the program's own message says it
    // in one line. ROTOSCOPE_REPORT_CHECK_STDERR=1 keeps stderr and the sanitizers' signal
    // handlers, to see where a damaged file crashes (a developer's switch).
    const char* keep_env = std::getenv("ROTOSCOPE_REPORT_CHECK_STDERR");
    const bool keep = keep_env && std::string(keep_env) == "1";
    if (!keep)
        for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGALRM, SIGINT, SIGTERM, SIGXCPU}) signal(sig, SIG_DFL);
    if (const int null = ::open("/dev/null", O_WRONLY); null >= 0) {
        dup2(null, 1);
        if (!keep) dup2(null, 2);
    }
    const rlimit cpu{static_cast<rlim_t>(seconds), static_cast<rlim_t>(seconds) + 5};
    setrlimit(RLIMIT_CPU, &cpu);
    // AddressSanitizer reserves terabytes of address space for its shadow memory, so an
    // address-space limit would stop it; the sanitizer build relies on its allocator's limits.
    if (!kAddressSanitizer) {
        if (const uint64_t vm = address_space_bytes(); vm > 0) {
            const rlimit as{vm + kCheckMemoryBytes, vm + kCheckMemoryBytes};
            setrlimit(RLIMIT_AS, &as);
        }
    }
    std::string reply = "O";
    try {
        read();
    } catch (const Error& e) {
        reply = std::string(e.kind() == ErrorKind::BadInput ? "B" : e.kind() == ErrorKind::Cancelled ? "C" : "R") + e.what();
    } catch (const std::bad_alloc&) {
        reply = "M";
    } catch (const std::exception& e) {
        reply = std::string("X") + e.what();
    } catch (...) {
        reply = "X";
    }
    write_all(fd, reply);
    _exit(0);
}

[[noreturn]] void damaged(const std::string& path, const std::string& what) { fail_input(path, "damaged report: " + what); }

}  // namespace

void check_in_child(const std::string& path, const std::function<void()>& read, const Progress& progress, int seconds) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) fail_runtime(path + ": cannot create a pipe to check the report (" + std::strerror(errno) + ")");
    pid_t pid = -1;
    {
        // No other thread is inside HDF5 while the process is copied.
        auto held = h5::lock();
        pid = fork();
        if (pid == 0) {
            ::close(fds[0]);
            child_main(fds[1], read, seconds);
        }
    }
    ::close(fds[1]);
    if (pid < 0) {
        ::close(fds[0]);
        fail_runtime(path + ": cannot start a process to check the report (" + std::strerror(errno) + ")");
    }

    std::string reply;
    bool timed_out = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds + 10);
    try {
        for (;;) {
            pollfd p{fds[0], POLLIN, 0};
            const int r = poll(&p, 1, 100);
            if (r > 0) {
                char buf[4096];
                const ssize_t n = ::read(fds[0], buf, sizeof buf);
                if (n > 0) {
                    if (reply.size() < (1u << 16)) reply.append(buf, static_cast<size_t>(n));
                    continue;
                }
                if (n < 0 && errno == EINTR) continue;
                break;  // end of file: the child is done
            }
            if (r < 0 && errno != EINTR) break;
            if (std::chrono::steady_clock::now() > deadline) {
                timed_out = true;
                break;
            }
            progress(Stage::ReadingReport, 0, 0);  // may throw Cancelled
        }
    } catch (...) {
        ::kill(pid, SIGKILL);
        while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
        ::close(fds[0]);
        throw;
    }
    ::close(fds[0]);
    if (timed_out) ::kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (timed_out) damaged(path, "reading it did not finish within " + std::to_string(seconds + 10) + " s");
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        if (sig == SIGXCPU) damaged(path, "reading it used more than " + std::to_string(seconds) + " s of CPU time");
        damaged(path, std::string("reading it crashed the HDF5 library (") + strsignal(sig) + ")");
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || reply.empty())
        damaged(path, "reading it failed inside the HDF5 library (exit status " + std::to_string(WEXITSTATUS(status)) + ")");
    const std::string message = reply.substr(1);
    switch (reply[0]) {
        // 'X': an exception that is not an rs::Error is a defect of the reader, not of HDF5: the
        // program reads the file itself and meets it again, where it can be seen.
        case 'O':
        case 'X': return;
        case 'B': throw Error(ErrorKind::BadInput, message);
        case 'C': throw Error(ErrorKind::Cancelled, message);
        case 'R': throw Error(ErrorKind::Runtime, message);
        case 'M': damaged(path, "reading it needs more than " + std::to_string(kCheckMemoryBytes >> 30) + " GiB of memory");
        default: damaged(path, "the process that read it answered " + printable(reply, 40));
    }
}

}  // namespace rs::h5
