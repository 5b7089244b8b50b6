// Every format's per-element arithmetic, once, for both backends: fit one scale group's scale
// from its statistics (max |x|, and min/max for INT asymmetric), and quantize one element with
// that scale. The CPU reference quantizer (group_quantizer.h, which GPTQ and fake_quant use) and
// the CUDA kernels (backend/cuda/quant_kernels.cu) call these same functions, so the CPU tests
// exercise the arithmetic the GPU runs and the two give byte-identical codes and scales.
//
// The header is plain C++17 with no library types: nvcc compiles it into device code. Everything
// a function needs travels in ElementParams, a plain struct copied to the device by value (the
// minifloat grids included, 4.7 KB: a kernel parameter, no device allocation).
//
// Exactness: the arithmetic here is IEEE single/double with round-to-nearest and no fused
// multiply-add on either side. Compilers contract a*b+c into an FMA when they may (g++ does with
// -march=native, nvcc by default), which changes the rounding of the mse ratios, the INT
// asymmetric range and the error sums, so the two files that instantiate these functions are
// compiled without contraction: group_quantizer.cpp (-ffp-contract=off; GroupQuantizer is the only
// host caller) and backend/cuda/quant_kernels.cu (-fmad=false), see engine/CMakeLists.txt.
// Division and ldexp/ilogb are exact or correctly rounded in CUDA as on the host; nothing calls
// a libm function whose result may differ by an ulp.
#pragma once
#include <cstdint>

#include <cmath>
#include <limits>

#if defined(__CUDACC__)
#define RS_HD __host__ __device__ inline
#else
#define RS_HD inline
#endif

namespace rs::quant {

namespace hd {

RS_HD bool signbit(float x) {
#ifdef __CUDA_ARCH__
    return __float_as_int(x) < 0;
#else
    return std::signbit(x);
#endif
}
RS_HD bool signbit(double x) {
#ifdef __CUDA_ARCH__
    return __double_as_longlong(x) < 0;
#else
    return std::signbit(x);
#endif
}
RS_HD float fabs(float x) { return signbit(x) ? -x : x; }
RS_HD bool isfinite(float x) { return x - x == 0.0f; }  // NaN and +-Inf give NaN
RS_HD int ilogb(double x) {
#ifdef __CUDA_ARCH__
    return ::ilogb(x);
#else
    return std::ilogb(x);
#endif
}
RS_HD double ldexp(double x, int e) {
#ifdef __CUDA_ARCH__
    return ::ldexp(x, e);
#else
    return std::ldexp(x, e);
#endif
}
RS_HD double floor(double x) {
#ifdef __CUDA_ARCH__
    return ::floor(x);
#else
    return std::floor(x);
#endif
}
RS_HD float quiet_nan() {
#ifdef __CUDA_ARCH__
    return __int_as_float(0x7fc00000);
#else
    return std::numeric_limits<float>::quiet_NaN();
#endif
}
RS_HD float infinity() {
#ifdef __CUDA_ARCH__
    return __int_as_float(0x7f800000);
#else
    return std::numeric_limits<float>::infinity();
#endif
}
template <typename T>
RS_HD T min(T a, T b) { return b < a ? b : a; }
template <typename T>
RS_HD T max(T a, T b) { return a < b ? b : a; }
template <typename T>
RS_HD T clamp(T v, T lo, T hi) { return v < lo ? lo : (hi < v ? hi : v); }

// nearbyint for |v| <= 2^51 in round-half-to-even, without a libm call: adding 2^52 + 2^51
// leaves no fraction bits, so the FPU rounds v to an integer. Callers clamp v to the code range
// first (clamping before or after rounding to an integer bound gives the same integer).
RS_HD double round_half_even(double v) {
    constexpr double kMagic = 6755399441055744.0;  // 2^52 + 2^51
    const double t = v + kMagic;                    // without fast-math this is not folded
    return t - kMagic;
}

}  // namespace hd

// The rounding grid of a minifloat element type. Positive codes 0..max_code are ordered by
// magnitude in these sign-magnitude formats, so a magnitude's code is the number of midpoints
// between neighbouring values that it passes; a value exactly on a midpoint goes to the even code
// (round half to even), because the exponent field sits above at least one mantissa bit.
struct MinifloatGrid {
    uint8_t sign_bit = 0;
    int n_mid = 0;          // max_code midpoints
    double mid[128] = {};   // mid[k] = (|v_k| + |v_{k+1}|) / 2, exact in double
    float mid_f[32] = {};   // the same for FP4/FP6, exact in float
    float value[256] = {};  // decode of every code
};

// minifloat_encode(f, x, saturate = true) for finite x (and +-Inf, which saturate).
RS_HD uint8_t grid_encode(const MinifloatGrid& g, double x) {
    const double a = x < 0 ? -x : x;
    const uint8_t sign = (x < 0 || (x == 0 && hd::signbit(x))) ? g.sign_bit : 0;
    if (g.n_mid <= 31) {
        // FP4/FP6: count the midpoints passed, without branches (the binary search's branches
        // are unpredictable on real data and cost more than the comparisons).
        int c = 0;
        for (int k = 0; k < g.n_mid; ++k) c += (a > g.mid[k]) | ((a == g.mid[k]) & (k & 1));
        return static_cast<uint8_t>(sign | c);
    }
    // FP8: binary search for the first midpoint that a does not pass.
    int lo = 0, hi = g.n_mid;  // answer in [lo, hi]
    while (lo < hi) {
        const int k = (lo + hi) >> 1;
        const double t = g.mid[k];
        const bool passes = a > t || (a == t && (k & 1));  // k odd: k+1 is the even code
        if (passes) lo = k + 1;
        else hi = k;
    }
    return static_cast<uint8_t>(sign | lo);
}

template <int N>
RS_HD uint8_t grid_encode_small(const MinifloatGrid& g, float x) {
    const float a = hd::fabs(x);
    int c = 0;
#ifdef __CUDA_ARCH__
#pragma unroll
#endif
    for (int k = 0; k < N; ++k) c += (a > g.mid_f[k]) | ((a == g.mid_f[k]) & (k & 1));
    return static_cast<uint8_t>((hd::signbit(x) ? g.sign_bit : 0) | c);
}

// The same for a float argument, in float arithmetic for FP4/FP6 (their midpoints are exact in
// float); what the block formats' inner loops call.
RS_HD uint8_t grid_encode(const MinifloatGrid& g, float x) {
    if (g.n_mid == 7) return grid_encode_small<7>(g, x);
    if (g.n_mid == 31) return grid_encode_small<31>(g, x);
    return grid_encode(g, static_cast<double>(x));
}

// How a format fits and rounds, as ElementParams says it.
enum class ElementRule : int32_t { IntSym, IntAsym, Fp8, MxMinifloat, MxInt8, Nvfp4, Nf4 };

// MX shared-scale rules, numbered as quant::MxScaleRule (format.h).
enum class SharedExpRule : int32_t { Floor, Ceil, Even, NvRoundUp };

struct ElementParams {
    ElementRule rule = ElementRule::IntSym;
    SharedExpRule mx_rule = SharedExpRule::Floor;
    int32_t ct_grid = 0;     // INT symmetric: compressed-tensors' grid (divide in float32)
    int32_t emax_elem = 0;   // MX: exponent of the element's largest power of two
    int32_t man_bits = 0;    // MX Even: the element's mantissa width (MXINT8: 6)
    int32_t small_grid = 0;  // MX with FP4/FP6 elements: the float fast path
    float max_finite = 0;    // FP8 and MX NvRoundUp: the element's largest value (MXINT8: 127/64)
    int32_t qmin = 0, qmax = 0;  // INT codes
    float grid_half = 0;     // INT symmetric: amax maps to this many steps
    float tensor_scale = 1;  // NVFP4: the FP32 second-level scale, tensor amax / (6 * 448)
    float nf4[16] = {};      // NF4 levels in code order
    MinifloatGrid grid;      // the element grid (minifloat elements)
    MinifloatGrid e4m3;      // NVFP4: the block scales' grid
};

// NVFP4's second-level scale from a tensor's (or a calibrated) max |x|.
RS_HD float nvfp4_tensor_scale(float tensor_amax) { return tensor_amax / (6.0f * 448.0f); }

// One scale group's statistics; lo/hi always include 0 (INT asymmetric keeps 0 exact).
// Max and min are order-free, so any reduction order gives the same statistics.
struct GroupStats {
    float amax = 0, lo = 0, hi = 0;
};

RS_HD void stats_add(GroupStats& s, float x) {
    s.amax = hd::max(s.amax, hd::fabs(x));
    s.lo = hd::min(s.lo, x);
    s.hi = hd::max(s.hi, x);
}

RS_HD GroupStats stats_merge(GroupStats a, const GroupStats& b) {
    a.amax = hd::max(a.amax, b.amax);
    a.lo = hd::min(a.lo, b.lo);
    a.hi = hd::max(a.hi, b.hi);
    return a;
}

// One scale group's parameters.
struct GroupScale {
    float scale = 0;         // the multiplier, as QuantResult::scales stores it
    int32_t zero_point = 0;  // INT asymmetric
    uint8_t byte = 0;        // MX: the E8M0 byte; NVFP4: the E4M3 byte of the block scale
};

// MX shared exponent of a block with max |x| = amax (before clamping to the E8M0 range).
RS_HD int mx_shared_exp(const ElementParams& p, float amax) {
    if (amax == 0.0f) return -127;  // spec: log2(FP32_MIN_NORMAL) - emax, clamped to -127
    const int emax = p.emax_elem;
    const double a = amax;
    switch (p.mx_rule) {
        case SharedExpRule::Floor:
            return hd::ilogb(a) - emax;
        case SharedExpRule::Ceil: {
            const int fl = hd::ilogb(a);
            return fl + (hd::ldexp(1.0, fl) == a ? 0 : 1) - emax;
        }
        case SharedExpRule::Even: {
            // Round amax to the element's mantissa width (half up) before taking the exponent.
            const double m = hd::ldexp(a, -hd::ilogb(a));  // [1, 2)
            const double scaled = hd::floor(hd::ldexp(m, p.man_bits) + 0.5);
            return hd::ilogb(a) + (scaled >= hd::ldexp(2.0, p.man_bits) ? 1 : 0) - emax;
        }
        case SharedExpRule::NvRoundUp: {
            const double r = a / static_cast<double>(p.max_finite);
            const int fl = hd::ilogb(r);
            return fl + (hd::ldexp(1.0, fl) == r ? 0 : 1);
        }
    }
    return 0;
}

// The scale of a group with statistics `s` at clip ratio `ratio` (the rules of fake_quant.h).
RS_HD GroupScale fit_group(const ElementParams& p, const GroupStats& s, float ratio) {
    GroupScale g;
    switch (p.rule) {
        case ElementRule::IntSym:
            g.scale = ratio * s.amax / p.grid_half;
            return g;
        case ElementRule::IntAsym: {
            const float lo = s.lo * ratio, hi = s.hi * ratio;
            g.scale = (hi - lo) / static_cast<float>(p.qmax);
            g.zero_point = g.scale == 0.0f ? 0
                : static_cast<int32_t>(hd::round_half_even(
                      hd::clamp(-static_cast<double>(lo) / g.scale, 0.0, static_cast<double>(p.qmax))));
            return g;
        }
        case ElementRule::Nvfp4: {
            // ModelOpt NVFP4QTensor: per_block_scale = amax_b / 6 / weight_scale_2, 0 -> 1.0, cast to E4M3.
            const float S = p.tensor_scale;
            float sb = S == 0.0f ? 0.0f : ratio * s.amax / 6.0f / S;
            if (sb == 0.0f) sb = 1.0f;
            g.byte = sb != sb ? 0x7F : grid_encode(p.e4m3, static_cast<double>(sb));
            g.scale = p.e4m3.value[g.byte];
            return g;
        }
        case ElementRule::Nf4:
            g.scale = ratio * s.amax;
            return g;
        case ElementRule::MxMinifloat:
        case ElementRule::MxInt8: {
            int e = mx_shared_exp(p, ratio * s.amax);
            if (e > 127) {  // spec: the scale is NaN and so is every element of the block
                g.scale = hd::quiet_nan();
                g.byte = 0xFF;
                return g;
            }
            e = hd::max(e, -127);
            g.scale = static_cast<float>(hd::ldexp(1.0, e));  // 2^-127 is a float subnormal, still exact
            g.byte = static_cast<uint8_t>(e + 127);
            return g;
        }
        case ElementRule::Fp8:
            g.scale = ratio * s.amax / p.max_finite;
            return g;
    }
    return g;
}

// x quantized with the group's scale: the dequantized value, and its code into `code`.
RS_HD float quantize_element(const ElementParams& p, float x, const GroupScale& g, int32_t& code) {
    const float s = g.scale;
    int32_t c = 0;
    float deq = 0.0f;
    switch (p.rule) {
        case ElementRule::IntSym: {
            // compressed-tensors divides in float32 (torch): x = -amax lands on -7.5 exactly and
            // rounds to -8, where the double quotient may fall just short of it.
            const double v = p.ct_grid ? static_cast<double>(x / s) : static_cast<double>(x) / s;
            if (s != 0.0f)
                c = static_cast<int32_t>(hd::round_half_even(
                    hd::clamp(v, static_cast<double>(p.qmin), static_cast<double>(p.qmax))));
            deq = static_cast<float>(c) * s;
            break;
        }
        case ElementRule::IntAsym:
            c = s == 0.0f ? g.zero_point
                : static_cast<int32_t>(hd::clamp(hd::round_half_even(static_cast<double>(x) / s) + g.zero_point, 0.0,
                                                 static_cast<double>(p.qmax)));
            deq = static_cast<float>(c - g.zero_point) * s;
            break;
        case ElementRule::Nvfp4: {
            const float denom = s * p.tensor_scale;
            // A block scale that underflows E4M3 (block far below the tensor's amax) leaves nothing
            // representable; ModelOpt would divide by zero here.
            const uint8_t b = denom == 0.0f ? 0 : grid_encode(p.grid, x / denom);
            c = b;
            deq = p.grid.value[b] * denom;
            break;
        }
        case ElementRule::Nf4: {
            int best = 7;
            if (s != 0.0f) {
                const float v = x / s;
                float best_d = hd::infinity();
                for (int k = 0; k < 16; ++k) {  // strict <: a tie keeps the lower code
                    const float d = hd::fabs(v - p.nf4[k]);
                    if (d < best_d) { best_d = d; best = k; }
                }
            }
            c = best;
            deq = p.nf4[best] * s;
            break;
        }
        case ElementRule::MxMinifloat:
        case ElementRule::MxInt8: {
            if (s != s) {
                deq = hd::quiet_nan();
                break;
            }
            const double X = s;
            // x / 2^e in float is exact: |x / X| < 8 cannot overflow, and a quotient that
            // underflows to a float subnormal is far below the smallest element value (it rounds
            // to zero either way). FP8 elements keep the double path (binary search).
            const float inv_xf = static_cast<float>(1.0 / X);
            if (p.small_grid && hd::isfinite(inv_xf) && inv_xf != 0.0f) {
                const uint8_t b = grid_encode(p.grid, x * inv_xf);
                c = b;
                deq = static_cast<float>(static_cast<double>(p.grid.value[b]) * X);
                break;
            }
            const double v = static_cast<double>(x) * (1.0 / X);  // a power of two: exact
            double q;
            if (p.rule == ElementRule::MxMinifloat) {
                const uint8_t b = grid_encode(p.grid, v);
                q = p.grid.value[b];
                c = b;
            } else {  // MXINT8: i / 64, symmetric range +-127/64 as microxcaling clamps it
                c = static_cast<int32_t>(hd::round_half_even(hd::clamp(v * 64.0, -127.0, 127.0)));
                q = c / 64.0;
            }
            deq = static_cast<float>(q * X);
            break;
        }
        case ElementRule::Fp8: {
            const uint8_t b = s == 0.0f ? 0 : grid_encode(p.grid, static_cast<double>(x) / s);
            c = b;
            deq = s == 0.0f ? 0.0f : p.grid.value[b] * s;
            break;
        }
    }
    code = c;
    return deq;
}

// The clip ratios of the mse search, in search order: 1.00, 0.99, ..., 0.50; the least sum of
// squared errors wins and ties keep the earlier (larger) ratio.
inline constexpr int kMseSteps = 51;
RS_HD float mse_ratio(int step) { return 1.0f - 0.01f * static_cast<float>(step); }

}  // namespace rs::quant
