#include <cuda_bf16.h>

#include <cfloat>

#include "backend/cuda/cuda_check.h"
#include "backend/cuda/dtype_device.cuh"
#include "backend/cuda/forward_kernels.h"

namespace rs::cuda {
namespace {

constexpr int kThreads = 256;

unsigned blocks_for(int64_t n) { return static_cast<unsigned>((n + kThreads - 1) / kThreads); }

template <typename T>
__global__ void embed_kernel(const int32_t* ids, const T* table, int64_t rows, int64_t cols, float* out) {
    const int64_t i = int64_t{blockIdx.x} * blockDim.x + threadIdx.x;
    if (i >= rows * cols) return;
    const int64_t t = i / cols, c = i % cols;
    out[i] = load_f32(table[int64_t{ids[t]} * cols + c]);
}

__global__ void rope_kernel(float* x, const float* cos_t, const float* sin_t, int64_t rows, int n_heads, int head_dim,
                            bool neox) {
    const int half = head_dim / 2;
    const int64_t i = int64_t{blockIdx.x} * blockDim.x + threadIdx.x;  // one pair
    if (i >= rows * n_heads * half) return;
    const int64_t t = i / (int64_t{n_heads} * half);
    const int rest = static_cast<int>(i % (int64_t{n_heads} * half));
    const int h = rest / half, p = rest % half;
    float* v = x + t * n_heads * head_dim + int64_t{h} * head_dim;
    float* a = neox ? v + p : v + 2 * p;
    float* b = neox ? v + p + half : v + 2 * p + 1;
    const float c = cos_t[t * half + p], s = sin_t[t * half + p];
    const float x0 = *a, x1 = *b;
    *a = __fsub_rn(__fmul_rn(x0, c), __fmul_rn(x1, s));
    *b = __fadd_rn(__fmul_rn(x0, s), __fmul_rn(x1, c));
}

__global__ void swiglu_kernel(float* gate, const float* up, int64_t n) {
    const int64_t i = int64_t{blockIdx.x} * blockDim.x + threadIdx.x;
    if (i >= n) return;
    const float g = gate[i];
    gate[i] = g / (1.0f + expf(-g)) * up[i];
}

__global__ void add_kernel(float* a, const float* b, int64_t n) {
    const int64_t i = int64_t{blockIdx.x} * blockDim.x + threadIdx.x;
    if (i < n) a[i] += b[i];
}

__global__ void bf16_kernel(const float* x, __nv_bfloat16* y, int64_t n) {
    const int64_t i = int64_t{blockIdx.x} * blockDim.x + threadIdx.x;
    if (i < n) y[i] = __float2bfloat16_rn(x[i]);
}

// One CTA per row: the max and its index, then Σ exp(l − max) in double.
__global__ void token_scores_kernel(const float* logits, const int32_t* targets, int64_t vocab, double* nll, int32_t* top1) {
    __shared__ float best[kThreads];
    __shared__ int64_t best_at[kThreads];
    __shared__ double sums[kThreads];
    const float* row = logits + int64_t{blockIdx.x} * vocab;
    float m = -FLT_MAX;
    int64_t at = 0;
    for (int64_t j = threadIdx.x; j < vocab; j += blockDim.x)
        if (row[j] > m) {
            m = row[j];
            at = j;
        }
    best[threadIdx.x] = m;
    best_at[threadIdx.x] = at;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            const float o = best[threadIdx.x + s];
            const int64_t oat = best_at[threadIdx.x + s];
            if (o > best[threadIdx.x] || (o == best[threadIdx.x] && oat < best_at[threadIdx.x])) {
                best[threadIdx.x] = o;
                best_at[threadIdx.x] = oat;
            }
        }
        __syncthreads();
    }
    const float mx = best[0];
    double sum = 0;
    for (int64_t j = threadIdx.x; j < vocab; j += blockDim.x) sum += exp(static_cast<double>(row[j] - mx));
    sums[threadIdx.x] = sum;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) sums[threadIdx.x] += sums[threadIdx.x + s];
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        nll[blockIdx.x] = log(sums[0]) - static_cast<double>(row[targets[blockIdx.x]] - mx);
        top1[blockIdx.x] = static_cast<int32_t>(best_at[0]);
    }
}

}  // namespace

void embed_rows(const int32_t* ids, const void* table, DType dtype, int64_t rows, int64_t cols, float* out, cudaStream_t stream) {
    if (rows * cols == 0) return;
    if (dtype == DType::BF16)
        embed_kernel<<<blocks_for(rows * cols), kThreads, 0, stream>>>(ids, static_cast<const __nv_bfloat16*>(table), rows, cols, out);
    else
        embed_kernel<<<blocks_for(rows * cols), kThreads, 0, stream>>>(ids, static_cast<const float*>(table), rows, cols, out);
    check(cudaGetLastError(), "embed kernel launch");
}

void rope_rows(float* x, const float* cos_t, const float* sin_t, int64_t rows, int n_heads, int head_dim, bool neox,
               cudaStream_t stream) {
    const int64_t pairs = rows * n_heads * (head_dim / 2);
    if (pairs == 0) return;
    rope_kernel<<<blocks_for(pairs), kThreads, 0, stream>>>(x, cos_t, sin_t, rows, n_heads, head_dim, neox);
    check(cudaGetLastError(), "rope kernel launch");
}

void swiglu(float* gate, const float* up, int64_t n, cudaStream_t stream) {
    if (n == 0) return;
    swiglu_kernel<<<blocks_for(n), kThreads, 0, stream>>>(gate, up, n);
    check(cudaGetLastError(), "swiglu kernel launch");
}

void add_into(float* a, const float* b, int64_t n, cudaStream_t stream) {
    if (n == 0) return;
    add_kernel<<<blocks_for(n), kThreads, 0, stream>>>(a, b, n);
    check(cudaGetLastError(), "add kernel launch");
}

void to_bf16(const float* x, void* y, int64_t n, cudaStream_t stream) {
    if (n == 0) return;
    bf16_kernel<<<blocks_for(n), kThreads, 0, stream>>>(x, static_cast<__nv_bfloat16*>(y), n);
    check(cudaGetLastError(), "bf16 kernel launch");
}

void token_scores(const float* logits, const int32_t* targets, int64_t rows, int64_t vocab, double* nll, int32_t* top1,
                  cudaStream_t stream) {
    if (rows == 0) return;
    token_scores_kernel<<<static_cast<unsigned>(rows), kThreads, 0, stream>>>(logits, targets, vocab, nll, top1);
    check(cudaGetLastError(), "token score kernel launch");
}

}  // namespace rs::cuda
