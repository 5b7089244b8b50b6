// The compressed-tensors export (target "compressed-tensors"), as llm-compressor writes it and
// vLLM and transformers load it: a Hugging Face directory whose quantized linears hold packed
// codes and scales, and whose config.json carries the quantization_config
// (docs/research/formats.md section 9; compressed-tensors 0.20's compressors):
//
//   INT  (pack-quantized)         weight_packed I32 [N, ceil(K·b/32)]: element i of a row at bit
//                                 i·b of the row's bit stream (LSB first), stored as code + 2^(b-1)
//                                 (asymmetric: Rotoscope's unsigned code itself, which is the
//                                 library's signed code + 2^(b-1)); weight_scale F32 [N, groups];
//                                 weight_shape I64 [2]; asymmetric: weight_zero_point I32
//                                 [ceil(N·b/32), groups], packed the same way down each column.
//                                 GPTQ act-order only with groups that stay in place (static
//                                 groups: actorder "weight"); the library removed g_idx in 2026
//   FP8  (float-quantized)        weight F8_E4M3 [N, K] (the element codes), weight_scale F32
//                                 [N, 1] per channel or [1] per tensor
//   MXFP4 (mxfp4-pack-quantized)  weight_packed U8 [N, K/2] (even element in the low nibble),
//                                 weight_scale U8 [N, K/32] (the E8M0 bytes)
//   NVFP4 (nvfp4-pack-quantized)  weight_packed U8 [N, K/2], weight_scale F8_E4M3 [N, K/16] (the
//                                 block scale bytes), weight_global_scale F32 [1] = 1 / Rotoscope's
//                                 tensor scale (the library divides where Rotoscope multiplies)
//
// Scales are stored in float32, so that the library's decompression gives Rotoscope's values.
//
// An online R4 (a Hadamard kind) is written as the transform scheme "R4" of transform_config:
// location "input" of every down_proj (online) and "weight_input", inverse (already fused), as
// llm-compressor's SpinQuant writes it. Each down_proj holds `R4_input.weight` [m, m] in the float
// dtype: the ±1 matrix H with x ← x·H/sqrt(m), m = d_ff (or the block, with head_dim = block).
// Type "hadamard" when H is Sylvester's (vLLM and the library build it themselves), else
// "random-hadamard" (vLLM multiplies by the stored matrix).
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "export/export_target.h"

namespace rs {

void check_ct_export(const Recipe& recipe, const ModelConfig& cfg, const ExportOptions& options, ExportVerdict& v);
std::unique_ptr<ExportWriter> ct_export_writer(const ExportContext& context);

// The "quantization_config" of config.json for a recipe the check accepted.
nlohmann::json ct_quantization_config(const Recipe& recipe, const ModelConfig& cfg);

// An online R4 as a compressed-tensors transform; nullopt for the kinds with none (dense ones).
struct CtTransform {
    std::string type;    // "hadamard" or "random-hadamard"
    int64_t order = 0;   // m
    int64_t head_dim = 0;  // the block of a block-diagonal transform; 0 for one of order d_ff
};
// Cheap: builds no matrix.
std::optional<CtTransform> ct_r4_transform(const RotationSpec& spec, int64_t d_ff);
// The stored H [m, m] (entries ±1, row-major) of a transform from ct_r4_transform(spec, ...):
// sqrt(m) times the rotation (its block); fail_runtime when that is not the ±1 matrix of t.type.
std::vector<float> ct_transform_matrix(const CtTransform& t, const RotationSpec& spec);

// compressed-tensors' dense int32 packing of unsigned b-bit values [rows, cols] along each row:
// [rows, ceil(cols·b/32)].
std::vector<int32_t> ct_pack_rows(const std::vector<uint32_t>& values, int64_t rows, int64_t cols, int bits);
// Two E2M1 codes per byte, the even element in the low nibble: [n/2].
std::vector<uint8_t> pack_fp4_pairs(const int32_t* codes, int64_t n);

}  // namespace rs
