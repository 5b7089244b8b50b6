#include "eval/linear_error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <utility>

#include "core/error.h"
#include "runtime/forward.h"

namespace rs {
namespace {

constexpr Stage kStage = Stage::ProbingLinears;
// Output rows per matmul: keeps the LM head's [rows, vocab] outputs small.
constexpr int kSliceRows = 256;
constexpr double kInf = std::numeric_limits<double>::infinity();

double sum_sq(const float* a, int64_t n) {
    double s = 0;
    for (int64_t i = 0; i < n; ++i) s += static_cast<double>(a[i]) * a[i];
    return s;
}

double sum_sq_diff(const float* a, const float* b, int64_t n) {
    double s = 0;
    for (int64_t i = 0; i < n; ++i) {
        const double d = static_cast<double>(a[i]) - static_cast<double>(b[i]);
        s += d * d;
    }
    return s;
}

// sqrt(err2 / ref2); an error on an all-zero tensor is infinitely large, no error is 0.
double rel_error(double err2, double ref2) {
    if (err2 == 0) return 0;
    return ref2 > 0 ? std::sqrt(err2 / ref2) : kInf;
}

bool same_linear(const Linear& a, const Linear& b) {
    auto same = [](const auto& x, const auto& y) {
        return x.rows() == y.rows() && x.cols() == y.cols() &&
               (x.size() == 0 || std::memcmp(x.data(), y.data(), sizeof(float) * static_cast<size_t>(x.size())) == 0);
    };
    return same(a.w, b.w) && same(a.b, b.b);
}

struct SiteLinear {
    Role role;
    const Linear* reference;
    const Linear* quantized;
};

std::vector<SiteLinear> linears_at(const Model& ref, const Model& q, int layer, LinearInput site) {
    std::vector<SiteLinear> out;
    for (const RoleTraits& r : kRoles)
        if (r.input == site && (layer < 0) == (r.linear == nullptr))
            out.push_back({r.role, &linear_of(ref, layer, r), &linear_of(q, layer, r)});
    return out;
}

void check_same_shapes(const Model& ref, const Model& q) {
    if (q.layers.size() != ref.layers.size())
        fail_input("", "the quantized model has " + std::to_string(q.layers.size()) + " layers, the reference " +
                           std::to_string(ref.layers.size()));
    auto check = [](const Linear& a, const Linear& b, int layer, Role role) {
        if (a.w.rows() == b.w.rows() && a.w.cols() == b.w.cols() && a.b.size() == b.b.size()) return;
        const std::string where = layer < 0 ? std::string("the LM head") : "layer " + std::to_string(layer) + " " + role_name(role);
        fail_input("", where + " is [" + std::to_string(b.w.rows()) + ", " + std::to_string(b.w.cols()) +
                           "] in the quantized model but [" + std::to_string(a.w.rows()) + ", " +
                           std::to_string(a.w.cols()) + "] in the reference (or their biases differ)");
    };
    for (int l = 0; l < static_cast<int>(ref.layers.size()); ++l)
        for (const RoleTraits& r : kLayerRoles) check(linear_of(ref, l, r), linear_of(q, l, r), l, r.role);
    check(ref.lm_head, q.lm_head, -1, Role::LmHead);
}

// Measures each linear as the reference forward pass reaches its input, so that only one
// site's activations are alive at a time.
class Prober : public CaptureHook {
public:
    Prober(const Model& ref, const Model& q, FakeQuantActivations* act, Backend& backend, const Progress& progress,
           int total_steps)
        : ref_(ref), q_(q), act_(act), backend_(backend), progress_(progress), total_(total_steps) {}

    void on_linear_input(int layer, LinearInput site, const MatrixRM& x) override { probe(layer, site, x); }
    void on_residual(int layer, const MatrixRM&) override { progress_(kStage, layer + 1, total_); }

    void probe(int layer, LinearInput site, const MatrixRM& x) {
        MatrixRM xq = x;
        if (act_) act_->linear_input(layer, site, xq);
        const int64_t n = x.size();
        const double input_rel = rel_error(sum_sq_diff(xq.data(), x.data(), n), sum_sq(x.data(), n));
        const ErrorHistogram input_hist = error_histogram(x.data(), xq.data(), n);
        for (const SiteLinear& sl : linears_at(ref_, q_, layer, site)) {
            LinearError e;
            e.layer = layer;
            e.role = sl.role;
            e.site = site;
            e.input_rel_error = input_rel;
            e.input_error = input_hist;
            const MatrixRM& w = sl.reference->w;
            const MatrixRM& wq = sl.quantized->w;
            e.weight_rel_error = rel_error(sum_sq_diff(wq.data(), w.data(), w.size()), sum_sq(w.data(), w.size()));
            e.weight_error = error_histogram(w.data(), wq.data(), w.size());
            double y2 = 0, e2 = 0;
            for (int64_t r0 = 0; r0 < x.rows(); r0 += kSliceRows) {
                const int64_t rows = std::min<int64_t>(kSliceRows, x.rows() - r0);
                backend_.linear(x.middleRows(r0, rows), *sl.reference, y_);
                backend_.linear(xq.middleRows(r0, rows), *sl.quantized, yq_);
                y2 += sum_sq(y_.data(), y_.size());
                e2 += sum_sq_diff(yq_.data(), y_.data(), y_.size());
            }
            e.output_rel_error = rel_error(e2, y2);
            e.output_sqnr_db = e2 == 0 ? kInf : 10.0 * std::log10(y2 / e2);
            results.push_back(std::move(e));
        }
    }

    std::vector<LinearError> results;

private:
    const Model& ref_;
    const Model& q_;
    FakeQuantActivations* act_;
    Backend& backend_;
    const Progress& progress_;
    int total_;
    MatrixRM y_, yq_;
};

}  // namespace

ErrorHistogram error_histogram(const float* x, const float* q, int64_t n) {
    ErrorHistogram h;
    h.counts.assign(ErrorHistogram::kBins, 0);
    if (n <= 0) return h;
    h.rms = std::sqrt(sum_sq(x, n) / static_cast<double>(n));
    constexpr int kMiddle = ErrorHistogram::kBins / 2;  // the bin [0, width)
    constexpr double kPerUnit = ErrorHistogram::kBins / (2 * ErrorHistogram::kRange);
    for (int64_t i = 0; i < n; ++i) {
        const double e = static_cast<double>(q[i]) - static_cast<double>(x[i]);
        if (e == 0) {
            ++h.zeros;
            ++h.counts[kMiddle];
            continue;
        }
        if (h.rms == 0) {
            // No unit to measure in: a nonzero error on an all-zero tensor is off the scale on
            // its side, and its size infinite.
            ++(e > 0 ? h.above : h.below);
            h.max_abs = kInf;
            continue;
        }
        const double u = e / h.rms;
        if (std::isnan(u)) {
            ++h.above;
            h.max_abs = kInf;
            continue;
        }
        h.max_abs = std::max(h.max_abs, std::abs(u));
        if (u < -ErrorHistogram::kRange) {
            ++h.below;
        } else if (u >= ErrorHistogram::kRange) {
            ++h.above;
        } else {
            const int bin = static_cast<int>(std::floor((u + ErrorHistogram::kRange) * kPerUnit));
            ++h.counts[std::clamp(bin, 0, ErrorHistogram::kBins - 1)];
        }
    }
    return h;
}

std::vector<LinearError> probe_linear_errors(const Model& reference, const Model& quantized,
                                             FakeQuantActivations* activations, std::span<const int32_t> tokens,
                                             Backend& backend, const Progress& progress) {
    if (tokens.empty()) fail_input("", "no tokens to probe the linears with");
    for (size_t i = 0; i < tokens.size(); ++i)
        if (tokens[i] < 0 || tokens[i] >= reference.cfg.n_vocab)
            fail_input("", "token " + std::to_string(i) + " (id " + std::to_string(tokens[i]) +
                               ") is outside the vocabulary of " + std::to_string(reference.cfg.n_vocab));
    check_same_shapes(reference, quantized);

    const bool head = !same_linear(reference.lm_head, quantized.lm_head) ||
                      (activations && activations->config().quantize_lm_head_input);
    const int n_layers = static_cast<int>(reference.layers.size());
    const int total = n_layers + (head ? 1 : 0);  // the LM head is one more step when probed

    Prober prober(reference, quantized, activations, backend, progress, total);
    Forward fwd(reference, backend);
    fwd.set_hook(&prober);
    progress(kStage, 0, total);
    MatrixRM hidden;
    fwd.hidden(tokens, nullptr, hidden);
    if (head) {
        prober.probe(-1, LinearInput::LmHead, hidden);
        progress(kStage, total, total);
    }
    return std::move(prober.results);
}

}  // namespace rs
