#include "tasks/task_settings.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/json_io.h"
#include "core/untrusted_text.h"

namespace rs {
using json = nlohmann::json;

namespace {

std::string where_or(const std::string& where) { return where.empty() ? std::string("tasks") : where; }

}  // namespace

int shots_for(const TaskDef& def, const TaskSettings& s) { return s.shots >= 0 ? s.shots : def.default_shots; }

void check_task_settings(const TaskSettings& s, const std::string& where) {
    if (s.tasks.empty()) return;
    for (const auto& t : s.tasks)
        if (!find_task(t)) fail_input(where_or(where), "unknown task " + in_quotes(t) + " (known: " + task_keys() + ")");
    for (size_t i = 0; i < s.tasks.size(); ++i)
        for (size_t j = i + 1; j < s.tasks.size(); ++j)
            if (s.tasks[i] == s.tasks[j]) fail_input(where_or(where), "task " + in_quotes(s.tasks[i]) + " is listed twice");
    if (s.data.empty()) fail_input(where_or(where), "tasks need a data folder (task_data, --data)");
    std::error_code ec;
    if (!std::filesystem::is_directory(s.data, ec)) fail_input(s.data, "task data folder does not exist");
    if (s.shots < -1) fail_input(where_or(where), "task shots must be -1 (each task's default) or more");
    if (s.limit < 0) fail_input(where_or(where), "task limit must be 0 (all) or more");
    if (s.max_length < 0 || s.max_length == 1) fail_input(where_or(where), "task max_length must be 0 (the model's) or at least 2");
}

void task_settings_to_json(const TaskSettings& s, json& eval) {
    if (s.tasks.empty()) return;
    eval["tasks"] = s.tasks;
    eval["task_data"] = s.data;
    eval["task_shots"] = s.shots;
    eval["task_limit"] = s.limit;
    eval["task_max_length"] = s.max_length;
}

void task_settings_from_json(const json& eval, TaskSettings& s, const std::string& where) {
    auto fail = [&](const std::string& problem) { fail_input(where_or(where), "eval: " + problem); };
    if (const auto it = eval.find("tasks"); it != eval.end()) {
        if (!it->is_array()) fail("tasks is " + json_preview(*it) + ", not a list of task names");
        s.tasks.clear();
        for (const auto& t : *it) {
            if (!t.is_string()) fail("tasks holds " + json_preview(t) + ", not a task name");
            s.tasks.push_back(t.get<std::string>());
        }
    }
    if (const auto it = eval.find("task_data"); it != eval.end()) {
        if (!it->is_string()) fail("task_data is " + json_preview(*it) + ", not a folder");
        s.data = it->get<std::string>();
    }
    auto integer = [&](const char* key, int lo, int& out) {
        const auto it = eval.find(key);
        if (it == eval.end()) return;
        const auto v = json_int(*it, lo, 1 << 30);
        if (!v) fail(std::string(key) + " is " + json_preview(*it) + ", not an integer >= " + std::to_string(lo));
        out = static_cast<int>(*v);
    };
    integer("task_shots", -1, s.shots);
    integer("task_limit", 0, s.limit);
    integer("task_max_length", 0, s.max_length);
}

}  // namespace rs
