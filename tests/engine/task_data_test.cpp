// Task data: the CSV and JSON-lines readers, lm-eval-harness's templates applied to each
// benchmark's files (the tests' own small sets in tests/data/tasks, in the original releases'
// layouts), the few-shot context, and every refusal of bad input naming file and line.
#include <gtest/gtest.h>

#include <fstream>

#include "support/expect_bad_input.h"
#include "support/temp_dir.h"
#include "tasks/task_data.h"
#include "tasks/task_eval.h"
#include "tasks/task_files.h"
#include "tasks/task_sources.h"

namespace rs {
namespace {

using testing::expect_bad_input;
using testing::TempDir;

const std::string kData = std::string(ROTOSCOPE_SOURCE_DIR) + "/tests/data/tasks";

void write(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

TEST(Csv, QuotesCommasLineBreaksAndCrlf) {
    const std::string text = "a,\"b, with comma\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\n\nlast,\"\",end";
    const auto rows = parse_csv(text, "t.csv");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"a", "b, with comma", "say \"hi\""}));
    EXPECT_EQ(rows[0].line, 1);
    EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"two\nlines", "", "x"}));
    EXPECT_EQ(rows[1].line, 2);
    EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"last", "", "end"}));
    EXPECT_EQ(rows[2].line, 5);
}

TEST(Csv, RefusesAnOpenQuoteAndTextAfterAClosingQuote) {
    expect_bad_input([] { parse_csv("a,b\nc,\"open\n", "t.csv"); }, "open quote", "t.csv:2:");
    expect_bad_input([] { parse_csv("a,\"b\"c\n", "t.csv"); }, "text after quote", "t.csv:1: text after the closing quote");
}

TEST(TaskTemplates, HellaswagPreprocessAndPythonCapitalize) {
    // lm-eval's preprocess: strip, " [title]" -> ". ", "[...]" removed, "  " -> " " (one pass).
    EXPECT_EQ(hellaswag_preprocess("  How to cook [title] Boil water. [step] Add salt.  "), "How to cook. Boil water. Add salt.");
    EXPECT_EQ(hellaswag_preprocess("a   b"), "a  b");
    EXPECT_EQ(hellaswag_preprocess("keep [open bracket"), "keep [open bracket");
    EXPECT_EQ(python_capitalize("the DOG ran"), "The dog ran");
    EXPECT_EQ(python_capitalize(""), "");
    EXPECT_EQ(python_strip(" \t x y \n"), "x y");
    EXPECT_EQ(python_strip("\u3000\u00a0问题 \u2003"), "问题");  // Python's str.isspace: ideographic space, NBSP, em space
    EXPECT_EQ(python_rstrip("Answer:\u00a0 "), "Answer:");
    EXPECT_EQ(python_rstrip(" \n"), "");
}

TEST(TaskData, MmluReadsTheOriginalCsvWithLmEvalsTemplate) {
    const TaskData t = load_task_data(*find_task("mmlu"), kData, 5);
    ASSERT_EQ(t.docs.size(), 24u);
    EXPECT_EQ(t.missing_subjects.size(), 55u);
    EXPECT_EQ(t.docs.front().subject, "elementary_mathematics");  // subjects in key order
    const TaskDoc& d = t.docs.front();
    EXPECT_EQ(d.choices, (std::vector<std::string>{"A", "B", "C", "D"}));
    EXPECT_EQ(d.text.substr(d.text.size() - 8), "\nAnswer:");
    ASSERT_EQ(t.fewshot.at("high_school_geography").size(), 5u);
    const std::string prefix = fewshot_prefix(*find_task("mmlu"), "high_school_geography", t.fewshot.at("high_school_geography"));
    EXPECT_EQ(prefix.rfind("The following are multiple choice questions (with answers) about high school geography.\n\n"
                           "Which of the following is the largest ocean on Earth?\nA. Atlantic Ocean\nB. Indian Ocean\n"
                           "C. Pacific Ocean\nD. Arctic Ocean\nAnswer: C\n\n",
                           0),
              0u)
        << prefix;
    const auto requests = task_requests(*find_task("mmlu"), d, "P");
    ASSERT_EQ(requests.size(), 4u);
    EXPECT_EQ(requests[2].context, "P" + d.text);
    EXPECT_EQ(requests[2].continuation, " C");
    // --limit is per subject, as lm-eval's is per subtask.
    EXPECT_EQ(load_task_data(*find_task("mmlu"), kData, 0, 3).docs.size(), 6u);
}

TEST(TaskData, CevalHasAHeaderAndAChineseDescription) {
    const TaskDef& def = *find_task("ceval");
    const TaskData t = load_task_data(def, kData, 5);
    ASSERT_EQ(t.docs.size(), 24u);
    const TaskDoc& d = t.docs.front();
    EXPECT_EQ(d.subject, "computer_network");
    EXPECT_EQ(d.text.substr(d.text.size() - 10), "\n答案：");
    const std::string prefix = fewshot_prefix(def, "computer_network", t.fewshot.at("computer_network"));
    EXPECT_EQ(prefix.rfind("以下是中国关于计算机网络的单项选择题，请选出其中的正确答案。\n\n在OSI参考模型中，负责路由选择的是____。\nA. 物理层\n"
                           "B. 数据链路层\nC. 网络层\nD. 传输层\n答案： C\n\n",
                           0),
              0u)
        << prefix;
}

TEST(TaskData, EveryTaskOfTheTableReadsTheTestSets) {
    for (const TaskDef& def : task_table()) {
        SCOPED_TRACE(def.key);
        const TaskData t = load_task_data(def, kData, def.default_shots);
        EXPECT_GE(t.docs.size(), 16u);
        for (const TaskDoc& d : t.docs) {
            EXPECT_GE(d.gold, 0);
            EXPECT_LT(d.gold, static_cast<int>(d.choices.size()));
            for (const auto& r : task_requests(def, d, "")) EXPECT_FALSE(r.continuation.empty());
        }
    }
}

TEST(TaskData, ArcHellaswagPiqaWinograndeLambadaTemplates) {
    const TaskDoc arc = load_task_data(*find_task("arc_easy"), kData, 0).docs.front();
    EXPECT_EQ(arc.text.rfind("Question: ", 0), 0u);
    EXPECT_EQ(arc.text.substr(arc.text.size() - 8), "\nAnswer:");

    const TaskDoc hs = load_task_data(*find_task("hellaswag"), kData, 0).docs.front();
    EXPECT_EQ(hs.text, "Washing dishes: A woman stands at a kitchen sink filled with soapy water. She");
    EXPECT_EQ(hs.choices[0], "scrubs a plate with a sponge and rinses it under the tap.");

    const TaskData piqa = load_task_data(*find_task("piqa"), kData, 0);
    EXPECT_EQ(piqa.docs[0].gold, 0);  // valid-labels.lst
    EXPECT_EQ(piqa.docs[1].gold, 1);

    const TaskDef& wg = *find_task("winogrande");
    const TaskDoc w = load_task_data(wg, kData, 0).docs.front();
    EXPECT_EQ(w.choices, (std::vector<std::string>{"Maria lent her umbrella to Susan because Maria",
                                                   "Maria lent her umbrella to Susan because Susan"}));
    EXPECT_EQ(w.target, "was going out into the rain.");
    EXPECT_EQ(w.gold, 1);
    const auto wr = task_requests(wg, w, "");
    EXPECT_EQ(wr[1].context, w.choices[1]);
    EXPECT_EQ(wr[1].continuation, " was going out into the rain.");

    const TaskDoc l = load_task_data(*find_task("lambada_openai"), kData, 0).docs.front();
    EXPECT_EQ(l.target, " fish");
    EXPECT_EQ(l.text.substr(l.text.size() - 12), "caught a big");
}

TEST(TaskData, MissingAndIncompleteFoldersSayWhat) {
    TempDir dir;
    expect_bad_input([&] { load_task_data(*find_task("arc_easy"), dir.file("nope"), 0); }, "no folder", "does not exist");
    expect_bad_input([&] { load_task_data(*find_task("arc_easy"), dir.str(), 0); }, "no file", "no arc_easy test file");
    expect_bad_input([&] { load_task_data(*find_task("mmlu"), dir.str(), 0); }, "no mmlu folder", "no mmlu folder");
    write(dir.file("mmlu/test/anatomy_test.csv"), "q,a,b,c,d,A\n");
    expect_bad_input([&] { load_task_data(*find_task("mmlu"), dir.str(), 5); }, "no dev file", "anatomy (needed for 5 shots)");
    write(dir.file("mmlu/dev/anatomy_dev.csv"), "q,a,b,c,d,A\nq2,a,b,c,d,B\n");
    expect_bad_input([&] { load_task_data(*find_task("mmlu"), dir.str(), 5); }, "shots > dev", "fewer than the 5 shots");
    EXPECT_EQ(load_task_data(*find_task("mmlu"), dir.str(), 2).docs.size(), 1u);
    expect_bad_input([&] { load_task_data(*find_task("arc_easy"), kData, 3); }, "no train split", "no arc_easy train file");
    expect_bad_input([&] { load_task_data(*find_task("lambada_openai"), kData, 1); }, "lambada shots", "no few-shot split");
}

TEST(TaskData, MalformedFilesNameFileAndLine) {
    TempDir dir;
    const auto mmlu = [&](const std::string& csv) {
        write(dir.file("mmlu/test/anatomy_test.csv"), csv);
        load_task_data(*find_task("mmlu"), dir.str(), 0);
    };
    expect_bad_input([&] { mmlu("q,a,b,c,d,A\nq,a,b,c,D\n"); }, "missing column", "anatomy_test.csv:2: has 5 columns, not 6");
    expect_bad_input([&] { mmlu("q,a,b,c,d,E\n"); }, "answer outside", "answer 'E' is not one of A, B, C, D");
    expect_bad_input([&] { mmlu("q,a,b,c,d,A\n\xff\n"); }, "not UTF-8", "anatomy_test.csv:2: not valid UTF-8");

    const auto ceval = [&](const std::string& csv) {
        write(dir.file("ceval/val/law_val.csv"), csv);
        load_task_data(*find_task("ceval"), dir.str(), 0);
    };
    expect_bad_input([&] { ceval("id,question,A,B,C,answer\n0,q,a,b,c,A\n"); }, "ceval no D", "header has no column 'D'");

    const auto arc = [&](const std::string& jsonl) {
        write(dir.file("arc/ARC-Easy-Test.jsonl"), jsonl);
        load_task_data(*find_task("arc_easy"), dir.str(), 0);
    };
    const std::string good =
        R"({"question": {"stem": "q", "choices": [{"text": "x", "label": "A"}, {"text": "y", "label": "B"}]}, "answerKey": "A"})";
    arc(good + "\n");
    expect_bad_input([&] { arc(good + "\n{not json\n"); }, "not JSON", "ARC-Easy-Test.jsonl:2: not valid JSON");
    expect_bad_input([&] { arc(good + "\n[1, 2]\n"); }, "not an object", "ARC-Easy-Test.jsonl:2: is [1, 2], not a JSON object");
    expect_bad_input(
        [&] {
            arc(R"({"question": {"stem": "q", "choices": [{"text": "x", "label": "A"}, {"text": "y", "label": "B"}]}, "answerKey": "C"})");
        },
        "answer key outside", "answerKey 'C' is not one of the choices' labels");
    expect_bad_input(
        [&] {
            arc(R"({"question": {"stem": "q", "choices": [{"text": " ", "label": "A"}, {"text": "y", "label": "B"}]}, "answerKey": "A"})");
        },
        "empty choice", "ARC-Easy-Test.jsonl:1: choice 1 is empty");
    expect_bad_input([&] { arc(R"({"question": "q", "answerKey": "A"})"); }, "no choices", "no field 'choices'");

    std::string many = R"({"activity_label": "x", "ctx_a": "a", "ctx_b": "b", "label": 0, "endings": [)";
    for (int i = 0; i < 27; ++i) many += std::string(i ? ", " : "") + "\"e\"";
    write(dir.file("hellaswag/validation.jsonl"), many + "]}\n");
    expect_bad_input([&] { load_task_data(*find_task("hellaswag"), dir.str(), 0); }, "27 endings", "has 27 endings; 2 to 26");
    std::filesystem::remove(dir.file("hellaswag/validation.jsonl"));
    write(dir.file("mmlu2/mmlu/test.jsonl"),
          R"({"subject": ")" + std::string(200, 's') + R"(", "question": "q", "choices": ["a", "b", "c", "d"], "answer": 0})" "\n");
    expect_bad_input([&] { load_task_data(*find_task("mmlu"), dir.file("mmlu2"), 0); }, "long subject", "test.jsonl:1: subject");

    write(dir.file("piqa/valid.jsonl"), R"({"goal": "g", "sol1": "a", "sol2": "b"})" "\n");
    expect_bad_input([&] { load_task_data(*find_task("piqa"), dir.str(), 0); }, "no labels", "no label file");
    write(dir.file("piqa/valid-labels.lst"), "0\n1\n");
    expect_bad_input([&] { load_task_data(*find_task("piqa"), dir.str(), 0); }, "extra labels", "more labels");
    write(dir.file("piqa/valid-labels.lst"), "2\n");
    expect_bad_input([&] { load_task_data(*find_task("piqa"), dir.str(), 0); }, "bad label", "valid-labels.lst:1: label '2'");

    write(dir.file("winogrande/dev.jsonl"), R"({"sentence": "no blank", "option1": "a", "option2": "b", "answer": "1"})" "\n");
    expect_bad_input([&] { load_task_data(*find_task("winogrande"), dir.str(), 0); }, "no blank", "dev.jsonl:1: sentence has no '_'");
    write(dir.file("winogrande/dev.jsonl"), R"({"sentence": "a _ b", "option1": "a", "option2": "b", "answer": "3"})" "\n");
    expect_bad_input([&] { load_task_data(*find_task("winogrande"), dir.str(), 0); }, "answer 3", "answer '3'");
    write(dir.file("hellaswag/validation.jsonl"),
          R"({"activity_label": "x", "ctx_a": "a", "ctx_b": "b", "endings": ["e1", "e2"], "label": "5"})" "\n");
    expect_bad_input([&] { load_task_data(*find_task("hellaswag"), dir.str(), 0); }, "label range", "field 'label'");
}

// Hugging Face exports in one file per split: the subject comes from each record.
TEST(TaskData, SingleFileSplitsTakeTheSubjectFromEachRecord) {
    TempDir dir;
    write(dir.file("ceval/val.jsonl"),
          R"({"subject": "law", "id": 0, "question": "q", "A": "a", "B": "b", "C": "c", "D": "d", "answer": "B"})" "\n"
          R"({"subject": "logic", "id": 1, "question": "q2", "A": "a", "B": "b", "C": "c", "D": "d", "answer": "C"})" "\n");
    const TaskData t = load_task_data(*find_task("ceval"), dir.str(), 0);
    ASSERT_EQ(t.docs.size(), 2u);
    EXPECT_EQ(t.docs[0].subject, "law");
    EXPECT_EQ(t.docs[1].subject, "logic");
    EXPECT_EQ(t.docs[1].gold, 2);
    EXPECT_EQ(fewshot_prefix(*find_task("ceval"), "law", {}), "以下是中国关于法学的单项选择题，请选出其中的正确答案。\n\n");
}

TEST(TaskSettings, JsonRoundTripAndRefusals) {
    TaskSettings s;
    s.tasks = {"mmlu", "piqa"};
    s.data = kData;
    s.shots = 3;
    s.limit = 7;
    nlohmann::json eval = nlohmann::json::object();
    task_settings_to_json(s, eval);
    TaskSettings back;
    task_settings_from_json(eval, back, "r.json");
    EXPECT_EQ(back, s);
    check_task_settings(s, "r.json");
    s.tasks = {"mmlu", "boolq"};
    expect_bad_input([&] { check_task_settings(s, "r.json"); }, "unknown task", "unknown task 'boolq'");
    s.tasks = {"mmlu", "mmlu"};
    expect_bad_input([&] { check_task_settings(s, "r.json"); }, "twice", "listed twice");
    s.tasks = {"mmlu"};
    s.data = "";
    expect_bad_input([&] { check_task_settings(s, "r.json"); }, "no data", "need a data folder");
    expect_bad_input([&] { task_settings_from_json(nlohmann::json{{"tasks", "mmlu"}}, back, "r.json"); }, "not a list",
                     "not a list of task names");
}

}  // namespace
}  // namespace rs
