// Readers of each benchmark's files into TaskDocs, with lm-eval-harness's templates applied (the
// docs/tasks.md table lists them). Each reads one file; every problem is one BadInput line
// "<file>:<line>: ...".
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "tasks/task_doc.h"

namespace rs {

// Subject keys (file names, a subject field) are at most this long: they become report names.
inline constexpr size_t kMaxSubjectBytes = 128;
// The most choices a question may have (HellaSwag and ARC have 4 or 5).
inline constexpr size_t kMaxChoices = 26;

// MMLU: the original CSV (no header; question, A, B, C, D, answer letter), or JSON lines as the
// Hugging Face dataset has them (question, choices[4], answer index; subject when `subject` is "").
std::vector<TaskDoc> read_mmlu(const std::string& path, const std::string& subject);
// C-Eval: the original CSV (header id, question, A, B, C, D, answer[, explanation]), or JSON lines
// with those fields.
std::vector<TaskDoc> read_ceval(const std::string& path, const std::string& subject);
// ARC (AI2's JSON lines: question.stem and question.choices[{text,label}], or the Hugging Face
// layout: question, choices{text[],label[]}), answerKey among the labels.
std::vector<TaskDoc> read_arc(const std::string& path, const std::string& subject);
// HellaSwag: activity_label, ctx_a, ctx_b, endings[], label.
std::vector<TaskDoc> read_hellaswag(const std::string& path, const std::string& subject);
// PIQA: goal, sol1, sol2 and label, or the original release's labels in "<name>-labels.lst" beside
// "<name>.jsonl".
std::vector<TaskDoc> read_piqa(const std::string& path, const std::string& subject);
// WinoGrande: sentence with one "_", option1, option2, answer "1" or "2".
std::vector<TaskDoc> read_winogrande(const std::string& path, const std::string& subject);
// LAMBADA (OpenAI's JSON lines): text; the last space-separated word is the target.
std::vector<TaskDoc> read_lambada(const std::string& path, const std::string& subject);

// lm-eval's HellaSwag text cleaning (strip, " [title]" -> ". ", drop "[...]", "  " -> " ").
std::string hellaswag_preprocess(const std::string& text);
// Python's str.capitalize() for ASCII letters (first upper, the rest lower); other bytes as they are.
std::string python_capitalize(const std::string& text);
// Python's str.strip() and str.rstrip(): whitespace as str.isspace() has it (Unicode's, U+3000
// and NBSP included).
std::string python_strip(const std::string& text);
std::string python_rstrip(const std::string& text);
bool python_isspace(uint32_t code_point);

}  // namespace rs
