// Causal grouped-query attention, one CTA per (tile of query rows, query head):
//
//   - kWarps warps; each warp owns kRowsPerWarp query rows, held in shared memory.
//   - Keys go in tiles of 32: the tile's K and V rows are copied into shared memory once per CTA
//     and read by every warp (K rows padded by one float so that lanes reading one column of 32
//     different rows hit 32 banks).
//   - Scores: lane j computes the dot product of its row's query with key j of the tile, so one
//     warp reduction (max, then sum) per tile and row gives the online softmax statistics.
//   - Output: lane l accumulates dimensions l, l+32, ... of the row (D/32 of them) over the
//     tile's 32 keys, the weights broadcast by shuffles.
//   - Causality: a tile is read while any row of the CTA sees a key in it; per row, keys beyond
//     its position score -inf (weight 0). Key 0 is visible to every row, so the running maximum
//     is finite from the first tile on.
#include <cfloat>
#include <cmath>

#include "backend/cuda/attention_kernels.h"
#include "backend/cuda/cuda_check.h"

namespace rs::cuda {
namespace {

constexpr int kWarps = 4;
constexpr int kRowsPerWarp = 4;
constexpr int kRowsPerCta = kWarps * kRowsPerWarp;
constexpr int kTile = 32;
constexpr unsigned kFull = 0xffffffffu;

__device__ __forceinline__ float warp_max(float v) {
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(kFull, v, o));
    return v;
}
__device__ __forceinline__ float warp_sum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(kFull, v, o);
    return v;
}

template <int D>
__global__ void __launch_bounds__(kWarps * 32) attention_kernel(const float* __restrict__ q, const float* __restrict__ k,
                                                                 const float* __restrict__ v, float* __restrict__ out,
                                                                 AttentionLaunch a, float scale) {
    constexpr int kPer = D / 32;  // output dimensions per lane
    extern __shared__ float smem[];
    float* qs = smem;                              // [kRowsPerCta][D]
    float* ks = qs + kRowsPerCta * D;              // [kTile][D + 1]
    float* vs = ks + kTile * (D + 1);              // [kTile][D]
    const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
    const int h = blockIdx.y;
    const int g = h / (a.n_heads / a.n_kv_heads);
    const int64_t t0 = int64_t{blockIdx.x} * kRowsPerCta;
    const int64_t q_stride = int64_t{a.n_heads} * D, kv_stride = int64_t{a.n_kv_heads} * D;
    const int rows_here = static_cast<int>(a.rows - t0 < kRowsPerCta ? a.rows - t0 : kRowsPerCta);

    for (int i = threadIdx.x; i < kRowsPerCta * D; i += blockDim.x) {
        const int r = i / D, d = i % D;
        qs[i] = r < rows_here ? q[(t0 + r) * q_stride + int64_t{h} * D + d] : 0.0f;
    }

    float m[kRowsPerWarp], l[kRowsPerWarp], acc[kRowsPerWarp][kPer];
#pragma unroll
    for (int r = 0; r < kRowsPerWarp; ++r) {
        m[r] = -FLT_MAX;
        l[r] = 0.0f;
#pragma unroll
        for (int i = 0; i < kPer; ++i) acc[r][i] = 0.0f;
    }
    // Keys the CTA's last row sees.
    const int64_t keys = a.pos0 + t0 + rows_here;
    for (int64_t k0 = 0; k0 < keys; k0 += kTile) {
        __syncthreads();  // the previous tile is consumed (and, the first time, qs is written)
        const int n = static_cast<int>(keys - k0 < kTile ? keys - k0 : kTile);
        for (int i = threadIdx.x; i < kTile * D; i += blockDim.x) {
            const int j = i / D, d = i % D;
            const bool in = j < n;
            ks[j * (D + 1) + d] = in ? k[(k0 + j) * kv_stride + int64_t{g} * D + d] : 0.0f;
            vs[j * D + d] = in ? v[(k0 + j) * kv_stride + int64_t{g} * D + d] : 0.0f;
        }
        __syncthreads();
#pragma unroll
        for (int r = 0; r < kRowsPerWarp; ++r) {
            const int row = warp * kRowsPerWarp + r;
            if (row >= rows_here) break;  // warp-uniform
            const int64_t pos = a.pos0 + t0 + row;
            if (k0 > pos) continue;  // warp-uniform: no key of this tile is visible to the row
            const float* qr = qs + row * D;
            const float* kr = ks + lane * (D + 1);
            float s = 0.0f;
#pragma unroll 8
            for (int d = 0; d < D; ++d) s += qr[d] * kr[d];
            const bool visible = lane < n && k0 + lane <= pos;
            s = visible ? s * scale : -INFINITY;  // scaled after the product, as the reference
            const float m_new = fmaxf(m[r], warp_max(s));
            const float p = visible ? expf(s - m_new) : 0.0f;
            const float correction = expf(m[r] - m_new);
            l[r] = l[r] * correction + warp_sum(p);
            m[r] = m_new;
#pragma unroll
            for (int i = 0; i < kPer; ++i) acc[r][i] *= correction;
            for (int j = 0; j < n; ++j) {
                const float pj = __shfl_sync(kFull, p, j);
#pragma unroll
                for (int i = 0; i < kPer; ++i) acc[r][i] += pj * vs[j * D + lane + 32 * i];
            }
        }
    }
#pragma unroll
    for (int r = 0; r < kRowsPerWarp; ++r) {
        const int row = warp * kRowsPerWarp + r;
        if (row >= rows_here) break;
        const float inv = 1.0f / l[r];
        float* o = out + (t0 + row) * q_stride + int64_t{h} * D;
#pragma unroll
        for (int i = 0; i < kPer; ++i) o[lane + 32 * i] = acc[r][i] * inv;
    }
}

constexpr std::size_t shared_bytes(int d) {
    return sizeof(float) * (std::size_t{kRowsPerCta} * d + std::size_t{kTile} * (d + 1) + std::size_t{kTile} * d);
}

template <int D>
void launch(const float* q, const float* k, const float* v, float* out, const AttentionLaunch& a, cudaStream_t stream) {
    const std::size_t bytes = shared_bytes(D);
    static_assert(shared_bytes(256) <= 227 * 1024, "fits sm_80 and later");
    check(cudaFuncSetAttribute(attention_kernel<D>, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(bytes)),
          "cudaFuncSetAttribute(attention)");
    const dim3 grid(static_cast<unsigned>((a.rows + kRowsPerCta - 1) / kRowsPerCta), static_cast<unsigned>(a.n_heads));
    attention_kernel<D><<<grid, kWarps * 32, bytes, stream>>>(q, k, v, out, a, 1.0f / sqrtf(static_cast<float>(D)));
    check(cudaGetLastError(), "attention kernel launch");
}

}  // namespace

bool attention_supported(int head_dim) { return head_dim == 32 || head_dim == 64 || head_dim == 96 || head_dim == 128 ||
                                                head_dim == 256; }

void attention(const float* q, const float* k, const float* v, float* out, const AttentionLaunch& a, cudaStream_t stream) {
    if (a.rows <= 0) return;
    switch (a.head_dim) {
        case 32: return launch<32>(q, k, v, out, a, stream);
        case 64: return launch<64>(q, k, v, out, a, stream);
        case 96: return launch<96>(q, k, v, out, a, stream);
        case 128: return launch<128>(q, k, v, out, a, stream);
        case 256: return launch<256>(q, k, v, out, a, stream);
        default: break;
    }
    check(cudaErrorInvalidValue, "attention: unsupported head_dim");
}

}  // namespace rs::cuda
