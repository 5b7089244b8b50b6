// The quantize pipeline on the layer-by-layer engine, for checkpoints larger than memory: the
// checkpoint stays in its file mapping; each recipe's candidate is the stack checkpoint -> fused
// rotation -> RTN or GPTQ weights (model/layer_source.h), built one decoder layer at a time while the
// evaluation windows go through it (runtime/layer_major.h), and scored against the unquantized
// model's final hidden states, kept from the first run (eval/layer_major_compare.h).
//
// What the whole-model engine (pipeline/quantize.h) has and this one has not yet: smoothing, the
// per-linear probe, and the LM head's quantization error in the weight report. Recipes asking for
// them are refused in one line before anything runs.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "experiment/recipe.h"
#include "experiment/run_result.h"
#include "model/checkpoint.h"
#include "tokenizer/tokenizer.h"

namespace rs {

// validate_recipe plus what the layer-by-layer engine cannot do (yet). BadInput naming `where`.
void validate_layer_run(const Recipe& recipe, const ModelConfig& cfg, const EvalSettings& eval, const std::string& where,
                        const CalibrationSettings& gptq_calibration = kDefaultGptqCalibration);

class LayerQuantizeSession {
public:
    LayerQuantizeSession(const Checkpoint& checkpoint, const Tokenizer& tokenizer, Backend& backend, EvalSettings eval,
                         CalibrationSettings gptq_calibration = kDefaultGptqCalibration);
    ~LayerQuantizeSession();

    const EvalSettings& eval() const;
    const std::vector<int32_t>& eval_tokens() const;
    std::string corpus_name() const;
    std::string corpus_path() const;

    // Runs one validated recipe. Stages: "reference" (first run only), "evaluating" (one step per
    // layer, then per vocabulary slice), "gptq" inside it (the calibration windows go through
    // each layer just before the evaluation windows do). Cancellable between layers and solves.
    RunResult run(const Recipe& recipe, const Progress& progress = {});

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rs
