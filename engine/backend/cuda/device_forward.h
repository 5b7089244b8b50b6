// The forward pass held on a CUDA device from token ids to token scores (backend.h
// WindowScorer), for evaluating a model without hooks: embedding, RMSNorm, q/k norms, RoPE in
// either pairing, causal attention (attention_kernels.cu), SwiGLU, residual adds, the LM head and
// the log-softmax NLL and top-1 of every scored position. Weights stay on the device in fp32 or
// bf16 (cuBLAS GEMMs, fp32 accumulation; TF32 off), activations in fp32.
//
// The whole model is resident: the backend offers no pass for a model larger than the device
// (evaluation then runs op by op). Streaming layers from pinned host memory (for 70B-class models
// on one GPU) is not written yet.
#pragma once
#include <memory>
#include <string>

#include "backend/backend.h"

namespace rs::cuda {

// Whether the device pass computes this model (else null from the backend): no online
// rotations, attention head size one the kernel has.
bool device_forward_supports(const Model& model, std::string* why = nullptr);

// Whether the weights and one 2048-token window's activations fit in `device`'s free memory;
// `why` says how much is needed and free when not.
bool device_forward_fits(const Model& model, int device, WeightPrecision precision, std::string* why = nullptr);

// Uploads the model to `device`. Runtime error when it does not fit.
std::unique_ptr<WindowScorer> make_device_forward(const Model& model, int device, WeightPrecision precision);

}  // namespace rs::cuda
