#include "rotate/fused_layers.h"

#include "core/error.h"

namespace rs {
namespace {

class FusedLayers final : public DerivedLayerSource {
public:
    FusedLayers(LayerSource& base, const FusePlan& plan) : DerivedLayerSource(base), fuser_(base.cfg(), plan) {
        cfg_ = base.cfg();
        cfg_.tied_embeddings = false;  // the head is rotated apart from the embedding
        online_ = fuser_.online();
        out_norm_ = VectorF::Ones(cfg_.d_model);
    }
    const ModelConfig& cfg() const override { return cfg_; }
    const OnlineRotations& online() const override { return online_; }
    void embedding_rows(std::span<const int32_t> tokens, MatrixRM& out) override {
        base_.embedding_rows(tokens, out);
        fuser_.embedding_rows(out);
    }
    const VectorF& out_norm() override { return out_norm_; }
    void head_rows(int64_t r0, int64_t n, MatrixRM& out) override {
        Linear head;
        base_.head_rows(r0, n, head.w);
        fuser_.head(head, base_.out_norm());
        out.swap(head.w);
    }
    const LayerFuser& fuser() const { return fuser_; }

private:
    Layer derive(const Layer& base_layer, int l) override {
        Layer L = base_layer;
        fuser_.layer(l, L);
        return L;
    }
    LayerFuser fuser_;
    ModelConfig cfg_;
    OnlineRotations online_;
    VectorF out_norm_;
};

}  // namespace

std::unique_ptr<LayerSource> fused_layers(LayerSource& base, const FusePlan& plan, FuseReport* report) {
    if (base.online().any()) fail_input("", "the model is already rotated (it has online R3/R4 rotations)");
    auto fused = std::make_unique<FusedLayers>(base, plan);
    if (report) fused->fuser().fill_report(*report);
    return fused;
}

}  // namespace rs
