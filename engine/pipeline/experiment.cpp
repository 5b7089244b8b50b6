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
#include "pipeline/layer_session.h"
#include "model/checkpoint.h"

namespace rs {

void check_experiment(const ExperimentConfig& config) {
    const RecipeMatrix& m = config.matrix;
    if (m.recipes.empty()) fail_input("experiment", "has no recipes");
    if (shard_recipes(m.recipes.size(), config.shard).empty())
        fail_input("experiment", fmt::format("shard {}/{} has no recipes: the matrix has {}", config.shard.index, config.shard.count,
                                             m.recipes.size()));
    const EvalSettings& e = m.eval;
    check_eval_settings(e);
    // A missing corpus is refused before the model loads (load_corpus says where to put one).
    load_corpus(e.corpus.empty() ? default_corpus_name() : e.corpus);
    const bool smoothing = std::any_of(m.recipes.begin(), m.recipes.end(), [](const Recipe& r) { return r.smooth.on; });
    if (smoothing && !m.smooth_calibration.corpus.empty()) load_corpus(m.smooth_calibration.corpus);
    if (uses_calibration(m) && !m.gptq_calibration.corpus.empty()) load_corpus(m.gptq_calibration.corpus);
    if (!e.tasks.tasks.empty()) {
        if (config.engine != kEngineModel)
            fail_input("experiment", "task accuracy (eval.tasks) runs on the model engine only, not on the " + config.engine +
                                         " engine");
        // Every task file is read (and refused, one line) before the model loads.
        load_tasks(e.tasks);
    }
}

namespace {

// The header fields every run report of `config` has, from the session that runs it.
template <class Session>
void fill_header(RunReport& h, const ExperimentConfig& config, const std::string& backend_name, const Session& session) {
    const RecipeMatrix& m = config.matrix;
    h.meta = make_report_meta(backend_name, dump_json(experiment_to_json(config)));
    h.name = m.name;
    h.eval = session.eval();
    h.corpus_name = session.corpus_name();
    h.corpus_path = session.corpus_path();
    h.seeds = seeds_of_runs(m);
    // The Full protocol scores whole windows of ctx tokens.
    const auto ctx = static_cast<int64_t>(std::max(1, m.eval.ctx));
    int64_t windows = static_cast<int64_t>(session.eval_tokens().size()) / ctx;
    if (m.eval.windows > 0) windows = std::min<int64_t>(windows, m.eval.windows);
    h.eval_tokens = windows * ctx;
    h.runs.clear();
}

std::string recipe_where(const RecipeMatrix& m, size_t i, const std::string& where) {
    return m.recipes.size() == 1 ? where : fmt::format("recipe {} of {}", i + 1, where);
}

// The experiment on the layer-by-layer engine: the checkpoint is never loaded whole.
RunReport run_layer_experiment(const ExperimentConfig& config, const Progress& progress, const RunCallback& on_result,
                               const std::string& where) {
    const RecipeMatrix m = shard_matrix(config.matrix, config.shard);
    const std::unique_ptr<Backend> backend = make_backend(config.backend);
    const std::unique_ptr<Checkpoint> checkpoint = Checkpoint::open(config.model);
    for (size_t i = 0; i < m.recipes.size(); ++i)
        validate_layer_run(m.recipes[i], checkpoint->cfg(), m.eval, recipe_where(m, i, where), m.gptq_calibration);
    const auto tokenizer = make_tokenizer(checkpoint->tokenizer());
    LayerQuantizeSession session(*checkpoint, *tokenizer, *backend, m.eval, m.gptq_calibration);
    RunReport report;
    fill_header(report, config, backend->name(), session);
    if (!session.corpus_path().empty()) report.corpus_sha256 = sha256_file(session.corpus_path(), progress);
    for (size_t i = 0; i < m.recipes.size(); ++i) {
        const Progress step = progress.for_run(static_cast<int>(i + 1), static_cast<int>(m.recipes.size()));
        RunResult r = session.run(m.recipes[i], step);
        if (i < m.group_of.size()) r.group = m.group_of[i];
        if (i < m.seed_of.size()) r.seed = m.seed_of[i];
        report.reference = r.metrics.reference;
        if (on_result) on_result(r);
        report.runs.push_back(std::move(r));
    }
    report.model = identify_checkpoint(*checkpoint, progress);
    return report;
}

}  // namespace

ExperimentRunner::ExperimentRunner(const Model& model, const Tokenizer& tokenizer, Backend& backend, ModelIdentity identity)
    : model_(model), tokenizer_(tokenizer), backend_(backend) {
    header_.model = std::move(identity);
}

ExperimentRunner::~ExperimentRunner() = default;

RunReport ExperimentRunner::run(const ExperimentConfig& config, const Progress& progress, const RunCallback& on_result,
                                const std::string& where_given) {
    const RecipeMatrix m = shard_matrix(config.matrix, config.shard);
    check_experiment(config);
    if (config.engine != kEngineModel)
        fail_input(where_given.empty() ? "experiment" : where_given,
                   "runs on the " + config.engine + " engine; this runner holds a loaded model (run it with rotoscope-cli)");
    // Every recipe is validated once, here, before anything runs.
    const std::string where = !where_given.empty() ? where_given : m.name.empty() ? std::string("experiment") : m.name;
    for (size_t i = 0; i < m.recipes.size(); ++i)
        validate_run(m.recipes[i], model_, m.smooth_calibration, recipe_where(m, i, where), m.gptq_calibration);
    if (m.eval.tasks.max_length > model_.cfg.max_context)
        fail_input(where, "eval.task_max_length " + std::to_string(m.eval.tasks.max_length) + " exceeds the model's context of " +
                              std::to_string(model_.cfg.max_context));
    if (!session_ || session_->eval() != m.eval || smoothing_ != m.smooth_calibration || gptq_calibration_ != m.gptq_calibration) {
        // Drop the old reference logits before computing new ones: they may be most of the memory.
        session_.reset();
        session_ = std::make_unique<QuantizeSession>(model_, tokenizer_, backend_, m.eval, m.smooth_calibration,
                                                     m.gptq_calibration);
        smoothing_ = m.smooth_calibration;
        gptq_calibration_ = m.gptq_calibration;
        header_.corpus_sha256.clear();
        if (!session_->corpus_path().empty()) header_.corpus_sha256 = sha256_file(session_->corpus_path(), progress);
    }
    session_->use_census(census_);
    fill_header(header_, config, backend_.name(), *session_);

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
    if (config.engine == kEngineLayers) {
        const std::string w = !where.empty() ? where : config.matrix.name.empty() ? std::string("experiment") : config.matrix.name;
        return run_layer_experiment(config, progress, on_result, w);
    }
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
