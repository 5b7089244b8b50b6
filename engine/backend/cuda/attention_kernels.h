// Launcher of the fused causal attention kernel (flash-style: keys and values stream through
// shared memory in tiles with an online softmax; no [T, T] score matrix exists anywhere). fp32
// in and out, fp32 accumulation. Plain pointers, no Eigen.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

namespace rs::cuda {

struct AttentionLaunch {
    int n_heads = 0, n_kv_heads = 0, head_dim = 0;
    int64_t rows = 0;  // query rows T
    int64_t pos0 = 0;  // absolute position of the first query; keys 0 .. pos0+T-1 are read
};

// head_dim 32, 64, 96, 128 or 256 (every supported architecture's; the kernel holds head_dim/32
// output values per lane). Others go to the CPU reference.
bool attention_supported(int head_dim);

// q [T, n_heads·D], k and v [>= pos0+T, n_kv_heads·D] (row-major, on the device), out [T, n_heads·D].
void attention(const float* q, const float* k, const float* v, float* out, const AttentionLaunch& a, cudaStream_t stream);

}  // namespace rs::cuda
