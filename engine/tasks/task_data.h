// A task's questions read from the user's data folder: the evaluation split (per subject for MMLU
// and C-Eval) and the few-shot examples, with everything that is missing said in one line.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "tasks/task_table.h"

namespace rs {

struct TaskData {
    const TaskDef* def = nullptr;
    std::vector<std::string> files;  // every file read
    std::vector<TaskDoc> docs;       // evaluation questions: file order, subjects in key order
    // Few-shot examples in order, per subject ("" for tasks without subjects); each holds at
    // least the shots asked for.
    std::map<std::string, std::vector<TaskDoc>> fewshot;
    // Per-subject tasks: the table's subjects with no file in the folder (the task is averaged
    // over the subjects present; callers say so).
    std::vector<std::string> missing_subjects;
};

// Reads `def`'s files under `data_dir`. `shots` examples per question come from the few-shot split
// (its first `shots` questions, as lm-eval's first_n sampler takes them for MMLU and C-Eval);
// `limit` > 0 keeps the first `limit` questions (per subject for MMLU and C-Eval, as lm-eval's
// --limit does per subtask). BadInput, one line, naming the folder or file and what is missing.
TaskData load_task_data(const TaskDef& def, const std::string& data_dir, int shots, int limit = 0);

}  // namespace rs
