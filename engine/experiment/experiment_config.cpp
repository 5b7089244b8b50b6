#include "experiment/experiment_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "backend/backend.h"
#include "core/error.h"
#include "core/json_io.h"
#include "core/untrusted_text.h"

namespace rs {
namespace {

using nlohmann::json;

constexpr const char* kKind = "rotoscope-experiment";
constexpr int kMaxShards = 4096;

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

Shard parse_shard(const std::string& text, const std::string& where) {
    const auto slash = text.find('/');
    int i = -1, n = -1;
    if (slash != std::string::npos) {
        const char* a = text.data();
        const char* mid = a + slash;
        const char* end = a + text.size();
        const auto r1 = std::from_chars(a, mid, i);
        const auto r2 = std::from_chars(mid + 1, end, n);
        if (r1.ec != std::errc() || r1.ptr != mid || r2.ec != std::errc() || r2.ptr != end) i = n = -1;
    }
    if (n < 1 || n > kMaxShards || i < 0 || i >= n)
        fail_input(where, fmt::format("shard {} is not i/n with 0 <= i < n <= {} (shard 0/4 is the first of four)",
                                      in_quotes(text), kMaxShards));
    return {i, n};
}

std::vector<size_t> shard_recipes(size_t recipes, const Shard& s) {
    std::vector<size_t> out;
    for (size_t k = static_cast<size_t>(s.index); k < recipes; k += static_cast<size_t>(s.count)) out.push_back(k);
    return out;
}

RecipeMatrix shard_matrix(const RecipeMatrix& m, const Shard& s) {
    if (s.whole()) return m;
    RecipeMatrix out = m;
    out.recipes.clear();
    out.seed_of.clear();
    out.group_of.clear();
    for (const size_t k : shard_recipes(m.recipes.size(), s)) {
        out.recipes.push_back(m.recipes[k]);
        if (k < m.seed_of.size()) out.seed_of.push_back(m.seed_of[k]);
        if (k < m.group_of.size()) out.group_of.push_back(m.group_of[k]);
    }
    return out;
}

json experiment_to_json(const ExperimentConfig& c) {
    json j = {{"kind", kKind}, {"model", c.model}, {"backend", c.backend}};
    if (c.engine != kEngineModel) j["engine"] = c.engine;
    const json matrix = matrix_to_json(c.matrix);
    for (const auto& [k, v] : matrix.items()) j[k] = v;
    if (!c.shard.whole()) j["shard"] = {{"index", c.shard.index}, {"count", c.shard.count}};
    return j;
}

namespace {

Shard shard_from_json(const json& v, const std::string& where) {
    const auto number = [&](const char* key) {
        const auto it = v.find(key);
        if (it == v.end() || !it->is_number_integer())
            fail_input(where, fmt::format("shard.{} must be an integer, got {}", key, it == v.end() ? "nothing" : json_preview(*it)));
        return it->get<int64_t>();
    };
    if (!v.is_object()) fail_input(where, fmt::format("shard must be an object {{\"index\", \"count\"}}, got {}", v.type_name()));
    const int64_t i = number("index"), n = number("count");
    if (n < 1 || n > kMaxShards || i < 0 || i >= n)
        fail_input(where, fmt::format("shard {}/{} is not i/n with 0 <= i < n <= {}", i, n, kMaxShards));
    return {static_cast<int>(i), static_cast<int>(n)};
}

}  // namespace

ExperimentConfig experiment_from_json(const json& j, const std::string& where) {
    if (!j.is_object()) fail_input(where, fmt::format("an experiment configuration must be a JSON object, got {}", j.type_name()));
    if (string_member(j, where, "kind", "") != kKind)
        fail_input(where, fmt::format("not an experiment configuration (\"kind\" is not \"{}\")", kKind));
    ExperimentConfig c;
    c.model = string_member(j, where, "model", c.model);
    c.backend = string_member(j, where, "backend", c.backend);
    parse_backend_spec(c.backend, where + ": backend");
    c.engine = string_member(j, where, "engine", c.engine);
    check_engine_name(c.engine, where);
    if (const auto it = j.find("shard"); it != j.end() && !it->is_null()) c.shard = shard_from_json(*it, where);
    json m = j;
    m.erase("shard");
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
