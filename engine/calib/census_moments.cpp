// Mergeable moments and the log-magnitude histogram of the census.
#include <bit>
#include <cmath>
#include <cstring>

#include "calib/census.h"

namespace rs {

void Moments::add(double x) {
    Moments one;
    one.n = 1;
    one.mean = x;
    merge(one);
}

// Pébay (2008), eq. 3.1 and the M3/M4 updates, with Chan et al.'s M2 term: the terms in
// delta = mean_b - mean_a are what keeps a huge mean from swamping the central sums.
void Moments::merge(const Moments& o) {
    if (o.n == 0) return;
    if (n == 0) {
        *this = o;
        return;
    }
    const double na = n, nb = o.n, nt = na + nb;
    const double delta = o.mean - mean, d_n = delta / nt;
    const double d2 = delta * d_n * na * nb;  // delta^2 * na * nb / n
    const double new_m2 = m2 + o.m2 + d2;
    const double new_m3 = m3 + o.m3 + d2 * d_n * (na - nb) + 3.0 * d_n * (na * o.m2 - nb * m2);
    const double new_m4 = m4 + o.m4 + d2 * d_n * d_n * (na * na - na * nb + nb * nb) +
                          6.0 * d_n * d_n * (na * na * o.m2 + nb * nb * m2) + 4.0 * d_n * (na * o.m3 - nb * m3);
    n = nt;
    mean += nb * d_n;
    m2 = new_m2;
    m3 = new_m3;
    m4 = new_m4;
}

double Moments::rms() const {
    if (n <= 0) return 0.0;
    return std::sqrt(m2 / n + mean * mean);
}

double Moments::kurtosis() const {
    if (m2 == 0) return 0.0;
    return n * m4 / (m2 * m2);
}

double LogHistogram::bin_lower_edge(int i) {
    const int e = kMinExp + i / kSubBins, j = i % kSubBins;
    return std::ldexp(1.0 + static_cast<double>(j) / kSubBins, e);
}

int LogHistogram::bin_of(float magnitude) {
    static_assert((kSubBins & (kSubBins - 1)) == 0 && kSubBins <= (1 << 23), "sub-bins must be a power of two");
    constexpr int kSubBits = std::countr_zero(static_cast<unsigned>(kSubBins));
    uint32_t bits;
    std::memcpy(&bits, &magnitude, sizeof bits);
    bits &= 0x7fffffffu;
    // For non-negative floats the bit pattern grows with the value, and (bits - bits(2^kMinExp))
    // >> (23 - kSubBits) is (octave - kMinExp) * kSubBins + the top mantissa bits: the bin.
    constexpr uint32_t lo = static_cast<uint32_t>(127 + kMinExp) << 23;
    constexpr uint32_t hi = static_cast<uint32_t>(127 + kMaxExp) << 23;
    if (bits < lo) return -1;
    if (bits >= hi) return kBins;
    return static_cast<int>((bits - lo) >> (23 - kSubBits));
}

void LogHistogram::add(float x) {
    if (!std::isfinite(x)) {
        ++nonfinite;
    } else if (x == 0) {
        ++zeros;
    } else {
        const int b = bin_of(x);
        if (b < 0) ++underflow;
        else if (b >= kBins) ++overflow;
        else if (std::signbit(x)) ++neg[static_cast<size_t>(b)];
        else ++pos[static_cast<size_t>(b)];
    }
}

void LogHistogram::merge(const LogHistogram& o) {
    for (int i = 0; i < kBins; ++i) {
        pos[static_cast<size_t>(i)] += o.pos[static_cast<size_t>(i)];
        neg[static_cast<size_t>(i)] += o.neg[static_cast<size_t>(i)];
    }
    zeros += o.zeros;
    underflow += o.underflow;
    overflow += o.overflow;
    nonfinite += o.nonfinite;
}

uint64_t LogHistogram::total() const {
    uint64_t t = zeros + underflow + overflow + nonfinite;
    for (int i = 0; i < kBins; ++i) t += pos[static_cast<size_t>(i)] + neg[static_cast<size_t>(i)];
    return t;
}

}  // namespace rs
