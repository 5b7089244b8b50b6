#include "tasks/task_data.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/error.h"
#include "core/untrusted_text.h"
#include "tasks/task_sources.h"

namespace rs {
namespace fs = std::filesystem;

namespace {

bool is_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

bool is_dir(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

std::string join(const std::vector<std::string>& v, size_t max_shown = 8) {
    std::string s;
    for (size_t i = 0; i < v.size() && i < max_shown; ++i) s += (i ? ", " : "") + v[i];
    if (v.size() > max_shown) s += ", ... (" + std::to_string(v.size()) + " in all)";
    return s;
}

std::string first_existing(const std::string& data_dir, std::span<const char* const> names) {
    for (const char* n : names)
        if (is_file(fs::path(data_dir) / n)) return (fs::path(data_dir) / n).string();
    return {};
}

std::string looked_for(std::span<const char* const> names) {
    std::vector<std::string> v(names.begin(), names.end());
    return "looked for " + join(v);
}

// Per-subject files of one split: <folder>/<split>/<subject>_<split>.csv|.jsonl, or one
// <folder>/<split>.jsonl holding every subject (a Hugging Face export with a subject field).
std::map<std::string, std::vector<TaskDoc>> read_subject_split(const TaskDef& def, const fs::path& folder,
                                                               const std::string& split, std::vector<std::string>& files) {
    std::map<std::string, std::vector<TaskDoc>> by_subject;
    const fs::path single = folder / (split + ".jsonl");
    const fs::path dir = folder / split;
    if (is_dir(dir)) {
        std::vector<fs::path> paths;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir, ec)) paths.push_back(e.path());
        std::sort(paths.begin(), paths.end());
        const std::string suffix = "_" + split;
        for (const auto& p : paths) {
            const std::string ext = p.extension().string();
            const std::string stem = p.stem().string();
            if ((ext != ".csv" && ext != ".jsonl") || stem.size() <= suffix.size() ||
                stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) != 0 || !is_file(p))
                continue;
            const std::string subject = stem.substr(0, stem.size() - suffix.size());
            if (subject.size() > kMaxSubjectBytes)
                fail_input(p.string(), "the subject in this file name is longer than " + std::to_string(kMaxSubjectBytes) + " bytes");
            if (by_subject.count(subject))
                fail_input(p.string(), "subject " + in_quotes(subject) + " has both a .csv and a .jsonl file");
            files.push_back(p.string());
            by_subject[subject] = def.read(p.string(), subject);
        }
    } else if (is_file(single)) {
        files.push_back(single.string());
        for (auto& d : def.read(single.string(), "")) by_subject[d.subject].push_back(std::move(d));
    }
    return by_subject;
}

}  // namespace

TaskData load_task_data(const TaskDef& def, const std::string& data_dir, int shots, int limit) {
    if (!is_dir(data_dir)) fail_input(data_dir, "task data folder does not exist");
    if (shots < 0) fail_input("", "the number of shots is negative");
    if (shots > 0 && !*def.fewshot_split)
        fail_input("", std::string(def.key) + " has no few-shot split; use 0 shots");
    TaskData t;
    t.def = &def;
    if (!def.subjects.empty()) {
        fs::path folder;
        for (const char* f : def.folders)
            if (is_dir(fs::path(data_dir) / f)) {
                folder = fs::path(data_dir) / f;
                break;
            }
        if (folder.empty())
            fail_input(data_dir, std::string("no ") + def.key + " folder (" + looked_for(def.folders) + ")");
        auto eval = read_subject_split(def, folder, def.eval_split, t.files);
        if (eval.empty())
            fail_input(folder.string(), std::string("no ") + def.eval_split + " split (expected " + def.eval_split + "/<subject>_" +
                                            def.eval_split + ".csv or " + def.eval_split + ".jsonl)");
        for (const auto& s : def.subjects)
            if (!eval.count(s.key)) t.missing_subjects.push_back(s.key);
        std::map<std::string, std::vector<TaskDoc>> fewshot;
        if (shots > 0) {
            fewshot = read_subject_split(def, folder, def.fewshot_split, t.files);
            std::vector<std::string> lacking;
            for (const auto& [subject, docs] : eval)
                if (!fewshot.count(subject)) lacking.push_back(subject);
            if (!lacking.empty())
                fail_input((folder / def.fewshot_split).string(),
                           "no few-shot file for subject(s) " + join(lacking) + " (needed for " + std::to_string(shots) + " shots)");
        }
        for (auto& [subject, docs] : eval) {
            if (docs.empty()) fail_input(folder.string(), "subject " + in_quotes(subject) + " has no questions");
            if (shots > 0) {
                auto& examples = fewshot[subject];
                if (static_cast<int>(examples.size()) < shots)
                    fail_input(examples.empty() ? folder.string() : examples.front().file,
                               "subject " + in_quotes(subject) + " has " + std::to_string(examples.size()) + " " +
                                   def.fewshot_split + " questions, fewer than the " + std::to_string(shots) + " shots asked");
                examples.resize(static_cast<size_t>(shots));
                t.fewshot[subject] = std::move(examples);
            }
            if (limit > 0 && static_cast<int>(docs.size()) > limit) docs.resize(static_cast<size_t>(limit));
            for (auto& d : docs) t.docs.push_back(std::move(d));
        }
        return t;
    }
    const std::string eval_path = first_existing(data_dir, def.eval_files);
    if (eval_path.empty())
        fail_input(data_dir, std::string("no ") + def.key + " " + def.eval_split + " file (" + looked_for(def.eval_files) + ")");
    t.files.push_back(eval_path);
    t.docs = def.read(eval_path, "");
    if (t.docs.empty()) fail_input(eval_path, "has no questions");
    if (shots > 0) {
        const std::string fewshot_path = first_existing(data_dir, def.fewshot_files);
        if (fewshot_path.empty())
            fail_input(data_dir, std::string("no ") + def.key + " " + def.fewshot_split + " file for " + std::to_string(shots) +
                                     " shots (" + looked_for(def.fewshot_files) + ")");
        t.files.push_back(fewshot_path);
        auto examples = def.read(fewshot_path, "");
        if (static_cast<int>(examples.size()) < shots)
            fail_input(fewshot_path, "has " + std::to_string(examples.size()) + " questions, fewer than the " +
                                         std::to_string(shots) + " shots asked");
        examples.resize(static_cast<size_t>(shots));
        t.fewshot[""] = std::move(examples);
    }
    if (limit > 0 && static_cast<int>(t.docs.size()) > limit) t.docs.resize(static_cast<size_t>(limit));
    return t;
}

}  // namespace rs
