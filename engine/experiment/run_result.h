// The result of one recipe's run: its metrics, what fusion and weight quantization did, the
// per-linear errors; and the tables that summarize a matrix of runs. Reports store these.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "eval/linear_error.h"
#include "eval/logit_compare.h"
#include "experiment/recipe.h"
#include "quant/rtn.h"
#include "rotate/fuse.h"
#include "tasks/task_eval.h"

namespace rs {

struct RunResult {
    Recipe recipe;
    std::string name;        // recipe.name or recipe_display_name()
    std::string group;       // name without the seed (RecipeMatrix::group_of)
    int seed = -1;           // -1: no random placement
    LogitComparison metrics;
    FuseReport fuse;
    std::optional<WeightQuantReport> weights;
    std::vector<LinearError> linears;  // empty when the probe is off
    std::vector<TaskScore> tasks;      // task accuracy (eval.tasks), in the order asked
    double seconds_prepare = 0;        // smoothing + fusion + RTN
    double seconds_eval = 0;           // evaluation + probe
};

// A result not yet run: the recipe, its display name (also its group) and first random seed.
RunResult new_run_result(const Recipe& recipe);

// Mean and sample standard deviation of the runs sharing a group (one entry per group, in order
// of first appearance); std = 0 for a group of one.
struct GroupSummary {
    std::string group;
    int runs = 0;
    double ppl_mean = 0, ppl_std = 0;
    double kl_mean = 0, kl_std = 0;
    double top1_mean = 0, top1_std = 0;
};
std::vector<GroupSummary> summarize_groups(const std::vector<RunResult>& runs);

// The summary as text (aligned columns) and as CSV, one row per run, then per group.
std::string summary_table_text(const std::vector<RunResult>& runs, double reference_ppl);
std::string summary_table_csv(const std::vector<RunResult>& runs);

}  // namespace rs
