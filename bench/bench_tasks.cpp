// Task accuracy speed on the default model: questions per second of a 4-choice letter task
// (MMLU-style, 5-shot: one forward pass over each prompt serves all four choices) and of a
// sentence-completion task (HellaSwag-style, 0-shot: the context once, then each ending), on the
// task files in ROTOSCOPE_TASK_DATA (default: the repository's tests/data/tasks, small hand-written
// sets in the original layouts). Counters: items/s and forward tokens/s.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "model/loader.h"
#include "tasks/task_eval.h"
#include "tokenizer/tokenizer.h"

namespace {

struct TaskFixture {
    rs::Model model = rs::load_model("default");
    std::unique_ptr<rs::Tokenizer> tok = rs::make_tokenizer(model.tokenizer);
    std::unique_ptr<rs::Backend> backend = rs::make_cpu_backend();
    rs::Forward fwd{model, *backend};
};

TaskFixture& task_fixture() {
    static TaskFixture f;
    return f;
}

std::string task_data() {
    const char* env = std::getenv("ROTOSCOPE_TASK_DATA");
    return env && *env ? env : std::string(ROTOSCOPE_SOURCE_DIR) + "/tests/data/tasks";
}

void run_task(benchmark::State& state, const char* task) {
    TaskFixture& f = task_fixture();
    rs::TaskSettings s;
    s.tasks = {task};
    s.data = task_data();
    const auto data = rs::load_tasks(s);
    int64_t items = 0, tokens = 0;
    for (auto _ : state) {
        const auto scores = rs::evaluate_tasks(f.fwd, *f.tok, data, s);
        items += scores[0].n;
        tokens += scores[0].tokens;
    }
    state.counters["items/s"] = benchmark::Counter(static_cast<double>(items), benchmark::Counter::kIsRate);
    state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
    state.counters["items"] = static_cast<double>(data[0].docs.size());
}

void BM_TaskMmlu5Shot(benchmark::State& state) { run_task(state, "mmlu"); }
void BM_TaskHellaswag(benchmark::State& state) { run_task(state, "hellaswag"); }
BENCHMARK(BM_TaskMmlu5Shot)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(2);
BENCHMARK(BM_TaskHellaswag)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(2);

}  // namespace
