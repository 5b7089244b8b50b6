// A quantization recipe: which rotations, which smoothing, which number formats for weights,
// activations and KV cache. Recipes are JSON (docs/recipes.md; examples in resources/recipes/):
//
//   { "name": "quarot-rtn-w4a4kv4",
//     "rotation": { "r1": "rhadamard:seed=0", "r2": "hadamard", "r3": "hadamard", "r4": "hadamard" },
//     "smooth": { "alpha": 0.5, "sites": ["down"] },
//     "w": "int4:channel:mse", "method": "rtn", "a": "int4:token:clip0.9", "kv": "int4:asym:clip0.95",
//     "lm_head": false }
//
// With "method": "gptq", "gptq" holds the solve's options (all optional, these are the defaults):
//   "gptq": { "damp": 0.01, "block": 128, "act_order": false, "static_groups": false,
//             "true_sequential": true }
//
// "rotation" may also be one string: that kind at R1, R2 and R4 ("none" = no rotation). An
// absent placement, "none" or null is off. Absent "w"/"a"/"kv" (or null) = not quantized.
// Unknown keys are errors (a typo must not silently run the wrong experiment).
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "model/model.h"
#include "tasks/task_settings.h"
#include "quant/format.h"
#include "quant/gptq.h"
#include "rotate/fuse.h"
#include "rotate/smooth.h"

#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(context, text) text
#endif

namespace rs {

// How the weights of a recipe are quantized: one row per method. A recipe names it with
// "method" (default "rtn"); the pipeline dispatches on the table. Titles are marked for lupdate
// in the "WeightMethod" context (the GUI translates them there).
enum class WeightMethod : uint8_t { Rtn, Gptq };

struct WeightMethodTraits {
    WeightMethod method;
    const char* key;    // "rtn"
    const char* title;  // "Round to nearest"
};
inline constexpr WeightMethodTraits kWeightMethods[] = {
    {WeightMethod::Rtn, "rtn", QT_TRANSLATE_NOOP("WeightMethod", "Round to nearest")},
    {WeightMethod::Gptq, "gptq", QT_TRANSLATE_NOOP("WeightMethod", "GPTQ")},
};
const WeightMethodTraits& weight_method_traits(WeightMethod m);
// BadInput "<where>: unknown weight method 'x' (expected rtn)".
WeightMethod parse_weight_method(const std::string& text, const std::string& where);

struct Recipe {
    std::string name;  // shown in tables; recipe_display_name() when empty
    FusePlan rotation;
    SmoothConfig smooth;
    std::optional<quant::FormatSpec> weights;      // quantized by `method`
    WeightMethod method = WeightMethod::Rtn;
    GptqOptions gptq;                              // method gptq: the solve's options
    std::optional<quant::FormatSpec> activations;  // per token at every linear input
    std::optional<quant::FormatSpec> kv;           // K after RoPE (and R3), V; per head
    bool quantize_lm_head = false;                 // the LM head's weight and input too
    bool operator==(const Recipe&) const = default;

    // GPTQ's act-order without static groups: a column's group is decided in the permuted order,
    // so groups are no longer runs of consecutive columns (a g_idx maps them).
    bool gptq_moves_groups() const { return method == WeightMethod::Gptq && gptq.act_order && !gptq.static_groups; }
    // Activations with a calibrated tensor scale ("nvfp4:static"): calibration windows go through
    // the candidate before it is evaluated (pipeline/activation_ranges.h).
    bool static_activations() const { return activations && activations->static_scale; }
};

// `where` names the source in errors ("recipes/quarot.json", "recipe 3 of matrix.json").
// BadInput, one line: "<where>: <problem>" for malformed JSON, unknown keys, bad specs.
Recipe recipe_from_json(const nlohmann::json& j, const std::string& where);
// The "rotation" value of a recipe alone: a string (R1, R2, R4) or an object with r1..r4.
FusePlan rotation_from_json(const nlohmann::json& v, const std::string& where);
nlohmann::json rotation_to_json(const FusePlan& plan);
nlohmann::json recipe_to_json(const Recipe& r);  // round-trips through recipe_from_json
Recipe load_recipe_file(const std::string& path);

// "R1 rhadamard:seed=0 + R2 hadamard · W int4 A int4:token" style short name.
std::string recipe_display_name(const Recipe& r);
// "W4A4KV16"-style bit summary ("W16" when not quantized; block formats by element bits).
std::string recipe_bits_label(const Recipe& r);

// Everything that would make a run fail, checked against the model before any work: rotation
// orders (block sizes, Hadamard constructions) at each placement, row lengths the formats cannot
// block (weights along in-features, activations along each site, KV along head_dim), smoothing
// that conflicts with R1, a model that already carries online rotations. BadInput, one line,
// naming `where` and the recipe.
void validate_recipe(const Recipe& r, const ModelConfig& cfg, const std::string& where);

// A matrix of recipes (the `compare` command): explicit recipes plus the product of rotations ×
// formats, each random rotation once per seed.
//
//   { "name": "w4a4-rotations-x-formats",
//     "eval": { "corpus": "wikitext2", "ctx": 512, "windows": 8, "probe_tokens": 256 },
//     "smooth_calibration": { "corpus": "wikitext2-train", "windows": 16, "ctx": 512, "seed": 0 },
//     "base": { "kv": null, "lm_head": false },
//     "gptq_calibration": { "corpus": "wikitext2-train", "windows": 32, "ctx": 512, "seed": 0 },
//     "rotations": [ "none", "rhadamard", { "r1": "block32", "r4": "block32" } ],
//     "formats": [ "mxfp4", { "w": "int4:channel", "a": "int4:token" } ],
//     "methods": [ "rtn", "gptq", { "method": "gptq", "gptq": { "act_order": true } } ],
//     "seeds": [0, 1, 2],
//     "recipes": [ { ...a recipe... } ] }
//
// "groups" (optional, one name per run) says which runs are seeds of one recipe, as a run
// report's configuration records it. A format string means the same format for w and a.
// "methods" is a third axis of the product (rotations x formats x methods): a method name or an
// object with "method" and "gptq". Seeds replace the seed of every random
// placement (rhadamard, orthogonal); recipes without random placements run once.
struct EvalSettings {
    std::string corpus;       // "" = default_corpus_name()
    int ctx = 512;
    int windows = 8;          // 0 = every complete window
    int probe_tokens = 256;   // tokens of the first eval window used by the per-linear probe; 0 = off
    TaskSettings tasks;       // task accuracy beside perplexity (none by default)
    bool operator==(const EvalSettings&) const = default;
};
// Calibration windows (calib/calibration.h): the smoothing statistics take 16 x 512 tokens by
// default, GPTQ's Hessians 32 x 512 (the papers use 128 x 2048 on a GPU).
struct CalibrationSettings {
    std::string corpus;       // "" = default calibration corpus (wikitext2-train when present)
    int windows = 16;
    int ctx = 512;
    uint64_t seed = 0;
    bool operator==(const CalibrationSettings&) const = default;
};
using SmoothCalibration = CalibrationSettings;
inline const CalibrationSettings kDefaultGptqCalibration{"", 32, 512, 0};

struct RecipeMatrix {
    std::string name;
    EvalSettings eval;
    SmoothCalibration smooth_calibration;
    CalibrationSettings gptq_calibration = kDefaultGptqCalibration;
    std::vector<Recipe> recipes;       // expanded, in run order
    std::vector<uint64_t> seeds;       // as given (for the report)
    std::vector<int> seed_of;          // per recipe: its seed, or -1 when it has no random placement
    std::vector<std::string> group_of; // per recipe: its name without the seed (mean ± std groups)
};

RecipeMatrix matrix_from_json(const nlohmann::json& j, const std::string& where);
// A calibration object ({"corpus", "windows", "ctx", "seed"}, each optional over `defaults`);
// BadInput "<where>: <key>.<member>: ..." for anything else.
CalibrationSettings calibration_from_json(const nlohmann::json& v, const std::string& where, const std::string& key,
                                          CalibrationSettings defaults);
nlohmann::json calibration_to_json(const CalibrationSettings& s);
RecipeMatrix load_matrix_file(const std::string& path);
nlohmann::json eval_settings_to_json(const EvalSettings& e);

}  // namespace rs
