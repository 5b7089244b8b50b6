// Perplexity-evaluation speed of the device-resident forward pass (Backend::window_scorer) on a
// Llama-3-8B-shaped model with random weights (32 layers, d_model 4096, 32 query / 8 KV heads of
// 128, d_ff 14336, vocabulary 128,256), ctx 2048: tokens per second in bf16 (the target:
// at least 40,000 on an H100; transformers with SDPA: 31,100) and in fp32, the upload time and
// the device memory the pass holds. Weights are random (speed does not depend on their values);
// one layer is generated and copied to every layer to keep the setup short. Then the time of
// GPTQ's Hessian sums on the device (Backend::gram) for 128 x 2048 calibration tokens at the
// widths of an 8B layer's inputs.
//
//   rotoscope_device_pass_bench [LAYERS] [WINDOWS]     (defaults 32 and 6)
#include <cuda_runtime.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "core/error.h"

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) { return std::chrono::duration<double>(clock_type::now() - t0).count(); }

// Cheap deterministic values in [-scale, scale): a 64-bit LCG, parallel over chunks.
void fill(float* p, int64_t n, float scale, uint64_t seed) {
#pragma omp parallel for schedule(static)
    for (int64_t c = 0; c < (n + 65535) / 65536; ++c) {
        uint64_t s = seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(c) * 0xD1B54A32D192ED03ull + 1;
        const int64_t end = std::min(n, (c + 1) * 65536);
        for (int64_t i = c * 65536; i < end; ++i) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            p[i] = (static_cast<float>(s >> 40) / static_cast<float>(1 << 24) * 2.0f - 1.0f) * scale;
        }
    }
}

rs::MatrixRM random_matrix(int64_t rows, int64_t cols, float scale, uint64_t seed) {
    rs::MatrixRM m(rows, cols);
    fill(m.data(), m.size(), scale, seed);
    return m;
}

rs::Model llama3_8b_shaped(int layers) {
    rs::Model m;
    rs::ModelConfig& c = m.cfg;
    c.arch = rs::Arch::Llama;
    c.n_vocab = 128256;
    c.d_model = 4096;
    c.n_layers = layers;
    c.n_heads = 32;
    c.n_kv_heads = 8;
    c.head_dim = 128;
    c.d_ff = 14336;
    c.max_context = 8192;
    c.rope_theta = 500000.0f;
    const float s = 1.0f / 64.0f;
    m.tok_embd = random_matrix(c.n_vocab, c.d_model, 1.0f, 1);
    rs::Layer L;
    L.attn_norm = rs::VectorF::Ones(c.d_model);
    L.ffn_norm = rs::VectorF::Ones(c.d_model);
    L.q.w = random_matrix(4096, 4096, s, 2);
    L.k.w = random_matrix(1024, 4096, s, 3);
    L.v.w = random_matrix(1024, 4096, s, 4);
    L.o.w = random_matrix(4096, 4096, s, 5);
    L.gate.w = random_matrix(14336, 4096, s, 6);
    L.up.w = random_matrix(14336, 4096, s, 7);
    L.down.w = random_matrix(4096, 14336, 1.0f / 120.0f, 8);
    m.layers.assign(static_cast<size_t>(layers), L);
    m.out_norm = rs::VectorF::Ones(c.d_model);
    m.lm_head.w = random_matrix(c.n_vocab, c.d_model, s, 9);
    return m;
}

double used_gib() {
    size_t free = 0, total = 0;
    cudaMemGetInfo(&free, &total);
    return static_cast<double>(total - free) / (1024.0 * 1024.0 * 1024.0);
}

}  // namespace

int main(int argc, char** argv) try {
    const int layers = argc > 1 ? std::atoi(argv[1]) : 32;
    const int windows = argc > 2 ? std::atoi(argv[2]) : 6;
    constexpr int kCtx = 2048;
    const auto backend = rs::make_cuda_backend();
    auto t0 = clock_type::now();
    const rs::Model model = llama3_8b_shaped(layers);
    std::printf("model: Llama-3-8B shape, %d layers, random weights, built in %.1f s\n", layers, seconds_since(t0));
    std::vector<int32_t> tokens(kCtx);
    uint64_t s = 11;
    for (int32_t& t : tokens) t = static_cast<int32_t>((s = s * 6364136223846793005ull + 1) >> 33) % model.cfg.n_vocab;
    const double base = used_gib();
    for (const rs::WeightPrecision p : {rs::WeightPrecision::BF16, rs::WeightPrecision::F32}) {
        t0 = clock_type::now();
        std::unique_ptr<rs::WindowScorer> scorer;
        try {
            scorer = backend->window_scorer(model, p);
        } catch (const rs::Error& e) {
            std::printf("%s: %s\n", rs::weight_precision_name(p), e.what());
            continue;
        }
        if (!scorer) {
            std::printf("%s: no device pass for this model\n", rs::weight_precision_name(p));
            continue;
        }
        const double upload = seconds_since(t0);
        std::vector<double> nll;
        scorer->score(tokens, 0, nll);  // warm-up: allocations, cuBLAS heuristics
        t0 = clock_type::now();
        for (int w = 0; w < windows; ++w) scorer->score(tokens, 0, nll);
        const double secs = seconds_since(t0);
        const double tps = windows * static_cast<double>(kCtx) / secs;
        std::printf("device pass %s ctx %d: %.0f tokens/s (%d windows in %.2f s; upload %.1f s; %.1f GiB on the device)%s\n",
                    rs::weight_precision_name(p), kCtx, tps, windows, secs, upload, used_gib() - base,
                    p == rs::WeightPrecision::BF16 && layers == 32 ? "  target >= 40000 (transformers+SDPA: 31100 on an H100)" : "");
        double mean = 0;
        for (const double v : nll) mean += v;
        std::printf("  mean NLL of the random model: %.4f (finite: %s)\n", mean / static_cast<double>(nll.size()),
                    std::isfinite(mean) ? "yes" : "NO");
    }
    // GPTQ's Hessian sums on the device: 128 calibration windows of 2048 tokens at each input
    // width of an 8B layer (one window's rows reused: the time does not depend on the values).
    for (const int64_t width : {int64_t{4096}, int64_t{14336}}) {
        const rs::MatrixRM x = random_matrix(kCtx, width, 1.0f, 21);
        const std::unique_ptr<rs::GramAccumulator> gram = backend->gram(width);
        gram->add(x);  // warm-up
        t0 = clock_type::now();
        for (int w = 0; w < 128; ++w) gram->add(x);
        const rs::MatrixD h = gram->take_lower();
        const double secs = seconds_since(t0);
        std::printf("gram (Hessian sum) width %lld, 128 x %d tokens: %.2f s (%.1f TFLOP/s fp32 incl. uploads), h(0,0) = %.3g\n",
                    static_cast<long long>(width), kCtx, secs,
                    128.0 * kCtx * static_cast<double>(width) * static_cast<double>(width) / secs / 1e12, h(0, 0));
    }
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "rotoscope_device_pass_bench: %s\n", e.what());
    return 1;
}
