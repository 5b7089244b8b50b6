// What the logit comparisons (eval/logit_compare.h, eval/layer_major_compare.h) share: the
// perplexity tally in perplexity()'s summation order and the summary of a per-token distribution.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "eval/logit_compare.h"

namespace rs {

// Sums NLL in exactly perplexity()'s order (per window, then across windows; squares token by
// token), so that the PPLs agree with it to the last bit when the logits do.
class PplTally {
public:
    // nll[i]: the NLL of the token after position i of one window (i = 0 .. ctx-2).
    void add_window(const std::vector<double>& nll, int ctx) {
        double w = 0;
        for (double v : nll) {
            w += v;
            sum2_ += v * v;
        }
        full_sum_ += w;
        full_n_ += static_cast<int64_t>(nll.size());
        double h = 0;
        for (size_t i = static_cast<size_t>(ctx / 2); i < nll.size(); ++i) h += nll[i];
        half_sum_ += h;
        half_n_ += static_cast<int64_t>(nll.size()) - ctx / 2;
    }

    PplPair result() const {
        PplPair p;
        const double n = static_cast<double>(full_n_);
        const double mean = full_sum_ / n;
        p.full = std::exp(mean);
        const double var = sum2_ / n - mean * mean;
        p.full_stderr = (var > 0 && n > 1) ? std::sqrt(var / (n - 1)) * p.full : 0;
        p.llamacpp = std::exp(half_sum_ / static_cast<double>(half_n_));
        return p;
    }

private:
    double full_sum_ = 0, sum2_ = 0, half_sum_ = 0;
    int64_t full_n_ = 0, half_n_ = 0;
};

// Nearest rank: the smallest value with at least num/den of the values at or below it.
inline double nearest_rank(const std::vector<double>& sorted, int64_t num, int64_t den) {
    const int64_t n = static_cast<int64_t>(sorted.size());
    const int64_t rank = std::max<int64_t>(1, (num * n + den - 1) / den);
    return sorted[static_cast<size_t>(std::min(rank, n) - 1)];
}

inline DistributionSummary summarize(std::vector<double> values) {
    DistributionSummary s;
    s.count = static_cast<int64_t>(values.size());
    if (values.empty()) return s;
    double sum = 0;
    for (double v : values) sum += v;  // in token order, before sorting
    s.mean = sum / static_cast<double>(values.size());
    std::sort(values.begin(), values.end());
    s.max = values.back();
    s.p50 = nearest_rank(values, 500, 1000);
    s.p90 = nearest_rank(values, 900, 1000);
    s.p99 = nearest_rank(values, 990, 1000);
    s.p999 = nearest_rank(values, 999, 1000);
    return s;
}

}  // namespace rs
