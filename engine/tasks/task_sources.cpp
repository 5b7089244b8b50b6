#include "tasks/task_sources.h"

#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "core/json_io.h"
#include "core/untrusted_text.h"
#include "tasks/task_files.h"
#include "tokenizer/unicode_utils.h"

namespace rs {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const char* const kLetters[] = {"A", "B", "C", "D"};

std::string at_line(const std::string& path, int line) { return path + ":" + std::to_string(line); }

int letter_index(const std::string& answer, const std::string& path, int line) {
    const std::string a = python_strip(answer);
    for (int i = 0; i < 4; ++i)
        if (a == kLetters[i]) return i;
    fail_input(at_line(path, line), "answer " + in_quotes(answer) + " is not one of A, B, C, D");
}

// The four-option letter template shared by MMLU and C-Eval; `answer_cue` ends the prompt.
std::string letter_prompt(const std::string& question, const std::vector<std::string>& options, const char* answer_cue) {
    std::string s = python_strip(question);
    for (int i = 0; i < 4; ++i) s += std::string("\n") + kLetters[i] + ". " + options[static_cast<size_t>(i)];
    return s + answer_cue;
}

TaskDoc letter_doc(std::string subject, const std::string& question, std::vector<std::string> options, int gold,
                   const char* answer_cue, const std::string& path, int line) {
    TaskDoc d;
    d.subject = std::move(subject);
    d.text = letter_prompt(question, options, answer_cue);
    d.choices = {"A", "B", "C", "D"};
    d.gold = gold;
    d.file = path;
    d.line = line;
    return d;
}

std::string checked_subject(const std::string& subject, const std::string& path, int line) {
    if (subject.empty() || subject.size() > kMaxSubjectBytes)
        fail_input(at_line(path, line), "subject " + in_quotes(subject) + " is empty or longer than " +
                                            std::to_string(kMaxSubjectBytes) + " bytes");
    return subject;
}

bool is_jsonl(const std::string& path) {
    const std::string ext = fs::path(path).extension().string();
    return ext == ".jsonl" || ext == ".json";
}

// One TaskDoc per JSON-lines record: `fill(record, doc)` reads the record's fields into the doc,
// whose file and line are set.
template <class Fill>
std::vector<TaskDoc> read_jsonl_docs(const std::string& path, Fill fill) {
    std::vector<TaskDoc> docs;
    for_each_jsonl(read_task_file(path), path, [&](const json& j, int line) {
        const JsonRecord r{j, path, line};
        TaskDoc d;
        d.file = path;
        d.line = line;
        fill(r, d);
        docs.push_back(std::move(d));
    });
    return docs;
}

void require_nonempty_choices(const TaskDoc& d) {
    for (size_t i = 0; i < d.choices.size(); ++i)
        if (python_strip(d.choices[i]).empty())
            fail_input(at_line(d.file, d.line), "choice " + std::to_string(i + 1) + " is empty");
}

}  // namespace

bool python_isspace(uint32_t cp) {
    return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

namespace {

// [begin, end) of `text` without Python-whitespace code points at the start (`left`) and end.
std::pair<size_t, size_t> stripped_span(std::string_view text, bool left) {
    size_t begin = text.size(), end = 0, pos = 0;
    bool seen = false;
    while (pos < text.size()) {
        const size_t at = pos;
        const uint32_t cp = unicode::next_code_point(text, pos);
        if (python_isspace(cp)) continue;
        if (!seen) begin = at;
        seen = true;
        end = pos;
    }
    if (!seen) return {0, 0};
    return {left ? begin : 0, end};
}

}  // namespace

std::string python_strip(const std::string& text) {
    const auto [b, e] = stripped_span(text, true);
    return text.substr(b, e - b);
}

std::string python_rstrip(const std::string& text) { return text.substr(0, stripped_span(text, false).second); }

std::string python_capitalize(const std::string& text) {
    std::string s = text;
    for (size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i == 0 && c >= 'a' && c <= 'z') s[i] = static_cast<char>(c - 'a' + 'A');
        if (i > 0 && c >= 'A' && c <= 'Z') s[i] = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

std::string hellaswag_preprocess(const std::string& text) {
    std::string s = python_strip(text);
    for (size_t p = 0; (p = s.find(" [title]", p)) != std::string::npos;) {
        s.replace(p, 8, ". ");
        p += 2;
    }
    // re.sub(r"\[.*?\]", "", s): the shortest "[...]" from each "[", on one line ('.' stops at \n).
    std::string out;
    for (size_t i = 0; i < s.size();) {
        if (s[i] == '[') {
            size_t j = i + 1;
            while (j < s.size() && s[j] != ']' && s[j] != '\n') ++j;
            if (j < s.size() && s[j] == ']') {
                i = j + 1;
                continue;
            }
        }
        out += s[i++];
    }
    std::string squeezed;
    for (size_t i = 0; i < out.size();) {
        if (out[i] == ' ' && i + 1 < out.size() && out[i + 1] == ' ') {
            squeezed += ' ';
            i += 2;
        } else {
            squeezed += out[i++];
        }
    }
    return squeezed;
}

std::vector<TaskDoc> read_mmlu(const std::string& path, const std::string& subject) {
    const std::string text = read_task_file(path);
    std::vector<TaskDoc> docs;
    if (is_jsonl(path)) {
        for_each_jsonl(text, path, [&](const json& j, int line) {
            JsonRecord r{j, path, line};
            const std::string subj = subject.empty() ? checked_subject(r.string("subject"), path, line) : subject;
            auto options = r.strings(r.at("choices"), "choices");
            if (options.size() != 4) r.fail("field 'choices' has " + std::to_string(options.size()) + " entries, not 4");
            docs.push_back(letter_doc(subj, r.string("question"), std::move(options),
                                      static_cast<int>(r.integer("answer", 0, 3)), "\nAnswer:", path, line));
        });
        return docs;
    }
    for (const auto& rec : parse_csv(text, path)) {
        if (rec.fields.size() != 6)
            fail_input(at_line(path, rec.line), "has " + std::to_string(rec.fields.size()) +
                                                    " columns, not 6 (question, A, B, C, D, answer)");
        std::vector<std::string> options(rec.fields.begin() + 1, rec.fields.begin() + 5);
        docs.push_back(letter_doc(subject, rec.fields[0], std::move(options), letter_index(rec.fields[5], path, rec.line),
                                  "\nAnswer:", path, rec.line));
    }
    return docs;
}

std::vector<TaskDoc> read_ceval(const std::string& path, const std::string& subject) {
    const std::string text = read_task_file(path);
    std::vector<TaskDoc> docs;
    const char* cue = "\n答案：";
    if (is_jsonl(path)) {
        for_each_jsonl(text, path, [&](const json& j, int line) {
            JsonRecord r{j, path, line};
            std::vector<std::string> options;
            for (const char* k : kLetters) options.push_back(r.string(k));
            const std::string subj = subject.empty() ? checked_subject(r.string("subject"), path, line) : subject;
            docs.push_back(letter_doc(subj, r.string("question"), std::move(options), letter_index(r.string("answer"), path, line),
                                      cue, path, line));
        });
        return docs;
    }
    const auto records = parse_csv(text, path);
    if (records.empty()) fail_input(path, "is empty (expected a header: id,question,A,B,C,D,answer)");
    const auto& header = records.front().fields;
    auto column = [&](const char* name) -> size_t {
        const auto it = std::find(header.begin(), header.end(), name);
        if (it == header.end())
            fail_input(at_line(path, records.front().line),
                       std::string("header has no column '") + name + "' (expected id,question,A,B,C,D,answer)");
        return static_cast<size_t>(it - header.begin());
    };
    const size_t q = column("question"), a = column("A"), b = column("B"), c = column("C"), d = column("D"),
                 ans = column("answer");
    for (size_t i = 1; i < records.size(); ++i) {
        const auto& rec = records[i];
        if (rec.fields.size() != header.size())
            fail_input(at_line(path, rec.line), "has " + std::to_string(rec.fields.size()) + " columns, the header " +
                                                    std::to_string(header.size()));
        docs.push_back(letter_doc(subject, rec.fields[q], {rec.fields[a], rec.fields[b], rec.fields[c], rec.fields[d]},
                                  letter_index(rec.fields[ans], path, rec.line), cue, path, rec.line));
    }
    return docs;
}

std::vector<TaskDoc> read_arc(const std::string& path, const std::string&) {
    return read_jsonl_docs(path, [&](const JsonRecord& r, TaskDoc& d) {
        std::string stem;
        std::vector<std::string> labels;
        const json& q = r.at("question");
        if (q.is_object()) {
            // AI2's release: {"question": {"stem": ..., "choices": [{"text", "label"}, ...]}}
            const JsonRecord qr{q, path, r.line};
            stem = qr.string("stem");
            const json& choices = qr.at("choices");
            if (!choices.is_array()) r.fail("field 'choices' is not a list");
            for (const auto& c : choices) {
                if (!c.is_object()) r.fail("a choice is " + json_preview(c) + ", not an object with text and label");
                const JsonRecord cr{c, path, r.line};
                d.choices.push_back(cr.string("text"));
                labels.push_back(cr.string("label"));
            }
        } else {
            stem = r.string("question");
            const json& choices = r.at("choices");
            if (!choices.is_object()) r.fail("field 'choices' is " + json_preview(choices) + ", not {text: [...], label: [...]}");
            const JsonRecord cr{choices, path, r.line};
            d.choices = cr.strings(cr.at("text"), "choices.text");
            labels = cr.strings(cr.at("label"), "choices.label");
            if (labels.size() != d.choices.size()) r.fail("choices.text and choices.label differ in length");
        }
        if (d.choices.size() < 2 || d.choices.size() > kMaxChoices)
            r.fail("has " + std::to_string(d.choices.size()) + " choices; 2 to " + std::to_string(kMaxChoices) + " are read");
        const std::string key = r.string("answerKey");
        const auto it = std::find(labels.begin(), labels.end(), key);
        if (it == labels.end()) r.fail("answerKey " + in_quotes(key) + " is not one of the choices' labels");
        d.gold = static_cast<int>(it - labels.begin());
        d.text = "Question: " + stem + "\nAnswer:";
        require_nonempty_choices(d);
    });
}

std::vector<TaskDoc> read_hellaswag(const std::string& path, const std::string&) {
    return read_jsonl_docs(path, [&](const JsonRecord& r, TaskDoc& d) {
        const std::string ctx = r.string("ctx_a") + " " + python_capitalize(r.string("ctx_b"));
        d.text = hellaswag_preprocess(r.string("activity_label") + ": " + ctx);
        for (const auto& e : r.strings(r.at("endings"), "endings")) d.choices.push_back(hellaswag_preprocess(e));
        if (d.choices.size() < 2 || d.choices.size() > kMaxChoices)
            r.fail("has " + std::to_string(d.choices.size()) + " endings; 2 to " + std::to_string(kMaxChoices) + " are read");
        d.gold = static_cast<int>(r.integer("label", 0, static_cast<int64_t>(d.choices.size()) - 1));
        require_nonempty_choices(d);
    });
}

std::vector<TaskDoc> read_piqa(const std::string& path, const std::string&) {
    std::vector<bool> labelled;
    std::vector<TaskDoc> docs = read_jsonl_docs(path, [&](const JsonRecord& r, TaskDoc& d) {
        d.text = "Question: " + r.string("goal") + "\nAnswer:";
        d.choices = {r.string("sol1"), r.string("sol2")};
        labelled.push_back(r.has("label"));
        if (labelled.back()) d.gold = static_cast<int>(r.integer("label", 0, 1));
        require_nonempty_choices(d);
    });
    if (std::none_of(labelled.begin(), labelled.end(), [](bool b) { return !b; })) return docs;
    // The original release keeps the labels apart: valid.jsonl + valid-labels.lst.
    const fs::path p(path);
    const std::string labels_path = (p.parent_path() / (p.stem().string() + "-labels.lst")).string();
    std::error_code ec;
    if (!fs::exists(labels_path, ec))
        fail_input(path, "has no 'label' field and there is no label file " + labels_path);
    const std::string text = read_task_file(labels_path);
    size_t pos = 0, i = 0;
    int line = 0;
    while (pos < text.size()) {
        ++line;
        size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        const std::string row = python_strip(text.substr(pos, end - pos));
        pos = end + 1;
        if (row.empty()) continue;
        if (row != "0" && row != "1") fail_input(at_line(labels_path, line), "label " + in_quotes(row) + " is not 0 or 1");
        if (i >= docs.size())
            fail_input(labels_path, "has more labels than " + path + " has questions (" + std::to_string(docs.size()) + ")");
        if (!labelled[i]) docs[i].gold = row == "1" ? 1 : 0;
        ++i;
    }
    if (i != docs.size())
        fail_input(labels_path, "has " + std::to_string(i) + " labels for " + std::to_string(docs.size()) + " questions in " + path);
    return docs;
}

std::vector<TaskDoc> read_winogrande(const std::string& path, const std::string&) {
    return read_jsonl_docs(path, [&](const JsonRecord& r, TaskDoc& d) {
        const std::string sentence = r.string("sentence");
        const size_t blank = sentence.find('_');
        if (blank == std::string::npos) r.fail("sentence has no '_' blank");
        // Partial scoring: each option completes the sentence up to the blank (the contexts); the
        // rest of the sentence is the one continuation scored.
        for (const char* k : {"option1", "option2"}) d.choices.push_back(sentence.substr(0, blank) + r.string(k));
        d.target = python_strip(sentence.substr(blank + 1));
        if (d.target.empty()) r.fail("nothing follows the blank in the sentence");
        const std::string answer = r.has("answer") && r.at("answer").is_number() ? std::to_string(r.integer("answer", 1, 2))
                                                                                  : r.string("answer");
        if (answer != "1" && answer != "2") r.fail("answer " + in_quotes(answer) + " is not \"1\" or \"2\"");
        d.gold = answer == "1" ? 0 : 1;
    });
}

std::vector<TaskDoc> read_lambada(const std::string& path, const std::string&) {
    return read_jsonl_docs(path, [&](const JsonRecord& r, TaskDoc& d) {
        const std::string text = r.string("text");
        const size_t cut = text.rfind(' ');
        if (cut == std::string::npos || cut + 1 >= text.size()) r.fail("text has no last word after a space");
        d.text = text.substr(0, cut);
        d.target = " " + text.substr(cut + 1);
        d.choices = {d.target};
    });
}

}  // namespace rs
