// The experiment configuration: everything that decides a quantization experiment's numbers — the
// model, the backend, the evaluation tokens, the smoothing calibration and the recipes (a matrix,
// or one recipe) — as one value. The CLI's `quantize` and `compare` and the GUI's experiment panel
// build it, pipeline/experiment.h runs it, and every run report stores it (meta/config_json), so
// that `rotoscope-cli compare REPORT.h5` runs the same experiment again:
//
//   { "kind": "rotoscope-experiment", "model": "default", "backend": "cpu",
//     "name": "w4a4-rotations-x-formats",
//     "eval": { "corpus": "wikitext2", "ctx": 512, "windows": 8, "probe_tokens": 256 },
//     "smooth_calibration": { "corpus": "", "windows": 16, "ctx": 512, "seed": 0 },
//     "gptq_calibration": { "corpus": "", "windows": 32, "ctx": 512, "seed": 0 },  (with GPTQ recipes)
//     "recipes": [ { ...a recipe... }, ... ],
//     "groups": [ "rhadamard · W int4 A int4:token", ... ],
//     "shard": { "index": 0, "count": 4 } }                                     (a shard only)
//
// The recipes are the matrix expanded (one per run, seeds in place), so the JSON runs exactly the
// runs it lists; "groups" keeps which runs are seeds of one recipe.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "experiment/recipe.h"

namespace rs {

// The engines an experiment can run on (ExperimentConfig::engine).
inline constexpr const char* kEngineModel = "model";
inline constexpr const char* kEngineLayers = "layers";
// BadInput "<where>: unknown engine ..." for anything else.
void check_engine_name(const std::string& engine, const std::string& where);

// One part of a matrix, for running it on many GPUs or machines: shard i of n runs recipes i,
// i + n, i + 2n, ... (i counts from 0, as Slurm's array task ids do). A shard's report stores
// the whole configuration and its shard; `rotoscope-cli merge` puts the n reports back together
// (report/run_report_merge.h). {0, 1}: the whole matrix. In JSON: "shard": {"index": i,
// "count": n}, absent for the whole matrix.
struct Shard {
    int index = 0;
    int count = 1;
    bool whole() const { return count == 1; }
    bool operator==(const Shard&) const = default;
};
// "i/n" with 0 <= i < n <= 4096; BadInput "<where>: ..." otherwise.
Shard parse_shard(const std::string& text, const std::string& where);
// The indices of the recipes shard `s` runs, in run order.
std::vector<size_t> shard_recipes(size_t recipes, const Shard& s);
// The matrix with only shard `s`'s recipes (and their groups and seeds).
RecipeMatrix shard_matrix(const RecipeMatrix& m, const Shard& s);

struct ExperimentConfig {
    std::string model = "default";  // a .gguf, an HF directory, or "default"
    std::string backend = "cpu";     // cpu or cuda
    // "model": the model loaded whole in fp32 (every feature); "layers": the layer-by-layer engine
    // (pipeline/layer_session.h), for checkpoints larger than memory. Absent in JSON: "model".
    std::string engine = "model";
    RecipeMatrix matrix;             // name, eval, smooth_calibration, the expanded recipes
    Shard shard;                     // which of the matrix's recipes this run computes
};

nlohmann::json experiment_to_json(const ExperimentConfig& c);
// BadInput "<where>: ..." (one line) for anything malformed; the recipes are checked as a matrix's.
ExperimentConfig experiment_from_json(const nlohmann::json& j, const std::string& where);

// The recipes of `m` as an explicit matrix (what experiment_to_json stores).
nlohmann::json matrix_to_json(const RecipeMatrix& m);

// An experiment of one recipe (`quantize`).
ExperimentConfig single_recipe_experiment(std::string model, std::string backend, const Recipe& recipe,
                                          const EvalSettings& eval, const SmoothCalibration& smooth_calibration,
                                          const CalibrationSettings& gptq_calibration = kDefaultGptqCalibration);

// Whether a recipe of the matrix samples calibration windows (then gptq_calibration matters): GPTQ
// weights, or a static activation format's ranges.
bool uses_calibration(const RecipeMatrix& m);

// The distinct seeds of the matrix's runs, in order of first appearance (RunReport::seeds).
std::vector<uint64_t> seeds_of_runs(const RecipeMatrix& m);

}  // namespace rs
