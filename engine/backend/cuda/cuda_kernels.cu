#include "backend/cuda/cuda_kernels.h"

#include <algorithm>

#include "backend/cuda/cuda_check.h"

namespace rs::cuda {
namespace {

constexpr int kWarp = 32;
constexpr int kNormThreads = 256;

__global__ void add_bias_kernel(float* y, const float* __restrict__ b, int64_t rows, int64_t cols) {
    const int64_t n = rows * cols;
    const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
    for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride)
        y[i] += b[i % cols];
}

__device__ float warp_sum(float v) {
    // Tree order: each level adds sums of equal size, which keeps the rounding error at
    // O(log n) rather than the O(n) of a running sum.
    for (int offset = kWarp / 2; offset > 0; offset /= 2) v += __shfl_xor_sync(0xffffffffu, v, offset);
    return v;
}

// One block per row. Each thread first sums its strided elements with Kahan compensation
// (a row of 8192 gives each thread 32 terms), then warps and the block add the partial sums
// as trees. That keeps fp32 close to the CPU reference's double sum without using doubles,
// which are slow on most GPUs.
__global__ void rms_norm_kernel(const float* x, const float* __restrict__ w, float eps, float* y, int64_t cols) {
    const float* xr = x + static_cast<int64_t>(blockIdx.x) * cols;
    float* yr = y + static_cast<int64_t>(blockIdx.x) * cols;

    float sum = 0.0f, carry = 0.0f;
    for (int64_t c = threadIdx.x; c < cols; c += kNormThreads) {
        const float term = xr[c] * xr[c] - carry;
        const float next = sum + term;
        carry = (next - sum) - term;
        sum = next;
    }

    __shared__ float partial[kNormThreads / kWarp];
    __shared__ float inv_rms;
    const int lane = threadIdx.x % kWarp, warp = threadIdx.x / kWarp;
    sum = warp_sum(sum);
    if (lane == 0) partial[warp] = sum;
    __syncthreads();
    if (warp == 0) {
        sum = warp_sum(lane < kNormThreads / kWarp ? partial[lane] : 0.0f);
        if (lane == 0) inv_rms = 1.0f / sqrtf(sum / static_cast<float>(cols) + eps);
    }
    __syncthreads();

    const float inv = inv_rms;
    // Same operation order as the CPU reference: (x · inv) ⊙ w.
    for (int64_t c = threadIdx.x; c < cols; c += kNormThreads) yr[c] = (xr[c] * inv) * w[c];
}

}  // namespace

void add_bias(float* y, const float* b, int64_t rows, int64_t cols, cudaStream_t stream) {
    const int64_t n = rows * cols;
    if (n == 0) return;
    constexpr int threads = 256;
    // Grid-stride loop: a bounded grid covers any size.
    const int blocks = static_cast<int>(std::min<int64_t>((n + threads - 1) / threads, 65536));
    add_bias_kernel<<<blocks, threads, 0, stream>>>(y, b, rows, cols);
    check(cudaGetLastError(), "add_bias kernel launch");
}

void rms_norm(const float* x, const float* w, float eps, float* y, int64_t rows, int64_t cols,
              cudaStream_t stream) {
    if (rows == 0 || cols == 0) return;
    rms_norm_kernel<<<static_cast<unsigned>(rows), kNormThreads, 0, stream>>>(x, w, eps, y, cols);
    check(cudaGetLastError(), "rms_norm kernel launch");
}

namespace {

__global__ void accumulate_lower_kernel(const float* c, double* sum, int64_t k) {
    const int64_t idx = int64_t{blockIdx.x} * blockDim.x + threadIdx.x;
    if (idx >= k * k) return;
    const int64_t j = idx / k, i = idx % k;
    if (i >= j) sum[idx] += static_cast<double>(c[idx]);
}

}  // namespace

void accumulate_lower(const float* c, double* sum, int64_t k, cudaStream_t stream) {
    if (k == 0) return;
    constexpr int kThreads = 256;
    accumulate_lower_kernel<<<static_cast<unsigned>((k * k + kThreads - 1) / kThreads), kThreads, 0, stream>>>(c, sum, k);
    check(cudaGetLastError(), "accumulate_lower kernel launch");
}

namespace {

__global__ void set_diagonal_kernel(double* a, const double* diag, double lambda, int64_t k) {
    const int64_t i = int64_t{blockIdx.x} * blockDim.x + threadIdx.x;
    if (i < k) a[i * k + i] = diag[i] + lambda;
}

__global__ void set_identity_kernel(double* a, int64_t k) {
    const int64_t idx = int64_t{blockIdx.x} * blockDim.x + threadIdx.x;
    if (idx < k * k) a[idx] = idx / k == idx % k ? 1.0 : 0.0;
}

__global__ void reverse_to_float_kernel(const double* m, float* u, int64_t k) {
    const int64_t idx = int64_t{blockIdx.x} * blockDim.x + threadIdx.x;
    if (idx >= k * k) return;
    const int64_t j = idx / k, i = idx % k;  // u(i, j), column-major
    u[idx] = static_cast<float>(m[(k - 1 - j) * k + (k - 1 - i)]);
}

unsigned grid_for(int64_t n) { return static_cast<unsigned>((n + 255) / 256); }

}  // namespace

void set_diagonal(double* a, const double* diag, double lambda, int64_t k, cudaStream_t stream) {
    if (k == 0) return;
    set_diagonal_kernel<<<grid_for(k), 256, 0, stream>>>(a, diag, lambda, k);
    check(cudaGetLastError(), "set_diagonal kernel launch");
}

void set_identity(double* a, int64_t k, cudaStream_t stream) {
    if (k == 0) return;
    set_identity_kernel<<<grid_for(k * k), 256, 0, stream>>>(a, k);
    check(cudaGetLastError(), "set_identity kernel launch");
}

void reverse_to_float(const double* m, float* u, int64_t k, cudaStream_t stream) {
    if (k == 0) return;
    reverse_to_float_kernel<<<grid_for(k * k), 256, 0, stream>>>(m, u, k);
    check(cudaGetLastError(), "reverse_to_float kernel launch");
}

}  // namespace rs::cuda
