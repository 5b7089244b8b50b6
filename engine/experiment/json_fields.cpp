#include "experiment/json_fields.h"

#include <fmt/format.h>

#include "core/json_io.h"
#include "core/untrusted_text.h"

namespace rs::json_fields {

[[noreturn]] void fail_key(const std::string& where, const std::string& key, const std::string& problem) {
    fail_input(where, key + ": " + problem);
}

void require_object(const json& j, const std::string& where, const std::string& what) {
    if (!j.is_object()) fail_input(where, fmt::format("{} must be a JSON object, got {}", what, j.type_name()));
}

void require_known_keys(const json& j, const std::string& where, const std::string& prefix,
                        const std::set<std::string>& known) {
    for (const auto& [key, value] : j.items()) {
        if (known.count(key)) continue;
        std::string list;
        for (const std::string& k : known) {
            if (!list.empty()) list += ", ";
            list += k;
        }
        fail_key(where, printable(prefix + key), "unknown key (expected one of " + list + ")");
    }
}

std::string get_string(const json& v, const std::string& where, const std::string& key, const char* example) {
    if (!v.is_string()) fail_key(where, key, fmt::format("expected a string such as \"{}\", got {}", example, v.type_name()));
    return v.get<std::string>();
}

int64_t get_int(const json& v, const std::string& where, const std::string& key, int64_t lo, int64_t hi) {
    if (!v.is_number_integer()) fail_key(where, key, fmt::format("expected an integer, got {}", v.type_name()));
    if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(hi))
        fail_key(where, key, fmt::format("must be at most {}, got {}", hi, json_preview(v)));
    const int64_t x = v.get<int64_t>();
    if (x < lo || x > hi) fail_key(where, key, fmt::format("must be in {}..{}, got {}", lo, hi, x));
    return x;
}

uint64_t get_u64(const json& v, const std::string& where, const std::string& key) {
    if (!v.is_number_integer() || (!v.is_number_unsigned() && v.get<int64_t>() < 0))
        fail_key(where, key, fmt::format("expected a non-negative integer, got {}", v.is_number() ? json_preview(v) : v.type_name()));
    return v.get<uint64_t>();
}

bool get_bool(const json& v, const std::string& where, const std::string& key) {
    if (!v.is_boolean()) fail_key(where, key, fmt::format("expected true or false, got {}", v.type_name()));
    return v.get<bool>();
}

double get_number(const json& v, const std::string& where, const std::string& key, double lo, double hi) {
    const std::optional<double> x = json_number(v);
    if (!x) fail_key(where, key, fmt::format("expected a number, got {}", v.type_name()));
    if (!(*x >= lo && *x <= hi)) fail_key(where, key, fmt::format("must be in [{}, {}], got {}", lo, hi, json_preview(v)));
    return *x;
}

}  // namespace rs::json_fields
