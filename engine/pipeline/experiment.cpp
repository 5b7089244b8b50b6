#include "pipeline/experiment.h"

#include <fmt/format.h>

#include <algorithm>

#include "calib/corpus.h"
#include "core/error.h"
#include "core/json_io.h"
#include "core/sha256.h"
#include "core/untrusted_text.h"
#include "model/loader.h"
#include "pipeline/analyze.h"

namespace rs {

std::unique_ptr<Backend> make_backend(const std::string& name) {
    if (name == "cpu") return make_cpu_backend();
    if (name == "cuda") {
        if (!cuda_backend_available()) fail_input("", "the CUDA backend is not available in this build or on this machine");
        return make_cuda_backend();
    }
    fail_input("", fmt::format("unknown backend {} (cpu or cuda)", in_quotes(name)));
}

void check_experiment(const ExperimentConfig& config) {
    const RecipeMatrix& m = config.matrix;
    if (m.recipes.empty()) fail_input("experiment", "has no recipes");
    const EvalSettings& e = m.eval;
    if (e.ctx < 4) fail_input("eval", fmt::format("ctx must be at least 4 tokens, got {}", e.ctx));
    if (e.windows < 0) fail_input("eval", fmt::format("windows must be 0 (all) or more, got {}", e.windows));
    if (e.probe_tokens < 0) fail_input("eval", fmt::format("probe_tokens must be 0 (off) or more, got {}", e.probe_tokens));
    // A missing corpus is refused before the model loads (load_corpus says where to put one).
    load_corpus(e.corpus.empty() ? default_corpus_name() : e.corpus);
    const bool smoothing = std::any_of(m.recipes.begin(), m.recipes.end(), [](const Recipe& r) { return r.smooth.on; });
    if (smoothing && !m.smooth_calibration.corpus.empty()) load_corpus(m.smooth_calibration.corpus);
}

ExperimentRunner::ExperimentRunner(const Model& model, const Tokenizer& tokenizer, Backend& backend, ModelIdentity identity)
    : model_(model), tokenizer_(tokenizer), backend_(backend) {
    header_.model = std::move(identity);
}

ExperimentRunner::~ExperimentRunner() = default;

RunReport ExperimentRunner::run(const ExperimentConfig& config, const Progress& progress, const RunCallback& on_result,
                                const std::string& where_given) {
    const RecipeMatrix& m = config.matrix;
    check_experiment(config);
    // Every recipe is validated once, here, before anything runs.
    const std::string where = !where_given.empty() ? where_given : m.name.empty() ? std::string("experiment") : m.name;
    for (size_t i = 0; i < m.recipes.size(); ++i)
        validate_run(m.recipes[i], model_, m.smooth_calibration,
                     m.recipes.size() == 1 ? where : fmt::format("recipe {} of {}", i + 1, where));
    if (!session_ || session_->eval() != m.eval || smoothing_ != m.smooth_calibration) {
        // Drop the old reference logits before computing new ones: they may be most of the memory.
        session_.reset();
        session_ = std::make_unique<QuantizeSession>(model_, tokenizer_, backend_, m.eval, m.smooth_calibration);
        smoothing_ = m.smooth_calibration;
        header_.corpus_sha256.clear();
        if (!session_->corpus_path().empty()) header_.corpus_sha256 = sha256_file(session_->corpus_path(), progress);
    }
    session_->use_census(census_);
    header_.meta = make_report_meta(backend_.name(), dump_json(experiment_to_json(config)));
    header_.name = m.name;
    header_.eval = session_->eval();
    header_.corpus_name = session_->corpus_name();
    header_.corpus_path = session_->corpus_path();
    header_.seeds = seeds_of_runs(m);
    // The Full protocol scores whole windows of ctx tokens.
    const auto ctx = static_cast<int64_t>(std::max(1, m.eval.ctx));
    int64_t windows = static_cast<int64_t>(session_->eval_tokens().size()) / ctx;
    if (m.eval.windows > 0) windows = std::min<int64_t>(windows, m.eval.windows);
    header_.eval_tokens = windows * ctx;
    header_.runs.clear();

    RunReport report = header_;
    report.runs = run_matrix(*session_, m, progress, [&](const RunResult& r) {
        header_.reference = r.metrics.reference;
        if (on_result) on_result(r);
    }, Validation::Done);
    report.reference = header_.reference;
    return report;
}

RunReport run_experiment(const ExperimentConfig& config, const Progress& progress, const RunCallback& on_result,
                         const std::string& where) {
    check_experiment(config);
    const std::unique_ptr<Backend> backend = make_backend(config.backend);
    const Model model = load_model(config.model, progress);
    const auto tokenizer = make_tokenizer(model.tokenizer);
    ExperimentRunner runner(model, *tokenizer, *backend, {});
    RunReport report = runner.run(config, progress, on_result, where);
    // Hashing the checkpoint comes last: a run that fails or is cancelled should not wait for it.
    report.model = identify_model(model, progress);
    return report;
}

}  // namespace rs
