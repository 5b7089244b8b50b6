#include "quant/group_quantizer.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "core/error.h"
#include "quant/fake_quant.h"
#include "quant/minifloat_table.h"

namespace rs::quant {
namespace {

GroupStats span_stats(const float* x, int64_t n) {
    GroupStats s;
    for (int64_t i = 0; i < n; ++i) stats_add(s, x[i]);
    return s;
}

}  // namespace

ElementParams element_params(const FormatSpec& spec, float tensor_amax) {
    const FormatTraits& t = format_traits(spec.kind);
    const std::string name = format_spec_name(spec);
    if (spec.kind == FormatKind::Int && spec.bits != 2 && spec.bits != 3 && spec.bits != 4 && spec.bits != 8)
        throw Error(ErrorKind::BadInput, fmt::format("{}: INT has widths 2, 3, 4 and 8", name));
    if (!(spec.clip_ratio > 0.0f && spec.clip_ratio <= 1.0f))
        throw Error(ErrorKind::BadInput, fmt::format("{}: clip ratio must lie in (0, 1]", name));
    ElementParams p;
    if (t.minifloat) {
        const MinifloatInfo& info = minifloat_info(*t.minifloat);
        p.grid = minifloat_table(*t.minifloat).grid();
        p.max_finite = info.max_finite;
        p.man_bits = info.man_bits;
        p.small_grid = info.exp_bits <= 3;
    }
    p.emax_elem = t.emax_elem;
    p.mx_rule = static_cast<SharedExpRule>(spec.mx_scale);
    const auto& levels = nf4_levels();
    for (int k = 0; k < 16; ++k) p.nf4[k] = levels[static_cast<size_t>(k)];
    switch (spec.kind) {
        case FormatKind::Int: {
            const int half = 1 << (spec.bits - 1);
            if (!spec.symmetric) {
                p.rule = ElementRule::IntAsym;
                p.qmin = 0;
                p.qmax = (1 << spec.bits) - 1;
            } else if (spec.ct_grid) {  // compressed-tensors: [-2^(b-1), 2^(b-1) - 1], amax -> 2^(b-1) - 1/2 steps
                p.rule = ElementRule::IntSym;
                p.ct_grid = 1;
                p.qmin = -half;
                p.qmax = half - 1;
                p.grid_half = static_cast<float>(half) - 0.5f;
            } else {  // QuaRot / GPTQ: [-(2^(b-1) - 1), 2^(b-1) - 1], amax -> the largest code
                p.rule = ElementRule::IntSym;
                p.qmin = -(half - 1);
                p.qmax = half - 1;
                p.grid_half = static_cast<float>(half - 1);
            }
            break;
        }
        case FormatKind::Nvfp4:
            p.rule = ElementRule::Nvfp4;
            p.tensor_scale = nvfp4_tensor_scale(tensor_amax);
            p.e4m3 = minifloat_table(Minifloat::E4M3).grid();
            break;
        case FormatKind::Nf4:
            p.rule = ElementRule::Nf4;
            break;
        case FormatKind::MxInt8:
            p.rule = ElementRule::MxInt8;
            p.man_bits = 6;                  // its 6 fraction bits count as the mantissa
            p.max_finite = 127.0f / 64.0f;
            break;
        default:
            p.rule = t.mx ? ElementRule::MxMinifloat : ElementRule::Fp8;
            break;
    }
    return p;
}

GroupQuantizer::GroupQuantizer(const FormatSpec& spec, float tensor_amax)
    : spec_(spec), params_(element_params(spec, tensor_amax)) {}

GroupScale GroupQuantizer::fit_ratio(const float* x, int64_t n, float ratio) const {
    return fit_group(params_, span_stats(x, n), ratio);
}

float GroupQuantizer::quantize(float x, const GroupScale& g, int32_t* code) const {
    int32_t c = 0;
    const float q = quantize_element(params_, x, g, c);
    if (code) *code = c;
    return q;
}

double GroupQuantizer::quantize_span(const float* x, int64_t n, const GroupScale& g, float* deq, int32_t* codes) const {
    double err = 0.0;
    for (int64_t i = 0; i < n; ++i) {
        int32_t c = 0;
        const float q = quantize_element(params_, x[i], g, c);
        if (codes) codes[i] = c;
        if (deq) deq[i] = q;
        const double d = static_cast<double>(q) - x[i];
        err += d * d;
    }
    return err;
}

GroupScale GroupQuantizer::fit(const float* x, int64_t n) const {
    if (!spec_.mse_clip) return fit_ratio(x, n, spec_.clip_ratio);
    const GroupStats stats = span_stats(x, n);
    GroupScale best = fit_group(params_, stats, 1.0f);
    double best_err = INFINITY;
    for (int step = 0; step < kMseSteps; ++step) {
        const GroupScale g = fit_group(params_, stats, mse_ratio(step));
        const double err = quantize_span(x, n, g, nullptr, nullptr);
        if (err < best_err) {
            best_err = err;
            best = g;
        }
    }
    return best;
}

}  // namespace rs::quant
