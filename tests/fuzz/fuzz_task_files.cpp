// A task data file as `tasks --data` reads it: the bytes are written as each benchmark's file (an
// MMLU and a C-Eval CSV, the JSON-lines files of ARC, HellaSwag, PIQA with its label list,
// WinoGrande and LAMBADA), and every reader runs on them, then the prompts are built.
#include "fuzz_support.h"

#include "tasks/task_data.h"
#include "tasks/task_eval.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    rs::fuzz::clear_scratch();
    const std::string dir = rs::fuzz::scratch_root().string();
    for (const char* name : {"mmlu/test/anatomy_test.csv", "mmlu/dev/anatomy_dev.csv", "ceval/val/law_val.csv",
                             "ceval/dev/law_dev.csv", "arc/ARC-Easy-Test.jsonl", "arc/ARC-Challenge-Test.jsonl",
                             "hellaswag/hellaswag_val.jsonl", "piqa/valid.jsonl", "piqa/valid-labels.lst",
                             "winogrande/dev.jsonl", "lambada/lambada_test.jsonl"})
        rs::fuzz::write_scratch(name, bytes);
    for (const rs::TaskDef& def : rs::task_table()) {
        for (int shots : {0, 1}) {
            rs::fuzz::run_input([&] {
                const rs::TaskData t = rs::load_task_data(def, dir, shots, 4);
                for (const rs::TaskDoc& d : t.docs) {
                    const auto ex = t.fewshot.find(d.subject);
                    const std::string prefix =
                        rs::fewshot_prefix(def, d.subject, ex == t.fewshot.end() ? std::vector<rs::TaskDoc>{} : ex->second);
                    rs::task_requests(def, d, prefix);
                }
            });
        }
    }
    return 0;
}
