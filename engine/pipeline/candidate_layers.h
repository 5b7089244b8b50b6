// A recipe's candidate on the layer-by-layer engine: the checkpoint's layers -> fused rotation ->
// RTN or GPTQ weights, each stage a LayerSource over the one before, made a layer at a time.
#pragma once
#include <memory>

#include "pipeline/weight_methods.h"
#include "rotate/fused_layers.h"

namespace rs {

struct CandidateLayers {
    std::unique_ptr<LayerSource> fused, quantized;
    LayerSource* top = nullptr;  // the last stage (the base itself for a recipe that changes nothing)
};

// `base`, the inputs and the reports must outlive the result; the reports may be null.
CandidateLayers candidate_layers(LayerSource& base, const Recipe& recipe, const WeightMethodInputs& inputs,
                                 const Progress& progress, WeightQuantReport* weights = nullptr, FuseReport* fuse = nullptr);

}  // namespace rs
