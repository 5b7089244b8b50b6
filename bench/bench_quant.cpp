// Costs of the fake-quantized evaluation (issue 4) on the default model's shapes: the activation
// quantizers on one 2048-token down_proj input, the online Hadamard transforms (R4 at d_ff, the
// FWHT at the sizes of methods.md §12.12) against a memcpy of the same bytes, and one 2048-token
// window through the FP model and through the W4A4 model with R1-R4. The share of quantizers and
// rotations in a whole evaluation is what these numbers are for (see docs/performance.md).
#include <benchmark/benchmark.h>

#include <cstring>
#include <random>

#include "model/loader.h"
#include "quant/act_quant.h"
#include "quant/fake_quant.h"
#include "quant/rtn.h"
#include "rotate/fuse.h"
#include "rotate/hadamard.h"
#include "rotate/online_rotation.h"
#include "rotate/rotation.h"
#include "runtime/forward.h"

namespace {

rs::MatrixRM gaussian(int64_t rows, int64_t cols) {
    std::mt19937 rng(5);
    std::normal_distribution<float> n01;
    rs::MatrixRM m(rows, cols);
    for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = n01(rng);
    return m;
}

// One per-token activation quantization of a [2048, 1536] down_proj input.
void BM_FakeQuantActivations(benchmark::State& state, const char* spec_text) {
    const rs::quant::FormatSpec spec = rs::quant::parse_format_spec(spec_text);
    const rs::MatrixRM x = gaussian(2048, 1536);
    for (auto _ : state) benchmark::DoNotOptimize(rs::quant::fake_quant(x.data(), x.rows(), x.cols(), spec).dequant.data());
    state.SetBytesProcessed(state.iterations() * x.size() * int64_t(sizeof(float)));
}
BENCHMARK_CAPTURE(BM_FakeQuantActivations, int4_token, "int4:token")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_FakeQuantActivations, mxfp4, "mxfp4")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_FakeQuantActivations, nvfp4, "nvfp4")->Unit(benchmark::kMillisecond)->UseRealTime();

// The online R4 on a [2048, 1536] down_proj input (1536 = 12·128).
void BM_OnlineRotation(benchmark::State& state, const char* spec_text) {
    const rs::PreparedRotation r(rs::parse_rotation(spec_text), 1536);
    rs::MatrixRM x = gaussian(2048, 1536);
    for (auto _ : state) {
        r.apply(x);
        benchmark::DoNotOptimize(x.data());
    }
    state.SetBytesProcessed(state.iterations() * x.size() * int64_t(sizeof(float)));
}
BENCHMARK_CAPTURE(BM_OnlineRotation, hadamard, "hadamard")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_OnlineRotation, block32, "block:32")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_OnlineRotation, orthogonal, "orthogonal:seed=0")->Unit(benchmark::kMillisecond)->UseRealTime();

// Hadamard transform of 64 rows of n (methods.md §12.12), against copying the same bytes.
void BM_HadamardRows(benchmark::State& state) {
    rs::MatrixRM x = gaussian(64, state.range(0));
    for (auto _ : state) {
        rs::hadamard_rows(x);
        benchmark::DoNotOptimize(x.data());
    }
    state.SetBytesProcessed(state.iterations() * x.size() * int64_t(sizeof(float)));
}
BENCHMARK(BM_HadamardRows)->Arg(128)->Arg(576)->Arg(1536)->Arg(4096)->Arg(11008)->Arg(14336)->Arg(18944)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_Memcpy(benchmark::State& state) {
    const rs::MatrixRM x = gaussian(64, state.range(0));
    rs::MatrixRM y(64, state.range(0));
    for (auto _ : state) {
        std::memcpy(y.data(), x.data(), size_t(x.size()) * sizeof(float));
        benchmark::DoNotOptimize(y.data());
    }
    state.SetBytesProcessed(state.iterations() * x.size() * int64_t(sizeof(float)));
}
BENCHMARK(BM_Memcpy)->Arg(128)->Arg(4096)->Arg(11008)->Arg(14336)->Arg(18944)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Fusing a whole recipe's rotations (R1, R2, R4 of one kind) into the default model, as every
// quantize run does first. The Hadamard kinds run the fast transform on the weights; only the
// random orthogonal kind multiplies by dense matrices.
void BM_FuseDefaultModel(benchmark::State& state, const char* kind) {
    static const rs::Model fp = rs::load_model("default");
    rs::FusePlan plan;
    plan.r1 = plan.r2 = plan.r4 = rs::parse_rotation(kind);
    plan.r1_on = plan.r2_on = plan.r4_on = true;
    for (auto _ : state) benchmark::DoNotOptimize(rs::fuse_rotations(fp, plan).lm_head.w.data());
}
BENCHMARK_CAPTURE(BM_FuseDefaultModel, hadamard, "hadamard")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_FuseDefaultModel, rhadamard, "rhadamard:seed=0")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_FuseDefaultModel, block32, "block:32")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK_CAPTURE(BM_FuseDefaultModel, orthogonal, "orthogonal:seed=0")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// One 2048-token window, hidden states and all logits: the FP model, then W4A4 (int4 weights per
// channel, int4 per-token activations) with R1 rhadamard and R2-R4 Hadamard.
struct EvalFixture {
    rs::Model fp = rs::load_model("default");
    rs::Model w4;
    std::vector<int32_t> tokens;
    std::unique_ptr<rs::Backend> backend = rs::make_cpu_backend();
    EvalFixture() {
        rs::FusePlan plan;
        plan.r1 = rs::parse_rotation("rhadamard:seed=0");
        plan.r2 = plan.r3 = plan.r4 = rs::parse_rotation("hadamard");
        plan.r1_on = plan.r2_on = plan.r3_on = plan.r4_on = true;
        w4 = rs::quantize_weights_rtn(rs::fuse_rotations(fp, plan), rs::quant::parse_format_spec("int4"));
        uint32_t x = 777;
        for (int i = 0; i < 2048; ++i)
            tokens.push_back(static_cast<int32_t>((x = x * 1664525u + 1013904223u) % uint32_t(fp.cfg.n_vocab)));
    }
};
EvalFixture& eval_fixture() {
    static EvalFixture f;
    return f;
}

void run_window(rs::Forward& fwd, const std::vector<int32_t>& tokens) {
    rs::MatrixRM hidden, logits;
    fwd.hidden(tokens, nullptr, hidden);
    for (int r = 0; r < hidden.rows(); r += 256) fwd.logits(hidden.middleRows(r, 256), logits);
    benchmark::DoNotOptimize(logits.data());
}

void BM_EvalWindowFP(benchmark::State& state) {
    EvalFixture& f = eval_fixture();
    rs::Forward fwd(f.fp, *f.backend);
    for (auto _ : state) run_window(fwd, f.tokens);
    state.counters["tokens/s"] = benchmark::Counter(2048.0, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_EvalWindowFP)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

void BM_EvalWindowW4A4(benchmark::State& state) {
    EvalFixture& f = eval_fixture();
    rs::ActQuantConfig aq;
    aq.activations = rs::quant::parse_format_spec("int4:token");
    rs::FakeQuantActivations act(f.w4.cfg, aq);
    rs::Forward fwd(f.w4, *f.backend);
    fwd.set_activation_transform(&act);
    for (auto _ : state) run_window(fwd, f.tokens);
    state.counters["tokens/s"] = benchmark::Counter(2048.0, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_EvalWindowW4A4)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

}  // namespace
