// Internal to the census: the statistics of one site, gathered one window at a time.
//
// A window's [T, C] matrix is read twice, by one thread (the census runs different sites on
// different threads instead: on a busy two-core machine, three OpenMP barriers per site and
// window cost more than the statistics themselves):
//   1. by rows:     per-token absmax, per-channel sum and absmax, top-k, and counts of the
//                   float bits' top 14 bits (sign, exponent, 5 mantissa bits), which give the
//                   histogram and locate the median among the magnitudes;
//   2. by channels: per-channel central moments around the window means; the magnitudes in
//                   the median's bucket, whose selection gives the exact median; and the values
//                   that could be massive under any median in that bucket, checked afterwards.
#pragma once
#include <cstdint>
#include <vector>

#include "calib/census.h"

namespace rs::census_detail {

// The order of the top-k and massive lists: larger |value| first, then earlier
// (window, position, channel), so that ties never depend on the order values were seen.
bool ranks_before(const ActivationEntry& a, const ActivationEntry& b);

// The best `cap` entries offered so far (a heap whose front is the worst kept).
class BoundedBest {
public:
    void reset(size_t cap) {
        cap_ = cap;
        items_.clear();
    }
    // |value| an entry must reach to be worth offering (ties are decided by offer()).
    float floor() const;
    void offer(const ActivationEntry& e);
    const std::vector<ActivationEntry>& items() const { return items_; }

private:
    size_t cap_ = 0;
    std::vector<ActivationEntry> items_;
};

// Working memory of one thread, reused across sites and windows.
struct StatsScratch {
    std::vector<uint32_t> key_counts;
    std::vector<double> sum, m2, m3, m4;  // [channels] of the current window
    std::vector<uint32_t> absmax_bits;    // [channels], |x| as bits
    std::vector<uint32_t> median_pool;    // magnitudes (as bits) in the median's bucket
    std::vector<uint32_t> maybe_massive;  // flat indices t * C + c
    BoundedBest top, massive;
};

class SiteAccumulator {
public:
    // `out` and `config` must outlive the accumulator; out's layer/site/channels are set.
    SiteAccumulator(SiteCensus& out, const CensusConfig& config, int n_windows, int ctx);

    // x: [ctx, channels], the activations of window `window`, whose token ids are `tokens`.
    // Windows must come in increasing order. Not thread-safe for one site; distinct sites may
    // be fed from distinct threads, each with its own scratch.
    void add_window(const MatrixRM& x, int window, const std::vector<int32_t>& tokens, StatsScratch& scratch);
    // Per-channel results and the median of the window medians, once every window is in.
    void finish();

    const SiteCensus& site() const { return out_; }

private:
    SiteCensus& out_;
    const CensusConfig& config_;
    int ctx_;
    std::vector<Moments> channel_;
};

// Median of a list by the census rule: the middle value, or the mean of the two middle values
// for an even count (0 for an empty list).
double median_of(std::vector<double> values);

}  // namespace rs::census_detail
