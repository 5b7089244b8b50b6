// Task accuracy on the real default model (SmolLM2-135M-Instruct, Q4_1 GGUF; its weights sit on a
// 4-bit grid, and the transformers model it was checked against is that grid dequantized to
// float32 by `rotoscope-cli export --to hf --dtype f32`):
//  * the scorer's shortcuts are exact: the shared prefix gives what separate passes give, a
//    letter task costs one pass over its prompt, truncation keeps the last max_length + 1 tokens;
//  * lm-eval-harness 0.4.9.1 (transformers backend, float32, batch size 1) on the tests' task
//    files gave the per-choice log-likelihoods below; Rotoscope must give them within 1e-3 and
//    the same accuracy.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "backend/backend.h"
#include "core/sha256.h"
#include "eval/perplexity.h"
#include "experiment/experiment_config.h"
#include "model/loader.h"
#include "pipeline/experiment.h"
#include "report/run_report.h"
#include "support/temp_dir.h"
#include "tasks/loglikelihood.h"
#include "tasks/task_eval.h"
#include "support/default_model.h"
#include "tokenizer/tokenizer.h"

namespace rs {
namespace {

const std::string kData = std::string(ROTOSCOPE_SOURCE_DIR) + "/tests/data/tasks";

using testing::default_model;

// Sum of log p(target) over the continuation, from one uncached pass over `input` (no sharing).
double direct_ll(const std::vector<int32_t>& full, size_t continuation_tokens) {
    Forward& f = *default_model().fwd;
    std::vector<int32_t> input(full.begin(), full.end() - 1);
    MatrixRM hidden, logits;
    f.hidden(input, nullptr, hidden);
    f.logits(hidden, logits);
    double ll = 0;
    for (size_t i = full.size() - continuation_tokens; i < full.size(); ++i)
        ll -= token_nll(logits.row(static_cast<int64_t>(i - 1)).data(), logits.cols(), full[i]);
    return ll;
}

struct LmEvalQuestion {
    int gold;
    std::vector<double> ll;
    std::vector<int> greedy;
};
struct LmEvalRun {
    const char* task;
    int shots;
    const char* requests_sha256;  // of every (context, continuation) lm-eval sent
    double acc, acc_stderr, acc_norm, ppl;
    std::vector<LmEvalQuestion> questions;
};
const std::vector<LmEvalRun>& lm_eval_runs() {
    static const std::vector<LmEvalRun> runs = {
#include "support/lm_eval_expected.inc"
    };
    return runs;
}

using TasksDefaultModel = testing::DefaultModelTest;

TEST_F(TasksDefaultModel, EncodePairMovesTrailingSpacesToTheContinuation) {
    LoglikelihoodScorer s(*default_model().fwd, *default_model().tok, 2048);
    std::vector<int32_t> c1, k1, c2, k2;
    s.encode_pair("Question: why?\nAnswer: ", "Because", c1, k1);
    s.encode_pair("Question: why?\nAnswer:", " Because", c2, k2);
    EXPECT_EQ(c1, c2);
    EXPECT_EQ(k1, k2);
    EXPECT_EQ(c1, default_model().tok->encode("Question: why?\nAnswer:", false));
    EXPECT_FALSE(k1.empty());
}

TEST_F(TasksDefaultModel, SharedPrefixEqualsSeparatePassesAndLetterTasksCostOnePass) {
    const TaskDef& arc = *find_task("arc_easy");
    const TaskDoc doc = load_task_data(arc, kData, 0).docs.at(1);
    const auto requests = task_requests(arc, doc, "");
    LoglikelihoodScorer shared(*default_model().fwd, *default_model().tok, 2048);
    const auto together = shared.score(requests);
    for (size_t i = 0; i < requests.size(); ++i) {
        std::vector<int32_t> ctx, cont;
        shared.encode_pair(requests[i].context, requests[i].continuation, ctx, cont);
        std::vector<int32_t> full = ctx;
        full.insert(full.end(), cont.begin(), cont.end());
        EXPECT_NEAR(together[i].ll, direct_ll(full, cont.size()), 2e-4) << i;
    }
    // MMLU's four one-token letters: one pass over the prompt, nothing more.
    const TaskDef& mmlu = *find_task("mmlu");
    const TaskData data = load_task_data(mmlu, kData, 5, 1);
    const TaskDoc& q = data.docs.front();
    const auto letters = task_requests(mmlu, q, fewshot_prefix(mmlu, q.subject, data.fewshot.at(q.subject)));
    LoglikelihoodScorer one(*default_model().fwd, *default_model().tok, 2048);
    const auto lls = one.score(letters);
    std::vector<int32_t> ctx, cont;
    one.encode_pair(letters[0].context, letters[0].continuation, ctx, cont);
    EXPECT_EQ(one.tokens_run(), static_cast<int64_t>(ctx.size()));
    for (const auto& l : lls) EXPECT_EQ(l.continuation_tokens, 1);
}

// Questions batched into packed passes score as they do one at a time, in far fewer passes.
TEST_F(TasksDefaultModel, BatchedQuestionsEqualOneAtATime) {
    for (const char* key : {"hellaswag", "winogrande"}) {
        const TaskDef& def = *find_task(key);
        const TaskData data = load_task_data(def, kData, 0);
        std::vector<std::vector<LoglikelihoodRequest>> questions;
        for (const TaskDoc& d : data.docs) questions.push_back(task_requests(def, d, ""));
        LoglikelihoodScorer batched(*default_model().fwd, *default_model().tok, 2048), single(*default_model().fwd, *default_model().tok, 2048);
        const auto together = batched.score_batch(questions);
        for (size_t k = 0; k < questions.size(); ++k) {
            const auto alone = single.score(questions[k]);
            for (size_t i = 0; i < alone.size(); ++i) {
                EXPECT_NEAR(together[k][i].ll, alone[i].ll, 1e-4) << key << " question " << k << " choice " << i;
                EXPECT_EQ(together[k][i].greedy, alone[i].greedy);
            }
        }
        EXPECT_EQ(single.passes(), static_cast<int64_t>(questions.size()));
        EXPECT_LE(batched.passes(), 2) << key;
        EXPECT_EQ(batched.tokens_run(), single.tokens_run());
    }
}

// A context that is only whitespace conditions on BOS (lm-eval's empty context) rather than
// scoring nothing.
TEST_F(TasksDefaultModel, AWhitespaceContextConditionsOnBos) {
    LoglikelihoodScorer s(*default_model().fwd, *default_model().tok, 2048);
    std::vector<int32_t> ctx, cont;
    s.encode_pair("  ", "zebra", ctx, cont);
    EXPECT_EQ(ctx, std::vector<int32_t>{default_model().tok->bos()});
    EXPECT_EQ(cont, default_model().tok->encode("  zebra", false));
    const auto r = s.score({{"  ", "zebra"}});
    EXPECT_LT(r[0].ll, -1.0);
    EXPECT_EQ(r[0].continuation_tokens, static_cast<int>(cont.size()));
}

TEST_F(TasksDefaultModel, TruncationKeepsTheLastMaxLengthPlusOneTokens) {
    const LoglikelihoodRequest r{"The quick brown fox jumps over the lazy dog near the river bank every single morning,", " again"};
    LoglikelihoodScorer s(*default_model().fwd, *default_model().tok, 8);
    const auto out = s.score({r});
    ASSERT_TRUE(out[0].truncated);
    std::vector<int32_t> ctx, cont;
    s.encode_pair(r.context, r.continuation, ctx, cont);
    std::vector<int32_t> full = ctx;
    full.insert(full.end(), cont.begin(), cont.end());
    ASSERT_GT(full.size(), 9u);
    full.erase(full.begin(), full.end() - 9);
    EXPECT_NEAR(out[0].ll, direct_ll(full, cont.size()), 2e-4);
    EXPECT_EQ(s.tokens_run(), 8);
    LoglikelihoodScorer wide(*default_model().fwd, *default_model().tok, 2048);
    EXPECT_FALSE(wide.score({r})[0].truncated);
}

// Every task format against lm-eval-harness: the same prompts byte for byte, the same per-choice
// log-likelihoods within 1e-3, the same greedy flags and accuracies.
TEST_F(TasksDefaultModel, AgreesWithLmEvalHarnessOnEveryTaskFormat) {
    for (const LmEvalRun& run : lm_eval_runs()) {
        SCOPED_TRACE(std::string(run.task) + " " + std::to_string(run.shots) + "-shot");
        TaskSettings settings;
        settings.tasks = {run.task};
        settings.data = kData;
        settings.shots = run.shots;
        const std::vector<TaskData> data = load_tasks(settings);
        const TaskDef& def = *data[0].def;
        std::string sent;
        for (const TaskDoc& d : data[0].docs) {
            const auto ex = data[0].fewshot.find(d.subject);
            const std::string prefix = fewshot_prefix(def, d.subject, ex == data[0].fewshot.end() ? std::vector<TaskDoc>{} : ex->second);
            for (const auto& r : task_requests(def, d, prefix)) sent += r.context + "\x1f" + r.continuation + "\x1e";
        }
        EXPECT_EQ(sha256_bytes(sent.data(), sent.size()), run.requests_sha256);

        const TaskScore score = evaluate_tasks(*default_model().fwd, *default_model().tok, data, settings).at(0);
        ASSERT_EQ(score.n, static_cast<int>(run.questions.size()));
        double worst = 0;
        for (size_t q = 0; q < run.questions.size(); ++q) {
            const LmEvalQuestion& want = run.questions[q];
            const int32_t begin = score.choice_offset[q], end = score.choice_offset[q + 1];
            ASSERT_EQ(end - begin, static_cast<int32_t>(want.ll.size())) << q;
            if (def.kind != TaskKind::Continuation) EXPECT_EQ(score.gold[q], want.gold) << q;
            for (int32_t c = begin; c < end; ++c) {
                const double d = std::abs(score.ll[static_cast<size_t>(c)] - want.ll[static_cast<size_t>(c - begin)]);
                worst = std::max(worst, d);
                EXPECT_LT(d, 1e-3) << "question " << q << " choice " << c - begin;
                EXPECT_EQ(score.greedy[static_cast<size_t>(c)], want.greedy[static_cast<size_t>(c - begin)]) << q;
            }
        }
        RecordProperty(std::string(run.task) + "_" + std::to_string(run.shots) + "shot_max_abs_ll_diff", std::to_string(worst));
        EXPECT_DOUBLE_EQ(score.acc, run.acc);
        EXPECT_NEAR(score.acc_stderr, run.acc_stderr, 1e-12);
        if (std::isnan(run.acc_norm)) EXPECT_TRUE(std::isnan(score.acc_norm));
        else EXPECT_DOUBLE_EQ(score.acc_norm, run.acc_norm);
        if (std::isnan(run.ppl)) EXPECT_TRUE(std::isnan(score.ppl));
        else EXPECT_NEAR(score.ppl, run.ppl, 1e-3 * run.ppl);
        std::printf("%-16s %d-shot  max |Δll| vs lm-eval %.2e  acc %.4f\n", run.task, run.shots, worst, score.acc);
    }
}

// eval.tasks in an experiment: every run of the matrix is scored on its own (quantized) forward
// pass, the run report keeps the scores and every choice's log-likelihood, and the summaries get a
// column per task.
TEST_F(TasksDefaultModel, ExperimentRunsScoreTasksAndReportsKeepThem) {
    ExperimentConfig config;
    config.model = "default";
    RecipeMatrix& m = config.matrix;
    m.name = "tasks";
    m.eval.ctx = 64;
    m.eval.windows = 1;
    m.eval.probe_tokens = 0;
    m.eval.tasks.tasks = {"piqa", "mmlu"};
    m.eval.tasks.data = kData;
    m.eval.tasks.limit = 3;
    m.recipes = {recipe_from_json(nlohmann::json{{"name", "float"}}, "test"),
                 recipe_from_json(nlohmann::json{{"name", "w2"}, {"w", "int2"}}, "test")};
    const RunReport rep = run_experiment(config);
    ASSERT_EQ(rep.runs.size(), 2u);
    const TaskScore& piqa = rep.runs[0].tasks.at(0);
    EXPECT_EQ(piqa.task, "piqa");
    EXPECT_EQ(piqa.n, 3);
    EXPECT_EQ(piqa.choice_offset, (std::vector<int32_t>{0, 2, 4, 6}));
    EXPECT_EQ(rep.runs[0].tasks.at(1).n, 6);  // 3 per subject
    // The same questions on the float model straight from evaluate_tasks.
    TaskSettings direct = m.eval.tasks;
    const auto scores = evaluate_tasks(*default_model().fwd, *default_model().tok, direct);
    for (size_t i = 0; i < piqa.ll.size(); ++i) EXPECT_NEAR(piqa.ll[i], scores[0].ll[i], 1e-9) << i;
    // 2-bit weights change the log-likelihoods.
    EXPECT_GT(std::abs(rep.runs[1].tasks.at(0).ll[0] - piqa.ll[0]), 1e-3);

    testing::TempDir dir;
    write_run_report(dir.file("r.h5"), rep);
    const RunReport back = read_run_report(dir.file("r.h5"));
    EXPECT_EQ(back.eval.tasks, m.eval.tasks);
    for (size_t r = 0; r < 2; ++r)
        for (size_t t = 0; t < 2; ++t) {
            const TaskScore& a = rep.runs[r].tasks[t];
            const TaskScore& b = back.runs[r].tasks[t];
            EXPECT_EQ(b.task, a.task);
            EXPECT_EQ(b.n, a.n);
            EXPECT_EQ(b.acc, a.acc);
            EXPECT_EQ(b.acc_stderr, a.acc_stderr);
            EXPECT_EQ(std::isnan(b.acc_norm), std::isnan(a.acc_norm));
            EXPECT_EQ(b.ll, a.ll);
            EXPECT_EQ(b.greedy, a.greedy);
            EXPECT_EQ(b.gold, a.gold);
            EXPECT_EQ(b.pred, a.pred);
            EXPECT_EQ(b.choice_offset, a.choice_offset);
            EXPECT_EQ(b.subjects.size(), a.subjects.size());
            EXPECT_EQ(b.categories.size(), a.categories.size());
            EXPECT_EQ(b.files, a.files);
        }
    const std::string csv = summary_table_csv(rep.runs);
    EXPECT_NE(csv.find(",piqa_n,piqa_acc,piqa_acc_stderr,piqa_acc_norm,piqa_ppl,mmlu_n"), std::string::npos) << csv;
    EXPECT_NE(summary_table_text(rep.runs, 1.0).find("piqa %"), std::string::npos);
}

}  // namespace
}  // namespace rs
