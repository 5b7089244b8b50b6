// A table-driven encoder for the minifloat element types, exactly equal to minifloat_encode with
// saturation for every finite input, but with no libm calls: the fake quantizers run it for
// every activation of every linear (hundreds of millions of elements per evaluation), where the
// reference encoder's ilogb/ldexp/nearbyint dominated the whole evaluation.
//
// Positive codes 0..max_code are ordered by magnitude in these sign-magnitude formats, so a
// magnitude's code is the number of midpoints between neighbouring values that it passes. A
// value exactly on a midpoint goes to the even code, which is the even mantissa (round half to
// even), because the exponent field sits above at least one mantissa bit.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>

#include "quant/minifloat.h"

namespace rs::quant {

class MinifloatTable {
public:
    explicit MinifloatTable(Minifloat f);

    // minifloat_encode(f, x, true) for finite x (NaN/Inf are the caller's business).
    uint8_t encode(double x) const {
        const double a = x < 0 ? -x : x;
        const uint8_t sign = (x < 0 || (x == 0 && std::signbit(x))) ? sign_bit_ : 0;
        if (n_mid_ <= kLinearMax) {
            // FP4/FP6: count the midpoints passed, without branches (the binary search's
            // branches are unpredictable on real data and cost more than the comparisons).
            int c = 0;
            for (int k = 0; k < n_mid_; ++k) c += (a > mid_[k]) | ((a == mid_[k]) & (k & 1));
            return static_cast<uint8_t>(sign | c);
        }
        // FP8: binary search for the first midpoint that a does not pass.
        int lo = 0, hi = n_mid_;  // answer in [lo, hi]
        while (lo < hi) {
            const int k = (lo + hi) >> 1;
            const double t = mid_[k];
            const bool passes = a > t || (a == t && (k & 1));  // k odd: k+1 is the even code
            if (passes) lo = k + 1;
            else hi = k;
        }
        return static_cast<uint8_t>(sign | lo);
    }
    float decode(uint8_t code) const { return value_[code]; }

    // The same for a float argument, in float arithmetic (the FP4/FP6 midpoints are exact in
    // float); what the block formats' inner loops call.
    uint8_t encode(float x) const {
        if (n_mid_ == 7) return encode_small<7>(x);
        if (n_mid_ == 31) return encode_small<31>(x);
        return encode(static_cast<double>(x));
    }

private:
    template <int N>
    uint8_t encode_small(float x) const {
        const float a = std::fabs(x);
        int c = 0;
        for (int k = 0; k < N; ++k) c += (a > mid_f_[k]) | ((a == mid_f_[k]) & (k & 1));
        return static_cast<uint8_t>((std::signbit(x) ? sign_bit_ : 0) | c);
    }

    static constexpr int kLinearMax = 31;
    uint8_t sign_bit_ = 0;
    int n_mid_ = 0;                    // max_code midpoints
    std::array<double, 128> mid_{};    // mid_[k] = (|v_k| + |v_{k+1}|) / 2, exact in double
    std::array<float, 32> mid_f_{};    // the same for FP4/FP6, exact in float
    std::array<float, 256> value_{};   // decode of every code
};

// One shared table per format.
const MinifloatTable& minifloat_table(Minifloat f);

}  // namespace rs::quant
