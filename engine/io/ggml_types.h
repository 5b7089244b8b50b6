// ggml tensor element types: block layouts, a traits table indexed by ggml type id, fp16/bf16
// conversion and scalar reference quantizers for the simple (non-K) block types.
//
// Block layouts follow ggml's ggml-common.h (see docs/research/formats.md section 5.3). All
// multi-byte fields are little-endian; fp16 fields are stored as raw uint16_t bits. Dequantizers
// read blocks through memcpy, so source pointers need no particular alignment (a GGUF file
// with general.alignment 1 is legal).
#pragma once
#include <cstdint>

namespace rs {

enum class GgmlType : uint32_t {
    F32 = 0, F16 = 1, Q4_0 = 2, Q4_1 = 3, Q5_0 = 6, Q5_1 = 7, Q8_0 = 8, Q8_1 = 9,
    Q2_K = 10, Q3_K = 11, Q4_K = 12, Q5_K = 13, Q6_K = 14, Q8_K = 15,
    IQ2_XXS = 16, IQ2_XS = 17, IQ3_XXS = 18, IQ1_S = 19, IQ4_NL = 20, IQ3_S = 21, IQ2_S = 22,
    IQ4_XS = 23, I8 = 24, I16 = 25, I32 = 26, I64 = 27, F64 = 28, IQ1_M = 29, BF16 = 30,
    TQ1_0 = 34, TQ2_0 = 35, MXFP4 = 39, NVFP4 = 40, Q1_0 = 41,
};

struct GgmlTypeTraits {
    const char* name;
    int64_t block_size;  // elements per block
    int64_t type_size;   // bytes per block
    // Dequantizes n elements (a multiple of block_size); null when this build cannot decode
    // the type (it can still be listed and its bytes copied).
    void (*to_float)(const uint8_t* src, float* dst, int64_t n);
};

// nullptr for unknown or retired ids (4, 5, 31-33, 36-38, ...).
const GgmlTypeTraits* ggml_type_traits(uint32_t type);
inline const GgmlTypeTraits* ggml_type_traits(GgmlType type) { return ggml_type_traits(static_cast<uint32_t>(type)); }
// "Q4_K", or "type 77" for unknown ids.
const char* ggml_type_name(uint32_t type);
// Highest id the traits table covers (exclusive bound), for loops in tests and tools.
constexpr uint32_t kGgmlTypeCount = 42;

float fp16_to_fp32(uint16_t h);
uint16_t fp32_to_fp16(float f);  // round to nearest even; overflow -> inf; NaN stays NaN
float bf16_to_fp32(uint16_t h);
uint16_t fp32_to_bf16(float f);  // round to nearest even; NaN stays (quiet) NaN

// ---- block structs (sizes must match ggml byte for byte) ----
constexpr int kQK = 32;    // elements per simple block
constexpr int kQKK = 256;  // elements per K-quant super-block

struct block_q4_0 { uint16_t d; uint8_t qs[kQK / 2]; };
struct block_q4_1 { uint16_t d; uint16_t m; uint8_t qs[kQK / 2]; };
struct block_q5_0 { uint16_t d; uint8_t qh[4]; uint8_t qs[kQK / 2]; };
struct block_q5_1 { uint16_t d; uint16_t m; uint8_t qh[4]; uint8_t qs[kQK / 2]; };
struct block_q8_0 { uint16_t d; int8_t qs[kQK]; };
struct block_q8_1 { uint16_t d; uint16_t s; int8_t qs[kQK]; };  // s = d * sum(qs)
struct block_q2_K { uint8_t scales[kQKK / 16]; uint8_t qs[kQKK / 4]; uint16_t d; uint16_t dmin; };
struct block_q3_K { uint8_t hmask[kQKK / 8]; uint8_t qs[kQKK / 4]; uint8_t scales[12]; uint16_t d; };
struct block_q4_K { uint16_t d; uint16_t dmin; uint8_t scales[12]; uint8_t qs[kQKK / 2]; };
struct block_q5_K { uint16_t d; uint16_t dmin; uint8_t scales[12]; uint8_t qh[kQKK / 8]; uint8_t qs[kQKK / 2]; };
struct block_q6_K { uint8_t ql[kQKK / 2]; uint8_t qh[kQKK / 4]; int8_t scales[kQKK / 16]; uint16_t d; };
struct block_q8_K { float d; int8_t qs[kQKK]; int16_t bsums[kQKK / 16]; };
struct block_iq4_nl { uint16_t d; uint8_t qs[kQK / 2]; };
struct block_mxfp4 { uint8_t e; uint8_t qs[kQK / 2]; };       // e: E8M0 shared exponent
struct block_nvfp4 { uint8_t d[4]; uint8_t qs[32]; };         // d: UE4M3 per 16 elements

static_assert(sizeof(block_q4_0) == 18);
static_assert(sizeof(block_q4_1) == 20);
static_assert(sizeof(block_q5_0) == 22);
static_assert(sizeof(block_q5_1) == 24);
static_assert(sizeof(block_q8_0) == 34);
static_assert(sizeof(block_q8_1) == 36);
static_assert(sizeof(block_q2_K) == 84);
static_assert(sizeof(block_q3_K) == 110);
static_assert(sizeof(block_q4_K) == 144);
static_assert(sizeof(block_q5_K) == 176);
static_assert(sizeof(block_q6_K) == 210);
static_assert(sizeof(block_q8_K) == 292);
static_assert(sizeof(block_iq4_nl) == 18);
static_assert(sizeof(block_mxfp4) == 17);
static_assert(sizeof(block_nvfp4) == 36);

// ---- reference quantizers (ggml's scalar *_ref algorithms, formats.md 5.3) ----
// n must be a multiple of 32; dst receives n/32 blocks.
void quantize_row_q8_0(const float* x, block_q8_0* dst, int64_t n);
void quantize_row_q4_0(const float* x, block_q4_0* dst, int64_t n);
void quantize_row_q4_1(const float* x, block_q4_1* dst, int64_t n);
void quantize_row_q5_0(const float* x, block_q5_0* dst, int64_t n);
void quantize_row_q5_1(const float* x, block_q5_1* dst, int64_t n);

// Bytes needed for n elements of `type` (n a multiple of its block size); -1 if unknown.
int64_t ggml_row_size(uint32_t type, int64_t n);

}  // namespace rs
