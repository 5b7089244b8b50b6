#include "quant/fake_quant.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <fmt/format.h>

#include "core/error.h"
#include "quant/minifloat_table.h"

namespace rs::quant {
namespace {

// bitsandbytes functional.py get_4bit_type("nf4") / csrc dDequantizeNF4, the QLoRA NormalFloat
// levels (Dettmers et al. 2023, appendix E), copied from formats.md sec. 4.
constexpr std::array<float, 16> kNf4 = {
    -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
    -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
    0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
    0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f};

struct Out {
    float* deq;
    int32_t* codes;  // null when not wanted
};

float span_amax(const float* x, int64_t n) {
    float a = 0.0f;
    for (int64_t i = 0; i < n; ++i) a = std::max(a, std::fabs(x[i]));
    return a;
}

// ---- INT ------------------------------------------------------------------------------------

// nearbyint for |v| <= 2^51 in the default rounding mode (round half to even), without a libm
// call: adding 2^52 + 2^51 leaves no fraction bits, so the FPU rounds v to an integer for us.
// The callers clamp v to the code range first (clamping before or after rounding to an integer
// bound gives the same integer).
inline double round_half_even(double v) {
    constexpr double kMagic = 6755399441055744.0;  // 2^52 + 2^51
    // Without -ffast-math the compiler may not fold (v + c) - c.
    const double t = v + kMagic;
    return t - kMagic;
}

struct IntScale { float s; int32_t zp; };

IntScale int_span(const float* x, int64_t n, int bits, bool sym, float ratio, Out out) {
    if (sym) {
        const int qmax = (1 << (bits - 1)) - 1;
        const float s = ratio * span_amax(x, n) / static_cast<float>(qmax);
        for (int64_t i = 0; i < n; ++i) {
            const int32_t q = s == 0.0f ? 0
                : static_cast<int32_t>(round_half_even(std::clamp(static_cast<double>(x[i]) / s,
                                                                  -static_cast<double>(qmax), static_cast<double>(qmax))));
            out.deq[i] = static_cast<float>(q) * s;
            if (out.codes) out.codes[i] = q;
        }
        return {s, 0};
    }
    const int qmax = (1 << bits) - 1;
    float lo = 0.0f, hi = 0.0f;  // the range always holds 0, so that 0 is exact
    for (int64_t i = 0; i < n; ++i) { lo = std::min(lo, x[i]); hi = std::max(hi, x[i]); }
    lo *= ratio;
    hi *= ratio;
    const float s = (hi - lo) / static_cast<float>(qmax);
    const int32_t zp = s == 0.0f ? 0
        : static_cast<int32_t>(std::clamp(std::nearbyint(-static_cast<double>(lo) / s), 0.0, static_cast<double>(qmax)));
    for (int64_t i = 0; i < n; ++i) {
        const int32_t q = s == 0.0f ? zp
            : static_cast<int32_t>(std::clamp(round_half_even(static_cast<double>(x[i]) / s) + zp,
                                              0.0, static_cast<double>(qmax)));
        out.deq[i] = static_cast<float>(q - zp) * s;
        if (out.codes) out.codes[i] = q;
    }
    return {s, zp};
}

// ---- FP8 with an FP32 scale -------------------------------------------------------------------

float fp8_span(const float* x, int64_t n, Minifloat mf, float ratio, Out out) {
    const float s = ratio * span_amax(x, n) / minifloat_info(mf).max_finite;
    const MinifloatTable& table = minifloat_table(mf);
    for (int64_t i = 0; i < n; ++i) {
        const uint8_t c = s == 0.0f ? 0 : table.encode(static_cast<double>(x[i]) / s);
        out.deq[i] = s == 0.0f ? 0.0f : table.decode(c) * s;
        if (out.codes) out.codes[i] = c;
    }
    return s;
}

// ---- MX -------------------------------------------------------------------------------------

int mx_shared_exp(float amax, const FormatTraits& t, MxScaleRule rule) {
    if (amax == 0.0f) return -127;  // spec: log2(FP32_MIN_NORMAL) - emax, clamped to -127
    const int emax = t.emax_elem;
    const double a = amax;
    switch (rule) {
        case MxScaleRule::Floor:
            return std::ilogb(a) - emax;
        case MxScaleRule::Ceil: {
            const int fl = std::ilogb(a);
            return fl + (std::ldexp(1.0, fl) == a ? 0 : 1) - emax;
        }
        case MxScaleRule::Even: {
            // Round amax to the element's mantissa width (half up) before taking the exponent;
            // MXINT8 counts its 6 fraction bits as the mantissa.
            const int mbits = t.minifloat ? minifloat_info(*t.minifloat).man_bits : 6;
            const double m = std::ldexp(a, -std::ilogb(a));  // [1, 2)
            const double scaled = std::floor(std::ldexp(m, mbits) + 0.5);
            return std::ilogb(a) + (scaled >= std::ldexp(2.0, mbits) ? 1 : 0) - emax;
        }
        case MxScaleRule::NvRoundUp: {
            const double max_elem = t.minifloat ? minifloat_info(*t.minifloat).max_finite : 127.0 / 64.0;
            const double r = a / max_elem;
            const int fl = std::ilogb(r);
            return fl + (std::ldexp(1.0, fl) == r ? 0 : 1);
        }
    }
    return 0;
}

void mx_span(const float* x, const FormatTraits& t, MxScaleRule rule, Out out, float& scale, uint8_t& byte) {
    const int n = t.block;
    int e = mx_shared_exp(span_amax(x, n), t, rule);
    if (e > 127) {  // spec: the scale is NaN and so is every element of the block
        scale = NAN;
        byte = 0xFF;
        for (int i = 0; i < n; ++i) {
            out.deq[i] = NAN;
            if (out.codes) out.codes[i] = 0;
        }
        return;
    }
    e = std::max(e, -127);
    const double X = std::ldexp(1.0, e);
    scale = static_cast<float>(X);  // 2^-127 is a float subnormal, still exact
    byte = static_cast<uint8_t>(e + 127);
    const MinifloatTable* table = t.minifloat ? &minifloat_table(*t.minifloat) : nullptr;
    // x / 2^e in float is exact: |x / X| < 8 cannot overflow, and a quotient that underflows
    // to a float subnormal is far below the smallest element value (it rounds to zero either way).
    // FP8 elements keep the double path (binary search).
    const bool small = t.minifloat && minifloat_info(*t.minifloat).exp_bits <= 3;
    const float inv_xf = static_cast<float>(1.0 / X);
    const bool inv_exact = std::isfinite(inv_xf) && inv_xf != 0.0f;
    if (small && inv_exact) {
        for (int i = 0; i < n; ++i) {
            const uint8_t c = table->encode(x[i] * inv_xf);
            out.deq[i] = static_cast<float>(static_cast<double>(table->decode(c)) * X);
            if (out.codes) out.codes[i] = c;
        }
        return;
    }
    const double inv_x = 1.0 / X;  // a power of two: multiplying is exact, like dividing
    for (int i = 0; i < n; ++i) {
        const double v = static_cast<double>(x[i]) * inv_x;
        double p;
        int32_t code;
        if (table) {
            const uint8_t c = table->encode(v);
            p = table->decode(c);
            code = c;
        } else {  // MXINT8: i / 64, symmetric range +-127/64 as microxcaling clamps it
            code = static_cast<int32_t>(std::clamp(std::nearbyint(v * 64.0), -127.0, 127.0));
            p = code / 64.0;
        }
        out.deq[i] = static_cast<float>(p * X);
        if (out.codes) out.codes[i] = code;
    }
}

// ---- NVFP4 ----------------------------------------------------------------------------------

void nvfp4_span(const float* x, float S, Out out, float& scale, uint8_t& byte) {
    constexpr int n = 16;
    // ModelOpt NVFP4QTensor: per_block_scale = amax_b / 6 / weight_scale_2, 0 -> 1.0, cast to E4M3.
    float sb = S == 0.0f ? 0.0f : span_amax(x, n) / 6.0f / S;
    if (sb == 0.0f) sb = 1.0f;
    byte = minifloat_encode(Minifloat::E4M3, sb);
    scale = minifloat_decode(Minifloat::E4M3, byte);
    const float denom = scale * S;
    const MinifloatTable& e2m1 = minifloat_table(Minifloat::E2M1);
    for (int i = 0; i < n; ++i) {
        // A block scale that underflows E4M3 (block far below the tensor's amax) leaves nothing
        // representable; ModelOpt would divide by zero here.
        const uint8_t c = denom == 0.0f ? 0 : e2m1.encode(x[i] / denom);
        out.deq[i] = e2m1.decode(c) * denom;
        if (out.codes) out.codes[i] = c;
    }
}

// ---- NF4 ------------------------------------------------------------------------------------

float nf4_span(const float* x, Out out) {
    constexpr int n = 64;
    const float a = span_amax(x, n);
    for (int i = 0; i < n; ++i) {
        int best = 7;
        if (a != 0.0f) {
            const float v = x[i] / a;
            float best_d = INFINITY;
            for (int c = 0; c < 16; ++c) {  // strict <: a tie keeps the lower code
                const float d = std::fabs(v - kNf4[c]);
                if (d < best_d) { best_d = d; best = c; }
            }
        }
        out.deq[i] = kNf4[best] * a;
        if (out.codes) out.codes[i] = best;
    }
    return a;
}

}  // namespace

const std::array<float, 16>& nf4_levels() { return kNf4; }

QuantResult fake_quant(const float* x, int64_t rows, int64_t cols, const FormatSpec& spec, bool with_codes) {
    const FormatTraits& t = format_traits(spec.kind);
    const std::string name = format_spec_name(spec);
    if (rows < 0 || cols < 0) throw Error(ErrorKind::BadInput, fmt::format("{}: negative matrix shape", name));
    const int64_t total = rows * cols;
    for (int64_t i = 0; i < total; ++i)
        if (!std::isfinite(x[i]))
            throw Error(ErrorKind::BadInput, fmt::format("{}: non-finite value {} at row {}, column {}",
                                                         name, x[i], i / cols, i % cols));
    if (spec.kind == FormatKind::Int && spec.bits != 2 && spec.bits != 3 && spec.bits != 4 && spec.bits != 8)
        throw Error(ErrorKind::BadInput, fmt::format("{}: INT has widths 2, 3, 4 and 8", name));
    if (!(spec.clip_ratio > 0.0f && spec.clip_ratio <= 1.0f))
        throw Error(ErrorKind::BadInput, fmt::format("{}: clip ratio must lie in (0, 1]", name));

    // Every scale group is a contiguous row-major span: the whole tensor, a row, or a block.
    int64_t span;
    if (t.block > 0) span = t.block;
    else if (spec.granularity == Granularity::Tensor) span = total;
    else if (spec.granularity == Granularity::Group) span = spec.group;
    else span = cols;
    if (span <= 0 && total > 0) throw Error(ErrorKind::BadInput, fmt::format("{}: group size must be positive", name));
    if ((t.block > 0 || spec.granularity == Granularity::Group) && cols % span != 0)
        throw Error(ErrorKind::BadInput, fmt::format("{}: row length {} is not a multiple of the {} size {}",
                                                     name, cols, t.block > 0 ? "block" : "group", span));

    QuantResult r;
    r.scale_block = span;
    r.dequant.resize(static_cast<size_t>(total));
    if (with_codes) r.codes.resize(static_cast<size_t>(total));
    const int64_t n_spans = total == 0 ? 0 : total / span;
    r.scales.resize(static_cast<size_t>(n_spans));
    if (t.scale == ScaleType::E8M0 || t.scale == ScaleType::E4M3TimesFp32) r.scale_bytes.resize(static_cast<size_t>(n_spans));
    const bool asym = spec.kind == FormatKind::Int && !spec.symmetric;
    if (asym) r.zero_points.resize(static_cast<size_t>(n_spans));

    if (spec.kind == FormatKind::Nvfp4) r.tensor_scale = span_amax(x, total) / (6.0f * 448.0f);

    std::vector<float> trial(t.block == 0 && spec.mse_clip ? static_cast<size_t>(span) : 0);
    for (int64_t k = 0; k < n_spans; ++k) {
        const float* xs = x + k * span;
        Out out{r.dequant.data() + k * span, with_codes ? r.codes.data() + k * span : nullptr};
        const auto idx = static_cast<size_t>(k);
        if (t.block == 0) {
            // INT / FP8 with an optional clip-ratio search on this span.
            auto run = [&](float ratio, Out o) -> IntScale {
                if (spec.kind == FormatKind::Int) return int_span(xs, span, spec.bits, spec.symmetric, ratio, o);
                return {fp8_span(xs, span, *t.minifloat, ratio, o), 0};
            };
            float ratio = spec.clip_ratio;
            if (spec.mse_clip) {
                double best_err = INFINITY;
                for (int step = 0; step <= 50; ++step) {
                    const float cand = 1.0f - 0.01f * static_cast<float>(step);
                    run(cand, Out{trial.data(), nullptr});
                    double err = 0.0;
                    for (int64_t i = 0; i < span; ++i) {
                        const double d = static_cast<double>(trial[static_cast<size_t>(i)]) - xs[i];
                        err += d * d;
                    }
                    if (err < best_err) { best_err = err; ratio = cand; }
                }
            }
            const IntScale sc = run(ratio, out);
            r.scales[idx] = sc.s;
            if (asym) r.zero_points[idx] = sc.zp;
        } else if (t.mx) {
            mx_span(xs, t, spec.mx_scale, out, r.scales[idx], r.scale_bytes[idx]);
        } else if (spec.kind == FormatKind::Nvfp4) {
            nvfp4_span(xs, r.tensor_scale, out, r.scales[idx], r.scale_bytes[idx]);
        } else {
            r.scales[idx] = nf4_span(xs, out);
        }
    }
    return r;
}

}  // namespace rs::quant
