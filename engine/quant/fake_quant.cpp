#include "quant/fake_quant.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <fmt/format.h>

#include "core/error.h"
#include "quant/group_quantizer.h"

namespace rs::quant {
namespace {

// bitsandbytes functional.py get_4bit_type("nf4") / csrc dDequantizeNF4, the QLoRA NormalFloat
// levels (Dettmers et al. 2023, appendix E), copied from formats.md sec. 4.
constexpr std::array<float, 16> kNf4 = {
    -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
    -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
    0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
    0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f};

}  // namespace

const std::array<float, 16>& nf4_levels() { return kNf4; }

int64_t fake_quant_span(const float* x, int64_t rows, int64_t cols, const FormatSpec& spec,
                        std::optional<float> static_amax) {
    const FormatTraits& t = format_traits(spec.kind);
    const std::string name = format_spec_name(spec);
    if (rows < 0 || cols < 0) throw Error(ErrorKind::BadInput, fmt::format("{}: negative matrix shape", name));
    const int64_t total = rows * cols;
    for (int64_t i = 0; i < total; ++i)
        if (!std::isfinite(x[i]))
            throw Error(ErrorKind::BadInput, fmt::format("{}: non-finite value {} at row {}, column {}",
                                                         name, x[i], i / cols, i % cols));
    if (static_amax && !(std::isfinite(*static_amax) && *static_amax >= 0.0f))
        throw Error(ErrorKind::BadInput, fmt::format("{}: calibrated tensor amax {} is not a finite non-negative number", name, *static_amax));
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
    return span;
}

QuantResult sized_quant_result(const FormatSpec& spec, int64_t total, int64_t span, bool with_codes) {
    const FormatTraits& t = format_traits(spec.kind);
    QuantResult r;
    r.scale_block = span;
    r.dequant.resize(static_cast<size_t>(total));
    if (with_codes) r.codes.resize(static_cast<size_t>(total));
    const int64_t n_spans = total == 0 ? 0 : total / span;
    r.scales.resize(static_cast<size_t>(n_spans));
    if (t.scale == ScaleType::E8M0 || t.scale == ScaleType::E4M3TimesFp32) r.scale_bytes.resize(static_cast<size_t>(n_spans));
    if (spec.kind == FormatKind::Int && !spec.symmetric) r.zero_points.resize(static_cast<size_t>(n_spans));
    return r;
}

QuantResult fake_quant(const float* x, int64_t rows, int64_t cols, const FormatSpec& spec, bool with_codes,
                       std::optional<float> static_amax) {
    const int64_t span = fake_quant_span(x, rows, cols, spec, static_amax);
    const int64_t total = rows * cols;
    float tensor_amax = static_amax.value_or(0.0f);  // NVFP4's second-level scale: from the whole tensor
    if (spec.kind == FormatKind::Nvfp4 && !static_amax)
        for (int64_t i = 0; i < total; ++i) tensor_amax = std::max(tensor_amax, std::fabs(x[i]));
    const GroupQuantizer gq(spec, tensor_amax);  // checks the INT width and the clip ratio

    QuantResult r = sized_quant_result(spec, total, span, with_codes);
    const int64_t n_spans = static_cast<int64_t>(r.scales.size());
    const bool asym = !r.zero_points.empty();
    r.tensor_scale = gq.tensor_scale();

    for (int64_t k = 0; k < n_spans; ++k) {
        const float* xs = x + k * span;
        const GroupScale g = gq.fit(xs, span);
        gq.quantize_span(xs, span, g, r.dequant.data() + k * span, with_codes ? r.codes.data() + k * span : nullptr);
        const auto idx = static_cast<size_t>(k);
        r.scales[idx] = g.scale;
        if (!r.scale_bytes.empty()) r.scale_bytes[idx] = g.byte;
        if (asym) r.zero_points[idx] = g.zero_point;
    }
    return r;
}

}  // namespace rs::quant
