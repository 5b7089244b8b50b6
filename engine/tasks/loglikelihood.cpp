#include "tasks/loglikelihood.h"

#include <algorithm>

#include "core/error.h"
#include "core/untrusted_text.h"
#include "eval/perplexity.h"
#include "tasks/task_sources.h"

namespace rs {

namespace {

struct Sequence {
    std::vector<int32_t> input;    // what runs through the model
    std::vector<int32_t> targets;  // the continuation's tokens (scored at the input's last rows)
    bool truncated = false;
};

// Rows of the LM head's logits held at once ([kLogitRows, n_vocab] floats).
constexpr size_t kLogitRows = 256;

// Where one question's rows sit in a packed pass: its shared prefix, then each request's rest.
struct QuestionRows {
    size_t question = 0;
    std::vector<size_t> request;      // per sequence: its index among the question's requests
    std::vector<Sequence> seqs;
    size_t shared = 0;
    int prefix_row = 0;               // first row of the prefix
    std::vector<int> rest_row;        // per request: first row of what follows the prefix (-1: none)
    int rows() const {
        int n = static_cast<int>(shared);
        for (const auto& s : seqs) n += static_cast<int>(s.input.size() - shared);
        return n;
    }
};

}  // namespace

LoglikelihoodScorer::LoglikelihoodScorer(Forward& forward, const Tokenizer& tokenizer, int max_length)
    : forward_(forward), tokenizer_(tokenizer), max_length_(max_length) {
    if (max_length < 2) fail_input("", "the task window must hold at least 2 tokens");
}

LoglikelihoodScorer::~LoglikelihoodScorer() = default;

void LoglikelihoodScorer::encode_pair(const std::string& context, const std::string& continuation,
                                      std::vector<int32_t>& context_ids, std::vector<int32_t>& continuation_ids) const {
    // lm-eval's _encode_pair: the context's trailing whitespace starts the continuation.
    const std::string ctx = python_rstrip(context);
    const std::string cont = context.substr(ctx.size()) + continuation;
    context_ids = ctx.empty() ? std::vector<int32_t>{} : tokenizer_.encode(ctx, false);
    if (context_ids.empty()) {
        // Nothing to condition on (lm-eval's empty context): the BOS token stands for it.
        context_ids = {tokenizer_.bos() >= 0 ? tokenizer_.bos() : tokenizer_.eos()};
        continuation_ids = tokenizer_.encode(context.empty() ? continuation : cont, false);
        return;
    }
    const auto whole = tokenizer_.encode(ctx + cont, false);
    const size_t n = std::min(context_ids.size(), whole.size());
    continuation_ids.assign(whole.begin() + static_cast<std::ptrdiff_t>(n), whole.end());
}

std::vector<Loglikelihood> LoglikelihoodScorer::score(const std::vector<LoglikelihoodRequest>& requests) {
    return score_batch({requests}).front();
}

std::vector<std::vector<Loglikelihood>> LoglikelihoodScorer::score_batch(
    const std::vector<std::vector<LoglikelihoodRequest>>& questions, const std::function<std::string(size_t)>& where) {
    std::vector<std::vector<Loglikelihood>> out(questions.size());
    std::vector<QuestionRows> q(questions.size());
    for (size_t k = 0; k < questions.size(); ++k) {
        const auto& requests = questions[k];
        out[k].resize(requests.size());
        auto& seqs = q[k].seqs;
        seqs.resize(requests.size());
        for (size_t i = 0; i < requests.size(); ++i) {
            std::vector<int32_t> ctx, cont;
            encode_pair(requests[i].context, requests[i].continuation, ctx, cont);
            const std::string at = where ? where(k) : std::string();
            if (cont.empty()) fail_input(at, "the continuation " + in_quotes(requests[i].continuation) + " encodes to no token");
            if (cont.size() > static_cast<size_t>(max_length_))
                fail_input(at, "a continuation of " + std::to_string(cont.size()) + " tokens does not fit the window of " +
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
            out[k][i].continuation_tokens = static_cast<int>(cont.size());
            out[k][i].truncated = s.truncated;
        }
        // The longest prefix every request of the question shares runs once.
        size_t shared = seqs.empty() ? 0 : seqs[0].input.size();
        for (size_t i = 1; i < seqs.size(); ++i) {
            const auto& a = seqs[0].input;
            const auto& b = seqs[i].input;
            size_t n = 0;
            while (n < shared && n < b.size() && a[n] == b[n]) ++n;
            shared = n;
        }
        q[k].shared = shared;
        q[k].question = k;
        for (size_t i = 0; i < seqs.size(); ++i) q[k].request.push_back(i);
    }
    // A question too large for one pass (many long choices) runs one request at a time.
    std::vector<QuestionRows> units;
    for (QuestionRows& Q : q) {
        if (Q.rows() <= kPackedRows || Q.seqs.size() < 2) {
            units.push_back(std::move(Q));
            continue;
        }
        for (size_t i = 0; i < Q.seqs.size(); ++i) {
            QuestionRows one;
            one.question = Q.question;
            one.request = {i};
            one.shared = Q.seqs[i].input.size();
            one.seqs = {std::move(Q.seqs[i])};
            units.push_back(std::move(one));
        }
    }
    q = std::move(units);
    MatrixRM hidden, rows, logits;
    for (size_t first = 0; first < q.size();) {
        // Questions first .. last - 1 in one pass.
        size_t last = first;
        int total = 0;
        while (last < q.size() && (last == first || total + q[last].rows() <= kPackedRows)) total += q[last++].rows();
        std::vector<int32_t> tokens;
        PackedLayout layout;
        tokens.reserve(static_cast<size_t>(total));
        auto add_segment = [&](const std::vector<int32_t>& input, size_t from, int parent) {
            const int seg = static_cast<int>(layout.parent.size());
            layout.parent.push_back(parent);
            for (size_t p = from; p < input.size(); ++p) {
                tokens.push_back(input[p]);
                layout.positions.push_back(static_cast<int>(p));
                layout.segment.push_back(seg);
            }
            return seg;
        };
        for (size_t k = first; k < last; ++k) {
            QuestionRows& Q = q[k];
            if (Q.seqs.empty()) continue;
            Q.prefix_row = static_cast<int>(tokens.size());
            const int prefix_seg = Q.shared > 0 ? add_segment(std::vector<int32_t>(Q.seqs[0].input.begin(),
                                                                                   Q.seqs[0].input.begin() + static_cast<std::ptrdiff_t>(Q.shared)),
                                                              0, -1)
                                                : -1;
            Q.rest_row.assign(Q.seqs.size(), -1);
            for (size_t i = 0; i < Q.seqs.size(); ++i) {
                if (Q.seqs[i].input.size() == Q.shared) continue;
                Q.rest_row[i] = static_cast<int>(tokens.size());
                add_segment(Q.seqs[i].input, Q.shared, prefix_seg);
            }
        }
        if (tokens.empty()) {
            first = last;
            continue;
        }
        forward_.hidden_packed(tokens, layout, hidden);
        tokens_run_ += static_cast<int64_t>(tokens.size());
        ++passes_;
        // Every scored row of the pass through the LM head, a slice at a time.
        struct Scored {
            size_t question, request;
            int32_t target;
        };
        std::vector<Scored> scored;
        std::vector<int> source_row;
        for (size_t k = first; k < last; ++k) {
            const QuestionRows& Q = q[k];
            for (size_t i = 0; i < Q.seqs.size(); ++i) {
                const Sequence& s = Q.seqs[i];
                const size_t n = s.input.size(), first_scored = n - s.targets.size();
                for (size_t p = first_scored; p < n; ++p) {
                    source_row.push_back(p < Q.shared ? Q.prefix_row + static_cast<int>(p)
                                                      : Q.rest_row[i] + static_cast<int>(p - Q.shared));
                    scored.push_back({Q.question, Q.request[i], s.targets[p - first_scored]});
                    out[Q.question][Q.request[i]].greedy = true;
                }
            }
        }
        for (size_t r0 = 0; r0 < scored.size(); r0 += kLogitRows) {
            const size_t nr = std::min(kLogitRows, scored.size() - r0);
            rows.resize(static_cast<int64_t>(nr), hidden.cols());
            for (size_t r = 0; r < nr; ++r) rows.row(static_cast<int64_t>(r)) = hidden.row(source_row[r0 + r]);
            forward_.logits(rows, logits);
            for (size_t r = 0; r < nr; ++r) {
                const Scored& x = scored[r0 + r];
                const float* row = logits.row(static_cast<int64_t>(r)).data();
                Loglikelihood& o = out[x.question][x.request];
                o.ll -= token_nll(row, logits.cols(), x.target);
                const int64_t best = std::max_element(row, row + logits.cols()) - row;
                o.greedy = o.greedy && best == x.target;
            }
        }
        first = last;
    }
    return out;
}

}  // namespace rs
