// The tasks Rotoscope evaluates, one table: each row says how the task is scored, where its files
// lie under the user's data folder, which reader turns them into TaskDocs and what the prompt's
// description is. The CLI's --tasks, recipes' eval.tasks, the report and the GUI iterate it; a
// new task is one row (and a reader when its files have a new layout).
//
// Scoring follows lm-eval-harness (docs/tasks.md has every template):
//  * Choice: one request per choice, (prompt, " " + choice); acc = argmax of the summed
//    log-likelihoods, acc_norm = argmax of log-likelihood / length of the choice in characters.
//  * ChoiceInContext (WinoGrande's partial scoring): the choices end the contexts and the one
//    continuation " " + rest-of-sentence is scored after each; acc = argmax.
//  * Continuation (LAMBADA): (text, " " + last word); acc = the continuation is the greedy one,
//    perplexity = exp(-mean log-likelihood).
#pragma once
#include <span>
#include <string>
#include <vector>

#include "tasks/task_doc.h"
#include "tasks/task_subjects.h"

namespace rs {

enum class TaskKind { Choice, ChoiceInContext, Continuation };

using TaskReader = std::vector<TaskDoc> (*)(const std::string& path, const std::string& subject);

struct TaskDef {
    const char* key;    // "arc_challenge": what --tasks and eval.tasks name
    const char* title;  // "ARC-Challenge"
    TaskKind kind;
    bool acc_norm;      // reports acc_norm beside acc
    int default_shots;  // the setting published tables use
    // lm-eval groups the subjects by category and the task by category (MMLU): the task's
    // standard error pools the categories' pooled ones; otherwise it pools the subjects.
    bool nested_groups;
    const char* eval_split;     // split names, for messages
    const char* fewshot_split;  // "" when the task has no few-shot source
    // Files under the data folder, the first that exists wins (tasks with one file per split).
    std::span<const char* const> eval_files;
    std::span<const char* const> fewshot_files;
    // Per-subject tasks: the subjects, and folders holding <split>/<subject>_<split>.csv|jsonl
    // (or <split>.jsonl with a subject field).
    std::span<const SubjectInfo> subjects;
    std::span<const char* const> folders;
    TaskReader read;
    // The text before the few-shot examples ("The following are ... about anatomy.\n\n").
    std::string (*description)(const std::string& subject);
};

std::span<const TaskDef> task_table();
// nullptr when unknown.
const TaskDef* find_task(std::string_view key);
// "arc_challenge, arc_easy, ..." for messages.
std::string task_keys();

}  // namespace rs
