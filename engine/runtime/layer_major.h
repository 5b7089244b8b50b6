// The layer-by-layer runner: every window of a calibration or evaluation set goes through decoder
// layer i before any goes through layer i+1. Only the hidden states at the current layer boundary
// ([ctx, d_model] per window) and the layer at hand are held, never the whole model; each layer
// is asked of the LayerSource, used for all windows, and released. Each window sees exactly the
// arithmetic of the window-by-window Forward (both run runtime/decoder_block.h), so hidden states
// agree to the bit; hooks and transforms see the same values, window by window within a layer.
#pragma once
#include <functional>
#include <span>
#include <vector>

#include "core/progress.h"
#include "model/layer_source.h"
#include "runtime/decoder_block.h"

namespace rs {

class LayerMajorForward {
public:
    LayerMajorForward(LayerSource& source, Backend& backend, ForwardOptions options = {});
    void set_hook(CaptureHook* hook) { block_.set_hook(hook); }
    void set_activation_transform(ActivationTransform* t) { block_.set_activation_transform(t); }

    // Called around each window's pass through each layer (layer -1: the final norm), so that a
    // hook can tell the windows apart.
    using WindowFn = std::function<void(int layer, int window)>;

    // The final normed hidden states of every window ([T_w, d_model] each). Progress: `stage`, one
    // step per layer (n_layers + 1 with the embedding); cancellable between layers.
    void run(const std::vector<std::span<const int32_t>>& windows, std::vector<MatrixRM>& final_hidden,
             const Progress& progress, Stage stage, const WindowFn& before = {}, const WindowFn& after = {});

private:
    LayerSource& source_;
    DecoderBlock block_;
};

}  // namespace rs
