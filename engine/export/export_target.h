// The runtimes Rotoscope exports to, as one table: each target with its key (what --to takes),
// the runtime that loads it, the check that says what of a recipe it can express, and the
// writer that produces it. `export --check`, the exporter and the GUI iterate this table.
//
//   hf                  plain Hugging Face safetensors (transformers): offline rotations fused,
//                       quantized weights written dequantized in the chosen float dtype
//   compressed-tensors  what llm-compressor writes and vLLM serves: packed codes and scales
//   gguf                llama.cpp: float tensors, or the ggml block type that holds a format
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "experiment/recipe.h"
#include "model/arch_tensors.h"
#include "model/model.h"
#include "model/roles.h"
#include "quant/act_quant.h"
#include "quant/quantized_weight.h"

namespace rs {

enum class ExportTarget : uint8_t { Hf, CompressedTensors, Gguf };

// The recipe, source and version every safetensors export carries; its presence also marks a
// folder as an earlier export that a new one may replace.
inline constexpr const char* kExportProvenanceFile = "rotoscope_export.json";

// How unquantized tensors (and, for hf, every weight) are stored.
enum class ExportDtype : uint8_t { F32, F16, BF16 };
const char* export_dtype_name(ExportDtype d);                                    // "bf16"
ExportDtype parse_export_dtype(const std::string& text, const std::string& where);  // BadInput

struct ExportOptions {
    ExportTarget target = ExportTarget::Hf;
    ExportDtype dtype = ExportDtype::BF16;
    // Export what the target can run and leave out the rest: online rotations (R3, R4) and the
    // activation and KV quantizers. Off: a recipe with any of them is refused for targets that
    // cannot express them.
    bool offline_only = false;
    int64_t max_shard_bytes = int64_t{5} << 30;  // safetensors targets: bytes per file
};

// What a target makes of a recipe: the parts it cannot express (each one line; any of them
// refuses the export) and what it does that the user should know (written dequantized, scales
// rounded to fp16, ...).
struct ExportVerdict {
    ExportTarget target;
    std::vector<std::string> cannot;
    std::vector<std::string> notes;
    bool ok() const { return cannot.empty(); }
};

// One tensor of the export in the tensor plan's order (model/tensor_plan.h): its values as the
// quantized model computes with them (fp32, PyTorch [out, in] layout, Hugging Face Q/K row
// order) and, for a quantized linear, the codes and scales its method chose.
struct ExportTensor {
    Slot slot;
    int layer = -1;
    std::vector<int64_t> shape;
    std::span<const float> values;
    const QuantizedWeight* codes = nullptr;
    std::optional<LinearInput> input;  // a linear's weight: the input it reads
};

// What every writer is told before the tensors arrive.
struct ExportContext {
    ModelConfig cfg;            // as exported (tied_embeddings off when a rotation untied them)
    TokenizerSpec tokenizer;
    std::string model_name;
    Recipe recipe;              // as exported (without what offline_only left out)
    // A static activation format's calibrated ranges (pipeline/activation_ranges.h), else empty.
    std::optional<ActivationRanges> activation_ranges;
    ExportOptions options;
    std::string provenance_json;  // the recipe, the source, Rotoscope's version: stored in the files
    // Where the writer puts its output: a directory that exists (hf, compressed-tensors) or a
    // file path (gguf). The caller renames it over the output once finish() returns.
    std::filesystem::path staging;
};

class ExportWriter {
public:
    virtual ~ExportWriter() = default;
    virtual void add(const ExportTensor& t) = 0;
    // Completes the output at the context's staging path; returns the files written (names).
    virtual std::vector<std::string> finish() = 0;
};

struct ExportTargetTraits {
    ExportTarget target;
    const char* key;      // "compressed-tensors"
    const char* runtime;  // "vLLM"
    bool directory;       // the output is a directory (else one file)
    // Adds to `v` what this target cannot express of `recipe` on a model of `cfg`.
    void (*check)(const Recipe& recipe, const ModelConfig& cfg, const ExportOptions& options, ExportVerdict& v);
    std::unique_ptr<ExportWriter> (*writer)(const ExportContext& context);
};

const std::span<const ExportTargetTraits> export_targets();
const ExportTargetTraits& export_target_traits(ExportTarget t);
// BadInput "<where>: unknown export target 'x' (expected hf, compressed-tensors, gguf)".
ExportTarget parse_export_target(const std::string& text, const std::string& where);

// The recipe as it will be exported: with offline_only, the online rotations and the
// activation/KV quantizers removed.
Recipe exported_recipe(const Recipe& recipe, const ExportOptions& options);

// Every target's verdict on `recipe` (as exported under `options`), in table order. What no
// exporter can do yet (smoothing) is listed for every target.
ExportVerdict check_export(const Recipe& recipe, const ModelConfig& cfg, const ExportOptions& options);
std::vector<ExportVerdict> check_all_exports(const Recipe& recipe, const ModelConfig& cfg, ExportOptions options);

}  // namespace rs
