// One question of a task, already in the form lm-eval-harness's task definition gives it: the
// prompt text of the question (its doc_to_text), the choices (doc_to_choice) and the gold index.
#pragma once
#include <string>
#include <vector>

namespace rs {

struct TaskDoc {
    std::string subject;               // MMLU / C-Eval subject key; "" for the other tasks
    std::string text;                  // the question's prompt (unused when the choices are contexts)
    std::vector<std::string> choices;  // what follows the prompt, or (WinoGrande) the contexts
    std::string target;                // WinoGrande: the sentence after the blank; LAMBADA: " lastword"
    int gold = 0;                      // index into choices
    std::string file;                  // where it was read, for messages
    int line = 0;
};

}  // namespace rs
