// The weight quantizer of each method of kWeightMethods (experiment/recipe.h), for both engines:
// a whole loaded model (the model engine) and a layer source (the layer-by-layer engine). A new
// method is one row of each table in weight_methods.cpp.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "backend/backend.h"
#include "core/progress.h"
#include "experiment/recipe.h"
#include "model/layer_source.h"
#include "quant/quantized_weight.h"
#include "quant/rtn.h"
#include "tokenizer/tokenizer.h"

namespace rs {

// What a method may need besides the weights: the backend and the calibration windows (GPTQ).
struct WeightMethodInputs {
    Backend& backend;
    const std::vector<std::vector<int32_t>>* calibration = nullptr;  // token windows; null: none sampled
    const QuantizedWeightSink* codes = nullptr;  // layer sources: each linear's codes (exports)
};

// Whether the recipe's method needs calibration windows.
bool method_needs_calibration(const Recipe& recipe);
// Whether anything in the recipe does: its method, or a static activation format's ranges
// (pipeline/activation_ranges.h). Both use the same windows.
bool recipe_needs_calibration(const Recipe& recipe);

// The token windows of a calibration set (calib/calibration.h: seeded offsets, BOS first when
// the tokenizer adds one). BadInput, one line, when the corpus is shorter than one window.
std::vector<std::vector<int32_t>> calibration_windows(const CalibrationSettings& settings, const Tokenizer& tokenizer,
                                                      const Progress& progress);

// The checks of a calibration set against the model, before anything runs: BadInput
// "<what>: ..." naming the field.
void check_calibration(const CalibrationSettings& settings, const ModelConfig& cfg, const std::string& what);

// `model` with its weights quantized by the recipe's method (recipe.weights must be set).
Model quantize_model_weights(const Model& model, const Recipe& recipe, const WeightMethodInputs& inputs,
                             const Progress& progress, WeightQuantReport* report);

// A source whose layers come out quantized by the recipe's method. `base`, the inputs and
// `report` must outlive it.
std::unique_ptr<LayerSource> quantized_layer_source(LayerSource& base, const Recipe& recipe, const WeightMethodInputs& inputs,
                                                    const Progress& progress, WeightQuantReport* report);

}  // namespace rs
