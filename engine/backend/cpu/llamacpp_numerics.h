// Emulation of llama.cpp's CPU numerics (ggml-cpu, x86 AVX2/AVX-512 build), for matching its
// greedy output and perplexity. Off by default: Rotoscope's reference forward pass is exact fp32.
//
// What ggml does differently from exact fp32, and what is emulated here:
//  * Matmuls with quantized weights first convert the activation rows to the weight type's
//    "vec_dot_type" and then take integer dot products:
//      Q4_0, Q5_0, Q8_0, IQ4_NL, ...  -> Q8_0: blocks of 32, d = fp16(amax/127),
//                                          q = round_half_even(x * (127/amax))
//      Q4_1, Q5_1                      -> Q8_1: as Q8_0 plus s = fp16(d_fp32 · Σq); the weight
//                                          minimum enters as m_w · s (not m_w · d_fp16 · Σq)
//      K-quants                        -> Q8_K: blocks of 256, float d = 1/(-127/max)
//      F16 / BF16                      -> the activation rounded to F16 / BF16
//    Emulated as quantize→dequantize of the activations, an fp32 GEMM with the dequantized
//    weights, and for Q8_1 a correction Σ_b m_w,b · (s_b − d_b·Σq_b).
//  * The K/V cache is F16 (K, V rounded to fp16 when stored).
//  * Flash attention (on by default on the CPU): with fewer than 64 query rows in a batch the
//    per-row kernel converts Q to F16 and accumulates softmax·V in an F16 buffer (rounded after
//    every key); with 64 or more rows the tiled kernel keeps Q and the accumulator in fp32.
//  * RoPE angles are computed in float as θ_i = p·s^i with s = powf(base, −2/n_dims) applied
//    by repeated multiplication, then cosf/sinf.
#pragma once
#include <cstdint>
#include <string>

#include "model/model.h"

namespace rs::llamacpp {

// IEEE binary16 / bfloat16 conversions with round-to-nearest-even (F16C's _cvtss_sh(x, 0)).
uint16_t fp32_to_fp16(float x);
float fp16_to_fp32(uint16_t h);
inline float round_fp16(float x) { return fp16_to_fp32(fp32_to_fp16(x)); }
float round_bf16(float x);
// _mm256_round_ps(_MM_ROUND_NEAREST): ties to even.
float round_half_even(float x);

enum class ActQuant { None, F16, BF16, Q8_0, Q8_1, Q8_K };
// The activation format ggml's CPU matmul converts to for a weight of this GGUF type
// ("Q4_1", "Q8_0", "F16", ...). None for F32 and unknown names (no conversion).
ActQuant activation_quant_for(const std::string& weight_dtype);
const char* act_quant_name(ActQuant a);
// Whether a weight type has a per-block minimum (m) whose product with the activation sum
// uses the Q8_1 block sum s.
bool weight_has_block_min(const std::string& weight_dtype);

// One block of 32 (Q8_0 / Q8_1). d and s are fp16 values widened to float.
struct Q8Block {
    float d = 0.0f;
    float s = 0.0f;  // Q8_1 only: fp16(d_fp32 · Σq)
    int8_t q[32] = {};
};
void quantize_block_q8_0(const float* x, Q8Block& out);
void quantize_block_q8_1(const float* x, Q8Block& out);
// One block of 256 (Q8_K): float d, no fp16 rounding.
void quantize_block_q8_K(const float* x, float& d, int8_t* q);

// Replaces every row of x (cols a multiple of the block size; other widths are left alone) by
// its quantized-then-dequantized value for `a`. For Q8_1 also returns, per row and block,
// s_b − d_b·Σq_b in `ds_corr` [rows, cols/32] (when non-null).
void fake_quantize_rows(MatrixRM& x, ActQuant a, MatrixRM* ds_corr = nullptr);

// ggml_compute_forward_rms_norm_f32 fused with the weight: Σ of float squares in double, float
// mean and 1/sqrtf, y = x·scale·w.
void rms_norm(const MatrixRM& x, const VectorF& w, float eps, MatrixRM& y);

// y = x · Wᵀ + b as ggml's CPU matmul computes it (up to fp32 summation order).
void linear(const MatrixRM& x, const Linear& layer, MatrixRM& y);

// RoPE with ggml's float angle recurrence, in place on rows at positions pos0.. (same pairing
// as rs::Rope: NEOX after the loader's un-permutation, or NORM).
void rope_apply(const ModelConfig& cfg, MatrixRM& x, int n_heads, int pos0);

// Rounds every element to fp16 (the F16 K/V cache).
void round_fp16_inplace(MatrixRM& x);

// ggml_compute_forward_flash_attn_ext_f16_one_chunk for one query row of one head: q [D]
// (converted to fp16 here), keys/values [n_keys, D] rows (already fp16 values), stride `ld`
// floats between rows. Writes D outputs.
void flash_attn_row_f16(const float* q, const float* k, const float* v, int64_t ld, int n_keys, int D, float scale,
                        float* out);

}  // namespace rs::llamacpp
