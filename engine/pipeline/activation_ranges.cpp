#include "pipeline/activation_ranges.h"

#include <span>

#include "runtime/layer_major.h"

namespace rs {

ActivationRanges calibrate_activation_ranges(LayerSource& candidate, const std::vector<std::vector<int32_t>>& windows,
                                             Backend& backend, const Progress& progress) {
    ActivationRangeRecorder recorder(candidate.cfg().n_layers);
    LayerMajorForward forward(candidate, backend);
    forward.set_activation_transform(&recorder);
    std::vector<std::span<const int32_t>> spans(windows.begin(), windows.end());
    std::vector<MatrixRM> final_hidden;
    forward.run(spans, final_hidden, progress, Stage::ActivationRanges);
    ActivationRanges ranges = recorder.ranges();
    // The LM head reads the final normed hidden states, which the layer-by-layer pass returns.
    for (const MatrixRM& h : final_hidden) ranges.observe(-1, LinearInput::LmHead, h);
    return ranges;
}

}  // namespace rs
