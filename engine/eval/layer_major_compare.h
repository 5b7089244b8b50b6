// Evaluation on the layer-by-layer runner (runtime/layer_major.h): perplexity, KL(P_ref || P_q)
// and top-1 agreement as in eval/logit_compare.h, on the same windows, for models that are never
// whole in memory. The unquantized model's final hidden states are kept for a matrix of recipes,
// not its logits; logits are formed one slice of the vocabulary at a time (the LM head's rows read
// from the source slice by slice) and reduced on the fly with an online log-sum-exp, so that
// neither a [tokens, vocab] logit matrix nor an fp32 copy of the head is ever held.
//
// The numbers equal compare_to_reference's up to rounding: every hidden state is bit-identical
// (the same decoder block), but a logit computed against a slice of the head may round
// differently from one computed against the whole head, and the online log-sum-exp rescales its
// double sums as the maximum grows.
#pragma once
#include <cstdint>
#include <vector>

#include "core/progress.h"
#include "eval/logit_compare.h"
#include "model/layer_source.h"
#include "runtime/decoder_block.h"

namespace rs {

// Rows of the LM head per slice (a multiple of 64, so that a fused head's row blocks are those
// of the whole-model fusion).
inline constexpr int64_t kVocabSliceRows = 8192;

struct ReferenceStates {
    CompareOptions options;
    int windows = 0;
    std::vector<int32_t> tokens;  // the windows' tokens
    MatrixRM hidden;              // [windows * (ctx - 1), d_model]: final normed states at scored positions
    PplPair ppl;
};

// Runs the reference layer by layer (progress stage "reference"; cancellable between layers and
// vocabulary slices). BadInput when the tokens do not fill one window or ctx < 4.
ReferenceStates compute_reference_states(LayerSource& reference, Backend& backend, const std::vector<int32_t>& tokens,
                                         const CompareOptions& options, const Progress& progress = {});

// Runs the candidate layer by layer (stage "evaluating") with `transform` (may be null) on its
// activations, and scores it against the reference, whose head rows come from `reference`.
LogitComparison compare_layer_major(const ReferenceStates& reference_states, LayerSource& reference,
                                    LayerSource& candidate, Backend& backend, ActivationTransform* transform,
                                    const Progress& progress = {});

}  // namespace rs
