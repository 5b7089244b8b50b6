// Random damage to a report, read in a forked child: each damaged copy must read back or be
// refused with one BadInput line naming the file; a crash, a hang or another error fails the
// test. Most variants flip 1-8 bytes anywhere, every fourth overwrites 16 bytes with noise.
// ROTOSCOPE_FUZZ_VARIANTS / ROTOSCOPE_FUZZ_SEED widen the search.
#pragma once
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>

#include "core/error.h"

namespace rs::testing {

struct FuzzOutcome {
    enum What { ReadBack, Refused, WrongError, Crashed, Hung } what;
    std::string detail;
};

// Runs `read(path)` in a forked child, so that a crash inside HDF5 fails the test instead of
// ending the runner. The child reports over a pipe and leaves with _exit: a damaged file may
// leave HDF5 unable to close cleanly, which is not what is tested here.
inline FuzzOutcome read_in_child(const std::string& path, const std::function<void(const std::string&)>& read) {
    int fds[2];
    if (::pipe(fds) != 0) return {FuzzOutcome::WrongError, "pipe failed"};
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) return {FuzzOutcome::WrongError, "fork failed"};
    if (pid == 0) {
        ::close(fds[0]);
        ::alarm(60);  // a reader that loops forever is as bad as one that crashes
#ifndef ROTOSCOPE_SANITIZE  // AddressSanitizer reserves terabytes of address space
        // A corrupt size that HDF5 believes must fail to allocate, not take the machine's memory.
        const rlimit as{rlim_t{4} << 30, rlim_t{4} << 30};
        ::setrlimit(RLIMIT_AS, &as);
#endif
        std::string report;
        try {
            read(path);
            report = "R";
        } catch (const Error& e) {
            const std::string m = e.what();
            const bool clean = e.kind() == ErrorKind::BadInput && m.rfind(path, 0) == 0 && m.find('\n') == std::string::npos;
            report = (clean ? "B" : "W") + m;
        } catch (const std::exception& e) {
            report = std::string("Wstd::exception: ") + e.what();
        } catch (...) {
            report = "Wunknown exception";
        }
        size_t done = 0;
        while (done < report.size()) {
            const ssize_t n = ::write(fds[1], report.data() + done, report.size() - done);
            if (n <= 0) break;
            done += static_cast<size_t>(n);
        }
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string got;
    char buf[4096];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) got.append(buf, static_cast<size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        return {sig == SIGALRM ? FuzzOutcome::Hung : FuzzOutcome::Crashed,
                std::string("signal ") + std::to_string(sig) + " (" + strsignal(sig) + ")"};
    }
    if (got.empty())
        return {FuzzOutcome::WrongError, "child exited with status " + std::to_string(WEXITSTATUS(status)) + " and no report"};
    const FuzzOutcome::What what = got[0] == 'R' ? FuzzOutcome::ReadBack : got[0] == 'B' ? FuzzOutcome::Refused : FuzzOutcome::WrongError;
    return {what, got.substr(1)};
}

inline int fuzz_env_int(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::atoi(v) : fallback;
}

// The damaged copies of `good` (which must read back), each read by `read` in a child.
inline void expect_damaged_copies_never_crash(const std::string& good, const char* what,
                                              const std::function<void(const std::string&)>& read) {
    std::string bytes;
    {
        std::ifstream in(good, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        bytes = ss.str();
    }
    ASSERT_GT(bytes.size(), 16u);
    ASSERT_EQ(read_in_child(good, read).what, FuzzOutcome::ReadBack) << "the undamaged file must read back";
    const int variants = fuzz_env_int("ROTOSCOPE_FUZZ_VARIANTS", 200);
    const uint32_t seed = static_cast<uint32_t>(fuzz_env_int("ROTOSCOPE_FUZZ_SEED", 20261124));
    std::mt19937 rng(seed);
    std::uniform_int_distribution<size_t> at(0, bytes.size() - 1), run_at(0, bytes.size() - 16);
    std::uniform_int_distribution<int> flips(1, 8), nonzero(1, 255);
    int counts[5] = {};
    const std::string path = (std::filesystem::path(good).parent_path() / "damaged.h5").string();
    for (int v = 0; v < variants; ++v) {
        std::string damaged = bytes;
        std::string how;
        if (v % 4 == 3) {
            const size_t p = run_at(rng);
            for (size_t i = 0; i < 16; ++i) damaged[p + i] = static_cast<char>(rng());
            how = "16 bytes overwritten at " + std::to_string(p);
        } else {
            how = "bytes flipped at";
            for (int k = flips(rng); k > 0; --k) {
                const size_t p = at(rng);
                damaged[p] = static_cast<char>(damaged[p] ^ nonzero(rng));
                how += " " + std::to_string(p);
            }
        }
        std::ofstream(path, std::ios::binary | std::ios::trunc) << damaged;
        const FuzzOutcome out = read_in_child(path, read);
        ++counts[out.what];
        EXPECT_TRUE(out.what == FuzzOutcome::ReadBack || out.what == FuzzOutcome::Refused)
            << "variant " << v << " (" << how << "): " << out.detail;
    }
    std::printf("%d damaged %s: %d read back, %d refused, %d wrong errors, %d crashed, %d hung\n", variants, what,
                counts[FuzzOutcome::ReadBack], counts[FuzzOutcome::Refused], counts[FuzzOutcome::WrongError],
                counts[FuzzOutcome::Crashed], counts[FuzzOutcome::Hung]);
    EXPECT_GT(counts[FuzzOutcome::Refused], variants / 50);
}

}  // namespace rs::testing
