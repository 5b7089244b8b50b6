#include "pipeline/quantize.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "calib/calibration.h"
#include "calib/census.h"
#include "calib/corpus.h"
#include "core/error.h"
#include "core/untrusted_text.h"
#include "pipeline/activation_ranges.h"
#include "pipeline/analyze.h"
#include "quant/act_quant.h"
#include "rotate/rotation_kinds.h"
#include "rotate/smooth.h"
#include "pipeline/weight_methods.h"
#include "runtime/forward.h"

namespace rs {
namespace {

// Above this the reference logits are recomputed beside every candidate instead of cached
// (a long evaluation of a large vocabulary would not fit in memory).
constexpr int64_t kMaxCachedReferenceBytes = int64_t{4} << 30;

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int site_mask(const SmoothConfig& s) { return (s.down ? 1 : 0) | (s.attn ? 2 : 0) | (s.mlp ? 4 : 0); }

}  // namespace

void check_eval_settings(const EvalSettings& e) {
    if (e.ctx < 4) fail_input("eval", fmt::format("ctx must be at least 4 tokens, got {}", e.ctx));
    if (e.windows < 0) fail_input("eval", fmt::format("windows must be 0 (all) or more, got {}", e.windows));
    if (e.probe_tokens < 0) fail_input("eval", fmt::format("probe_tokens must be 0 (off) or more, got {}", e.probe_tokens));
}

EvalTokens tokenize_eval(const EvalSettings& e, const Tokenizer& tokenizer, const ModelConfig& cfg) {
    check_eval_settings(e);
    if (e.ctx > cfg.max_context) fail_input("eval", fmt::format("ctx {} exceeds the model's context of {}", e.ctx, cfg.max_context));
    const Corpus corpus = load_corpus(e.corpus.empty() ? default_corpus_name() : e.corpus);
    EvalTokens t{corpus.name, corpus.path, tokenizer.encode(corpus.text, true, false)};
    if (static_cast<int64_t>(t.tokens.size()) < e.ctx)
        fail_input(corpus.name, fmt::format("has {} tokens, fewer than one evaluation window of {}", t.tokens.size(), e.ctx));
    return t;
}

struct QuantizeSession::Impl {
    const Model& model;
    const Tokenizer& tokenizer;
    Backend& backend;
    EvalSettings eval;
    SmoothCalibration smooth_calibration;
    std::string corpus_name, corpus_path;
    std::vector<int32_t> tokens;
    std::optional<ReferenceLogits> reference;                        // the original model's, on first use
    std::shared_ptr<const Census> smooth_census;                     // of the smoothing calibration windows
    std::map<int, SmoothStats> smooth_stats;                         // by the sites smoothed

    CalibrationSettings gptq_calibration;
    std::optional<std::vector<std::vector<int32_t>>> gptq_windows;  // sampled on first use
    std::optional<std::vector<TaskData>> task_data;                  // read on first use

    Impl(const Model& m, const Tokenizer& t, Backend& b, EvalSettings e, SmoothCalibration s, CalibrationSettings g)
        : model(m), tokenizer(t), backend(b), eval(std::move(e)), smooth_calibration(std::move(s)), gptq_calibration(std::move(g)) {}

    CompareOptions compare_options() const { return CompareOptions{eval.ctx, eval.windows}; }

    std::string smooth_corpus() const {
        return smooth_calibration.corpus.empty() ? default_calibration_corpus_name() : smooth_calibration.corpus;
    }
    bool smooth_bos() const { return tokenizer.add_bos() && tokenizer.bos() >= 0; }

    // The smoothing statistics are the census's per-channel maxima at the smoothed inputs: a census
    // of the same calibration windows (given, or run here once) serves every recipe.
    const SmoothStats& stats_for(const SmoothConfig& config, const Progress& progress) {
        const int mask = site_mask(config);
        if (const auto it = smooth_stats.find(mask); it != smooth_stats.end()) return it->second;
        if (!smooth_census) {
            const Corpus corpus = load_corpus(smooth_corpus());
            progress(Stage::Tokenizing, 0, 1);
            const CalibrationSet set = sample_windows(corpus, tokenizer, smooth_calibration.windows, smooth_calibration.ctx,
                                                      smooth_calibration.seed, smooth_bos(), progress);
            progress(Stage::Tokenizing, 1, 1);
            CensusConfig cc;
            cc.windows = smooth_calibration.windows;
            cc.ctx = smooth_calibration.ctx;
            cc.seed = smooth_calibration.seed;
            cc.bos = smooth_bos();
            cc.capture_tokens = 0;
            const std::unique_ptr<LayerSource> layers = model_layers(model);
            smooth_census = std::make_shared<const Census>(run_census_layer_major(*layers, backend, set, cc, progress));
        }
        SmoothStats stats = smooth_stats_from_census(*smooth_census, model.cfg, config);
        return smooth_stats.emplace(mask, std::move(stats)).first->second;
    }
};

QuantizeSession::QuantizeSession(const Model& model, const Tokenizer& tokenizer, Backend& backend, EvalSettings eval,
                                 SmoothCalibration smooth_calibration, CalibrationSettings gptq_calibration)
    : impl_(std::make_unique<Impl>(model, tokenizer, backend, std::move(eval), std::move(smooth_calibration),
                                   std::move(gptq_calibration))) {
    EvalTokens t = tokenize_eval(impl_->eval, tokenizer, model.cfg);
    impl_->corpus_name = std::move(t.corpus_name);
    impl_->corpus_path = std::move(t.corpus_path);
    impl_->tokens = std::move(t.tokens);
}

QuantizeSession::~QuantizeSession() = default;

const EvalSettings& QuantizeSession::eval() const { return impl_->eval; }
const std::vector<int32_t>& QuantizeSession::eval_tokens() const { return impl_->tokens; }
std::string QuantizeSession::corpus_name() const { return impl_->corpus_name; }
std::string QuantizeSession::corpus_path() const { return impl_->corpus_path; }

bool QuantizeSession::use_census(std::shared_ptr<const Census> census) {
    Impl& s = *impl_;
    if (!census) return false;
    const CalibrationSet& c = census->calibration;
    const SmoothCalibration& want = s.smooth_calibration;
    const std::string corpus = s.smooth_corpus();
    const bool same = static_cast<int>(c.windows.size()) == want.windows && c.ctx == want.ctx && c.seed == want.seed &&
                      c.bos == s.smooth_bos() && (c.corpus_name == corpus || c.corpus_path == corpus) &&
                      census->n_layers == s.model.cfg.n_layers;
    if (same) {
        s.smooth_census = std::move(census);
        s.smooth_stats.clear();
    }
    return same;
}

void validate_run(const Recipe& recipe, const Model& model, const SmoothCalibration& smooth_calibration,
                  const std::string& where, const CalibrationSettings& gptq_calibration) {
    validate_recipe(recipe, model.cfg, where);
    const std::string name = recipe.name.empty() ? recipe_display_name(recipe) : recipe.name;
    auto fail = [&](const std::string& problem) { fail_input(where, "recipe " + in_quotes(name) + ": " + problem); };
    if (recipe.rotation.any() && model.online.any())
        fail("the model already carries online rotations (it was rotated before); start from the unrotated model");
    if (recipe.smooth.on) {
        const SmoothCalibration& s = smooth_calibration;
        if (s.windows < 1) fail(fmt::format("smoothing calibration needs at least 1 window, got {}", s.windows));
        if (s.ctx < 2) fail(fmt::format("smoothing calibration windows need at least 2 tokens, got {}", s.ctx));
        if (s.ctx > model.cfg.max_context)
            fail(fmt::format("smoothing calibration ctx {} exceeds the model's context of {}", s.ctx, model.cfg.max_context));
    }
    if (recipe_needs_calibration(recipe)) {
        try {
            check_calibration(gptq_calibration, model.cfg, "calibration");
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::BadInput) throw;
            fail(e.what());
        }
    }
}

void QuantizeSession::validate(const Recipe& recipe, const std::string& where) const {
    validate_run(recipe, impl_->model, impl_->smooth_calibration, where, impl_->gptq_calibration);
}

RunResult QuantizeSession::run(const Recipe& recipe, const Progress& progress, Validation validation) {
    if (validation == Validation::Check) validate(recipe, "");
    Impl& s = *impl_;
    RunResult result = new_run_result(recipe);

    const auto t_prepare = std::chrono::steady_clock::now();
    // One-off work that later runs reuse (smoothing statistics, reference logits) is kept out of
    // this run's times, so that the first recipe of a matrix is not charged for it.
    double excluded = 0;
    // The chain original -> smoothed -> rotated -> weight-quantized, holding only what is still needed.
    const Model* cur = &s.model;
    std::optional<Model> smoothed, rotated, quantized;
    if (recipe.smooth.on) {
        const auto t_stats = std::chrono::steady_clock::now();
        const bool cached = s.smooth_stats.count(site_mask(recipe.smooth)) != 0;
        const SmoothStats& stats = s.stats_for(recipe.smooth, progress);
        if (!cached) excluded += seconds_since(t_stats);
        progress(Stage::Smoothing, 0, 1);
        smoothed = apply_smoothing(*cur, recipe.smooth, stats);
        cur = &*smoothed;
        progress(Stage::Smoothing, 1, 1);
    }
    // Without rotations the norms stay unfolded: the baseline quantizes the weights as shipped.
    if (recipe.rotation.any()) {
        rotated = fuse_rotations(*cur, recipe.rotation, progress, &result.fuse);
        smoothed.reset();
        cur = &*rotated;
    }
    if (recipe_needs_calibration(recipe) && !s.gptq_windows) {
        // Sampled once per session, and not charged to this run.
        const auto t_cal = std::chrono::steady_clock::now();
        s.gptq_windows = calibration_windows(s.gptq_calibration, s.tokenizer, progress);
        excluded += seconds_since(t_cal);
    }
    if (recipe.weights) {
        WeightQuantReport report;
        const WeightMethodInputs inputs{s.backend, s.gptq_windows ? &*s.gptq_windows : nullptr};
        quantized = quantize_model_weights(*cur, recipe, inputs, progress, &report);
        result.weights = std::move(report);
    }
    const Model& candidate_model = quantized ? *quantized : *cur;
    std::optional<ActivationRanges> ranges;
    if (recipe.static_activations()) {
        const std::unique_ptr<LayerSource> layers = model_layers(candidate_model);
        ranges = calibrate_activation_ranges(*layers, *s.gptq_windows, s.backend, progress);
    }
    std::optional<FakeQuantActivations> transform;
    if (recipe.activations || recipe.kv)
        transform.emplace(s.model.cfg, ActQuantConfig{recipe.activations, recipe.kv, recipe.quantize_lm_head},
                          ranges ? &*ranges : nullptr, &s.backend);
    result.seconds_prepare = seconds_since(t_prepare) - excluded;

    const auto t_eval = std::chrono::steady_clock::now();
    Forward candidate(candidate_model, s.backend);
    if (transform) candidate.set_activation_transform(&*transform);
    const CompareOptions options = s.compare_options();
    double reference_seconds = 0;
    if (reference_logits_bytes(s.model.cfg.n_vocab, static_cast<int64_t>(s.tokens.size()), options) <= kMaxCachedReferenceBytes) {
        if (!s.reference) {
            const auto t_ref = std::chrono::steady_clock::now();
            Forward original(s.model, s.backend);
            s.reference = compute_reference_logits(original, s.tokens, options, progress);
            reference_seconds = seconds_since(t_ref);
        }
        result.metrics = compare_to_reference(*s.reference, candidate, s.tokens, progress);
    } else {
        Forward original(s.model, s.backend);
        result.metrics = compare_logits(original, candidate, s.tokens, options, progress);
    }
    if (s.eval.probe_tokens > 0) {
        const size_t n = std::min({static_cast<size_t>(s.eval.probe_tokens), static_cast<size_t>(s.eval.ctx), s.tokens.size()});
        result.linears = probe_linear_errors(*cur, candidate_model, transform ? &*transform : nullptr,
                                             std::span<const int32_t>(s.tokens.data(), n), s.backend, progress);
    }
    if (!s.eval.tasks.tasks.empty()) {
        if (!s.task_data) s.task_data = load_tasks(s.eval.tasks);
        result.tasks = evaluate_tasks(candidate, s.tokenizer, *s.task_data, s.eval.tasks, progress);
    }
    result.seconds_eval = seconds_since(t_eval) - reference_seconds;
    return result;
}

std::vector<RunResult> run_matrix(QuantizeSession& session, const RecipeMatrix& matrix, const Progress& progress,
                                  const std::function<void(const RunResult&)>& on_result, Validation validation) {
    const std::string where = matrix.name.empty() ? std::string("matrix") : matrix.name;
    if (validation == Validation::Check)
        for (const Recipe& r : matrix.recipes) session.validate(r, where);
    const size_t n = matrix.recipes.size();
    std::vector<RunResult> results;
    results.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const Progress step = progress.for_run(static_cast<int>(i + 1), static_cast<int>(n));
        if (progress.cancel) progress.cancel->check();
        RunResult r = session.run(matrix.recipes[i], step, Validation::Done);
        if (i < matrix.group_of.size()) r.group = matrix.group_of[i];
        if (i < matrix.seed_of.size()) r.seed = matrix.seed_of[i];
        if (on_result) on_result(r);
        results.push_back(std::move(r));
    }
    return results;
}

}  // namespace rs
