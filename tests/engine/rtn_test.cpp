// Weight-only RTN quantization of a whole model (issue 4). The truth for every weight is the
// reference quantizer applied to the original matrix in one call; errors are recomputed naively;
// the effect on the function is judged by the model's own float logits.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "core/error.h"
#include "quant/fake_quant.h"
#include "quant/rtn.h"
#include "runtime/forward.h"
#include "support/model_logits.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

using quant::parse_format_spec;

// Wide enough along d_ff that gate/up/down are split into several row slices for the threads
// (one slice holds ~65k elements), and every row length a multiple of 16.
ModelConfig wide_config() {
    ModelConfig c = testing::tiny_config(Arch::Llama);
    c.d_ff = 3008;
    return c;
}

std::vector<std::pair<std::string, const Linear*>> linears_of(const Model& m) {
    std::vector<std::pair<std::string, const Linear*>> v;
    for (size_t l = 0; l < m.layers.size(); ++l) {
        const Layer& L = m.layers[l];
        const std::string p = "layer " + std::to_string(l) + " ";
        for (const auto& [n, lin] : std::vector<std::pair<const char*, const Linear*>>{
                 {"q", &L.q}, {"k", &L.k}, {"v", &L.v}, {"o", &L.o}, {"gate", &L.gate}, {"up", &L.up}, {"down", &L.down}})
            v.emplace_back(p + n, lin);
    }
    return v;
}

MatrixRM reference_fq(const MatrixRM& w, const quant::FormatSpec& spec) {
    const quant::QuantResult r = quant::fake_quant(w.data(), w.rows(), w.cols(), spec);
    return Eigen::Map<const MatrixRM>(r.dequant.data(), w.rows(), w.cols());
}

bool same_bits(const MatrixRM& a, const MatrixRM& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::equal(a.data(), a.data() + a.size(), b.data(), [](float x, float y) {
               return std::memcmp(&x, &y, sizeof x) == 0;
           });
}

using testing::logits_of;

std::vector<int32_t> some_tokens(int n, int vocab, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<int32_t> t(n);
    for (int32_t& x : t) x = static_cast<int32_t>(rng() % static_cast<uint32_t>(vocab));
    return t;
}

class RtnFormats : public ::testing::TestWithParam<const char*> {};

TEST_P(RtnFormats, EveryWeightIsTheReferenceQuantizationOfTheOriginal) {
    const Model m = testing::random_model(wide_config(), 3);
    const quant::FormatSpec spec = parse_format_spec(GetParam());
    WeightQuantReport rep;
    const Model q = quantize_weights_rtn(m, spec, false, {}, &rep);

    const auto before = linears_of(m), after = linears_of(q);
    ASSERT_EQ(before.size(), after.size());
    for (size_t i = 0; i < before.size(); ++i) {
        SCOPED_TRACE(before[i].first);
        const MatrixRM want = reference_fq(before[i].second->w, spec);
        EXPECT_TRUE(same_bits(after[i].second->w, want));
        EXPECT_FALSE(same_bits(after[i].second->w, before[i].second->w));  // it really changed
        EXPECT_EQ(after[i].second->b, before[i].second->b);
    }
    // Everything that is not a linear weight is untouched, the LM head included by default.
    EXPECT_TRUE(same_bits(q.tok_embd, m.tok_embd));
    EXPECT_TRUE(same_bits(q.lm_head.w, m.lm_head.w));
    EXPECT_EQ(q.out_norm, m.out_norm);
    for (size_t l = 0; l < m.layers.size(); ++l) {
        EXPECT_EQ(q.layers[l].attn_norm, m.layers[l].attn_norm);
        EXPECT_EQ(q.layers[l].ffn_norm, m.layers[l].ffn_norm);
    }

    // The report: one entry per linear in order, errors equal to a naive recomputation.
    ASSERT_EQ(rep.linears.size(), before.size());
    EXPECT_EQ(rep.spec, spec);
    const Role roles[] = {Role::AttnQ, Role::AttnK, Role::AttnV, Role::AttnO, Role::FfnGate, Role::FfnUp, Role::FfnDown};
    double sum = 0;
    for (size_t i = 0; i < before.size(); ++i) {
        const LinearQuantError& e = rep.linears[i];
        const MatrixRM& w = before[i].second->w;
        const MatrixRM& wq = after[i].second->w;
        EXPECT_EQ(e.layer, static_cast<int>(i / 7));
        EXPECT_EQ(e.role, roles[i % 7]);
        EXPECT_STREQ(e.role_name, role_name(roles[i % 7]));
        EXPECT_EQ(e.rows, w.rows());
        EXPECT_EQ(e.cols, w.cols());
        double num = 0, den = 0;
        for (int64_t r = 0; r < w.rows(); ++r)
            for (int64_t c = 0; c < w.cols(); ++c) {
                const double d = static_cast<double>(w(r, c)) - wq(r, c);
                num += d * d;
                den += static_cast<double>(w(r, c)) * w(r, c);
            }
        EXPECT_NEAR(e.rel_error, std::sqrt(num / den), 1e-9 * std::sqrt(num / den));
        EXPECT_NEAR(e.sqnr_db, 10 * std::log10(den / num), 1e-9 * std::abs(10 * std::log10(den / num)));
        sum += std::sqrt(num / den);
    }
    EXPECT_NEAR(rep.mean_rel_error(), sum / static_cast<double>(before.size()), 1e-12);
}

// Per channel and per group (row-local, split across threads) and the two with a per-tensor
// scale (quantized whole).
INSTANTIATE_TEST_SUITE_P(Formats, RtnFormats,
                         ::testing::Values("int4", "int4:g16", "int3:asym:g16", "int4:mse", "nvfp4", "int8:tensor",
                                           "fp8_e4m3", "int4:asym:clip0.9"));

TEST(Rtn, LmHeadOnlyWhenAsked) {
    ModelConfig cfg = testing::tiny_config(Arch::Llama);
    cfg.tied_embeddings = true;
    const Model m = testing::random_model(cfg, 4);
    const quant::FormatSpec spec = parse_format_spec("int4");
    WeightQuantReport rep;
    const Model q = quantize_weights_rtn(m, spec, true, {}, &rep);
    EXPECT_TRUE(same_bits(q.lm_head.w, reference_fq(m.lm_head.w, spec)));
    EXPECT_TRUE(same_bits(q.tok_embd, m.tok_embd));  // tied, yet the embedding stays float
    ASSERT_EQ(rep.linears.size(), 7u * 2 + 1);
    EXPECT_EQ(rep.linears.back().layer, -1);
    EXPECT_EQ(rep.linears.back().role, Role::LmHead);
    EXPECT_EQ(rep.linears.back().rows, cfg.n_vocab);
}

// ||a - b||_F / ||b||_F
double rel_error(const MatrixRM& got, const MatrixRM& want) { return (got - want).norm() / want.norm(); }

TEST(Rtn, Int8KeepsTheFunctionInt2DoesNot) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Qwen2), 5);
    const auto ids = some_tokens(16, m.cfg.n_vocab, 6);
    const MatrixRM want = logits_of(m, ids);
    const double e8 = rel_error(logits_of(quantize_weights_rtn(m, parse_format_spec("int8"), true), ids), want);
    const double e2 = rel_error(logits_of(quantize_weights_rtn(m, parse_format_spec("int2"), true), ids), want);
    std::printf("  rel logit error (Frobenius): int8 %.3g, int2 %.3g\n", e8, e2);
    // INT8 per channel on Gaussian rows of 48 leaves ~0.5 % relative error in every weight
    // (amax/127/sqrt(12) with amax ~ 2.3 sigma); an untrained random model passes 15 such
    // linears on with no learned robustness, which lands near 1 %. INT2 destroys the function.
    EXPECT_LT(e8, 2e-2);
    EXPECT_GT(e2, 0.3);
}

TEST(Rtn, SameResultWithOneAndTwoThreads) {
    const Model m = testing::random_model(wide_config(), 7);
    for (const char* f : {"int4:g16", "nvfp4", "int4:mse"}) {
        SCOPED_TRACE(f);
        const quant::FormatSpec spec = parse_format_spec(f);
        const int saved = omp_get_max_threads();
        omp_set_num_threads(1);
        WeightQuantReport r1, r2;
        const Model a = quantize_weights_rtn(m, spec, true, {}, &r1);
        omp_set_num_threads(2);
        const Model b = quantize_weights_rtn(m, spec, true, {}, &r2);
        omp_set_num_threads(saved);
        const auto la = linears_of(a), lb = linears_of(b);
        for (size_t i = 0; i < la.size(); ++i) EXPECT_TRUE(same_bits(la[i].second->w, lb[i].second->w)) << la[i].first;
        EXPECT_TRUE(same_bits(a.lm_head.w, b.lm_head.w));
        ASSERT_EQ(r1.linears.size(), r2.linears.size());
        for (size_t i = 0; i < r1.linears.size(); ++i) EXPECT_EQ(r1.linears[i].rel_error, r2.linears[i].rel_error);
    }
}

TEST(Rtn, ReportsOneStepPerLayerAndCancels) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 8);
    std::vector<std::pair<std::string, int64_t>> seen;
    Progress p;
    p.report = [&](const ProgressStep& step_) { const std::string stage = progress_label(step_); const int64_t done = step_.done; const int64_t total = step_.total;
        EXPECT_EQ(total, m.cfg.n_layers);
        seen.emplace_back(std::string(stage), done);
    };
    quantize_weights_rtn(m, parse_format_spec("int4"), false, p);
    ASSERT_EQ(seen.size(), static_cast<size_t>(m.cfg.n_layers) + 1);
    for (size_t i = 0; i < seen.size(); ++i) {
        EXPECT_EQ(seen[i].first, "quantizing weights");
        EXPECT_EQ(seen[i].second, static_cast<int64_t>(i));
    }

    // Cancelled after the first layer: the call stops with Cancelled.
    CancelToken token;
    int calls = 0;
    Progress c;
    c.cancel = &token;
    c.report = [&](const ProgressStep&) {
        if (++calls == 1) token.cancel();
    };
    try {
        quantize_weights_rtn(m, parse_format_spec("int4"), false, c);
        FAIL() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
    }
    EXPECT_EQ(calls, 1);
}

TEST(Rtn, RowLengthTheFormatCannotBlockIsOneLineNamingTheTensor) {
    // tiny d_model 48 is no multiple of MXFP4's 32-element block.
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 9);
    int reports = 0;
    Progress p;
    p.report = [&](const ProgressStep&) { ++reports; };
    try {
        quantize_weights_rtn(m, parse_format_spec("mxfp4"), false, p);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        const std::string msg = e.what();
        EXPECT_NE(msg.find("layer 0 q_proj"), std::string::npos) << msg;
        EXPECT_NE(msg.find("48"), std::string::npos) << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
    EXPECT_EQ(reports, 0);  // refused before any work
}

TEST(Rtn, NonFiniteWeightIsReportedWithTheTensor) {
    Model m = testing::random_model(wide_config(), 10);
    m.layers[1].up.w(2000, 5) = NAN;
    try {
        quantize_weights_rtn(m, parse_format_spec("int4"), false);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        const std::string msg = e.what();
        EXPECT_NE(msg.find("layer 1 up_proj"), std::string::npos) << msg;
        EXPECT_NE(msg.find("row 2000, column 5"), std::string::npos) << msg;
    }
}

}  // namespace
}  // namespace rs
