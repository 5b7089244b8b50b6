// Offline rotation fusion (issue 4): a fused model must compute the same function as the
// original. The truth is the original model's own logits; every rotation kind, with R1 and R2
// on and off, on tiny random models of each architecture, then on the bundled default model.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "calib/corpus.h"
#include "core/error.h"
#include "eval/perplexity.h"
#include "model/loader.h"
#include "rotate/fuse.h"
#include "runtime/forward.h"
#include "support/tiny_model.h"
#include "tokenizer/tokenizer.h"

namespace rs {
namespace {

std::vector<int32_t> some_tokens(int n, int vocab, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<int32_t> t(n);
    for (int32_t& x : t) x = static_cast<int32_t>(rng() % static_cast<uint32_t>(vocab));
    return t;
}

MatrixRM logits_of(const Model& m, const std::vector<int32_t>& ids) {
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    MatrixRM hidden, logits;
    fwd.hidden(ids, nullptr, hidden);
    fwd.logits(hidden, logits);
    return logits;
}

// max |a - b| / max |b|
double max_rel_error(const MatrixRM& got, const MatrixRM& want) {
    return (got - want).cwiseAbs().maxCoeff() / want.cwiseAbs().maxCoeff();
}

bool all_ones(const VectorF& v) { return (v.array() == 1.0f).all(); }

struct Case {
    Arch arch;
    const char* r1;  // R1 over d_model 48
    const char* r2;  // R2 over head_dim 12 (Llama, Qwen2) or 16 (Qwen3)
    bool r1_on, r2_on;
    bool tied;
};

void PrintTo(const Case& c, std::ostream* os) {
    *os << arch_name(c.arch) << " R1 " << (c.r1_on ? c.r1 : "off") << " R2 " << (c.r2_on ? c.r2 : "off");
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
    const Case& c = info.param;
    std::string s = std::string(arch_name(c.arch)) + "_" + (c.r1_on ? c.r1 : "off") + "_" + (c.r2_on ? c.r2 : "off") +
                    (c.tied ? "_tied" : "");
    for (char& ch : s)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    return s + "_" + std::to_string(info.index);
}

std::vector<Case> all_cases() {
    // 48 = 12·4 and both head dims have Hadamard constructions; block sizes divide their orders.
    const std::vector<std::pair<const char*, const char*>> kinds = {
        {"none", "none"},
        {"hadamard", "hadamard"},
        {"rhadamard:seed=1", "rhadamard:seed=1"},
        {"block:16", "block:4"},
        {"orthogonal:seed=2", "orthogonal:seed=2"},
    };
    std::vector<Case> cases;
    for (Arch a : {Arch::Llama, Arch::Qwen2, Arch::Qwen3})
        for (const auto& [r1, r2] : kinds)
            for (bool r1_on : {false, true})
                for (bool r2_on : {false, true})
                    if (r1_on || r2_on || r1 == kinds[0].first) cases.push_back({a, r1, r2, r1_on, r2_on, false});
    cases.push_back({Arch::Llama, "rhadamard:seed=3", "hadamard", true, true, true});
    return cases;
}

class FusionInvariance : public ::testing::TestWithParam<Case> {};

TEST_P(FusionInvariance, LogitsUnchanged) {
    const Case& k = GetParam();
    ModelConfig cfg = testing::tiny_config(k.arch);
    cfg.tied_embeddings = k.tied;
    const Model m = testing::random_model(cfg, 11);
    FusePlan plan{parse_rotation(k.r1), k.r1_on, parse_rotation(k.r2), k.r2_on};
    FuseReport report;
    const Model f = fuse_rotations(m, plan, {}, &report);

    const auto ids = some_tokens(20, cfg.n_vocab, 5);
    const MatrixRM want = logits_of(m, ids);
    const double err = max_rel_error(logits_of(f, ids), want);
    std::printf("  %-8s R1 %-18s R2 %-18s max rel logit error %.3g\n", arch_name(k.arch), k.r1_on ? k.r1 : "off",
                k.r2_on ? k.r2 : "off", err);
    EXPECT_LT(err, 1e-4);

    // The fusion really happened: norms are gone and rotated weights moved.
    EXPECT_TRUE(all_ones(f.out_norm));
    EXPECT_TRUE(all_ones(f.layers[0].attn_norm));
    EXPECT_TRUE(all_ones(f.layers[1].ffn_norm));
    EXPECT_FALSE(f.cfg.tied_embeddings);
    const bool r1_moves = k.r1_on && std::string(k.r1) != "none";
    const bool r2_moves = k.r2_on && std::string(k.r2) != "none";
    EXPECT_EQ(!f.tok_embd.isApprox(m.tok_embd, 1e-3f), r1_moves);
    EXPECT_EQ(!f.layers[1].down.w.isApprox(m.layers[1].down.w, 1e-3f), r1_moves);
    EXPECT_EQ(!f.layers[1].o.w.isApprox(m.layers[1].o.w, 1e-3f), r1_moves || r2_moves);
    if (k.arch == Arch::Qwen3) {  // per-head norms must survive untouched
        EXPECT_EQ(f.layers[0].q_norm, m.layers[0].q_norm);
        EXPECT_EQ(f.layers[0].k_norm, m.layers[0].k_norm);
    }
    EXPECT_EQ(report.r1_order, k.r1_on ? cfg.d_model : 0);
    EXPECT_EQ(report.r2_order, k.r2_on ? cfg.head_dim : 0);
    EXPECT_EQ(report.norms_folded, 2 * cfg.n_layers + 1);
}

INSTANTIATE_TEST_SUITE_P(AllKinds, FusionInvariance, ::testing::ValuesIn(all_cases()), case_name);

TEST(FoldNorms, KeepsLogitsAndScalesColumns) {
    for (Arch a : {Arch::Llama, Arch::Qwen2, Arch::Qwen3}) {
        const Model m = testing::random_model(testing::tiny_config(a), 21);
        Model f = m;
        fold_norms(f);
        const auto ids = some_tokens(20, m.cfg.n_vocab, 8);
        const double err = max_rel_error(logits_of(f, ids), logits_of(m, ids));
        std::printf("  fold_norms %-8s max rel logit error %.3g\n", arch_name(a), err);
        EXPECT_LT(err, 1e-5) << arch_name(a);
        EXPECT_TRUE(all_ones(f.layers[0].attn_norm));
        // Column j of a reader is scaled by the norm's weight j, nothing else.
        EXPECT_FLOAT_EQ(f.layers[0].k.w(3, 5), m.layers[0].k.w(3, 5) * m.layers[0].attn_norm[5]);
        EXPECT_FLOAT_EQ(f.layers[1].up.w(7, 2), m.layers[1].up.w(7, 2) * m.layers[1].ffn_norm[2]);
        EXPECT_FLOAT_EQ(f.lm_head.w(9, 40), m.lm_head.w(9, 40) * m.out_norm[40]);
        EXPECT_EQ(f.layers[0].o.w, m.layers[0].o.w);
        EXPECT_EQ(f.layers[0].down.w, m.layers[0].down.w);
        EXPECT_EQ(f.tok_embd, m.tok_embd);
    }
}

// An impossible plan fails in one line, naming the rotation and the order, before any work.
void expect_refused(const Model& m, const FusePlan& plan, const std::string& needle) {
    int reports = 0;
    Progress p;
    p.report = [&](std::string_view, int64_t, int64_t) { ++reports; };
    try {
        fuse_rotations(m, plan, p);
        ADD_FAILURE() << "accepted: " << needle;
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        const std::string msg = e.what();
        EXPECT_NE(msg.find(needle), std::string::npos) << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
    EXPECT_EQ(reports, 0);
}

TEST(FuseRotations, RefusesRotationsWithoutAMatrixOfTheOrder) {
    ModelConfig c = testing::tiny_config(Arch::Llama);
    c.d_model = 50;  // not a multiple of 4: no Hadamard matrix exists
    const Model m = testing::random_model(c, 1);
    expect_refused(m, {parse_rotation("hadamard"), true, {}, false}, "R1 over d_model 50");
    expect_refused(m, {parse_rotation("rhadamard:seed=4"), true, {}, false}, "R1 over d_model 50");
    const Model m48 = testing::random_model(testing::tiny_config(Arch::Llama), 1);
    expect_refused(m48, {parse_rotation("block:20"), true, {}, false}, "does not divide 48");
    expect_refused(m48, {{}, false, parse_rotation("block:8"), true}, "R2 over head_dim 12");
    // The random orthogonal kind exists for every order, so it is accepted here.
    EXPECT_NO_THROW(fuse_rotations(m, {parse_rotation("orthogonal:seed=1"), true, {}, false}));
}

TEST(FuseRotations, RefusesInconsistentShapes) {
    Model m = testing::random_model(testing::tiny_config(Arch::Qwen2), 2);
    m.layers[1].v.w.resize(7, 48);
    expect_refused(m, {parse_rotation("hadamard"), true, {}, false}, "layer 1 v is 7x48");
}

TEST(FuseRotations, CancelsBetweenLayers) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 3);
    CancelToken token;
    Progress p;
    p.cancel = &token;
    int64_t last = -1, total = 0;
    p.report = [&](std::string_view stage, int64_t done, int64_t t) {
        EXPECT_EQ(stage, "fuse");
        last = done;
        total = t;
        if (done == 1) token.cancel();
    };
    try {
        fuse_rotations(m, {parse_rotation("hadamard"), true, {}, false}, p);
        ADD_FAILURE() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
    }
    EXPECT_EQ(last, 1);
    EXPECT_EQ(total, m.cfg.n_layers + 1);
}

TEST(FuseRotations, ReportSummary) {
    FuseReport r;
    r.plan = {parse_rotation("rhadamard:seed=0"), true, parse_rotation("hadamard"), true};
    r.r1_order = 576;
    r.r2_order = 64;
    EXPECT_EQ(r.summary(), "R1 rhadamard:seed=0 (576), R2 hadamard (64)");
    EXPECT_EQ(FuseReport{}.summary(), "norms folded, no rotation");
}

// The bundled SmolLM2-135M (d_model 576 = 36·16, head_dim 64), QuaRot's R1 + R2.
TEST(FuseRotationsDefaultModel, LogitsAndPerplexityUnchanged) {
    if (!std::filesystem::exists(default_model_path()))
        GTEST_SKIP() << default_model_path() << " is missing: run scripts/fetch-model.sh";
    const Model m = load_model("default");
    ASSERT_EQ(m.cfg.d_model, 576);
    ASSERT_EQ(m.cfg.head_dim, 64);
    FuseReport report;
    const Model f = fuse_rotations(m, {parse_rotation("rhadamard:seed=0"), true, parse_rotation("hadamard"), true}, {},
                                   &report);
    EXPECT_EQ(report.summary(), "R1 rhadamard:seed=0 (576), R2 hadamard (64)");

    std::vector<int32_t> ids;
    if (!find_wikitext2_file("wiki.test.joined.txt").empty()) {
        ids = make_tokenizer(m.tokenizer)->encode(load_corpus("wikitext2").text.substr(0, 20000), true, false);
        ids.resize(1024);
    } else {
        ids = some_tokens(1024, m.cfg.n_vocab, 17);  // WikiText-2 absent: any fixed ids do
    }
    const std::vector<int32_t> first(ids.begin(), ids.begin() + 64);
    const double err = max_rel_error(logits_of(f, first), logits_of(m, first));
    std::printf("  default model, R1 rhadamard:seed=0 + R2 hadamard: max rel logit error (64 tokens) %.3g\n", err);
    EXPECT_LT(err, 1e-3);

    auto backend = make_cpu_backend();
    Forward fa(m, *backend), fb(f, *backend);
    PplOptions opt;
    opt.ctx = 64;
    opt.protocol = PplProtocol::Full;
    const PplResult a = perplexity(fa, ids, opt), b = perplexity(fb, ids, opt);
    const double rel = std::abs(b.ppl - a.ppl) / a.ppl;
    std::printf("  default model perplexity (ctx 64, %d windows): original %.6f fused %.6f, rel diff %.3g\n", a.windows,
                a.ppl, b.ppl, rel);
    EXPECT_EQ(a.scored_tokens, b.scored_tokens);
    EXPECT_LT(rel, 1e-4);
}

}  // namespace
}  // namespace rs
