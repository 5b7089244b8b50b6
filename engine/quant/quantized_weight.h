// One linear's weight as an encoder stores it: the integer or element codes, the scales (and
// their encoded bytes), zero points and, after GPTQ with act-order, each column's group. The
// weight quantizers (RTN, GPTQ) hand these out through a sink when an exporter asks, so that
// exports write the codes a method chose instead of quantizing its output a second time.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "model/model.h"
#include "quant/fake_quant.h"
#include "quant/format.h"

namespace rs {

struct GptqResult;

struct QuantizedWeight {
    quant::FormatSpec spec;
    int64_t rows = 0, cols = 0;
    std::vector<int32_t> codes;        // [rows, cols], quant/fake_quant.h's code convention
    std::vector<float> scales;         // [rows, groups] row-major (per-tensor: one)
    std::vector<uint8_t> scale_bytes;  // MX: E8M0; NVFP4: E4M3
    std::vector<int32_t> zero_points;  // INT asymmetric, like scales
    std::vector<int32_t> g_idx;        // [cols] each column's group; empty: column / group
    float tensor_scale = 1.0f;         // NVFP4's FP32 multiplier (amax / 2688)
    int64_t group = 0;                 // columns per scale group (cols: per channel or tensor)

    // One scale for the whole tensor (INT/FP8 per-tensor granularity).
    bool per_tensor() const;
    int64_t groups_per_row() const { return per_tensor() || group <= 0 ? 1 : cols / group; }
};

QuantizedWeight quantized_weight(const quant::QuantResult& q, const quant::FormatSpec& spec, int64_t rows, int64_t cols);
QuantizedWeight quantized_weight(GptqResult&& g, const quant::FormatSpec& spec, int64_t rows, int64_t cols);

// Receives each linear's codes as its layer is quantized (layer -1: the LM head).
using QuantizedWeightSink = std::function<void(int layer, Role role, QuantizedWeight&&)>;

}  // namespace rs
