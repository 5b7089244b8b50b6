#include "cli/task_output.h"

#include <fmt/format.h>

#include <cmath>
#include <sstream>

#include "core/untrusted_text.h"

namespace rs::cli {
using json = nlohmann::json;

namespace {

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json group_json(const GroupScore& g) {
    json j{{"name", g.name}, {"n", g.n}, {"acc", num(g.acc)}, {"acc_norm", num(g.acc_norm)}};
    if (!g.category.empty()) j["category"] = g.category;
    return j;
}

std::string score_text(double v, double se) {
    return std::isfinite(v) ? fmt::format("{:.4f} ± {:.4f}", v, se) : std::string("-");
}

}  // namespace

CLI::Option* add_task_options(CLI::App& cmd, TaskSettings& s) {
    auto* t = cmd.add_option("--tasks", s.tasks, "tasks to score, comma-separated: " + task_keys())->delimiter(',');
    cmd.add_option("--data", s.data, "folder holding the task files (docs/tasks.md: where each task's files go)");
    cmd.add_option("--shots", s.shots, "few-shot examples per question (default: each task's, MMLU and C-Eval 5, others 0)")
        ->check(CLI::Range(0, 1 << 16));
    cmd.add_option("--limit", s.limit, "score only the first N questions of each task (per subject for MMLU and C-Eval)")
        ->check(CLI::Range(0, 1 << 30));
    cmd.add_option("--max-length", s.max_length, "tokens per request; longer prompts lose their start (default: the model's context)")
        ->check(CLI::Range(2, 1 << 24));
    return t;
}

json tasks_json(const std::vector<TaskScore>& tasks) {
    json out = json::array();
    for (const TaskScore& t : tasks) {
        json subjects = json::array(), categories = json::array();
        for (const auto& s : t.subjects) subjects.push_back(group_json(s));
        for (const auto& c : t.categories) categories.push_back(group_json(c));
        out.push_back({{"task", t.task},
                       {"title", t.title},
                       {"shots", t.shots},
                       {"n", t.n},
                       {"acc", num(t.acc)},
                       {"acc_stderr", num(t.acc_stderr)},
                       {"acc_norm", num(t.acc_norm)},
                       {"acc_norm_stderr", num(t.acc_norm_stderr)},
                       {"ppl", num(t.ppl)},
                       {"truncated", t.truncated},
                       {"missing_subjects", t.missing_subjects},
                       {"files", t.files},
                       {"tokens", t.tokens},
                       {"seconds", t.seconds},
                       {"items_per_second", t.seconds > 0 ? num(t.n / t.seconds) : json(nullptr)},
                       {"subjects", subjects},
                       {"categories", categories}});
    }
    return out;
}

void print_task_scores(const std::vector<TaskScore>& tasks, bool subjects) {
    if (tasks.empty()) return;
    fmt::print("{:<22} {:>5} {:>6}  {:<17}  {:<17}  {:>9}  {:>8}\n", "task", "shots", "n", "acc", "acc_norm", "ppl", "items/s");
    for (const TaskScore& t : tasks) {
        fmt::print("{:<22} {:>5} {:>6}  {:<17}  {:<17}  {:>9}  {:>8.2f}\n", t.task, t.shots, t.n, score_text(t.acc, t.acc_stderr),
                   score_text(t.acc_norm, t.acc_norm_stderr), std::isfinite(t.ppl) ? fmt::format("{:.3f}", t.ppl) : "-",
                   t.seconds > 0 ? t.n / t.seconds : 0.0);
        for (const auto& c : t.categories)
            fmt::print("  {:<20} {:>5} {:>6}  {:<17}\n", c.name.empty() ? "(no category)" : c.name, "", c.n,
                       fmt::format("{:.4f}", c.acc));
        if (subjects)
            for (const auto& s : t.subjects)
                fmt::print("    {:<30} {:>6}  {:.4f}\n", printable(s.name), s.n, s.acc);
        if (!t.missing_subjects.empty())
            fmt::print("  note: {} of the task's subjects have no file in the data folder; the average is over the {} present\n",
                       t.missing_subjects.size(), t.subjects.size());
        if (t.truncated)
            fmt::print("  note: {} questions were longer than the window and lost the start of their prompt (as lm-eval "
                       "truncates)\n",
                       t.truncated);
    }
}

}  // namespace rs::cli
