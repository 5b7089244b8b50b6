// The cost of learning rotations on the default model (SmolLM2-135M, 512-token windows, A int4
// per token, KV int4, R3/R4 Hadamard): the differentiable rotated forward alone, forward plus
// backward (the gradient with respect to R1 and the 30 R2), and the Cayley update of R1 and every
// R2. One learning step is forward + backward + update; BM_PerplexityWindow/512 (bench_forward.cpp)
// is the engine's own forward of the same window.
//   build/bench/rotoscope_bench --benchmark_filter='RotatedLoss|CayleyUpdate'
#include <benchmark/benchmark.h>

#include <numeric>

#include "fit/cayley.h"
#include "model/loader.h"
#include "quant/act_quant.h"
#include "rotate/fuse.h"
#include "rotate/rotation.h"

namespace {

struct Learner {
    rs::Model model;
    rs::FakeQuantActivations quant;
    rs::RotatedLoss<float> loss;
    rs::RotationParams<float> rot;
    std::vector<int32_t> window;

    static rs::Model fused() {
        rs::FusePlan plan;
        plan.r3 = rs::parse_rotation("hadamard");
        plan.r3_on = true;
        plan.r4 = rs::parse_rotation("hadamard");
        plan.r4_on = true;
        return rs::fuse_rotations(rs::load_model("default"), plan);
    }
    static rs::ActQuantConfig a4kv4() {
        rs::ActQuantConfig q;
        q.activations = rs::quant::parse_format_spec("int4:token");
        q.kv = rs::quant::parse_format_spec("int4");
        return q;
    }
    Learner() : model(fused()), quant(model.cfg, a4kv4()), loss(model, &quant) {
        rot.r1 = rs::rotation_matrix(rs::parse_rotation("rhadamard"), model.cfg.d_model).cast<float>();
        rot.r2.assign(model.cfg.n_layers, rs::grad::Mat<float>::Identity(model.cfg.head_dim, model.cfg.head_dim));
        window.resize(512);
        uint32_t x = 12345;
        for (int32_t& t : window) t = static_cast<int32_t>((x = x * 1664525u + 1013904223u) % 49152u);
    }
};

Learner& learner() {
    static Learner l;
    return l;
}

void BM_RotatedLossForward(benchmark::State& state) {
    Learner& l = learner();
    for (auto _ : state) benchmark::DoNotOptimize(l.loss.loss(l.rot, l.window, nullptr));
}
BENCHMARK(BM_RotatedLossForward)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(20.0);

void BM_RotatedLossForwardBackward(benchmark::State& state) {
    Learner& l = learner();
    rs::RotationParams<float> g;
    for (auto _ : state) benchmark::DoNotOptimize(l.loss.loss(l.rot, l.window, &g));
}
BENCHMARK(BM_RotatedLossForwardBackward)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(20.0);

void BM_CayleyUpdate(benchmark::State& state) {
    const int d = 576, hd = 64, layers = 30;
    rs::MatrixD r1 = rs::rotation_matrix(rs::parse_rotation("rhadamard"), d);
    const rs::MatrixD g1 = rs::MatrixD::Random(d, d);
    std::vector<rs::MatrixD> r2(layers, rs::MatrixD::Identity(hd, hd));
    const rs::MatrixD g2 = rs::MatrixD::Random(hd, hd);
    for (auto _ : state) {
        rs::cayley_step(r1, g1, 1e-3, {d, 1});
        for (rs::MatrixD& r : r2) rs::cayley_step(r, g2, 1e-3, {hd, 1});
        benchmark::DoNotOptimize(r1.data());
    }
}
BENCHMARK(BM_CayleyUpdate)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
