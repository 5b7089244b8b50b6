// Progress and cancellation cross stage boundaries only through these two types.
// A ProgressSink is told (stage, done, total); a CancelToken is an atomic flag checked between
// units of work (a tensor, a window), so cancelling never leaves a half-written artifact.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string_view>

#include "core/error.h"

namespace rs {

class CancelToken {
public:
    void cancel() noexcept { flag_.store(true, std::memory_order_relaxed); }
    bool cancelled() const noexcept { return flag_.load(std::memory_order_relaxed); }
    void reset() noexcept { flag_.store(false, std::memory_order_relaxed); }
    // Throws Error{Cancelled} when the flag is set; call at safe points only.
    void check() const {
        if (cancelled()) throw Error(ErrorKind::Cancelled, "cancelled");
    }

private:
    std::atomic<bool> flag_{false};
};

using ProgressFn = std::function<void(std::string_view stage, int64_t done, int64_t total)>;

// Bundles the two so that long operations take one optional argument.
struct Progress {
    ProgressFn report;             // may be empty
    const CancelToken* cancel = nullptr;  // may be null

    void operator()(std::string_view stage, int64_t done, int64_t total) const {
        if (cancel) cancel->check();
        if (report) report(stage, done, total);
    }
};

}  // namespace rs
