// Which tasks an evaluation scores and how: part of a recipe's or matrix's "eval" (so of the
// experiment configuration), and what the CLI's `tasks` options build.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "tasks/task_table.h"

namespace rs {

// What to evaluate (a recipe's or matrix's eval.tasks, the CLI's `tasks` options).
struct TaskSettings {
    std::vector<std::string> tasks;  // keys of the task table; empty: no task evaluation
    std::string data;                // the folder holding the task files
    int shots = -1;                  // -1: each task's default (MMLU and C-Eval 5, the others 0)
    int limit = 0;                   // > 0: the first `limit` questions (per subject for MMLU and C-Eval)
    int max_length = 0;              // tokens per request; 0: the model's context
    bool operator==(const TaskSettings&) const = default;
};

// BadInput, one line: unknown task names, negative numbers, a missing data folder.
void check_task_settings(const TaskSettings& s, const std::string& where);
int shots_for(const TaskDef& def, const TaskSettings& s);

// JSON of recipes and matrices ("tasks", "task_data", "task_shots", "task_limit",
// "task_max_length" inside "eval"); absent keys keep the defaults.
void task_settings_to_json(const TaskSettings& s, nlohmann::json& eval);
void task_settings_from_json(const nlohmann::json& eval, TaskSettings& s, const std::string& where);

}  // namespace rs
