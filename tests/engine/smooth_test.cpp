// SmoothQuant / SmoothRot channel smoothing (issue 4). Truths: the smoothed model computes the
// same function (its logits), the statistics equal a naive max over recorded activations, and at
// α = 0.5 smoothing balances each channel exactly: the new activation max equals the new weight
// column max (both become sqrt(act_max · w_max)).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "backend/backend.h"
#include "core/error.h"
#include "rotate/fuse.h"
#include "rotate/rotation.h"
#include "rotate/smooth.h"
#include "runtime/forward.h"
#include "support/model_logits.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

std::vector<std::vector<int32_t>> some_windows(int n, int len, int vocab, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<std::vector<int32_t>> w(n, std::vector<int32_t>(len));
    for (auto& win : w)
        for (int32_t& t : win) t = static_cast<int32_t>(rng() % static_cast<uint32_t>(vocab));
    return w;
}

using testing::logits_of;

using testing::max_rel_error;

// Records the per-channel max |x| of one site naively.
struct MaxHook : CaptureHook {
    MaxHook(LinearInput s, int layers, int width) : site(s), max(layers, std::vector<double>(width, 0.0)) {}
    void on_linear_input(int layer, LinearInput s, const MatrixRM& x) override {
        if (s != site || layer < 0) return;
        for (int64_t t = 0; t < x.rows(); ++t)
            for (int64_t j = 0; j < x.cols(); ++j) max[layer][j] = std::max(max[layer][j], double(std::abs(x(t, j))));
    }
    LinearInput site;
    std::vector<std::vector<double>> max;
};

SmoothConfig config(bool down, bool attn, bool mlp, double alpha = 0.5) {
    SmoothConfig c;
    c.on = true;
    c.alpha = alpha;
    c.down = down;
    c.attn = attn;
    c.mlp = mlp;
    return c;
}

TEST(SmoothingScales, FollowTheFormula) {
    // s = a^α / w^(1-α): 4^0.5 / 1^0.5 = 2; 9^0.5 / 4^0.5 = 1.5; α = 1 gives a; dead channels 1.
    const auto s = smoothing_scales({4.0f, 9.0f, 0.0f, 3.0f}, {1.0, 4.0, 2.0, 0.0}, 0.5, 1e-5);
    EXPECT_DOUBLE_EQ(s[0], 2.0);
    EXPECT_DOUBLE_EQ(s[1], 1.5);
    EXPECT_DOUBLE_EQ(s[2], 1.0);
    EXPECT_DOUBLE_EQ(s[3], 1.0);
    EXPECT_DOUBLE_EQ(smoothing_scales({5.0f}, {7.0}, 1.0, 1e-5)[0], 5.0);
    EXPECT_DOUBLE_EQ(smoothing_scales({5.0f}, {8.0}, 0.0, 1e-5)[0], 1.0 / 8.0);
    EXPECT_DOUBLE_EQ(smoothing_scales({1e-12f}, {1e6}, 0.5, 1e-5)[0], 1e-5);  // SmoothRot's clamp
}

// The smoothing statistics a run uses come from the census of its calibration windows; they are
// the same maxima the dedicated capture pass records.
TEST(SmoothStatsFromCensus, EqualTheDedicatedCapture) {
    const ModelConfig cfg = testing::tiny_config(Arch::Llama);
    const Model m = testing::random_model(cfg, 4);
    auto backend = make_cpu_backend();
    const auto windows = some_windows(3, 19, cfg.n_vocab, 2);
    CalibrationSet set;
    set.ctx = 19;
    for (const auto& w : windows) set.windows.push_back(CalibrationWindow{0, w, {}});
    CensusConfig cc;
    cc.windows = 3;
    cc.ctx = 19;
    cc.capture_tokens = 0;
    Forward fwd(m, *backend);
    const Census census = run_census(fwd, set, cc);
    const SmoothConfig all = config(true, true, true);
    const SmoothStats direct = collect_smooth_stats(m, *backend, windows, all);
    const SmoothStats from_census = smooth_stats_from_census(census, cfg, all);
    EXPECT_EQ(from_census.tokens, direct.tokens);
    for (const SmoothSiteTraits& site : kSmoothSites) {
        ASSERT_EQ((from_census.*site.stats).size(), size_t(cfg.n_layers)) << site.name;
        for (int l = 0; l < cfg.n_layers; ++l) EXPECT_EQ((from_census.*site.stats)[l], (direct.*site.stats)[l]) << site.name << " " << l;
    }
    // Only the sites asked for.
    const SmoothStats down_only = smooth_stats_from_census(census, cfg, config(true, false, false));
    EXPECT_FALSE(down_only.down.empty());
    EXPECT_TRUE(down_only.attn.empty() && down_only.mlp.empty());
    // A census of another shape is refused in one line.
    ModelConfig other = cfg;
    other.d_ff += 8;
    EXPECT_THROW(smooth_stats_from_census(census, other, all), Error);
}

TEST(CollectSmoothStats, EqualsANaiveMax) {
    const ModelConfig cfg = testing::tiny_config(Arch::Llama);
    const Model m = testing::random_model(cfg, 3);
    auto backend = make_cpu_backend();
    const auto windows = some_windows(3, 17, cfg.n_vocab, 9);
    const SmoothStats st = collect_smooth_stats(m, *backend, windows, config(true, true, false));
    EXPECT_EQ(st.tokens, 3 * 17);
    ASSERT_EQ(st.down.size(), size_t(cfg.n_layers));
    ASSERT_EQ(st.attn.size(), size_t(cfg.n_layers));
    EXPECT_TRUE(st.mlp.empty());
    MaxHook down(LinearInput::Down, cfg.n_layers, cfg.d_ff), attn(LinearInput::QKV, cfg.n_layers, cfg.d_model);
    for (MaxHook* h : {&down, &attn}) {
        Forward fwd(m, *backend);
        fwd.set_hook(h);
        MatrixRM hidden;
        for (const auto& w : windows) fwd.hidden(w, nullptr, hidden);
    }
    for (int l = 0; l < cfg.n_layers; ++l) {
        for (int j = 0; j < cfg.d_ff; ++j) EXPECT_EQ(st.down[l][j], float(down.max[l][j]));
        for (int j = 0; j < cfg.d_model; ++j) EXPECT_EQ(st.attn[l][j], float(attn.max[l][j]));
    }
}

struct Sites {
    bool down, attn, mlp;
};

class SmoothInvariance : public ::testing::TestWithParam<std::tuple<Arch, int>> {};

TEST_P(SmoothInvariance, LogitsUnchangedAndChannelsBalanced) {
    const auto [arch, which] = GetParam();
    const Sites sites[] = {{true, false, false}, {false, true, false}, {false, false, true}, {true, true, true}};
    const Sites s = sites[which];
    const ModelConfig cfg = testing::tiny_config(arch);
    Model m = testing::random_model(cfg, 5);
    // One loud down_proj input channel, as in real models (massive activations): up's row 7 × 40.
    for (Layer& L : m.layers) L.up.w.row(7) *= 40.0f;
    auto backend = make_cpu_backend();
    const auto windows = some_windows(2, 24, cfg.n_vocab, 4);
    const SmoothConfig c = config(s.down, s.attn, s.mlp);
    const SmoothStats st = collect_smooth_stats(m, *backend, windows, c);
    const Model sm = apply_smoothing(m, c, st);

    const auto ids = some_windows(1, 20, cfg.n_vocab, 8)[0];
    EXPECT_LT(max_rel_error(logits_of(sm, ids), logits_of(m, ids)), 1e-5);

    // α = 0.5 on the calibration windows: max|X_j|/s_j == max|W_j|·s_j for every active channel.
    if (s.down) {
        const SmoothStats after = collect_smooth_stats(sm, *backend, windows, config(true, false, false));
        for (int l = 0; l < cfg.n_layers; ++l) {
            const MatrixRM& w = sm.layers[l].down.w;
            for (int j = 0; j < cfg.d_ff; ++j) {
                const double wmax = w.col(j).cwiseAbs().maxCoeff();
                EXPECT_NEAR(after.down[l][j], wmax, 1e-4 * wmax) << "layer " << l << " channel " << j;
            }
            // The loud channel got quieter.
            EXPECT_LT(after.down[l][7], 0.5 * st.down[l][7]);
        }
    }
    if (s.attn) {
        const SmoothStats after = collect_smooth_stats(sm, *backend, windows, config(false, true, false));
        for (int l = 0; l < cfg.n_layers; ++l)
            for (int j = 0; j < cfg.d_model; ++j) {
                double wmax = 0;
                for (const Linear* lin : {&sm.layers[l].q, &sm.layers[l].k, &sm.layers[l].v})
                    wmax = std::max(wmax, double(lin->w.col(j).cwiseAbs().maxCoeff()));
                EXPECT_NEAR(after.attn[l][j], wmax, 1e-4 * wmax);
            }
    }
}

INSTANTIATE_TEST_SUITE_P(Sites, SmoothInvariance,
                         ::testing::Combine(::testing::Values(Arch::Llama, Arch::Qwen2, Arch::Qwen3),
                                            ::testing::Values(0, 1, 2, 3)));

// SmoothRot: smoothing at the down_proj input, then R1-R4: still the same function.
TEST(SmoothRot, SmoothingThenRotationKeepsLogits) {
    const ModelConfig cfg = testing::tiny_config(Arch::Qwen3);
    const Model m = testing::random_model(cfg, 6);
    auto backend = make_cpu_backend();
    const SmoothConfig c = config(true, false, false);
    const Model sm = apply_smoothing(m, c, collect_smooth_stats(m, *backend, some_windows(2, 16, cfg.n_vocab, 1), c));
    FusePlan plan;
    plan.r1 = parse_rotation("rhadamard:seed=2");
    plan.r2 = plan.r3 = plan.r4 = parse_rotation("hadamard");
    plan.r1_on = plan.r2_on = plan.r3_on = plan.r4_on = true;
    const Model f = fuse_rotations(sm, plan);
    const auto ids = some_windows(1, 20, cfg.n_vocab, 8)[0];
    EXPECT_LT(max_rel_error(logits_of(f, ids), logits_of(m, ids)), 1e-4);
}

void expect_refused(const std::function<void()>& f, const std::string& part) {
    try {
        f();
        ADD_FAILURE() << "expected BadInput containing \"" << part << "\"";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
}

TEST(ApplySmoothing, RefusesBadInput) {
    const ModelConfig cfg = testing::tiny_config(Arch::Llama);
    const Model m = testing::random_model(cfg, 5);
    auto backend = make_cpu_backend();
    const SmoothConfig c = config(true, false, false);
    SmoothStats st = collect_smooth_stats(m, *backend, some_windows(1, 8, cfg.n_vocab, 1), c);
    expect_refused([&] { apply_smoothing(m, config(true, false, false, 1.5), st); }, "alpha must be in [0, 1]");
    expect_refused([&] { apply_smoothing(m, config(true, true, false), st); }, "attention input cover 0 layers");
    SmoothStats shorter = st;
    shorter.down[1].pop_back();
    expect_refused([&] { apply_smoothing(m, c, shorter); }, "layer 1 have 79 channels, expected 80");
    SmoothStats nan = st;
    nan.down[0][3] = std::nanf("");
    expect_refused([&] { apply_smoothing(m, c, nan); }, "not finite");
    FusePlan plan;
    plan.r4 = parse_rotation("hadamard");
    plan.r4_on = true;
    const Model rotated = fuse_rotations(m, plan);
    expect_refused([&] { apply_smoothing(rotated, c, st); }, "before rotations");
    expect_refused([&] { collect_smooth_stats(rotated, *backend, some_windows(1, 8, cfg.n_vocab, 1), c); },
                   "unrotated model");
    // Off: the model comes back unchanged.
    SmoothConfig off = c;
    off.on = false;
    EXPECT_EQ(apply_smoothing(m, off, st).layers[0].down.w, m.layers[0].down.w);
}

TEST(CollectSmoothStats, Cancels) {
    const ModelConfig cfg = testing::tiny_config(Arch::Llama);
    const Model m = testing::random_model(cfg, 5);
    auto backend = make_cpu_backend();
    CancelToken cancel;
    int calls = 0;
    Progress p{[&](const ProgressStep& step_) { const std::string stage = progress_label(step_); const int64_t done = step_.done;
                   EXPECT_EQ(stage, "smoothing calibration");
                   ++calls;
                   if (done == 1) cancel.cancel();
               },
               &cancel};
    try {
        collect_smooth_stats(m, *backend, some_windows(4, 8, cfg.n_vocab, 1), config(true, false, false), p);
        FAIL() << "expected Cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
    }
    EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace rs
