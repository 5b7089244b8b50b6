// Small floating-point element formats (OCP MX v1.0 element types and the two FP8 types):
// exact conversion from float with round-to-nearest-even, and decoding of every code.
//
// Special inputs (documented here because the formats disagree):
//   * Finite values beyond the largest finite value: saturate to +-max ("satfinite", what MX and
//     NVFP4 use). With saturate=false, E5M2 overflows to +-Inf and E4M3 to NaN (IEEE / OCP FP8
//     overflow); E2M1/E2M3/E3M2 have no specials and always saturate.
//   * +-Inf: saturates to +-max, like PTX cvt.satfinite; with saturate=false E5M2 keeps Inf and
//     E4M3 gives NaN.
//   * NaN: E4M3 and E5M2 encode the sign-preserving NaN code (S.1111.111 / S.11111.11); the
//     FP4/FP6 types have no NaN, so encoding NaN into them throws Error{BadInput} rather than
//     silently producing a number.
// -0.0 keeps its sign (code with only the sign bit set).
#pragma once
#include <cstdint>

namespace rs::quant {

enum class Minifloat { E2M1, E2M3, E3M2, E4M3, E5M2 };

struct MinifloatInfo {
    const char* name;
    int exp_bits;
    int man_bits;
    int bias;
    int emax;            // exponent of the largest power of two below max_finite (MX "emax_elem")
    float max_finite;
    uint8_t max_code;    // positive code of max_finite
    bool has_inf;        // E5M2
    bool has_nan;        // E4M3 (fn), E5M2
};

const MinifloatInfo& minifloat_info(Minifloat f);

// Number of codes (2^bits); codes are the low `bits` bits, the sign is the top one.
int minifloat_code_count(Minifloat f);
float minifloat_decode(Minifloat f, uint8_t code);
// Takes double so that a caller's exact pre-scaling (x / 2^k) is not rounded before the element
// rounding; a float argument converts exactly.
uint8_t minifloat_encode(Minifloat f, double x, bool saturate = true);
// decode(encode(x)): the value x rounds to.
float minifloat_round(Minifloat f, double x, bool saturate = true);

}  // namespace rs::quant
