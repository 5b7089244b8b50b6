// Reading the files task data comes in: the original releases' CSV (MMLU, C-Eval) and JSON-lines
// files (ARC, HellaSwag, PIQA, WinoGrande, LAMBADA and Hugging Face `to_json` exports), and
// PIQA's label list. Every problem is one BadInput line "<file>:<line>: <what is wrong>".
#pragma once
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace rs {

// Far above any benchmark file (MMLU's largest CSV is under 1 MB; HellaSwag's train split 50 MB).
inline constexpr uint64_t kTaskFileMaxBytes = uint64_t{512} << 20;

// The whole file as text: BadInput when missing, a directory, larger than kTaskFileMaxBytes or
// not UTF-8 (the line of the first invalid byte).
std::string read_task_file(const std::string& path);

// One record of a CSV file (RFC 4180: fields separated by commas, double quotes around fields
// that hold commas, quotes or line breaks, "" for a quote inside them; CRLF or LF line ends) and
// the line it starts on (1-based).
struct CsvRecord {
    std::vector<std::string> fields;
    int line = 0;
};
// BadInput "<path>:<line>: ..." for a quote left open at the end of the file or text after a
// closing quote. Blank lines are skipped.
std::vector<CsvRecord> parse_csv(const std::string& text, const std::string& path);

// Calls `fn(object, line)` for every non-blank line of a JSON-lines text; BadInput
// "<path>:<line>: not valid JSON: ..." or "... is not a JSON object".
void for_each_jsonl(const std::string& text, const std::string& path,
                    const std::function<void(const nlohmann::json&, int line)>& fn);

// Typed fields of a JSON-lines record, with "<path>:<line>: field 'x' ..." errors.
struct JsonRecord {
    const nlohmann::json& j;
    const std::string& path;
    int line;
    [[noreturn]] void fail(const std::string& problem) const;
    bool has(const char* key) const;
    const nlohmann::json& at(const char* key) const;  // present, or fail
    std::string string(const char* key) const;         // a string
    std::vector<std::string> strings(const nlohmann::json& v, const char* key) const;  // an array of strings
    int64_t integer(const char* key, int64_t lo, int64_t hi) const;  // an integer, or a string holding one
};

}  // namespace rs
