// The llama.cpp-numerics emulation (backend/cpu/llamacpp_numerics.h): ggml's activation
// quantizers on hand-computed blocks, the emulated linear against a direct integer dot product,
// and that the default (exact) path is unaffected by the option's existence.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "backend/backend.h"
#include "backend/cpu/llamacpp_numerics.h"
#include "runtime/forward.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

using namespace llamacpp;

TEST(LlamacppNumerics, Fp16RoundsToNearestEven) {
    EXPECT_EQ(fp32_to_fp16(1.0f), 0x3c00);
    EXPECT_EQ(fp32_to_fp16(-2.0f), 0xc000);
    EXPECT_EQ(fp32_to_fp16(65504.0f), 0x7bff);
    EXPECT_EQ(fp32_to_fp16(65520.0f), 0x7c00);  // the tie above the largest half goes to inf
    EXPECT_EQ(fp32_to_fp16(1.0f + 1.0f / 2048), 0x3c00);          // tie -> even (down)
    EXPECT_EQ(fp32_to_fp16(1.0f + 3.0f / 2048), 0x3c02);          // tie -> even (up)
    EXPECT_EQ(fp32_to_fp16(1.0f + 1.0f / 2048 + 1e-7f), 0x3c01);  // above the tie
    EXPECT_EQ(fp32_to_fp16(std::ldexp(1.0f, -24)), 0x0001);       // smallest subnormal
    EXPECT_EQ(fp32_to_fp16(std::ldexp(1.0f, -25)), 0x0000);       // tie -> even (zero)
    for (uint32_t h = 0; h < 0x7c00; ++h) EXPECT_EQ(fp32_to_fp16(fp16_to_fp32(static_cast<uint16_t>(h))), h);
}

TEST(LlamacppNumerics, Q8BlocksHandComputed) {
    // amax 127 -> id = 1: x·id is exact and rounding is half to even (ggml's AVX path).
    float x[32] = {};
    x[0] = 127.0f;
    x[1] = 0.5f;   // -> 0
    x[2] = 1.5f;   // -> 2
    x[3] = 2.5f;   // -> 2
    x[4] = -2.5f;  // -> -2
    x[5] = -3.5f;  // -> -4
    x[6] = 3.49f;  // -> 3
    Q8Block b;
    quantize_block_q8_1(x, b);
    EXPECT_EQ(b.d, 1.0f);
    const int want[7] = {127, 0, 2, 2, -2, -4, 3};
    for (int j = 0; j < 7; ++j) EXPECT_EQ(b.q[j], want[j]) << j;
    EXPECT_EQ(b.s, 127.0f + 0 + 2 + 2 - 2 - 4 + 3);

    // A zero block: d = s = 0, q = 0.
    float z[32] = {};
    quantize_block_q8_0(z, b);
    EXPECT_EQ(b.d, 0.0f);
    for (int j = 0; j < 32; ++j) EXPECT_EQ(b.q[j], 0);

    // fp16 rounding of d: amax 1 -> d = 1/127 rounded to fp16; s = fp16(d_fp32 · Σq), not d_fp16 · Σq.
    float y[32];
    for (int j = 0; j < 32; ++j) y[j] = j == 0 ? 1.0f : 0.9f;
    quantize_block_q8_1(y, b);
    EXPECT_EQ(b.d, fp16_to_fp32(fp32_to_fp16(1.0f / 127.0f)));
    EXPECT_NE(b.d, 1.0f / 127.0f);
    int sum = 0;
    for (int j = 0; j < 32; ++j) sum += b.q[j];
    EXPECT_EQ(b.q[1], static_cast<int>(std::nearbyint(0.9f * (127.0f / 1.0f))));
    EXPECT_EQ(b.s, round_fp16((1.0f / 127.0f) * static_cast<float>(sum)));
}

// Builds a [N, K] Q4_1 or Q8_0 weight from integers and fp16 scales, as the loader would
// dequantize it, and keeps the integers for the direct computation.
struct QWeight {
    Linear lin;
    std::vector<int> q;               // [N, K]
    std::vector<float> d, m;          // [N, K/32]
};

QWeight make_weight(const char* type, int N, int K, std::mt19937& rng) {
    QWeight w;
    w.lin.source_dtype = type;
    w.lin.w.resize(N, K);
    w.q.resize(size_t(N) * K);
    w.d.resize(size_t(N) * K / 32);
    w.m.resize(size_t(N) * K / 32);
    const bool q41 = std::string(type) == "Q4_1";
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (int n = 0; n < N; ++n)
        for (int b = 0; b < K / 32; ++b) {
            const float d = round_fp16(0.01f + 0.02f * std::abs(u(rng)));
            const float m = q41 ? round_fp16(-8.0f * d * (1.0f + 0.1f * u(rng))) : 0.0f;
            w.d[size_t(n) * (K / 32) + b] = d;
            w.m[size_t(n) * (K / 32) + b] = m;
            for (int j = 0; j < 32; ++j) {
                int q = q41 ? static_cast<int>(rng() % 16) : static_cast<int>(rng() % 255) - 127;
                if (q41 && j == 0) q = 0;  // ggml's Q4_1 quantizer maps the block minimum to 0
                w.q[size_t(n) * K + b * 32 + j] = q;
                w.lin.w(n, b * 32 + j) = q41 ? static_cast<float>(q) * d + m : static_cast<float>(q) * d;
            }
        }
    return w;
}

class EmulatedLinear : public ::testing::TestWithParam<const char*> {};

TEST_P(EmulatedLinear, EqualsIntegerDotProduct) {
    std::mt19937 rng(11);
    const int T = 5, N = 24, K = 256;
    const QWeight w = make_weight(GetParam(), N, K, rng);
    const bool q41 = std::string(GetParam()) == "Q4_1";
    MatrixRM x(T, K);
    std::normal_distribution<float> g(0.0f, 1.0f);
    for (int64_t i = 0; i < x.size(); ++i) x.data()[i] = g(rng) * (i % 7 == 0 ? 5.0f : 1.0f);

    MatrixRM y;
    llamacpp::linear(x, w.lin, y);
    for (int t = 0; t < T; ++t)
        for (int n = 0; n < N; ++n) {
            double want = 0, mag = 0;
            for (int b = 0; b < K / 32; ++b) {
                Q8Block a;
                if (q41) quantize_block_q8_1(x.row(t).data() + b * 32, a);
                else quantize_block_q8_0(x.row(t).data() + b * 32, a);
                long sumi = 0;
                for (int j = 0; j < 32; ++j) sumi += long(w.q[size_t(n) * K + b * 32 + j]) * a.q[j];
                const double dw = w.d[size_t(n) * (K / 32) + b], mw = w.m[size_t(n) * (K / 32) + b];
                want += dw * a.d * double(sumi) + (q41 ? mw * a.s : 0.0);
                mag += std::abs(dw * a.d * double(sumi)) + std::abs(q41 ? mw * a.s : 0.0);
            }
            EXPECT_NEAR(y(t, n), want, 1e-6 * mag) << t << "," << n;
        }

    // The activation quantization is visible: the exact product differs.
    MatrixRM exact = x * w.lin.w.transpose();
    EXPECT_GT((exact - y).cwiseAbs().maxCoeff(), 1e-4f);
}

INSTANTIATE_TEST_SUITE_P(Types, EmulatedLinear, ::testing::Values("Q4_1", "Q8_0"));

TEST(LlamacppNumerics, FlagOffLeavesTheExactPathUnchanged) {
    ModelConfig c = testing::tiny_config(Arch::Llama);
    const Model m = testing::random_model(c, 5);
    std::vector<int32_t> ids;
    for (int i = 0; i < 70; ++i) ids.push_back((i * 7 + 3) % c.n_vocab);
    auto b0 = make_cpu_backend();
    auto b1 = make_cpu_backend(BackendOptions{});
    Forward f0(m, *b0), f1(m, *b1, ForwardOptions{});
    MatrixRM h0, h1, l0, l1;
    f0.hidden(ids, nullptr, h0);
    f1.hidden(ids, nullptr, h1);
    f0.logits(h0, l0);
    f1.logits(h1, l1);
    EXPECT_EQ(l0, l1);  // bit for bit

    // With the option on (random_model's weights have no GGUF type, so only the attention and
    // norm numerics change) the logits move, but only slightly; and cached decoding with the
    // per-row F16 kernel stays close to the batched tiled-path prefill.
    auto b2 = make_cpu_backend(BackendOptions{.llamacpp_numerics = true});
    Forward f2(m, *b2, ForwardOptions{.llamacpp_numerics = true});
    MatrixRM h2, l2;
    f2.hidden(ids, nullptr, h2);
    f2.logits(h2, l2);
    EXPECT_NE(l0, l2);
    EXPECT_LT((l0 - l2).cwiseAbs().maxCoeff(), 1e-2f * l0.cwiseAbs().maxCoeff());
}

}  // namespace
}  // namespace rs
