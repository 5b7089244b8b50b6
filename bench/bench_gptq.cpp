// The GPTQ solve at Llama-3-8B's linear shapes (out x in: 4096 x 4096 q/o_proj, 14336 x 4096
// gate/up_proj, 4096 x 14336 down_proj) in GFLOP/s, beside Eigen's float GEMM on the same machine.
// The solve's flop count is that of its matrix products: the lazy block updates, about
// rows * in^2 multiply-adds (2 * rows * in^2 flops), plus the factorization (in^3 / 3 for the
// Cholesky, in^3 / 3 for the triangular inverse; double precision). The Hessian is random positive
// semi-definite (X^T X of 1024 Gaussian inputs, made definite by the dampening); INT4, groups of 128.
//   build/bench/rotoscope_bench --benchmark_filter=Gptq
#include <benchmark/benchmark.h>

#include <random>

#include "calib/hessian.h"
#include "quant/format.h"
#include "quant/gptq.h"

namespace {

rs::MatrixRM gaussian(int64_t rows, int64_t cols, uint32_t seed) {
    std::mt19937 gen(seed);
    std::normal_distribution<float> n01;
    rs::MatrixRM m(rows, cols);
    for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = n01(gen);
    return m;
}

void BM_GptqSolve(benchmark::State& state) {
    const int64_t rows = state.range(0), cols = state.range(1);
    const rs::MatrixRM w = gaussian(rows, cols, 1) * 0.02f;
    rs::HessianAccumulator acc(cols);
    acc.add(gaussian(1024, cols, 2));  // rank 1024: the dampening makes it definite; the cost does not depend on it
    const rs::MatrixD h = acc.hessian();
    const rs::quant::FormatSpec spec = rs::quant::parse_format_spec("int4:g128");
    for (auto _ : state) {
        const rs::GptqResult r = rs::gptq_quantize(w, h, spec, rs::GptqOptions{}, "bench");
        benchmark::DoNotOptimize(r.q.data());
    }
    const double k = static_cast<double>(cols);
    const double flops = 2.0 * static_cast<double>(rows) * k * k + 2.0 * k * k * k / 3.0;
    state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// Float GEMM of the same size as the solve's block updates: [rows, in] x [in, in].
void BM_EigenGemm(benchmark::State& state) {
    const int64_t rows = state.range(0), cols = state.range(1);
    const rs::MatrixRM a = gaussian(rows, cols, 3), b = gaussian(cols, cols, 4);
    rs::MatrixRM c(rows, cols);
    for (auto _ : state) {
        c.noalias() = a * b;
        benchmark::DoNotOptimize(c.data());
    }
    const double flops = 2.0 * static_cast<double>(rows) * static_cast<double>(cols) * static_cast<double>(cols);
    state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK(BM_GptqSolve)->Args({4096, 4096})->Args({14336, 4096})->Args({4096, 14336})->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_EigenGemm)->Args({4096, 4096})->Args({14336, 4096})->Args({4096, 14336})->Unit(benchmark::kSecond)->Iterations(1);
