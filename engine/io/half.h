// IEEE binary16 and bfloat16 <-> binary32 conversions for file readers and writers.
// Narrowing rounds to nearest, ties to even (what PyTorch's .half()/.bfloat16() do), keeps
// subnormals, maps overflow to +-inf and keeps NaN a (quiet) NaN. Kept in rs::half so that
// they cannot clash with the ggml-flavoured rs::fp16_to_fp32 & co.
#pragma once
#include <bit>
#include <cstdint>

namespace rs::half {

inline float fp16_to_fp32(uint16_t h) {
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    const uint32_t exp = (h >> 10) & 0x1fu;
    const uint32_t mant = h & 0x3ffu;
    if (exp == 0) {
        // Zero or subnormal: mant * 2^-24 is exact in float.
        const float mag = static_cast<float>(mant) * 0x1p-24f;
        return sign ? -mag : mag;
    }
    if (exp == 31) return std::bit_cast<float>(sign | 0x7f800000u | (mant << 13));
    return std::bit_cast<float>(sign | ((exp + 112u) << 23) | (mant << 13));
}

inline uint16_t fp32_to_fp16(float f) {
    const uint32_t x = std::bit_cast<uint32_t>(f);
    const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
    const uint32_t ax = x & 0x7fffffffu;
    if (ax > 0x7f800000u) return sign | 0x7e00u | static_cast<uint16_t>((ax >> 13) & 0x1ffu);  // NaN, quiet
    if (ax >= 0x477ff000u) return sign | 0x7c00u;  // >= 65520 (halfway past 65504) or inf -> inf
    if (ax >= 0x38800000u) {                       // normal half (>= 2^-14)
        uint32_t h = ((ax >> 23) - 112u) << 10 | ((ax >> 13) & 0x3ffu);
        const uint32_t rem = ax & 0x1fffu;
        if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) ++h;  // a carry correctly bumps the exponent
        return sign | static_cast<uint16_t>(h);
    }
    if (ax <= 0x33000000u) return sign;  // <= 2^-25: ties to even go to zero
    // Subnormal half: count units of 2^-24.
    const uint32_t exp = ax >> 23;  // 102..112
    const uint32_t mant = (ax & 0x7fffffu) | 0x800000u;
    const uint32_t shift = 126u - exp;  // 14..24
    uint32_t h = mant >> shift;
    const uint32_t rem = mant & ((1u << shift) - 1u);
    const uint32_t halfway = 1u << (shift - 1u);
    if (rem > halfway || (rem == halfway && (h & 1u))) ++h;  // 0x3ff+1 becomes the smallest normal
    return sign | static_cast<uint16_t>(h);
}

inline float bf16_to_fp32(uint16_t b) { return std::bit_cast<float>(static_cast<uint32_t>(b) << 16); }

inline uint16_t fp32_to_bf16(float f) {
    const uint32_t x = std::bit_cast<uint32_t>(f);
    if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x0040u);  // quiet NaN
    // Adding 0x7fff plus the kept LSB rounds ties to even; overflow lands on inf as it should.
    return static_cast<uint16_t>((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
}

}  // namespace rs::half
