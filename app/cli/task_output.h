// Task accuracy on the command line: the options that choose tasks (the `tasks` command's and
// `quantize`'s), and task scores as text and JSON.
#pragma once
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <vector>

#include "tasks/task_eval.h"

namespace rs::cli {

// --tasks, --data, --shots, --limit, --max-length bound to `s`. Returns the --tasks option.
CLI::Option* add_task_options(CLI::App& cmd, TaskSettings& s);

nlohmann::json tasks_json(const std::vector<TaskScore>& tasks);
// One line per task, then per category for MMLU and C-Eval (per subject with `subjects`), and
// notes on missing subjects and truncated questions.
void print_task_scores(const std::vector<TaskScore>& tasks, bool subjects = false);

}  // namespace rs::cli
