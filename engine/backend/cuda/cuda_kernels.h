// The CUDA kernels of the backend behind plain-pointer launchers. Nothing here sees Eigen:
// nvcc compiles only cuda_kernels.cu, and the Eigen-facing code stays in host C++.
// All matrices are row-major and contiguous, on the device.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

namespace rs::cuda {

// y[r, c] += b[c] for y of shape [rows, cols].
void add_bias(float* y, const float* b, int64_t rows, int64_t cols, cudaStream_t stream);

// y[r, :] = x[r, :] / sqrt(mean(x[r, :]²) + eps) ⊙ w for x, y of shape [rows, cols], w of [cols].
// rows must fit in an int (one block per row). y may equal x.
void rms_norm(const float* x, const float* w, float eps, float* y, int64_t rows, int64_t cols,
              cudaStream_t stream);

}  // namespace rs::cuda
