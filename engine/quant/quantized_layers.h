// A LayerSource whose linear weights come out RTN-quantized (quant/rtn.h), layer by layer as they
// are asked for: the same bits quantize_weights_rtn gives a whole model. The LM head, when asked
// for, is quantized by row ranges, which needs a format with row-local scales.
#pragma once
#include <memory>

#include "model/layer_source.h"
#include "quant/rtn.h"

namespace rs {

// `report` (optional) collects each layer's errors as the layer is quantized; it must outlive
// the result, as must `base`. BadInput before any work when the head cannot be quantized by rows.
// `sink` (optional) receives each linear's codes and scales as its layer is made; it must
// outlive the result too.
std::unique_ptr<LayerSource> rtn_quantized_layers(LayerSource& base, const quant::FormatSpec& spec, bool include_lm_head,
                                                  WeightQuantReport* report = nullptr, const QuantizedWeightSink* sink = nullptr);

}  // namespace rs
