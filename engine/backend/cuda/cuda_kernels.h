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

// sum[j·k + i] += c[j·k + i] for i >= j: the lower triangle of a column-major k×k float matrix
// into a double one.
void accumulate_lower(const float* c, double* sum, int64_t k, cudaStream_t stream);

// a[i·k + i] = diag[i] + lambda for the column-major k×k double a (diag on the device).
void set_diagonal(double* a, const double* diag, double lambda, int64_t k, cudaStream_t stream);
// The k×k identity into the column-major a.
void set_identity(double* a, int64_t k, cudaStream_t stream);
// u(i, j) = float(m(k-1-i, k-1-j)) for column-major k×k m and u: J M J in float.
void reverse_to_float(const double* m, float* u, int64_t k, cudaStream_t stream);

}  // namespace rs::cuda
