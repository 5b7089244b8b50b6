// Progress and cancellation cross stage boundaries only through these two types.
// A ProgressSink is told (stage, done, total); a CancelToken is an atomic flag checked between
// units of work (a tensor, a window), so cancelling never leaves a half-written artifact.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
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

// Every stage a long operation reports, in one table (core/progress_stages.h): its key (stable,
// for logs, tests and JSON) and its title (English, marked for translation; the GUI translates it
// in the "Stage" context). A new stage is one enum value and one table row.
enum class Stage : uint8_t {
    Loading,
    Hashing,
    Tokenizing,
    Census,
    SmoothingCalibration,
    Smoothing,
    FittingRotation,
    Fusing,
    QuantizingWeights,
    Gptq,
    Reference,
    Evaluating,
    ProbingLinears,
    Perplexity,
    Generating,
    WritingReport,
    ReadingReport,
    Exporting,
    Tasks,
    ActivationRanges,
    Count
};
const char* stage_key(Stage s);    // "fuse"
const char* stage_title(Stage s);  // "Fusing rotations"

// One progress report. `item` names the unit in hand when there is one (the tensor being loaded);
// `run`/`runs` (1-based) place it in a matrix of runs, 0 outside one.
struct ProgressStep {
    Stage stage = Stage::Loading;
    int64_t done = 0, total = 0;
    std::string_view item;
    int run = 0, runs = 0;
    // The step's measure when it has one (a rotation fit's loss after round or step `done`), for
    // live curves; NaN otherwise.
    double value = std::numeric_limits<double>::quiet_NaN();
};

// "[2/6] fuse", "loading blk.0.attn_q.weight": the stage key with the run and the item, for logs
// and tests (the item as it came; callers that print it to a terminal escape it).
std::string progress_label(const ProgressStep& s);

using ProgressFn = std::function<void(const ProgressStep&)>;

// Bundles the two so that long operations take one optional argument.
struct Progress {
    ProgressFn report;             // may be empty
    const CancelToken* cancel = nullptr;  // may be null

    void operator()(Stage stage, int64_t done, int64_t total, std::string_view item = {}) const {
        step(ProgressStep{stage, done, total, item});
    }
    void step(const ProgressStep& s) const {
        if (cancel) cancel->check();
        if (report) report(s);
    }
    // The same sink and token, with every step placed as run `run` of `runs`.
    Progress for_run(int run, int runs) const {
        Progress p{{}, cancel};
        if (report)
            p.report = [sink = report, run, runs](const ProgressStep& s) {
                ProgressStep t = s;
                t.run = run;
                t.runs = runs;
                sink(t);
            };
        return p;
    }
};

}  // namespace rs
