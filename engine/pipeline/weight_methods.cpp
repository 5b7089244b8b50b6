#include "pipeline/weight_methods.h"

#include <iterator>

#include <fmt/format.h>

#include "calib/calibration.h"
#include "calib/corpus.h"
#include "core/error.h"
#include "pipeline/analyze.h"
#include "quant/gptq_layers.h"
#include "quant/quantized_layers.h"

namespace rs {
namespace {

GptqRun gptq_run(const Recipe& r, const WeightMethodInputs& in) {
    if (!in.calibration) fail_runtime("GPTQ run without calibration windows");
    return GptqRun{*r.weights, r.gptq, *in.calibration};
}

Model rtn_model(const Model& m, const Recipe& r, const WeightMethodInputs&, const Progress& p, WeightQuantReport* rep) {
    return quantize_weights_rtn(m, *r.weights, r.quantize_lm_head, p, rep);
}

std::unique_ptr<LayerSource> rtn_layers(LayerSource& base, const Recipe& r, const WeightMethodInputs& in, const Progress&,
                                        WeightQuantReport* rep) {
    return rtn_quantized_layers(base, *r.weights, r.quantize_lm_head, rep, in.codes);
}

std::unique_ptr<LayerSource> gptq_layers(LayerSource& base, const Recipe& r, const WeightMethodInputs& in, const Progress& p,
                                         WeightQuantReport* rep) {
    return gptq_quantized_layers(base, in.backend, gptq_run(r, in), p, rep, in.codes);
}

// GPTQ is sequential: the model engine runs the same layer source over the loaded model and
// collects its layers.
Model gptq_model(const Model& m, const Recipe& r, const WeightMethodInputs& in, const Progress& p, WeightQuantReport* rep) {
    const std::unique_ptr<LayerSource> base = model_layers(m);
    const std::unique_ptr<LayerSource> q = gptq_layers(*base, r, in, p, rep);
    std::vector<Layer> layers;
    layers.reserve(m.layers.size());
    for (int l = 0; l < m.cfg.n_layers; ++l) {
        layers.push_back(q->layer(l));
        q->release(l);
    }
    return with_layers(m, std::move(layers));
}

struct MethodEntry {
    WeightMethod method;
    bool needs_calibration;
    Model (*model)(const Model&, const Recipe&, const WeightMethodInputs&, const Progress&, WeightQuantReport*);
    std::unique_ptr<LayerSource> (*layers)(LayerSource&, const Recipe&, const WeightMethodInputs&, const Progress&,
                                           WeightQuantReport*);
};
constexpr MethodEntry kMethods[] = {
    {WeightMethod::Rtn, false, &rtn_model, &rtn_layers},
    {WeightMethod::Gptq, true, &gptq_model, &gptq_layers},
};
static_assert(std::size(kMethods) == std::size(kWeightMethods), "a quantizer for every weight method");

const MethodEntry& entry(WeightMethod m) {
    for (const MethodEntry& e : kMethods)
        if (e.method == m) return e;
    fail_runtime(std::string("no quantizer for weight method ") + weight_method_traits(m).key);
}

}  // namespace

bool method_needs_calibration(const Recipe& recipe) { return recipe.weights && entry(recipe.method).needs_calibration; }

bool recipe_needs_calibration(const Recipe& recipe) { return method_needs_calibration(recipe) || recipe.static_activations(); }

std::vector<std::vector<int32_t>> calibration_windows(const CalibrationSettings& s, const Tokenizer& tokenizer,
                                                      const Progress& progress) {
    const Corpus corpus = load_corpus(s.corpus.empty() ? default_calibration_corpus_name() : s.corpus);
    progress(Stage::Tokenizing, 0, 1);
    const bool bos = tokenizer.add_bos() && tokenizer.bos() >= 0;
    CalibrationSet set = sample_windows(corpus, tokenizer, s.windows, s.ctx, s.seed, bos, progress);
    progress(Stage::Tokenizing, 1, 1);
    std::vector<std::vector<int32_t>> out;
    out.reserve(set.windows.size());
    for (CalibrationWindow& w : set.windows) out.push_back(std::move(w.tokens));
    return out;
}

void check_calibration(const CalibrationSettings& s, const ModelConfig& cfg, const std::string& what) {
    if (s.windows < 1) fail_input(what, fmt::format("needs at least 1 window, got {}", s.windows));
    if (s.ctx < 2) fail_input(what, fmt::format("windows need at least 2 tokens, got {}", s.ctx));
    if (s.ctx > cfg.max_context) fail_input(what, fmt::format("ctx {} exceeds the model's context of {}", s.ctx, cfg.max_context));
}

Model quantize_model_weights(const Model& model, const Recipe& recipe, const WeightMethodInputs& inputs, const Progress& progress,
                             WeightQuantReport* report) {
    return entry(recipe.method).model(model, recipe, inputs, progress, report);
}

std::unique_ptr<LayerSource> quantized_layer_source(LayerSource& base, const Recipe& recipe, const WeightMethodInputs& inputs,
                                                    const Progress& progress, WeightQuantReport* report) {
    return entry(recipe.method).layers(base, recipe, inputs, progress, report);
}

}  // namespace rs
