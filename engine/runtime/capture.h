// Capture hooks: later stages (activation census, calibration, Hessians) observe the input of
// every linear layer and the residual stream without touching the forward pass.
#pragma once
#include "model/model.h"

namespace rs {

// Linear layers that share an input are reported once: q/k/v read the same normed residual,
// gate/up read the same normed residual.
enum class LinearInput { QKV, O, GateUp, Down, LmHead };
const char* linear_input_name(LinearInput s);

class CaptureHook {
public:
    virtual ~CaptureHook() = default;
    // x: [tokens, in_features]; layer is -1 for the LM head.
    virtual void on_linear_input(int layer, LinearInput site, const MatrixRM& x) = 0;
    // The residual stream after block `layer` ([tokens, d_model]).
    virtual void on_residual(int /*layer*/, const MatrixRM& /*h*/) {}
};

}  // namespace rs
