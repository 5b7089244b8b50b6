// Census site names and the census configuration's JSON form and validation.
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "calib/census.h"
#include "core/error.h"
#include "core/json_io.h"
#include "core/untrusted_text.h"

namespace rs {

const char* census_site_name(CensusSite s) {
    for (const CensusSiteTraits& t : kCensusSites)
        if (t.site == s) return t.name;
    return "?";
}

const char* census_site_readers(CensusSite s) {
    for (const CensusSiteTraits& t : kCensusSites)
        if (t.site == s) return t.linear_input ? input_readers(t.input) : "";
    return "";
}

int64_t census_site_width(const ModelConfig& c, CensusSite s) {
    for (const CensusSiteTraits& t : kCensusSites)
        if (t.site == s && t.linear_input) return input_traits(t.input).width(c);
    return c.d_model;
}

CensusSite census_site_from_name(const std::string& name, const std::string& context) {
    std::string known;
    for (CensusSite s : kAllCensusSites) {
        if (name == census_site_name(s)) return s;
        known += known.empty() ? "" : ", ";
        known += census_site_name(s);
    }
    fail_input(context, "unknown census site " + in_quotes(name) + " (known: " + known + ")");
}

nlohmann::json census_config_to_json(const CensusConfig& c) {
    return {{"windows", c.windows},
            {"ctx", c.ctx},
            {"seed", c.seed},
            {"bos", c.bos},
            {"top_k", c.top_k},
            {"massive_abs", c.massive_abs},
            {"massive_ratio", c.massive_ratio},
            {"max_massive_per_site", c.max_massive_per_site},
            {"capture_window", c.capture_window},
            {"capture_tokens", c.capture_tokens}};
}

namespace {

void read_int(const nlohmann::json& v, const std::string& key, const std::string& context, int& out) {
    bool ok = v.is_number_integer();
    if (ok && v.is_number_unsigned()) ok = v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int>::max());
    else if (ok) ok = v.get<int64_t>() >= std::numeric_limits<int>::min() && v.get<int64_t>() <= std::numeric_limits<int>::max();
    if (!ok) fail_input(context, "census key '" + key + "' must be an integer, got " + json_preview(v));
    out = v.get<int>();
}

void read_seed(const nlohmann::json& v, const std::string& context, uint64_t& out) {
    if (v.is_number_unsigned()) {
        out = v.get<uint64_t>();
    } else if (v.is_number_integer() && v.get<int64_t>() >= 0) {
        out = static_cast<uint64_t>(v.get<int64_t>());
    } else {
        fail_input(context, "census key 'seed' must be a non-negative integer, got " + json_preview(v));
    }
}

void read_double(const nlohmann::json& v, const std::string& key, const std::string& context, double& out) {
    if (!v.is_number()) fail_input(context, "census key '" + key + "' must be a number, got " + json_preview(v));
    out = v.get<double>();
}

void read_bool(const nlohmann::json& v, const std::string& key, const std::string& context, bool& out) {
    if (!v.is_boolean()) fail_input(context, "census key '" + key + "' must be true or false, got " + json_preview(v));
    out = v.get<bool>();
}

}  // namespace

CensusConfig census_config_from_json(const nlohmann::json& j, const std::string& context) {
    if (!j.is_object()) fail_input(context, "the census configuration must be a JSON object, got " + json_preview(j));
    CensusConfig c;
    for (const auto& [key, v] : j.items()) {
        if (key == "windows") read_int(v, key, context, c.windows);
        else if (key == "ctx") read_int(v, key, context, c.ctx);
        else if (key == "seed") read_seed(v, context, c.seed);
        else if (key == "bos") read_bool(v, key, context, c.bos);
        else if (key == "top_k") read_int(v, key, context, c.top_k);
        else if (key == "massive_abs") read_double(v, key, context, c.massive_abs);
        else if (key == "massive_ratio") read_double(v, key, context, c.massive_ratio);
        else if (key == "max_massive_per_site") read_int(v, key, context, c.max_massive_per_site);
        else if (key == "capture_window") read_int(v, key, context, c.capture_window);
        else if (key == "capture_tokens") read_int(v, key, context, c.capture_tokens);
        else fail_input(context, "unknown census key " + in_quotes(key));
    }
    validate_census_config(c, context);
    return c;
}

void validate_census_config(const CensusConfig& c, const std::string& context) {
    auto bad = [&](const std::string& what) { fail_input(context, "census " + what); };
    auto num = [](double x) { return fmt::format("{}", x); };
    if (c.windows < 1) bad("windows must be at least 1 (got " + std::to_string(c.windows) + ")");
    if (c.ctx < 2) bad("ctx must be at least 2 tokens (got " + std::to_string(c.ctx) + ")");
    if (c.top_k < 1) bad("top_k must be at least 1 (got " + std::to_string(c.top_k) + ")");
    // Negated comparisons so that NaN is refused too.
    if (!(c.massive_abs >= 0) || std::isinf(c.massive_abs)) bad("massive_abs must be a finite number >= 0 (got " + num(c.massive_abs) + ")");
    if (!(c.massive_ratio >= 1) || std::isinf(c.massive_ratio))
        bad("massive_ratio must be a finite number >= 1 (got " + num(c.massive_ratio) + ")");
    if (c.max_massive_per_site < 0)
        bad("max_massive_per_site must be >= 0 (got " + std::to_string(c.max_massive_per_site) + ")");
    if (c.capture_window < 0 || c.capture_window >= c.windows)
        bad("capture_window must be in [0, windows) = [0, " + std::to_string(c.windows) + ") (got " +
            std::to_string(c.capture_window) + ")");
    if (c.capture_tokens < 0) bad("capture_tokens must be >= 0 (got " + std::to_string(c.capture_tokens) + ")");
}

}  // namespace rs
