#include "quant/quantized_weight.h"

#include "quant/gptq.h"

namespace rs {

bool QuantizedWeight::per_tensor() const {
    return quant::format_traits(spec.kind).block == 0 && spec.granularity == quant::Granularity::Tensor;
}

QuantizedWeight quantized_weight(const quant::QuantResult& q, const quant::FormatSpec& spec, int64_t rows, int64_t cols) {
    QuantizedWeight w;
    w.spec = spec;
    w.rows = rows;
    w.cols = cols;
    w.codes = q.codes;
    w.scales = q.scales;
    w.scale_bytes = q.scale_bytes;
    w.zero_points = q.zero_points;
    w.tensor_scale = q.tensor_scale;
    // fake_quant's span runs row-major over the whole tensor for per-tensor scales.
    w.group = q.scale_block >= cols ? cols : q.scale_block;
    return w;
}

QuantizedWeight quantized_weight(GptqResult&& g, const quant::FormatSpec& spec, int64_t rows, int64_t cols) {
    QuantizedWeight w;
    w.spec = spec;
    w.rows = rows;
    w.cols = cols;
    w.codes = std::move(g.codes);
    w.scales = std::move(g.scales);
    w.scale_bytes = std::move(g.scale_bytes);
    w.zero_points = std::move(g.zero_points);
    w.tensor_scale = g.tensor_scale;
    w.group = g.group;
    // A g_idx that only says "column / group" carries nothing; keep it only when act-order moved
    // columns between groups.
    bool trivial = true;
    for (int64_t c = 0; c < cols && trivial && w.group > 0; ++c)
        trivial = g.g_idx.empty() || g.g_idx[static_cast<size_t>(c)] == c / w.group;
    if (!trivial) w.g_idx = std::move(g.g_idx);
    return w;
}

}  // namespace rs
