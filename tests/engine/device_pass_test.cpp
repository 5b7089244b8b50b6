// The device-resident forward pass (Backend::window_scorer) against the naive double-precision
// reference forward (support/tiny_model.h, plain loops written apart from the engine), for each
// architecture feature it handles: RoPE in both pairings, grouped-query attention, Qwen2's q/k/v
// biases, Qwen3's q/k norms; fp32 weights (the comparison mode) and bf16 (tensor cores).
// Scoring from a later first position, and what the pass refuses, too. Without a GPU the device
// cases skip; the CPU backend has no device pass.
//
// Needs only the kernel-check subset (cmake/KernelCheck.cmake), so that
// scripts/device-check-kernels.sh runs it on the GPU machine.
#include <gtest/gtest.h>

#include <cmath>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "core/error.h"
#include "rotate/rotation_spec.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

struct PassCase {
    std::string name;
    Arch arch;
    RopeStyle rope;
    int head_dim;
    bool llama3_scaling = false;
};

ModelConfig pass_config(const PassCase& p) {
    ModelConfig c = testing::tiny_config(p.arch);
    c.n_vocab = 97;
    c.d_model = 128;
    c.n_heads = 4;
    c.n_kv_heads = 2;
    c.head_dim = p.head_dim;
    c.d_ff = 192;
    c.rope_style = p.rope;
    if (p.llama3_scaling) {
        // Llama-3.1's scaling, its original context cut to the test's positions so that all three
        // bands (kept, divided, blended) occur.
        c.rope_theta = 500000.0f;
        c.rope_scaling = RopeScaling{"llama3", 8.0f, 1.0f, 4.0f, 64, {}};
    }
    return c;
}

std::vector<int32_t> window_tokens(int T, int vocab, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<int32_t> t(static_cast<size_t>(T));
    for (int32_t& id : t) id = static_cast<int32_t>(rng() % static_cast<uint32_t>(vocab));
    return t;
}

// -log softmax(logits)[target] in double from the reference's double logits.
double reference_nll(const testing::Vec& logits, int32_t target) {
    double mx = logits[0];
    for (const double v : logits) mx = std::max(mx, v);
    double z = 0;
    for (const double v : logits) z += std::exp(v - mx);
    return std::log(z) - (logits[static_cast<size_t>(target)] - mx);
}

void PrintTo(const PassCase& p, std::ostream* os) { *os << p.name; }

class DevicePassTest : public ::testing::TestWithParam<PassCase> {};

TEST_P(DevicePassTest, MatchesTheDoubleReference) {
    if (!cuda_backend_available()) GTEST_SKIP() << "no CUDA device on this machine (CI has none); run scripts/device-check-kernels.sh";
    const PassCase& p = GetParam();
    const Model m = testing::random_model(pass_config(p), 5);
    const auto backend = make_cuda_backend();
    const std::vector<int32_t> tokens = window_tokens(45, m.cfg.n_vocab, 9);  // three CTAs of queries, two key tiles
    const std::vector<testing::Vec> logits = testing::ref_forward(m, tokens);
    for (const WeightPrecision precision : {WeightPrecision::F32, WeightPrecision::BF16}) {
        const std::unique_ptr<WindowScorer> scorer = backend->window_scorer(m, precision);
        ASSERT_TRUE(scorer) << p.name;
        EXPECT_NE(scorer->describe().find(weight_precision_name(precision)), std::string::npos) << scorer->describe();
        for (const int first : {0, 30}) {
            std::vector<double> nll;
            std::vector<int32_t> top1;
            scorer->score(tokens, first, nll, &top1);
            ASSERT_EQ(nll.size(), tokens.size() - 1 - static_cast<size_t>(first));
            ASSERT_EQ(top1.size(), nll.size());
            double sum_dev = 0, sum_ref = 0;
            int same_top1 = 0;
            for (size_t i = 0; i < nll.size(); ++i) {
                const size_t pos = static_cast<size_t>(first) + i;
                const double want = reference_nll(logits[pos], tokens[pos + 1]);
                sum_dev += nll[i];
                sum_ref += want;
                if (precision == WeightPrecision::F32) EXPECT_NEAR(nll[i], want, 1e-4 * std::max(1.0, want)) << p.name << " " << pos;
                const auto& row = logits[pos];
                const auto best = static_cast<int32_t>(std::max_element(row.begin(), row.end()) - row.begin());
                // bf16 moves logits by about 0.02: only a clear winner must stay the winner.
                double runner_up = -1e300;
                for (size_t j = 0; j < row.size(); ++j)
                    if (static_cast<int32_t>(j) != best) runner_up = std::max(runner_up, row[j]);
                const bool clear = precision == WeightPrecision::F32 || row[static_cast<size_t>(best)] - runner_up > 0.05;
                same_top1 += !clear || top1[i] == best;
            }
            const double ppl_dev = std::exp(sum_dev / static_cast<double>(nll.size()));
            const double ppl_ref = std::exp(sum_ref / static_cast<double>(nll.size()));
            SCOPED_TRACE(p.name + " " + weight_precision_name(precision) + " first " + std::to_string(first));
            // fp32: the comparison mode, perplexity within 1e-4 relative. bf16 weights and
            // GEMM inputs: within 2 %.
            EXPECT_NEAR(ppl_dev, ppl_ref, (precision == WeightPrecision::F32 ? 1e-4 : 2e-2) * ppl_ref);
            EXPECT_EQ(same_top1, static_cast<int>(nll.size()));
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Architectures, DevicePassTest,
                         ::testing::Values(PassCase{"llama_neox_d32", Arch::Llama, RopeStyle::Neox, 32},
                                           PassCase{"llama_norm_d64", Arch::Llama, RopeStyle::Norm, 64},
                                           PassCase{"qwen2_bias_d32", Arch::Qwen2, RopeStyle::Neox, 32},
                                           PassCase{"qwen3_qk_norm_d64", Arch::Qwen3, RopeStyle::Neox, 64},
                                           PassCase{"llama3_scaled_d128", Arch::Llama, RopeStyle::Neox, 128, true}),
                         [](const auto& info) { return info.param.name; });

// The CPU backend has none: evaluation runs the op-by-op forward pass.
TEST(DevicePass, TheCpuBackendHasNone) {
    const Model m = testing::random_model(pass_config({"", Arch::Llama, RopeStyle::Neox, 32}), 5);
    EXPECT_EQ(make_cpu_backend()->window_scorer(m, WeightPrecision::F32), nullptr);
    EXPECT_EQ(make_cpu_backend()->window_scorer(m, WeightPrecision::BF16), nullptr);
}

TEST(DevicePass, IsOfferedOnlyWhereItComputesTheModel) {
    if (!cuda_backend_available()) GTEST_SKIP() << "no CUDA device on this machine (CI has none)";
    const Model m = testing::random_model(pass_config({"", Arch::Llama, RopeStyle::Neox, 32}), 5);
    const auto cuda = make_cuda_backend();
    EXPECT_NE(cuda->window_scorer(m, WeightPrecision::F32), nullptr);
    // Online rotations and a head size without an attention kernel stay op by op.
    Model rotated = m;
    rotated.online.r4 = RotationSpec{RotationKind::Hadamard, 0, 0, "", ""};
    EXPECT_EQ(cuda->window_scorer(rotated, WeightPrecision::F32), nullptr);
    const Model odd = testing::random_model(testing::tiny_config(Arch::Llama), 5);  // head_dim 12
    EXPECT_EQ(cuda->window_scorer(odd, WeightPrecision::F32), nullptr);
    // A token outside the vocabulary is refused before anything runs on the device.
    const auto scorer = cuda->window_scorer(m, WeightPrecision::F32);
    std::vector<double> nll;
    EXPECT_THROW(scorer->score({1, 2, 500}, 0, nll), Error);
    EXPECT_THROW(scorer->score({1, 2, 3}, 2, nll), Error);
}

}  // namespace
}  // namespace rs
