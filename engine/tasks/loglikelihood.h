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
// The requests of one question share their longest common token prefix: it runs once, and each
// request runs only what follows it, attending to the prefix (a KV cache shared by the choices).
// So a letter task (MMLU's " A" ... " D") costs one pass over its prompt for all four choices.
// Questions are batched: the prefixes and continuations of several questions are packed into one
// forward pass (runtime/decoder_block.h, PackedLayout), up to kPackedRows tokens. Each position
// sees what it would in its own full pass, for the row-wise (per-token) activation and KV
// quantizers Rotoscope has; the numbers agree with separate passes up to float rounding.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "runtime/forward.h"
#include "tokenizer/tokenizer.h"

namespace rs {

struct LoglikelihoodRequest {
    std::string context, continuation;
};

// Tokens per packed pass: several short questions share one pass; a longer one runs alone.
inline constexpr int kPackedRows = 1024;

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
    // Several questions, packed into as few passes as kPackedRows allows; results per question.
    // `where(k)` names question k in errors ("file.jsonl:12").
    std::vector<std::vector<Loglikelihood>> score_batch(const std::vector<std::vector<LoglikelihoodRequest>>& questions,
                                                        const std::function<std::string(size_t)>& where = {});
    int64_t passes() const { return passes_; }  // forward passes so far

    // lm-eval's pair encoding (public for tests).
    void encode_pair(const std::string& context, const std::string& continuation, std::vector<int32_t>& context_ids,
                     std::vector<int32_t>& continuation_ids) const;

    int64_t tokens_run() const { return tokens_run_; }  // through the forward pass so far

private:
    Forward& forward_;
    const Tokenizer& tokenizer_;
    int max_length_;
    int64_t tokens_run_ = 0, passes_ = 0;
};

}  // namespace rs
