#include <string>

#include "core/error.h"
#include "model/checkpoint.h"
#include "model/layer_source.h"

namespace rs {
namespace {

class ModelLayers final : public LayerSource {
public:
    explicit ModelLayers(const Model& m) : m_(m) {}
    const ModelConfig& cfg() const override { return m_.cfg; }
    const OnlineRotations& online() const override { return m_.online; }
    void embedding_rows(std::span<const int32_t> tokens, MatrixRM& out) override {
        out.resize(static_cast<int64_t>(tokens.size()), m_.cfg.d_model);
        for (size_t t = 0; t < tokens.size(); ++t) {
            if (tokens[t] < 0 || tokens[t] >= m_.cfg.n_vocab)
                fail_runtime("token id " + std::to_string(tokens[t]) + " is outside the vocabulary of " +
                             std::to_string(m_.cfg.n_vocab));
            out.row(static_cast<int64_t>(t)) = m_.tok_embd.row(tokens[t]);
        }
    }
    const Layer& layer(int l) override { return m_.layers.at(static_cast<size_t>(l)); }
    void release(int) override {}
    const VectorF& out_norm() override { return m_.out_norm; }
    void head_rows(int64_t r0, int64_t n, MatrixRM& out) override { out = m_.lm_head.w.middleRows(r0, n); }
    void release_head() override {}
    void release_embedding() override {}

private:
    const Model& m_;
};

class CheckpointLayers final : public LayerSource {
public:
    explicit CheckpointLayers(const Checkpoint& c) : c_(c) { c_.read_out_norm(out_norm_); }
    const ModelConfig& cfg() const override { return c_.cfg(); }
    const OnlineRotations& online() const override { return online_; }
    void embedding_rows(std::span<const int32_t> tokens, MatrixRM& out) override { c_.embedding_rows(tokens, out); }
    const Layer& layer(int l) override {
        if (held_ != l) {
            release(held_);
            c_.read_layer(l, layer_);
            held_ = l;
        }
        return layer_;
    }
    void release(int l) override {
        if (l < 0 || l != held_) return;
        layer_ = Layer{};
        c_.release_layer(l);
        held_ = -1;
    }
    const VectorF& out_norm() override { return out_norm_; }
    void head_rows(int64_t r0, int64_t n, MatrixRM& out) override { c_.head_rows(r0, n, out); }
    void release_head() override { c_.release_head(); }
    void release_embedding() override { c_.release_embedding(); }

private:
    const Checkpoint& c_;
    OnlineRotations online_;
    VectorF out_norm_;
    Layer layer_;
    int held_ = -1;
};

}  // namespace

std::unique_ptr<LayerSource> model_layers(const Model& model) { return std::make_unique<ModelLayers>(model); }
std::unique_ptr<LayerSource> checkpoint_layers(const Checkpoint& checkpoint) {
    return std::make_unique<CheckpointLayers>(checkpoint);
}

}  // namespace rs
