#include "eval/layer_major_compare.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <span>

#include "core/error.h"
#include "eval/score_summary.h"
#include "runtime/layer_major.h"

namespace rs {
namespace {

// One distribution's running log-sum-exp over the vocabulary slices seen so far, its argmax (the
// first index of the maximum, as argmax() over a whole row) and the target token's logit.
struct RunningSoftmax {
    double max = -std::numeric_limits<double>::infinity();
    double sum = 0;  // Σ exp(x - max)
    float best = -std::numeric_limits<float>::infinity();
    int64_t arg = 0;
    double target = 0;
    double lse() const { return max + std::log(sum); }

    // Moves the reference point to a new maximum; returns the factor the sums were scaled by.
    double raise_to(double m) {
        if (m <= max) return 1.0;
        const double scale = std::isinf(max) ? 0.0 : std::exp(max - m);
        sum *= scale;
        max = m;
        return scale;
    }
    void see(const float* x, int64_t n, int64_t v0, int64_t target_index) {
        for (int64_t j = 0; j < n; ++j)
            if (x[j] > best) {
                best = x[j];
                arg = v0 + j;
            }
        if (target_index >= v0 && target_index < v0 + n) target = x[target_index - v0];
    }
};

// The per-row state of a comparison: both distributions and Σ_v exp(p_v - max_p)·(p_v - q_v),
// from which KL(P || Q) = S / Z_p - (lse(p) - lse(q)) (zero when p == q, as kl_divergence).
struct RowScore {
    RunningSoftmax p, q;
    double s = 0;
};

// Slice [v0, v0 + n) of rows' logits: P and Q are [rows, n] (Q null: the reference alone).
void score_slice(const MatrixRM& P, const MatrixRM* Q, int64_t v0, const std::vector<int32_t>& targets,
                 std::vector<RowScore>& rows) {
    const int64_t n = P.cols();
    const auto count = static_cast<int64_t>(rows.size());
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < count; ++i) {
        RowScore& r = rows[static_cast<size_t>(i)];
        const float* p = P.row(i).data();
        r.p.see(p, n, v0, targets[static_cast<size_t>(i)]);
        r.s *= r.p.raise_to(r.p.best);
        if (!Q) {
            for (int64_t j = 0; j < n; ++j) r.p.sum += std::exp(static_cast<double>(p[j]) - r.p.max);
            continue;
        }
        const float* q = Q->row(i).data();
        r.q.see(q, n, v0, targets[static_cast<size_t>(i)]);
        r.q.raise_to(r.q.best);
        for (int64_t j = 0; j < n; ++j) {
            const double e = std::exp(static_cast<double>(p[j]) - r.p.max);
            r.p.sum += e;
            r.q.sum += std::exp(static_cast<double>(q[j]) - r.q.max);
            r.s += e * (static_cast<double>(p[j]) - static_cast<double>(q[j]));
        }
    }
}

// The final hidden states of the scored positions (every position but the last of each window).
MatrixRM run_windows(LayerSource& source, Backend& backend, ActivationTransform* transform, const std::vector<int32_t>& tokens,
                     int ctx, int n_windows, const Progress& progress, Stage stage) {
    std::vector<std::span<const int32_t>> windows;
    for (int w = 0; w < n_windows; ++w) windows.emplace_back(tokens.data() + int64_t{w} * ctx, static_cast<size_t>(ctx));
    LayerMajorForward forward(source, backend);
    forward.set_activation_transform(transform);
    std::vector<MatrixRM> hidden;
    forward.run(windows, hidden, progress, stage);
    const int rows = ctx - 1;
    MatrixRM scored(int64_t{n_windows} * rows, source.cfg().d_model);
    for (int w = 0; w < n_windows; ++w) {
        scored.middleRows(int64_t{w} * rows, rows) = hidden[static_cast<size_t>(w)].topRows(rows);
        hidden[static_cast<size_t>(w)] = MatrixRM();
    }
    return scored;
}

// The token after each scored position.
std::vector<int32_t> targets_of(const std::vector<int32_t>& tokens, int ctx, int n_windows) {
    std::vector<int32_t> t;
    t.reserve(static_cast<size_t>(n_windows) * (ctx - 1));
    for (int w = 0; w < n_windows; ++w)
        for (int i = 1; i < ctx; ++i) t.push_back(tokens[static_cast<size_t>(int64_t{w} * ctx + i)]);
    return t;
}

// Logits of `x` against rows [v0, v0 + n) of `source`'s head.
void slice_logits(LayerSource& source, Backend& backend, const MatrixRM& x, int64_t v0, int64_t n, Linear& head, MatrixRM& out) {
    source.head_rows(v0, n, head.w);
    head.touch();  // the same Linear, new rows: a device cache must not keep the last slice
    backend.linear(x, head, out);
}

// Both scored sets through the head slice by slice (`candidate` null: the reference alone).
std::vector<RowScore> score_vocabulary(LayerSource& reference, const MatrixRM& ref_hidden, LayerSource* candidate,
                                       const MatrixRM* cand_hidden, Backend& backend, const std::vector<int32_t>& targets,
                                       const Progress& progress, Stage stage) {
    const int64_t n_vocab = reference.cfg().n_vocab;
    if (candidate && candidate->cfg().n_vocab != n_vocab)
        fail_input("", "the reference model has a vocabulary of " + std::to_string(n_vocab) + " tokens, the candidate " +
                           std::to_string(candidate->cfg().n_vocab));
    std::vector<RowScore> rows(static_cast<size_t>(ref_hidden.rows()));
    const int64_t slices = (n_vocab + kVocabSliceRows - 1) / kVocabSliceRows;
    Linear ref_head, cand_head;
    MatrixRM P, Q;
    progress(stage, 0, slices);
    for (int64_t s = 0; s < slices; ++s) {
        const int64_t v0 = s * kVocabSliceRows, n = std::min(kVocabSliceRows, n_vocab - v0);
        slice_logits(reference, backend, ref_hidden, v0, n, ref_head, P);
        if (candidate) slice_logits(*candidate, backend, *cand_hidden, v0, n, cand_head, Q);
        score_slice(P, candidate ? &Q : nullptr, v0, targets, rows);
        progress(stage, s + 1, slices);
    }
    reference.release_head();
    if (candidate) candidate->release_head();
    return rows;
}

double nll(const RunningSoftmax& r) { return r.lse() - r.target; }

}  // namespace

ReferenceStates compute_reference_states(LayerSource& reference, Backend& backend, const std::vector<int32_t>& tokens,
                                         const CompareOptions& options, const Progress& progress) {
    const int n_windows = count_compare_windows(tokens.size(), options);
    const int ctx = options.ctx, rows = ctx - 1;
    ReferenceStates ref;
    ref.options = options;
    ref.windows = n_windows;
    ref.tokens.assign(tokens.begin(), tokens.begin() + int64_t{n_windows} * ctx);
    ref.hidden = run_windows(reference, backend, nullptr, ref.tokens, ctx, n_windows, progress, Stage::Reference);
    const std::vector<int32_t> targets = targets_of(ref.tokens, ctx, n_windows);
    const std::vector<RowScore> scores =
        score_vocabulary(reference, ref.hidden, nullptr, nullptr, backend, targets, progress, Stage::Reference);
    PplTally tally;
    for (int w = 0; w < n_windows; ++w) {
        std::vector<double> window_nll(static_cast<size_t>(rows));
        for (int i = 0; i < rows; ++i) window_nll[static_cast<size_t>(i)] = nll(scores[static_cast<size_t>(int64_t{w} * rows + i)].p);
        tally.add_window(window_nll, ctx);
    }
    ref.ppl = tally.result();
    return ref;
}

LogitComparison compare_layer_major(const ReferenceStates& ref, LayerSource& reference, LayerSource& candidate,
                                    Backend& backend, ActivationTransform* transform, const Progress& progress) {
    const auto start = std::chrono::steady_clock::now();
    const int ctx = ref.options.ctx, rows = ctx - 1, n_windows = ref.windows;
    if (n_windows <= 0 || ref.hidden.rows() != int64_t{n_windows} * rows)
        fail_input("", "the reference hidden states are incomplete");
    MatrixRM cand = run_windows(candidate, backend, transform, ref.tokens, ctx, n_windows, progress, Stage::Evaluating);
    // What the candidate's LM head reads (activation quantization is per token: slicing is free).
    if (transform) transform->linear_input(-1, LinearInput::LmHead, cand);
    const std::vector<int32_t> targets = targets_of(ref.tokens, ctx, n_windows);
    const std::vector<RowScore> scores =
        score_vocabulary(reference, ref.hidden, &candidate, &cand, backend, targets, progress, Stage::Evaluating);

    PplTally tally;
    std::vector<double> kl;
    kl.reserve(scores.size());
    int64_t agree = 0;
    for (int w = 0; w < n_windows; ++w) {
        std::vector<double> window_nll(static_cast<size_t>(rows));
        for (int i = 0; i < rows; ++i) {
            const RowScore& r = scores[static_cast<size_t>(int64_t{w} * rows + i)];
            window_nll[static_cast<size_t>(i)] = nll(r.q);
            const double shift = r.p.lse() - r.q.lse();
            kl.push_back(std::max(r.s / r.p.sum - shift, 0.0));
            agree += r.p.arg == r.q.arg;
        }
        tally.add_window(window_nll, ctx);
    }
    LogitComparison out;
    out.reference = ref.ppl;
    out.candidate = tally.result();
    out.scored_tokens = static_cast<int64_t>(kl.size());
    out.windows = n_windows;
    out.top1_agreement = static_cast<double>(agree) / static_cast<double>(out.scored_tokens);
    out.kl = summarize(std::move(kl));
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

}  // namespace rs
