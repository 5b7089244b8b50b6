// Log-likelihoods of continuations given contexts, as lm-eval-harness's Hugging Face backend
// computes them, on Rotoscope's forward pass (any backend, any recipe's fake quantization):
//
//  * encoding: trailing whitespace of the context moves to the continuation; the context is
//    encoded alone and the continuation is what encoding context + continuation adds after it
//    (no BOS: lm-eval's default for causal models; an empty context becomes the BOS token);
//  * the input is (context + continuation) without its last token, cut from the left to
//    max_length + 1 tokens first (lm-eval's truncation; `truncated` says it happened);
//  * the log-likelihood is the sum of log-softmax over the continuation's tokens, in double;
//    `greedy` says every continuation token is the argmax of its logits.
//
// The requests of one question share their longest common token prefix: it runs once into a KV
// cache, and each request runs only what follows it. So a letter task (MMLU's " A" ... " D")
// costs one pass over its prompt for all four choices. Each position sees the same arithmetic
// as a full pass for the row-wise (per-token) activation and KV quantizers Rotoscope has.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "runtime/forward.h"
#include "tokenizer/tokenizer.h"

namespace rs {

struct LoglikelihoodRequest {
    std::string context, continuation;
};

struct Loglikelihood {
    double ll = 0;
    bool greedy = false;
    int continuation_tokens = 0;
    bool truncated = false;
};

class LoglikelihoodScorer {
public:
    // `max_length`: the model's window (tokens through the forward pass per request).
    LoglikelihoodScorer(Forward& forward, const Tokenizer& tokenizer, int max_length);
    ~LoglikelihoodScorer();

    // The requests of one question. BadInput when a continuation encodes to no token.
    std::vector<Loglikelihood> score(const std::vector<LoglikelihoodRequest>& requests);

    // lm-eval's pair encoding (public for tests).
    void encode_pair(const std::string& context, const std::string& continuation, std::vector<int32_t>& context_ids,
                     std::vector<int32_t>& continuation_ids) const;

    int64_t tokens_run() const { return tokens_run_; }  // through the forward pass so far

private:
    Forward& forward_;
    const Tokenizer& tokenizer_;
    int max_length_;
    std::unique_ptr<KvCache> cache_;
    int64_t tokens_run_ = 0;
};

}  // namespace rs
