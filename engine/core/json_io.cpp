#include "core/json_io.h"

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.h"

namespace rs {

using nlohmann::json;

// Bounded because "last read: '...'" can quote a whole unterminated string from the file.
std::string json_error_detail(const json::exception& e) {
    std::string w = e.what();
    if (const size_t close = w.find("] "); w.rfind("[json.exception", 0) == 0 && close != std::string::npos)
        w = w.substr(close + 2);
    std::string out;
    for (char c : w) {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7f) ? ' ' : c;
        if (out.size() >= 240) {
            out += "...";
            break;
        }
    }
    return out;
}

namespace {

// Finds the first byte where brackets outside strings nest deeper than max_depth; npos when
// none does. Malformed text is left to the parser, which reports it with its position.
size_t too_deep_at(std::string_view text, int max_depth) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        switch (c) {
            case '"': in_string = true; break;
            case '[':
            case '{':
                if (++depth > max_depth) return i;
                break;
            case ']':
            case '}': --depth; break;
            default: break;
        }
    }
    return std::string_view::npos;
}

// `s` cut to at most `max_chars` bytes without splitting a UTF-8 sequence.
std::string cut_utf8(const std::string& s, size_t max_chars, bool& cut) {
    cut = s.size() > max_chars;
    if (!cut) return s;
    size_t n = max_chars;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}

// One value without looking inside containers.
std::string scalar_preview(const json& v, size_t max_chars) {
    switch (v.type()) {
        case json::value_t::array: return v.empty() ? "[]" : "[...]";
        case json::value_t::object: return v.empty() ? "{}" : "{...}";
        case json::value_t::string: {
            bool cut = false;
            const std::string s = cut_utf8(v.get_ref<const std::string&>(), max_chars, cut);
            return dump_json(json(s)) + (cut ? "..." : "");
        }
        default: return v.dump();  // numbers, booleans, null, binary: short and ASCII
    }
}

}  // namespace

json parse_json(std::string_view text, const std::string& src, const JsonParseOptions& options) {
    const std::string what = options.what ? std::string(options.what) + " " : "";
    if (const size_t at = too_deep_at(text, options.max_depth); at != std::string_view::npos)
        fail_input(src, what + "JSON nests deeper than " + std::to_string(options.max_depth) + " levels (at byte " +
                            std::to_string(at) + ")");
    try {
        return json::parse(text.begin(), text.end(), options.callback);
    } catch (const json::exception& e) {
        // parse_error (syntax, invalid UTF-8), out_of_range (a number such as 1e400), and any
        // other kind the library may add: all are a malformed file.
        fail_input(src, (options.what ? what + "is " : "") + "not valid JSON: " + json_error_detail(e));
    }
}

json read_json_file(const std::string& path, uint64_t max_bytes, const char* what) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) fail_input(path, std::string("is a directory, not ") + what);
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) fail_input(path, "cannot read file (" + ec.message() + ")");
    if (size > max_bytes)
        fail_input(path, "file is " + std::to_string(size) + " bytes, more than " + std::to_string(max_bytes >> 20) +
                             " MB; not " + what);
    std::ifstream in(path, std::ios::binary);
    if (!in) fail_input(path, "cannot open file");
    std::string text(static_cast<size_t>(size), '\0');
    if (!in.read(text.data(), static_cast<std::streamsize>(size))) fail_input(path, "cannot read file");
    return parse_json(text, path);
}

std::string dump_json(const json& j, int indent) {
    return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

std::string json_preview(const json& v, size_t max_chars) {
    if (!v.is_array() && !v.is_object()) return scalar_preview(v, max_chars);
    const bool array = v.is_array();
    std::string out = array ? "[" : "{";
    size_t shown = 0;
    for (auto it = v.begin(); it != v.end() && out.size() < max_chars; ++it, ++shown) {
        if (shown) out += ", ";
        if (!array) out += scalar_preview(json(it.key()), max_chars / 2) + ": ";
        out += scalar_preview(*it, max_chars / 2);
    }
    if (shown < v.size()) out += (shown ? ", ... " : "... ") + std::to_string(v.size()) + (array ? " items" : " keys");
    return out + (array ? "]" : "}");
}

std::optional<int64_t> json_int(const json& v, int64_t lo, int64_t hi, bool integral_floats) {
    int64_t x = 0;
    if (v.is_number_unsigned()) {
        const uint64_t u = v.get<uint64_t>();
        if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
        x = static_cast<int64_t>(u);
    } else if (v.is_number_integer()) {
        x = v.get<int64_t>();
    } else if (integral_floats && v.is_number_float()) {
        const double d = v.get<double>();
        // [-2^63, 2^63) is exactly representable at both ends; anything outside, NaN included,
        // fails the test before the conversion.
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || d != std::floor(d)) return std::nullopt;
        x = static_cast<int64_t>(d);
    } else {
        return std::nullopt;
    }
    if (x < lo || x > hi) return std::nullopt;
    return x;
}

std::optional<uint64_t> json_u64(const json& v) {
    if (v.is_number_unsigned()) return v.get<uint64_t>();
    if (v.is_number_integer() && v.get<int64_t>() >= 0) return static_cast<uint64_t>(v.get<int64_t>());
    return std::nullopt;
}

std::optional<double> json_number(const json& v) {
    if (!v.is_number()) return std::nullopt;
    const double d = v.get<double>();
    if (!std::isfinite(d)) return std::nullopt;
    return d;
}

}  // namespace rs
