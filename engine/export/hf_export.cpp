#include "export/hf_export.h"

#include "export/hf_directory.h"

namespace rs {

void check_r3(const Recipe& r, const char* runtime, ExportVerdict& v) {
    if (!r.rotation.r3_on) return;
    // Q·R3 and K·R3 give the same QKᵀ: R3 changes what a quantized K cache holds and nothing else.
    if (r.kv)
        v.cannot.push_back(std::string(runtime) + " has no online rotation of Q and K after RoPE (R3), which the recipe's KV quantization sees");
    else
        v.notes.push_back("R3 cancels in QKᵀ when the KV cache is not quantized: it is left out, and the export computes the same "
                          "function up to float rounding");
}

void check_online_parts(const Recipe& r, const char* runtime, ExportVerdict& v) {
    const std::string rt = runtime;
    check_r3(r, runtime, v);
    if (r.rotation.r4_on) v.cannot.push_back(rt + " has no online rotation at the down_proj input (R4)");
    if (r.activations)
        v.cannot.push_back(rt + " does not quantize activations (" + quant::format_spec_name(*r.activations) + ")");
    if (r.kv) v.cannot.push_back(rt + " does not quantize the KV cache as the recipe does (" + quant::format_spec_name(*r.kv) + ")");
}

void check_hf_export(const Recipe& r, const ModelConfig&, const ExportOptions& options, ExportVerdict& v) {
    check_online_parts(r, "transformers", v);
    if (r.weights)
        v.notes.push_back(std::string("weights are written dequantized as ") + export_dtype_name(options.dtype) +
                          (options.dtype == ExportDtype::F32 ? " (exact)" : " (rounded from the fp32 dequantized values)"));
    if (r.rotation.r1_on || r.rotation.r2_on) v.notes.push_back("R1/R2 and the folded norms are fused into the weights");
}

std::unique_ptr<ExportWriter> hf_export_writer(const ExportContext& context) {
    return std::make_unique<HfDirectoryWriter>(context);
}

}  // namespace rs
