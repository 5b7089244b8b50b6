#include "quant/quantized_layers.h"

#include "core/error.h"

namespace rs {
namespace {

class RtnLayers final : public DerivedLayerSource {
public:
    RtnLayers(LayerSource& base, const quant::FormatSpec& spec, bool head, WeightQuantReport* report,
              const QuantizedWeightSink* sink)
        : DerivedLayerSource(base), spec_(spec), head_(head), report_(report), sink_(sink) {}
    const ModelConfig& cfg() const override { return base_.cfg(); }
    const OnlineRotations& online() const override { return base_.online(); }
    void embedding_rows(std::span<const int32_t> tokens, MatrixRM& out) override { base_.embedding_rows(tokens, out); }
    const VectorF& out_norm() override { return base_.out_norm(); }
    void head_rows(int64_t r0, int64_t n, MatrixRM& out) override {
        if (!head_) return base_.head_rows(r0, n, out);
        MatrixRM rows;
        base_.head_rows(r0, n, rows);
        quantize_head_rows_rtn(rows, out, spec_);
    }

private:
    Layer derive(const Layer& base_layer, int l) override { return quantize_layer_rtn(base_layer, l, spec_, report_, sink_); }
    quant::FormatSpec spec_;
    bool head_;
    WeightQuantReport* report_;
    const QuantizedWeightSink* sink_;
};

}  // namespace

std::unique_ptr<LayerSource> rtn_quantized_layers(LayerSource& base, const quant::FormatSpec& spec, bool include_lm_head,
                                                  WeightQuantReport* report, const QuantizedWeightSink* sink) {
    if (include_lm_head && !rtn_row_separable(spec))
        fail_input("lm_head", quant::format_spec_name(spec) +
                                  " has a per-tensor scale; the layer-by-layer engine quantizes the head in row slices");
    if (report) *report = WeightQuantReport{spec, {}};
    return std::make_unique<RtnLayers>(base, spec, include_lm_head, report, sink);
}

}  // namespace rs
