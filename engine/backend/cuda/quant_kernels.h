// Launchers of the fake-quantization kernels. The arithmetic is quant/element_math.h, the same
// functions the CPU reference quantizer calls, so codes and scales are byte-identical to it.
// Scale groups are contiguous row-major spans as in quant::fake_quant: a block (MX, NVFP4, NF4),
// a group, a row (per channel / per token; K/V per head is a row of a [T·heads, head_dim] view),
// or the whole tensor.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "backend/cuda/dtype.h"
#include "quant/element_math.h"

namespace rs::cuda {

// Device outputs; any may be null. codes: one per element; scales, scale_bytes, zero_points: one
// per span (the layout of quant::QuantResult).
struct QuantOutputs {
    int32_t* codes = nullptr;
    float* scales = nullptr;
    uint8_t* scale_bytes = nullptr;
    int32_t* zero_points = nullptr;
};

// deq = dequant(quant(x)) for x of n_spans · span elements (deq may equal x), one scale per span
// fitted at `clip_ratio`, or by the mse search over 51 ratios when `mse`.
void fake_quant_spans(const quant::ElementParams& p, const void* x, void* deq, DType dtype, int64_t n_spans,
                      int64_t span, float clip_ratio, bool mse, const QuantOutputs& out, cudaStream_t stream);

// One scale for all n elements (per-tensor INT/FP8), from statistics reduced on the device into
// `stats` (device scratch, one GroupStats). No mse search (a serial search over a whole tensor).
void fake_quant_tensor(const quant::ElementParams& p, const void* x, void* deq, DType dtype, int64_t n,
                       float clip_ratio, quant::GroupStats* stats, const QuantOutputs& out, cudaStream_t stream);

// The statistics of x[0..n) into `stats` (device): NVFP4's dynamic tensor amax.
void tensor_stats(const void* x, DType dtype, int64_t n, quant::GroupStats* stats, cudaStream_t stream);

// The fused online rotation and activation quantizer of a W4A4 linear input: every row of x
// [rows, cols] is rotated block by block (as hadamard_rows) in shared memory and quantized in
// spans of `span` (span divides cols) without a round trip through device memory. No mse.
struct HadamardLaunch;
void rotate_quantize_rows(const quant::ElementParams& p, void* x, DType dtype, int64_t rows, int64_t cols,
                          const HadamardLaunch& h, int64_t span, float clip_ratio, const QuantOutputs& out,
                          cudaStream_t stream);

}  // namespace rs::cuda
