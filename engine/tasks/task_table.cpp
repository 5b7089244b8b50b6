#include "tasks/task_table.h"

#include "tasks/task_sources.h"

namespace rs {
namespace {

std::string no_description(const std::string&) { return {}; }

std::string mmlu_description(const std::string& subject) {
    const SubjectInfo* s = find_subject(kMmluSubjects, subject);
    std::string name = s ? s->name : subject;
    for (char& c : name)
        if (c == '_') c = ' ';
    return "The following are multiple choice questions (with answers) about " + name + ".\n\n";
}

std::string ceval_description(const std::string& subject) {
    const SubjectInfo* s = find_subject(kCevalSubjects, subject);
    return std::string("以下是中国关于") + (s ? s->name : subject.c_str()) + "的单项选择题，请选出其中的正确答案。\n\n";
}

// Where each benchmark's files lie: the original releases' names first, then the folder/split
// names a Hugging Face `to_json` export would have.
constexpr const char* kArcChallengeTest[] = {"arc/ARC-Challenge-Test.jsonl", "ARC-Challenge/ARC-Challenge-Test.jsonl",
                                             "ARC-V1-Feb2018-2/ARC-Challenge/ARC-Challenge-Test.jsonl",
                                             "arc_challenge/test.jsonl"};
constexpr const char* kArcChallengeTrain[] = {"arc/ARC-Challenge-Train.jsonl", "ARC-Challenge/ARC-Challenge-Train.jsonl",
                                              "ARC-V1-Feb2018-2/ARC-Challenge/ARC-Challenge-Train.jsonl",
                                              "arc_challenge/train.jsonl"};
constexpr const char* kArcEasyTest[] = {"arc/ARC-Easy-Test.jsonl", "ARC-Easy/ARC-Easy-Test.jsonl",
                                        "ARC-V1-Feb2018-2/ARC-Easy/ARC-Easy-Test.jsonl", "arc_easy/test.jsonl"};
constexpr const char* kArcEasyTrain[] = {"arc/ARC-Easy-Train.jsonl", "ARC-Easy/ARC-Easy-Train.jsonl",
                                         "ARC-V1-Feb2018-2/ARC-Easy/ARC-Easy-Train.jsonl", "arc_easy/train.jsonl"};
constexpr const char* kHellaswagVal[] = {"hellaswag/hellaswag_val.jsonl", "hellaswag/validation.jsonl"};
constexpr const char* kHellaswagTrain[] = {"hellaswag/hellaswag_train.jsonl", "hellaswag/train.jsonl"};
constexpr const char* kPiqaValid[] = {"piqa/valid.jsonl", "piqa/validation.jsonl"};
constexpr const char* kPiqaTrain[] = {"piqa/train.jsonl"};
constexpr const char* kWinograndeDev[] = {"winogrande/dev.jsonl", "winogrande/validation.jsonl"};
constexpr const char* kWinograndeTrain[] = {"winogrande/train_xl.jsonl", "winogrande/train.jsonl"};
constexpr const char* kLambadaTest[] = {"lambada/lambada_test.jsonl", "lambada_openai/lambada_test.jsonl",
                                        "lambada_openai/test.jsonl"};
constexpr const char* kMmluFolders[] = {"mmlu", "MMLU", "mmlu/data"};
constexpr const char* kCevalFolders[] = {"ceval", "ceval-exam", "C-Eval"};

constexpr TaskDef kTasks[] = {
    {"mmlu", "MMLU", TaskKind::Choice, false, 5, true, "test", "dev", {}, {}, kMmluSubjects, kMmluFolders, read_mmlu,
     mmlu_description},
    {"ceval", "C-Eval (valid)", TaskKind::Choice, true, 5, false, "val", "dev", {}, {}, kCevalSubjects, kCevalFolders, read_ceval,
     ceval_description},
    {"arc_challenge", "ARC-Challenge", TaskKind::Choice, true, 0, false, "test", "train", kArcChallengeTest, kArcChallengeTrain,
     {}, {}, read_arc, no_description},
    {"arc_easy", "ARC-Easy", TaskKind::Choice, true, 0, false, "test", "train", kArcEasyTest, kArcEasyTrain, {}, {}, read_arc,
     no_description},
    {"hellaswag", "HellaSwag", TaskKind::Choice, true, 0, false, "validation", "train", kHellaswagVal, kHellaswagTrain, {}, {},
     read_hellaswag, no_description},
    {"piqa", "PIQA", TaskKind::Choice, true, 0, false, "validation", "train", kPiqaValid, kPiqaTrain, {}, {}, read_piqa,
     no_description},
    {"winogrande", "WinoGrande", TaskKind::ChoiceInContext, false, 0, false, "validation", "train", kWinograndeDev,
     kWinograndeTrain, {}, {}, read_winogrande, no_description},
    {"lambada_openai", "LAMBADA (OpenAI)", TaskKind::Continuation, false, 0, false, "test", "", kLambadaTest, {}, {}, {},
     read_lambada, no_description},
};

}  // namespace

std::span<const TaskDef> task_table() { return kTasks; }

const TaskDef* find_task(std::string_view key) {
    for (const auto& t : kTasks)
        if (key == t.key) return &t;
    return nullptr;
}

std::string task_keys() {
    std::string s;
    for (const auto& t : kTasks) s += (s.empty() ? "" : ", ") + std::string(t.key);
    return s;
}

}  // namespace rs
