// Loads and stores of activation elements in fp32 arithmetic; stores round to nearest even
// (the conversion a CPU reference applies to compare with).
#pragma once
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include "backend/cuda/dtype.h"

namespace rs::cuda {

__device__ inline float load_f32(float v) { return v; }
__device__ inline float load_f32(__half v) { return __half2float(v); }
__device__ inline float load_f32(__nv_bfloat16 v) { return __bfloat162float(v); }

template <typename T>
__device__ inline T store_as(float v);
template <>
__device__ inline float store_as<float>(float v) { return v; }
template <>
__device__ inline __half store_as<__half>(float v) { return __float2half_rn(v); }
template <>
__device__ inline __nv_bfloat16 store_as<__nv_bfloat16>(float v) { return __float2bfloat16_rn(v); }

// Eight consecutive elements in one or two 16-byte loads; p must be 16-byte aligned (device
// buffers are, and callers offset them by multiples of 8 elements).
__device__ inline void load8(const float* p, float (&v)[8]) {
    const float4 a = reinterpret_cast<const float4*>(p)[0], b = reinterpret_cast<const float4*>(p)[1];
    v[0] = a.x; v[1] = a.y; v[2] = a.z; v[3] = a.w;
    v[4] = b.x; v[5] = b.y; v[6] = b.z; v[7] = b.w;
}
template <typename H>
__device__ inline void load8_half(const H* p, float (&v)[8]) {
    const uint4 raw = *reinterpret_cast<const uint4*>(p);
    const H* h = reinterpret_cast<const H*>(&raw);
#pragma unroll
    for (int j = 0; j < 8; ++j) v[j] = load_f32(h[j]);
}
__device__ inline void load8(const __half* p, float (&v)[8]) { load8_half(p, v); }
__device__ inline void load8(const __nv_bfloat16* p, float (&v)[8]) { load8_half(p, v); }

// Calls f.template operator()<T>() with the element type of `dtype`.
template <typename F>
inline void dispatch_dtype(DType dtype, F&& f) {
    switch (dtype) {
        case DType::F32: f(float{}); break;
        case DType::F16: f(__half{}); break;
        case DType::BF16: f(__nv_bfloat16{}); break;
    }
}

}  // namespace rs::cuda
