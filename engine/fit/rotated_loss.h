// The language-model loss of a model under rotations R1 (the residual stream) and R2 (per layer,
// the heads of V and the input of O), and its gradient with respect to them: what SpinQuant's
// Cayley SGD descends (fit/cayley.h).
//
// The rotations act on activations, not on fused weights: the residual stream is carried in the
// R1 basis (h·R1), every linear that reads it gets a·R1ᵀ (a: the fake-quantized, rotated input),
// every linear that writes it returns y·R1; V is taken to the R2 basis before the KV quantizer and
// O's input is taken back after its activation quantizer. Without quantizers this is the original
// function for any orthogonal R1/R2 (and for any R1/R2, a differentiable function of their
// entries); with them, the quantizers see exactly what they see in the fused model
// (rotate/fuse.h). The weights stay unquantized (W16, as SpinQuant learns at W16A4KV4).
// Quantizers pass gradients straight through (STE). One window from position 0, no cache.
#pragma once
#include <memory>
#include <vector>

#include "model/model.h"
#include "runtime/decoder_block.h"
#include "runtime/grad_ops.h"

namespace rs {

template <typename T>
struct RotationParams {
    grad::Mat<T> r1;               // d_model × d_model
    std::vector<grad::Mat<T>> r2;  // one head_dim × head_dim per layer; empty: no R2
};

template <typename T>
class RotatedLoss {
public:
    // `model`: RMSNorm weights folded (rotate/fuse.h fold_norms), with the online R3/R4 the quantized
    // model will run (fuse_rotations with only R3/R4 on); `quant`: the activation and KV
    // quantizers (quant/act_quant.h FakeQuantActivations), or null. Both must outlive this object.
    // BadInput (one line) for norms that are not folded.
    RotatedLoss(const Model& model, ActivationTransform* quant);
    ~RotatedLoss();

    // Mean next-token cross-entropy of `tokens` (nats). With `grad`, its gradient with respect to
    // R1 and every R2 (overwritten, shaped as `rot`); with `logits`, the window's logits.
    // BadInput for rotations of the wrong shape or tokens outside the vocabulary.
    double loss(const RotationParams<T>& rot, const std::vector<int32_t>& tokens, RotationParams<T>* grad,
                grad::Mat<T>* logits = nullptr);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rs
