// Speed and memory of the CPU forward pass on the default model (SmolLM2-135M-Instruct Q4_1).
//   BM_PerplexityWindow/<ctx>: one perplexity window (prefill + LM head + NLL), reported as
//     tokens/s: comparable with llama-bench's prompt processing (pp<ctx>) on the same GGUF.
//   BM_DecodeToken: one KV-cached decoding step after a 128-token prompt.
// Peak resident memory (VmHWM) is reported as a counter on every benchmark.
// With ROTOSCOPE_LLAMA_BENCH=/path/to/llama-bench set, llama.cpp's prompt processing on the same
// GGUF (pp512, same thread count) is measured afterwards and printed next to ours.
#include <benchmark/benchmark.h>

#include <omp.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "eval/perplexity.h"
#include "model/loader.h"
#include "runtime/generate.h"

namespace {

double peak_rss_mib() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

struct Fixture {
    rs::Model model = rs::load_model("default");
    std::unique_ptr<rs::Backend> backend = rs::make_cpu_backend();
    rs::Forward fwd{model, *backend};
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

std::vector<int32_t> synthetic_tokens(int n, int n_vocab) {
    std::vector<int32_t> t(n);
    uint32_t x = 12345;  // fixed LCG: the speed does not depend on which ids are used
    for (int i = 0; i < n; ++i) t[i] = static_cast<int32_t>((x = x * 1664525u + 1013904223u) % static_cast<uint32_t>(n_vocab));
    return t;
}

void BM_PerplexityWindow(benchmark::State& state) {
    Fixture& f = fixture();
    const int ctx = static_cast<int>(state.range(0));
    const auto tokens = synthetic_tokens(ctx, f.model.cfg.n_vocab);
    rs::PplOptions opt;
    opt.ctx = ctx;
    for (auto _ : state) benchmark::DoNotOptimize(rs::perplexity(f.fwd, tokens, opt).mean_nll);
    state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(ctx), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["peak_rss_MiB"] = peak_rss_mib();
}
BENCHMARK(BM_PerplexityWindow)->Arg(512)->Arg(2048)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(5.0);

void BM_DecodeToken(benchmark::State& state) {
    Fixture& f = fixture();
    const auto prompt = synthetic_tokens(128, f.model.cfg.n_vocab);
    rs::KvCache cache(f.model.cfg, 128 + 4096);
    rs::MatrixRM hidden, logits;
    f.fwd.hidden(prompt, &cache, hidden);
    const int32_t tok[1] = {prompt[0]};
    for (auto _ : state) {
        if (cache.size() + 1 >= cache.capacity()) {
            state.PauseTiming();
            cache.clear();
            f.fwd.hidden(prompt, &cache, hidden);
            state.ResumeTiming();
        }
        f.fwd.hidden(tok, &cache, hidden);
        f.fwd.logits(hidden, logits);
    }
    state.counters["tokens/s"] = benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["peak_rss_MiB"] = peak_rss_mib();
}
BENCHMARK(BM_DecodeToken)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

// Runs llama-bench -o json and returns its pp512 tokens/s (0 when it cannot be measured).
double llama_cpp_pp512(const std::string& llama_bench) {
    const std::string cmd = "'" + llama_bench + "' -m '" + rs::default_model_path() + "' -t " +
                            std::to_string(omp_get_max_threads()) + " -p 512 -n 0 -r 3 -o json 2>/dev/null";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return 0;
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    pclose(pipe);
    const auto j = nlohmann::json::parse(out, nullptr, false);
    if (!j.is_array() || j.empty() || !j[0].contains("avg_ts")) return 0;
    return j[0]["avg_ts"].get<double>();
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    if (const char* lb = std::getenv("ROTOSCOPE_LLAMA_BENCH"); lb && *lb) {
        const double pp = llama_cpp_pp512(lb);
        if (pp > 0) std::printf("llama.cpp llama-bench pp512 on the same GGUF, %d threads: %.1f tokens/s\n", omp_get_max_threads(), pp);
        else std::printf("llama.cpp: could not run %s\n", lb);
    }
    return 0;
}
