// Cayley SGD on the orthogonal group (fit/cayley.h). The step is checked against a problem with a
// closed-form answer: minimizing −tr(Mᵀ·R) over orthogonal R ends at the polar factor U·Vᵀ of M
// (block by block for a block-diagonal R). The learner is checked on a tiny model: orthogonal
// iterates, a lower quantized loss than its start, the original function without quantizers,
// cancellation and its one-line refusals.
#include "fit/cayley.h"

#include <gtest/gtest.h>

#include <Eigen/SVD>
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

using testing::random_model;
using testing::tiny_config;

MatrixD gaussian(int64_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> n01;
    MatrixD m(n, n);
    for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = n01(rng);
    return m;
}

MatrixD polar(const MatrixD& m) {
    const Eigen::JacobiSVD<MatrixD> svd(m, Eigen::ComputeFullU | Eigen::ComputeFullV);
    return svd.matrixU() * svd.matrixV().transpose();
}

// Well conditioned (singular values about 1 to 10), so that a fixed step size converges.
MatrixD target(int64_t n, uint32_t seed) { return gaussian(n, seed) + 4.0 * MatrixD::Identity(n, n); }

TEST(CayleyStep, DescendsToThePolarFactor) {
    const MatrixD m = target(12, 1);
    MatrixD r = MatrixD::Identity(12, 12);
    double previous = -m.cwiseProduct(r).sum();
    for (int k = 0; k < 400; ++k) {
        cayley_step(r, -m, 0.1, {12, 1});  // the gradient of −tr(Mᵀ·R) is −M
        const double f = -m.cwiseProduct(r).sum();
        EXPECT_LE(f, previous + 1e-12) << "step " << k;
        previous = f;
    }
    EXPECT_LT((r - polar(m)).cwiseAbs().maxCoeff(), 1e-6);
    EXPECT_LT(orthogonality_of(r), 1e-12);
}

TEST(CayleyStep, BlocksStayBlocksAndSolveTheirOwnProblem) {
    const MatrixD m = target(12, 2);
    MatrixD r = MatrixD::Identity(12, 12);
    for (int k = 0; k < 400; ++k) cayley_step(r, -m, 0.1, {4, 3});
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            if (i == j) EXPECT_LT((r.block(4 * i, 4 * i, 4, 4) - polar(m.block(4 * i, 4 * i, 4, 4))).cwiseAbs().maxCoeff(), 1e-6);
            else EXPECT_EQ(r.block(4 * i, 4 * j, 4, 4).cwiseAbs().maxCoeff(), 0.0);
        }
}

std::vector<std::vector<int32_t>> windows_of(const ModelConfig& c, int n, int len, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int32_t> tok(0, c.n_vocab - 1);
    std::vector<std::vector<int32_t>> w(n, std::vector<int32_t>(len));
    for (auto& win : w)
        for (int32_t& t : win) t = tok(rng);
    return w;
}

struct Learner {
    Model original, model;
    FakeQuantActivations quant;
    explicit Learner(uint32_t seed)
        : original(random_model(tiny_config(Arch::Llama), seed)), model(original), quant(model.cfg, [] {
              ActQuantConfig q;
              q.activations = quant::parse_format_spec("int4:token");
              return q;
          }()) {
        FusePlan plan;
        plan.r4 = parse_rotation("hadamard");
        plan.r4_on = true;
        model = fuse_rotations(original, plan);
    }
};

double mean_loss(const Model& m, ActivationTransform* q, const MatrixD& r1, const std::vector<MatrixD>& r2,
                 const std::vector<std::vector<int32_t>>& windows) {
    RotatedLoss<double> loss(m, q);
    RotationParams<double> p;
    p.r1 = r1;
    for (const MatrixD& r : r2) p.r2.push_back(r);
    double total = 0;
    for (const auto& w : windows) total += loss.loss(p, w, nullptr);
    return total / static_cast<double>(windows.size());
}

TEST(LearnRotations, LowersTheQuantizedLossAndStaysOrthogonal) {
    Learner l(31);
    const auto windows = windows_of(l.model.cfg, 4, 24, 3);
    const MatrixD start = rotation_matrix(parse_rotation("rhadamard:seed=0"), l.model.cfg.d_model);
    for (int block : {0, 16}) {
        const MatrixD r0 = block == 0 ? start : rotation_matrix(parse_rotation("block:16"), l.model.cfg.d_model);
        CayleyOptions opt;
        opt.steps = 24;
        opt.block = block;
        std::vector<int64_t> seen;
        const CayleyFit fit = learn_rotations(l.model, &l.quant, windows, r0, {}, opt,
                                              {[&](const ProgressStep& s) { seen.push_back(s.done); }, nullptr});
        EXPECT_EQ(fit.loss.size(), 25u);
        EXPECT_EQ(fit.r2.size(), static_cast<size_t>(l.model.cfg.n_layers));
        EXPECT_EQ(seen.size(), 25u);
        EXPECT_LT(fit.orthogonality, 1e-5);
        const std::vector<MatrixD> eye(l.model.cfg.n_layers, MatrixD::Identity(l.model.cfg.head_dim, l.model.cfg.head_dim));
        const double before = mean_loss(l.model, &l.quant, r0, eye, windows);
        const double after = mean_loss(l.model, &l.quant, fit.r1, fit.r2, windows);
        EXPECT_LT(after, before) << "block " << block;
        if (block > 0)
            EXPECT_EQ(fit.r1.block(0, 16, 16, l.model.cfg.d_model - 16).cwiseAbs().maxCoeff(), 0.0);
        // Without the quantizers the learned rotations compute the original function.
        RotatedLoss<double> plain(l.model, nullptr);
        RotationParams<double> p;
        p.r1 = fit.r1;
        for (const MatrixD& r : fit.r2) p.r2.push_back(r);
        grad::Mat<double> logits;
        plain.loss(p, windows[0], nullptr, &logits);
        EXPECT_LT(testing::max_rel_error(logits.cast<float>(), testing::logits_of(l.original, windows[0])), 1e-5);
    }
}

TEST(LearnRotations, CancelsBetweenSteps) {
    Learner l(32);
    const auto windows = windows_of(l.model.cfg, 2, 12, 4);
    CancelToken token;
    int steps = 0;
    const Progress p{[&](const ProgressStep&) {
                         if (++steps == 3) token.cancel();
                     },
                     &token};
    try {
        learn_rotations(l.model, &l.quant, windows, MatrixD::Identity(48, 48), {}, {}, p);
        ADD_FAILURE() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
    }
    EXPECT_EQ(steps, 3);
}

TEST(LearnRotations, RefusesBadInputInOneLine) {
    Learner l(33);
    const auto windows = windows_of(l.model.cfg, 1, 8, 5);
    const MatrixD eye = MatrixD::Identity(48, 48);
    auto refused = [](const std::function<void()>& f, const char* what) {
        testing::expect_bad_input(f, what, "rotation learning");
    };
    CayleyOptions block7;
    block7.block = 7;
    refused([&] { learn_rotations(l.model, &l.quant, windows, eye, {}, block7); }, "block 7 of 48");
    refused([&] { learn_rotations(l.model, &l.quant, windows, 2.0 * eye, {}, {}); }, "not orthogonal");
    refused([&] { learn_rotations(l.model, &l.quant, windows, MatrixD::Identity(32, 32), {}, {}); }, "order 32");
    refused([&] { learn_rotations(l.model, &l.quant, {}, eye, {}, {}); }, "no windows");
    refused([&] { learn_rotations(l.model, &l.quant, windows, eye, {MatrixD::Identity(12, 12)}, {}); }, "one R2 for two layers");
    refused([&] { learn_rotations(l.original, &l.quant, windows, eye, {}, {}); }, "norms not folded");
}

}  // namespace
}  // namespace rs
