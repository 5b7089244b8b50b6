#include "quant/minifloat.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace rs::quant {
namespace {

// max_code: E4M3 "fn" gives the all-ones exponent to normals except mantissa 111 (NaN); E5M2
// reserves the all-ones exponent for Inf/NaN like IEEE; the FP4/FP6 types use every code.
const MinifloatInfo kInfo[] = {
    {"E2M1", 2, 1, 1, 2, 6.0f, 0x7, false, false},
    {"E2M3", 2, 3, 1, 2, 7.5f, 0x1F, false, false},
    {"E3M2", 3, 2, 3, 4, 28.0f, 0x1F, false, false},
    {"E4M3", 4, 3, 7, 8, 448.0f, 0x7E, false, true},
    {"E5M2", 5, 2, 15, 15, 57344.0f, 0x7B, true, true},
};

}  // namespace

const MinifloatInfo& minifloat_info(Minifloat f) { return kInfo[static_cast<int>(f)]; }

int minifloat_code_count(Minifloat f) {
    const auto& i = minifloat_info(f);
    return 1 << (1 + i.exp_bits + i.man_bits);
}

float minifloat_decode(Minifloat f, uint8_t code) {
    const auto& i = minifloat_info(f);
    const int mbits = i.man_bits;
    const int sign_bit = 1 << (i.exp_bits + mbits);
    const bool neg = (code & sign_bit) != 0;
    const int mag = code & (sign_bit - 1);
    const int e = mag >> mbits;
    const int m = mag & ((1 << mbits) - 1);
    const int e_all = (1 << i.exp_bits) - 1;
    float v;
    if (f == Minifloat::E4M3 && e == e_all && m == (1 << mbits) - 1) {
        v = NAN;
    } else if (f == Minifloat::E5M2 && e == e_all) {
        v = m == 0 ? INFINITY : NAN;
    } else if (e == 0) {
        v = std::ldexp(static_cast<float>(m), 1 - i.bias - mbits);
    } else {
        v = std::ldexp(static_cast<float>((1 << mbits) + m), e - i.bias - mbits);
    }
    return neg ? -v : v;
}

uint8_t minifloat_encode(Minifloat f, double x, bool saturate) {
    const auto& i = minifloat_info(f);
    const int mbits = i.man_bits;
    const uint8_t sign = std::signbit(x) ? static_cast<uint8_t>(1 << (i.exp_bits + mbits)) : 0;
    if (std::isnan(x)) {
        if (!i.has_nan) throw Error(ErrorKind::BadInput, std::string(i.name) + " has no NaN code");
        return static_cast<uint8_t>(sign | 0x7F);  // S.1111.111 (E4M3), S.11111.11 (E5M2)
    }
    const double a = std::fabs(x);
    const bool specials_on_overflow = !saturate && (i.has_inf || i.has_nan);
    auto overflow_code = [&]() -> uint8_t {
        if (!specials_on_overflow) return static_cast<uint8_t>(sign | i.max_code);
        return static_cast<uint8_t>(sign | (i.has_inf ? 0x7C : 0x7F));
    };
    if (std::isinf(a)) return overflow_code();
    if (a == 0.0) return sign;

    // Quantum at a's binade, never finer than the subnormal step: rounding a/ulp to an integer
    // with nearbyint (round-half-even in the default mode) is then exact RNE for both the
    // normal and the subnormal range, because scaling by a power of two is exact in double.
    const int emin = 1 - i.bias;
    const int e = std::max(std::ilogb(a), emin);
    const double ulp = std::ldexp(1.0, e - mbits);
    const double n = std::nearbyint(a / ulp);
    const double rounded = n * ulp;
    if (rounded > static_cast<double>(i.max_finite)) return overflow_code();

    int exp_field, man;
    const int n_int = static_cast<int>(n);
    if (n_int >= (2 << mbits)) {  // rounded up into the next binade: 2^(e+1)
        exp_field = e + 1 + i.bias;
        man = 0;
    } else if (n_int < (1 << mbits)) {  // subnormal (only possible when e == emin)
        exp_field = 0;
        man = n_int;
    } else {
        exp_field = e + i.bias;
        man = n_int - (1 << mbits);
    }
    return static_cast<uint8_t>(sign | (exp_field << mbits) | man);
}

float minifloat_round(Minifloat f, double x, bool saturate) {
    return minifloat_decode(f, minifloat_encode(f, x, saturate));
}

}  // namespace rs::quant
