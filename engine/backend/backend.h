// The compute backend behind the forward pass. The CPU backend is the reference;
// the CUDA backend is checked against it op by op (tests/engine/cuda_backend_test.cpp).
#pragma once
#include <memory>
#include <string>

#include "model/model.h"

namespace rs {

class Backend {
public:
    virtual ~Backend() = default;
    virtual std::string name() const = 0;
    // y[t, :] = x[t, :] · Wᵀ + b  for every row t (y is resized).
    virtual void linear(const MatrixRM& x, const Linear& layer, MatrixRM& y) = 0;
    // y[t, :] = x[t, :] / sqrt(mean(x[t, :]²) + eps) ⊙ w
    virtual void rms_norm(const MatrixRM& x, const VectorF& w, float eps, MatrixRM& y) = 0;
};

// Options of the CPU backend.
struct BackendOptions {
    // Emulate llama.cpp's CPU matmul numerics (activations converted to Q8_0/Q8_1/Q8_K/F16 per
    // weight type, see backend/cpu/llamacpp_numerics.h) instead of exact fp32. Off: the reference.
    bool llamacpp_numerics = false;
};

std::unique_ptr<Backend> make_cpu_backend(const BackendOptions& options = {});

// True when the engine was built with CUDA and a device is present.
bool cuda_backend_available();
// Throws rs::Error(Runtime) when CUDA is not built in or no device is present.
std::unique_ptr<Backend> make_cuda_backend();

}  // namespace rs
