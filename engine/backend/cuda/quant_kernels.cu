// Compiled with -fmad=false (engine/CMakeLists.txt): element_math.h's products and sums must
// round as the host's do, and nvcc would otherwise contract them into fused multiply-adds.
#include "backend/cuda/quant_kernels.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "backend/cuda/cuda_check.h"
#include "backend/cuda/dtype_device.cuh"
#include "backend/cuda/hadamard_device.cuh"
#include "backend/cuda/hadamard_kernels.h"

namespace rs::cuda {
namespace {

using quant::ElementParams;
using quant::GroupScale;
using quant::GroupStats;

constexpr unsigned kFull = 0xffffffffu;
constexpr int kThreads = 256;

__device__ inline GroupStats shfl_xor_stats(const GroupStats& s, int offset) {
    GroupStats o;
    o.amax = __shfl_xor_sync(kFull, s.amax, offset);
    o.lo = __shfl_xor_sync(kFull, s.lo, offset);
    o.hi = __shfl_xor_sync(kFull, s.hi, offset);
    return o;
}

__device__ inline GroupScale shfl_scale(const GroupScale& g, int src) {
    GroupScale o;
    o.scale = __shfl_sync(kFull, g.scale, src);
    o.zero_point = __shfl_sync(kFull, g.zero_point, src);
    o.byte = static_cast<uint8_t>(__shfl_sync(kFull, static_cast<int>(g.byte), src));
    return o;
}

__device__ inline void store_scale(const QuantOutputs& out, int64_t span_index, const GroupScale& g) {
    if (out.scales) out.scales[span_index] = g.scale;
    if (out.scale_bytes) out.scale_bytes[span_index] = g.byte;
    if (out.zero_points) out.zero_points[span_index] = g.zero_point;
}

unsigned grid_for(int64_t threads_wanted) {
    const int64_t ctas = std::max<int64_t>(1, std::min<int64_t>((threads_wanted + kThreads - 1) / kThreads, 1 << 20));
    return static_cast<unsigned>(ctas);
}

// Spans of 1..32 elements that divide 32: one element per lane, the span's statistics by xor
// shuffles inside its aligned lane group.
template <typename T>
__global__ void small_span_kernel(const __grid_constant__ ElementParams p, const T* x, T* deq, int64_t n, int span,
                                  float ratio, QuantOutputs out) {
    const int lane = threadIdx.x & 31;
    const int64_t warp = (static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x) >> 5;
    const int64_t warps = (static_cast<int64_t>(gridDim.x) * blockDim.x) >> 5;
    for (int64_t base = warp * 32; base < n; base += warps * 32) {
        const int64_t i = base + lane;
        const bool valid = i < n;
        const float v = valid ? load_f32(x[i]) : 0.0f;
        GroupStats s;
        quant::stats_add(s, v);
        for (int off = 1; off < span; off <<= 1) s = quant::stats_merge(s, shfl_xor_stats(s, off));
        // The span's first lane fits the scale; the others take it (the fit is the costly part
        // of a small span: NVFP4's E4M3 search, MX's exponent).
        const int leader = lane & ~(span - 1);
        GroupScale g;
        if (lane == leader) g = quant::fit_group(p, s, ratio);
        g = shfl_scale(g, leader);
        if (!valid) continue;
        int32_t c = 0;
        const float q = quant::quantize_element(p, v, g, c);
        deq[i] = store_as<T>(q);
        if (out.codes) out.codes[i] = c;
        if (lane % span == 0) store_scale(out, i / span, g);
    }
}

// The mse search of one span by one thread, in the CPU's order (ratios 1.00 down to 0.50, each
// error summed over the span in index order in double), so that ties resolve identically.
template <typename T>
__device__ GroupScale mse_search(const ElementParams& p, const T* xs, int64_t span, const GroupStats& s) {
    GroupScale best = quant::fit_group(p, s, 1.0f);
    double best_err = quant::hd::infinity();
    for (int step = 0; step < quant::kMseSteps; ++step) {
        const GroupScale g = quant::fit_group(p, s, quant::mse_ratio(step));
        double err = 0.0;
        for (int64_t i = 0; i < span; ++i) {
            const float v = load_f32(xs[i]);
            int32_t c = 0;
            const double d = static_cast<double>(quant::quantize_element(p, v, g, c)) - v;
            err += d * d;
        }
        if (err < best_err) {
            best_err = err;
            best = g;
        }
    }
    return best;
}

// Any span length: one warp per span (statistics by a strided pass and a warp reduction).
template <typename T>
__global__ void warp_span_kernel(const __grid_constant__ ElementParams p, const T* x, T* deq, int64_t n_spans,
                                 int64_t span, float ratio, bool mse, QuantOutputs out) {
    const int lane = threadIdx.x & 31;
    const int64_t warp = (static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x) >> 5;
    const int64_t warps = (static_cast<int64_t>(gridDim.x) * blockDim.x) >> 5;
    for (int64_t k = warp; k < n_spans; k += warps) {
        const T* xs = x + k * span;
        GroupStats s;
        for (int64_t i = lane; i < span; i += 32) quant::stats_add(s, load_f32(xs[i]));
        for (int off = 16; off > 0; off >>= 1) s = quant::stats_merge(s, shfl_xor_stats(s, off));
        GroupScale g;
        if (mse) {
            if (lane == 0) g = mse_search(p, xs, span, s);
            g = shfl_scale(g, 0);
        } else {
            g = quant::fit_group(p, s, ratio);
        }
        // Read every element before writing any: deq may alias x.
        T* ds = deq + k * span;
        for (int64_t i = lane; i < span; i += 32) {
            int32_t c = 0;
            const float q = quant::quantize_element(p, load_f32(xs[i]), g, c);
            ds[i] = store_as<T>(q);
            if (out.codes) out.codes[k * span + i] = c;
        }
        if (lane == 0) store_scale(out, k, g);
    }
}

// Statistics of the whole tensor: per-thread, warp and CTA reductions, then atomics on the bit
// patterns (amax, hi and -lo are never negative, and non-negative floats order as their bits).
struct StatsBits {
    unsigned amax, neg_lo, hi;
};

template <typename T>
__global__ void stats_kernel(const T* x, int64_t n, StatsBits* out) {
    GroupStats s;
    const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
    for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride)
        quant::stats_add(s, load_f32(x[i]));
    for (int off = 16; off > 0; off >>= 1) s = quant::stats_merge(s, shfl_xor_stats(s, off));
    __shared__ float warp_amax[kThreads / 32], warp_lo[kThreads / 32], warp_hi[kThreads / 32];
    const int lane = threadIdx.x & 31, w = threadIdx.x >> 5;
    if (lane == 0) {
        warp_amax[w] = s.amax;
        warp_lo[w] = s.lo;
        warp_hi[w] = s.hi;
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        GroupStats t;
        for (int i = 0; i < kThreads / 32; ++i) {
            GroupStats o;
            o.amax = warp_amax[i];
            o.lo = warp_lo[i];
            o.hi = warp_hi[i];
            t = quant::stats_merge(t, o);
        }
        atomicMax(&out->amax, __float_as_uint(t.amax));
        atomicMax(&out->neg_lo, __float_as_uint(0.0f - t.lo));
        atomicMax(&out->hi, __float_as_uint(t.hi));
    }
}

__global__ void stats_finish_kernel(StatsBits* bits) {
    // In place: StatsBits and GroupStats have the same size; lo is stored negated.
    GroupStats s;
    s.amax = __uint_as_float(bits->amax);
    s.lo = 0.0f - __uint_as_float(bits->neg_lo);
    s.hi = __uint_as_float(bits->hi);
    *reinterpret_cast<GroupStats*>(bits) = s;
}

template <typename T>
__global__ void tensor_kernel(const __grid_constant__ ElementParams p, const T* x, T* deq, int64_t n,
                              const GroupStats* stats, float ratio, QuantOutputs out) {
    const GroupScale g = quant::fit_group(p, *stats, ratio);
    const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
    const int64_t first = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    for (int64_t i = first; i < n; i += stride) {
        int32_t c = 0;
        deq[i] = store_as<T>(quant::quantize_element(p, load_f32(x[i]), g, c));
        if (out.codes) out.codes[i] = c;
    }
    if (first == 0) store_scale(out, 0, g);
}

// One CTA per row: load, rotate in shared memory, then warps take the row's spans.
template <typename T>
__global__ void rotate_quantize_kernel(const __grid_constant__ ElementParams p, T* x, int64_t cols, int64_t block,
                                       int k, int64_t P, const int8_t* __restrict__ hk,
                                       const float* __restrict__ signs, bool transpose, float scale, int64_t span,
                                       float ratio, QuantOutputs out) {
    extern __shared__ float smem[];
    float* s = smem;
    float* tmp = smem + cols;
    T* row = x + static_cast<int64_t>(blockIdx.x) * cols;
    const int64_t h = load_for_hadamard(s, row, cols, block, P, signs, transpose);
    const float factor = shared_hadamard(s, tmp, cols, block, k, P, h, hk, transpose, scale);
    // The pending scale and the transpose's signs, in the standalone kernel's order.
    if (factor != 1.0f || (signs && transpose)) {
        for (int64_t e = threadIdx.x; e < cols; e += blockDim.x) {
            float v = s[e] * factor;
            if (signs && transpose) v *= signs[e % block];
            s[e] = v;
        }
        __syncthreads();
    }
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, n_warps = blockDim.x >> 5;
    const int64_t spans = cols / span;
    for (int64_t j = warp; j < spans; j += n_warps) {
        const float* xs = s + j * span;
        GroupStats st;
        for (int64_t i = lane; i < span; i += 32) quant::stats_add(st, xs[i]);
        for (int off = 16; off > 0; off >>= 1) st = quant::stats_merge(st, shfl_xor_stats(st, off));
        const GroupScale g = quant::fit_group(p, st, ratio);
        const int64_t first = static_cast<int64_t>(blockIdx.x) * cols + j * span;
        for (int64_t i = lane; i < span; i += 32) {
            int32_t c = 0;
            row[j * span + i] = store_as<T>(quant::quantize_element(p, xs[i], g, c));
            if (out.codes) out.codes[first + i] = c;
        }
        if (lane == 0) store_scale(out, first / span, g);
    }
}

}  // namespace

void fake_quant_spans(const ElementParams& p, const void* x, void* deq, DType dtype, int64_t n_spans, int64_t span,
                      float clip_ratio, bool mse, const QuantOutputs& out, cudaStream_t stream) {
    if (n_spans <= 0 || span <= 0) return;
    const int64_t n = n_spans * span;
    const bool small = !mse && span <= 32 && 32 % span == 0;
    dispatch_dtype(dtype, [&](auto tag) {
        using T = decltype(tag);
        if (small) {
            small_span_kernel<T><<<grid_for(n), kThreads, 0, stream>>>(p, static_cast<const T*>(x), static_cast<T*>(deq),
                                                                       n, static_cast<int>(span), clip_ratio, out);
        } else {
            warp_span_kernel<T><<<grid_for(n_spans * 32), kThreads, 0, stream>>>(
                p, static_cast<const T*>(x), static_cast<T*>(deq), n_spans, span, clip_ratio, mse, out);
        }
    });
    check(cudaGetLastError(), "fake-quant kernel launch");
}

void tensor_stats(const void* x, DType dtype, int64_t n, GroupStats* stats, cudaStream_t stream) {
    static_assert(sizeof(StatsBits) == sizeof(GroupStats), "stats are finished in place");
    check(cudaMemsetAsync(stats, 0, sizeof(GroupStats), stream), "cudaMemsetAsync (tensor stats)");
    auto* bits = reinterpret_cast<StatsBits*>(stats);
    if (n > 0)
        dispatch_dtype(dtype, [&](auto tag) {
            using T = decltype(tag);
            stats_kernel<T><<<std::min<unsigned>(grid_for(n), 1024), kThreads, 0, stream>>>(static_cast<const T*>(x), n, bits);
        });
    stats_finish_kernel<<<1, 1, 0, stream>>>(bits);
    check(cudaGetLastError(), "tensor statistics kernel launch");
}

void fake_quant_tensor(const ElementParams& p, const void* x, void* deq, DType dtype, int64_t n, float clip_ratio,
                       GroupStats* stats, const QuantOutputs& out, cudaStream_t stream) {
    if (n <= 0) return;
    tensor_stats(x, dtype, n, stats, stream);
    dispatch_dtype(dtype, [&](auto tag) {
        using T = decltype(tag);
        tensor_kernel<T><<<grid_for(n), kThreads, 0, stream>>>(p, static_cast<const T*>(x), static_cast<T*>(deq), n,
                                                               stats, clip_ratio, out);
    });
    check(cudaGetLastError(), "per-tensor fake-quant kernel launch");
}

void rotate_quantize_rows(const ElementParams& p, void* x, DType dtype, int64_t rows, int64_t cols,
                          const HadamardLaunch& h, int64_t span, float clip_ratio, const QuantOutputs& out,
                          cudaStream_t stream) {
    if (rows == 0 || cols == 0) return;
    if (h.block <= 0 || cols % h.block != 0 || h.block % h.k != 0 || span <= 0 || cols % span != 0)
        fail_runtime("cuda rotate-quantize: " + std::to_string(cols) + " columns, rotation blocks of " +
                     std::to_string(h.block) + ", quantization spans of " + std::to_string(span));
    const int64_t P = h.block / h.k;
    if ((P & (P - 1)) != 0) fail_runtime("cuda rotate-quantize: block " + std::to_string(h.block) + " is not k times a power of two");
    if (!rotate_quantize_fits(cols, h.k))
        fail_runtime("cuda rotate-quantize: a row of " + std::to_string(cols) + " does not fit in shared memory");
    const std::size_t shared = rotate_quantize_shared_bytes(cols, h.k);
    if (rows > 0x7fffffff) fail_runtime("cuda rotate-quantize: too many rows");
    const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(h.block)));
    dispatch_dtype(dtype, [&](auto tag) {
        using T = decltype(tag);
        auto kernel = rotate_quantize_kernel<T>;
        check(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(shared)),
              "cudaFuncSetAttribute (rotate-quantize shared memory)");
        kernel<<<static_cast<unsigned>(rows), kThreads, shared, stream>>>(p, static_cast<T*>(x), cols, h.block, h.k, P,
                                                                          h.hk, h.signs, h.transpose, scale, span,
                                                                          clip_ratio, out);
    });
    check(cudaGetLastError(), "rotate-quantize kernel launch");
}

}  // namespace rs::cuda
