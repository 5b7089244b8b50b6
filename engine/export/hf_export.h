// The plain Hugging Face export (target "hf"): every tensor in one float dtype, offline rotations
// already fused into the weights, quantized weights written dequantized. transformers loads it
// with no extension; it cannot run online rotations or quantize activations.
#pragma once
#include <memory>

#include "export/export_target.h"

namespace rs {

void check_hf_export(const Recipe& recipe, const ModelConfig& cfg, const ExportOptions& options, ExportVerdict& v);
std::unique_ptr<ExportWriter> hf_export_writer(const ExportContext& context);

// The parts of a recipe that only a runtime with online rotations and activation quantizers can
// run, as verdict lines naming `runtime` (shared by the targets that have neither).
void check_online_parts(const Recipe& recipe, const char* runtime, ExportVerdict& v);
// R3 alone: a note that it is left out (it cancels in QKᵀ) unless the KV cache is quantized, where
// `runtime` cannot express it.
void check_r3(const Recipe& recipe, const char* runtime, ExportVerdict& v);

}  // namespace rs
