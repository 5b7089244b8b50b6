// The activation transform hook of the forward pass and FakeQuantActivations: a transform that
// does nothing changes nothing, capture hooks see the untransformed inputs, zeroing an input or V
// is the same function as zeroing the weights that read it, and fake-quantized activations/KV
// behave as their bit widths say, in prefill and in cached decoding alike.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "backend/backend.h"
#include "quant/act_quant.h"
#include "quant/fake_quant.h"
#include "runtime/forward.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

const std::vector<int32_t> kIds = {3, 17, 42, 5, 60, 0, 11, 29, 33, 8, 19, 50, 2, 7, 44, 21};

MatrixRM logits_of(const Model& m, ActivationTransform* t, CaptureHook* hook = nullptr) {
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    fwd.set_activation_transform(t);
    fwd.set_hook(hook);
    MatrixRM h, lg;
    fwd.hidden(kIds, nullptr, h);
    fwd.logits(h, lg);
    return lg;
}

double rel_diff(const MatrixRM& a, const MatrixRM& b) { return (a - b).norm() / b.norm(); }

struct NoOp : ActivationTransform {
    void linear_input(int, LinearInput, MatrixRM&) override {}
};

struct ZeroDown : ActivationTransform {
    void linear_input(int, LinearInput site, MatrixRM& x) override {
        if (site == LinearInput::Down) x.setZero();
    }
};

struct ZeroV : ActivationTransform {
    void linear_input(int, LinearInput, MatrixRM&) override {}
    void kv(int, MatrixRM&, MatrixRM& v) override { v *= 0.0f; }
};

struct Recorder : CaptureHook {
    std::vector<MatrixRM> qkv, down;
    void on_linear_input(int layer, LinearInput site, const MatrixRM& x) override {
        if (layer < 0) return;
        if (site == LinearInput::QKV) qkv.push_back(x);
        if (site == LinearInput::Down) down.push_back(x);
    }
};

TEST(ActQuant, NoOpTransformIsBitIdentical) {
    for (Arch a : {Arch::Llama, Arch::Qwen2, Arch::Qwen3}) {
        const Model m = testing::random_model(testing::tiny_config(a), 5);
        NoOp noop;
        const MatrixRM base = logits_of(m, nullptr), with = logits_of(m, &noop);
        ASSERT_EQ(base.rows(), with.rows());
        for (int64_t i = 0; i < base.size(); ++i) ASSERT_EQ(base.data()[i], with.data()[i]) << "arch " << int(a) << " at " << i;
    }
}

TEST(ActQuant, ZeroedDownInputEqualsZeroDownWeightsAndHookSeesOriginal) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Qwen2), 6);
    Model z = m;
    for (Layer& L : z.layers) L.down.w.setZero();
    ZeroDown zd;
    Recorder seen;
    const MatrixRM with = logits_of(m, &zd, &seen), ref = logits_of(z, nullptr);
    EXPECT_LT(rel_diff(with, ref), 1e-6);
    EXPECT_GT(rel_diff(logits_of(m, nullptr), ref), 1e-2);  // the MLPs do matter
    // The hook saw the down inputs before they were zeroed: they equal the zero-weight model's.
    Recorder ref_seen;
    logits_of(z, nullptr, &ref_seen);
    ASSERT_EQ(seen.down.size(), ref_seen.down.size());
    for (size_t l = 0; l < seen.down.size(); ++l) {
        EXPECT_GT(seen.down[l].norm(), 0.0f);
        EXPECT_LT(rel_diff(seen.down[l], ref_seen.down[l]), 1e-6);
    }
}

TEST(ActQuant, ZeroedValuesEqualZeroVWeights) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Qwen2), 8);
    Model z = m;
    for (Layer& L : z.layers) {
        L.v.w.setZero();
        L.v.b.setZero();
    }
    ZeroV zv;
    const MatrixRM with = logits_of(m, &zv), ref = logits_of(z, nullptr);
    EXPECT_LT(rel_diff(with, ref), 1e-6);
    EXPECT_GT(rel_diff(logits_of(m, nullptr), ref), 1e-2);
}

TEST(ActQuant, HookSeesUnquantizedInputsAndLinearsSeeQuantized) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 9);
    ActQuantConfig cfg;
    cfg.activations = quant::parse_format_spec("int4:token");
    FakeQuantActivations fq(m.cfg, cfg);
    Recorder seen, plain;
    logits_of(m, &fq, &seen);
    logits_of(m, nullptr, &plain);
    // Layer 0's QKV input comes before any transform: the hook must see it as the plain run does.
    ASSERT_FALSE(seen.qkv.empty());
    EXPECT_EQ(seen.qkv[0], plain.qkv[0]);
    // ...and it must not be on the int4 grid the linears read.
    const MatrixRM& x = seen.qkv[0];
    const auto r = quant::fake_quant(x.data(), x.rows(), x.cols(), *cfg.activations);
    const MatrixRM xq = Eigen::Map<const MatrixRM>(r.dequant.data(), x.rows(), x.cols());
    EXPECT_GT(rel_diff(xq, x), 1e-2);
    // The linear reads the quantized rows: with only the LM head input transformed, the logits
    // are backend.linear(fake_quant(h)) of the plain hidden rows h, and the hook still sees h.
    struct HeadOnly : ActivationTransform {
        FakeQuantActivations* fq = nullptr;
        void linear_input(int l, LinearInput s, MatrixRM& y) override {
            if (s == LinearInput::LmHead) fq->linear_input(l, s, y);
        }
    } head_only;
    ActQuantConfig hc = cfg;
    hc.quantize_lm_head_input = true;
    FakeQuantActivations fq_head(m.cfg, hc);
    head_only.fq = &fq_head;
    struct HeadSeen : CaptureHook {
        MatrixRM x;
        void on_linear_input(int, LinearInput s, const MatrixRM& y) override {
            if (s == LinearInput::LmHead) x = y;
        }
    } head_seen;
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    MatrixRM h, lg, expect;
    fwd.hidden(kIds, nullptr, h);
    fwd.set_activation_transform(&head_only);
    fwd.set_hook(&head_seen);
    fwd.logits(h, lg);
    EXPECT_EQ(head_seen.x, h);
    const auto hq = quant::fake_quant(h.data(), h.rows(), h.cols(), *cfg.activations);
    const MatrixRM hqm = Eigen::Map<const MatrixRM>(hq.dequant.data(), h.rows(), h.cols());
    backend->linear(hqm, m.lm_head, expect);
    EXPECT_EQ(lg, expect);
    backend->linear(h, m.lm_head, expect);
    EXPECT_GT(rel_diff(lg, expect), 1e-3);
}

TEST(ActQuant, Int8PerTokenIsCloseAndInt2IsNot) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 12);
    const MatrixRM fp = logits_of(m, nullptr);
    ActQuantConfig c8, c2;
    c8.activations = quant::parse_format_spec("int8:token");
    c2.activations = quant::parse_format_spec("int2");  // channel is read as per token
    c8.quantize_lm_head_input = c2.quantize_lm_head_input = true;
    FakeQuantActivations q8(m.cfg, c8), q2(m.cfg, c2);
    const double e8 = rel_diff(logits_of(m, &q8), fp), e2 = rel_diff(logits_of(m, &q2), fp);
    EXPECT_GT(e8, 0.0);
    EXPECT_LT(e8, 2e-2);
    EXPECT_GT(e2, 0.1);
}

TEST(ActQuant, PerTensorActivationsAreRejected) {
    const ModelConfig c = testing::tiny_config(Arch::Llama);
    ActQuantConfig cfg;
    cfg.activations = quant::parse_format_spec("int8:tensor");
    EXPECT_THROW(FakeQuantActivations(c, cfg), Error);
    cfg.activations.reset();
    cfg.kv = quant::parse_format_spec("mxfp4");  // head_dim 12 is not a multiple of 32
    EXPECT_THROW(FakeQuantActivations(c, cfg), Error);
}

TEST(ActQuant, KvInt4PerHeadChangesLogitsButStaysFinite) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Qwen3), 13);
    const MatrixRM fp = logits_of(m, nullptr);
    ActQuantConfig cfg;
    cfg.kv = quant::parse_format_spec("int4");
    FakeQuantActivations fq(m.cfg, cfg);
    const MatrixRM q = logits_of(m, &fq);
    EXPECT_TRUE(q.allFinite());
    EXPECT_GT(rel_diff(q, fp), 1e-4);
    EXPECT_LT(rel_diff(q, fp), 1.0);
}

// One scale per token (activations) and per token and head (KV): a token's quantized values do
// not depend on which other tokens share its forward call, so decoding equals prefill.
TEST(ActQuant, CachedDecodingEqualsPrefillWithTransform) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 14);
    ActQuantConfig cfg;
    cfg.activations = quant::parse_format_spec("int8:token");
    cfg.kv = quant::parse_format_spec("int8");
    FakeQuantActivations fq(m.cfg, cfg);
    const MatrixRM pre = logits_of(m, &fq);
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    fwd.set_activation_transform(&fq);
    KvCache cache(m.cfg, 64);
    MatrixRM h, lg;
    for (size_t t = 0; t < kIds.size(); ++t) {
        fwd.hidden(std::span<const int32_t>(&kIds[t], 1), &cache, h);
        fwd.logits(h, lg);
        const MatrixRM want = pre.row(static_cast<int64_t>(t));
        EXPECT_LT(rel_diff(lg, want), 1e-5) << "token " << t;
    }
    // The transform is active: the result differs from the float run.
    EXPECT_GT(rel_diff(pre, logits_of(m, nullptr)), 1e-6);
}

}  // namespace
}  // namespace rs

namespace rs {
namespace {

ModelConfig nvfp4_config() {
    ModelConfig c = testing::tiny_config(Arch::Llama);
    c.d_model = 64;
    c.head_dim = 16;
    c.d_ff = 128;
    return c;
}

// Records every linear input the quantizer is handed, before and after.
struct Tap : ActivationTransform {
    explicit Tap(ActivationTransform& inner) : inner(inner) {}
    void linear_input(int layer, LinearInput site, MatrixRM& x) override {
        seen.push_back({layer, site, x, {}});
        inner.linear_input(layer, site, x);
        seen.back().after = x;
    }
    struct Input {
        int layer;
        LinearInput site;
        MatrixRM before, after;
    };
    ActivationTransform& inner;
    std::vector<Input> seen;
};

TEST(ActQuantStatic, RangesAreTheMaxOverEveryCallPerLayerAndInput) {
    ActivationRanges r(2);
    MatrixRM a(2, 3), b(1, 3);
    a << 1, -5, 2, 0, 3, -1;
    b << 4, -0.5f, 7;
    r.observe(1, LinearInput::Down, a);
    r.observe(1, LinearInput::Down, b);
    r.observe(-1, LinearInput::LmHead, a);
    EXPECT_EQ(r.at(1, LinearInput::Down), 7.0f);
    EXPECT_EQ(r.at(0, LinearInput::Down), 0.0f);
    EXPECT_EQ(r.at(-1, LinearInput::LmHead), 5.0f);
    EXPECT_THROW(r.at(2, LinearInput::QKV), Error);
    EXPECT_THROW(r.at(0, LinearInput::LmHead), Error);
}

TEST(ActQuantStatic, EachInputIsQuantizedWithItsCalibratedTensorScale) {
    const Model m = testing::random_model(nvfp4_config(), 21);
    ActivationRangeRecorder recorder(m.cfg.n_layers);
    logits_of(m, &recorder);
    ActivationRanges ranges = recorder.ranges();
    for (const auto& l : ranges.layers)
        for (const float v : l) EXPECT_GT(v, 0.0f);
    ActQuantConfig static_cfg;
    static_cfg.activations = quant::parse_format_spec("nvfp4:static");
    FakeQuantActivations calibrated(m.cfg, static_cfg, &ranges);
    const MatrixRM full = logits_of(m, &calibrated);

    // Halved ranges: every block whose amax lies above half the calibrated one saturates.
    for (auto& l : ranges.layers)
        for (float& v : l) v *= 0.5f;
    FakeQuantActivations halved(m.cfg, static_cfg, &ranges);
    Tap tap(halved);
    EXPECT_NE(logits_of(m, &tap), full);
    ASSERT_EQ(tap.seen.size(), static_cast<size_t>(4 * m.cfg.n_layers + 1));
    EXPECT_EQ(tap.seen.back().after, tap.seen.back().before);  // the LM head's input stays float
    tap.seen.pop_back();
    for (const Tap::Input& in : tap.seen) {
        const float amax = ranges.at(in.layer, in.site);
        const auto want = quant::fake_quant(in.before.data(), in.before.rows(), in.before.cols(), *static_cfg.activations, false, amax);
        ASSERT_EQ(std::vector<float>(in.after.data(), in.after.data() + in.after.size()), want.dequant)
            << "layer " << in.layer << " " << input_traits(in.site).name;
        EXPECT_EQ(want.tensor_scale, amax / (6.0f * 448.0f));
        // The dynamic format takes its scale from the input itself: a different function here.
        const auto dynamic = quant::fake_quant(in.before.data(), in.before.rows(), in.before.cols(), quant::parse_format_spec("nvfp4"));
        EXPECT_NE(dynamic.dequant, want.dequant) << "layer " << in.layer << " " << input_traits(in.site).name;
    }

    // Without ranges the static format cannot run (a recipe check may still build it).
    FakeQuantActivations uncalibrated(m.cfg, static_cfg);
    EXPECT_THROW(logits_of(m, &uncalibrated), Error);
}

}  // namespace
}  // namespace rs
