// Typed reads of JSON members for the configuration files (recipes, matrices, fit
// configurations): every problem is one BadInput line "<where>: <key>: <problem>", so that a
// typo in a file names the file and the key.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/error.h"

namespace rs::json_fields {

using nlohmann::json;

[[noreturn]] void fail_key(const std::string& where, const std::string& key, const std::string& problem);

// Runs `parse` and prefixes its BadInput message with the key it came from.
template <class F>
auto wrap_key(const std::string& where, const std::string& key, F&& parse) {
    try {
        return parse();
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::BadInput) throw;
        fail_key(where, key, e.what());
    }
}

void require_object(const json& j, const std::string& where, const std::string& what);
// "<where>: <prefix><key>: unknown key (expected one of ...)" for the first key not in `known`.
void require_known_keys(const json& j, const std::string& where, const std::string& prefix, const std::set<std::string>& known);
std::string get_string(const json& v, const std::string& where, const std::string& key, const char* example);
int64_t get_int(const json& v, const std::string& where, const std::string& key, int64_t lo, int64_t hi);
uint64_t get_u64(const json& v, const std::string& where, const std::string& key);
bool get_bool(const json& v, const std::string& where, const std::string& key);
// A finite number in [lo, hi].
double get_number(const json& v, const std::string& where, const std::string& key, double lo, double hi);

}  // namespace rs::json_fields
