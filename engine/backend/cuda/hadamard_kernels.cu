#include "backend/cuda/hadamard_kernels.h"

#include <atomic>
#include <cmath>
#include <string>

#include "backend/cuda/cuda_check.h"
#include "backend/cuda/dtype_device.cuh"
#include "backend/cuda/hadamard_device.cuh"

namespace rs::cuda {
namespace {

constexpr int kThreads = 256;
// A CTA transforms several blocks of a small order together (one row's heads, or several rows),
// so that a block of 16 does not leave 240 of 256 threads idle.
constexpr int64_t kElementsPerCta = 4096;

int64_t segments_per_cta(int64_t block) { return block >= kElementsPerCta ? 1 : kElementsPerCta / block; }

template <typename T>
__global__ void hadamard_kernel(T* x, int64_t n_segments, int64_t spc, int64_t block, int k, int64_t P,
                                const int8_t* __restrict__ hk, const float* __restrict__ signs, bool transpose,
                                float scale) {
    extern __shared__ float smem[];
    const int64_t seg0 = static_cast<int64_t>(blockIdx.x) * spc;
    const int64_t count = min(spc, n_segments - seg0);
    const int64_t total = count * block;
    T* base = x + seg0 * block;
    float* s = smem;
    float* tmp = smem + spc * block;
    const int64_t h = load_for_hadamard(s, base, total, block, P, signs, transpose);
    const float factor = shared_hadamard(s, tmp, total, block, k, P, h, hk, transpose, scale);
    for (int64_t e = threadIdx.x; e < total; e += blockDim.x) {
        float v = s[e] * factor;
        if (signs && transpose) v *= signs[e % block];
        base[e] = store_as<T>(v);
    }
}

}  // namespace

std::size_t hadamard_shared_bytes(int64_t block, int k) {
    const int64_t elems = segments_per_cta(block) * block * (k > kRegisterMixMax ? 2 : 1);
    return static_cast<std::size_t>(elems) * sizeof(float);
}

std::size_t max_shared_bytes() {
    // Asked once per device: every activation op checks it.
    constexpr int kDevices = 64;
    static std::atomic<int> cached[kDevices] = {};
    int device = 0;
    check(cudaGetDevice(&device), "cudaGetDevice");
    if (device >= 0 && device < kDevices)
        if (const int known = cached[device].load(std::memory_order_relaxed); known > 0) return static_cast<std::size_t>(known);
    int bytes = 0;
    check(cudaDeviceGetAttribute(&bytes, cudaDevAttrMaxSharedMemoryPerBlockOptin, device),
          "cudaDeviceGetAttribute (shared memory per block)");
    if (device >= 0 && device < kDevices) cached[device].store(bytes, std::memory_order_relaxed);
    return static_cast<std::size_t>(bytes);
}

bool hadamard_fits(int64_t block, int k) { return block > 0 && hadamard_shared_bytes(block, k) <= max_shared_bytes(); }

std::size_t rotate_quantize_shared_bytes(int64_t cols, int k) {
    return static_cast<std::size_t>(cols) * sizeof(float) * (k > kRegisterMixMax ? 2 : 1);
}

bool rotate_quantize_fits(int64_t cols, int k) { return cols > 0 && rotate_quantize_shared_bytes(cols, k) <= max_shared_bytes(); }

void hadamard_rows(void* x, DType dtype, int64_t rows, int64_t cols, const HadamardLaunch& h, cudaStream_t stream) {
    if (rows == 0 || cols == 0) return;
    if (h.block <= 0 || cols % h.block != 0 || h.block % h.k != 0)
        fail_runtime("cuda hadamard: " + std::to_string(cols) + " columns in blocks of " + std::to_string(h.block) +
                     " with base order " + std::to_string(h.k));
    const int64_t P = h.block / h.k;
    if ((P & (P - 1)) != 0) fail_runtime("cuda hadamard: block " + std::to_string(h.block) + " is not k times a power of two");
    if (!hadamard_fits(h.block, h.k))
        fail_runtime("cuda hadamard: a block of " + std::to_string(h.block) + " does not fit in shared memory");
    const int64_t n_segments = rows * (cols / h.block);
    const int64_t spc = segments_per_cta(h.block);
    const int64_t ctas = (n_segments + spc - 1) / spc;
    if (ctas > 0x7fffffff) fail_runtime("cuda hadamard: too many rows");
    const std::size_t shared = hadamard_shared_bytes(h.block, h.k);
    const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(h.block)));
    dispatch_dtype(dtype, [&](auto tag) {
        using T = decltype(tag);
        auto kernel = hadamard_kernel<T>;
        check(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(shared)),
              "cudaFuncSetAttribute (hadamard shared memory)");
        kernel<<<static_cast<unsigned>(ctas), kThreads, shared, stream>>>(
            static_cast<T*>(x), n_segments, spc, h.block, h.k, P, h.hk, h.signs, h.transpose, scale);
    });
    check(cudaGetLastError(), "hadamard kernel launch");
}

}  // namespace rs::cuda
