#include "calib/census_site_stats.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "core/error.h"

namespace rs::census_detail {
namespace {

constexpr int kColBlock = 32;  // channels per block of the second pass

// Keys are the float's top bits: sign, 8 exponent bits, kKeyMantissa mantissa bits. Without the
// sign they order magnitudes, and each key lies inside one histogram bin.
constexpr int kKeyMantissa = 5;
constexpr int kKeyShift = 23 - kKeyMantissa;
constexpr uint32_t kAbsKeys = 1u << (8 + kKeyMantissa);
constexpr uint32_t kKeys = 2 * kAbsKeys;
static_assert(LogHistogram::kSubBins <= (1 << kKeyMantissa), "histogram bins finer than the keys");
constexpr int kSubBits = std::countr_zero(static_cast<unsigned>(LogHistogram::kSubBins));

constexpr uint32_t kInfBits = 0x7f800000u;

inline uint32_t abs_bits(float x) { return std::bit_cast<uint32_t>(x) & 0x7fffffffu; }

ActivationEntry make_entry(float value, int window, int position, int32_t token, int channel) {
    ActivationEntry e;
    e.value = value;
    e.window = window;
    e.position = position;
    e.token = token;
    e.channel = channel;
    return e;
}

void merge_ranked(std::vector<ActivationEntry>& list, const std::vector<ActivationEntry>& more, size_t cap) {
    list.insert(list.end(), more.begin(), more.end());
    if (list.size() > cap) {
        std::partial_sort(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(cap), list.end(), ranks_before);
        list.resize(cap);
    } else {
        std::sort(list.begin(), list.end(), ranks_before);
    }
}

// Adds the key counts of one window to the histogram. Key k (without sign) covers magnitudes
// with biased exponent k >> kKeyMantissa; exact zeros share key 0 with the smallest
// denormals, so they are counted apart and taken out of the underflow.
void add_keys_to_histogram(const std::vector<uint32_t>& totals, uint64_t zeros, LogHistogram& h) {
    for (uint32_t key = 0; key < kKeys; ++key) {
        const uint64_t n = totals[key];
        if (n == 0) continue;
        const bool negative = key >= kAbsKeys;
        const uint32_t k = key & (kAbsKeys - 1);
        const int biased = static_cast<int>(k >> kKeyMantissa);
        if (biased == 255) {
            h.nonfinite += n;
            continue;
        }
        const int e = biased - 127;
        if (e < LogHistogram::kMinExp) {
            h.underflow += n;
        } else if (e >= LogHistogram::kMaxExp) {
            h.overflow += n;
        } else {
            const int sub = static_cast<int>((k >> (kKeyMantissa - kSubBits)) & (LogHistogram::kSubBins - 1));
            const size_t bin = static_cast<size_t>((e - LogHistogram::kMinExp) * LogHistogram::kSubBins + sub);
            (negative ? h.neg : h.pos)[bin] += n;
        }
    }
    h.underflow -= zeros;
    h.zeros += zeros;
}

}  // namespace

bool ranks_before(const ActivationEntry& a, const ActivationEntry& b) {
    const float aa = std::fabs(a.value), ab = std::fabs(b.value);
    if (aa != ab) return aa > ab;
    if (a.window != b.window) return a.window < b.window;
    if (a.position != b.position) return a.position < b.position;
    return a.channel < b.channel;
}

float BoundedBest::floor() const {
    if (cap_ == 0) return std::numeric_limits<float>::infinity();
    return items_.size() < cap_ ? -1.0f : std::fabs(items_.front().value);
}

void BoundedBest::offer(const ActivationEntry& e) {
    if (cap_ == 0) return;
    if (items_.size() < cap_) {
        items_.push_back(e);
        std::push_heap(items_.begin(), items_.end(), ranks_before);
    } else if (ranks_before(e, items_.front())) {
        std::pop_heap(items_.begin(), items_.end(), ranks_before);
        items_.back() = e;
        std::push_heap(items_.begin(), items_.end(), ranks_before);
    }
}

double median_of(std::vector<double> v) {
    if (v.empty()) return 0.0;
    const size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    if (v.size() % 2 == 1) return v[mid];
    // The lower middle value is the largest of the lower half.
    const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
    return (lower + v[mid]) / 2.0;
}

SiteAccumulator::SiteAccumulator(SiteCensus& out, const CensusConfig& config, int n_windows, int ctx)
    : out_(out), config_(config), ctx_(ctx), channel_(static_cast<size_t>(out.channels)) {
    const size_t C = static_cast<size_t>(out.channels);
    out_.channel_absmax.assign(C, 0.0f);
    out_.token_absmax.assign(static_cast<size_t>(n_windows) * static_cast<size_t>(ctx), 0.0f);
    out_.window_median.assign(static_cast<size_t>(n_windows), 0.0f);
    out_.window_top.assign(static_cast<size_t>(n_windows) * SiteCensus::kWindowTop, 0.0f);
    out_.captured.resize(0, out.channels);
}

void SiteAccumulator::add_window(const MatrixRM& x, int window, const std::vector<int32_t>& tokens, StatsScratch& s) {
    const int T = static_cast<int>(x.rows()), C = static_cast<int>(x.cols());
    if (C != out_.channels || T != ctx_ || static_cast<int>(tokens.size()) != T)
        fail_runtime("census: site " + std::string(census_site_name(out_.site)) + " of layer " + std::to_string(out_.layer) +
                     " got a [" + std::to_string(T) + ", " + std::to_string(C) + "] matrix, expected [" +
                     std::to_string(ctx_) + ", " + std::to_string(out_.channels) + "]");
    const uint64_t n = static_cast<uint64_t>(T) * static_cast<uint64_t>(C);
    if (n > std::numeric_limits<uint32_t>::max()) fail_runtime("census: a window's activation matrix is too large");
    const float* X = x.data();
    const size_t Cs = static_cast<size_t>(C);

    // Pass 1: rows. Maxima are taken on the magnitudes' bit patterns (which order like the
    // magnitudes), with NaN mapped to 0 so that it never wins; as integers the loop vectorizes.
    s.key_counts.assign(kKeys, 0);
    s.sum.assign(Cs, 0.0);
    s.absmax_bits.assign(Cs, 0u);
    // At least kWindowTop, so that the window's own top values are known (window_top).
    s.top.reset(static_cast<size_t>(std::max(config_.top_k, SiteCensus::kWindowTop)));
    uint32_t* __restrict counts = s.key_counts.data();
    double* __restrict sum = s.sum.data();
    uint32_t* __restrict absmax = s.absmax_bits.data();
    float* token_absmax = out_.token_absmax.data() + static_cast<size_t>(window) * static_cast<size_t>(ctx_);
    float top_floor = s.top.floor();
    for (int t = 0; t < T; ++t) {
        const float* __restrict row = X + static_cast<size_t>(t) * Cs;
        uint32_t tmax = 0;
        for (int c = 0; c < C; ++c) {
            uint32_t a = std::bit_cast<uint32_t>(row[c]) & 0x7fffffffu;
            a &= 0u - static_cast<uint32_t>(a <= kInfBits);  // a mask, not a branch: GCC 12 vectorizes it
            absmax[c] = std::max(absmax[c], a);
            tmax = std::max(tmax, a);
            sum[c] += row[c];
        }
        token_absmax[t] = std::bit_cast<float>(tmax);
        for (int c = 0; c < C; ++c) ++counts[std::bit_cast<uint32_t>(row[c]) >> kKeyShift];
        // Once the list is full, most rows hold nothing that could enter it.
        if (std::bit_cast<float>(tmax) >= top_floor) {
            for (int c = 0; c < C; ++c)
                if (std::fabs(row[c]) >= top_floor) {
                    s.top.offer(make_entry(row[c], window, t, tokens[static_cast<size_t>(t)], c));
                    top_floor = s.top.floor();
                }
        }
    }
    // Exact zeros share key 0 with the smallest denormals; count them only when that key is used.
    uint64_t zeros = 0;
    if (counts[0] + counts[kAbsKeys] > 0)
        for (uint64_t i = 0; i < n; ++i) zeros += X[i] == 0.0f;
    add_keys_to_histogram(s.key_counts, zeros, out_.histogram);

    // The median's rank(s) among the magnitudes, and the key(s) holding them.
    const uint64_t rank_lo = (n - 1) / 2, rank_hi = n / 2;
    uint64_t below = 0, below_lo = 0;
    uint32_t key_lo = 0, key_hi = 0;
    bool found_lo = false;
    for (uint32_t k = 0; k < kAbsKeys; ++k) {
        const uint64_t cnt = uint64_t{counts[k]} + counts[k + kAbsKeys];
        if (!found_lo && rank_lo < below + cnt) {
            key_lo = k;
            below_lo = below;
            found_lo = true;
        }
        if (rank_hi < below + cnt) {
            key_hi = k;
            break;
        }
        below += cnt;
    }
    // The median is at least the smallest magnitude of key_lo, so nothing below this bound can
    // be massive; the float below or at the bound keeps the test exact.
    const double median_floor = std::bit_cast<float>(key_lo << kKeyShift);
    const double massive_bound = std::max(config_.massive_abs, config_.massive_ratio * median_floor);
    float massive_floor = static_cast<float>(massive_bound);
    if (static_cast<double>(massive_floor) > massive_bound)
        massive_floor = std::nextafter(massive_floor, -std::numeric_limits<float>::infinity());

    // Magnitude bit patterns order like the magnitudes, so both tests below are on integers.
    const uint32_t key_span = key_hi - key_lo;
    const uint32_t massive_bits = std::bit_cast<uint32_t>(massive_floor);

    // Pass 2: channel blocks (the accumulators stay in registers).
    s.m2.resize(Cs);
    s.m3.resize(Cs);
    s.m4.resize(Cs);
    s.median_pool.clear();
    s.maybe_massive.clear();
    for (int c0 = 0; c0 < C; c0 += kColBlock) {
        const int w = std::min(C - c0, kColBlock);
        double mean[kColBlock], m2[kColBlock] = {}, m3[kColBlock] = {}, m4[kColBlock] = {};
        for (int i = 0; i < w; ++i) mean[i] = sum[c0 + i] / T;
        for (int t = 0; t < T; ++t) {
            const float* row = X + static_cast<size_t>(t) * Cs + c0;
            for (int i = 0; i < w; ++i) {
                const double d = row[i] - mean[i], d2 = d * d;
                m2[i] += d2;
                m3[i] += d2 * d;
                m4[i] += d2 * d2;
            }
            // A vectorized look first: most row segments hold nothing to collect.
            uint32_t hit = 0;
            for (int i = 0; i < w; ++i) {
                const uint32_t a = abs_bits(row[i]);
                hit |= static_cast<uint32_t>((a >> kKeyShift) - key_lo <= key_span) | static_cast<uint32_t>(a >= massive_bits);
            }
            if (!hit) continue;
            for (int i = 0; i < w; ++i) {
                const uint32_t a = abs_bits(row[i]);
                if ((a >> kKeyShift) - key_lo <= key_span) s.median_pool.push_back(a);
                // NaN passes this bit test and fails the exact one later.
                if (a >= massive_bits)
                    s.maybe_massive.push_back(static_cast<uint32_t>(static_cast<size_t>(t) * Cs + static_cast<size_t>(c0 + i)));
            }
        }
        for (int i = 0; i < w; ++i) {
            s.m2[static_cast<size_t>(c0 + i)] = m2[i];
            s.m3[static_cast<size_t>(c0 + i)] = m3[i];
            s.m4[static_cast<size_t>(c0 + i)] = m4[i];
        }
    }

    // The median from the few magnitudes in its key(s).
    const size_t at = static_cast<size_t>(rank_lo - below_lo);
    if (at >= s.median_pool.size()) fail_runtime("census: median bookkeeping is inconsistent");
    std::nth_element(s.median_pool.begin(), s.median_pool.begin() + static_cast<std::ptrdiff_t>(at), s.median_pool.end());
    const double lo = std::bit_cast<float>(s.median_pool[at]);
    double median = lo;
    if (rank_hi != rank_lo) {
        const double hi = std::bit_cast<float>(
            *std::min_element(s.median_pool.begin() + static_cast<std::ptrdiff_t>(at) + 1, s.median_pool.end()));
        median = (lo + hi) / 2.0;
    }

    // Massive values: both thresholds, against this window's median.
    s.massive.reset(static_cast<size_t>(config_.max_massive_per_site));
    uint64_t massive_count = 0;
    for (uint32_t i : s.maybe_massive) {
        const float v = X[i];
        const double a = std::fabs(v);
        if (a > config_.massive_abs && a >= config_.massive_ratio * median) {
            ++massive_count;
            const int t = static_cast<int>(i / Cs), c = static_cast<int>(i % Cs);
            ActivationEntry e = make_entry(v, window, t, tokens[static_cast<size_t>(t)], c);
            e.median = static_cast<float>(median);
            s.massive.offer(e);
        }
    }

    // Merge the window into the site, in channel order.
    Moments whole;
    for (size_t c = 0; c < Cs; ++c) {
        Moments m;
        m.n = T;
        m.mean = sum[c] / T;
        m.m2 = s.m2[c];
        m.m3 = s.m3[c];
        m.m4 = s.m4[c];
        channel_[c].merge(m);
        whole.merge(m);
        out_.channel_absmax[c] = std::max(out_.channel_absmax[c], std::bit_cast<float>(absmax[c]));
    }
    out_.moments.merge(whole);
    out_.count += n;
    out_.window_median[static_cast<size_t>(window)] = static_cast<float>(median);
    std::vector<ActivationEntry> window_best = s.top.items();
    std::sort(window_best.begin(), window_best.end(), ranks_before);
    for (size_t i = 0; i < std::min<size_t>(window_best.size(), SiteCensus::kWindowTop); ++i)
        out_.window_top[static_cast<size_t>(window) * SiteCensus::kWindowTop + i] = std::fabs(window_best[i].value);
    merge_ranked(out_.top, s.top.items(), static_cast<size_t>(config_.top_k));
    out_.massive_count += massive_count;
    merge_ranked(out_.massive, s.massive.items(), static_cast<size_t>(config_.max_massive_per_site));

    if (window == config_.capture_window) out_.captured = x.topRows(std::min(config_.capture_tokens, T));
}

void SiteAccumulator::finish() {
    const size_t C = channel_.size();
    out_.channel_mean.resize(C);
    out_.channel_rms.resize(C);
    out_.channel_kurtosis.resize(C);
    out_.absmax = 0.0f;
    for (size_t c = 0; c < C; ++c) {
        out_.channel_mean[c] = channel_[c].mean;
        out_.channel_rms[c] = channel_[c].rms();
        out_.channel_kurtosis[c] = channel_[c].kurtosis();
        out_.absmax = std::max(out_.absmax, out_.channel_absmax[c]);
    }
    out_.median = median_of(std::vector<double>(out_.window_median.begin(), out_.window_median.end()));
}

}  // namespace rs::census_detail
