// Weight + activation fake quantization (W4A4) on the bundled default model (SmolLM2-135M):
// prints the perplexity table (format x rotation) and asserts only what must hold whatever the
// numbers: every perplexity finite and 8-bit activations nearly lossless where the down_proj
// input's outliers are rotated (R1 damps them) or left float. Rotations are the fused R1 + R2
// only; the online R3/R4 are not applied, so down_proj inputs (and Q/K) stay unrotated.
// Protocol: the papers' "full" perplexity, 2 non-overlapping windows of 512 WikiText-2 tokens.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "calib/corpus.h"
#include "eval/perplexity.h"
#include "model/loader.h"
#include "quant/act_quant.h"
#include "quant/format.h"
#include "quant/rtn.h"
#include "rotate/fuse.h"
#include "tokenizer/tokenizer.h"

namespace rs {
namespace {

constexpr int kCtx = 512;
constexpr int kWindows = 2;

double ppl_of(const Model& m, const std::vector<int32_t>& ids, ActivationTransform* t) {
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    fwd.set_activation_transform(t);
    PplOptions opt;
    opt.ctx = kCtx;
    opt.max_windows = kWindows;
    opt.protocol = PplProtocol::Full;
    const PplResult r = perplexity(fwd, ids, opt);
    EXPECT_EQ(r.windows, kWindows);
    return r.ppl;
}

// Leaves the down_proj input in float.
struct SkipDown : ActivationTransform {
    explicit SkipDown(ActivationTransform& inner) : inner_(inner) {}
    void linear_input(int layer, LinearInput site, MatrixRM& x) override {
        if (site != LinearInput::Down) inner_.linear_input(layer, site, x);
    }
    ActivationTransform& inner_;
};

TEST(W4A4DefaultModel, PerplexityTable) {
    if (!std::filesystem::exists(default_model_path()))
        GTEST_SKIP() << default_model_path() << " is missing: run scripts/fetch-model.sh";
    const auto t0 = std::chrono::steady_clock::now();
    const Model m = load_model("default");
    // The first ~30k characters hold well over 2 windows of tokens; tokenizing all of it is slow.
    auto ids = make_tokenizer(m.tokenizer)->encode(load_corpus("wikitext2").text.substr(0, 30000), true, false);
    ASSERT_GE(ids.size(), static_cast<size_t>(kCtx * kWindows));
    ids.resize(static_cast<size_t>(kCtx * kWindows));

    const double fp = ppl_of(m, ids, nullptr);
    ASSERT_TRUE(std::isfinite(fp));
    const Model fused = fuse_rotations(m, {parse_rotation("rhadamard:seed=0"), true, parse_rotation("hadamard"), true});

    struct Variant {
        const char* name;
        const Model* model;
    };
    const Variant variants[] = {{"none", &m}, {"R1 rhadamard:seed=0 + R2 hadamard", &fused}};
    struct Config {
        const char* label;
        const char* w;
        const char* a;
        bool float_down_input = false;
    };
    // The first two rows locate the A8 loss: the down_proj input, which only R4 would rotate.
    const Config configs[] = {{"W16A8", "", "int8:token"},
                              {"W16A8", "", "int8:token", true},
                              {"W8A8", "int8", "int8:token"},
                              {"W4A4", "int4", "int4:token"},
                              {"W4A4", "mxfp4", "mxfp4"},
                              {"W4A4", "nvfp4", "nvfp4"}};
    struct Row {
        std::string label, w, a, rotation;
        double ppl;
    };
    std::vector<Row> rows;
    for (const Config& c : configs)
        for (const Variant& v : variants) {
            const Model q = *c.w ? quantize_weights_rtn(*v.model, quant::parse_format_spec(c.w)) : *v.model;
            ActQuantConfig ac;
            if (*c.a) ac.activations = quant::parse_format_spec(c.a);
            FakeQuantActivations fq(m.cfg, ac);
            SkipDown skip(fq);
            const double p = ppl_of(q, ids, c.float_down_input ? static_cast<ActivationTransform*>(&skip) : &fq);
            rows.push_back({c.label, c.w, std::string(c.a) + (c.float_down_input ? " (down_proj input float)" : ""), v.name, p});
            EXPECT_TRUE(std::isfinite(p)) << c.w << "/" << c.a << ", " << v.name;
            // Per-token INT8 is nearly lossless except at SmolLM2's down_proj input, whose massive
            // outliers (unrotated without R4) cost ~4 % unrotated; so the 3 % bound is asserted where
            // those outliers are either float or damped by R1.
            const bool rotated = v.model == &fused;
            if ((std::string(c.label) == "W8A8" && rotated) || c.float_down_input)
                EXPECT_LT(std::abs(p - fp) / fp, 0.03) << c.label << " " << c.a << ", " << v.name;
        }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    std::printf("\nSmolLM2-135M (Q4_1 GGUF, dequantized), RTN weights + fake-quantized activations\n");
    std::printf("perplexity: wikitext2, %d windows x %d tokens, full protocol\n", kWindows, kCtx);
    std::printf("W: RTN per output channel (block formats along the input); A: per token (blocks along the row);\n");
    std::printf("LM head, its input and embeddings stay float; KV cache float.\n");
    std::printf("Only the fused R1/R2 are applied: R3/R4 (online rotations of Q/K and of the down_proj input)\n");
    std::printf("are NOT, so down_proj inputs stay unrotated.\n");
    std::printf("FP %.4f\n\n", fp);
    std::printf("%-6s %-6s %-35s %-34s %12s %10s\n", "", "W", "A", "rotation", "PPL", "vs FP");
    for (const Row& r : rows)
        std::printf("%-6s %-6s %-35s %-34s %12.4f %+9.2f%%\n", r.label.c_str(), r.w.c_str(), r.a.c_str(),
                    r.rotation.c_str(), r.ppl, 100.0 * (r.ppl / fp - 1.0));
    std::printf("(%.0f s)\n", secs);
}

}  // namespace
}  // namespace rs
