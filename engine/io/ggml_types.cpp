#include "io/ggml_types.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>

namespace rs {

// ---------------------------------------------------------------- fp16 / bf16

float fp16_to_fp32(uint16_t h) {
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    const uint32_t exp = (h >> 10) & 0x1fu;
    const uint32_t mant = h & 0x3ffu;
    if (exp == 0) {
        // Zero or subnormal: mant * 2^-24 is exact in fp32.
        float v = static_cast<float>(mant) * 0x1p-24f;
        return sign ? -v : v;
    }
    if (exp == 31) return std::bit_cast<float>(sign | 0x7f800000u | (mant << 13));  // inf / NaN (payload kept)
    return std::bit_cast<float>(sign | ((exp + 112u) << 23) | (mant << 13));
}

uint16_t fp32_to_fp16(float f) {
    uint32_t x = std::bit_cast<uint32_t>(f);
    const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
    x &= 0x7fffffffu;
    if (x >= 0x7f800000u) {  // inf or NaN; force a mantissa bit so NaN cannot collapse into inf
        return sign | (x > 0x7f800000u ? static_cast<uint16_t>(0x7e00u | ((x >> 13) & 0x3ffu)) : 0x7c00u);
    }
    if (x >= 0x477ff000u) return sign | 0x7c00u;  // >= 65520 rounds to inf
    if (x < 0x38800000u) {
        // Below the smallest normal half: adding 0.5f puts the result's ulp at exactly 2^-24 (the
        // half subnormal step), so the FPU's own round-to-nearest-even does the rounding.
        const float v = std::bit_cast<float>(x) + 0.5f;
        return sign | static_cast<uint16_t>(std::bit_cast<uint32_t>(v) - 0x3f000000u);
    }
    // Normal: rebias the exponent (127 -> 15) and round the 13 dropped bits to nearest even.
    const uint32_t odd = (x >> 13) & 1u;
    x += 0xc8000fffu + odd;
    return sign | static_cast<uint16_t>(x >> 13);
}

float bf16_to_fp32(uint16_t h) { return std::bit_cast<float>(static_cast<uint32_t>(h) << 16); }

uint16_t fp32_to_bf16(float f) {
    const uint32_t x = std::bit_cast<uint32_t>(f);
    if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40u);  // quiet NaN
    return static_cast<uint16_t>((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
}

namespace {

// A 64K-entry table makes F16 tensors (and every fp16 block scale) a single load.
const float* fp16_table() {
    static const std::array<float, 65536>* table = [] {
        auto* t = new std::array<float, 65536>();
        for (uint32_t i = 0; i < 65536; ++i) (*t)[i] = fp16_to_fp32(static_cast<uint16_t>(i));
        return t;
    }();
    return table->data();
}

template <typename B>
inline B load_block(const uint8_t* src, int64_t i) {
    B b;
    std::memcpy(&b, src + i * static_cast<int64_t>(sizeof(B)), sizeof(B));
    return b;
}

// ---------------------------------------------------------------- plain element types

void f32_to_float(const uint8_t* src, float* dst, int64_t n) { std::memcpy(dst, src, static_cast<size_t>(n) * 4); }

void f16_to_float(const uint8_t* src, float* dst, int64_t n) {
    const float* t = fp16_table();
    for (int64_t i = 0; i < n; ++i) {
        uint16_t h;
        std::memcpy(&h, src + 2 * i, 2);
        dst[i] = t[h];
    }
}

void bf16_to_float(const uint8_t* src, float* dst, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
        uint16_t h;
        std::memcpy(&h, src + 2 * i, 2);
        dst[i] = bf16_to_fp32(h);
    }
}

template <typename T>
void cast_to_float(const uint8_t* src, float* dst, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
        T v;
        std::memcpy(&v, src + static_cast<int64_t>(sizeof(T)) * i, sizeof(T));
        dst[i] = static_cast<float>(v);
    }
}

// ---------------------------------------------------------------- 32-element blocks

void q4_0_to_float(const uint8_t* src, float* y, int64_t n) {
    const float* t = fp16_table();
    for (int64_t i = 0; i < n / kQK; ++i, y += kQK) {
        const auto b = load_block<block_q4_0>(src, i);
        const float d = t[b.d];
        for (int j = 0; j < kQK / 2; ++j) {
            y[j] = static_cast<float>((b.qs[j] & 15) - 8) * d;
            y[j + 16] = static_cast<float>((b.qs[j] >> 4) - 8) * d;
        }
    }
}

void q4_1_to_float(const uint8_t* src, float* y, int64_t n) {
    const float* t = fp16_table();
    for (int64_t i = 0; i < n / kQK; ++i, y += kQK) {
        const auto b = load_block<block_q4_1>(src, i);
        const float d = t[b.d], m = t[b.m];
        for (int j = 0; j < kQK / 2; ++j) {
            y[j] = static_cast<float>(b.qs[j] & 15) * d + m;
            y[j + 16] = static_cast<float>(b.qs[j] >> 4) * d + m;
        }
    }
}

void q5_0_to_float(const uint8_t* src, float* y, int64_t n) {
    const float* t = fp16_table();
    for (int64_t i = 0; i < n / kQK; ++i, y += kQK) {
        const auto b = load_block<block_q5_0>(src, i);
        const float d = t[b.d];
        uint32_t qh;
        std::memcpy(&qh, b.qh, 4);
        for (int j = 0; j < kQK / 2; ++j) {
            const int h0 = ((qh >> j) & 1u) << 4, h1 = ((qh >> (j + 16)) & 1u) << 4;
            y[j] = static_cast<float>(((b.qs[j] & 15) | h0) - 16) * d;
            y[j + 16] = static_cast<float>(((b.qs[j] >> 4) | h1) - 16) * d;
        }
    }
}

void q5_1_to_float(const uint8_t* src, float* y, int64_t n) {
    const float* t = fp16_table();
    for (int64_t i = 0; i < n / kQK; ++i, y += kQK) {
        const auto b = load_block<block_q5_1>(src, i);
        const float d = t[b.d], m = t[b.m];
        uint32_t qh;
        std::memcpy(&qh, b.qh, 4);
        for (int j = 0; j < kQK / 2; ++j) {
            const int h0 = ((qh >> j) & 1u) << 4, h1 = ((qh >> (j + 16)) & 1u) << 4;
            y[j] = static_cast<float>((b.qs[j] & 15) | h0) * d + m;
            y[j + 16] = static_cast<float>((b.qs[j] >> 4) | h1) * d + m;
        }
    }
}

void q8_0_to_float(const uint8_t* src, float* y, int64_t n) {
    const float* t = fp16_table();
    for (int64_t i = 0; i < n / kQK; ++i, y += kQK) {
        const auto b = load_block<block_q8_0>(src, i);
        const float d = t[b.d];
        for (int j = 0; j < kQK; ++j) y[j] = static_cast<float>(b.qs[j]) * d;
    }
}

void q8_1_to_float(const uint8_t* src, float* y, int64_t n) {
    const float* t = fp16_table();
    for (int64_t i = 0; i < n / kQK; ++i, y += kQK) {
        const auto b = load_block<block_q8_1>(src, i);
        const float d = t[b.d];
        for (int j = 0; j < kQK; ++j) y[j] = static_cast<float>(b.qs[j]) * d;
    }
}

constexpr int8_t kIq4nlValues[16] = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};
// E2M1 magnitudes doubled, so that a scale of 2^(e-128) (half of E8M0's 2^(e-127)) restores them.
constexpr int8_t kFp4Doubled[16] = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};

void iq4_nl_to_float(const uint8_t* src, float* y, int64_t n) {
    const float* t = fp16_table();
    for (int64_t i = 0; i < n / kQK; ++i, y += kQK) {
        const auto b = load_block<block_iq4_nl>(src, i);
        const float d = t[b.d];
        for (int j = 0; j < kQK / 2; ++j) {
            y[j] = d * static_cast<float>(kIq4nlValues[b.qs[j] & 15]);
            y[j + 16] = d * static_cast<float>(kIq4nlValues[b.qs[j] >> 4]);
        }
    }
}

void mxfp4_to_float(const uint8_t* src, float* y, int64_t n) {
    for (int64_t i = 0; i < n / kQK; ++i, y += kQK) {
        const auto b = load_block<block_mxfp4>(src, i);
        const float d = std::ldexp(1.0f, static_cast<int>(b.e) - 128);
        for (int j = 0; j < kQK / 2; ++j) {
            y[j] = d * static_cast<float>(kFp4Doubled[b.qs[j] & 15]);
            y[j + 16] = d * static_cast<float>(kFp4Doubled[b.qs[j] >> 4]);
        }
    }
}

// Unsigned E4M3 (bias 7), halved to pair with the doubled FP4 values; 0x00 and 0x7F mean 0.
float ue4m3_half(uint8_t x) {
    if (x == 0 || x == 0x7f) return 0.0f;
    const int e = (x >> 3) & 15, m = x & 7;
    const float v = e == 0 ? static_cast<float>(m) * 0x1p-9f : std::ldexp(1.0f + static_cast<float>(m) / 8.0f, e - 7);
    return v * 0.5f;
}

void nvfp4_to_float(const uint8_t* src, float* y, int64_t n) {
    for (int64_t i = 0; i < n / 64; ++i) {
        const auto b = load_block<block_nvfp4>(src, i);
        for (int s = 0; s < 4; ++s, y += 16) {
            const float d = ue4m3_half(b.d[s]);
            for (int j = 0; j < 8; ++j) {
                y[j] = d * static_cast<float>(kFp4Doubled[b.qs[8 * s + j] & 15]);
                y[j + 8] = d * static_cast<float>(kFp4Doubled[b.qs[8 * s + j] >> 4]);
            }
        }
    }
}

// ---------------------------------------------------------------- K-quants (256-element super-blocks)

void q2_K_to_float(const uint8_t* src, float* y, int64_t n) {
    const float* t = fp16_table();
    for (int64_t i = 0; i < n / kQKK; ++i) {
        const auto b = load_block<block_q2_K>(src, i);
        const float d = t[b.d], dmin = t[b.dmin];
        int is = 0;
        for (int half = 0; half < 2; ++half) {
            const uint8_t* q = b.qs + 32 * half;
            for (int j = 0; j < 4; ++j) {
                const int shift = 2 * j;
                for (int part = 0; part < 2; ++part) {
                    const uint8_t sc = b.scales[is++];
                    const float dl = d * static_cast<float>(sc & 15), ml = dmin * static_cast<float>(sc >> 4);
                    for (int l = 0; l < 16; ++l) *y++ = dl * static_cast<float>((q[16 * part + l] >> shift) & 3) - ml;
                }
            }
        }
    }
}

// Q3_K packs sixteen 6-bit scales: low nibbles in bytes 0..7 (two per byte), high 2-bit pairs in 8..11.
inline int q3_K_scale(const uint8_t* s, int k) {
    const int low4 = k < 8 ? (s[k] & 15) : (s[k - 8] >> 4);
    const int high2 = (s[8 + k % 4] >> (2 * (k / 4))) & 3;
    return (low4 | (high2 << 4)) - 32;
}

void q3_K_to_float(const uint8_t* src, float* y, int64_t n) {
    const float* t = fp16_table();
    for (int64_t i = 0; i < n / kQKK; ++i) {
        const auto b = load_block<block_q3_K>(src, i);
        const float d = t[b.d];
        for (int half = 0; half < 2; ++half) {
            const uint8_t* q = b.qs + 32 * half;
            for (int j = 0; j < 4; ++j) {
                const int shift = 2 * j;
                const uint8_t hbit = static_cast<uint8_t>(1u << (4 * half + j));
                for (int part = 0; part < 2; ++part) {
                    const float dl = d * static_cast<float>(q3_K_scale(b.scales, 8 * half + 2 * j + part));
                    for (int l = 16 * part; l < 16 * part + 16; ++l) {
                        const int v = ((q[l] >> shift) & 3) - ((b.hmask[l] & hbit) ? 0 : 4);
                        *y++ = dl * static_cast<float>(v);
                    }
                }
            }
        }
    }
}

// Q4_K/Q5_K: eight 6-bit (scale, min) pairs in 12 bytes.
inline void k4_scale_min(int j, const uint8_t* q, int& sc, int& m) {
    if (j < 4) {
        sc = q[j] & 63;
        m = q[j + 4] & 63;
    } else {
        sc = (q[j + 4] & 15) | ((q[j - 4] >> 6) << 4);
        m = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
    }
}

void q4_K_to_float(const uint8_t* src, float* y, int64_t n) {
    const float* t = fp16_table();
    for (int64_t i = 0; i < n / kQKK; ++i) {
        const auto b = load_block<block_q4_K>(src, i);
        const float d = t[b.d], dmin = t[b.dmin];
        for (int c = 0; c < 4; ++c) {
            const uint8_t* q = b.qs + 32 * c;
            int sc0, m0, sc1, m1;
            k4_scale_min(2 * c, b.scales, sc0, m0);
            k4_scale_min(2 * c + 1, b.scales, sc1, m1);
            const float d0 = d * static_cast<float>(sc0), mm0 = dmin * static_cast<float>(m0);
            const float d1 = d * static_cast<float>(sc1), mm1 = dmin * static_cast<float>(m1);
            for (int l = 0; l < 32; ++l) y[l] = d0 * static_cast<float>(q[l] & 15) - mm0;
            for (int l = 0; l < 32; ++l) y[32 + l] = d1 * static_cast<float>(q[l] >> 4) - mm1;
            y += 64;
        }
    }
}

void q5_K_to_float(const uint8_t* src, float* y, int64_t n) {
    const float* t = fp16_table();
    for (int64_t i = 0; i < n / kQKK; ++i) {
        const auto b = load_block<block_q5_K>(src, i);
        const float d = t[b.d], dmin = t[b.dmin];
        for (int c = 0; c < 4; ++c) {
            const uint8_t* q = b.qs + 32 * c;
            const uint8_t u0 = static_cast<uint8_t>(1u << (2 * c)), u1 = static_cast<uint8_t>(1u << (2 * c + 1));
            int sc0, m0, sc1, m1;
            k4_scale_min(2 * c, b.scales, sc0, m0);
            k4_scale_min(2 * c + 1, b.scales, sc1, m1);
            const float d0 = d * static_cast<float>(sc0), mm0 = dmin * static_cast<float>(m0);
            const float d1 = d * static_cast<float>(sc1), mm1 = dmin * static_cast<float>(m1);
            for (int l = 0; l < 32; ++l) y[l] = d0 * static_cast<float>((q[l] & 15) + ((b.qh[l] & u0) ? 16 : 0)) - mm0;
            for (int l = 0; l < 32; ++l) y[32 + l] = d1 * static_cast<float>((q[l] >> 4) + ((b.qh[l] & u1) ? 16 : 0)) - mm1;
            y += 64;
        }
    }
}

void q6_K_to_float(const uint8_t* src, float* y, int64_t n) {
    const float* t = fp16_table();
    for (int64_t i = 0; i < n / kQKK; ++i) {
        const auto b = load_block<block_q6_K>(src, i);
        const float d = t[b.d];
        for (int half = 0; half < 2; ++half) {
            const uint8_t* ql = b.ql + 64 * half;
            const uint8_t* qh = b.qh + 32 * half;
            const int8_t* sc = b.scales + 8 * half;
            for (int l = 0; l < 32; ++l) {
                const int is = l / 16;
                const int q1 = ((ql[l] & 15) | (((qh[l] >> 0) & 3) << 4)) - 32;
                const int q2 = ((ql[l + 32] & 15) | (((qh[l] >> 2) & 3) << 4)) - 32;
                const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                y[l] = d * static_cast<float>(sc[is + 0]) * static_cast<float>(q1);
                y[l + 32] = d * static_cast<float>(sc[is + 2]) * static_cast<float>(q2);
                y[l + 64] = d * static_cast<float>(sc[is + 4]) * static_cast<float>(q3);
                y[l + 96] = d * static_cast<float>(sc[is + 6]) * static_cast<float>(q4);
            }
            y += 128;
        }
    }
}

void q8_K_to_float(const uint8_t* src, float* y, int64_t n) {
    for (int64_t i = 0; i < n / kQKK; ++i, y += kQKK) {
        const auto b = load_block<block_q8_K>(src, i);
        for (int j = 0; j < kQKK; ++j) y[j] = b.d * static_cast<float>(b.qs[j]);
    }
}

// ---------------------------------------------------------------- traits table

constexpr std::array<GgmlTypeTraits, kGgmlTypeCount> make_table() {
    std::array<GgmlTypeTraits, kGgmlTypeCount> t{};  // name == nullptr marks unknown/retired ids
    t[0] = {"F32", 1, 4, f32_to_float};
    t[1] = {"F16", 1, 2, f16_to_float};
    t[2] = {"Q4_0", 32, 18, q4_0_to_float};
    t[3] = {"Q4_1", 32, 20, q4_1_to_float};
    t[6] = {"Q5_0", 32, 22, q5_0_to_float};
    t[7] = {"Q5_1", 32, 24, q5_1_to_float};
    t[8] = {"Q8_0", 32, 34, q8_0_to_float};
    t[9] = {"Q8_1", 32, 36, q8_1_to_float};
    t[10] = {"Q2_K", 256, 84, q2_K_to_float};
    t[11] = {"Q3_K", 256, 110, q3_K_to_float};
    t[12] = {"Q4_K", 256, 144, q4_K_to_float};
    t[13] = {"Q5_K", 256, 176, q5_K_to_float};
    t[14] = {"Q6_K", 256, 210, q6_K_to_float};
    t[15] = {"Q8_K", 256, 292, q8_K_to_float};
    // The importance-matrix and ternary types are listed so files using them open and report
    // cleanly; their codebook decoders are not implemented.
    t[16] = {"IQ2_XXS", 256, 66, nullptr};
    t[17] = {"IQ2_XS", 256, 74, nullptr};
    t[18] = {"IQ3_XXS", 256, 98, nullptr};
    t[19] = {"IQ1_S", 256, 50, nullptr};
    t[20] = {"IQ4_NL", 32, 18, iq4_nl_to_float};
    t[21] = {"IQ3_S", 256, 110, nullptr};
    t[22] = {"IQ2_S", 256, 82, nullptr};
    t[23] = {"IQ4_XS", 256, 136, nullptr};
    t[24] = {"I8", 1, 1, cast_to_float<int8_t>};
    t[25] = {"I16", 1, 2, cast_to_float<int16_t>};
    t[26] = {"I32", 1, 4, cast_to_float<int32_t>};
    t[27] = {"I64", 1, 8, cast_to_float<int64_t>};
    t[28] = {"F64", 1, 8, cast_to_float<double>};
    t[29] = {"IQ1_M", 256, 56, nullptr};
    t[30] = {"BF16", 1, 2, bf16_to_float};
    t[34] = {"TQ1_0", 256, 54, nullptr};
    t[35] = {"TQ2_0", 256, 66, nullptr};
    t[39] = {"MXFP4", 32, 17, mxfp4_to_float};
    t[40] = {"NVFP4", 64, 36, nvfp4_to_float};
    t[41] = {"Q1_0", 128, 18, nullptr};
    return t;
}

constexpr auto kTable = make_table();

}  // namespace

const GgmlTypeTraits* ggml_type_traits(uint32_t type) {
    if (type >= kTable.size() || kTable[type].name == nullptr) return nullptr;
    return &kTable[type];
}

const char* ggml_type_name(uint32_t type) {
    const GgmlTypeTraits* t = ggml_type_traits(type);
    return t ? t->name : "unknown";
}

int64_t ggml_row_size(uint32_t type, int64_t n) {
    const GgmlTypeTraits* t = ggml_type_traits(type);
    if (!t || n < 0 || n % t->block_size != 0) return -1;
    return n / t->block_size * t->type_size;
}

// ---------------------------------------------------------------- reference quantizers

namespace {

// Truncating float->int with a clamp first: same result as ggml's (int8_t) casts for finite
// input, but NaN/inf cannot reach an undefined conversion.
inline int trunc_clamp(float v, int lo, int hi) {
    v = std::max(static_cast<float>(lo), std::min(static_cast<float>(hi), v));
    if (!(v == v)) v = static_cast<float>(lo);
    return static_cast<int>(v);
}

void min_max(const float* x, int n, float& mn, float& mx) {
    mn = x[0];
    mx = x[0];
    for (int j = 1; j < n; ++j) {
        mn = std::min(mn, x[j]);
        mx = std::max(mx, x[j]);
    }
}

// The signed value with the largest magnitude: Q4_0/Q5_0 map it to the code with the extra step
// (-8 / -16) so the largest value is represented exactly.
float signed_absmax(const float* x, int n) {
    float amax = 0.0f, mx = 0.0f;
    for (int j = 0; j < n; ++j) {
        if (amax < std::fabs(x[j])) {
            amax = std::fabs(x[j]);
            mx = x[j];
        }
    }
    return mx;
}

}  // namespace

void quantize_row_q8_0(const float* x, block_q8_0* y, int64_t n) {
    for (int64_t i = 0; i < n / kQK; ++i, x += kQK) {
        float amax = 0.0f;
        for (int j = 0; j < kQK; ++j) amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / 127.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = fp32_to_fp16(d);
        for (int j = 0; j < kQK; ++j) {
            const float v = std::max(-127.0f, std::min(127.0f, std::round(x[j] * id)));
            y[i].qs[j] = static_cast<int8_t>(v == v ? v : 0.0f);
        }
    }
}

void quantize_row_q4_0(const float* x, block_q4_0* y, int64_t n) {
    for (int64_t i = 0; i < n / kQK; ++i, x += kQK) {
        const float d = signed_absmax(x, kQK) / -8.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = fp32_to_fp16(d);
        for (int j = 0; j < kQK / 2; ++j) {
            const int q0 = trunc_clamp(x[j] * id + 8.5f, 0, 15);
            const int q1 = trunc_clamp(x[j + 16] * id + 8.5f, 0, 15);
            y[i].qs[j] = static_cast<uint8_t>(q0 | (q1 << 4));
        }
    }
}

void quantize_row_q4_1(const float* x, block_q4_1* y, int64_t n) {
    for (int64_t i = 0; i < n / kQK; ++i, x += kQK) {
        float mn, mx;
        min_max(x, kQK, mn, mx);
        const float d = (mx - mn) / 15.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = fp32_to_fp16(d);
        y[i].m = fp32_to_fp16(mn);
        for (int j = 0; j < kQK / 2; ++j) {
            const int q0 = trunc_clamp((x[j] - mn) * id + 0.5f, 0, 15);
            const int q1 = trunc_clamp((x[j + 16] - mn) * id + 0.5f, 0, 15);
            y[i].qs[j] = static_cast<uint8_t>(q0 | (q1 << 4));
        }
    }
}

void quantize_row_q5_0(const float* x, block_q5_0* y, int64_t n) {
    for (int64_t i = 0; i < n / kQK; ++i, x += kQK) {
        const float d = signed_absmax(x, kQK) / -16.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = fp32_to_fp16(d);
        uint32_t qh = 0;
        for (int j = 0; j < kQK / 2; ++j) {
            const int q0 = trunc_clamp(x[j] * id + 16.5f, 0, 31);
            const int q1 = trunc_clamp(x[j + 16] * id + 16.5f, 0, 31);
            y[i].qs[j] = static_cast<uint8_t>((q0 & 15) | ((q1 & 15) << 4));
            qh |= static_cast<uint32_t>(q0 >> 4) << j;
            qh |= static_cast<uint32_t>(q1 >> 4) << (j + 16);
        }
        std::memcpy(y[i].qh, &qh, 4);
    }
}

void quantize_row_q5_1(const float* x, block_q5_1* y, int64_t n) {
    for (int64_t i = 0; i < n / kQK; ++i, x += kQK) {
        float mn, mx;
        min_max(x, kQK, mn, mx);
        const float d = (mx - mn) / 31.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        y[i].d = fp32_to_fp16(d);
        y[i].m = fp32_to_fp16(mn);
        uint32_t qh = 0;
        for (int j = 0; j < kQK / 2; ++j) {
            const int q0 = trunc_clamp((x[j] - mn) * id + 0.5f, 0, 31);
            const int q1 = trunc_clamp((x[j + 16] - mn) * id + 0.5f, 0, 31);
            y[i].qs[j] = static_cast<uint8_t>((q0 & 15) | ((q1 & 15) << 4));
            qh |= static_cast<uint32_t>(q0 >> 4) << j;
            qh |= static_cast<uint32_t>(q1 >> 4) << (j + 16);
        }
        std::memcpy(y[i].qh, &qh, 4);
    }
}

}  // namespace rs
