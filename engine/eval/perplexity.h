// Perplexity in two protocols:
//  * Full (GPTQ/QuaRot/SpinQuant papers): non-overlapping windows of ctx tokens, the incomplete
//    tail dropped, every token after the first position of a window scored.
//  * LlamaCpp (llama-perplexity): windows of ctx tokens, the first token of each window replaced
//    by BOS when the model adds BOS, only the second half of each window scored
//    (positions ctx/2 .. ctx-2 predict tokens ctx/2+1 .. ctx-1).
// PPL = exp(mean NLL); the standard error is llama.cpp's: sqrt(var(NLL)/(n-1)) · PPL.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/progress.h"
#include "runtime/forward.h"

namespace rs {

enum class PplProtocol { Full, LlamaCpp };
const char* ppl_protocol_name(PplProtocol p);

struct PplOptions {
    int ctx = 2048;
    int max_windows = 0;  // 0 = all
    PplProtocol protocol = PplProtocol::Full;
    int32_t bos_id = -1;  // used by LlamaCpp when add_bos
    bool add_bos = false;
    // Use the backend's device-resident pass when it has one for this forward pass
    // (Forward::window_scorer), with the weights in `device_weights`.
    bool device_pass = true;
    WeightPrecision device_weights = WeightPrecision::F32;
};

struct PplResult {
    double ppl = 0, mean_nll = 0, ppl_stderr = 0;
    int64_t scored_tokens = 0;
    int windows = 0;
    int64_t evaluated_tokens = 0;  // tokens through the forward pass
    double seconds = 0;
    double tokens_per_second = 0;  // evaluated tokens / seconds
    std::vector<double> window_mean_nll;
    std::string device_pass;  // WindowScorer::describe() when the windows ran on one, else ""
};

PplResult perplexity(Forward& fwd, const std::vector<int32_t>& tokens, const PplOptions& opt, const Progress& progress = {});

// -log softmax(logits)[target], computed in double.
double token_nll(const float* logits, int64_t n_vocab, int32_t target);

}  // namespace rs
