// GPTQ's solve against independent truths: a plain column-by-column OBS implementation in double
// (the algorithm GPTQ reorganizes), RTN when H = I, the column order under act-order, the proxy
// loss it minimizes, and the Hessian capture against a double computation.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>

#include "calib/hessian.h"
#include "core/error.h"
#include "quant/fake_quant.h"
#include "quant/gptq.h"
#include "quant/group_quantizer.h"

namespace rs {
namespace {

MatrixRM random_matrix(int64_t rows, int64_t cols, uint32_t seed, float scale = 1.0f) {
    std::mt19937 gen(seed);
    std::normal_distribution<float> dist(0.0f, scale);
    MatrixRM m(rows, cols);
    for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = dist(gen);
    return m;
}

// Calibration inputs with correlated channels and a few outlier channels, as real activations have.
MatrixRM correlated_inputs(int64_t n, int64_t k, uint32_t seed) {
    const MatrixRM z = random_matrix(n, k, seed);
    const MatrixRM mix = random_matrix(k, k, seed + 1, 0.3f);
    MatrixRM x = z + z * mix;
    for (int64_t c = 0; c < k; c += 13) x.col(c) *= 8.0f;
    return x;
}

MatrixD hessian_of(const MatrixRM& x) {
    HessianAccumulator acc(x.cols());
    acc.add(x);
    return acc.hessian();
}

// The OBS recursion of Frantar et al. (eq. 2-3) in double, one column at a time in column order:
// quantize column j with its group's scale (fitted from the current values when the group starts),
// spread the error with the current inverse Hessian, then remove column j from the inverse.
MatrixRM obs_reference(const MatrixRM& w_in, const MatrixD& h_in, const quant::FormatSpec& spec, double damp, int64_t group) {
    const int64_t rows = w_in.rows(), k = w_in.cols();
    MatrixD w = w_in.cast<double>();
    MatrixD h = h_in;
    for (int64_t j = 0; j < k; ++j)
        if (h(j, j) == 0.0) { h(j, j) = 1.0; w.col(j).setZero(); }
    h.diagonal().array() += damp * h.diagonal().mean();
    MatrixD hinv = h.inverse();
    float tensor_amax = 0.0f;
    for (int64_t i = 0; i < w.size(); ++i) tensor_amax = std::max(tensor_amax, static_cast<float>(std::fabs(w.data()[i])));
    const quant::GroupQuantizer gq(spec, tensor_amax);
    std::vector<quant::GroupScale> scales(static_cast<size_t>(rows));
    MatrixRM q(rows, k);
    std::vector<float> buf(static_cast<size_t>(group));
    for (int64_t j = 0; j < k; ++j) {
        if (j % group == 0)
            for (int64_t r = 0; r < rows; ++r) {
                for (int64_t c = 0; c < group; ++c) buf[static_cast<size_t>(c)] = static_cast<float>(w(r, j + c));
                scales[static_cast<size_t>(r)] = gq.fit(buf.data(), group);
            }
        const double d = hinv(j, j);
        Eigen::VectorXd e(rows);
        for (int64_t r = 0; r < rows; ++r) {
            const float x = static_cast<float>(w(r, j));
            q(r, j) = gq.quantize(x, scales[static_cast<size_t>(r)]);
            e(r) = (w(r, j) - q(r, j)) / d;
        }
        // δF = -e · H⁻¹[j, :] on the columns after j (the quantized ones no longer matter).
        for (int64_t c = j + 1; c < k; ++c) w.col(c) -= e * hinv(j, c);
        // Remove j from the inverse: H⁻¹ ← H⁻¹ - H⁻¹[:, j] H⁻¹[j, :] / H⁻¹[j, j].
        const Eigen::VectorXd col = hinv.col(j);
        hinv -= col * col.transpose() / d;
    }
    return q;
}

// Equal up to the last bits of a scale: INT scales are amax / 7 of values that the float and double
// updates round differently, so the same code can give a value a few ulps apart.
double fraction_equal(const MatrixRM& a, const MatrixRM& b) {
    int64_t same = 0;
    for (int64_t i = 0; i < a.size(); ++i) {
        const float x = a.data()[i], y = b.data()[i];
        same += std::fabs(x - y) <= 1e-4f * std::max(std::fabs(x), std::fabs(y));
    }
    return static_cast<double>(same) / static_cast<double>(a.size());
}

TEST(Gptq, MatchesColumnByColumnObsInDouble) {
    for (const char* f : {"int4:g16", "int3", "mxfp4", "nvfp4", "int4:asym:g32"}) {
        SCOPED_TRACE(f);
        const quant::FormatSpec spec = quant::parse_format_spec(f);
        const MatrixRM w = random_matrix(24, 64, 7);
        const MatrixD h = hessian_of(correlated_inputs(256, 64, 11));
        const int64_t group = spec.kind == quant::FormatKind::MxFp4 ? 32 : spec.kind == quant::FormatKind::Nvfp4 ? 16
                              : spec.granularity == quant::Granularity::Group ? spec.group : 64;
        const MatrixRM ref = obs_reference(w, h, spec, 0.01, group);
        for (int block : {1, 5, 128}) {
            SCOPED_TRACE(block);
            GptqOptions o;
            o.block = block;
            const GptqResult g = gptq_quantize(w, h, spec, o, "test");
            // The double recursion and the float Cholesky form round differently in the last bits;
            // a value exactly between two codes may then go the other way, nothing more.
            EXPECT_GE(fraction_equal(g.q, ref), 0.995);
            const auto losses = gptq_proxy_losses(w, {&g.q, &ref}, h.cast<float>());
            EXPECT_NEAR(losses[0], losses[1], 1e-3 * losses[1]);
        }
    }
}

TEST(Gptq, IdentityHessianGivesRtnBitForBit) {
    for (const char* f : {"int4", "int4:g16", "int4:asym:g16", "int4:ct:g32", "int8:tensor", "int4:mse", "fp8_e4m3",
                          "mxfp4", "mxfp4:mse", "mxfp6_e2m3", "mxint8", "nvfp4", "nvfp4:mse", "nf4"}) {
        SCOPED_TRACE(f);
        const quant::FormatSpec spec = quant::parse_format_spec(f);
        const MatrixRM w = random_matrix(8, 128, 3, 0.05f);
        const MatrixD h = MatrixD::Identity(128, 128);
        for (bool stat : {false, true}) {
            GptqOptions o;
            o.static_groups = stat;
            const GptqResult g = gptq_quantize(w, h, spec, o, "test", true);
            const quant::QuantResult rtn = quant::fake_quant(w.data(), w.rows(), w.cols(), spec, true);
            ASSERT_EQ(g.q.size(), static_cast<int64_t>(rtn.dequant.size()));
            for (int64_t i = 0; i < g.q.size(); ++i) ASSERT_EQ(g.q.data()[i], rtn.dequant[static_cast<size_t>(i)]) << i;
            EXPECT_EQ(g.codes, rtn.codes);
            EXPECT_EQ(g.scales, rtn.scales);
            EXPECT_EQ(g.scale_bytes, rtn.scale_bytes);
            EXPECT_EQ(g.zero_points, rtn.zero_points);
            EXPECT_EQ(g.tensor_scale, rtn.tensor_scale);
        }
    }
}

TEST(Gptq, ActOrderUndoesItsPermutation) {
    // Per channel, act-order is GPTQ on the permuted problem with the permutation undone.
    const quant::FormatSpec spec = quant::parse_format_spec("int4");
    const MatrixRM w = random_matrix(16, 48, 21);
    const MatrixD h = hessian_of(correlated_inputs(200, 48, 5));
    std::vector<int64_t> perm(48);
    std::iota(perm.begin(), perm.end(), 0);
    std::stable_sort(perm.begin(), perm.end(), [&](int64_t a, int64_t b) { return h(a, a) > h(b, b); });
    ASSERT_FALSE(std::is_sorted(perm.begin(), perm.end()));
    MatrixRM wp(16, 48);
    MatrixD hp(48, 48);
    for (int64_t a = 0; a < 48; ++a) {
        wp.col(a) = w.col(perm[static_cast<size_t>(a)]);
        for (int64_t b = 0; b < 48; ++b) hp(a, b) = h(perm[static_cast<size_t>(a)], perm[static_cast<size_t>(b)]);
    }
    GptqOptions act;
    act.act_order = true;
    const GptqResult g = gptq_quantize(w, h, spec, act, "test");
    const GptqResult gp = gptq_quantize(wp, hp, spec, GptqOptions{}, "test");
    for (int64_t a = 0; a < 48; ++a)
        for (int64_t r = 0; r < 16; ++r) ASSERT_EQ(g.q(r, perm[static_cast<size_t>(a)]), gp.q(r, a)) << r << "," << a;
}

TEST(Gptq, StaticGroupsKeepOriginalOrderAndScales) {
    // Static groups: scales fitted from W before the solve, in original column order, whatever
    // order act-order solves in; every value lies on its group's grid.
    for (const char* f : {"int4:g16", "mxfp4", "nvfp4"}) {
        SCOPED_TRACE(f);
        const quant::FormatSpec spec = quant::parse_format_spec(f);
        const MatrixRM w = random_matrix(12, 64, 9);
        const MatrixD h = hessian_of(correlated_inputs(300, 64, 8));
        GptqOptions o;
        o.act_order = true;
        o.static_groups = true;
        const GptqResult g = gptq_quantize(w, h, spec, o, "test", true);
        const quant::QuantResult rtn = quant::fake_quant(w.data(), w.rows(), w.cols(), spec);
        EXPECT_EQ(g.scales, rtn.scales);
        const int64_t group = g.group;
        for (int64_t c = 0; c < 64; ++c) EXPECT_EQ(g.g_idx[static_cast<size_t>(c)], c / group);
        // Re-quantizing GPTQ's output with the same scales gives it back: it is on the grid.
        const quant::GroupQuantizer gq(spec, w.cwiseAbs().maxCoeff());
        const int64_t n_groups = 64 / group;
        for (int64_t r = 0; r < 12; ++r)
            for (int64_t c = 0; c < 64; ++c) {
                quant::GroupScale s;
                s.scale = g.scales[static_cast<size_t>(r * n_groups + c / group)];
                if (!g.scale_bytes.empty()) s.byte = g.scale_bytes[static_cast<size_t>(r * n_groups + c / group)];
                ASSERT_EQ(gq.quantize(g.q(r, c), s), g.q(r, c));
            }
        // Dynamic groups with fixed blocks cannot follow act-order.
        if (quant::format_traits(spec.kind).block > 0) {
            o.static_groups = false;
            EXPECT_THROW(gptq_quantize(w, h, spec, o, "layer 0 q/k/v"), Error);
        }
    }
}

TEST(Gptq, ProxyLossBelowRtn) {
    for (const char* f : {"int4", "int4:g32", "mxfp4", "nvfp4", "int3:asym"}) {
        SCOPED_TRACE(f);
        const quant::FormatSpec spec = quant::parse_format_spec(f);
        const MatrixRM w = random_matrix(64, 128, 17, 0.02f);
        const MatrixD h = hessian_of(correlated_inputs(512, 128, 19));
        for (bool act : {false, true}) {
            GptqOptions o;
            o.act_order = act;
            o.static_groups = act && quant::format_traits(spec.kind).block > 0;
            const GptqResult g = gptq_quantize(w, h, spec, o, "test");
            const quant::QuantResult r = quant::fake_quant(w.data(), w.rows(), w.cols(), spec);
            const MatrixRM rtn = Eigen::Map<const MatrixRM>(r.dequant.data(), w.rows(), w.cols());
            const auto losses = gptq_proxy_losses(w, {&g.q, &rtn}, h.cast<float>());
            EXPECT_LT(losses[0], 0.8 * losses[1]) << "gptq " << losses[0] << " rtn " << losses[1];
        }
    }
}

TEST(Gptq, ProxyLossIsTheOutputError) {
    // tr(ΔW H ΔWᵀ) = 2/n ||X ΔWᵀ||², computed independently in double.
    const MatrixRM x = correlated_inputs(100, 32, 2);
    const MatrixRM w = random_matrix(8, 32, 4);
    const MatrixRM q = w * 0.9f;
    const double loss = gptq_proxy_losses(w, {&q}, hessian_of(x).cast<float>())[0];
    const MatrixD out = x.cast<double>() * (w - q).cast<double>().transpose();
    EXPECT_NEAR(loss, 2.0 / 100.0 * out.squaredNorm(), 1e-5 * loss);
}

TEST(Gptq, DeadInputsAreZeroedNotNan) {
    const quant::FormatSpec spec = quant::parse_format_spec("int4:g16");
    MatrixRM x = correlated_inputs(128, 32, 6);
    x.col(5).setZero();
    x.col(20).setZero();
    const MatrixRM w = random_matrix(8, 32, 1);
    const GptqResult g = gptq_quantize(w, hessian_of(x), spec, GptqOptions{}, "test");
    EXPECT_EQ(g.dead_inputs, 2);
    EXPECT_TRUE(g.q.allFinite());
    EXPECT_TRUE(g.q.col(5).isZero(0));
    EXPECT_TRUE(g.q.col(20).isZero(0));
}

TEST(Gptq, SingularHessianRaisesDampingWithAWarning) {
    // All inputs equal: H has rank one. Without dampening the factorization fails; GPTQ raises it.
    MatrixRM x(64, 16);
    for (int64_t t = 0; t < 64; ++t) x.row(t).setConstant(static_cast<float>(t % 7) - 3.0f);
    const MatrixRM w = random_matrix(4, 16, 8);
    GptqOptions o;
    o.damp = 0.0;
    const GptqResult g = gptq_quantize(w, hessian_of(x), quant::parse_format_spec("int4"), o, "layer 2 down");
    EXPECT_TRUE(g.q.allFinite());
    ASSERT_FALSE(g.warnings.empty());
    EXPECT_NE(g.warnings[0].find("layer 2 down"), std::string::npos);
    EXPECT_GT(g.damp, 0.0);
}

TEST(Gptq, BadInputsAreOneLineNamingTheLinear) {
    const MatrixRM w = random_matrix(4, 48, 8);
    MatrixD h = MatrixD::Identity(48, 48);
    auto message = [&](const quant::FormatSpec& spec, const MatrixD& hh, GptqOptions o = {}) -> std::string {
        try {
            gptq_quantize(w, hh, spec, o, "layer 7 gate/up");
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::BadInput);
            return e.what();
        }
        return "";
    };
    h(3, 9) = h(9, 3) = NAN;
    std::string m = message(quant::parse_format_spec("int4"), h);
    EXPECT_NE(m.find("layer 7 gate/up"), std::string::npos) << m;
    EXPECT_NE(m.find("non-finite"), std::string::npos) << m;
    h = MatrixD::Identity(48, 48);
    m = message(quant::parse_format_spec("int4:g32"), h);  // 48 is not a multiple of 32
    EXPECT_NE(m.find("multiple of the group size 32"), std::string::npos) << m;
    m = message(quant::parse_format_spec("mxfp4"), h);
    EXPECT_NE(m.find("block size 32"), std::string::npos) << m;
    h = -MatrixD::Identity(48, 48);  // negative definite: no dampening makes it positive
    m = message(quant::parse_format_spec("int4"), h);
    EXPECT_NE(m.find("not positive definite"), std::string::npos) << m;
    EXPECT_EQ(m.find('\n'), std::string::npos);
}

// llm-compressor 0.14.0.1's own solve (llmcompressor.modifiers.gptq.gptq_quantize.quantize_weight,
// with its memoryless_minmax observer and its accumulate_hessian; compressed-tensors 0.19.0, torch
// 2.10 on a CPU) on inputs regenerated here: INT4 symmetric groups of 32 on compressed-tensors'
// grid, dampening 0.01, block 128, act-order off and "weight" (static groups). Its outputs hashed
// (FNV-1a of the float32 bytes, row-major, after x + 0.0f: torch rounds small negatives to -0.0,
// Rotoscope's integer codes give +0.0; the values are equal) and its proxy loss with H = 2/n XᵀX
// in double. Rotoscope's solve gives the same values, bit for bit.
uint64_t splitmix_state = 0;
double splitmix_uniform() {
    uint64_t z = (splitmix_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
}
double irwin_hall_normal() {
    double s = 0.0;
    for (int i = 0; i < 4; ++i) s += splitmix_uniform();
    return (s - 2.0) * 1.7320508075688772;
}
uint64_t fnv1a(const float* p, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; ++i) {
        const float v = p[i] + 0.0f;  // -0.0 -> +0.0
        unsigned char b[sizeof(float)];
        std::memcpy(b, &v, sizeof(float));
        for (unsigned char c : b) h = (h ^ c) * 0x100000001b3ull;
    }
    return h;
}

TEST(Gptq, SameBytesAsLlmCompressor) {
    splitmix_state = 1234;
    MatrixRM w(96, 256), x(2048, 256);
    for (int64_t i = 0; i < w.size(); ++i) w.data()[i] = static_cast<float>(0.02 * irwin_hall_normal());
    for (int64_t i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(irwin_hall_normal());
    for (int c : {3, 77, 128, 200}) x.col(c) *= 20.0f;
    ASSERT_EQ(w(0, 0), -0.0058239842765033245f);  // the generator as in the Python script
    ASSERT_EQ(x(0, 3), 27.066938400268555f);
    const MatrixD h = hessian_of(x);
    const quant::FormatSpec spec = quant::parse_format_spec("int4:ct:g32");
    struct Case {
        bool act_order;
        uint64_t hash;
        double proxy;
    };
    for (const Case& c : {Case{false, 0xa0611ffea0cb2750ull, 1.103662187556226}, Case{true, 0xa89d39ab5478aca5ull, 1.0569712088379175}}) {
        SCOPED_TRACE(c.act_order);
        GptqOptions o;
        o.static_groups = true;  // llm-compressor's observer fits every group before the solve
        o.act_order = c.act_order;
        const GptqResult g = gptq_quantize(w, h, spec, o, "test");
        EXPECT_EQ(fnv1a(g.q.data(), static_cast<size_t>(g.q.size())), c.hash);
        const MatrixD d = (g.q - w).cast<double>();
        EXPECT_NEAR((d * h * d.transpose()).trace(), c.proxy, 1e-6 * c.proxy);
    }
}

TEST(Gptq, HessianAccumulatesInChunksLikeDouble) {
    const MatrixRM x = correlated_inputs(1300, 40, 12);  // three chunks
    HessianAccumulator acc(40);
    acc.add(x.topRows(700));
    acc.add(x.bottomRows(600));
    EXPECT_EQ(acc.tokens(), 1300);
    const MatrixD ref = x.cast<double>().transpose() * x.cast<double>() * (2.0 / 1300.0);
    EXPECT_LT((acc.hessian() - ref).cwiseAbs().maxCoeff(), 1e-5 * ref.cwiseAbs().maxCoeff());
}

}  // namespace
}  // namespace rs
