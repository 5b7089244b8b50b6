// The forward pass's calls through a backend: the online R3/R4 rotations
// (PreparedRotation::apply with a backend) and the activation and K/V quantizers
// (FakeQuantActivations with a backend) give exactly what they give without one; perplexity
// uses a backend's device-resident pass exactly when the forward pass is plain. On a CUDA
// machine the same calls run on the device; backend_ops_test.cpp compares the ops themselves.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "core/error.h"
#include "eval/perplexity.h"
#include "quant/act_quant.h"
#include "rotate/online_rotation.h"
#include "rotate/rotation.h"
#include "runtime/forward.h"
#include "support/backend_compare.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

using testing::normalized_mse;
using testing::random_rows;

// The CPU backend, and the CUDA one where this machine has a device.
std::vector<std::unique_ptr<Backend>> backends() {
    std::vector<std::unique_ptr<Backend>> out;
    out.push_back(make_cpu_backend());
    if (cuda_backend_available()) out.push_back(make_cuda_backend());
    return out;
}

// PreparedRotation::apply(x, backend) is the online R3/R4 of the forward pass: for every
// Hadamard kind it goes through the backend's Hadamard op, and must equal the rotation itself.
TEST(OnlineRotationThroughBackend, EqualsTheRotationForEveryHadamardKind) {
    const std::vector<std::pair<RotationSpec, int64_t>> rotations = {
        {RotationSpec{RotationKind::Hadamard, 0, 0, "", ""}, 1536},
        {RotationSpec{RotationKind::RandomHadamard, 0, 42, "", ""}, 1536},
        {RotationSpec{RotationKind::RandomHadamard, 0, 43, "", ""}, 64},
        {RotationSpec{RotationKind::BlockHadamard, 32, 0, "", ""}, 1536},
        {RotationSpec{RotationKind::BlockHadamard, 16, 0, "", ""}, 64},
        {RotationSpec{RotationKind::RandomOrthogonal, 0, 5, "", ""}, 64},  // dense: no Hadamard op
    };
    for (const auto& backend : backends())
        for (const auto& [spec, n] : rotations) {
            const PreparedRotation rot(spec, n);
            EXPECT_EQ(rot.hadamard_op().has_value(), spec.kind != RotationKind::RandomOrthogonal);
            // Whole rows (R4) and per group (R3 over 9 heads).
            for (const bool per_group : {false, true}) {
                const MatrixRM x = random_rows(6, per_group ? n * 9 : n, static_cast<uint32_t>(n));
                MatrixRM want = x, got = x;
                if (per_group) rot.apply_per_group(want);
                else rot.apply(want);
                rot.apply(got, *backend, per_group);
                // The CPU is the reference; a device differs in the H_K mix's rounding only.
                EXPECT_LE(normalized_mse(want, got), backend->name() == "cpu" ? 0.0 : 1e-11)
                    << backend->name() << " " << rotation_name(spec) << " per group " << per_group;
            }
            MatrixRM wrong = random_rows(2, n + 1, 1);
            EXPECT_THROW(rot.apply(wrong, *backend, false), Error);
            EXPECT_THROW(rot.apply(wrong, *backend, true), Error);
        }
}

TEST(ActivationQuantThroughBackend, EqualsTheReferenceQuantizer) {
    ModelConfig cfg;
    cfg.head_dim = 64;
    for (const auto& backend : backends())
        for (const std::string f : {"mxfp4", "int4:token", "nvfp4", "fp8_e4m3:token"}) {
            const ActQuantConfig qc{quant::parse_format_spec(f), quant::parse_format_spec("int4"), false};
            FakeQuantActivations plain(cfg, qc), routed(cfg, qc, nullptr, backend.get());
            MatrixRM a = random_rows(7, 256, 3), b = a;
            plain.linear_input(0, LinearInput::QKV, a);
            routed.linear_input(0, LinearInput::QKV, b);
            EXPECT_EQ(0.0, normalized_mse(a, b)) << backend->name() << " " << f;
            MatrixRM k1 = random_rows(7, 128, 4), v1 = random_rows(7, 128, 5), k2 = k1, v2 = v1;
            plain.kv(0, k1, v1);
            routed.kv(0, k2, v2);
            EXPECT_EQ(0.0, normalized_mse(k1, k2) + normalized_mse(v1, v2)) << backend->name() << " " << f;
        }
}

// The identity device caches key on: new for every Linear made, copied or assigned, renewed by
// touch(), and renewed by the engine's in-place writers (here the norm folding of fusion).
TEST(WeightIdentity, IsNewForEveryCopyAndEveryInPlaceEdit) {
    Linear a{random_rows(4, 8, 1), VectorF()};
    const Linear b = a;
    Linear c;
    const uint64_t before = c.id.value();
    c = a;
    EXPECT_NE(a.id.value(), b.id.value());
    EXPECT_NE(before, c.id.value());
    EXPECT_NE(a.id.value(), c.id.value());
    const uint64_t old = a.id.value();
    a.touch();
    EXPECT_NE(old, a.id.value());
    Linear moved = std::move(c);
    EXPECT_NE(moved.id.value(), b.id.value());
}

// A backend with a device pass (Backend::window_scorer), played on the CPU: the pass counts its
// windows and scores them with its own CPU forward pass. perplexity() must use it exactly when
// the forward pass is plain, and give what the op-by-op pass gives.
class RecordingScorer final : public WindowScorer {
public:
    RecordingScorer(const Model& m, int& windows) : backend_(make_cpu_backend()), fwd_(m, *backend_), windows_(windows) {}
    void score(const std::vector<int32_t>& tokens, int first, std::vector<double>& nll, std::vector<int32_t>*) override {
        ++windows_;
        MatrixRM hidden, logits;
        fwd_.hidden(tokens, nullptr, hidden);
        fwd_.logits(hidden, logits);
        nll.clear();
        for (size_t p = static_cast<size_t>(first); p + 1 < tokens.size(); ++p)
            nll.push_back(token_nll(logits.row(static_cast<int64_t>(p)).data(), logits.cols(), tokens[p + 1]));
    }
    std::string describe() const override { return "recording"; }

private:
    std::unique_ptr<Backend> backend_;
    Forward fwd_;
    int& windows_;
};

class PassBackend final : public Backend {
public:
    std::string name() const override { return "pass"; }
    void linear(const MatrixRM& x, const Linear& layer, MatrixRM& y) override { cpu_->linear(x, layer, y); }
    void rms_norm(const MatrixRM& x, const VectorF& w, float eps, MatrixRM& y) override { cpu_->rms_norm(x, w, eps, y); }
    std::unique_ptr<WindowScorer> window_scorer(const Model& m, WeightPrecision p) override {
        precision = p;
        return std::make_unique<RecordingScorer>(m, windows);
    }
    int windows = 0;
    WeightPrecision precision = WeightPrecision::F32;

private:
    std::unique_ptr<Backend> cpu_ = make_cpu_backend();
};

struct NullHook final : CaptureHook {
    void on_linear_input(int, LinearInput, const MatrixRM&) override {}
};

TEST(DevicePassThroughPerplexity, IsUsedExactlyForPlainPasses) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Qwen3), 3);
    std::mt19937 rng(4);
    std::vector<int32_t> tokens(200);
    for (int32_t& t : tokens) t = static_cast<int32_t>(rng() % static_cast<uint32_t>(m.cfg.n_vocab));
    const auto cpu = make_cpu_backend();
    Forward plain(m, *cpu);
    for (const PplProtocol protocol : {PplProtocol::Full, PplProtocol::LlamaCpp}) {
        PplOptions opt;
        opt.ctx = 48;
        opt.protocol = protocol;
        const PplResult want = perplexity(plain, tokens, opt);
        EXPECT_TRUE(want.device_pass.empty());
        PassBackend pass;
        Forward fwd(m, pass);
        opt.device_weights = WeightPrecision::BF16;
        const PplResult got = perplexity(fwd, tokens, opt);
        EXPECT_EQ(pass.windows, want.windows);
        EXPECT_EQ(pass.precision, WeightPrecision::BF16);
        EXPECT_EQ(got.device_pass, "recording");
        EXPECT_EQ(got.scored_tokens, want.scored_tokens);
        // The same arithmetic up to float rounding: the LM head's rows are batched differently.
        EXPECT_NEAR(got.ppl, want.ppl, 1e-6 * want.ppl);
        ASSERT_EQ(got.window_mean_nll.size(), want.window_mean_nll.size());
        for (size_t w = 0; w < want.window_mean_nll.size(); ++w) EXPECT_NEAR(got.window_mean_nll[w], want.window_mean_nll[w], 1e-6);
        // Asked not to, with a capture hook, or on a rotated model: the op-by-op pass.
        opt.device_pass = false;
        EXPECT_TRUE(perplexity(fwd, tokens, opt).device_pass.empty());
        opt.device_pass = true;
        NullHook hook;
        fwd.set_hook(&hook);
        EXPECT_TRUE(perplexity(fwd, tokens, opt).device_pass.empty());
        fwd.set_hook(nullptr);
        Model rotated = m;
        rotated.online.r3 = RotationSpec{RotationKind::Hadamard, 0, 0, "", ""};
        Forward rfwd(rotated, pass);
        EXPECT_TRUE(perplexity(rfwd, tokens, opt).device_pass.empty());
        EXPECT_EQ(pass.windows, want.windows);
    }
}

}  // namespace
}  // namespace rs
