#include "quant/group_quantizer.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "core/error.h"
#include "quant/fake_quant.h"

namespace rs::quant {
namespace {

float span_amax(const float* x, int64_t n) {
    float a = 0.0f;
    for (int64_t i = 0; i < n; ++i) a = std::max(a, std::fabs(x[i]));
    return a;
}

// nearbyint for |v| <= 2^51 in the default rounding mode (round half to even), without a libm
// call: adding 2^52 + 2^51 leaves no fraction bits, so the FPU rounds v to an integer for us.
// Callers clamp v to the code range first (clamping before or after rounding to an integer bound
// gives the same integer).
inline double round_half_even(double v) {
    constexpr double kMagic = 6755399441055744.0;  // 2^52 + 2^51
    const double t = v + kMagic;                    // without -ffast-math this is not folded
    return t - kMagic;
}

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

}  // namespace

GroupQuantizer::GroupQuantizer(const FormatSpec& spec, float tensor_amax) : spec_(spec), traits_(&format_traits(spec.kind)) {
    const std::string name = format_spec_name(spec);
    if (spec.kind == FormatKind::Int && spec.bits != 2 && spec.bits != 3 && spec.bits != 4 && spec.bits != 8)
        throw Error(ErrorKind::BadInput, fmt::format("{}: INT has widths 2, 3, 4 and 8", name));
    if (!(spec.clip_ratio > 0.0f && spec.clip_ratio <= 1.0f))
        throw Error(ErrorKind::BadInput, fmt::format("{}: clip ratio must lie in (0, 1]", name));
    if (traits_->minifloat) table_ = &minifloat_table(*traits_->minifloat);
    if (spec.kind == FormatKind::Nvfp4) tensor_scale_ = tensor_amax / (6.0f * 448.0f);
    if (spec.kind == FormatKind::Int) {
        const int half = 1 << (spec.bits - 1);
        if (!spec.symmetric) {
            qmin_ = 0;
            qmax_ = (1 << spec.bits) - 1;
        } else if (spec.ct_grid) {  // compressed-tensors: [-2^(b-1), 2^(b-1) - 1], amax -> 2^(b-1) - 1/2 steps
            qmin_ = -half;
            qmax_ = half - 1;
            grid_half_ = static_cast<float>(half) - 0.5f;
        } else {  // QuaRot / GPTQ: [-(2^(b-1) - 1), 2^(b-1) - 1], amax -> the largest code
            qmin_ = -(half - 1);
            qmax_ = half - 1;
            grid_half_ = static_cast<float>(half - 1);
        }
    }
}

GroupScale GroupQuantizer::fit_ratio(const float* x, int64_t n, float ratio) const {
    const FormatTraits& t = *traits_;
    GroupScale g;
    switch (spec_.kind) {
        case FormatKind::Int:
            if (spec_.symmetric) {
                g.scale = ratio * span_amax(x, n) / grid_half_;
            } else {
                float lo = 0.0f, hi = 0.0f;  // the range always holds 0, so that 0 is exact
                for (int64_t i = 0; i < n; ++i) { lo = std::min(lo, x[i]); hi = std::max(hi, x[i]); }
                lo *= ratio;
                hi *= ratio;
                g.scale = (hi - lo) / static_cast<float>(qmax_);
                g.zero_point = g.scale == 0.0f ? 0
                    : static_cast<int32_t>(std::clamp(std::nearbyint(-static_cast<double>(lo) / g.scale), 0.0,
                                                      static_cast<double>(qmax_)));
            }
            return g;
        case FormatKind::Nvfp4: {
            // ModelOpt NVFP4QTensor: per_block_scale = amax_b / 6 / weight_scale_2, 0 -> 1.0, cast to E4M3.
            const float S = tensor_scale_;
            float sb = S == 0.0f ? 0.0f : ratio * span_amax(x, n) / 6.0f / S;
            if (sb == 0.0f) sb = 1.0f;
            g.byte = minifloat_encode(Minifloat::E4M3, sb);
            g.scale = minifloat_decode(Minifloat::E4M3, g.byte);
            return g;
        }
        case FormatKind::Nf4:
            g.scale = ratio * span_amax(x, n);
            return g;
        default:
            break;
    }
    if (t.mx) {
        int e = mx_shared_exp(ratio * span_amax(x, n), t, spec_.mx_scale);
        if (e > 127) {  // spec: the scale is NaN and so is every element of the block
            g.scale = NAN;
            g.byte = 0xFF;
            return g;
        }
        e = std::max(e, -127);
        g.scale = static_cast<float>(std::ldexp(1.0, e));  // 2^-127 is a float subnormal, still exact
        g.byte = static_cast<uint8_t>(e + 127);
        return g;
    }
    // FP8 with an FP32 scale.
    g.scale = ratio * span_amax(x, n) / minifloat_info(*t.minifloat).max_finite;
    return g;
}

float GroupQuantizer::quantize(float x, const GroupScale& g, int32_t* code) const {
    const FormatTraits& t = *traits_;
    const float s = g.scale;
    int32_t c = 0;
    float deq = 0.0f;
    switch (spec_.kind) {
        case FormatKind::Int:
            if (spec_.symmetric) {
                // compressed-tensors divides in float32 (torch): x = -amax lands on -7.5 exactly and
                // rounds to -8, where the double quotient may fall just short of it.
                const double v = spec_.ct_grid ? static_cast<double>(x / s) : static_cast<double>(x) / s;
                if (s != 0.0f)
                    c = static_cast<int32_t>(round_half_even(std::clamp(v, static_cast<double>(qmin_), static_cast<double>(qmax_))));
                deq = static_cast<float>(c) * s;
            } else {
                c = s == 0.0f ? g.zero_point
                    : static_cast<int32_t>(std::clamp(round_half_even(static_cast<double>(x) / s) + g.zero_point, 0.0,
                                                      static_cast<double>(qmax_)));
                deq = static_cast<float>(c - g.zero_point) * s;
            }
            break;
        case FormatKind::Nvfp4: {
            const float denom = s * tensor_scale_;
            // A block scale that underflows E4M3 (block far below the tensor's amax) leaves nothing
            // representable; ModelOpt would divide by zero here.
            const uint8_t b = denom == 0.0f ? 0 : table_->encode(x / denom);
            c = b;
            deq = table_->decode(b) * denom;
            break;
        }
        case FormatKind::Nf4: {
            const auto& levels = nf4_levels();
            int best = 7;
            if (s != 0.0f) {
                const float v = x / s;
                float best_d = INFINITY;
                for (int k = 0; k < 16; ++k) {  // strict <: a tie keeps the lower code
                    const float d = std::fabs(v - levels[static_cast<size_t>(k)]);
                    if (d < best_d) { best_d = d; best = k; }
                }
            }
            c = best;
            deq = levels[static_cast<size_t>(best)] * s;
            break;
        }
        default:
            if (t.mx) {
                if (std::isnan(s)) {
                    deq = NAN;
                    break;
                }
                const double X = s;
                // x / 2^e in float is exact: |x / X| < 8 cannot overflow, and a quotient that
                // underflows to a float subnormal is far below the smallest element value (it
                // rounds to zero either way). FP8 elements keep the double path (binary search).
                const bool small = table_ && minifloat_info(*t.minifloat).exp_bits <= 3;
                const float inv_xf = static_cast<float>(1.0 / X);
                if (small && std::isfinite(inv_xf) && inv_xf != 0.0f) {
                    const uint8_t b = table_->encode(x * inv_xf);
                    c = b;
                    deq = static_cast<float>(static_cast<double>(table_->decode(b)) * X);
                    break;
                }
                const double v = static_cast<double>(x) * (1.0 / X);  // a power of two: exact
                double p;
                if (table_) {
                    const uint8_t b = table_->encode(v);
                    p = table_->decode(b);
                    c = b;
                } else {  // MXINT8: i / 64, symmetric range +-127/64 as microxcaling clamps it
                    c = static_cast<int32_t>(std::clamp(std::nearbyint(v * 64.0), -127.0, 127.0));
                    p = c / 64.0;
                }
                deq = static_cast<float>(p * X);
            } else {  // FP8 with an FP32 scale
                const uint8_t b = s == 0.0f ? 0 : table_->encode(static_cast<double>(x) / s);
                c = b;
                deq = s == 0.0f ? 0.0f : table_->decode(b) * s;
            }
            break;
    }
    if (code) *code = c;
    return deq;
}

double GroupQuantizer::quantize_span(const float* x, int64_t n, const GroupScale& g, float* deq, int32_t* codes) const {
    double err = 0.0;
    for (int64_t i = 0; i < n; ++i) {
        const float q = quantize(x[i], g, codes ? codes + i : nullptr);
        if (deq) deq[i] = q;
        const double d = static_cast<double>(q) - x[i];
        err += d * d;
    }
    return err;
}

GroupScale GroupQuantizer::fit(const float* x, int64_t n) const {
    if (!spec_.mse_clip) return fit_ratio(x, n, spec_.clip_ratio);
    // r = 1.00, 0.99, ..., 0.50: keep the least sum of squared errors; ties keep the larger r.
    GroupScale best = fit_ratio(x, n, 1.0f);
    double best_err = INFINITY;
    for (int step = 0; step <= 50; ++step) {
        const float r = 1.0f - 0.01f * static_cast<float>(step);
        const GroupScale g = fit_ratio(x, n, r);
        const double err = quantize_span(x, n, g, nullptr, nullptr);
        if (err < best_err) {
            best_err = err;
            best = g;
        }
    }
    return best;
}

}  // namespace rs::quant
