// Offline rotation fusion (issue 4): a fused model must compute the same function as the
// original. The truth is the original model's own logits; every rotation kind, with R1 and R2
// on and off, on tiny random models of each architecture, then on the bundled default model.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "calib/corpus.h"
#include "core/error.h"
#include "eval/perplexity.h"
#include "fit/procrustes.h"
#include "fit/r1_activations.h"
#include "model/loader.h"
#include "model/roles.h"
#include "quant/format.h"
#include "rotate/rotation.h"
#include "rotate/fuse.h"
#include "runtime/forward.h"
#include "support/model_logits.h"
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

using testing::logits_of;

using testing::max_rel_error;

bool all_ones(const VectorF& v) { return (v.array() == 1.0f).all(); }

// One rotation kind written for each order it is used at: d_model 48 (R1), head_dim 12 or 16
// (R2, R3) and d_ff 80 = 20·4 (R4).
struct Kind {
    const char* r1;
    const char* head;
    const char* r4;
};

// Placements as a mask: bit 0 = R1, 1 = R2, 2 = R3, 3 = R4.
struct Case {
    Arch arch;
    Kind kind;
    int placements;
    bool tied;
};

bool has(const Case& c, int r) { return (c.placements >> (r - 1)) & 1; }

std::string placement_text(const Case& c) {
    std::string s;
    if (has(c, 1)) s += std::string(" R1 ") + c.kind.r1;
    if (has(c, 2)) s += std::string(" R2 ") + c.kind.head;
    if (has(c, 3)) s += std::string(" R3 ") + c.kind.head;
    if (has(c, 4)) s += std::string(" R4 ") + c.kind.r4;
    return s.empty() ? std::string(" none") : s;
}

void PrintTo(const Case& c, std::ostream* os) { *os << arch_name(c.arch) << placement_text(c); }

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
    const Case& c = info.param;
    std::string s = std::string(arch_name(c.arch)) + placement_text(c) + (c.tied ? "_tied" : "");
    for (char& ch : s)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    return s + "_" + std::to_string(info.index);
}

std::vector<Case> all_cases() {
    // 48 = 12·4, 80 = 20·4 and both head dims have Hadamard constructions; block sizes divide
    // their orders.
    const std::vector<Kind> kinds = {
        {"hadamard", "hadamard", "hadamard"},
        {"rhadamard:seed=1", "rhadamard:seed=1", "rhadamard:seed=1"},
        {"block:16", "block:4", "block:16"},
        {"orthogonal:seed=2", "orthogonal:seed=2", "orthogonal:seed=2"},
    };
    std::vector<Case> cases;
    for (Arch a : {Arch::Llama, Arch::Qwen2, Arch::Qwen3}) {
        cases.push_back({a, {"none", "none", "none"}, 0b1111, false});
        for (const Kind& k : kinds)
            // each placement alone, R1+R2 (offline only), and all four
            for (int mask : {0b0001, 0b0010, 0b0100, 0b1000, 0b0011, 0b1111}) cases.push_back({a, k, mask, false});
    }
    cases.push_back({Arch::Llama, {"rhadamard:seed=3", "hadamard", "hadamard"}, 0b1111, true});
    return cases;
}

FusePlan plan_of(const Case& k) {
    FusePlan p;
    p.r1 = parse_rotation(k.kind.r1);
    p.r1_on = has(k, 1);
    p.r2 = parse_rotation(k.kind.head);
    p.r2_on = has(k, 2);
    p.r3 = parse_rotation(k.kind.head);
    p.r3_on = has(k, 3);
    p.r4 = parse_rotation(k.kind.r4);
    p.r4_on = has(k, 4);
    return p;
}

class FusionInvariance : public ::testing::TestWithParam<Case> {};

TEST_P(FusionInvariance, LogitsUnchanged) {
    const Case& k = GetParam();
    ModelConfig cfg = testing::tiny_config(k.arch);
    cfg.tied_embeddings = k.tied;
    const Model m = testing::random_model(cfg, 11);
    const FusePlan plan = plan_of(k);
    FuseReport report;
    const Model f = fuse_rotations(m, plan, {}, &report);

    const auto ids = some_tokens(20, cfg.n_vocab, 5);
    const MatrixRM want = logits_of(m, ids);
    const double err = max_rel_error(logits_of(f, ids), want);
    std::printf("  %-8s%-60s max rel logit error %.3g\n", arch_name(k.arch), placement_text(k).c_str(), err);
    EXPECT_LT(err, 1e-4);

    // The fusion really happened: norms are gone and rotated weights moved.
    EXPECT_TRUE(all_ones(f.out_norm));
    EXPECT_TRUE(all_ones(f.layers[0].attn_norm));
    EXPECT_TRUE(all_ones(f.layers[1].ffn_norm));
    EXPECT_FALSE(f.cfg.tied_embeddings);
    const bool r1_moves = has(k, 1) && std::string(k.kind.r1) != "none";
    const bool r2_moves = has(k, 2) && std::string(k.kind.head) != "none";
    const bool r4_moves = has(k, 4) && std::string(k.kind.r4) != "none";
    EXPECT_EQ(!f.tok_embd.isApprox(m.tok_embd, 1e-3f), r1_moves);
    EXPECT_EQ(!f.layers[1].down.w.isApprox(m.layers[1].down.w, 1e-3f), r1_moves || r4_moves);
    EXPECT_EQ(!f.layers[1].o.w.isApprox(m.layers[1].o.w, 1e-3f), r1_moves || r2_moves);
    if (k.arch == Arch::Qwen3) {  // per-head norms must survive untouched
        EXPECT_EQ(f.layers[0].q_norm, m.layers[0].q_norm);
        EXPECT_EQ(f.layers[0].k_norm, m.layers[0].k_norm);
    }
    // The online halves are recorded for the forward pass, and only those.
    EXPECT_EQ(f.online.r3.has_value(), has(k, 3));
    EXPECT_EQ(f.online.r4.has_value(), has(k, 4));
    if (has(k, 3)) EXPECT_EQ(*f.online.r3, plan.r3);
    if (has(k, 4)) EXPECT_EQ(*f.online.r4, plan.r4);
    EXPECT_EQ(report.r1_order, has(k, 1) ? cfg.d_model : 0);
    EXPECT_EQ(report.r2_order, has(k, 2) ? cfg.head_dim : 0);
    EXPECT_EQ(report.r3_order, has(k, 3) ? cfg.head_dim : 0);
    EXPECT_EQ(report.r4_order, has(k, 4) ? cfg.d_ff : 0);
    EXPECT_EQ(report.norms_folded, 2 * cfg.n_layers + 1);
}

// A rotation refined on the model's own R1-site activations (DFRot's Procrustes), written to a file
// and fused as `file:PATH`, keeps the float model's function like every other rotation.
TEST(FuseRotations, AFittedR1FromAFileKeepsTheLogits) {
    const ModelConfig cfg = testing::tiny_config(Arch::Llama);
    const Model m = testing::random_model(cfg, 12);
    Model folded = m;
    fold_norms(folded);
    auto backend = make_cpu_backend();
    const std::vector<std::vector<int32_t>> windows{some_tokens(24, cfg.n_vocab, 3), some_tokens(24, cfg.n_vocab, 4)};
    const R1Activations acts = capture_r1_activations(folded, *backend, windows, 0);
    const ProcrustesFit fit = refine_rotation({&acts.rows, {}, acts.rows_per_call},
                                              rotation_matrix(parse_rotation("rhadamard:seed=1"), cfg.d_model),
                                              quant::parse_format_spec("int4:token"), {.rounds = 5});
    const std::string path = ::testing::TempDir() + "rs-fitted-r1.f64";
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> r = fit.rotation;
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(r.data()), static_cast<std::streamsize>(r.size() * 8));

    FusePlan plan;
    plan.r1 = parse_rotation("file:" + path);
    plan.r1_on = true;
    const Model f = fuse_rotations(m, plan);
    const auto ids = some_tokens(20, cfg.n_vocab, 5);
    EXPECT_LT(max_rel_error(logits_of(f, ids), logits_of(m, ids)), 1e-4);
    EXPECT_FALSE(f.tok_embd.isApprox(m.tok_embd, 1e-3f));
    std::filesystem::remove(path);
}

// A learned R2 differs per layer: a file holding one head_dim × head_dim matrix per layer is fused
// layer by layer (on both engines' fuser), keeps the function, and is checked matrix by matrix.
TEST(FuseRotations, APerLayerR2FromAFileKeepsTheLogits) {
    const ModelConfig cfg = testing::tiny_config(Arch::Llama);
    const Model m = testing::random_model(cfg, 13);
    const std::string path = ::testing::TempDir() + "rs-r2-stack.f64";
    auto write_stack = [&](const std::vector<const char*>& kinds) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        for (const char* k : kinds) {
            const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> r =
                rotation_matrix(parse_rotation(k), cfg.head_dim);
            out.write(reinterpret_cast<const char*>(r.data()), static_cast<std::streamsize>(r.size() * 8));
        }
    };
    write_stack({"orthogonal:seed=1", "orthogonal:seed=2"});
    FusePlan plan;
    plan.r2 = parse_rotation("file:" + path);
    plan.r2_on = true;
    const Model f = fuse_rotations(m, plan);
    const auto ids = some_tokens(20, cfg.n_vocab, 6);
    EXPECT_LT(max_rel_error(logits_of(f, ids), logits_of(m, ids)), 1e-4);
    // Layer l got matrix l: layer 1's V rows are those of a fuse with orthogonal:seed=2 alone.
    FusePlan second;
    second.r2 = parse_rotation("orthogonal:seed=2");
    second.r2_on = true;
    const Model f2 = fuse_rotations(m, second);
    EXPECT_TRUE(f.layers[1].v.w.isApprox(f2.layers[1].v.w, 1e-6f));
    EXPECT_FALSE(f.layers[0].v.w.isApprox(f2.layers[0].v.w, 1e-3f));

    // One matrix of the stack not orthogonal: refused before any work, naming it.
    write_stack({"orthogonal:seed=1", "orthogonal:seed=2"});
    {
        std::fstream io(path, std::ios::binary | std::ios::in | std::ios::out);
        io.seekp(static_cast<std::streamoff>(cfg.head_dim * cfg.head_dim * 8));
        const double two = 2.0;
        io.write(reinterpret_cast<const char*>(&two), 8);
    }
    try {
        check_fuse_plan(cfg, plan);
        ADD_FAILURE() << "accepted a stack with a non-orthogonal matrix";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        EXPECT_NE(std::string(e.what()).find("rotation 1 is not orthogonal"), std::string::npos) << e.what();
    }
    // Three matrices for two layers is neither one rotation nor one per layer.
    write_stack({"hadamard", "hadamard", "hadamard"});
    try {
        check_fuse_plan(cfg, plan);
        ADD_FAILURE() << "accepted three R2 for two layers";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("holds"), std::string::npos) << e.what();
    }
    std::filesystem::remove(path);
}

// Without R4 applied online, the fused down_proj (which holds R4's inverse) gives a different
// function: this is what makes the invariance above a real check of the online half.
TEST(FuseRotations, R4NeedsItsOnlineHalf) {
    const ModelConfig cfg = testing::tiny_config(Arch::Llama);
    const Model m = testing::random_model(cfg, 11);
    FusePlan plan;
    plan.r4 = parse_rotation("hadamard");
    plan.r4_on = true;
    Model f = fuse_rotations(m, plan);
    const auto ids = some_tokens(20, cfg.n_vocab, 5);
    const MatrixRM want = logits_of(m, ids);
    EXPECT_LT(max_rel_error(logits_of(f, ids), want), 1e-4);
    f.online.r4.reset();
    EXPECT_GT(max_rel_error(logits_of(f, ids), want), 1e-2);
}

// R3 rotates Q and K per head: attention scores are unchanged, but K itself (what a KV-cache
// quantizer sees) is K·R3 per head. Checked with an ActivationTransform that records K.
TEST(FuseRotations, R3RotatesKeysPerHead) {
    struct RecordK : ActivationTransform {
        void linear_input(int, LinearInput, MatrixRM&) override {}
        void kv(int layer, MatrixRM& k, MatrixRM&) override {
            if (layer == 1) keys = k;
        }
        MatrixRM keys;
    };
    const ModelConfig cfg = testing::tiny_config(Arch::Qwen3);
    const Model m = testing::random_model(cfg, 11);
    FusePlan plan;
    plan.r3 = parse_rotation("rhadamard:seed=4");
    plan.r3_on = true;
    const Model f = fuse_rotations(m, plan);
    const auto ids = some_tokens(9, cfg.n_vocab, 5);
    auto backend = make_cpu_backend();
    MatrixRM hidden;
    RecordK a, b;
    Forward fa(m, *backend), fb(f, *backend);
    fa.set_activation_transform(&a);
    fb.set_activation_transform(&b);
    fa.hidden(ids, nullptr, hidden);
    fb.hidden(ids, nullptr, hidden);
    const Eigen::MatrixXd q = rotation_matrix(plan.r3, cfg.head_dim);
    ASSERT_EQ(a.keys.cols(), cfg.n_kv_heads * cfg.head_dim);
    for (int h = 0; h < cfg.n_kv_heads; ++h) {
        const Eigen::MatrixXd want = a.keys.middleCols(h * cfg.head_dim, cfg.head_dim).cast<double>() * q;
        const Eigen::MatrixXd got = b.keys.middleCols(h * cfg.head_dim, cfg.head_dim).cast<double>();
        EXPECT_LT((got - want).cwiseAbs().maxCoeff(), 1e-4 * want.cwiseAbs().maxCoeff()) << "head " << h;
    }
}

TEST(FuseRotations, RefusesAModelThatIsAlreadyRotated) {
    const ModelConfig cfg = testing::tiny_config(Arch::Llama);
    FusePlan plan;
    plan.r4 = parse_rotation("hadamard");
    plan.r4_on = true;
    const Model f = fuse_rotations(testing::random_model(cfg, 11), plan);
    try {
        fuse_rotations(f, plan);
        FAIL() << "expected BadInput";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        EXPECT_NE(std::string(e.what()).find("already rotated"), std::string::npos) << e.what();
    }
}

TEST(CheckFusePlan, NamesThePlacementAndTheOrder) {
    const ModelConfig cfg = testing::tiny_config(Arch::Llama);  // d_ff 80, head_dim 12
    auto message = [&](FusePlan p) {
        try {
            check_fuse_plan(cfg, p);
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::BadInput);
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    FusePlan p;
    p.r4 = parse_rotation("block:32");
    p.r4_on = true;
    EXPECT_NE(message(p).find("R4 over d_ff 80"), std::string::npos) << message(p);
    EXPECT_NE(message(p).find("block size 32 does not divide 80"), std::string::npos) << message(p);
    p.r4_on = false;
    EXPECT_EQ(message(p), "accepted");  // off placements are not checked
    p.r3 = parse_rotation("block:8");
    p.r3_on = true;
    EXPECT_NE(message(p).find("R3 over head_dim 12"), std::string::npos) << message(p);
    ModelConfig odd = cfg;
    odd.d_ff = 92;  // 92 = 4·23: no construction in this library
    FusePlan q;
    q.r4 = parse_rotation("hadamard");
    q.r4_on = true;
    try {
        check_fuse_plan(odd, q);
        FAIL() << "expected BadInput";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no Hadamard construction of order 92"), std::string::npos) << e.what();
    }
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
    p.report = [&](const ProgressStep&) { ++reports; };
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
    expect_refused(m, {parse_rotation("hadamard"), true, {}, false}, "layer 1 v_proj is 7x48");
}

TEST(FuseRotations, CancelsBetweenLayers) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 3);
    CancelToken token;
    Progress p;
    p.cancel = &token;
    int64_t last = -1, total = 0;
    p.report = [&](const ProgressStep& step_) { const std::string stage = progress_label(step_); const int64_t done = step_.done; const int64_t t = step_.total;
        EXPECT_EQ(stage, "fuse");
        last = done;
        total = t;
        if (done >= 1) token.cancel();
    };
    try {
        fuse_rotations(m, {parse_rotation("hadamard"), true, {}, false}, p);
        ADD_FAILURE() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
    }
    // Cancelled after the first batch of layers, before the last report.
    EXPECT_GE(last, 1);
    EXPECT_LT(last, m.cfg.n_layers + 1);
    EXPECT_EQ(total, m.cfg.n_layers + 1);
}

// Layers are fused in parallel and every transform splits its rows into fixed blocks: the fused
// weights are the same bits at any thread count.
TEST(FuseRotations, SameBitsAtAnyThreadCount) {
    ModelConfig c = testing::tiny_config(Arch::Qwen3);
    c.n_layers = 3;
    const Model m = testing::random_model(c, 8);
    const int threads = omp_get_max_threads();
    for (const char* kind : {"rhadamard:seed=4", "block:8", "orthogonal:seed=2"}) {
        FusePlan plan;
        plan.r1 = plan.r2 = plan.r4 = parse_rotation(kind);
        plan.r1_on = plan.r2_on = plan.r4_on = true;
        omp_set_num_threads(1);
        const Model one = fuse_rotations(m, plan);
        omp_set_num_threads(3);
        const Model three = fuse_rotations(m, plan);
        omp_set_num_threads(threads);
        EXPECT_EQ(one.tok_embd, three.tok_embd) << kind;
        EXPECT_EQ(one.lm_head.w, three.lm_head.w) << kind;
        for (int l = 0; l < c.n_layers; ++l)
            for (const RoleTraits& r : kLayerRoles) EXPECT_EQ(linear_of(one, l, r).w, linear_of(three, l, r).w) << kind << " " << r.name;
    }
}

TEST(FuseRotations, ReportSummary) {
    FuseReport r;
    r.plan = {parse_rotation("rhadamard:seed=0"), true, parse_rotation("hadamard"), true};
    r.r1_order = 576;
    r.r2_order = 64;
    EXPECT_EQ(r.summary(), "R1 rhadamard:seed=0 (576), R2 hadamard (64)");
    EXPECT_EQ(FuseReport{}.summary(), "norms folded, no rotation");
}

// The bundled SmolLM2-135M (d_model 576 = 36·16, head_dim 64, d_ff 1536 = 12·128): every kind at
// all four placements R1-R4 at once.
class FuseRotationsDefaultModel : public ::testing::TestWithParam<Kind> {};

TEST_P(FuseRotationsDefaultModel, LogitsAndPerplexityUnchanged) {
    // The test suite fetches the default model (scripts/test.sh); its absence is a failure.
    ASSERT_TRUE(std::filesystem::exists(default_model_path()))
        << default_model_path() << " is missing: run scripts/fetch-model.sh";
    static const Model m = load_model("default");
    ASSERT_EQ(m.cfg.d_model, 576);
    ASSERT_EQ(m.cfg.head_dim, 64);
    ASSERT_EQ(m.cfg.d_ff, 1536);
    const Kind& k = GetParam();
    FusePlan plan{parse_rotation(k.r1), true, parse_rotation(k.head), true,
                  parse_rotation(k.head), true, parse_rotation(k.r4), true};
    FuseReport report;
    const Model f = fuse_rotations(m, plan, {}, &report);
    EXPECT_EQ(report.summary(), "R1 " + rotation_name(plan.r1) + " (576), R2 " + rotation_name(plan.r2) + " (64), R3 " +
                                    rotation_name(plan.r3) + " (64), R4 " + rotation_name(plan.r4) + " (1536)");

    static const std::vector<int32_t> ids = [] {
        std::vector<int32_t> t;
        if (!find_wikitext2_file("wiki.test.joined.txt").empty()) {
            t = make_tokenizer(m.tokenizer)->encode(load_corpus("wikitext2").text.substr(0, 20000), true, false);
            t.resize(1024);
        } else {
            t = some_tokens(1024, m.cfg.n_vocab, 17);  // WikiText-2 absent: any fixed ids do
        }
        return t;
    }();
    const std::vector<int32_t> first(ids.begin(), ids.begin() + 64);
    const double err = max_rel_error(logits_of(f, first), logits_of(m, first));
    std::printf("  default model, %s: max rel logit error (64 tokens) %.3g\n", report.summary().c_str(), err);
    EXPECT_LT(err, 1e-3);

    auto backend = make_cpu_backend();
    Forward fa(m, *backend), fb(f, *backend);
    PplOptions opt;
    opt.ctx = 64;
    opt.protocol = PplProtocol::Full;
    const PplResult a = perplexity(fa, ids, opt), b = perplexity(fb, ids, opt);
    const double rel = std::abs(b.ppl - a.ppl) / a.ppl;
    std::printf("  default model perplexity (ctx 64, %d windows): original %.6f rotated %.6f, rel diff %.3g\n",
                a.windows, a.ppl, b.ppl, rel);
    EXPECT_EQ(a.scored_tokens, b.scored_tokens);
    EXPECT_LT(rel, 1e-4);  // the issue asks for 0.01 %
}

INSTANTIATE_TEST_SUITE_P(AllKinds, FuseRotationsDefaultModel,
                         ::testing::Values(Kind{"hadamard", "hadamard", "hadamard"},
                                           Kind{"rhadamard:seed=0", "rhadamard:seed=0", "rhadamard:seed=0"},
                                           Kind{"block:32", "block:32", "block:32"},
                                           Kind{"orthogonal:seed=0", "orthogonal:seed=0", "orthogonal:seed=0"}),
                         [](const ::testing::TestParamInfo<Kind>& info) {
                             std::string s = info.param.r1;
                             for (char& ch : s)
                                 if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             return s;
                         });

}  // namespace
}  // namespace rs
