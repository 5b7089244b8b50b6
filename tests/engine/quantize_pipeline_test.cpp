// The quantize pipeline (pipeline/quantize.h) on tiny random models with a byte tokenizer (every
// byte of the corpus is one token, so the evaluation tokens are checked against the file itself).
// Truths: an unquantized unrotated run must match the original exactly; a rotation alone must
// keep the model's function; a quantized run must give what the steps give when the test runs
// them by hand (fusion, RTN, fake-quantized activations, logit comparison, probe); a matrix
// refuses an invalid recipe before the first run; group statistics are checked on hand data.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "calib/calibration.h"
#include "calib/corpus.h"
#include "core/error.h"
#include "eval/linear_error.h"
#include "eval/logit_compare.h"
#include "pipeline/quantize.h"
#include "quant/act_quant.h"
#include "quant/rtn.h"
#include "rotate/fuse.h"
#include "rotate/smooth.h"
#include "runtime/forward.h"
#include "support/temp_dir.h"
#include "support/tiny_model.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/unicode_utils.h"

namespace rs {
namespace {

using nlohmann::json;

// Ids 0..255 are the bytes (no merges); 256 is "<s>", never added.
std::unique_ptr<Tokenizer> byte_tokenizer() {
    TokenizerSpec s;
    s.kind = TokenizerKind::ByteLevelBpe;
    s.pre = "gpt2";
    for (int b = 0; b < 256; ++b) s.tokens.push_back(unicode::byte_to_unicode_table()[static_cast<size_t>(b)]);
    s.token_types.assign(256, static_cast<int32_t>(TokenType::Normal));
    s.tokens.push_back("<s>");
    s.token_types.push_back(static_cast<int32_t>(TokenType::Control));
    s.source = "byte-tokenizer";
    return make_tokenizer(s);
}

std::string some_text(int words, uint32_t seed) {
    static const char* vocab[] = {"the", "rotation", "of", "a", "model", "keeps", "its", "function", "while",
                                  "outliers", "spread", "over", "every", "channel", "and", "quantization", "error",
                                  "shrinks", "when", "blocks", "are", "small"};
    std::mt19937 rng(seed);
    std::string t;
    for (int i = 0; i < words; ++i) {
        t += vocab[rng() % (sizeof vocab / sizeof *vocab)];
        t += (i % 11 == 10) ? ".\n" : " ";
    }
    return t;
}

constexpr int kCtx = 32, kWindows = 4, kProbe = 16;

// A tiny Llama over the byte vocabulary, its tokenizer and a corpus file.
struct Fixture {
    testing::TempDir dir{"quantize-pipeline"};
    ModelConfig cfg;
    Model model;
    std::unique_ptr<Tokenizer> tokenizer = byte_tokenizer();
    std::unique_ptr<Backend> backend = make_cpu_backend();
    std::string text = some_text(300, 3), corpus = dir.file("eval.txt"), calib = dir.file("calib.txt");

    explicit Fixture(Arch arch = Arch::Llama, uint32_t seed = 7) {
        cfg = testing::tiny_config(arch);
        cfg.n_vocab = 257;
        model = testing::random_model(cfg, seed);
        std::ofstream(corpus) << text;
        std::ofstream(calib) << some_text(200, 9);
    }
    EvalSettings eval() const { return EvalSettings{corpus, kCtx, kWindows, kProbe}; }
    SmoothCalibration smooth() const { return SmoothCalibration{calib, 2, 16, 0}; }
    std::vector<int32_t> tokens() const { return tokenizer->encode(text, true, false); }
};

Recipe recipe(const char* j) { return recipe_from_json(json::parse(j), "test"); }

// The metrics a run must reproduce, computed by the test from the same pieces.
LogitComparison by_hand(const Model& original, const Model& candidate, ActivationTransform* t, Backend& backend,
                        const std::vector<int32_t>& tokens) {
    Forward ref(original, backend), cand(candidate, backend);
    if (t) cand.set_activation_transform(t);
    return compare_logits(ref, cand, tokens, CompareOptions{kCtx, kWindows});
}

void expect_close(double got, double want, double rel, const char* what) {
    EXPECT_NEAR(got, want, rel * std::max(1.0, std::abs(want))) << what;
}

void expect_same_metrics(const LogitComparison& got, const LogitComparison& want) {
    expect_close(got.kl.mean, want.kl.mean, 1e-9, "kl mean");
    expect_close(got.kl.max, want.kl.max, 1e-9, "kl max");
    expect_close(got.kl.p99, want.kl.p99, 1e-9, "kl p99");
    expect_close(got.candidate.full, want.candidate.full, 1e-9, "candidate ppl");
    expect_close(got.candidate.llamacpp, want.candidate.llamacpp, 1e-9, "candidate llamacpp ppl");
    expect_close(got.reference.full, want.reference.full, 1e-9, "reference ppl");
    EXPECT_EQ(got.top1_agreement, want.top1_agreement);
    EXPECT_EQ(got.scored_tokens, want.scored_tokens);
    EXPECT_EQ(got.windows, want.windows);
}

template <class F>
std::string bad_input(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput) << e.what();
        const std::string msg = e.what();
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
        return msg;
    }
    ADD_FAILURE() << "no error";
    return "";
}

#define EXPECT_CONTAINS(hay, needle) \
    EXPECT_NE(std::string(hay).find(needle), std::string::npos) << "message: " << (hay) << "\nexpected: " << (needle)

// -------------------------------------------------------------------------------------------------
// The session

TEST(QuantizeSession, TokenizesTheCorpusOnce) {
    Fixture f;
    QuantizeSession s(f.model, *f.tokenizer, *f.backend, f.eval());
    // Byte tokenizer: the ids are the file's bytes.
    ASSERT_EQ(s.eval_tokens().size(), f.text.size());
    for (size_t i = 0; i < f.text.size(); ++i) ASSERT_EQ(s.eval_tokens()[i], static_cast<unsigned char>(f.text[i])) << i;
    EXPECT_EQ(s.corpus_path(), f.corpus);
    EXPECT_EQ(s.corpus_name(), f.corpus);
    EXPECT_TRUE(s.eval() == f.eval());
}

TEST(QuantizeSession, RefusesBadSettings) {
    Fixture f;
    EvalSettings e = f.eval();
    e.ctx = 512;  // the tiny model's context is 256
    EXPECT_CONTAINS(bad_input([&] { QuantizeSession x(f.model, *f.tokenizer, *f.backend, e); }),
                    "ctx 512 exceeds the model's context of 256");
    const std::string tiny = f.dir.file("tiny.txt");
    std::ofstream(tiny) << "too short";
    e = f.eval();
    e.corpus = tiny;
    EXPECT_CONTAINS(bad_input([&] { QuantizeSession x(f.model, *f.tokenizer, *f.backend, e); }),
                    tiny + ": has 9 tokens, fewer than one evaluation window of 32");
    e.corpus = f.dir.file("missing.txt");
    EXPECT_CONTAINS(bad_input([&] { QuantizeSession x(f.model, *f.tokenizer, *f.backend, e); }), e.corpus);
}

// -------------------------------------------------------------------------------------------------
// Runs

TEST(QuantizePipeline, NothingQuantizedNoRotationIsExact) {
    Fixture f;
    QuantizeSession s(f.model, *f.tokenizer, *f.backend, f.eval());
    const RunResult r = s.run(Recipe{});
    EXPECT_EQ(r.name, "none · unquantized");
    EXPECT_EQ(r.seed, -1);
    EXPECT_EQ(r.metrics.kl.mean, 0.0);
    EXPECT_EQ(r.metrics.kl.max, 0.0);
    EXPECT_EQ(r.metrics.top1_agreement, 1.0);
    EXPECT_EQ(r.metrics.candidate.full, r.metrics.reference.full);
    EXPECT_EQ(r.metrics.windows, kWindows);
    EXPECT_EQ(r.metrics.scored_tokens, kWindows * (kCtx - 1));
    EXPECT_GT(r.metrics.reference.full, 1.0);
    EXPECT_FALSE(r.weights);
    EXPECT_EQ(r.fuse.norms_folded, 0);  // no rotation: the norms were not even folded
    ASSERT_EQ(r.linears.size(), static_cast<size_t>(7 * f.cfg.n_layers));
    for (const LinearError& e : r.linears) EXPECT_EQ(e.output_rel_error, 0.0);
    EXPECT_GE(r.seconds_prepare, 0.0);
    EXPECT_GT(r.seconds_eval, 0.0);
}

TEST(QuantizePipeline, RotationAloneKeepsTheFunction) {
    for (Arch arch : {Arch::Llama, Arch::Qwen3}) {
        Fixture f(arch);
        QuantizeSession s(f.model, *f.tokenizer, *f.backend, f.eval());
        for (const char* rot : {R"({"r1": "rhadamard:seed=1", "r2": "hadamard", "r4": "hadamard"})",
                                R"({"r1": "orthogonal:seed=2", "r2": "block:4", "r3": "hadamard", "r4": "block:16"})"}) {
            const Recipe rec = recipe_from_json(json{{"rotation", json::parse(rot)}}, "test");
            const RunResult r = s.run(rec);
            const double rel_ppl = std::abs(r.metrics.candidate.full / r.metrics.reference.full - 1);
            std::printf("  %-6s %-45s KL mean %.3g  PPL rel %.3g\n", arch_name(arch), r.name.c_str(), r.metrics.kl.mean, rel_ppl);
            EXPECT_LT(r.metrics.kl.mean, 1e-6) << r.name;
            EXPECT_LT(rel_ppl, 1e-4) << r.name;
            EXPECT_EQ(r.fuse.r1_order, f.cfg.d_model);
            EXPECT_EQ(r.fuse.r4_order, f.cfg.d_ff);
            EXPECT_EQ(r.fuse.norms_folded, 2 * f.cfg.n_layers + 1);
        }
    }
}

TEST(QuantizePipeline, W4A4KV4MatchesTheStepsByHand) {
    Fixture f;
    QuantizeSession s(f.model, *f.tokenizer, *f.backend, f.eval());
    const Recipe rec = recipe(R"({"rotation": "rhadamard:seed=1", "w": "int4", "a": "int4:token", "kv": "int4:asym"})");
    std::vector<std::string> stages;
    Progress p;
    p.report = [&](const ProgressStep& step_) { const std::string stage = progress_label(step_);
        if (stages.empty() || stages.back() != stage) stages.emplace_back(stage);
    };
    const RunResult r = s.run(rec, p);

    const Model fused = fuse_rotations(f.model, rec.rotation);
    const Model quantized = quantize_weights_rtn(fused, *rec.weights, false);
    FakeQuantActivations t(f.cfg, ActQuantConfig{rec.activations, rec.kv, false});
    const LogitComparison want = by_hand(f.model, quantized, &t, *f.backend, f.tokens());
    expect_same_metrics(r.metrics, want);
    EXPECT_GT(r.metrics.kl.mean, 1e-4);
    EXPECT_NE(r.metrics.candidate.full, r.metrics.reference.full);
    EXPECT_EQ(r.seed, 1);
    EXPECT_EQ(r.fuse.r2_order, f.cfg.head_dim);

    ASSERT_TRUE(r.weights);
    ASSERT_EQ(r.weights->linears.size(), static_cast<size_t>(7 * f.cfg.n_layers));  // the LM head stays
    EXPECT_GT(r.weights->mean_rel_error(), 0.01);

    const std::vector<int32_t> tokens = f.tokens();
    const auto probe = probe_linear_errors(fused, quantized, &t, std::span<const int32_t>(tokens.data(), kProbe), *f.backend);
    ASSERT_EQ(r.linears.size(), probe.size());
    for (size_t i = 0; i < probe.size(); ++i) {
        EXPECT_EQ(r.linears[i].layer, probe[i].layer);
        EXPECT_EQ(r.linears[i].role, probe[i].role);
        expect_close(r.linears[i].output_rel_error, probe[i].output_rel_error, 1e-12, "probe output error");
        EXPECT_GT(r.linears[i].input_rel_error, 0.0);
        EXPECT_GT(r.linears[i].weight_rel_error, 0.0);
    }

    for (const char* stage : {"fuse", "quantizing weights", "reference", "evaluating", "probing linears"})
        EXPECT_NE(std::find(stages.begin(), stages.end(), stage), stages.end()) << stage;

    // The reference logits are computed once per session.
    stages.clear();
    s.run(rec, p);
    EXPECT_EQ(std::find(stages.begin(), stages.end(), "reference"), stages.end());
}

TEST(QuantizePipeline, UnrotatedBaselineQuantizesTheWeightsAsShipped) {
    Fixture f;
    EvalSettings e = f.eval();
    e.probe_tokens = 0;
    QuantizeSession s(f.model, *f.tokenizer, *f.backend, e);
    const Recipe rec = recipe(R"({"w": "int4:g16", "a": "int8:token"})");
    const RunResult r = s.run(rec);
    EXPECT_TRUE(r.linears.empty());  // probe off

    FakeQuantActivations t(f.cfg, ActQuantConfig{rec.activations, std::nullopt, false});
    const Model q = quantize_weights_rtn(f.model, *rec.weights, false);
    expect_same_metrics(r.metrics, by_hand(f.model, q, &t, *f.backend, f.tokens()));
    // Folding the norms first would have quantized other weights: the comparison can tell.
    Model folded = f.model;
    fold_norms(folded);
    const LogitComparison other = by_hand(f.model, quantize_weights_rtn(folded, *rec.weights, false), &t, *f.backend, f.tokens());
    EXPECT_NE(other.kl.mean, r.metrics.kl.mean);
}

TEST(QuantizePipeline, LmHeadQuantizedWhenAsked) {
    Fixture f;
    QuantizeSession s(f.model, *f.tokenizer, *f.backend, f.eval());
    const Recipe rec = recipe(R"({"w": "int4", "a": "int8:token", "lm_head": true})");
    const RunResult r = s.run(rec);
    FakeQuantActivations t(f.cfg, ActQuantConfig{rec.activations, std::nullopt, true});
    expect_same_metrics(r.metrics, by_hand(f.model, quantize_weights_rtn(f.model, *rec.weights, true), &t, *f.backend, f.tokens()));
    ASSERT_TRUE(r.weights);
    EXPECT_EQ(r.weights->linears.size(), static_cast<size_t>(7 * f.cfg.n_layers + 1));
    ASSERT_EQ(r.linears.size(), static_cast<size_t>(7 * f.cfg.n_layers + 1));
    EXPECT_EQ(r.linears.back().layer, -1);
}

TEST(QuantizePipeline, SmoothingUsesTheCalibrationCorpusAndCachesItsStatistics) {
    Fixture f;
    QuantizeSession s(f.model, *f.tokenizer, *f.backend, f.eval(), f.smooth());
    int calibration_reports = 0;
    Progress p;
    p.report = [&](const ProgressStep& step_) { const std::string stage = progress_label(step_);
        if (stage == "census") ++calibration_reports;
    };
    // Smoothing alone keeps the function.
    const RunResult alone = s.run(recipe(R"({"smooth": {"alpha": 0.5}})"), p);
    EXPECT_GT(calibration_reports, 0);
    EXPECT_LT(alone.metrics.kl.mean, 1e-6);

    // With rotation and W4A4: the same as the steps by hand, and the statistics are not collected again.
    calibration_reports = 0;
    const Recipe rec = recipe(R"({"rotation": "rhadamard:seed=2", "smooth": {"alpha": 0.6}, "w": "int4", "a": "int4:token"})");
    const RunResult r = s.run(rec, p);
    EXPECT_EQ(calibration_reports, 0);

    const SmoothCalibration sc = f.smooth();
    const CalibrationSet set = sample_windows(load_corpus(sc.corpus), *f.tokenizer, sc.windows, sc.ctx, sc.seed, false);
    std::vector<std::vector<int32_t>> windows;
    for (const CalibrationWindow& w : set.windows) windows.push_back(w.tokens);
    const SmoothStats stats = collect_smooth_stats(f.model, *f.backend, windows, rec.smooth);
    const Model q = quantize_weights_rtn(fuse_rotations(apply_smoothing(f.model, rec.smooth, stats), rec.rotation), *rec.weights);
    FakeQuantActivations t(f.cfg, ActQuantConfig{rec.activations, std::nullopt, false});
    expect_same_metrics(r.metrics, by_hand(f.model, q, &t, *f.backend, f.tokens()));

    // Other sites read the same census: no second pass over the calibration windows.
    calibration_reports = 0;
    s.run(recipe(R"({"smooth": {"alpha": 0.5, "sites": ["attn", "mlp"]}, "w": "int8"})"), p);
    EXPECT_EQ(calibration_reports, 0);
}

TEST(QuantizePipeline, SmoothingTakesItsStatisticsFromAGivenCensusOfTheSameWindows) {
    Fixture f;
    const SmoothCalibration sc = f.smooth();
    const Recipe rec = recipe(R"({"smooth": {"alpha": 0.6}, "w": "int4", "a": "int4:token"})");
    // The census a user ran on the smoothing calibration's windows.
    const CalibrationSet set = sample_windows(load_corpus(sc.corpus), *f.tokenizer, sc.windows, sc.ctx, sc.seed, false);
    CensusConfig cc;
    cc.windows = sc.windows;
    cc.ctx = sc.ctx;
    cc.seed = sc.seed;
    cc.bos = false;
    cc.capture_tokens = 0;
    Forward fwd(f.model, *f.backend);
    auto census = std::make_shared<const Census>(run_census(fwd, set, cc));

    QuantizeSession fresh(f.model, *f.tokenizer, *f.backend, f.eval(), sc);
    const RunResult a = fresh.run(rec);
    QuantizeSession given(f.model, *f.tokenizer, *f.backend, f.eval(), sc);
    ASSERT_TRUE(given.use_census(census));
    int census_reports = 0;
    Progress p;
    p.report = [&](const ProgressStep& step) { census_reports += step.stage == Stage::Census; };
    const RunResult b = given.run(rec, p);
    EXPECT_EQ(census_reports, 0);
    expect_same_metrics(b.metrics, a.metrics);

    // A census of other windows is not taken.
    CensusConfig other = cc;
    other.seed = sc.seed + 1;
    const CalibrationSet other_set = sample_windows(load_corpus(sc.corpus), *f.tokenizer, sc.windows, sc.ctx, sc.seed + 1, false);
    Forward fwd2(f.model, *f.backend);
    QuantizeSession third(f.model, *f.tokenizer, *f.backend, f.eval(), sc);
    EXPECT_FALSE(third.use_census(std::make_shared<const Census>(run_census(fwd2, other_set, other))));
}

TEST(QuantizePipeline, RefusesBeforeAnyWork) {
    Fixture f;
    QuantizeSession s(f.model, *f.tokenizer, *f.backend, f.eval());  // default smoothing ctx 512 > 256
    int reports = 0;
    Progress p;
    p.report = [&](const ProgressStep&) { ++reports; };
    EXPECT_CONTAINS(bad_input([&] { s.run(recipe(R"({"w": "mxfp4"})"), p); }), "recipe 'none · W mxfp4': weight format mxfp4");
    EXPECT_CONTAINS(bad_input([&] { s.run(recipe(R"({"smooth": {"alpha": 0.5}})"), p); }),
                    "smoothing calibration ctx 512 exceeds the model's context of 256");
    EXPECT_EQ(reports, 0);

    // A model that already carries online rotations cannot be rotated again.
    const Model rotated = fuse_rotations(f.model, FusePlan{{}, false, {}, false, {}, false, parse_rotation("hadamard"), true});
    ASSERT_TRUE(rotated.online.any());
    QuantizeSession s2(rotated, *f.tokenizer, *f.backend, f.eval());
    EXPECT_CONTAINS(bad_input([&] { s2.run(recipe(R"({"rotation": "hadamard"})"), p); }), "already carries online rotations");
    EXPECT_EQ(reports, 0);
    // Evaluating it as it is works (and compares it with itself).
    EXPECT_EQ(s2.run(Recipe{}).metrics.kl.mean, 0.0);
}

TEST(QuantizePipeline, Cancels) {
    Fixture f;
    QuantizeSession s(f.model, *f.tokenizer, *f.backend, f.eval());
    CancelToken token;
    Progress p;
    p.cancel = &token;
    bool saw_evaluating = false;
    p.report = [&](const ProgressStep& step_) { const std::string stage = progress_label(step_); const int64_t done = step_.done;
        if (stage == "evaluating" && done == 1) {
            saw_evaluating = true;
            token.cancel();
        }
    };
    try {
        s.run(recipe(R"({"rotation": "hadamard", "w": "int4"})"), p);
        ADD_FAILURE() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
    }
    EXPECT_TRUE(saw_evaluating);
    // The session is still usable.
    token.reset();
    p.report = {};
    EXPECT_GT(s.run(recipe(R"({"w": "int4"})"), p).metrics.kl.mean, 0.0);
}

// -------------------------------------------------------------------------------------------------
// Matrices

TEST(RunMatrix, RunsEveryRecipeInOrder) {
    Fixture f;
    QuantizeSession s(f.model, *f.tokenizer, *f.backend, f.eval());
    const RecipeMatrix m = matrix_from_json(json::parse(R"({
        "seeds": [3, 4],
        "recipes": [ {}, {"name": "w4", "w": "int4"}, {"rotation": "rhadamard", "w": "int4", "a": "int4:token"} ] })"),
                                            "m.json");
    ASSERT_EQ(m.recipes.size(), 4u);
    std::vector<std::string> seen;
    std::vector<std::string> stages;
    Progress p;
    p.report = [&](const ProgressStep& step_) { const std::string stage = progress_label(step_); stages.emplace_back(stage); };
    const auto results = run_matrix(s, m, p, [&](const RunResult& r) { seen.push_back(r.name); });
    ASSERT_EQ(results.size(), 4u);
    EXPECT_EQ(seen, (std::vector<std::string>{"none · unquantized", "w4", "rhadamard:seed=3 · W int4 A int4:token",
                                              "rhadamard:seed=4 · W int4 A int4:token"}));
    EXPECT_EQ(results[2].seed, 3);
    EXPECT_EQ(results[3].seed, 4);
    EXPECT_EQ(results[0].seed, -1);
    EXPECT_EQ(results[2].group, "rhadamard · W int4 A int4:token");
    EXPECT_EQ(results[3].group, results[2].group);
    EXPECT_EQ(results[1].group, "w4");
    EXPECT_NE(results[2].metrics.kl.mean, results[3].metrics.kl.mean);  // different rotations

    // Every stage is prefixed, in order; the reference runs in the first recipe only.
    int last = 0;
    for (const std::string& st : stages) {
        ASSERT_EQ(st[0], '[') << st;
        const int i = std::stoi(st.substr(1));
        EXPECT_EQ(st.at(st.find(']') + 1), ' ') << st;
        EXPECT_EQ(st.substr(st.find('/'), 3), "/4]") << st;
        EXPECT_GE(i, last);
        last = i;
        if (st.find("reference") != std::string::npos) EXPECT_EQ(i, 1) << st;
    }
    EXPECT_EQ(last, 4);
    EXPECT_NE(std::find(stages.begin(), stages.end(), "[3/4] fuse"), stages.end());
}

TEST(RunMatrix, AnInvalidRecipeStopsEverythingBeforeTheFirstRun) {
    Fixture f;
    QuantizeSession s(f.model, *f.tokenizer, *f.backend, f.eval());
    RecipeMatrix m = matrix_from_json(
        json::parse(R"({"name": "late-error", "recipes": [{"w": "int4"}, {"w": "int8"}, {"rotation": "hadamard"}, {"kv": "mxfp4"}]})"),
        "m.json");
    int results = 0, reports = 0;
    Progress p;
    p.report = [&](const ProgressStep&) { ++reports; };
    const std::string msg = bad_input([&] { run_matrix(s, m, p, [&](const RunResult&) { ++results; }); });
    EXPECT_CONTAINS(msg, "late-error: recipe 'none · KV mxfp4': KV format mxfp4: head_dim 12");
    EXPECT_EQ(results, 0);
    EXPECT_EQ(reports, 0);
}

TEST(RunMatrix, CancelsBetweenRuns) {
    Fixture f;
    QuantizeSession s(f.model, *f.tokenizer, *f.backend, f.eval());
    const RecipeMatrix m = matrix_from_json(json::parse(R"({"formats": ["int4", "int8", "int2"]})"), "m.json");
    CancelToken token;
    Progress p;
    p.cancel = &token;
    int results = 0;
    try {
        run_matrix(s, m, p, [&](const RunResult&) {
            ++results;
            token.cancel();
        });
        ADD_FAILURE() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
    }
    EXPECT_EQ(results, 1);
}

// -------------------------------------------------------------------------------------------------
// Summaries

RunResult fake_run(const std::string& name, const std::string& group, double ppl, double kl, double top1) {
    RunResult r;
    r.name = name;
    r.group = group;
    r.recipe = recipe(R"({"w": "int4", "a": "int4:token"})");
    r.metrics.candidate.full = ppl;
    r.metrics.reference.full = 10;
    r.metrics.kl.mean = kl;
    r.metrics.kl.p99 = 3 * kl;
    r.metrics.top1_agreement = top1;
    r.seconds_prepare = 1;
    r.seconds_eval = 2;
    return r;
}

TEST(Summaries, GroupMeansAndSampleStd) {
    const std::vector<RunResult> runs = {fake_run("a s0", "a", 10, 0.1, 0.90), fake_run("b", "b", 20, 0.5, 0.5),
                                         fake_run("a s1", "a", 12, 0.2, 0.80), fake_run("a s2", "a", 14, 0.3, 0.70)};
    const auto g = summarize_groups(runs);
    ASSERT_EQ(g.size(), 2u);
    EXPECT_EQ(g[0].group, "a");  // order of first appearance
    EXPECT_EQ(g[0].runs, 3);
    EXPECT_NEAR(g[0].ppl_mean, 12, 1e-12);
    EXPECT_NEAR(g[0].ppl_std, 2, 1e-12);  // sqrt((4 + 0 + 4) / 2)
    EXPECT_NEAR(g[0].kl_mean, 0.2, 1e-12);
    EXPECT_NEAR(g[0].kl_std, 0.1, 1e-12);
    EXPECT_NEAR(g[0].top1_mean, 0.8, 1e-12);
    EXPECT_NEAR(g[0].top1_std, 0.1, 1e-12);
    EXPECT_EQ(g[1].group, "b");
    EXPECT_EQ(g[1].runs, 1);
    EXPECT_EQ(g[1].ppl_mean, 20);
    EXPECT_EQ(g[1].ppl_std, 0);
}

TEST(Summaries, TextAndCsv) {
    const std::vector<RunResult> runs = {fake_run("rhadamard:seed=0 · W int4", "rh", 10.5, 0.125, 0.9),
                                         fake_run("rhadamard:seed=1 · W int4", "rh", 11.5, 0.25, 0.8),
                                         fake_run("odd, \"name\"", "odd", 20, 1, 0.5)};
    const std::string text = summary_table_text(runs, 10.0);
    EXPECT_CONTAINS(text, "ΔPPL");
    EXPECT_CONTAINS(text, "+0.5000");  // 10.5 - 10
    EXPECT_CONTAINS(text, "W4A4KV16");
    EXPECT_CONTAINS(text, "mean ± std over seeds");
    EXPECT_CONTAINS(text, "11.0000 ± 0.7071");
    EXPECT_EQ(text.find("odd, \"name\"  1"), std::string::npos);  // groups of one are not summarized
    // Columns line up: "W4A4KV16" starts at the same display column on every run row.
    std::vector<size_t> cols;
    size_t pos = 0;
    while ((pos = text.find('\n', pos)) != std::string::npos && cols.size() < 4) {
        const size_t start = ++pos, end = text.find('\n', start);
        const std::string line = text.substr(start, end - start);
        const size_t at = line.find("W4A4KV16");
        if (at == std::string::npos) continue;
        size_t width = 0;
        for (size_t i = 0; i < at; ++i) width += (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
        cols.push_back(width);
    }
    ASSERT_EQ(cols.size(), 3u);
    EXPECT_EQ(cols[0], cols[1]);
    EXPECT_EQ(cols[1], cols[2]);

    const std::string csv = summary_table_csv(runs);
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
    EXPECT_EQ(csv.substr(0, 20), "name,group,seed,bits");
    EXPECT_CONTAINS(csv, "\n\"odd, \"\"name\"\"\",odd,-1,W4A4KV16,int4,int4:token,,20,");
    EXPECT_CONTAINS(csv, "\nrhadamard:seed=0 · W int4,rh,-1,W4A4KV16,");
}

}  // namespace
}  // namespace rs
