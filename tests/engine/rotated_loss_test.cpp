// The differentiable rotated model (fit/rotated_loss.h) against two truths: the engine's forward
// pass (the same logits for any orthogonal R1/R2 without quantizers, and the same quantized
// logits as the fused model with quantizers), and central finite differences in double for the
// gradient of the loss with respect to every entry of R1 and R2, through every layer.
#include "fit/rotated_loss.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "core/error.h"
#include "quant/act_quant.h"
#include "rotate/fuse.h"
#include "rotate/rotation.h"
#include "support/expect_bad_input.h"
#include "support/model_logits.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

using testing::expect_bad_input;
using testing::logits_of;
using testing::max_rel_error;
using testing::random_model;
using testing::tiny_config;

template <typename T>
grad::Mat<T> matrix_of(const char* spec, int64_t n) {
    return rotation_matrix(parse_rotation(spec), n).cast<T>();
}

// The model the learner starts from: norms folded, R3/R4 online as SpinQuant keeps them.
Model learner_model(const Model& m, bool online) {
    FusePlan plan;
    plan.r3 = parse_rotation("hadamard");
    plan.r3_on = online;
    plan.r4 = parse_rotation("rhadamard:seed=4");
    plan.r4_on = online;
    if (online) return fuse_rotations(m, plan);
    Model f = m;
    fold_norms(f);
    return f;
}

template <typename T>
RotationParams<T> rotations(const Model& m, const char* r1, const char* r2) {
    RotationParams<T> p;
    p.r1 = matrix_of<T>(r1, m.cfg.d_model);
    if (r2)
        for (int l = 0; l < m.cfg.n_layers; ++l) p.r2.push_back(matrix_of<T>(r2, m.cfg.head_dim));
    return p;
}

const std::vector<int32_t> kIds = {3, 17, 42, 5, 9, 60, 1, 33, 12, 7};

class RotatedLossArch : public ::testing::TestWithParam<Arch> {};

TEST_P(RotatedLossArch, UnquantizedLogitsAreTheOriginalModelsForAnyRotation) {
    const Model m = random_model(tiny_config(GetParam()), 21);
    const Model f = learner_model(m, true);
    const MatrixRM want = logits_of(m, kIds);
    for (const char* r1 : {"none", "orthogonal:seed=5"}) {
        RotatedLoss<double> loss_d(f, nullptr);
        grad::Mat<double> logits;
        loss_d.loss(rotations<double>(m, r1, "orthogonal:seed=6"), kIds, nullptr, &logits);
        EXPECT_LT(max_rel_error(logits.cast<float>(), want), 1e-5) << r1;
        RotatedLoss<float> loss_f(f, nullptr);
        MatrixRM logits_f;
        loss_f.loss(rotations<float>(m, r1, "orthogonal:seed=6"), kIds, nullptr, &logits_f);
        EXPECT_LT(max_rel_error(logits_f, want), 1e-4) << r1;
    }
}

TEST_P(RotatedLossArch, GradientMatchesFiniteDifferencesThroughEveryLayer) {
    const Model m = random_model(tiny_config(GetParam()), 22);
    const Model f = learner_model(m, true);
    RotatedLoss<double> loss(f, nullptr);
    // Away from orthogonal matrices too: the loss is a function of R's entries.
    RotationParams<double> rot = rotations<double>(m, "orthogonal:seed=7", "orthogonal:seed=8");
    std::mt19937 rng(9);
    std::normal_distribution<double> n01;
    for (int64_t i = 0; i < rot.r1.size(); ++i) rot.r1.data()[i] += 0.05 * n01(rng);
    RotationParams<double> g;
    const double base = loss.loss(rot, kIds, &g);
    EXPECT_GT(base, 0.0);
    ASSERT_EQ(g.r2.size(), static_cast<size_t>(m.cfg.n_layers));

    constexpr double eps = 1e-5;
    auto numeric = [&](grad::Mat<double>& r, int64_t i) {
        const double keep = r.data()[i];
        r.data()[i] = keep + eps;
        const double up = loss.loss(rot, kIds, nullptr);
        r.data()[i] = keep - eps;
        const double down = loss.loss(rot, kIds, nullptr);
        r.data()[i] = keep;
        return (up - down) / (2 * eps);
    };
    double worst = 0.0, scale = g.r1.cwiseAbs().maxCoeff();
    std::uniform_int_distribution<int64_t> pick1(0, rot.r1.size() - 1);
    for (int n = 0; n < 150; ++n) {
        const int64_t i = pick1(rng);
        worst = std::max(worst, std::abs(numeric(rot.r1, i) - g.r1.data()[i]));
    }
    EXPECT_LT(worst / scale, 1e-6) << "R1";
    for (int l = 0; l < m.cfg.n_layers; ++l) {
        double worst2 = 0.0;
        const double scale2 = g.r2[l].cwiseAbs().maxCoeff();
        EXPECT_GT(scale2, 0.0);
        for (int64_t i = 0; i < rot.r2[l].size(); i += 3)
            worst2 = std::max(worst2, std::abs(numeric(rot.r2[l], i) - g.r2[l].data()[i]));
        EXPECT_LT(worst2 / scale2, 1e-6) << "R2 of layer " << l;
    }
}

INSTANTIATE_TEST_SUITE_P(Archs, RotatedLossArch, ::testing::Values(Arch::Llama, Arch::Qwen2, Arch::Qwen3),
                         [](const auto& info) { return std::string(arch_name(info.param)); });

TEST(RotatedLoss, QuantizedLogitsAreTheFusedModels) {
    // What the quantizers see must be what they see in the model with R1/R2 fused into its
    // weights: compare with the engine's forward pass of that model under the same quantizers.
    const Model m = random_model(tiny_config(Arch::Llama), 23);
    const Model learner = learner_model(m, true);
    FusePlan plan;
    plan.r1 = parse_rotation("rhadamard:seed=2");
    plan.r1_on = true;
    plan.r2 = parse_rotation("hadamard");
    plan.r2_on = true;
    plan.r3 = parse_rotation("hadamard");
    plan.r3_on = true;
    plan.r4 = parse_rotation("rhadamard:seed=4");
    plan.r4_on = true;
    const Model fused = fuse_rotations(m, plan);

    ActQuantConfig qc;
    qc.activations = quant::parse_format_spec("int4:token");
    qc.kv = quant::parse_format_spec("int4:token");
    FakeQuantActivations fq(m.cfg, qc);
    auto backend = make_cpu_backend();
    Forward fwd(fused, *backend);
    fwd.set_activation_transform(&fq);
    MatrixRM hidden, want;
    fwd.hidden(kIds, nullptr, hidden);
    fwd.logits(hidden, want);

    RotatedLoss<double> loss(learner, &fq);
    grad::Mat<double> got;
    loss.loss(rotations<double>(m, "rhadamard:seed=2", "hadamard"), kIds, nullptr, &got);
    // Rounding differs (fused float weights against float64 products); on this input no value
    // lands on the other side of a quantization boundary (measured: 2e-7).
    EXPECT_LT(max_rel_error(got.cast<float>(), want), 1e-4);
    // And the quantizers act: the unquantized logits are farther away.
    RotatedLoss<double> plain(learner, nullptr);
    grad::Mat<double> clean;
    plain.loss(rotations<double>(m, "rhadamard:seed=2", "hadamard"), kIds, nullptr, &clean);
    EXPECT_GT(max_rel_error(clean.cast<float>(), want), 2 * max_rel_error(got.cast<float>(), want));
}

TEST(RotatedLoss, StraightThroughGradientIsFiniteAndMovesWithTheQuantizer) {
    const Model m = random_model(tiny_config(Arch::Llama), 24);
    const Model learner = learner_model(m, true);
    ActQuantConfig qc;
    qc.activations = quant::parse_format_spec("int4:token");
    FakeQuantActivations fq(m.cfg, qc);
    RotatedLoss<float> quantized(learner, &fq), plain(learner, nullptr);
    RotationParams<float> g_q, g_p;
    const RotationParams<float> rot = rotations<float>(m, "rhadamard:seed=1", "hadamard");
    const double lq = quantized.loss(rot, kIds, &g_q);
    const double lp = plain.loss(rot, kIds, &g_p);
    EXPECT_NE(lq, lp);
    EXPECT_TRUE(g_q.r1.allFinite());
    EXPECT_GT((g_q.r1 - g_p.r1).norm(), 1e-3 * g_p.r1.norm());
}

TEST(RotatedLoss, RefusesUnfoldedNormsAndWrongShapes) {
    const Model m = random_model(tiny_config(Arch::Llama), 25);
    expect_bad_input([&] { RotatedLoss<float>(m, nullptr); }, "norms not folded");
    const Model f = learner_model(m, false);
    RotatedLoss<float> loss(f, nullptr);
    RotationParams<float> bad;
    bad.r1 = grad::Mat<float>::Identity(m.cfg.d_model + 1, m.cfg.d_model + 1);
    expect_bad_input([&] { loss.loss(bad, kIds, nullptr); }, "R1 of the wrong order");
    RotationParams<float> one_r2 = rotations<float>(m, "none", nullptr);
    one_r2.r2.push_back(grad::Mat<float>::Identity(m.cfg.head_dim, m.cfg.head_dim));
    expect_bad_input([&] { loss.loss(one_r2, kIds, nullptr); }, "one R2 for two layers");
    expect_bad_input([&] { loss.loss(rotations<float>(m, "none", nullptr), {1, m.cfg.n_vocab}, nullptr); },
                     "token outside the vocabulary");
    // Without online rotations the model is the folded original.
    EXPECT_LT(std::abs(loss.loss(rotations<float>(m, "none", nullptr), kIds, nullptr) -
                       loss.loss(rotations<float>(m, "hadamard", nullptr), kIds, nullptr)),
              1e-4);
}

}  // namespace
}  // namespace rs
