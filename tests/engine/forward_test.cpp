// The CPU forward pass against the naive double-precision reference on generated models of
// every supported architecture, plus the consistency of KV-cached decoding with prefill.
#include <gtest/gtest.h>

#include "backend/backend.h"
#include "runtime/forward.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

std::vector<int32_t> some_tokens(int n, int vocab, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<int32_t> t(n);
    for (int& x : t) x = static_cast<int32_t>(rng() % vocab);
    return t;
}

// max |a - b| / max |b| over all logits
double max_rel_error(const MatrixRM& got, const std::vector<testing::Vec>& want) {
    double err = 0, scale = 0;
    for (int64_t t = 0; t < got.rows(); ++t)
        for (int64_t v = 0; v < got.cols(); ++v) {
            err = std::max(err, std::abs(got(t, v) - want[t][v]));
            scale = std::max(scale, std::abs(want[t][v]));
        }
    return err / scale;
}

struct Case {
    const char* name;
    Arch arch;
    RopeStyle style;
    bool llama3_scaling;
    bool tied;
};

class ForwardVsReference : public ::testing::TestWithParam<Case> {};

TEST_P(ForwardVsReference, LogitsMatchDoublePrecisionReference) {
    const Case& k = GetParam();
    ModelConfig c = testing::tiny_config(k.arch);
    c.rope_style = k.style;
    c.tied_embeddings = k.tied;
    if (k.llama3_scaling) {
        RopeScaling s;
        s.type = "llama3";
        s.factor = 8;
        s.low_freq_factor = 1;
        s.high_freq_factor = 4;
        s.original_context = 64;  // small, so that all three frequency bands occur with head_dim 12
        c.rope_scaling = s;
        c.rope_theta = 500000.0f;
    }
    const Model m = testing::random_model(c, 7);
    const auto ids = some_tokens(300, c.n_vocab, 3);  // > 2 attention query blocks of 128
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    MatrixRM hidden, logits;
    fwd.hidden(ids, nullptr, hidden);
    fwd.logits(hidden, logits);
    const auto want = testing::ref_forward(m, ids);
    EXPECT_LT(max_rel_error(logits, want), 2e-5) << k.name;
}

INSTANTIATE_TEST_SUITE_P(AllArchitectures, ForwardVsReference,
                         ::testing::Values(Case{"llama_neox", Arch::Llama, RopeStyle::Neox, false, false},
                                           Case{"llama_norm_pairs", Arch::Llama, RopeStyle::Norm, false, true},
                                           Case{"llama3_rope_scaling", Arch::Llama, RopeStyle::Neox, true, true},
                                           Case{"mistral", Arch::Mistral, RopeStyle::Neox, false, false},
                                           Case{"qwen2_bias", Arch::Qwen2, RopeStyle::Neox, false, true},
                                           Case{"qwen3_qk_norm", Arch::Qwen3, RopeStyle::Neox, false, false}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Forward, KvCachedDecodingEqualsPrefill) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Qwen3), 11);
    const auto ids = some_tokens(40, m.cfg.n_vocab, 5);
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    MatrixRM full_hidden, full_logits;
    fwd.hidden(ids, nullptr, full_hidden);
    fwd.logits(full_hidden, full_logits);

    KvCache cache(m.cfg, 64);
    MatrixRM h, step_logits;
    const std::vector<int32_t> prompt(ids.begin(), ids.begin() + 17);
    fwd.hidden(prompt, &cache, h);
    for (size_t t = prompt.size(); t < ids.size(); ++t) {
        const int32_t tok[1] = {ids[t]};
        fwd.hidden(tok, &cache, h);
        fwd.logits(h, step_logits);
        const double err = (step_logits.row(0) - full_logits.row(static_cast<int64_t>(t))).cwiseAbs().maxCoeff();
        EXPECT_LT(err, 1e-4) << "position " << t;
    }
    EXPECT_EQ(cache.size(), 40);
}

// Packed sequences (task scoring): two independent sequences, and two continuations of the
// second one's prefix, in one pass give each row what its own sequence's pass gives.
TEST(Forward, PackedSequencesEqualSeparatePasses) {
    for (Arch arch : {Arch::Llama, Arch::Qwen3}) {
        const Model m = testing::random_model(testing::tiny_config(arch), 13);
        auto backend = make_cpu_backend();
        Forward fwd(m, *backend);
        const auto a = some_tokens(150, m.cfg.n_vocab, 1);   // more than one 128-row attention block
        const auto prefix = some_tokens(9, m.cfg.n_vocab, 2);
        const auto c1 = some_tokens(5, m.cfg.n_vocab, 3), c2 = some_tokens(3, m.cfg.n_vocab, 4);
        std::vector<int32_t> tokens;
        PackedLayout layout;
        auto add = [&](const std::vector<int32_t>& ids, int pos0, int parent) {
            const int seg = static_cast<int>(layout.parent.size());
            layout.parent.push_back(parent);
            for (size_t i = 0; i < ids.size(); ++i) {
                tokens.push_back(ids[i]);
                layout.positions.push_back(pos0 + static_cast<int>(i));
                layout.segment.push_back(seg);
            }
            return seg;
        };
        add(a, 0, -1);
        const int p = add(prefix, 0, -1);
        add(c1, 9, p);
        add(c2, 9, p);
        MatrixRM packed;
        fwd.hidden_packed(tokens, layout, packed);
        auto expect_rows = [&](const std::vector<int32_t>& seq, int64_t packed_row, int64_t seq_row, int64_t n, const char* what) {
            MatrixRM h;
            fwd.hidden(seq, nullptr, h);
            for (int64_t r = 0; r < n; ++r)
                EXPECT_LT((packed.row(packed_row + r) - h.row(seq_row + r)).cwiseAbs().maxCoeff(), 1e-4)
                    << what << " row " << r << " " << arch_name(arch);
        };
        expect_rows(a, 0, 0, 150, "sequence a");
        std::vector<int32_t> pc1 = prefix, pc2 = prefix;
        pc1.insert(pc1.end(), c1.begin(), c1.end());
        pc2.insert(pc2.end(), c2.begin(), c2.end());
        expect_rows(pc1, 150, 0, 14, "prefix + c1");
        expect_rows(pc2, 159 + 5, 9, 3, "c2 after the prefix");
        PackedLayout bad = layout;
        bad.parent[1] = 3;  // a parent after its child
        EXPECT_THROW(fwd.hidden_packed(tokens, bad, packed), Error);
    }
}

TEST(Forward, OutOfVocabularyTokenIsAnError) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 1);
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    MatrixRM h;
    const std::vector<int32_t> bad = {1, m.cfg.n_vocab};
    EXPECT_THROW(fwd.hidden(bad, nullptr, h), Error);
}

TEST(Forward, KvCacheOverflowIsAnError) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 1);
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    KvCache cache(m.cfg, 4);
    MatrixRM h;
    EXPECT_THROW(fwd.hidden(some_tokens(5, m.cfg.n_vocab, 1), &cache, h), Error);
}

// The capture hook sees every linear input once per layer with the right widths.
TEST(Forward, CaptureHookSeesEveryLinearInput) {
    struct Recorder : CaptureHook {
        std::vector<std::tuple<int, LinearInput, int64_t, int64_t>> seen;
        int residuals = 0;
        void on_linear_input(int layer, LinearInput s, const MatrixRM& x) override { seen.emplace_back(layer, s, x.rows(), x.cols()); }
        void on_residual(int, const MatrixRM&) override { ++residuals; }
    } rec;
    const Model m = testing::random_model(testing::tiny_config(Arch::Qwen3), 2);
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    fwd.set_hook(&rec);
    MatrixRM h, logits;
    fwd.hidden(some_tokens(9, m.cfg.n_vocab, 2), nullptr, h);
    fwd.logits(h, logits);
    ASSERT_EQ(rec.seen.size(), size_t(4 * m.cfg.n_layers + 1));
    EXPECT_EQ(rec.residuals, m.cfg.n_layers);
    const auto& c = m.cfg;
    EXPECT_EQ(rec.seen[0], std::make_tuple(0, LinearInput::QKV, int64_t{9}, int64_t{c.d_model}));
    EXPECT_EQ(rec.seen[1], std::make_tuple(0, LinearInput::O, int64_t{9}, int64_t{c.n_heads} * c.head_dim));
    EXPECT_EQ(rec.seen[2], std::make_tuple(0, LinearInput::GateUp, int64_t{9}, int64_t{c.d_model}));
    EXPECT_EQ(rec.seen[3], std::make_tuple(0, LinearInput::Down, int64_t{9}, int64_t{c.d_ff}));
    EXPECT_EQ(rec.seen.back(), std::make_tuple(-1, LinearInput::LmHead, int64_t{9}, int64_t{c.d_model}));
}

}  // namespace
}  // namespace rs
