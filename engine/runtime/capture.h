// Capture hooks: later stages (activation census, calibration, Hessians) observe the input of
// every linear layer and the residual stream without touching the forward pass.
#pragma once
#include "model/model.h"
#include "model/roles.h"

namespace rs {


class CaptureHook {
public:
    virtual ~CaptureHook() = default;
    // x: [tokens, in_features]; layer is -1 for the LM head.
    virtual void on_linear_input(int layer, LinearInput site, const MatrixRM& x) = 0;
    // The residual stream after block `layer` ([tokens, d_model]).
    virtual void on_residual(int /*layer*/, const MatrixRM& /*h*/) {}
};

}  // namespace rs
