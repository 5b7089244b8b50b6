#include "pipeline/layer_session.h"

#include <fmt/format.h>

#include <chrono>
#include <optional>

#include "core/error.h"
#include "core/untrusted_text.h"
#include "eval/layer_major_compare.h"
#include "model/layer_source.h"
#include "pipeline/activation_ranges.h"
#include "pipeline/candidate_layers.h"
#include "pipeline/quantize.h"
#include "quant/act_quant.h"
#include "pipeline/weight_methods.h"

namespace rs {

void validate_layer_run(const Recipe& recipe, const ModelConfig& cfg, const EvalSettings& eval, const std::string& where,
                        const CalibrationSettings& gptq_calibration) {
    validate_recipe(recipe, cfg, where);
    const std::string name = recipe.name.empty() ? recipe_display_name(recipe) : recipe.name;
    auto fail = [&](const std::string& problem) {
        fail_input(where, "recipe " + in_quotes(name) + ": " + problem + " (the layer-by-layer engine has no such step yet; use --engine model)");
    };
    if (recipe.smooth.on) fail("smoothing is not available");
    if (recipe_needs_calibration(recipe)) {
        try {
            check_calibration(gptq_calibration, cfg, "calibration");
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::BadInput) throw;
            fail_input(where, "recipe " + in_quotes(name) + ": " + e.what());
        }
    }
    if (eval.probe_tokens > 0) fail_input(where, "the per-linear probe is not available on the layer-by-layer engine yet; set probe_tokens to 0 (--probe-tokens 0)");
}

struct LayerQuantizeSession::Impl {
    const Checkpoint& checkpoint;
    const Tokenizer& tokenizer;
    Backend& backend;
    EvalSettings eval;
    EvalTokens tokens;
    CalibrationSettings gptq_calibration;
    std::optional<ReferenceStates> reference;  // the unquantized model's, on first use
    std::optional<std::vector<std::vector<int32_t>>> gptq_windows;  // sampled on first use
    Impl(const Checkpoint& c, const Tokenizer& t, Backend& b, EvalSettings e, CalibrationSettings g)
        : checkpoint(c), tokenizer(t), backend(b), eval(std::move(e)), tokens(tokenize_eval(eval, t, c.cfg())),
          gptq_calibration(std::move(g)) {}
};

LayerQuantizeSession::LayerQuantizeSession(const Checkpoint& checkpoint, const Tokenizer& tokenizer, Backend& backend,
                                           EvalSettings eval, CalibrationSettings gptq_calibration)
    : impl_(std::make_unique<Impl>(checkpoint, tokenizer, backend, std::move(eval), std::move(gptq_calibration))) {}

LayerQuantizeSession::~LayerQuantizeSession() = default;

const EvalSettings& LayerQuantizeSession::eval() const { return impl_->eval; }
const std::vector<int32_t>& LayerQuantizeSession::eval_tokens() const { return impl_->tokens.tokens; }
std::string LayerQuantizeSession::corpus_name() const { return impl_->tokens.corpus_name; }
std::string LayerQuantizeSession::corpus_path() const { return impl_->tokens.corpus_path; }

RunResult LayerQuantizeSession::run(const Recipe& recipe, const Progress& progress) {
    Impl& s = *impl_;
    RunResult result = new_run_result(recipe);

    const CompareOptions options{s.eval.ctx, s.eval.windows};
    const std::unique_ptr<LayerSource> reference = checkpoint_layers(s.checkpoint);
    // The reference pass is shared by every run of the session and kept out of this run's time.
    if (!s.reference) s.reference = compute_reference_states(*reference, s.backend, s.tokens.tokens, options, progress);

    const auto t0 = std::chrono::steady_clock::now();
    if (recipe_needs_calibration(recipe) && !s.gptq_windows)
        s.gptq_windows = calibration_windows(s.gptq_calibration, s.tokenizer, progress);
    const WeightMethodInputs inputs{s.backend, s.gptq_windows ? &*s.gptq_windows : nullptr};
    std::optional<ActivationRanges> ranges;
    if (recipe.static_activations()) {
        // A candidate of its own: the engine holds one layer at a time, so the evaluation makes
        // every layer (GPTQ's included) again.
        const std::unique_ptr<LayerSource> own_base = checkpoint_layers(s.checkpoint);
        const CandidateLayers calibration = candidate_layers(*own_base, recipe, inputs, progress);
        ranges = calibrate_activation_ranges(*calibration.top, *s.gptq_windows, s.backend, progress);
    }
    const std::unique_ptr<LayerSource> base = checkpoint_layers(s.checkpoint);
    WeightQuantReport weights;
    const CandidateLayers candidate = candidate_layers(*base, recipe, inputs, progress, &weights, &result.fuse);
    std::optional<FakeQuantActivations> transform;
    if (recipe.activations || recipe.kv)
        transform.emplace(s.checkpoint.cfg(), ActQuantConfig{recipe.activations, recipe.kv, recipe.quantize_lm_head},
                          ranges ? &*ranges : nullptr, &s.backend);
    result.metrics = compare_layer_major(*s.reference, *reference, *candidate.top, s.backend, transform ? &*transform : nullptr, progress);
    if (recipe.weights) result.weights = std::move(weights);
    // Fusion and quantization happen layer by layer inside the evaluation: one time for both.
    result.seconds_prepare = 0;
    result.seconds_eval = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return result;
}

}  // namespace rs
