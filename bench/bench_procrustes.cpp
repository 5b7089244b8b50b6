// One round of the refined rotation's alternating Procrustes (rotate, quantize, accumulate
// Aᵀ·diag(w²)·Q, SVD, rotate again) on 8192 calibration tokens, at the default model's width
// (576) and Llama-3-8B's (4096), dense and with 32×32 blocks. A fit of N rounds costs about N
// times one round; the per-round time is what the "100 rounds at d_model = 4096" scales.
//   build/bench/rotoscope_bench --benchmark_filter=Procrustes
#include <benchmark/benchmark.h>

#include <random>

#include "fit/procrustes.h"
#include "quant/format.h"
#include "rotate/rotation.h"

namespace {

void BM_ProcrustesRound(benchmark::State& state) {
    const int64_t d = state.range(0), n = 8192;
    const int block = static_cast<int>(state.range(1));
    std::mt19937 gen(1);
    std::normal_distribution<float> n01;
    rs::MatrixRM a(n, d);
    for (int64_t i = 0; i < a.size(); ++i) a.data()[i] = n01(gen);
    for (int64_t c = 0; c < d; c += 97) a.col(c) *= 20.0f;
    const rs::MatrixD start =
        rs::rotation_matrix(rs::parse_rotation(block ? "block" + std::to_string(block) : std::string("rhadamard")), d);
    const rs::quant::FormatSpec spec = rs::quant::parse_format_spec("mxfp4");
    const rs::ProcrustesData data{&a, {}, 2048};
    for (auto _ : state) {
        const rs::ProcrustesFit fit = rs::refine_rotation(data, start, spec, {.rounds = 1, .block = block});
        benchmark::DoNotOptimize(fit.rotation.data());
    }
}
BENCHMARK(BM_ProcrustesRound)->Args({576, 0})->Args({4096, 0})->Args({4096, 32})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
