// The Hadamard transform of data held in shared memory, shared by the standalone transform and
// the fused rotate-then-quantize kernel so that both round identically.
//
// `s` holds `total` floats: consecutive transform blocks of length block = k · P (P a power of
// two). Each block b ← b · (H_k ⊗ H_P) / sqrt(block) (transpose: · (H_k ⊗ H_P)ᵀ), computed as on
// the CPU (rotate/hadamard.cpp): the row of a block read as a k×P matrix X, butterflies on each
// of its rows (X · H_P, Sylvester, unnormalized), then X ← H_kᵀ · X (transpose: H_k · X), then the
// scale.
//
// The butterflies go three stages at a time: a thread takes 8 elements h apart into registers,
// runs stages h, 2h, 4h on them, and writes them back, so that a transform of 2^m needs m/3
// passes over shared memory instead of m. The first three stages (h = 1, 2, 4: 8 consecutive
// elements) run while the row is loaded from device memory. Every stage is the CPU's pair of
// operations (a + b, a - b) on the same operands, so the butterflies are bit-identical to the
// CPU's; the k-mix adds ±values in j order in fp32, where the CPU multiplies by a dense matrix
// (Eigen's order and FMA), so k > 1 differs from the CPU by rounding only.
#pragma once
#include <cstdint>

#include "backend/cuda/dtype_device.cuh"

namespace rs::cuda {

// Base orders up to this size mix in registers (a thread owns one column of X); larger ones
// through a second shared buffer `tmp` of `total` floats.
inline constexpr int kRegisterMixMax = 64;

// Butterfly stages 1, 2, ..., G/2 on G values held in registers.
template <int G>
__device__ inline void register_butterflies(float (&v)[8]) {
#pragma unroll
    for (int st = 1; st < G; st <<= 1)
#pragma unroll
        for (int j = 0; j < G; ++j)
            if (!(j & st)) {
                const float a = v[j], b = v[j + st];
                v[j] = a + b;
                v[j + st] = a - b;
            }
}

// s[e] ← src[e] (⊙ signs[e % block] unless the transform is transposed) for e < total, with the
// butterfly stages 1, 2, 4 of the transform already applied when P >= 8 (src then 16-byte
// aligned, as load8 needs). Returns the first stage still to run.
template <typename T>
__device__ inline int64_t load_for_hadamard(float* s, const T* src, int64_t total, int64_t block, int64_t P,
                                            const float* __restrict__ signs, bool transpose) {
    const bool apply_signs = signs && !transpose;
    if (P >= 8) {
        for (int64_t q = threadIdx.x; q < total / 8; q += blockDim.x) {
            float v[8];
            load8(src + q * 8, v);
            if (apply_signs)
#pragma unroll
                for (int j = 0; j < 8; ++j) v[j] *= signs[(q * 8 + j) % block];
            register_butterflies<8>(v);
#pragma unroll
            for (int j = 0; j < 8; ++j) s[q * 8 + j] = v[j];
        }
        __syncthreads();
        return 8;
    }
    for (int64_t e = threadIdx.x; e < total; e += blockDim.x) {
        float v = load_f32(src[e]);
        if (apply_signs) v *= signs[e % block];
        s[e] = v;
    }
    __syncthreads();
    return 1;
}

// One pass of log2(G) butterfly stages h, 2h, ..., (G/2)h over all sub-blocks of length P.
template <int G>
__device__ inline void shared_butterflies(float* s, int64_t total, int64_t h) {
    const int64_t groups = total / G;
    for (int64_t q = threadIdx.x; q < groups; q += blockDim.x) {
        // Group q: the G elements base + j·h of one chunk of G·h (chunks never cross a sub-block,
        // since P is a multiple of G·h); consecutive threads read consecutive addresses.
        const int64_t low = q % h, base = (q / h) * (h * G) + low;
        float v[8];
#pragma unroll
        for (int j = 0; j < G; ++j) v[j] = s[base + j * h];
        register_butterflies<G>(v);
#pragma unroll
        for (int j = 0; j < G; ++j) s[base + j * h] = v[j];
    }
    __syncthreads();
}

// The rest of the transform after load_for_hadamard (which returned `h`): the remaining
// butterflies, then the k-mix. Returns the factor still to apply to every element: the scale
// when k = 1 (the caller multiplies as it reads, saving a pass), 1 when the mix applied it.
__device__ inline float shared_hadamard(float* s, float* tmp, int64_t total, int64_t block, int k, int64_t P,
                                        int64_t h, const int8_t* __restrict__ hk, bool transpose, float scale) {
    while (h < P) {
        const int64_t left = P / h;  // 2^(stages left)
        if (left >= 8) { shared_butterflies<8>(s, total, h); h *= 8; }
        else if (left == 4) { shared_butterflies<4>(s, total, h); h *= 4; }
        else { shared_butterflies<2>(s, total, h); h *= 2; }
    }
    if (k == 1) return scale;
    // mixed(i, b) = Σ_j H(j, i) X(j, b)   (transpose: H(i, j))
    const int64_t columns = total / k;  // (segment, b) pairs
    if (k <= kRegisterMixMax) {
        for (int64_t c = threadIdx.x; c < columns; c += blockDim.x) {
            const int64_t seg = c / P, b = c % P;
            float* col = s + seg * block + b;
            float v[kRegisterMixMax];
            for (int j = 0; j < k; ++j) v[j] = col[j * P];
            for (int i = 0; i < k; ++i) {
                float acc = 0.0f;
                for (int j = 0; j < k; ++j) {
                    const int8_t hv = transpose ? hk[i * k + j] : hk[j * k + i];
                    acc += hv > 0 ? v[j] : -v[j];
                }
                col[i * P] = acc * scale;
            }
        }
        __syncthreads();
        return 1.0f;
    }
    for (int64_t e = threadIdx.x; e < total; e += blockDim.x) {
        const int64_t seg = e / block, w = e % block, i = w / P, b = w % P;
        const float* col = s + seg * block + b;
        float acc = 0.0f;
        for (int j = 0; j < k; ++j) {
            const int8_t hv = transpose ? hk[i * k + j] : hk[j * k + i];
            acc += hv > 0 ? col[j * P] : -col[j * P];
        }
        tmp[e] = acc * scale;
    }
    __syncthreads();
    for (int64_t e = threadIdx.x; e < total; e += blockDim.x) s[e] = tmp[e];
    __syncthreads();
    return 1.0f;
}

}  // namespace rs::cuda
