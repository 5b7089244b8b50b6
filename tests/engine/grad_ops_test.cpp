// The backward of every op the rotation learner differentiates, against central finite
// differences in double: for a random upstream gradient dy, the analytic dx_i must equal
// <dy, f(x + ε·e_i) − f(x − ε·e_i)> / 2ε for every input entry i. Also the inverse of every
// online rotation kind and of RoPE (their backward passes).
#include <gtest/gtest.h>

#include <omp.h>

#include <functional>
#include <random>

#include "rotate/online_rotation.h"
#include "rotate/rotation.h"
#include "runtime/grad_ops.h"
#include "runtime/rope.h"

namespace rs {
namespace {

using M = grad::Mat<double>;
using V = grad::Vec<double>;

M random_mat(int64_t r, int64_t c, uint32_t seed, double scale = 1.0) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> n01;
    M m(r, c);
    for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = n01(rng) * scale;
    return m;
}

// Max over entries of |analytic − numeric| / (1 + |numeric|), for f at x with upstream dy.
double fd_error(const std::function<M(const M&)>& f, const M& x, const M& dy, const M& dx) {
    constexpr double eps = 1e-6;
    double worst = 0.0;
    M xp = x;
    for (int64_t i = 0; i < x.size(); ++i) {
        const double keep = xp.data()[i];
        xp.data()[i] = keep + eps;
        const double up = f(xp).cwiseProduct(dy).sum();
        xp.data()[i] = keep - eps;
        const double down = f(xp).cwiseProduct(dy).sum();
        xp.data()[i] = keep;
        const double numeric = (up - down) / (2 * eps);
        worst = std::max(worst, std::abs(dx.data()[i] - numeric) / (1.0 + std::abs(numeric)));
    }
    return worst;
}

TEST(GradOps, RmsNormWholeRowAndPerHeadWithWeight) {
    const M x = random_mat(4, 12, 1);
    const M dy = random_mat(4, 12, 2);
    for (int group : {12, 4}) {
        const V w = group == 4 ? V(random_mat(4, 1, 3, 0.3).array() + 1.0) : V();
        auto f = [&](const M& in) {
            M y;
            V inv;
            grad::rms_norm_forward(in, w, group, 1e-5, y, inv);
            return y;
        };
        M y, dx;
        V inv;
        grad::rms_norm_forward(x, w, group, 1e-5, y, inv);
        grad::rms_norm_backward(x, w, group, inv, dy, dx);
        EXPECT_LT(fd_error(f, x, dy, dx), 1e-7) << "group " << group;
    }
}

TEST(GradOps, CausalGroupedQueryAttention) {
    const int T = 6, H = 4, G = 2, D = 3;
    const M q = random_mat(T, H * D, 4), k = random_mat(T, G * D, 5), v = random_mat(T, G * D, 6);
    const M dout = random_mat(T, H * D, 7);
    std::vector<M> probs;
    M out, dq, dk, dv;
    grad::attention_forward(q, k, v, H, G, D, out, probs);
    grad::attention_backward(q, k, v, H, G, D, probs, dout, dq, dk, dv);
    auto run = [&](const M& qq, const M& kk, const M& vv) {
        std::vector<M> p;
        M o;
        grad::attention_forward(qq, kk, vv, H, G, D, o, p);
        return o;
    };
    EXPECT_LT(fd_error([&](const M& x) { return run(x, k, v); }, q, dout, dq), 1e-7);
    EXPECT_LT(fd_error([&](const M& x) { return run(q, x, v); }, k, dout, dk), 1e-7);
    EXPECT_LT(fd_error([&](const M& x) { return run(q, k, x); }, v, dout, dv), 1e-7);
    // Causality: the first query sees only the first key.
    EXPECT_NEAR(probs[0](0, 0), 1.0, 1e-15);
    EXPECT_EQ(probs[0](0, 1), 0.0);
}

TEST(GradOps, SwiGlu) {
    const M g = random_mat(3, 7, 8, 2.0), u = random_mat(3, 7, 9), da = random_mat(3, 7, 10);
    M act, dg, du;
    grad::swiglu_forward(g, u, act);
    grad::swiglu_backward(g, u, da, dg, du);
    auto run = [](const M& gg, const M& uu) {
        M a;
        grad::swiglu_forward(gg, uu, a);
        return a;
    };
    EXPECT_LT(fd_error([&](const M& x) { return run(x, u); }, g, da, dg), 1e-7);
    EXPECT_LT(fd_error([&](const M& x) { return run(g, x); }, u, da, du), 1e-7);
    // silu(2)·3 by hand.
    M g1(1, 1), u1(1, 1);
    g1(0, 0) = 2.0;
    u1(0, 0) = 3.0;
    EXPECT_NEAR(run(g1, u1)(0, 0), 2.0 / (1.0 + std::exp(-2.0)) * 3.0, 1e-15);
}

TEST(GradOps, CrossEntropyIgnoresNegativeTargets) {
    const M logits = random_mat(4, 9, 11, 3.0);
    const std::vector<int32_t> targets = {3, 0, -1, 8};
    M dl;
    const double loss = grad::cross_entropy(logits, targets, &dl);
    auto f = [&](const M& x) {
        M out(1, 1);
        out(0, 0) = grad::cross_entropy(x, targets, static_cast<M*>(nullptr));
        return out;
    };
    M one(1, 1);
    one(0, 0) = 1.0;
    EXPECT_LT(fd_error(f, logits, one, dl), 1e-7);
    EXPECT_TRUE(dl.row(2).isZero());
    // By hand: mean of log-sum-exp minus the target logit over the three counted rows.
    double want = 0;
    for (int r : {0, 1, 3}) want += std::log(logits.row(r).array().exp().sum()) - logits(r, targets[r]);
    EXPECT_NEAR(loss, want / 3, 1e-12);
}

TEST(GradOps, PerGroupRotationAndItsGradient) {
    const M x = random_mat(5, 12, 12), r = random_mat(4, 4, 13), dy = random_mat(5, 12, 14);
    for (bool transpose : {false, true}) {
        M y, dr = M::Zero(4, 4);
        grad::per_group_product(x, r, transpose, y);
        // <dy, x·B(R)> is linear in R: its gradient is Σ x_gᵀ·dy_g (or its transpose for Rᵀ).
        grad::per_group_grad(x, dy, dr);
        if (transpose) dr.transposeInPlace();
        auto f = [&](const M& rr) {
            M out;
            grad::per_group_product(x, rr, transpose, out);
            return out;
        };
        EXPECT_LT(fd_error(f, r, dy, dr), 1e-7);
        M x0 = x.middleCols(4, 4) * (transpose ? M(r.transpose()) : r);
        EXPECT_LT((y.middleCols(4, 4) - x0).cwiseAbs().maxCoeff(), 1e-14);
    }
}

TEST(GradOps, ProductsDoNotDependOnTheThreadCount) {
    const M a = random_mat(300, 40, 15), b = random_mat(50, 40, 16), c = random_mat(300, 50, 17);
    M nt, tn;
    grad::matmul_nt(a, b, nt);
    grad::matmul_tn(a, c, tn);
    EXPECT_LT((nt - a * b.transpose()).cwiseAbs().maxCoeff(), 1e-12);
    EXPECT_LT((tn - a.transpose() * c).cwiseAbs().maxCoeff(), 1e-12);
    const int threads = omp_get_max_threads();
    omp_set_num_threads(1);
    M nt1, tn1;
    grad::matmul_nt(a, b, nt1);
    grad::matmul_tn(a, c, tn1);
    omp_set_num_threads(threads);
    EXPECT_EQ(nt, nt1);
    EXPECT_EQ(tn, tn1);
}

TEST(GradOps, RopeInverseIsItsTranspose) {
    ModelConfig c;
    c.head_dim = 8;
    c.rope_theta = 10000.0f;
    for (RopeStyle style : {RopeStyle::Neox, RopeStyle::Norm}) {
        c.rope_style = style;
        const Rope rope(c);
        const M x = random_mat(5, 16, 18), y = random_mat(5, 16, 19);
        M rx = x, ry = y;
        rope.rotate<double>(rx, 2, 0, false);
        rope.rotate<double>(ry, 2, 0, true);
        // <R x, y> = <x, Rᵀ y>, and Rᵀ R = I.
        EXPECT_NEAR(rx.cwiseProduct(y).sum(), x.cwiseProduct(ry).sum(), 1e-12);
        rope.rotate<double>(rx, 2, 0, true);
        EXPECT_LT((rx - x).cwiseAbs().maxCoeff(), 1e-13);
        // The float instance is the forward pass's apply().
        MatrixRM xf = x.cast<float>(), xa = xf;
        rope.rotate<float>(xf, 2, 3, false);
        rope.apply(xa, 2, 3);
        EXPECT_EQ(xf, xa);
    }
}

TEST(GradOps, OnlineRotationTransposeIsTheInverseForEveryKind) {
    // 12 = 3·4 is not a power of two: the Hadamard base H_12 need not be symmetric.
    for (const char* text : {"hadamard", "rhadamard:seed=3", "block:4", "orthogonal:seed=1"}) {
        const RotationSpec spec = parse_rotation(text);
        const Eigen::MatrixXd q = rotation_matrix(spec, 12);
        const M x = random_mat(3, 24, 20);
        M xd = x;
        PreparedRotation(spec, 12, PreparedRotation::Precision::Float64).apply_transpose(xd, true);
        for (int g = 0; g < 2; ++g) {
            const M want = x.middleCols(g * 12, 12) * q.transpose();
            EXPECT_LT((xd.middleCols(g * 12, 12) - want).cwiseAbs().maxCoeff(), 1e-13) << text;
        }
        MatrixRM xf = x.leftCols(12).cast<float>();
        const PreparedRotation pf(spec, 12);
        pf.apply(xf);
        pf.apply_transpose(xf);
        EXPECT_LT((xf.cast<double>() - x.leftCols(12)).cwiseAbs().maxCoeff(), 1e-5) << text;
    }
}

}  // namespace
}  // namespace rs
