// How far a quantized model's predictions are from the unquantized model's on the same tokens:
// perplexity of both (two protocols), the KL divergence KL(P_ref || P_q) per scored token, and
// top-1 agreement. Windows are those of the Full perplexity protocol (eval/perplexity.h):
// non-overlapping windows of ctx tokens, every position after the first scored. The "llamacpp"
// numbers score only the second half of the same windows, which is llama-perplexity's protocol
// when the tokenizer adds no BOS (SmolLM2, Qwen); with BOS the windows are not replaced.
#pragma once
#include <cstdint>
#include <vector>

#include "core/progress.h"
#include "eval/perplexity.h"
#include "runtime/forward.h"

namespace rs {

struct CompareOptions {
    int ctx = 512;
    int max_windows = 0;  // 0 = every complete window
};

// Summary of a per-token distribution (KL in nats).
struct DistributionSummary {
    double mean = 0, max = 0, p50 = 0, p90 = 0, p99 = 0, p999 = 0;
    int64_t count = 0;
};

struct PplPair {
    double full = 0;      // Full protocol perplexity
    double llamacpp = 0;  // second half of each window
    double full_stderr = 0;
};

struct LogitComparison {
    PplPair reference, candidate;
    DistributionSummary kl;       // KL(P_ref || P_candidate), nats, over every scored token
    double top1_agreement = 0;    // fraction of scored tokens where both argmaxes agree
    int64_t scored_tokens = 0;
    int windows = 0;
    double seconds = 0;           // candidate forward + comparison (reference excluded when cached)
};

// The reference model's logits at every scored position, kept in fp32 so that a matrix of
// recipes runs the reference once (8 x 512 tokens of a 49k vocabulary: 0.8 GB).
struct ReferenceLogits {
    CompareOptions options;
    int64_t n_vocab = 0;
    int windows = 0;
    std::vector<float> logits;  // [windows * (ctx - 1), n_vocab]
    PplPair ppl;
    std::vector<int32_t> tokens;  // the windows' tokens, so that other tokens are refused
};

// How many windows of options.ctx tokens the comparison scores (BadInput when ctx < 4 or the
// tokens do not fill one window).
int count_compare_windows(size_t n_tokens, const CompareOptions& options);

// Bytes compute_reference_logits would hold for these tokens.
int64_t reference_logits_bytes(int64_t n_vocab, int64_t n_tokens, const CompareOptions& options);

// BadInput (one line) when the tokens do not fill one window or ctx < 4. Progress stage
// "reference", one step per window; cancellable between windows.
ReferenceLogits compute_reference_logits(Forward& reference, const std::vector<int32_t>& tokens,
                                         const CompareOptions& options, const Progress& progress = {});

// Progress stage "evaluating", one step per window.
LogitComparison compare_to_reference(const ReferenceLogits& reference, Forward& candidate,
                                     const std::vector<int32_t>& tokens, const Progress& progress = {});

// Without a cache: both models run window by window (half the memory, twice the compute).
LogitComparison compare_logits(Forward& reference, Forward& candidate, const std::vector<int32_t>& tokens,
                               const CompareOptions& options, const Progress& progress = {});

// KL(softmax(p) || softmax(q)) in nats, computed in double; exactly 0 when p == q.
double kl_divergence(const float* p_logits, const float* q_logits, int64_t n_vocab);

}  // namespace rs
