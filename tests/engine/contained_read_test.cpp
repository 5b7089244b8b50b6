// The child process that reads a report before the program does (report/contained_read.h):
// whatever the HDF5 library does to the child (a crash, an abort, running out of memory or
// time), the program gets one BadInput line naming the file and carries on; an rs::Error comes
// back as it was thrown; Cancel still works while the child runs; nothing is left behind.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include "core/error.h"
#include "io/contained_read.h"

namespace rs {
namespace {

size_t open_fds() {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
    return n;
}

std::pair<ErrorKind, std::string> outcome(const std::function<void()>& read, const Progress& progress = {}, int seconds = 20) {
    try {
        h5::check_in_child("r.h5", read, progress, seconds);
    } catch (const Error& e) {
        return {e.kind(), e.what()};
    }
    return {ErrorKind::Runtime, "ok"};
}

TEST(ContainedRead, CleanReadReturns) {
    const size_t fds = open_fds();
    int in_parent = 0;
    EXPECT_EQ(outcome([&] { in_parent = 1; }).second, "ok");
    EXPECT_EQ(in_parent, 0);  // the read ran in the child, whose memory is its own
    EXPECT_EQ(open_fds(), fds);
}

TEST(ContainedRead, ErrorsComeBackAsThrown) {
    auto [kind, msg] = outcome([] { fail_input("r.h5", "/census/layer_000: missing dataset 'absmax'"); });
    EXPECT_EQ(kind, ErrorKind::BadInput);
    EXPECT_EQ(msg, "r.h5: /census/layer_000: missing dataset 'absmax'");
    std::tie(kind, msg) = outcome([] { fail_runtime("disk on fire"); });
    EXPECT_EQ(kind, ErrorKind::Runtime);
    EXPECT_EQ(msg, "disk on fire");
    // A defect of the reader (not an rs::Error) is not hidden as a damaged file: the program
    // reads the file itself and meets it there.
    EXPECT_EQ(outcome([] { throw std::out_of_range("vector::at"); }).second, "ok");
}

TEST(ContainedRead, CrashesOfTheLibraryBecomeOneLine) {
    const size_t fds = open_fds();
    for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE}) {
        const auto [kind, msg] = outcome([sig] { std::raise(sig); });
        EXPECT_EQ(kind, ErrorKind::BadInput) << msg;
        EXPECT_EQ(msg, std::string("r.h5: damaged report: reading it crashed the HDF5 library (") + strsignal(sig) + ")");
    }
    // An abort from deep inside a library, as a failed assertion in HDF5 would.
    EXPECT_EQ(outcome([] { std::abort(); }).first, ErrorKind::BadInput);
    // An exit without an answer, as a sanitizer's report ends.
    EXPECT_EQ(outcome([] { _exit(1); }).second, "r.h5: damaged report: reading it failed inside the HDF5 library (exit status 1)");
    EXPECT_EQ(open_fds(), fds);
}

TEST(ContainedRead, MemoryAndTimeAreBounded) {
    // The child's allocator failing is reported as the memory bound.
    EXPECT_EQ(outcome([] { throw std::bad_alloc(); }).second, "r.h5: damaged report: reading it needs more than 4 GiB of memory");
#ifndef ROTOSCOPE_SANITIZE
    // A real allocation past the address-space limit (AddressSanitizer reserves terabytes of
    // address space, so the sanitizer build has no such limit; its allocator bounds the child).
    EXPECT_EQ(outcome([] {
                  std::vector<char> v(size_t{6} << 30, 1);
                  static_cast<void>(v);
              }).second,
              "r.h5: damaged report: reading it needs more than 4 GiB of memory");
#endif
    // Spinning: the CPU-time limit ends it.
    const auto t0 = std::chrono::steady_clock::now();
    auto [kind, msg] = outcome(
        [] {
            for (volatile uint64_t i = 0;; i = i + 1) {
            }
        },
        {}, 1);
    EXPECT_EQ(kind, ErrorKind::BadInput);
    EXPECT_EQ(msg, "r.h5: damaged report: reading it used more than 1 s of CPU time");
    // Blocked without using CPU: the wall-clock deadline ends it.
    std::tie(kind, msg) = outcome([] { pause(); }, {}, 1);
    EXPECT_EQ(msg, "r.h5: damaged report: reading it did not finish within 11 s");
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(30));
}

TEST(ContainedRead, CancelKillsTheChild) {
    CancelToken cancel;
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        cancel.cancel();
    });
    const auto t0 = std::chrono::steady_clock::now();
    const auto [kind, msg] = outcome([] { sleep(60); }, Progress{{}, &cancel});
    canceller.join();
    EXPECT_EQ(kind, ErrorKind::Cancelled) << msg;
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
}

}  // namespace
}  // namespace rs
