// The one way the engine reads and writes JSON. Every JSON text Rotoscope reads comes from a
// file a user may have downloaded (config.json, tokenizer.json, safetensors headers and shard
// indexes, recipes, the configuration stored in a report), so the rules here hold for all:
//
// - parse_json: every exception the JSON library can raise (syntax, a number literal outside
//   double's range such as 1e400, invalid UTF-8, ...) becomes one BadInput line naming the file;
//   nesting deeper than kJsonMaxDepth is refused before the library sees the text, so nothing
//   later (copies, comparisons, dumps) can recurse without bound.
// - json_int / json_u64 / json_number / json_string: typed reads that never convert out of
//   range (a float such as 1e300 read as an int is undefined behaviour in C++).
// - json_preview: what an error message shows of an unexpected value: a bounded prefix, built
//   without recursion, valid UTF-8 whatever the file held.
// - dump_json: serialisation for output that cannot throw on strings read from files (invalid
//   UTF-8 is written as U+FFFD).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace rs {

// Far deeper than any file Rotoscope reads (tokenizer.json nests 6 levels), far shallower than
// anything that could exhaust a stack.
inline constexpr int kJsonMaxDepth = 64;

struct JsonParseOptions {
    const char* what = nullptr;  // the part of the file that is JSON ("header"), for messages
    int max_depth = kJsonMaxDepth;
    // Sees every value as it is parsed (nlohmann's parser callback), to bound what a hostile
    // text can make the parser build; it may throw rs::Error.
    nlohmann::json::parser_callback_t callback = nullptr;
};

// `src` names the file in messages ("model/config.json", "recipe 3 of matrix.json").
// BadInput "<src>: not valid JSON: <what the parser said>" ("<src>: header is not valid JSON:
// ..." with options.what) or "<src>: JSON nests deeper than 64 levels (at byte N)".
nlohmann::json parse_json(std::string_view text, const std::string& src, const JsonParseOptions& options = {});

// Reads a whole JSON file after checking its size against `max_bytes` (before allocating);
// `what` says what the file should be ("a config.json", "a recipe") in the size message.
nlohmann::json read_json_file(const std::string& path, uint64_t max_bytes, const char* what);

// The library's message for `e` without its "[json.exception...]" tag, on one line, bounded.
std::string json_error_detail(const nlohmann::json::exception& e);

// Serialises `j` (indent < 0: one line). Never throws for invalid UTF-8 in strings.
std::string dump_json(const nlohmann::json& j, int indent = -1);

// A short one-line rendering of `v` for messages: numbers, booleans and null as JSON, strings
// quoted and cut after `max_chars` characters, arrays and objects as their first scalars and a
// count ("[1, 2, ... 10 items]"); at most about max_chars + 20 bytes, never recursive.
std::string json_preview(const nlohmann::json& v, size_t max_chars = 40);

// The integer `v` holds when it lies in [lo, hi]; nullopt for a value of another type or out
// of range. With `integral_floats`, a float with an integral value (576.0, as Python's json
// writes some configs) counts as that integer.
std::optional<int64_t> json_int(const nlohmann::json& v, int64_t lo, int64_t hi, bool integral_floats = false);
// A non-negative integer up to 2^64 - 1 (seeds); nullopt for anything else.
std::optional<uint64_t> json_u64(const nlohmann::json& v);
// A finite number (integers included); nullopt for anything else.
std::optional<double> json_number(const nlohmann::json& v);

}  // namespace rs
