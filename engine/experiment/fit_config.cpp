#include "experiment/fit_config.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "backend/backend.h"
#include "core/error.h"
#include "core/json_io.h"
#include "experiment/json_fields.h"
#include "quant/act_quant.h"
#include "rotate/rotation.h"

namespace rs {
namespace {

using nlohmann::json;
using namespace json_fields;

constexpr const char* kKind = "rotoscope-fit";

FitMethod parse_fit_method(const json& v, const std::string& where) {
    const std::string text = get_string(v, where, "method", "cayley");
    std::string keys;
    for (const FitMethodTraits& t : kFitMethods) {
        if (text == t.key) return t.method;
        keys += (keys.empty() ? "" : " or ") + std::string(t.key);
    }
    fail_key(where, "method", fmt::format("unknown fit method {} (expected {})", json_preview(v), keys));
}

RotationSpec parse_rotation_key(const json& v, const std::string& where, const std::string& key) {
    const std::string text = get_string(v, where, key, "rhadamard:seed=0");
    return wrap_key(where, key, [&] { return parse_rotation(text); });
}

quant::FormatSpec parse_format(const json& v, const std::string& where, const std::string& key) {
    const std::string text = get_string(v, where, key, "int4:token");
    return wrap_key(where, key, [&] { return quant::parse_format_spec(text); });
}

}  // namespace

const FitMethodTraits& fit_method_traits(FitMethod m) {
    for (const FitMethodTraits& t : kFitMethods)
        if (t.method == m) return t;
    fail_runtime("unknown fit method");
}

CalibrationSettings default_fit_calibration(FitMethod m) {
    return m == FitMethod::Procrustes ? CalibrationSettings{"", 1, 2048, 0} : CalibrationSettings{"", 100, 512, 0};
}

json fit_config_to_json(const FitConfig& c) {
    json j = {{"kind", kKind},
              {"model", c.model},
              {"backend", c.backend},
              {"method", fit_method_traits(c.method).key},
              {"a", quant::format_spec_name(c.activations)},
              {"kv", c.kv ? json(quant::format_spec_name(*c.kv)) : json(nullptr)},
              {"start", rotation_name(c.start)},
              {"block", c.block},
              {"calibration", calibration_to_json(c.calibration)}};
    if (c.method == FitMethod::Procrustes)
        j["procrustes"] = {{"rounds", c.procrustes.rounds}, {"alpha", c.procrustes.alpha}, {"tokens", c.procrustes.tokens}};
    else
        j["cayley"] = {{"steps", c.cayley.steps},
                       {"lr", c.cayley.lr},
                       {"learn_r2", c.cayley.learn_r2},
                       {"eval_windows", c.cayley.eval_windows},
                       {"r3", rotation_name(c.cayley.r3)},
                       {"r4", rotation_name(c.cayley.r4)}};
    return j;
}

FitConfig fit_config_from_json(const json& j, const std::string& where) {
    require_object(j, where, "a fit configuration");
    require_known_keys(j, where, "", {"kind", "model", "backend", "method", "a", "kv", "start", "block", "calibration",
                                      "procrustes", "cayley"});
    const auto kind = j.find("kind");
    if (kind == j.end() || !kind->is_string() || kind->get<std::string>() != kKind)
        fail_input(where, fmt::format("not a fit configuration (\"kind\" is not \"{}\")", kKind));
    FitConfig c;
    if (const auto it = j.find("model"); it != j.end()) c.model = get_string(*it, where, "model", "default");
    if (const auto it = j.find("backend"); it != j.end()) c.backend = get_string(*it, where, "backend", "cpu");
    parse_backend_spec(c.backend, where + ": backend");
    const auto method = j.find("method");
    if (method == j.end()) fail_key(where, "method", "missing (procrustes or cayley)");
    c.method = parse_fit_method(*method, where);
    const auto act = j.find("a");
    if (act == j.end()) fail_key(where, "a", "missing: the activation format the rotation is fitted for");
    c.activations = parse_format(*act, where, "a");
    if (const auto it = j.find("kv"); it != j.end() && !it->is_null()) c.kv = parse_format(*it, where, "kv");
    if (const auto it = j.find("start"); it != j.end()) c.start = parse_rotation_key(*it, where, "start");
    if (const auto it = j.find("block"); it != j.end()) c.block = static_cast<int>(get_int(*it, where, "block", 0, 1 << 16));
    c.calibration = default_fit_calibration(c.method);
    if (const auto it = j.find("calibration"); it != j.end()) c.calibration = calibration_from_json(*it, where, "calibration", c.calibration);
    const char* other = c.method == FitMethod::Procrustes ? "cayley" : "procrustes";
    if (j.contains(other)) fail_key(where, other, fmt::format("belongs to the {} method, not {}", other, fit_method_traits(c.method).key));
    if (const auto it = j.find("procrustes"); it != j.end()) {
        require_object(*it, where, "procrustes");
        require_known_keys(*it, where, "procrustes.", {"rounds", "alpha", "tokens"});
        ProcrustesSettings& p = c.procrustes;
        if (const auto v = it->find("rounds"); v != it->end()) p.rounds = static_cast<int>(get_int(*v, where, "procrustes.rounds", 0, 100000));
        if (const auto v = it->find("alpha"); v != it->end()) p.alpha = get_number(*v, where, "procrustes.alpha", 0.0, 1e6);
        if (const auto v = it->find("tokens"); v != it->end()) p.tokens = get_int(*v, where, "procrustes.tokens", 1, 1 << 24);
    }
    if (const auto it = j.find("cayley"); it != j.end()) {
        require_object(*it, where, "cayley");
        require_known_keys(*it, where, "cayley.", {"steps", "lr", "learn_r2", "eval_windows", "r3", "r4"});
        CayleySettings& s = c.cayley;
        if (const auto v = it->find("steps"); v != it->end()) s.steps = static_cast<int>(get_int(*v, where, "cayley.steps", 0, 1000000));
        if (const auto v = it->find("lr"); v != it->end()) s.lr = get_number(*v, where, "cayley.lr", 1e-9, 1e3);
        if (const auto v = it->find("learn_r2"); v != it->end()) s.learn_r2 = get_bool(*v, where, "cayley.learn_r2");
        if (const auto v = it->find("eval_windows"); v != it->end())
            s.eval_windows = static_cast<int>(get_int(*v, where, "cayley.eval_windows", 0, 1 << 20));
        if (const auto v = it->find("r3"); v != it->end()) s.r3 = parse_rotation_key(*v, where, "cayley.r3");
        if (const auto v = it->find("r4"); v != it->end()) s.r4 = parse_rotation_key(*v, where, "cayley.r4");
    }
    check_fit_config(c, where);
    return c;
}

void check_fit_config(const FitConfig& c, const std::string& where) {
    if (c.start.kind != RotationKind::RandomHadamard && c.start.kind != RotationKind::Identity)
        fail_key(where, "start", fmt::format("expected rhadamard[:seed=N] or none, got {}", rotation_name(c.start)));
    per_token_spec(c.activations, where + ": a", "activation");
    if (c.activations.static_scale)
        fail_key(where, "a", fmt::format("{} takes its scale from a calibrated candidate; a rotation is fitted with each tensor's "
                                         "own scale (drop \":static\")", quant::format_spec_name(c.activations)));
    if (c.method == FitMethod::Procrustes && c.kv) fail_key(where, "kv", "DFRot's refinement fits R1 to the activations alone");
    if (c.method == FitMethod::Cayley && c.cayley.eval_windows > c.calibration.windows)
        fail_key(where, "cayley.eval_windows",
                 fmt::format("{} evaluation windows, but the calibration has {}", c.cayley.eval_windows, c.calibration.windows));
}

}  // namespace rs
