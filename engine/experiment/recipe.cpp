#include "experiment/recipe.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <climits>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/error.h"
#include "core/json_io.h"
#include "core/limits.h"
#include "core/untrusted_text.h"
#include "experiment/json_fields.h"
#include "quant/act_quant.h"
#include "rotate/rotation.h"
#include "rotate/rotation_kinds.h"

namespace rs {
namespace {

using nlohmann::json;
using namespace json_fields;

constexpr std::uintmax_t kMaxFileBytes = 16u << 20;  // a recipe is a few hundred bytes; anything huge is a mistake

// An optional number format: absent or null is "not quantized".
std::optional<quant::FormatSpec> parse_format_key(const json& j, const std::string& where, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    const std::string text = get_string(*it, where, key, "int4:channel");
    return wrap_key(where, key, [&] { return quant::parse_format_spec(text); });
}

// One placement: a rotation string, "none" or null (off).
void parse_placement(const json& v, const std::string& where, const std::string& key, RotationSpec& spec, bool& on) {
    spec = RotationSpec{};
    on = false;
    if (v.is_null()) return;
    const std::string text = get_string(v, where, key, "rhadamard:seed=0");
    const RotationSpec s = wrap_key(where, key, [&] { return parse_rotation(text); });
    if (s.kind == RotationKind::Identity) return;
    spec = s;
    on = true;
}

FusePlan parse_rotation_value(const json& v, const std::string& where) {
    FusePlan plan;
    if (v.is_null()) return plan;
    if (v.is_string()) {
        RotationSpec spec;
        bool on = false;
        parse_placement(v, where, "rotation", spec, on);
        // One kind for the whole model: R1, R2 and R4 (QuaRot's offline + down_proj placements);
        // R3 acts on the KV path and is asked for explicitly.
        plan.r1 = plan.r2 = plan.r4 = spec;
        plan.r1_on = plan.r2_on = plan.r4_on = on;
        return plan;
    }
    if (!v.is_object())
        fail_key(where, "rotation", fmt::format("expected a rotation string or an object with keys r1..r4, got {}", v.type_name()));
    require_known_keys(v, where, "rotation.", {"r1", "r2", "r3", "r4"});
    for (const PlacementTraits& p : kPlacements) {
        const auto it = v.find(p.key);
        if (it != v.end()) parse_placement(*it, where, std::string("rotation.") + p.key, plan.*p.spec, plan.*p.on);
    }
    return plan;
}

SmoothConfig parse_smooth(const json& v, const std::string& where) {
    SmoothConfig s;
    if (v.is_null()) return s;
    if (!v.is_object())
        fail_key(where, "smooth", fmt::format("expected an object such as {{\"alpha\": 0.5, \"sites\": [\"down\"]}} or null, got {}",
                                              v.type_name()));
    require_known_keys(v, where, "smooth.", {"alpha", "sites", "min_scale"});
    s.on = true;
    if (const auto it = v.find("alpha"); it != v.end()) {
        if (!it->is_number()) fail_key(where, "smooth.alpha", fmt::format("expected a number in [0, 1], got {}", it->type_name()));
        s.alpha = it->get<double>();
        if (!(s.alpha >= 0.0 && s.alpha <= 1.0)) fail_key(where, "smooth.alpha", fmt::format("must be in [0, 1], got {}", json_preview(*it)));
    }
    if (const auto it = v.find("min_scale"); it != v.end()) {
        if (!it->is_number()) fail_key(where, "smooth.min_scale", fmt::format("expected a positive number, got {}", it->type_name()));
        s.min_scale = it->get<double>();
        if (!(s.min_scale > 0.0) || !std::isfinite(s.min_scale))
            fail_key(where, "smooth.min_scale", fmt::format("must be positive, got {}", json_preview(*it)));
    }
    if (const auto it = v.find("sites"); it != v.end()) {
        if (!it->is_array() || it->empty())
            fail_key(where, "smooth.sites", "expected a non-empty array of \"down\", \"attn\", \"mlp\"");
        for (const SmoothSiteTraits& t : kSmoothSites) s.*t.on = false;
        for (const json& site : *it) {
            const std::string name = site.is_string() ? site.get<std::string>() : "";
            bool known = false;
            for (const SmoothSiteTraits& t : kSmoothSites)
                if (name == t.name) known = s.*t.on = true;
            if (!known)
                fail_key(where, "smooth.sites", fmt::format("unknown site {} (expected down, attn or mlp)", json_preview(site)));
        }
    }
    return s;
}

// The short text of one rotation in names: "block32" reads better than "block:32" in a table.
std::string short_rotation(const RotationSpec& s, bool with_seed) {
    const RotationKindTraits& t = rotation_traits(s.kind);
    if (t.takes_block) return fmt::format("{}{}", t.name, s.block);
    if (t.random && with_seed) return fmt::format("{}:seed={}", t.name, s.seed);
    return t.name;
}

// R1, R2 and R4 on with one kind and R3 off: what a rotation string means.
bool uniform_plan(const FusePlan& p) {
    return p.r1_on && p.r2_on && p.r4_on && !p.r3_on && p.r1 == p.r2 && p.r1 == p.r4;
}

std::string plan_name(const FusePlan& p, bool with_seed) {
    if (!p.any()) return "none";
    if (uniform_plan(p)) return short_rotation(p.r1, with_seed);
    std::string s;
    for (const PlacementTraits& t : kPlacements) {
        if (!(p.*t.on)) continue;
        if (!s.empty()) s += " + ";
        s += fmt::format("{} {}", t.name, short_rotation(p.*t.spec, with_seed));
    }
    return s;
}

std::string display_name(const Recipe& r, bool with_seed) {
    std::string s = plan_name(r.rotation, with_seed);
    if (r.smooth.on) {
        s += fmt::format(" · smooth α={:g}", r.smooth.alpha);
        if (!(r.smooth.down && !r.smooth.attn && !r.smooth.mlp)) {
            std::string sites;
            for (const SmoothSiteTraits& t : kSmoothSites)
                if (r.smooth.*t.on) sites += sites.empty() ? std::string(t.name) : fmt::format("+{}", t.name);
            s += " " + sites;
        }
    }
    std::string formats;
    auto add = [&](const std::optional<quant::FormatSpec>& f, const char* what) {
        if (!f) return;
        if (!formats.empty()) formats += " ";
        formats += fmt::format("{} {}", what, quant::format_spec_name(*f));
    };
    add(r.weights, "W");
    if (r.weights && r.method != WeightMethod::Rtn) formats += fmt::format(" {}", weight_method_traits(r.method).key);
    if (r.weights && r.method == WeightMethod::Gptq && r.gptq != GptqOptions{}) {
        // Only what differs from the defaults, so that variants of one recipe get distinct names.
        const GptqOptions d;
        std::vector<std::string> parts;
        if (r.gptq.damp != d.damp) parts.push_back(fmt::format("damp={:g}", r.gptq.damp));
        if (r.gptq.block != d.block) parts.push_back(fmt::format("block={}", r.gptq.block));
        if (r.gptq.act_order) parts.push_back("act-order");
        if (r.gptq.static_groups) parts.push_back("static");
        if (!r.gptq.true_sequential) parts.push_back("layerwise");
        formats += fmt::format("({})", fmt::join(parts, ","));
    }
    add(r.activations, "A");
    add(r.kv, "KV");
    s += " · " + (formats.empty() ? std::string("unquantized") : formats);
    if (r.quantize_lm_head) s += " · lm_head";
    return s;
}

int format_bits(const std::optional<quant::FormatSpec>& f) {
    if (!f) return 16;
    const int element = quant::format_traits(f->kind).element_bits;
    return element != 0 ? element : f->bits;
}

// Elements sharing one scale along a row, or 0 when the scale spans the whole row (or more).
int row_block(const quant::FormatSpec& f) {
    const int block = quant::format_traits(f.kind).block;
    if (block != 0) return block;
    return f.granularity == quant::Granularity::Group ? f.group : 0;
}

Recipe with_seed(Recipe r, uint64_t seed) {
    for (const PlacementTraits& t : kPlacements)
        if (r.rotation.*t.on && is_random(r.rotation.*t.spec)) (r.rotation.*t.spec).seed = seed;
    return r;
}

json read_file(const std::string& path) { return read_json_file(path, kMaxFileBytes, "a recipe"); }

// A list of a matrix, with its length checked before any entry is parsed.
const json& matrix_list(const json& v, const std::string& where, const char* key) {
    if (!v.is_array() || v.empty()) fail_key(where, key, "expected a non-empty array");
    check_limit(Limit::MatrixEntries, static_cast<int64_t>(v.size()), where, std::string("\"") + key + "\" (its length)");
    return v;
}

// An axis of a product matrix: each entry is a string (one value, spread over `string_keys`) or an
// object with some of `keys`; every entry is checked as a recipe fragment where it stands.
struct MatrixAxis {
    const char* noun;                      // one entry, "format"
    std::vector<std::string> string_keys;  // what a string entry sets: {"w", "a"}
    std::set<std::string> keys;            // what an object entry may set
    const char* expected;                  // the one-line complaint about any other entry
};

const MatrixAxis kFormatAxis{"format", {"w", "a"}, {"w", "a", "kv", "lm_head", "method", "gptq"},
                             "a format string or an object with w/a/kv"};
const MatrixAxis kMethodAxis{"method", {"method"}, {"method", "gptq"}, "a method name or an object with method/gptq"};

std::vector<json> matrix_axis(const json& list, const std::string& where, const MatrixAxis& axis) {
    std::vector<json> out;
    for (size_t i = 0; i < list.size(); ++i) {
        const json& e = list[i];
        const std::string at = fmt::format("{} {} of {}", axis.noun, i + 1, where);
        json f = json::object();
        if (e.is_string()) {
            for (const std::string& k : axis.string_keys) f[k] = e;
        } else if (e.is_object()) {
            require_known_keys(e, at, "", axis.keys);
            f = e;
        } else {
            fail_input(at, fmt::format("expected {}, got {}", axis.expected, e.type_name()));
        }
        recipe_from_json(f, at);
        out.push_back(std::move(f));
    }
    return out;
}

EvalSettings parse_eval(const json& v, const std::string& where) {
    EvalSettings e;
    require_object(v, where, "eval");
    require_known_keys(v, where, "eval.",
                       {"corpus", "ctx", "windows", "probe_tokens", "tasks", "task_data", "task_shots", "task_limit",
                        "task_max_length"});
    if (const auto it = v.find("corpus"); it != v.end()) e.corpus = get_string(*it, where, "eval.corpus", "wikitext2");
    if (const auto it = v.find("ctx"); it != v.end()) e.ctx = static_cast<int>(get_int(*it, where, "eval.ctx", 4, 1 << 20));
    if (const auto it = v.find("windows"); it != v.end())
        e.windows = static_cast<int>(get_int(*it, where, "eval.windows", 0, 1 << 20));
    if (const auto it = v.find("probe_tokens"); it != v.end())
        e.probe_tokens = static_cast<int>(get_int(*it, where, "eval.probe_tokens", 0, 1 << 20));
    task_settings_from_json(v, e.tasks, where);
    return e;
}

GptqOptions parse_gptq(const json& v, const std::string& where) {
    GptqOptions o;
    require_object(v, where, "gptq");
    require_known_keys(v, where, "gptq.", {"damp", "block", "act_order", "static_groups", "true_sequential"});
    if (const auto it = v.find("damp"); it != v.end()) {
        if (!it->is_number()) fail_key(where, "gptq.damp", fmt::format("expected a number, got {}", it->type_name()));
        o.damp = it->get<double>();
        if (!(o.damp >= 0.0 && o.damp <= 10.0)) fail_key(where, "gptq.damp", fmt::format("must be in [0, 10], got {}", o.damp));
    }
    if (const auto it = v.find("block"); it != v.end()) o.block = static_cast<int>(get_int(*it, where, "gptq.block", 1, 1 << 16));
    if (const auto it = v.find("act_order"); it != v.end()) o.act_order = get_bool(*it, where, "gptq.act_order");
    if (const auto it = v.find("static_groups"); it != v.end()) o.static_groups = get_bool(*it, where, "gptq.static_groups");
    if (const auto it = v.find("true_sequential"); it != v.end())
        o.true_sequential = get_bool(*it, where, "gptq.true_sequential");
    return o;
}

}  // namespace

const WeightMethodTraits& weight_method_traits(WeightMethod m) {
    for (const WeightMethodTraits& t : kWeightMethods)
        if (t.method == m) return t;
    fail_runtime("unknown weight method");
}

WeightMethod parse_weight_method(const std::string& text, const std::string& where) {
    std::string expected;
    for (const WeightMethodTraits& t : kWeightMethods) {
        if (text == t.key) return t.method;
        expected += expected.empty() ? t.key : fmt::format(", {}", t.key);
    }
    fail_input(where, fmt::format("unknown weight method {} (expected {})", in_quotes(text), expected));
}

CalibrationSettings calibration_from_json(const json& v, const std::string& where, const std::string& key,
                                          CalibrationSettings s) {
    require_object(v, where, key);
    require_known_keys(v, where, key + ".", {"corpus", "windows", "ctx", "seed"});
    if (const auto it = v.find("corpus"); it != v.end()) s.corpus = get_string(*it, where, key + ".corpus", "wikitext2-train");
    if (const auto it = v.find("windows"); it != v.end())
        s.windows = static_cast<int>(get_int(*it, where, key + ".windows", 1, 1 << 20));
    if (const auto it = v.find("ctx"); it != v.end()) s.ctx = static_cast<int>(get_int(*it, where, key + ".ctx", 2, 1 << 20));
    if (const auto it = v.find("seed"); it != v.end()) s.seed = get_u64(*it, where, key + ".seed");
    return s;
}

json calibration_to_json(const CalibrationSettings& s) {
    return {{"corpus", s.corpus}, {"windows", s.windows}, {"ctx", s.ctx}, {"seed", s.seed}};
}

Recipe recipe_from_json(const json& j, const std::string& where) {
    require_object(j, where, "a recipe");
    require_known_keys(j, where, "", {"name", "rotation", "smooth", "w", "method", "gptq", "a", "kv", "lm_head"});
    Recipe r;
    if (const auto it = j.find("name"); it != j.end() && !it->is_null()) r.name = get_string(*it, where, "name", "quarot-w4a4");
    if (const auto it = j.find("rotation"); it != j.end()) r.rotation = parse_rotation_value(*it, where);
    if (const auto it = j.find("smooth"); it != j.end()) r.smooth = parse_smooth(*it, where);
    r.weights = parse_format_key(j, where, "w");
    if (const auto it = j.find("method"); it != j.end() && !it->is_null())
        r.method = wrap_key(where, "method", [&] { return parse_weight_method(get_string(*it, where, "method", "rtn"), ""); });
    if (const auto it = j.find("gptq"); it != j.end() && !it->is_null()) {
        if (r.method != WeightMethod::Gptq) fail_key(where, "gptq", "GPTQ options given, but the method is not gptq");
        r.gptq = parse_gptq(*it, where);
    }
    r.activations = parse_format_key(j, where, "a");
    r.kv = parse_format_key(j, where, "kv");
    if (const auto it = j.find("lm_head"); it != j.end() && !it->is_null()) {
        if (!it->is_boolean()) fail_key(where, "lm_head", fmt::format("expected true or false, got {}", it->type_name()));
        r.quantize_lm_head = it->get<bool>();
    }
    return r;
}

FusePlan rotation_from_json(const json& v, const std::string& where) { return parse_rotation_value(v, where); }

json rotation_to_json(const FusePlan& p) {
    if (!p.any()) return "none";
    if (uniform_plan(p)) return rotation_name(p.r1);
    json rot = json::object();
    for (const PlacementTraits& t : kPlacements)
        if (p.*t.on) rot[t.key] = rotation_name(p.*t.spec);
    return rot;
}

json recipe_to_json(const Recipe& r) {
    json j = json::object();
    if (!r.name.empty()) j["name"] = r.name;
    j["rotation"] = rotation_to_json(r.rotation);
    if (r.smooth.on) {
        json sites = json::array();
        for (const SmoothSiteTraits& t : kSmoothSites)
            if (r.smooth.*t.on) sites.push_back(t.name);
        json s{{"alpha", r.smooth.alpha}, {"sites", sites}};
        if (r.smooth.min_scale != SmoothConfig{}.min_scale) s["min_scale"] = r.smooth.min_scale;
        j["smooth"] = s;
    }
    if (r.weights) j["w"] = quant::format_spec_name(*r.weights);
    if (r.weights && r.method != WeightMethod::Rtn) j["method"] = weight_method_traits(r.method).key;
    if (r.weights && r.method == WeightMethod::Gptq)
        j["gptq"] = {{"damp", r.gptq.damp}, {"block", r.gptq.block}, {"act_order", r.gptq.act_order},
                     {"static_groups", r.gptq.static_groups}, {"true_sequential", r.gptq.true_sequential}};
    if (r.activations) j["a"] = quant::format_spec_name(*r.activations);
    if (r.kv) j["kv"] = quant::format_spec_name(*r.kv);
    j["lm_head"] = r.quantize_lm_head;
    return j;
}

Recipe load_recipe_file(const std::string& path) { return recipe_from_json(read_file(path), path); }

std::string recipe_display_name(const Recipe& r) { return display_name(r, true); }

std::string recipe_bits_label(const Recipe& r) {
    return fmt::format("W{}A{}KV{}", format_bits(r.weights), format_bits(r.activations), format_bits(r.kv));
}

void validate_recipe(const Recipe& r, const ModelConfig& cfg, const std::string& where) {
    const std::string name = r.name.empty() ? recipe_display_name(r) : r.name;
    auto fail = [&](const std::string& problem) { fail_input(where, "recipe " + in_quotes(name) + ": " + problem); };

    try {
        check_fuse_plan(cfg, r.rotation);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::BadInput) throw;
        fail(e.what());
    }
    if (r.smooth.on) {
        if (!(r.smooth.alpha >= 0.0 && r.smooth.alpha <= 1.0))
            fail(fmt::format("smoothing alpha must be in [0, 1], got {}", r.smooth.alpha));
        if (!r.smooth.down && !r.smooth.attn && !r.smooth.mlp) fail("smoothing is on but names no site");
        if (r.rotation.r1_on && (r.smooth.attn || r.smooth.mlp))
            fail("attn/mlp smoothing folds its scales into the RMSNorm weights, which R1 replaces; use the down site or turn R1 off");
    }

    const int64_t d = cfg.d_model, qd = int64_t{cfg.n_heads} * cfg.head_dim, ff = cfg.d_ff;
    struct Row {
        const char* what;
        const char* dim;
        int64_t n;
    };
    std::vector<Row> rows{{"q/k/v and gate/up inputs", "d_model", d}, {"o_proj input", "n_heads*head_dim", qd},
                          {"down_proj input", "d_ff", ff}};
    if (r.quantize_lm_head) rows.push_back({"lm_head input", "d_model", d});
    auto check_rows = [&](const quant::FormatSpec& f, const char* which) {
        const int block = row_block(f);
        if (block <= 0) return;
        for (const Row& row : rows)
            if (row.n % block != 0)
                fail(fmt::format("{} format {}: {} {} of the {} is not a multiple of its {} {}", which,
                                 quant::format_spec_name(f), row.dim, row.n, row.what,
                                 quant::format_traits(f.kind).block != 0 ? "block" : "group", block));
    };
    if (r.weights) check_rows(*r.weights, "weight");
    if (r.activations) check_rows(*r.activations, "activation");
    if (r.kv) {
        const int block = row_block(*r.kv);
        // The KV quantizer makes one scale per head, so only the fixed blocks must fit head_dim.
        if (quant::format_traits(r.kv->kind).block != 0 && cfg.head_dim % block != 0)
            fail(fmt::format("KV format {}: head_dim {} is not a multiple of its block {}", quant::format_spec_name(*r.kv),
                             cfg.head_dim, block));
    }
    if (r.method == WeightMethod::Gptq) {
        if (!r.weights) fail("method gptq quantizes weights, but the recipe has no weight format (\"w\")");
        if (r.quantize_lm_head) fail("GPTQ does not quantize the LM head; quantize it with rtn or leave lm_head off");
        if (r.gptq_moves_groups() && quant::format_traits(r.weights->kind).block != 0)
            fail(fmt::format("weight format {} has fixed blocks in column order; GPTQ act-order needs static groups "
                             "(\"static_groups\": true)", quant::format_spec_name(*r.weights)));
    }
    if (r.weights && r.weights->static_scale)
        fail(fmt::format("weight format {}: \"static\" is for activations (a weight's tensor scale is fixed by the weight)",
                         quant::format_spec_name(*r.weights)));
    if (r.activations || r.kv) {
        try {
            FakeQuantActivations probe(cfg, ActQuantConfig{r.activations, r.kv, r.quantize_lm_head});
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::BadInput) throw;
            fail(e.what());
        }
    }
}

RecipeMatrix matrix_from_json(const json& j, const std::string& where) {
    require_object(j, where, "a recipe matrix");
    require_known_keys(j, where, "",
                       {"name", "eval", "smooth_calibration", "gptq_calibration", "base", "rotations", "formats", "methods",
                        "seeds", "recipes", "groups"});
    RecipeMatrix m;
    if (const auto it = j.find("name"); it != j.end() && !it->is_null()) m.name = get_string(*it, where, "name", "w4a4-matrix");
    if (const auto it = j.find("eval"); it != j.end()) m.eval = parse_eval(*it, where);
    if (const auto it = j.find("smooth_calibration"); it != j.end())
        m.smooth_calibration = calibration_from_json(*it, where, "smooth_calibration", SmoothCalibration{});
    if (const auto it = j.find("gptq_calibration"); it != j.end())
        m.gptq_calibration = calibration_from_json(*it, where, "gptq_calibration", kDefaultGptqCalibration);

    const auto seeds_it = j.find("seeds");
    const bool seeds_given = seeds_it != j.end() && !seeds_it->is_null();
    if (seeds_given) {
        if (!seeds_it->is_array() || seeds_it->empty()) fail_key(where, "seeds", "expected a non-empty array of integers");
        matrix_list(*seeds_it, where, "seeds");
        std::set<uint64_t> seen;
        for (size_t i = 0; i < seeds_it->size(); ++i) {
            // Seeds are reported as int (RecipeMatrix::seed_of, -1 = none).
            const auto s = static_cast<uint64_t>(get_int((*seeds_it)[i], where, fmt::format("seeds[{}]", i), 0, INT32_MAX));
            if (!seen.insert(s).second) fail_key(where, "seeds", fmt::format("seed {} is listed twice", s));
            m.seeds.push_back(s);
        }
    }

    // Each recipe before seeds: the recipe and whether its name came from the file.
    std::vector<Recipe> plain;
    if (const auto it = j.find("recipes"); it != j.end() && !it->is_null()) {
        if (!it->is_array()) fail_key(where, "recipes", fmt::format("expected an array of recipes, got {}", it->type_name()));
        check_limit(Limit::MatrixEntries, static_cast<int64_t>(it->size()), where, "\"recipes\" (its length)", false);
        for (size_t i = 0; i < it->size(); ++i)
            plain.push_back(recipe_from_json((*it)[i], fmt::format("recipe {} of {}", i + 1, where)));
    }

    json base = json::object();
    if (const auto it = j.find("base"); it != j.end() && !it->is_null()) {
        require_object(*it, where, "base");
        if (it->contains("name")) fail_key(where, "base.name", "the base of a product has no name (each recipe is named after its rotation and format)");
        recipe_from_json(*it, "base of " + where);  // its own errors first, with their own key
        base = *it;
    }
    const auto rot_it = j.find("rotations");
    const auto fmt_it = j.find("formats");
    const auto met_it = j.find("methods");
    const bool has_rotations = rot_it != j.end() && !rot_it->is_null();
    const bool has_formats = fmt_it != j.end() && !fmt_it->is_null();
    const bool has_methods = met_it != j.end() && !met_it->is_null();
    if (has_rotations || has_formats || has_methods) {
        // The product is counted before it is built: lists of a few thousand entries would
        // otherwise expand to millions of recipes.
        const int64_t n_rot = has_rotations ? static_cast<int64_t>(matrix_list(*rot_it, where, "rotations").size()) : 1;
        const int64_t n_fmt = has_formats ? static_cast<int64_t>(matrix_list(*fmt_it, where, "formats").size()) : 1;
        const int64_t n_met = has_methods ? static_cast<int64_t>(matrix_list(*met_it, where, "methods").size()) : 1;
        check_limit(Limit::MatrixRuns, static_cast<int64_t>(plain.size()) + n_rot * n_fmt * n_met, where,
                    "the number of recipes (rotations x formats x methods + recipes)");
        std::vector<json> rotations;
        if (has_rotations) {
            for (size_t i = 0; i < rot_it->size(); ++i) {
                const json& e = (*rot_it)[i];
                recipe_from_json(json{{"rotation", e}}, fmt::format("rotation {} of {}", i + 1, where));
                rotations.push_back(e);
            }
        } else {
            rotations.push_back(base.contains("rotation") ? base["rotation"] : json(nullptr));
        }
        const std::vector<json> formats = has_formats ? matrix_axis(*fmt_it, where, kFormatAxis) : std::vector<json>{json::object()};
        const std::vector<json> methods = has_methods ? matrix_axis(*met_it, where, kMethodAxis) : std::vector<json>{json::object()};
        for (size_t ri = 0; ri < rotations.size(); ++ri)
            for (size_t fi = 0; fi < formats.size(); ++fi)
                for (size_t mi = 0; mi < methods.size(); ++mi) {
                    json merged = base;
                    merged["rotation"] = rotations[ri];
                    for (const auto& [k, v] : formats[fi].items()) merged[k] = v;
                    for (const auto& [k, v] : methods[mi].items()) merged[k] = v;
                    // Without weights to quantize every method is the same run: it runs once.
                    if (merged.value("w", json(nullptr)).is_null()) {
                        if (mi > 0) continue;
                        merged.erase("method");
                        merged.erase("gptq");
                    }
                    const std::string at = has_methods ? fmt::format("rotation {} x format {} x method {} of {}", ri + 1, fi + 1, mi + 1, where)
                                                       : fmt::format("rotation {} x format {} of {}", ri + 1, fi + 1, where);
                    plain.push_back(recipe_from_json(merged, at));
                }
    }
    if (plain.empty()) fail_input(where, "the matrix has no recipes (give \"recipes\" or \"rotations\"/\"formats\")");
    int64_t runs = 0;
    for (const Recipe& r : plain) runs += has_random_placement(r.rotation) && seeds_given ? static_cast<int64_t>(m.seeds.size()) : 1;
    check_limit(Limit::MatrixRuns, runs, where, "the number of runs (each random rotation once per seed)");

    for (const Recipe& r : plain) {
        const bool random = has_random_placement(r.rotation);
        const std::string group = r.name.empty() ? display_name(r, false) : r.name;
        if (!random || !seeds_given) {
            m.recipes.push_back(r);
            m.seed_of.push_back(random ? first_random_seed(r.rotation) : -1);
            m.group_of.push_back(group);
            continue;
        }
        for (uint64_t s : m.seeds) {
            Recipe x = with_seed(r, s);
            // Unnamed recipes carry the seed in their display name; named ones need it spelled out.
            if (!x.name.empty() && m.seeds.size() > 1) x.name += fmt::format(" seed={}", s);
            m.recipes.push_back(std::move(x));
            m.seed_of.push_back(static_cast<int>(s));
            m.group_of.push_back(group);
        }
    }

    // Which runs are seeds of one recipe, as an expanded matrix (a run report's configuration)
    // records it; its runs are the recipes as listed.
    if (const auto it = j.find("groups"); it != j.end() && !it->is_null()) {
        if (!it->is_array() || it->size() != m.recipes.size())
            fail_key(where, "groups", fmt::format("expected an array of {} names, one per run", m.recipes.size()));
        for (size_t i = 0; i < it->size(); ++i) m.group_of[i] = get_string((*it)[i], where, fmt::format("groups[{}]", i), "rhadamard");
    }

    std::map<std::string, size_t> first;
    for (size_t i = 0; i < m.recipes.size(); ++i) {
        const Recipe& r = m.recipes[i];
        const std::string name = r.name.empty() ? recipe_display_name(r) : r.name;
        const auto [it, fresh] = first.emplace(name, i);
        if (!fresh)
            fail_input(where, fmt::format("recipes {} and {} are both named {} (give them distinct \"name\"s)", it->second + 1,
                                          i + 1, in_quotes(name)));
    }
    return m;
}

RecipeMatrix load_matrix_file(const std::string& path) { return matrix_from_json(read_file(path), path); }

json eval_settings_to_json(const EvalSettings& e) {
    json j{{"corpus", e.corpus}, {"ctx", e.ctx}, {"windows", e.windows}, {"probe_tokens", e.probe_tokens}};
    task_settings_to_json(e.tasks, j);
    return j;
}

}  // namespace rs
