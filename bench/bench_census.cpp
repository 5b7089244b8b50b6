// Cost of the activation census on the default model: one 512-token window through the forward
// pass alone (BM_CensusForwardOnly) and with every census statistic gathered (BM_CensusWindow).
// The difference is the census's own cost; `rotoscope-cli analyze default` does 32 such windows.
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>

#include "calib/census.h"
#include "model/loader.h"

namespace {

struct CensusFixture {
    rs::Model model = rs::load_model("default");
    std::unique_ptr<rs::Backend> backend = rs::make_cpu_backend();
    rs::Forward fwd{model, *backend};
    rs::CalibrationSet calib;
    CensusFixture() {
        calib.ctx = 512;
        rs::CalibrationWindow w;
        uint32_t x = 777;  // fixed LCG ids: the cost does not depend on the text
        for (int i = 0; i < calib.ctx; ++i) {
            w.tokens.push_back(static_cast<int32_t>((x = x * 1664525u + 1013904223u) % static_cast<uint32_t>(model.cfg.n_vocab)));
            w.texts.push_back("t");
        }
        calib.windows.push_back(std::move(w));
    }
};

CensusFixture& census_fixture() {
    static CensusFixture f;
    return f;
}

void BM_CensusForwardOnly(benchmark::State& state) {
    CensusFixture& f = census_fixture();
    rs::MatrixRM out;
    for (auto _ : state) {
        f.fwd.hidden(f.calib.windows[0].tokens, nullptr, out);
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["tokens/s"] = benchmark::Counter(512.0, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_CensusWindow(benchmark::State& state) {
    CensusFixture& f = census_fixture();
    rs::CensusConfig cfg;
    cfg.windows = 1;
    cfg.ctx = 512;
    for (auto _ : state) benchmark::DoNotOptimize(rs::run_census(f.fwd, f.calib, cfg).sites.size());
    state.counters["tokens/s"] = benchmark::Counter(512.0, benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK(BM_CensusForwardOnly)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CensusWindow)->Unit(benchmark::kMillisecond)->UseRealTime();
