// Where a layer-by-layer run takes its weights: one decoder layer at a time, the embedding by
// rows and the LM head by row ranges, so that nothing holds the whole model unless it is already
// loaded. Sources stack: a checkpoint read lazily from its file mapping (or a loaded Model), under
// a fuser that rotates each layer as it passes (rotate/fused_layers.h), under a weight quantizer
// (quant/quantized_layers.h). Each layer is asked for, used and released in order.
#pragma once
#include <memory>
#include <span>
#include <string>

#include "model/model.h"

namespace rs {

class Checkpoint;

class LayerSource {
public:
    virtual ~LayerSource() = default;
    virtual const ModelConfig& cfg() const = 0;
    // The rotations the forward pass must apply to activations (Model::online).
    virtual const OnlineRotations& online() const = 0;
    // The embedding rows of `tokens` (ids checked against the vocabulary).
    virtual void embedding_rows(std::span<const int32_t> tokens, MatrixRM& out) = 0;
    // The embedding's file pages go back (after reading all of it, as an export does); a tied
    // head still reads them when asked.
    virtual void release_embedding() = 0;
    // Decoder layer l in fp32; valid until release(l) or the next layer() call.
    virtual const Layer& layer(int l) = 0;
    // The layer is done: its memory (and file pages) go back. Releasing twice is harmless.
    virtual void release(int l) = 0;
    virtual const VectorF& out_norm() = 0;
    // Rows [r0, r0 + n) of the LM head in fp32.
    virtual void head_rows(int64_t r0, int64_t n, MatrixRM& out) = 0;
    // The head (and a tied embedding) is done.
    virtual void release_head() = 0;
};

// A source whose layers are made from another's (fused, quantized): it keeps the one layer in
// hand, and releases the layer below as soon as its own copy is made.
class DerivedLayerSource : public LayerSource {
public:
    const Layer& layer(int l) final {
        if (held_ != l) {
            layer_ = derive(base_.layer(l), l);
            held_ = l;
            base_.release(l);  // only this copy is needed from here on
        }
        return layer_;
    }
    void release(int l) final {
        if (l == held_) {
            layer_ = Layer{};
            held_ = -1;
        }
        base_.release(l);
    }
    void release_head() override { base_.release_head(); }
    void release_embedding() override { base_.release_embedding(); }

protected:
    explicit DerivedLayerSource(LayerSource& base) : base_(base) {}
    // Layer l of this source from layer l of the base.
    virtual Layer derive(const Layer& base_layer, int l) = 0;
    LayerSource& base_;

private:
    Layer layer_;
    int held_ = -1;
};

// A loaded Model: layers by reference, nothing to release.
std::unique_ptr<LayerSource> model_layers(const Model& model);
// A Checkpoint read lazily: one layer materialized at a time (asking twice for the same layer reads
// it once), its file pages given back on release.
std::unique_ptr<LayerSource> checkpoint_layers(const Checkpoint& checkpoint);

}  // namespace rs
