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

std::unique_ptr<Backend> make_cpu_backend();

// True when the engine was built with CUDA and a device is present.
bool cuda_backend_available();
// Throws rs::Error(Runtime) when CUDA is not built in or no device is present.
std::unique_ptr<Backend> make_cuda_backend();

}  // namespace rs
