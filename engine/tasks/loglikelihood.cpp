#include "tasks/loglikelihood.h"

#include <algorithm>

#include "core/error.h"
#include "core/untrusted_text.h"
#include "eval/perplexity.h"

namespace rs {

namespace {

bool py_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

struct Sequence {
    std::vector<int32_t> input;    // what runs through the model
    std::vector<int32_t> targets;  // the continuation's tokens (scored at the input's last rows)
    bool truncated = false;
};

}  // namespace

LoglikelihoodScorer::LoglikelihoodScorer(Forward& forward, const Tokenizer& tokenizer, int max_length)
    : forward_(forward), tokenizer_(tokenizer), max_length_(max_length) {
    if (max_length < 2) fail_input("", "the task window must hold at least 2 tokens");
}

LoglikelihoodScorer::~LoglikelihoodScorer() = default;

void LoglikelihoodScorer::encode_pair(const std::string& context, const std::string& continuation,
                                      std::vector<int32_t>& context_ids, std::vector<int32_t>& continuation_ids) const {
    if (context.empty()) {
        const int32_t prefix = tokenizer_.bos() >= 0 ? tokenizer_.bos() : tokenizer_.eos();
        context_ids = {prefix};
        continuation_ids = tokenizer_.encode(continuation, false);
        return;
    }
    size_t keep = context.size();
    while (keep > 0 && py_space(context[keep - 1])) --keep;
    const std::string ctx = context.substr(0, keep);
    const std::string cont = context.substr(keep) + continuation;
    const auto whole = tokenizer_.encode(ctx + cont, false);
    context_ids = tokenizer_.encode(ctx, false);
    const size_t n = std::min(context_ids.size(), whole.size());
    continuation_ids.assign(whole.begin() + static_cast<std::ptrdiff_t>(n), whole.end());
}

std::vector<Loglikelihood> LoglikelihoodScorer::score(const std::vector<LoglikelihoodRequest>& requests) {
    std::vector<Loglikelihood> out(requests.size());
    if (requests.empty()) return out;
    std::vector<Sequence> seqs(requests.size());
    size_t longest = 0;
    for (size_t i = 0; i < requests.size(); ++i) {
        std::vector<int32_t> ctx, cont;
        encode_pair(requests[i].context, requests[i].continuation, ctx, cont);
        if (cont.empty()) fail_input("", "the continuation " + in_quotes(requests[i].continuation) + " encodes to no token");
        if (cont.size() > static_cast<size_t>(max_length_))
            fail_input("", "a continuation of " + std::to_string(cont.size()) + " tokens does not fit the window of " +
                               std::to_string(max_length_));
        std::vector<int32_t> full = std::move(ctx);
        full.insert(full.end(), cont.begin(), cont.end());
        Sequence& s = seqs[i];
        if (full.size() > static_cast<size_t>(max_length_) + 1) {
            full.erase(full.begin(), full.end() - (max_length_ + 1));
            s.truncated = true;
        }
        s.targets.assign(full.end() - static_cast<std::ptrdiff_t>(cont.size()), full.end());
        full.pop_back();
        s.input = std::move(full);
        longest = std::max(longest, s.input.size());
        out[i].continuation_tokens = static_cast<int>(cont.size());
        out[i].truncated = s.truncated;
    }
    // The shared prefix runs once.
    size_t shared = seqs[0].input.size();
    for (size_t i = 1; i < seqs.size(); ++i) {
        const auto& a = seqs[0].input;
        const auto& b = seqs[i].input;
        size_t k = 0;
        while (k < shared && k < b.size() && a[k] == b[k]) ++k;
        shared = k;
    }
    if (!cache_ || cache_->capacity() < static_cast<int>(longest))
        cache_ = std::make_unique<KvCache>(forward_.model().cfg, static_cast<int>(longest));
    cache_->clear();
    MatrixRM prefix_hidden, rest_hidden, rows, logits;
    forward_.hidden(std::span(seqs[0].input.data(), shared), cache_.get(), prefix_hidden);
    tokens_run_ += static_cast<int64_t>(shared);
    const int64_t d = prefix_hidden.cols();
    for (size_t i = 0; i < seqs.size(); ++i) {
        const Sequence& s = seqs[i];
        const size_t n = s.input.size();
        if (n > shared) {
            cache_->truncate(static_cast<int>(shared));
            forward_.hidden(std::span(s.input.data() + shared, n - shared), cache_.get(), rest_hidden);
            tokens_run_ += static_cast<int64_t>(n - shared);
        }
        const size_t first = n - s.targets.size();
        rows.resize(static_cast<int64_t>(s.targets.size()), d);
        for (size_t p = first; p < n; ++p)
            rows.row(static_cast<int64_t>(p - first)) =
                p < shared ? prefix_hidden.row(static_cast<int64_t>(p)) : rest_hidden.row(static_cast<int64_t>(p - shared));
        forward_.logits(rows, logits);
        double ll = 0;
        bool greedy = true;
        for (int64_t r = 0; r < logits.rows(); ++r) {
            const float* row = logits.row(r).data();
            const int32_t target = s.targets[static_cast<size_t>(r)];
            ll -= token_nll(row, logits.cols(), target);
            const int64_t best = std::max_element(row, row + logits.cols()) - row;
            greedy = greedy && best == target;
        }
        out[i].ll = ll;
        out[i].greedy = greedy;
    }
    return out;
}

}  // namespace rs
