// The GGUF export (target "gguf", llama.cpp): the model's metadata and tokenizer as llama.cpp's
// converter writes them (formats.md section 5.6; "llama" files with the Q/K row permutation of
// section 5.7), float tensors in the chosen dtype (1-D tensors in F32), and quantized linears in
// the ggml block type that holds the format's codes:
//
//   mxfp4                       MXFP4  exact: the E8M0 byte and the E2M1 codes as they are
//   int4 symmetric, g32         Q4_0   codes + 8; the fp32 scale rounded to fp16
//   int4 asymmetric, g32        Q4_1   d = s, m = -zp·s, both rounded to fp16
//   int8 symmetric, g32         Q8_0   codes; the scale rounded to fp16
//
// Llama-3 RoPE scaling becomes the rope_freqs tensor of frequency divisors, as llama.cpp's
// converter writes it.
//
// Any other format (per channel, other groups, NVFP4, FP8, NF4, GPTQ act-order with moved
// groups) has no exact ggml type: its linears are written dequantized in the float dtype, and
// the verdict says so.
#pragma once
#include <memory>
#include <optional>
#include <vector>

#include "export/export_target.h"
#include "io/ggml_types.h"

namespace rs {

void check_gguf_export(const Recipe& recipe, const ModelConfig& cfg, const ExportOptions& options, ExportVerdict& v);
std::unique_ptr<ExportWriter> gguf_export_writer(const ExportContext& context);

// The ggml type that holds a recipe's weight codes, or nullopt when there is none.
std::optional<GgmlType> ggml_type_for(const Recipe& recipe);
// The codes and scales of `q` as ggml blocks of `type` (a type ggml_type_for returned).
std::vector<uint8_t> ggml_blocks(const QuantizedWeight& q, GgmlType type);

}  // namespace rs
