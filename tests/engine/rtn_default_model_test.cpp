// Weight-only RTN on the bundled default model (SmolLM2-135M), with and without QuaRot's fused
// R1 + R2: prints the perplexity table (format x rotation) and asserts only what must hold
// whatever the numbers: quantization cannot make a model meaningfully better than its float
// self, INT8 is nearly lossless, and the fused float model is the same function.
// Protocol: the papers' "full" perplexity, non-overlapping windows of 512 tokens, the first 4 of
// WikiText-2 test (The Devil's Dictionary when WikiText-2 is absent).
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
#include "quant/format.h"
#include "quant/rtn.h"
#include "rotate/fuse.h"
#include "tokenizer/tokenizer.h"

namespace rs {
namespace {

constexpr int kCtx = 512;
constexpr int kWindows = 4;  // 8 takes ~6 min on 2 busy cores

double ppl_of(const Model& m, const std::vector<int32_t>& ids) {
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    PplOptions opt;
    opt.ctx = kCtx;
    opt.max_windows = kWindows;
    opt.protocol = PplProtocol::Full;
    const PplResult r = perplexity(fwd, ids, opt);
    EXPECT_EQ(r.windows, kWindows);
    return r.ppl;
}

TEST(RtnDefaultModel, PerplexityTable) {
    // The test suite fetches the default model (scripts/test.sh); its absence is a failure.
    ASSERT_TRUE(std::filesystem::exists(default_model_path()))
        << default_model_path() << " is missing: run scripts/fetch-model.sh";
    const auto t0 = std::chrono::steady_clock::now();
    const Model m = load_model("default");
    const std::string corpus = default_corpus_name();
    // The first ~60k characters hold well over 8 windows of tokens; tokenizing all of it is slow.
    auto ids = make_tokenizer(m.tokenizer)->encode(load_corpus(corpus).text.substr(0, 60000), true, false);
    ASSERT_GE(ids.size(), static_cast<size_t>(kCtx * kWindows)) << corpus << " is too short";
    ids.resize(static_cast<size_t>(kCtx * kWindows));

    const double fp = ppl_of(m, ids);
    const Model fused = fuse_rotations(m, {parse_rotation("rhadamard:seed=0"), true, parse_rotation("hadamard"), true});
    const double fp_fused = ppl_of(fused, ids);
    EXPECT_LT(std::abs(fp_fused - fp) / fp, 1e-4) << "fused " << fp_fused << " vs " << fp;
    // Folding the RMSNorm weights into the readers' columns is part of every fused model, and it
    // changes what RTN sees on its own (column scales); this row separates it from the rotations.
    const Model folded = fuse_rotations(m, {});

    struct Variant {
        const char* name;
        const Model* model;
    };
    const Variant variants[] = {{"none", &m}, {"norms folded only", &folded}, {"R1 rhadamard:seed=0 + R2 hadamard", &fused}};

    // int4:g128 does not fit SmolLM2: d_model 576 = 4.5 x 128, so q/k/v/gate/up rows cannot be
    // grouped by 128; g64 (576 = 9 x 64) is the nearest group size that does.
    const char* formats[] = {"int4", "int4:g64", "mxfp4", "nvfp4", "int8"};
    struct Row {
        std::string format, rotation;
        double ppl, weight_err;
    };
    std::vector<Row> rows;
    for (const char* f : formats) {
        const quant::FormatSpec spec = quant::parse_format_spec(f);
        for (const Variant& v : variants) {
            WeightQuantReport rep;
            const Model q = quantize_weights_rtn(*v.model, spec, false, {}, &rep);
            const double p = ppl_of(q, ids);
            rows.push_back({f, v.name, p, rep.mean_rel_error()});
            EXPECT_TRUE(std::isfinite(p)) << f << ", " << v.name;
            EXPECT_GE(p, 0.99 * fp) << f << ", " << v.name;
            if (std::string(f) == "int8") EXPECT_LT(std::abs(p - fp) / fp, 0.02) << "int8, " << v.name;
        }
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    std::printf("\nSmolLM2-135M (Q4_1 GGUF, dequantized), W-only RTN (LM head and embeddings float)\n");
    std::printf("perplexity: %s, %d windows x %d tokens, full protocol\n", corpus.c_str(), kWindows, kCtx);
    std::printf("FP %.4f   FP fused R1+R2 %.4f (rel diff %.2g)\n\n", fp, fp_fused, std::abs(fp_fused - fp) / fp);
    std::printf("%-10s %-34s %10s %9s %16s\n", "format", "rotation", "PPL", "vs FP", "mean rel W err");
    for (const Row& r : rows)
        std::printf("%-10s %-34s %10.4f %+8.2f%% %16.4f\n", r.format.c_str(), r.rotation.c_str(), r.ppl,
                    100.0 * (r.ppl / fp - 1.0), r.weight_err);
    std::printf("(%.0f s)\n", secs);
}

}  // namespace
}  // namespace rs
