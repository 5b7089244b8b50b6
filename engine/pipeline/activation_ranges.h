// The calibration pass of a "static" activation format: the calibration windows go through the
// candidate (rotated, weights quantized, activations left in float) layer by layer, and the max
// |x| of every linear input is kept. vLLM's NVFP4 W4A4 takes the same thing as a fixed
// input_global_scale per linear, calibrated by llm-compressor's static min-max observer.
#pragma once
#include <cstdint>
#include <vector>

#include "backend/backend.h"
#include "core/progress.h"
#include "model/layer_source.h"
#include "quant/act_quant.h"

namespace rs {

// Progress: Stage::ActivationRanges, one step per layer; cancellable between layers. Every layer
// of `candidate` is asked for once and released.
ActivationRanges calibrate_activation_ranges(LayerSource& candidate, const std::vector<std::vector<int32_t>>& windows,
                                             Backend& backend, const Progress& progress);

}  // namespace rs
