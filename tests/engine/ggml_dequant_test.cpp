// ggml block decoding checked against blocks built by hand: each test packs known scales and
// quants per the layout in docs/research/formats.md 5.3 and recomputes every expected value with
// its own index arithmetic (not the decoder's loop structure). Scales are powers of two or small
// fp16-exact numbers, so expected values are exact and compared with EXPECT_EQ.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "io/ggml_types.h"

namespace rs {
namespace {

constexpr uint16_t kHalfOne = 0x3C00, kHalfHalf = 0x3800, kHalfQuarter = 0x3400, kHalfEighth = 0x3000;
constexpr uint16_t kHalfMinusTwo = 0xC000, kHalfMinusOne = 0xBC00, kHalfOneAndHalf = 0x3E00;

template <typename B>
std::vector<uint8_t> to_bytes(const std::vector<B>& blocks) {
    std::vector<uint8_t> out(blocks.size() * sizeof(B));
    std::memcpy(out.data(), blocks.data(), out.size());
    return out;
}

std::vector<float> decode(GgmlType type, const std::vector<uint8_t>& bytes) {
    const GgmlTypeTraits* tr = ggml_type_traits(type);
    EXPECT_NE(tr, nullptr);
    if (!tr || !tr->to_float) return {};
    EXPECT_EQ(bytes.size() % tr->type_size, 0u);
    const int64_t n = static_cast<int64_t>(bytes.size()) / tr->type_size * tr->block_size;
    // Offset the source by one byte so decoders are exercised on unaligned data (alignment-1 GGUF).
    std::vector<uint8_t> shifted(bytes.size() + 1);
    std::memcpy(shifted.data() + 1, bytes.data(), bytes.size());
    std::vector<float> out(static_cast<size_t>(n), std::numeric_limits<float>::quiet_NaN());
    tr->to_float(shifted.data() + 1, out.data(), n);
    return out;
}

// Deterministic byte soup for quant fields.
std::vector<uint8_t> pattern(size_t n, uint32_t seed) {
    std::vector<uint8_t> v(n);
    uint32_t s = seed;
    for (auto& b : v) {
        s = s * 1664525u + 1013904223u;
        b = static_cast<uint8_t>(s >> 24);
    }
    return v;
}

// ---------------------------------------------------------------- fp16 / bf16

TEST(Fp16, DecodesSpecialValues) {
    EXPECT_EQ(fp16_to_fp32(kHalfOne), 1.0f);
    EXPECT_EQ(fp16_to_fp32(kHalfMinusTwo), -2.0f);
    EXPECT_EQ(fp16_to_fp32(0x7BFF), 65504.0f);
    EXPECT_EQ(fp16_to_fp32(0x0400), std::ldexp(1.0f, -14));          // smallest normal
    EXPECT_EQ(fp16_to_fp32(0x0001), std::ldexp(1.0f, -24));          // smallest subnormal
    EXPECT_EQ(fp16_to_fp32(0x03FF), 1023.0f * std::ldexp(1.0f, -24)); // largest subnormal
    EXPECT_EQ(fp16_to_fp32(0x8001), -std::ldexp(1.0f, -24));
    const float neg_zero = fp16_to_fp32(0x8000);
    EXPECT_EQ(neg_zero, 0.0f);
    EXPECT_TRUE(std::signbit(neg_zero));
    EXPECT_EQ(fp16_to_fp32(0x7C00), std::numeric_limits<float>::infinity());
    EXPECT_EQ(fp16_to_fp32(0xFC00), -std::numeric_limits<float>::infinity());
    EXPECT_TRUE(std::isnan(fp16_to_fp32(0x7E00)));
    EXPECT_TRUE(std::isnan(fp16_to_fp32(0x7C01)));  // signalling NaN must not read as inf
}

TEST(Fp16, EncodesWithRoundToNearestEven) {
    EXPECT_EQ(fp32_to_fp16(1.0f), kHalfOne);
    EXPECT_EQ(fp32_to_fp16(-2.0f), kHalfMinusTwo);
    EXPECT_EQ(fp32_to_fp16(65504.0f), 0x7BFF);
    EXPECT_EQ(fp32_to_fp16(65519.0f), 0x7BFF);  // below the halfway point to 65536
    EXPECT_EQ(fp32_to_fp16(65520.0f), 0x7C00);  // halfway, ties to even = inf
    EXPECT_EQ(fp32_to_fp16(1e9f), 0x7C00);
    EXPECT_EQ(fp32_to_fp16(-1e9f), 0xFC00);
    EXPECT_EQ(fp32_to_fp16(1.0f + std::ldexp(1.0f, -11)), 0x3C00);      // tie -> even (down)
    EXPECT_EQ(fp32_to_fp16(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);  // tie -> even (up)
    EXPECT_EQ(fp32_to_fp16(1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -20)), 0x3C01);
    // Subnormal results count units of 2^-24.
    EXPECT_EQ(fp32_to_fp16(std::ldexp(1.0f, -24)), 0x0001);
    EXPECT_EQ(fp32_to_fp16(std::ldexp(1.0f, -25)), 0x0000);      // tie -> even (zero)
    EXPECT_EQ(fp32_to_fp16(std::ldexp(3.0f, -25)), 0x0002);      // 1.5 units -> 2
    EXPECT_EQ(fp32_to_fp16(std::ldexp(1.5f, -25)), 0x0001);      // 0.75 units -> 1
    EXPECT_EQ(fp32_to_fp16(std::ldexp(1.0f, -30)), 0x0000);
    EXPECT_EQ(fp32_to_fp16(std::ldexp(1023.5f, -24)), 0x0400);   // rounds up into the first normal
    EXPECT_EQ(fp32_to_fp16(-0.0f), 0x8000);
    EXPECT_EQ(fp32_to_fp16(std::numeric_limits<float>::infinity()), 0x7C00);
    const uint16_t nan = fp32_to_fp16(std::numeric_limits<float>::quiet_NaN());
    EXPECT_EQ(nan & 0x7C00, 0x7C00);
    EXPECT_NE(nan & 0x03FF, 0);
    // A NaN whose payload sits only in the low 13 bits must stay NaN.
    EXPECT_TRUE(std::isnan(fp16_to_fp32(fp32_to_fp16(std::bit_cast<float>(0x7F800001u)))));
}

TEST(Fp16, EveryHalfRoundTrips) {
    for (uint32_t h = 0; h < 65536; ++h) {
        const float f = fp16_to_fp32(static_cast<uint16_t>(h));
        if (std::isnan(f)) {
            EXPECT_TRUE(std::isnan(fp16_to_fp32(fp32_to_fp16(f)))) << h;
        } else {
            ASSERT_EQ(fp32_to_fp16(f), h) << "half bits " << h;
        }
    }
}

#ifdef __FLT16_MAX__
TEST(Fp16, MatchesCompilerConversionOnRandomFloats) {
    std::mt19937 rng(7);
    std::uniform_int_distribution<uint32_t> bits;
    for (int i = 0; i < 200000; ++i) {
        // Bias towards the half range so the normal/subnormal paths get most of the samples.
        uint32_t x = bits(rng);
        if (i % 2) x = (x & 0x807FFFFFu) | ((100u + (x >> 23) % 45u) << 23);
        const float f = std::bit_cast<float>(x);
        if (std::isnan(f)) continue;
        const _Float16 ref = static_cast<_Float16>(f);
        ASSERT_EQ(fp32_to_fp16(f), std::bit_cast<uint16_t>(ref)) << std::hexfloat << f;
    }
}
#endif

TEST(Bf16, ConvertsWithRoundToNearestEven) {
    EXPECT_EQ(bf16_to_fp32(0x3F80), 1.0f);
    EXPECT_EQ(bf16_to_fp32(0xC040), -3.0f);
    EXPECT_EQ(bf16_to_fp32(0x0001), std::ldexp(1.0f, -133));  // subnormal
    EXPECT_EQ(bf16_to_fp32(0x7F80), std::numeric_limits<float>::infinity());
    EXPECT_TRUE(std::isnan(bf16_to_fp32(0x7FC0)));
    EXPECT_EQ(fp32_to_bf16(1.0f), 0x3F80);
    EXPECT_EQ(fp32_to_bf16(1.0f + std::ldexp(1.0f, -8)), 0x3F80);      // tie -> even
    EXPECT_EQ(fp32_to_bf16(1.0f + 3 * std::ldexp(1.0f, -8)), 0x3F82);  // tie -> even (up)
    EXPECT_EQ(fp32_to_bf16(1.0f + std::ldexp(1.0f, -8) + std::ldexp(1.0f, -20)), 0x3F81);
    EXPECT_EQ(fp32_to_bf16(std::numeric_limits<float>::max()), 0x7F80);  // rounds to inf
    EXPECT_EQ(fp32_to_bf16(-std::numeric_limits<float>::infinity()), 0xFF80);
    EXPECT_EQ(fp32_to_bf16(std::ldexp(1.0f, -133)), 0x0001);
    EXPECT_EQ(fp32_to_bf16(-0.0f), 0x8000);
    // NaN with payload only in the dropped bits must not turn into inf.
    EXPECT_TRUE(std::isnan(bf16_to_fp32(fp32_to_bf16(std::bit_cast<float>(0x7F800001u)))));
    EXPECT_TRUE(std::isnan(bf16_to_fp32(fp32_to_bf16(std::numeric_limits<float>::quiet_NaN()))));
}

TEST(Dequant, F16AndBf16Tensors) {
    const std::vector<uint16_t> h = {kHalfOne, 0x0001, 0xFC00, 0x7BFF, 0x8000, kHalfMinusTwo};
    std::vector<uint8_t> hb(h.size() * 2);
    std::memcpy(hb.data(), h.data(), hb.size());
    const auto f = decode(GgmlType::F16, hb);
    ASSERT_EQ(f.size(), h.size());
    EXPECT_EQ(f[0], 1.0f);
    EXPECT_EQ(f[1], std::ldexp(1.0f, -24));
    EXPECT_EQ(f[2], -std::numeric_limits<float>::infinity());
    EXPECT_EQ(f[3], 65504.0f);
    EXPECT_TRUE(f[4] == 0.0f && std::signbit(f[4]));
    EXPECT_EQ(f[5], -2.0f);

    const std::vector<uint16_t> b = {0x3F80, 0xC040, 0x7F80, 0x4049};
    std::vector<uint8_t> bb(b.size() * 2);
    std::memcpy(bb.data(), b.data(), bb.size());
    const auto g = decode(GgmlType::BF16, bb);
    ASSERT_EQ(g.size(), 4u);
    EXPECT_EQ(g[0], 1.0f);
    EXPECT_EQ(g[1], -3.0f);
    EXPECT_EQ(g[2], std::numeric_limits<float>::infinity());
    EXPECT_EQ(g[3], 3.140625f);
}

TEST(Dequant, F32AndIntegerTensors) {
    const std::vector<float> v = {1.5f, -0.0f, 3e38f};
    std::vector<uint8_t> vb(12);
    std::memcpy(vb.data(), v.data(), 12);
    EXPECT_EQ(decode(GgmlType::F32, vb), v);
    const std::vector<int16_t> i = {-32768, 7, 32767};
    std::vector<uint8_t> ib(6);
    std::memcpy(ib.data(), i.data(), 6);
    EXPECT_EQ(decode(GgmlType::I16, ib), (std::vector<float>{-32768.0f, 7.0f, 32767.0f}));
}

// ---------------------------------------------------------------- 32-element blocks

TEST(Dequant, Q4_0) {
    std::vector<block_q4_0> blocks(2);
    const uint16_t d[2] = {kHalfHalf, kHalfMinusTwo};
    const float df[2] = {0.5f, -2.0f};
    for (int b = 0; b < 2; ++b) {
        blocks[b].d = d[b];
        for (int j = 0; j < 16; ++j) blocks[b].qs[j] = static_cast<uint8_t>(((j + b) & 15) | ((15 - j) << 4));
    }
    const auto y = decode(GgmlType::Q4_0, to_bytes(blocks));
    ASSERT_EQ(y.size(), 64u);
    for (int b = 0; b < 2; ++b)
        for (int j = 0; j < 16; ++j) {
            EXPECT_EQ(y[32 * b + j], static_cast<float>(((j + b) & 15) - 8) * df[b]) << b << " " << j;
            EXPECT_EQ(y[32 * b + j + 16], static_cast<float>((15 - j) - 8) * df[b]) << b << " " << j;
        }
}

TEST(Dequant, Q4_1) {
    block_q4_1 blk{};
    blk.d = kHalfQuarter;
    blk.m = kHalfMinusOne;
    const auto qs = pattern(16, 1);
    std::memcpy(blk.qs, qs.data(), 16);
    const auto y = decode(GgmlType::Q4_1, to_bytes(std::vector<block_q4_1>{blk}));
    for (int e = 0; e < 32; ++e) {
        const int q = e < 16 ? (qs[e] & 15) : (qs[e - 16] >> 4);
        EXPECT_EQ(y[e], 0.25f * static_cast<float>(q) - 1.0f) << e;
    }
}

TEST(Dequant, Q5_0) {
    block_q5_0 blk{};
    blk.d = kHalfHalf;
    const uint32_t qh = 0xA5C3F00Fu;
    std::memcpy(blk.qh, &qh, 4);
    const auto qs = pattern(16, 2);
    std::memcpy(blk.qs, qs.data(), 16);
    const auto y = decode(GgmlType::Q5_0, to_bytes(std::vector<block_q5_0>{blk}));
    for (int e = 0; e < 32; ++e) {
        const int low = e < 16 ? (qs[e] & 15) : (qs[e - 16] >> 4);
        const int q = low + 16 * static_cast<int>((qh >> e) & 1u);  // element e's 5th bit is qh bit e
        EXPECT_EQ(y[e], 0.5f * static_cast<float>(q - 16)) << e;
    }
}

TEST(Dequant, Q5_1) {
    block_q5_1 blk{};
    blk.d = kHalfEighth;
    blk.m = kHalfOneAndHalf;
    const uint32_t qh = 0x0FF0369Cu;
    std::memcpy(blk.qh, &qh, 4);
    const auto qs = pattern(16, 3);
    std::memcpy(blk.qs, qs.data(), 16);
    const auto y = decode(GgmlType::Q5_1, to_bytes(std::vector<block_q5_1>{blk}));
    for (int e = 0; e < 32; ++e) {
        const int low = e < 16 ? (qs[e] & 15) : (qs[e - 16] >> 4);
        const int q = low + 16 * static_cast<int>((qh >> e) & 1u);
        EXPECT_EQ(y[e], 0.125f * static_cast<float>(q) + 1.5f) << e;
    }
}

TEST(Dequant, Q8_0AndQ8_1) {
    block_q8_0 b0{};
    block_q8_1 b1{};
    b0.d = b1.d = 0x2C00;  // 0.0625
    b1.s = 0x7777;         // the sum field is not used for decoding
    for (int j = 0; j < 32; ++j) b0.qs[j] = b1.qs[j] = static_cast<int8_t>(j * 8 - 128 + (j == 31 ? 7 : 0));
    const auto y0 = decode(GgmlType::Q8_0, to_bytes(std::vector<block_q8_0>{b0}));
    const auto y1 = decode(GgmlType::Q8_1, to_bytes(std::vector<block_q8_1>{b1}));
    for (int j = 0; j < 32; ++j) {
        EXPECT_EQ(y0[j], 0.0625f * static_cast<float>(b0.qs[j]));
        EXPECT_EQ(y1[j], y0[j]);
    }
    EXPECT_EQ(y0[0], -8.0f);
    EXPECT_EQ(y0[31], 0.0625f * 127.0f);
}

TEST(Dequant, Iq4Nl) {
    block_iq4_nl blk{};
    blk.d = kHalfHalf;
    for (int j = 0; j < 16; ++j) blk.qs[j] = static_cast<uint8_t>(j | ((15 - j) << 4));
    const auto y = decode(GgmlType::IQ4_NL, to_bytes(std::vector<block_iq4_nl>{blk}));
    const float grid[16] = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};
    for (int j = 0; j < 16; ++j) {
        EXPECT_EQ(y[j], 0.5f * grid[j]);
        EXPECT_EQ(y[j + 16], 0.5f * grid[15 - j]);
    }
}

// E2M1 code -> value (OCP MX spec), independent of the decoder's doubled table.
float e2m1(int code) {
    const float mag[8] = {0.0f, 0.5f, 1.0f, 1.5f, 2.0f, 3.0f, 4.0f, 6.0f};
    return (code & 8) ? -mag[code & 7] : mag[code & 7];
}

TEST(Dequant, Mxfp4) {
    std::vector<block_mxfp4> blocks(2);
    blocks[0].e = 127;  // scale 1
    blocks[1].e = 120;  // scale 2^-7
    for (auto& b : blocks)
        for (int j = 0; j < 16; ++j) b.qs[j] = static_cast<uint8_t>(j | ((j * 7 + 3) % 16) << 4);
    const auto y = decode(GgmlType::MXFP4, to_bytes(blocks));
    for (int b = 0; b < 2; ++b) {
        const float s = std::ldexp(1.0f, blocks[b].e - 127);
        for (int j = 0; j < 16; ++j) {
            EXPECT_EQ(y[32 * b + j], e2m1(j) * s);
            EXPECT_EQ(y[32 * b + j + 16], e2m1((j * 7 + 3) % 16) * s);
        }
    }
}

TEST(Dequant, Nvfp4) {
    block_nvfp4 blk{};
    // UE4M3: 0x38 = 1.0, 0x3C = 1.5, 0x08 = 2^-6, 0x7F = reserved -> 0.
    blk.d[0] = 0x38;
    blk.d[1] = 0x3C;
    blk.d[2] = 0x08;
    blk.d[3] = 0x7F;
    const float scale[4] = {1.0f, 1.5f, std::ldexp(1.0f, -6), 0.0f};
    const auto qs = pattern(32, 4);
    std::memcpy(blk.qs, qs.data(), 32);
    const auto y = decode(GgmlType::NVFP4, to_bytes(std::vector<block_nvfp4>{blk}));
    ASSERT_EQ(y.size(), 64u);
    for (int e = 0; e < 64; ++e) {
        const int s = e / 16, r = e % 16;  // byte 8s+j holds element j (low) and j+8 (high)
        const int code = r < 8 ? (qs[8 * s + r] & 15) : (qs[8 * s + r - 8] >> 4);
        EXPECT_EQ(y[e], e2m1(code) * scale[s]) << e;
    }
}

// ---------------------------------------------------------------- K-quants

TEST(Dequant, Q2_K) {
    block_q2_K blk{};
    blk.d = kHalfHalf;
    blk.dmin = kHalfQuarter;
    for (int i = 0; i < 16; ++i) blk.scales[i] = static_cast<uint8_t>(((i * 5 + 1) & 15) | (((15 - i) & 15) << 4));
    const auto qs = pattern(64, 5);
    std::memcpy(blk.qs, qs.data(), 64);
    const auto y = decode(GgmlType::Q2_K, to_bytes(std::vector<block_q2_K>{blk}));
    ASSERT_EQ(y.size(), 256u);
    for (int e = 0; e < 256; ++e) {
        const int n = e / 128, r = e % 128, j = r / 32, part = (r % 32) / 16, l = r % 16;
        const int q = (qs[32 * n + 16 * part + l] >> (2 * j)) & 3;
        const uint8_t sc = blk.scales[8 * n + 2 * j + part];
        EXPECT_EQ(y[e], 0.5f * static_cast<float>(sc & 15) * static_cast<float>(q) - 0.25f * static_cast<float>(sc >> 4))
            << e;
    }
}

TEST(Dequant, Q3_K) {
    block_q3_K blk{};
    blk.d = kHalfHalf;
    int sc[16];
    for (int k = 0; k < 16; ++k) sc[k] = (k * 9 + 5) % 64 - 32;  // covers negatives and |sc| >= 16
    sc[3] = -32;
    sc[12] = 31;
    for (int k = 0; k < 16; ++k) {
        const int v = sc[k] + 32, low4 = v & 15, high2 = v >> 4;
        if (k < 8) blk.scales[k] |= static_cast<uint8_t>(low4);
        else blk.scales[k - 8] |= static_cast<uint8_t>(low4 << 4);
        blk.scales[8 + k % 4] |= static_cast<uint8_t>(high2 << (2 * (k / 4)));
    }
    const auto hm = pattern(32, 6), qs = pattern(64, 7);
    std::memcpy(blk.hmask, hm.data(), 32);
    std::memcpy(blk.qs, qs.data(), 64);
    const auto y = decode(GgmlType::Q3_K, to_bytes(std::vector<block_q3_K>{blk}));
    ASSERT_EQ(y.size(), 256u);
    for (int e = 0; e < 256; ++e) {
        const int n = e / 128, j = (e % 128) / 32, l = e % 32;
        const int low = (qs[32 * n + l] >> (2 * j)) & 3;
        const int hbit = (hm[l] >> (4 * n + j)) & 1;
        const int q = low - (hbit ? 0 : 4);
        EXPECT_EQ(y[e], 0.5f * static_cast<float>(sc[e / 16]) * static_cast<float>(q)) << e;
    }
}

// Packs eight 6-bit (scale, min) pairs the way Q4_K/Q5_K store them.
void pack_k4_scales(const int* sc, const int* m, uint8_t* s) {
    for (int j = 0; j < 4; ++j) {
        s[j] = static_cast<uint8_t>(sc[j] | ((sc[j + 4] >> 4) << 6));
        s[j + 4] = static_cast<uint8_t>(m[j] | ((m[j + 4] >> 4) << 6));
        s[j + 8] = static_cast<uint8_t>((sc[j + 4] & 15) | ((m[j + 4] & 15) << 4));
    }
}

TEST(Dequant, Q4_K) {
    block_q4_K blk{};
    blk.d = kHalfHalf;
    blk.dmin = kHalfEighth;
    const int sc[8] = {1, 63, 17, 32, 5, 48, 63, 30}, m[8] = {0, 12, 63, 33, 47, 2, 19, 63};
    pack_k4_scales(sc, m, blk.scales);
    const auto qs = pattern(128, 8);
    std::memcpy(blk.qs, qs.data(), 128);
    const auto y = decode(GgmlType::Q4_K, to_bytes(std::vector<block_q4_K>{blk}));
    ASSERT_EQ(y.size(), 256u);
    for (int e = 0; e < 256; ++e) {
        const int c = e / 64, r = e % 64, sub = 2 * c + r / 32, l = r % 32;
        const int q = r < 32 ? (qs[32 * c + l] & 15) : (qs[32 * c + l] >> 4);
        const float expect = 0.5f * static_cast<float>(sc[sub]) * static_cast<float>(q) - 0.125f * static_cast<float>(m[sub]);
        EXPECT_EQ(y[e], expect) << e;
    }
}

TEST(Dequant, Q5_K) {
    block_q5_K blk{};
    blk.d = kHalfQuarter;
    blk.dmin = kHalfHalf;
    const int sc[8] = {63, 0, 45, 16, 31, 62, 9, 50}, m[8] = {5, 63, 16, 0, 61, 33, 48, 7};
    pack_k4_scales(sc, m, blk.scales);
    const auto qh = pattern(32, 9), qs = pattern(128, 10);
    std::memcpy(blk.qh, qh.data(), 32);
    std::memcpy(blk.qs, qs.data(), 128);
    const auto y = decode(GgmlType::Q5_K, to_bytes(std::vector<block_q5_K>{blk}));
    ASSERT_EQ(y.size(), 256u);
    for (int e = 0; e < 256; ++e) {
        const int c = e / 64, r = e % 64, sub = 2 * c + r / 32, l = r % 32;
        const int low = r < 32 ? (qs[32 * c + l] & 15) : (qs[32 * c + l] >> 4);
        const int q = low + 16 * ((qh[l] >> sub) & 1);
        const float expect = 0.25f * static_cast<float>(sc[sub]) * static_cast<float>(q) - 0.5f * static_cast<float>(m[sub]);
        EXPECT_EQ(y[e], expect) << e;
    }
}

TEST(Dequant, Q6_K) {
    std::vector<block_q6_K> blocks(2);
    const float d[2] = {0.25f, -2.0f};
    blocks[0].d = kHalfQuarter;
    blocks[1].d = kHalfMinusTwo;
    for (int b = 0; b < 2; ++b) {
        for (int i = 0; i < 16; ++i) blocks[b].scales[i] = static_cast<int8_t>(i * 17 - 128 + b);
        const auto ql = pattern(128, 11 + b), qh = pattern(64, 13 + b);
        std::memcpy(blocks[b].ql, ql.data(), 128);
        std::memcpy(blocks[b].qh, qh.data(), 64);
    }
    const auto y = decode(GgmlType::Q6_K, to_bytes(blocks));
    ASSERT_EQ(y.size(), 512u);
    for (int b = 0; b < 2; ++b) {
        const auto& blk = blocks[b];
        for (int e = 0; e < 256; ++e) {
            const int n = e / 128, quarter = (e % 128) / 32, l = e % 32;
            const uint8_t lb = blk.ql[64 * n + l + 32 * (quarter & 1)];
            const int low4 = quarter < 2 ? (lb & 15) : (lb >> 4);
            const int high2 = (blk.qh[32 * n + l] >> (2 * quarter)) & 3;
            const int q = (low4 | (high2 << 4)) - 32;
            const int s = blk.scales[8 * n + l / 16 + 2 * quarter];
            EXPECT_EQ(y[256 * b + e], d[b] * static_cast<float>(s) * static_cast<float>(q)) << b << " " << e;
        }
    }
}

TEST(Dequant, Q8_K) {
    block_q8_K blk{};
    blk.d = 0.375f;
    for (int j = 0; j < 256; ++j) blk.qs[j] = static_cast<int8_t>(j - 128);
    const auto y = decode(GgmlType::Q8_K, to_bytes(std::vector<block_q8_K>{blk}));
    ASSERT_EQ(y.size(), 256u);
    for (int j = 0; j < 256; ++j) EXPECT_EQ(y[j], 0.375f * static_cast<float>(j - 128));
}

// ---------------------------------------------------------------- traits table

TEST(Traits, MatchFormatsTable) {
    struct Row { GgmlType t; const char* name; int64_t bs, ts; bool decodes; };
    const Row rows[] = {
        {GgmlType::F32, "F32", 1, 4, true},       {GgmlType::F16, "F16", 1, 2, true},
        {GgmlType::BF16, "BF16", 1, 2, true},     {GgmlType::Q4_0, "Q4_0", 32, 18, true},
        {GgmlType::Q4_1, "Q4_1", 32, 20, true},   {GgmlType::Q5_0, "Q5_0", 32, 22, true},
        {GgmlType::Q5_1, "Q5_1", 32, 24, true},   {GgmlType::Q8_0, "Q8_0", 32, 34, true},
        {GgmlType::Q8_1, "Q8_1", 32, 36, true},   {GgmlType::Q2_K, "Q2_K", 256, 84, true},
        {GgmlType::Q3_K, "Q3_K", 256, 110, true}, {GgmlType::Q4_K, "Q4_K", 256, 144, true},
        {GgmlType::Q5_K, "Q5_K", 256, 176, true}, {GgmlType::Q6_K, "Q6_K", 256, 210, true},
        {GgmlType::Q8_K, "Q8_K", 256, 292, true}, {GgmlType::MXFP4, "MXFP4", 32, 17, true},
        {GgmlType::NVFP4, "NVFP4", 64, 36, true}, {GgmlType::IQ4_NL, "IQ4_NL", 32, 18, true},
        {GgmlType::IQ2_XXS, "IQ2_XXS", 256, 66, false},
    };
    for (const Row& r : rows) {
        const GgmlTypeTraits* t = ggml_type_traits(r.t);
        ASSERT_NE(t, nullptr) << r.name;
        EXPECT_STREQ(t->name, r.name);
        EXPECT_EQ(t->block_size, r.bs) << r.name;
        EXPECT_EQ(t->type_size, r.ts) << r.name;
        EXPECT_EQ(t->to_float != nullptr, r.decodes) << r.name;
    }
    // Retired and unknown ids.
    for (uint32_t id : {4u, 5u, 31u, 32u, 33u, 36u, 37u, 38u, 42u, 77u, 1000u, 0xFFFFFFFFu})
        EXPECT_EQ(ggml_type_traits(id), nullptr) << id;
    // Every listed entry is self-consistent.
    int listed = 0;
    for (uint32_t id = 0; id < kGgmlTypeCount; ++id) {
        const GgmlTypeTraits* t = ggml_type_traits(id);
        if (!t) continue;
        ++listed;
        EXPECT_NE(t->name, nullptr);
        EXPECT_GT(t->block_size, 0);
        EXPECT_GT(t->type_size, 0);
        EXPECT_EQ(ggml_row_size(id, t->block_size * 3), t->type_size * 3);
    }
    EXPECT_GE(listed, 34);
    EXPECT_EQ(ggml_row_size(static_cast<uint32_t>(GgmlType::Q4_K), 255), -1);
}

// ---------------------------------------------------------------- reference quantizers

std::vector<float> random_data(int64_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    std::vector<float> x(static_cast<size_t>(n));
    for (auto& v : x) v = nd(rng);
    x[5] = 9.0f;    // an outlier in the first block
    x[40] = -7.5f;  // a negative one in the second
    for (int j = 64; j < 96; ++j) x[j] = 0.0f;  // an all-zero block: scale 0 must not produce NaN
    for (int j = 96; j < 128; ++j) x[j] = 3.25f;  // a constant block
    return x;
}

template <typename B>
std::vector<float> round_trip(const std::vector<float>& x, GgmlType type, void (*q)(const float*, B*, int64_t)) {
    std::vector<B> blocks(x.size() / 32);
    q(x.data(), blocks.data(), static_cast<int64_t>(x.size()));
    return decode(type, to_bytes(blocks));
}

// max |error| per block against a bound derived from the block's own statistics.
template <typename Bound>
void check_bound(const std::vector<float>& x, const std::vector<float>& y, Bound bound, const char* what) {
    ASSERT_EQ(x.size(), y.size());
    for (size_t b = 0; b < x.size() / 32; ++b) {
        float mn = x[32 * b], mx = x[32 * b], amax = 0.0f;
        for (int j = 0; j < 32; ++j) {
            mn = std::min(mn, x[32 * b + j]);
            mx = std::max(mx, x[32 * b + j]);
            amax = std::max(amax, std::fabs(x[32 * b + j]));
        }
        const float lim = bound(mn, mx, amax);
        for (int j = 0; j < 32; ++j) {
            ASSERT_TRUE(std::isfinite(y[32 * b + j])) << what;
            ASSERT_LE(std::fabs(y[32 * b + j] - x[32 * b + j]), lim) << what << " block " << b << " elem " << j;
        }
    }
}

// fp16 storage of d and m adds up to 2^-11 relative error each on top of the rounding error.
constexpr float kHalfRel = 1.0f / 2048.0f;

TEST(Quantize, Q8_0RoundTripWithinHalfStep) {
    const auto x = random_data(32 * 64, 1);
    const auto y = round_trip(x, GgmlType::Q8_0, quantize_row_q8_0);
    check_bound(x, y, [](float, float, float amax) { const float d = amax / 127; return d * (0.5f + 127 * kHalfRel) + 1e-7f; }, "Q8_0");
}

TEST(Quantize, Q4_0RoundTripWithinOneStep) {
    const auto x = random_data(32 * 64, 2);
    const auto y = round_trip(x, GgmlType::Q4_0, quantize_row_q4_0);
    // The code range is [-8, 7]: values near -max clamp to 7 and may lose a whole step.
    check_bound(x, y, [](float, float, float amax) { const float d = amax / 8; return d * (1.0f + 8 * kHalfRel) + 1e-7f; }, "Q4_0");
}

TEST(Quantize, Q4_1RoundTripWithinHalfStep) {
    const auto x = random_data(32 * 64, 3);
    const auto y = round_trip(x, GgmlType::Q4_1, quantize_row_q4_1);
    check_bound(x, y, [](float mn, float mx, float) {
        const float d = (mx - mn) / 15;
        return d * (0.5f + 15 * kHalfRel) + std::fabs(mn) * kHalfRel + 1e-6f;
    }, "Q4_1");
}

TEST(Quantize, Q5_0RoundTripWithinOneStep) {
    const auto x = random_data(32 * 64, 4);
    const auto y = round_trip(x, GgmlType::Q5_0, quantize_row_q5_0);
    check_bound(x, y, [](float, float, float amax) { const float d = amax / 16; return d * (1.0f + 16 * kHalfRel) + 1e-7f; }, "Q5_0");
}

TEST(Quantize, Q5_1RoundTripWithinHalfStep) {
    const auto x = random_data(32 * 64, 5);
    const auto y = round_trip(x, GgmlType::Q5_1, quantize_row_q5_1);
    check_bound(x, y, [](float mn, float mx, float) {
        const float d = (mx - mn) / 31;
        return d * (0.5f + 31 * kHalfRel) + std::fabs(mn) * kHalfRel + 1e-6f;
    }, "Q5_1");
}

TEST(Quantize, Q4_0MatchesHandComputedCodes) {
    // x_j = (j - 16) / 8: the largest magnitude is -2 at j = 0, so d = -2 / -8 = 0.25 and
    // q_j = trunc(x_j / d + 8.5) = trunc(j / 2 + 0.5) = (j + 1) / 2, clamped to 15 (j = 31 gives 16).
    std::vector<float> x(32);
    for (int j = 0; j < 32; ++j) x[j] = static_cast<float>(j - 16) / 8.0f;
    block_q4_0 b{};
    quantize_row_q4_0(x.data(), &b, 32);
    auto code = [](int j) { return std::min(15, (j + 1) / 2); };
    EXPECT_EQ(b.d, kHalfQuarter);
    for (int j = 0; j < 16; ++j) EXPECT_EQ(b.qs[j], code(j) | (code(j + 16) << 4)) << j;
    // Values on the grid come back exactly; the ones halfway round up.
    const auto y = decode(GgmlType::Q4_0, to_bytes(std::vector<block_q4_0>{b}));
    for (int j = 0; j < 32; ++j) EXPECT_EQ(y[j], static_cast<float>(code(j) - 8) * 0.25f) << j;
    EXPECT_EQ(y[31], 1.75f);
}

TEST(Quantize, GridValuesAreExact) {
    // Every element a multiple of the block's step: all simple formats must reproduce it.
    std::vector<float> x(64);
    for (int j = 0; j < 32; ++j) x[j] = static_cast<float>(j % 16 - 8) * 0.125f;  // min -1, max 0.875
    for (int j = 32; j < 64; ++j) x[j] = static_cast<float>((j * 5) % 16) * 0.5f;  // 0 .. 7.5
    x[32] = 0.0f;
    x[33] = 7.5f;
    const auto y41 = round_trip(x, GgmlType::Q4_1, quantize_row_q4_1);
    EXPECT_EQ(y41, x);
    std::vector<float> z(32);
    for (int j = 0; j < 32; ++j) z[j] = static_cast<float>(j % 31 - 15) * 2.0f;  // -30 .. 30, step 2
    z[0] = -32.0f;  // largest magnitude negative: d = -32 / -16 = 2
    EXPECT_EQ(round_trip(z, GgmlType::Q5_0, quantize_row_q5_0), z);
    std::vector<float> w(32);
    for (int j = 0; j < 32; ++j) w[j] = static_cast<float>(4 * j - 127 + (j == 31 ? 3 : 0)) / 64.0f;  // amax 127/64
    w[0] = -127.0f / 64.0f;
    EXPECT_EQ(round_trip(w, GgmlType::Q8_0, quantize_row_q8_0), w);
}

TEST(Quantize, NonFiniteInputDoesNotCrash) {
    std::vector<float> x(32, 1.0f);
    x[3] = std::numeric_limits<float>::quiet_NaN();
    x[7] = std::numeric_limits<float>::infinity();
    std::vector<block_q4_0> b0(1);
    std::vector<block_q8_0> b8(1);
    std::vector<block_q5_1> b51(1);
    quantize_row_q4_0(x.data(), b0.data(), 32);
    quantize_row_q8_0(x.data(), b8.data(), 32);
    quantize_row_q5_1(x.data(), b51.data(), 32);
    for (int j = 0; j < 16; ++j) EXPECT_LE(b0[0].qs[j] & 15, 15);  // codes are still in range
    SUCCEED();
}

}  // namespace
}  // namespace rs
