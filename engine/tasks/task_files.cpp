#include "tasks/task_files.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/json_io.h"
#include "core/untrusted_text.h"
#include "tokenizer/unicode_utils.h"

namespace rs {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::string where(const std::string& path, int line) { return path + ":" + std::to_string(line); }

int line_of_offset(const std::string& text, size_t offset) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

}  // namespace

std::string read_task_file(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) fail_input(path, "no such file");
    if (fs::is_directory(path, ec)) fail_input(path, "is a directory, not a task data file");
    const auto size = fs::file_size(path, ec);
    if (ec) fail_input(path, "cannot read file (" + ec.message() + ")");
    if (size > kTaskFileMaxBytes)
        fail_input(path, "file is " + std::to_string(size) + " bytes, more than " + std::to_string(kTaskFileMaxBytes >> 20) +
                             " MB; not a task data file");
    std::ifstream in(path, std::ios::binary);
    if (!in) fail_input(path, "cannot open file");
    std::string text(static_cast<size_t>(size), '\0');
    if (!in.read(text.data(), static_cast<std::streamsize>(size))) fail_input(path, "cannot read file");
    // A UTF-8 byte order mark (spreadsheet exports write one) is not part of the first field.
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    if (!unicode::is_valid_utf8(text)) {
        size_t pos = 0;
        while (pos < text.size()) {
            bool valid = true;
            const size_t at = pos;
            unicode::next_code_point(text, pos, &valid);
            if (!valid) fail_input(where(path, line_of_offset(text, at)), "not valid UTF-8");
        }
        fail_input(path, "not valid UTF-8");
    }
    return text;
}

std::vector<CsvRecord> parse_csv(const std::string& text, const std::string& path) {
    std::vector<CsvRecord> records;
    CsvRecord rec;
    std::string field;
    int line = 1;
    size_t i = 0;
    const size_t n = text.size();
    bool record_started = false;
    auto end_field = [&] {
        rec.fields.push_back(std::move(field));
        field.clear();
    };
    auto end_record = [&] {
        end_field();
        const bool blank = rec.fields.size() == 1 && rec.fields[0].empty();
        if (!blank) records.push_back(std::move(rec));
        rec = {};
        record_started = false;
    };
    while (i < n) {
        if (!record_started) {
            rec.line = line;
            record_started = true;
        }
        const char c = text[i];
        if (c == '"' && field.empty()) {
            // A quoted field: up to the closing quote, "" standing for one quote.
            const int open_line = line;
            ++i;
            for (;;) {
                if (i >= n) fail_input(where(path, open_line), "a quoted field is not closed before the end of the file");
                if (text[i] == '"') {
                    if (i + 1 < n && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (text[i] == '\n') ++line;
                field += text[i++];
            }
            if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                fail_input(where(path, line), "text after the closing quote of a field");
            continue;
        }
        if (c == ',') {
            end_field();
            ++i;
        } else if (c == '\r' && i + 1 < n && text[i + 1] == '\n') {
            end_record();
            i += 2;
            ++line;
        } else if (c == '\n') {
            end_record();
            ++i;
            ++line;
        } else {
            field += c;
            ++i;
        }
    }
    if (record_started) end_record();
    return records;
}

void for_each_jsonl(const std::string& text, const std::string& path,
                    const std::function<void(const json&, int line)>& fn) {
    size_t pos = 0;
    int line = 0;
    while (pos < text.size()) {
        ++line;
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string_view row(text.data() + pos, end - pos);
        pos = end + 1;
        if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
        if (std::all_of(row.begin(), row.end(), [](char c) { return c == ' ' || c == '\t'; })) continue;
        const json j = parse_json(row, where(path, line));
        if (!j.is_object()) fail_input(where(path, line), "is " + json_preview(j) + ", not a JSON object");
        fn(j, line);
    }
}

void JsonRecord::fail(const std::string& problem) const { fail_input(path + ":" + std::to_string(line), problem); }

bool JsonRecord::has(const char* key) const { return j.contains(key); }

const json& JsonRecord::at(const char* key) const {
    const auto it = j.find(key);
    if (it == j.end()) fail(std::string("no field '") + key + "'");
    return *it;
}

std::string JsonRecord::string(const char* key) const {
    const json& v = at(key);
    if (!v.is_string()) fail(std::string("field '") + key + "' is " + json_preview(v) + ", not a string");
    return v.get<std::string>();
}

std::vector<std::string> JsonRecord::strings(const json& v, const char* key) const {
    if (!v.is_array()) fail(std::string("field '") + key + "' is " + json_preview(v) + ", not a list of strings");
    std::vector<std::string> out;
    for (const auto& e : v) {
        if (!e.is_string()) fail(std::string("field '") + key + "' holds " + json_preview(e) + ", not a string");
        out.push_back(e.get<std::string>());
    }
    return out;
}

int64_t JsonRecord::integer(const char* key, int64_t lo, int64_t hi) const {
    const json& v = at(key);
    std::optional<int64_t> x = json_int(v, lo, hi);
    if (!x && v.is_string()) {
        // Hugging Face exports store some labels as strings ("2").
        const std::string& s = v.get_ref<const std::string&>();
        int64_t parsed = 0;
        const auto r = std::from_chars(s.data(), s.data() + s.size(), parsed);
        if (r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty() && parsed >= lo && parsed <= hi) x = parsed;
    }
    if (!x)
        fail(std::string("field '") + key + "' is " + json_preview(v) + ", not an integer in [" + std::to_string(lo) + ", " +
             std::to_string(hi) + "]");
    return *x;
}

}  // namespace rs
