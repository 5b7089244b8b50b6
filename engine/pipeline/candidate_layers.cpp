#include "pipeline/candidate_layers.h"

namespace rs {

CandidateLayers candidate_layers(LayerSource& base, const Recipe& recipe, const WeightMethodInputs& inputs,
                                 const Progress& progress, WeightQuantReport* weights, FuseReport* fuse) {
    CandidateLayers c;
    c.top = &base;
    if (recipe.rotation.any()) {
        c.fused = fused_layers(*c.top, recipe.rotation, fuse);
        c.top = c.fused.get();
    }
    if (recipe.weights) {
        c.quantized = quantized_layer_source(*c.top, recipe, inputs, progress, weights);
        c.top = c.quantized.get();
    }
    return c;
}

}  // namespace rs
