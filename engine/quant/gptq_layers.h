// A LayerSource whose linear weights come out GPTQ-quantized, sequentially, layer by layer: the
// calibration windows' hidden states are carried through the layers already quantized, and for
// each decoder layer, in the order the forward pass reads them:
//   1. the q/k/v input (attn_norm of the states): Hessian captured, q, k, v solved;
//   2. the o_proj input (attention through the quantized q/k/v): captured, o solved;
//   3. the gate/up input (after the quantized o_proj's residual add): captured, gate, up solved;
//   4. the down_proj input (SwiGLU of the quantized gate/up, then R4 when online): captured, down
//      solved; the layer's outputs through its quantized weights are the next layer's inputs.
// This is one forward pass per layer in total ("true sequential", the GPTQ and QuaRot code).
// With true_sequential off, every Hessian of a layer comes from one pass through its
// unquantized weights (llm-compressor's sequential pipeline), and a second pass through the
// quantized layer carries the states on.
//
// The calibration activations stay in float (GPTQ, QuaRot and SpinQuant quantize weights before
// activation quantizers are switched on); the online rotations of the model (R3, R4) are applied,
// so the Hessians are those of the inputs the quantized model will see. Memory: the states
// ([windows · ctx, d_model]) plus one layer input at a time, and the Hessian of one input.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "backend/backend.h"
#include "core/progress.h"
#include "model/layer_source.h"
#include "quant/gptq.h"
#include "quant/quantized_weight.h"
#include "quant/rtn.h"

namespace rs {

struct GptqRun {
    quant::FormatSpec spec;
    GptqOptions options;
    std::vector<std::vector<int32_t>> windows;  // calibration token windows
};

// Layers must be asked for in order (0, 1, ...), each once. `report` (optional) collects each
// linear's errors and proxy losses and the solve's warnings as the layer is solved; `sink`
// (optional) receives each linear's codes, scales and g_idx. Progress:
// Stage::Gptq, four steps per layer, the item naming the layer and input ("layer 3 q/k/v");
// cancellable between solves. `base`, `backend` and `report` must outlive the result.
std::unique_ptr<LayerSource> gptq_quantized_layers(LayerSource& base, Backend& backend, GptqRun run,
                                                   const Progress& progress, WeightQuantReport* report = nullptr,
                                                   const QuantizedWeightSink* sink = nullptr);

}  // namespace rs
