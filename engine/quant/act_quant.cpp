#include "quant/act_quant.h"

#include <algorithm>

#include "core/error.h"
#include "quant/fake_quant.h"

namespace rs {
namespace {

// fake_quant over `rows` x `cols` of contiguous floats, written back in place, on the backend
// when it runs the format.
void fake_quant_inplace(Backend* backend, float* data, int64_t rows, int64_t cols, const quant::FormatSpec& spec,
                        std::optional<float> tensor_amax = std::nullopt) {
    if (rows == 0 || cols == 0) return;
    const quant::QuantResult r = backend && backend->supports(BackendOp::FakeQuant, &spec)
                                     ? backend->fake_quant(data, rows, cols, spec, false, tensor_amax)
                                     : quant::fake_quant(data, rows, cols, spec, false, tensor_amax);
    std::copy(r.dequant.begin(), r.dequant.end(), data);
}

}  // namespace

float& ActivationRanges::at(int layer, LinearInput site) {
    if (layer == -1 && site == LinearInput::LmHead) return lm_head;
    if (layer < 0 || layer >= static_cast<int>(layers.size()) || site == LinearInput::LmHead)
        fail_runtime("activation ranges: no input " + std::string(input_traits(site).name) + " at layer " + std::to_string(layer));
    return layers[static_cast<size_t>(layer)][static_cast<size_t>(site)];
}

void ActivationRanges::observe(int layer, LinearInput site, const MatrixRM& x) {
    float& m = at(layer, site);
    if (x.size() > 0) m = std::max(m, x.cwiseAbs().maxCoeff());
}

quant::FormatSpec per_token_spec(quant::FormatSpec spec, const std::string& where, const char* what) {
    if (quant::format_traits(spec.kind).block != 0) return spec;
    if (spec.granularity == quant::Granularity::Tensor || spec.granularity == quant::Granularity::Group)
        fail_input(where,
                   std::string(what) + " format " + quant::format_spec_name(spec) +
                       " must be per token (one scale per row), not per tensor or group");
    spec.granularity = quant::Granularity::Token;
    return spec;
}

FakeQuantActivations::FakeQuantActivations(const ModelConfig& cfg, ActQuantConfig config, const ActivationRanges* ranges,
                                           Backend* backend)
    : head_dim_(cfg.head_dim), config_(std::move(config)), ranges_(ranges), backend_(backend) {
    if (config_.activations) config_.activations = per_token_spec(*config_.activations, "activation quantization", "activation");
    if (config_.kv) {
        quant::FormatSpec s = *config_.kv;
        if (s.static_scale)
            fail_input("activation quantization", "KV format " + quant::format_spec_name(s) +
                                                      ": \"static\" is for linear inputs; K/V scales are not calibrated");
        // One scale per head whatever granularity was asked for: the head is the row here.
        if (quant::format_traits(s.kind).block == 0) s.granularity = quant::Granularity::Token;
        const int block = quant::format_traits(s.kind).block;
        if (block != 0 && head_dim_ % block != 0)
            fail_input("activation quantization", "KV format " + quant::format_spec_name(s) + " needs head_dim (" +
                                                      std::to_string(head_dim_) + ") to be a multiple of " +
                                                      std::to_string(block));
        config_.kv = s;
    }
}

void FakeQuantActivations::linear_input(int layer, LinearInput site, MatrixRM& x) {
    if (!config_.activations) return;
    if (site == LinearInput::LmHead && !config_.quantize_lm_head_input) return;
    std::optional<float> amax;
    if (config_.activations->static_scale) {
        if (!ranges_) fail_runtime("activation format " + quant::format_spec_name(*config_.activations) + " was not calibrated");
        amax = ranges_->at(layer, site);
    }
    fake_quant_inplace(backend_, x.data(), x.rows(), x.cols(), *config_.activations, amax);
}

void FakeQuantActivations::kv(int /*layer*/, MatrixRM& k, MatrixRM& v) {
    if (!config_.kv) return;
    // A row-major [T, n_kv_heads * head_dim] matrix is, byte for byte, [T * n_kv_heads, head_dim].
    for (MatrixRM* m : {&k, &v}) {
        if (m->cols() % head_dim_ != 0) fail_runtime("K/V width is not a multiple of head_dim");
        fake_quant_inplace(backend_, m->data(), m->rows() * (m->cols() / head_dim_), head_dim_, *config_.kv);
    }
}

}  // namespace rs
