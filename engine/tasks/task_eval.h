// Task accuracy: every question of the chosen tasks scored by the forward pass at hand (the
// float model, or a recipe's quantized model with its activation transform), lm-eval-harness's
// way (tasks/task_table.h, tasks/loglikelihood.h). Accuracy ± standard error per task, per
// subject and per category for MMLU and C-Eval, and every choice's log-likelihood.
#pragma once
#include <cstdint>
#include <limits>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/progress.h"
#include "runtime/forward.h"
#include "tasks/loglikelihood.h"
#include "tasks/task_data.h"
#include "tasks/task_settings.h"
#include "tokenizer/tokenizer.h"

namespace rs {

inline constexpr double kNoScore = std::numeric_limits<double>::quiet_NaN();

struct GroupScore {
    std::string name;      // subject key or category
    std::string category;  // subjects: their category ("" when not in the table)
    int n = 0;
    double acc = 0, acc_norm = kNoScore;
};

struct TaskScore {
    std::string task, title;
    int shots = 0, n = 0;
    double acc = 0, acc_stderr = 0;
    double acc_norm = kNoScore, acc_norm_stderr = kNoScore;  // tasks with acc_norm
    double ppl = kNoScore;                                    // LAMBADA: exp(-mean log-likelihood)
    std::vector<GroupScore> subjects, categories;             // MMLU, C-Eval
    std::vector<std::string> missing_subjects;
    std::vector<std::string> files;
    int truncated = 0;  // questions whose requests were cut from the left to fit the window
    int64_t tokens = 0; // through the forward pass
    double seconds = 0;
    // Per question, in order: gold and predicted index, then its choices' log-likelihoods and
    // greedy flags flattened (choice_offset[i] .. choice_offset[i + 1]).
    std::vector<int32_t> gold, pred, choice_offset;
    std::vector<double> ll;
    std::vector<uint8_t> greedy;
};

// Loads every task's data (BadInput naming what is missing), then scores all questions; progress
// stage "tasks", one step per question; cancellable between questions.
std::vector<TaskScore> evaluate_tasks(Forward& forward, const Tokenizer& tokenizer, const TaskSettings& settings,
                                      const Progress& progress = {});

// The same on data already loaded (the experiment session loads it once).
std::vector<TaskScore> evaluate_tasks(Forward& forward, const Tokenizer& tokenizer, const std::vector<TaskData>& data,
                                      const TaskSettings& settings, const Progress& progress = {});
std::vector<TaskData> load_tasks(const TaskSettings& settings);

// The requests of one question: lm-eval's few-shot context (description, then each example
// with its answer, "\n\n" apart) before the question, one request per choice.
std::string fewshot_prefix(const TaskDef& def, const std::string& subject, const std::vector<TaskDoc>& examples);
std::vector<LoglikelihoodRequest> task_requests(const TaskDef& def, const TaskDoc& doc, const std::string& prefix);

}  // namespace rs
