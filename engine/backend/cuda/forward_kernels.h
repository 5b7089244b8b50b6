// Launchers of the elementwise and row kernels of the device-resident forward pass
// (device_forward.cpp): embedding rows, RoPE, SwiGLU, residual adds, the bf16 conversion of
// GEMM inputs, and the token scores (log-softmax NLL and top-1) of logit rows. Row-major,
// contiguous, on the device; plain pointers, no Eigen.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "backend/cuda/dtype.h"

namespace rs::cuda {

// out[t, :] = table[ids[t], :] as fp32 (table fp32 or bf16, [vocab, cols]). Ids are checked on
// the host.
void embed_rows(const int32_t* ids, const void* table, DType dtype, int64_t rows, int64_t cols, float* out, cudaStream_t stream);

// RoPE in place on x [rows, n_heads·head_dim]: pairs (i, i + D/2) with `neox`, else (2i, 2i+1),
// rotated by the angles whose cosines and sines are cos_t/sin_t [rows, D/2] (row t's position).
void rope_rows(float* x, const float* cos_t, const float* sin_t, int64_t rows, int n_heads, int head_dim, bool neox,
               cudaStream_t stream);

// gate[i] ← silu(gate[i]) · up[i]
void swiglu(float* gate, const float* up, int64_t n, cudaStream_t stream);

// a[i] += b[i]
void add_into(float* a, const float* b, int64_t n, cudaStream_t stream);

// y[i] = bf16(x[i]), round to nearest even.
void to_bf16(const float* x, void* y, int64_t n, cudaStream_t stream);

// Per row r of logits [rows, vocab]: nll[r] = log Σ_j exp(l_j − max) − (l[target[r]] − max), in
// double as the CPU's token_nll; top1[r] = argmax (the lowest index among equals).
void token_scores(const float* logits, const int32_t* targets, int64_t rows, int64_t vocab, double* nll, int32_t* top1,
                  cudaStream_t stream);

}  // namespace rs::cuda
