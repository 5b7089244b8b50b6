#include "export/export_target.h"

#include <iterator>

#include "core/error.h"
#include "core/untrusted_text.h"
#include "export/ct_export.h"
#include "export/gguf_export.h"
#include "export/hf_export.h"

namespace rs {
namespace {

constexpr ExportTargetTraits kExportTargets[] = {
    {ExportTarget::Hf, "hf", "transformers", true, &check_hf_export, &hf_export_writer},
    {ExportTarget::CompressedTensors, "compressed-tensors", "vLLM", true, &check_ct_export, &ct_export_writer},
    {ExportTarget::Gguf, "gguf", "llama.cpp", false, &check_gguf_export, &gguf_export_writer},
};

constexpr bool targets_in_enum_order() {
    for (size_t i = 0; i < std::size(kExportTargets); ++i)
        if (static_cast<size_t>(kExportTargets[i].target) != i) return false;
    return true;
}
static_assert(targets_in_enum_order(), "rows in enum order: the table is indexed by ExportTarget");

struct DtypeRow {
    ExportDtype dtype;
    const char* name;
};
constexpr DtypeRow kDtypes[] = {{ExportDtype::F32, "f32"}, {ExportDtype::F16, "f16"}, {ExportDtype::BF16, "bf16"}};

}  // namespace

const char* export_dtype_name(ExportDtype d) { return kDtypes[static_cast<size_t>(d)].name; }

ExportDtype parse_export_dtype(const std::string& text, const std::string& where) {
    for (const DtypeRow& r : kDtypes)
        if (text == r.name) return r.dtype;
    fail_input(where, "unknown float dtype " + in_quotes(text) + " (expected f32, f16, bf16)");
}

const std::span<const ExportTargetTraits> export_targets() { return kExportTargets; }

const ExportTargetTraits& export_target_traits(ExportTarget t) { return kExportTargets[static_cast<size_t>(t)]; }

ExportTarget parse_export_target(const std::string& text, const std::string& where) {
    for (const ExportTargetTraits& t : kExportTargets)
        if (text == t.key) return t.target;
    fail_input(where, "unknown export target " + in_quotes(text) + " (expected hf, compressed-tensors, gguf)");
}

Recipe exported_recipe(const Recipe& recipe, const ExportOptions& options) {
    Recipe r = recipe;
    if (!options.offline_only) return r;
    r.rotation.r3_on = false;
    r.rotation.r3 = {};
    r.rotation.r4_on = false;
    r.rotation.r4 = {};
    r.activations.reset();
    r.kv.reset();
    return r;
}

ExportVerdict check_export(const Recipe& recipe, const ModelConfig& cfg, const ExportOptions& options) {
    const ExportTargetTraits& t = export_target_traits(options.target);
    ExportVerdict v{t.target, {}, {}};
    const Recipe r = exported_recipe(recipe, options);
    if (r.smooth.on) v.cannot.push_back("smoothing is not exported yet (the exporter runs the layer-by-layer engine, which has no smoothing step)");
    if (cfg.rope_scaling && cfg.rope_scaling->type == "freqs" && t.target != ExportTarget::Gguf)
        v.cannot.push_back("the source's RoPE frequency factors (GGUF rope_freqs) have no config.json spelling");
    t.check(r, cfg, options, v);
    if (options.offline_only && !(recipe == r))
        v.notes.push_back("--offline-only: online rotations and activation/KV quantizers are left out; the export computes the offline part of the recipe only");
    return v;
}

std::vector<ExportVerdict> check_all_exports(const Recipe& recipe, const ModelConfig& cfg, ExportOptions options) {
    std::vector<ExportVerdict> out;
    for (const ExportTargetTraits& t : kExportTargets) {
        options.target = t.target;
        out.push_back(check_export(recipe, cfg, options));
    }
    return out;
}

}  // namespace rs
