#include "experiment/experiment_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/json_io.h"
#include "core/untrusted_text.h"

namespace rs {
namespace {

using nlohmann::json;

constexpr const char* kKind = "rotoscope-experiment";

std::string string_member(const json& j, const std::string& where, const char* key, const std::string& fallback) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    if (!it->is_string()) fail_input(where, fmt::format("\"{}\" must be a string, got {}", key, it->type_name()));
    return it->get<std::string>();
}

}  // namespace

json matrix_to_json(const RecipeMatrix& m) {
    json recipes = json::array();
    for (const Recipe& r : m.recipes) recipes.push_back(recipe_to_json(r));
    json j = json::object();
    if (!m.name.empty()) j["name"] = m.name;
    j["eval"] = eval_settings_to_json(m.eval);
    j["smooth_calibration"] = calibration_to_json(m.smooth_calibration);
    // Written when a recipe uses it, so that configurations without calibration read as before.
    if (uses_calibration(m)) j["gptq_calibration"] = calibration_to_json(m.gptq_calibration);
    j["recipes"] = std::move(recipes);
    if (m.group_of.size() == m.recipes.size()) j["groups"] = m.group_of;
    return j;
}

void check_engine_name(const std::string& engine, const std::string& where) {
    if (engine != kEngineModel && engine != kEngineLayers)
        fail_input(where, fmt::format("unknown engine {} ({} or {})", in_quotes(engine), kEngineModel, kEngineLayers));
}

json experiment_to_json(const ExperimentConfig& c) {
    json j = {{"kind", kKind}, {"model", c.model}, {"backend", c.backend}};
    if (c.engine != kEngineModel) j["engine"] = c.engine;
    const json matrix = matrix_to_json(c.matrix);
    for (const auto& [k, v] : matrix.items()) j[k] = v;
    return j;
}

ExperimentConfig experiment_from_json(const json& j, const std::string& where) {
    if (!j.is_object()) fail_input(where, fmt::format("an experiment configuration must be a JSON object, got {}", j.type_name()));
    if (string_member(j, where, "kind", "") != kKind)
        fail_input(where, fmt::format("not an experiment configuration (\"kind\" is not \"{}\")", kKind));
    ExperimentConfig c;
    c.model = string_member(j, where, "model", c.model);
    c.backend = string_member(j, where, "backend", c.backend);
    if (c.backend != "cpu" && c.backend != "cuda")
        fail_input(where, fmt::format("unknown backend {} (cpu or cuda)", json_preview(j["backend"])));
    c.engine = string_member(j, where, "engine", c.engine);
    check_engine_name(c.engine, where);
    json m = j;
    m.erase("engine");
    m.erase("kind");
    m.erase("model");
    m.erase("backend");
    c.matrix = matrix_from_json(m, where);
    return c;
}

ExperimentConfig single_recipe_experiment(std::string model, std::string backend, const Recipe& recipe,
                                          const EvalSettings& eval, const SmoothCalibration& smooth_calibration,
                                          const CalibrationSettings& gptq_calibration) {
    ExperimentConfig c;
    c.model = std::move(model);
    c.backend = std::move(backend);
    c.matrix.eval = eval;
    c.matrix.smooth_calibration = smooth_calibration;
    c.matrix.gptq_calibration = gptq_calibration;
    c.matrix.recipes = {recipe};
    c.matrix.seed_of = {first_random_seed(recipe.rotation)};
    c.matrix.group_of = {recipe.name.empty() ? recipe_display_name(recipe) : recipe.name};
    return c;
}

bool uses_calibration(const RecipeMatrix& m) {
    return std::any_of(m.recipes.begin(), m.recipes.end(),
                       [](const Recipe& r) { return (r.weights && r.method == WeightMethod::Gptq) || r.static_activations(); });
}

std::vector<uint64_t> seeds_of_runs(const RecipeMatrix& m) {
    std::vector<uint64_t> out;
    for (const int s : m.seed_of)
        if (s >= 0 && std::find(out.begin(), out.end(), static_cast<uint64_t>(s)) == out.end())
            out.push_back(static_cast<uint64_t>(s));
    return out;
}

}  // namespace rs
