// The refined rotation (DFRot's alternating Procrustes) against independent truths: the step is
// the closed-form optimum of its problem (checked in double and against perturbed rotations), the
// loss for a fixed quantizer choice never rises, block-diagonal fitting is the per-block problem,
// the weighting pulls the error of the weighted rows down, and bad input is refused in one line.
#include <gtest/gtest.h>

#include <functional>

#include <Eigen/Dense>
#include <Eigen/SVD>
#include <cmath>
#include <random>

#include "core/error.h"
#include "fit/procrustes.h"
#include "support/expect_bad_input.h"
#include "quant/fake_quant.h"
#include "rotate/rotation.h"

namespace rs {
namespace {

// Activations as the R1 sites see them: Gaussian channels, a few outlier channels, and a few
// "massive" tokens with one huge channel (the attention-sink pattern).
MatrixRM activations(int64_t n, int64_t d, uint32_t seed, std::vector<int64_t>* massive_rows = nullptr) {
    std::mt19937 gen(seed);
    std::normal_distribution<float> dist(0.0f, 1.0f);
    MatrixRM a(n, d);
    for (int64_t i = 0; i < a.size(); ++i) a.data()[i] = dist(gen);
    for (int64_t c = 3; c < d; c += 17) a.col(c) *= 12.0f;
    for (int64_t t = 5; t < n; t += 37) {
        a(t, 7) = 400.0f;
        if (massive_rows) massive_rows->push_back(t);
    }
    return a;
}

quant::FormatSpec fmt(const char* s) { return quant::parse_format_spec(s); }

double loss_direct(const MatrixRM& a, const std::vector<float>& w, const MatrixD& r, const MatrixRM& q) {
    const MatrixD y = a.cast<double>() * r;
    double s = 0;
    for (int64_t t = 0; t < a.rows(); ++t) {
        const double wt = w.empty() ? 1.0 : w[static_cast<size_t>(t)];
        s += wt * wt * (y.row(t) - q.row(t).cast<double>()).squaredNorm();
    }
    return s;
}

MatrixRM quantized(const MatrixRM& a, const MatrixD& r, const quant::FormatSpec& spec, int64_t per_call) {
    MatrixRM y = (a.cast<double>() * r).cast<float>();
    MatrixRM q(y.rows(), y.cols());
    for (int64_t r0 = 0; r0 < y.rows(); r0 += per_call) {
        const int64_t rows = std::min(per_call, y.rows() - r0);
        const quant::QuantResult res = quant::fake_quant(y.data() + r0 * y.cols(), rows, y.cols(), spec);
        std::copy(res.dequant.begin(), res.dequant.end(), q.data() + r0 * y.cols());
    }
    return q;
}

TEST(Procrustes, one_round_is_the_closed_form_optimum_for_the_start_quantizer) {
    const int64_t n = 300, d = 64;
    const MatrixRM a = activations(n, d, 1);
    std::vector<float> w(static_cast<size_t>(n), 1.0f);
    for (size_t t = 0; t < w.size(); t += 7) w[t] = 3.0f;
    const MatrixD start = rotation_matrix(parse_rotation("rhadamard:seed=4"), d);
    const quant::FormatSpec spec = fmt("int4:token");
    const ProcrustesData data{&a, w, 1};
    const ProcrustesFit fit = refine_rotation(data, start, spec, {.rounds = 1});

    // The truth, in double: Q from the start, R = polar factor of Aᵀ·diag(w²)·Q.
    const MatrixRM q = quantized(a, start, spec, 1);
    MatrixD c = MatrixD::Zero(d, d);
    for (int64_t t = 0; t < n; ++t)
        c += static_cast<double>(w[static_cast<size_t>(t)]) * w[static_cast<size_t>(t)] * a.row(t).cast<double>().transpose() *
             q.row(t).cast<double>();
    const Eigen::JacobiSVD<MatrixD> svd(c, Eigen::ComputeFullU | Eigen::ComputeFullV);
    const MatrixD truth = svd.matrixU() * svd.matrixV().transpose();
    EXPECT_LT((fit.rotation - truth).cwiseAbs().maxCoeff(), 1e-5);  // the engine's products are float
    EXPECT_LT(fit.orthogonality, 1e-12);

    // Optimal for its problem: no nearby rotation does better with Q held fixed.
    const double best = loss_direct(a, w, fit.rotation, q);
    EXPECT_NEAR(fit.fixed_q_loss[0], best, 1e-4 * best);
    std::mt19937 gen(9);
    std::normal_distribution<double> dist(0.0, 1e-3);
    for (int trial = 0; trial < 5; ++trial) {
        MatrixD s(d, d);
        for (int64_t i = 0; i < s.size(); ++i) s.data()[i] = dist(gen);
        const MatrixD skew = s - s.transpose();
        const MatrixD step = (MatrixD::Identity(d, d) - skew / 2).inverse() * (MatrixD::Identity(d, d) + skew / 2);  // Cayley
        EXPECT_GT(loss_direct(a, w, fit.rotation * step, q), best) << trial;
    }
    // And the starting loss is what the start gives.
    EXPECT_NEAR(fit.loss[0], loss_direct(a, w, start, q), 1e-5 * fit.loss[0]);
}

class ProcrustesFormats : public ::testing::TestWithParam<const char*> {};

TEST_P(ProcrustesFormats, the_step_never_raises_the_loss_for_a_fixed_quantizer_and_the_fit_improves_on_the_start) {
    const int64_t n = 512, d = 128;
    const MatrixRM a = activations(n, d, 2);
    const ProcrustesData data{&a, {}, 64};
    const MatrixD start = rotation_matrix(parse_rotation("rhadamard:seed=1"), d);
    const ProcrustesFit fit = refine_rotation(data, start, fmt(GetParam()), {.rounds = 12});
    ASSERT_EQ(fit.loss.size(), 13u);
    ASSERT_EQ(fit.fixed_q_loss.size(), 12u);
    for (size_t k = 0; k < fit.fixed_q_loss.size(); ++k)
        EXPECT_LE(fit.fixed_q_loss[k], fit.loss[k] * (1 + 1e-6)) << GetParam() << " round " << k;
    EXPECT_LT(fit.loss.back(), fit.loss.front()) << GetParam();
    EXPECT_LT(fit.orthogonality, 1e-10);
    // The recorded final loss is the final rotation's, recomputed from scratch.
    EXPECT_NEAR(rotation_quant_loss(data, fit.rotation, fmt(GetParam())), fit.loss.back(), 1e-9 * fit.loss.back());
}

INSTANTIATE_TEST_SUITE_P(Procrustes, ProcrustesFormats, ::testing::Values("int4:token", "mxfp4", "nvfp4", "int8:token"),
                         [](const auto& info) {
                             std::string name = info.param;
                             for (char& ch : name)
                                 if (ch == ':') ch = '_';
                             return name;
                         });

TEST(Procrustes, a_block_diagonal_fit_is_one_problem_per_block) {
    const int64_t n = 256, d = 96, b = 32;
    const MatrixRM a = activations(n, d, 3);
    const ProcrustesData data{&a, {}, 32};
    const MatrixD start = rotation_matrix(parse_rotation("block32"), d);
    const quant::FormatSpec spec = fmt("mxfp4");
    const ProcrustesFit fit = refine_rotation(data, start, spec, {.rounds = 1, .block = static_cast<int>(b)});
    const MatrixRM q = quantized(a, start, spec, 32);
    for (int64_t i = 0; i < d / b; ++i)
        for (int64_t j = 0; j < d / b; ++j) {
            const MatrixD blk = fit.rotation.block(i * b, j * b, b, b);
            if (i != j) {
                EXPECT_EQ(blk.cwiseAbs().maxCoeff(), 0.0);
                continue;
            }
            const MatrixD c = a.middleCols(i * b, b).cast<double>().transpose() * q.middleCols(i * b, b).cast<double>();
            const Eigen::JacobiSVD<MatrixD> svd(c, Eigen::ComputeFullU | Eigen::ComputeFullV);
            EXPECT_LT((blk - svd.matrixU() * svd.matrixV().transpose()).cwiseAbs().maxCoeff(), 1e-5) << "block " << i;
        }
    EXPECT_LE(fit.fixed_q_loss[0], fit.loss[0]);
}

TEST(Procrustes, weighting_the_massive_tokens_lowers_their_error) {
    const int64_t n = 600, d = 64;
    std::vector<int64_t> massive;
    const MatrixRM a = activations(n, d, 4, &massive);
    std::vector<float> w(static_cast<size_t>(n), 1.0f);
    for (int64_t t : massive) w[static_cast<size_t>(t)] = 100.0f;
    const MatrixD start = rotation_matrix(parse_rotation("rhadamard:seed=2"), d);
    const quant::FormatSpec spec = fmt("int4:token");
    const ProcrustesFit plain = refine_rotation({&a, {}, 1}, start, spec, {.rounds = 10});
    const ProcrustesFit weighted = refine_rotation({&a, w, 1}, start, spec, {.rounds = 10});
    auto massive_error = [&](const MatrixD& r) {
        const MatrixRM q = quantized(a, r, spec, 1);
        const MatrixD y = a.cast<double>() * r;
        double s = 0;
        for (int64_t t : massive) s += (y.row(t) - q.row(t).cast<double>()).squaredNorm();
        return s;
    };
    EXPECT_LT(massive_error(weighted.rotation), massive_error(plain.rotation));
    EXPECT_LT(massive_error(weighted.rotation), massive_error(start));
}

TEST(Procrustes, progress_reports_every_round_and_cancel_stops_between_rounds) {
    const MatrixRM a = activations(64, 32, 5);
    const MatrixD start = MatrixD::Identity(32, 32);
    std::vector<int64_t> seen;
    CancelToken cancel;
    Progress p{[&](const ProgressStep& s) {
                   EXPECT_EQ(s.stage, Stage::FittingRotation);
                   EXPECT_EQ(s.total, 5);
                   EXPECT_NE(s.item.find("loss"), std::string_view::npos);
                   seen.push_back(s.done);
                   if (s.done == 2) cancel.cancel();
               },
               &cancel};
    try {
        refine_rotation({&a, {}, 8}, start, fmt("int4:token"), {.rounds = 5}, p);
        FAIL() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
    }
    EXPECT_EQ(seen, (std::vector<int64_t>{0, 1, 2}));
}

TEST(Procrustes, bad_input_is_refused_in_one_line) {
    MatrixRM a = activations(64, 48, 6);
    const MatrixD eye = MatrixD::Identity(48, 48);
    auto refused = [](const std::function<void()>& f, const char* what) {
        testing::expect_bad_input(f, what, "rotation fitting");
    };
    refused([&] { refine_rotation({&a, {}, 8}, eye, fmt("int4:token"), {.block = 32}); }, "block 32 of 48");
    refused([&] { refine_rotation({&a, {}, 8}, MatrixD::Identity(32, 32), fmt("int4:token"), {}); }, "start of order 32");
    refused([&] { refine_rotation({&a, {}, 8}, rotation_matrix(parse_rotation("rhadamard"), 48), fmt("int4:token"), {.block = 16}); },
            "a dense start for a block fit");
    refused([&] { refine_rotation({&a, {}, 8}, 2 * eye, fmt("int4:token"), {}); }, "a start that is not orthogonal");
    refused([&] { refine_rotation({&a, std::vector<float>(3, 1.0f), 8}, eye, fmt("int4:token"), {}); }, "3 weights");
    refused([&] { refine_rotation({&a, {}, 8}, eye, fmt("int4:g16"), {}); }, "a per-group activation format");
    a(3, 4) = std::nanf("");
    refused([&] { refine_rotation({&a, {}, 8}, eye, fmt("int4:token"), {}); }, "a NaN activation");
}

}  // namespace
}  // namespace rs
