#include "backend/cpu/llamacpp_numerics.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "backend/cpu/output_chunks.h"
#include "runtime/rope.h"

namespace rs::llamacpp {

uint16_t fp32_to_fp16(float f) {
    uint32_t x;
    std::memcpy(&x, &f, 4);
    const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
    const uint32_t ax = x & 0x7fffffffu;
    if (ax > 0x7f800000u) return sign | 0x7e00u;   // NaN
    if (ax >= 0x477ff000u) return sign | 0x7c00u;  // ≥ 65520 (incl. inf) rounds to inf
    if (ax < 0x38800000u) {
        // Below the smallest normal half (2^-14): a multiple of 2^-24. Scaling by 2^24 is exact,
        // nearbyint rounds half to even in the default rounding mode.
        float a;
        std::memcpy(&a, &ax, 4);
        return sign | static_cast<uint16_t>(std::nearbyint(a * 16777216.0f));
    }
    const uint32_t e = (ax >> 23) - 112u;  // rebias 127 -> 15
    const uint32_t m = ax & 0x7fffffu;
    uint32_t h = (e << 10) | (m >> 13);
    const uint32_t rem = m & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) ++h;  // a carry into the exponent is correct
    return sign | static_cast<uint16_t>(h);
}

float fp16_to_fp32(uint16_t h) {
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
    const uint32_t e = (h >> 10) & 0x1fu, m = h & 0x3ffu;
    uint32_t x;
    if (e == 0) {
        // zero or subnormal: m · 2^-24
        const float v = static_cast<float>(m) * (1.0f / 16777216.0f);
        std::memcpy(&x, &v, 4);
        x |= sign;
    } else if (e == 31) {
        x = sign | 0x7f800000u | (m << 13);
    } else {
        x = sign | ((e + 112u) << 23) | (m << 13);
    }
    float f;
    std::memcpy(&f, &x, 4);
    return f;
}

float round_bf16(float f) {
    uint32_t x;
    std::memcpy(&x, &f, 4);
    if ((x & 0x7fffffffu) > 0x7f800000u) {
        x = (x | 0x00400000u) & 0xffff0000u;  // quiet NaN
    } else {
        x = (x + (0x7fffu + ((x >> 16) & 1u))) & 0xffff0000u;
    }
    std::memcpy(&f, &x, 4);
    return f;
}

float round_half_even(float x) { return std::nearbyint(x); }

ActQuant activation_quant_for(const std::string& t) {
    if (t == "F16") return ActQuant::F16;
    if (t == "BF16") return ActQuant::BF16;
    if (t == "Q4_1" || t == "Q5_1" || t == "Q8_1") return ActQuant::Q8_1;
    if (t == "Q4_0" || t == "Q5_0" || t == "Q8_0" || t == "IQ4_NL" || t == "MXFP4" || t == "Q1_0" || t == "Q2_0")
        return ActQuant::Q8_0;
    if (t == "Q2_K" || t == "Q3_K" || t == "Q4_K" || t == "Q5_K" || t == "Q6_K" || t == "IQ2_XXS" || t == "IQ2_XS" ||
        t == "IQ2_S" || t == "IQ3_XXS" || t == "IQ3_S" || t == "IQ1_S" || t == "IQ1_M" || t == "IQ4_XS" || t == "TQ1_0" ||
        t == "TQ2_0")
        return ActQuant::Q8_K;
    return ActQuant::None;
}

const char* act_quant_name(ActQuant a) {
    switch (a) {
        case ActQuant::None: return "none";
        case ActQuant::F16: return "F16";
        case ActQuant::BF16: return "BF16";
        case ActQuant::Q8_0: return "Q8_0";
        case ActQuant::Q8_1: return "Q8_1";
        case ActQuant::Q8_K: return "Q8_K";
    }
    return "?";
}

bool weight_has_block_min(const std::string& t) { return t == "Q4_1" || t == "Q5_1"; }

namespace {
// max |x| over a block, as _mm256_max_ps of the absolute values does it.
float block_amax(const float* x, int n) {
    float amax = 0.0f;
    for (int j = 0; j < n; ++j) amax = std::max(amax, std::fabs(x[j]));
    return amax;
}

int quantize_32(const float* x, Q8Block& out) {
    const float amax = block_amax(x, 32);
    const float d = amax / 127.0f;
    out.d = round_fp16(d);
    const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
    int sum = 0;
    for (int j = 0; j < 32; ++j) {
        const float v = x[j] * id;
        const int q = static_cast<int>(round_half_even(v));
        out.q[j] = static_cast<int8_t>(std::clamp(q, -128, 127));
        sum += out.q[j];
    }
    // Q8_1's s multiplies the fp32 d (before its fp16 rounding) by the integer sum.
    out.s = round_fp16(d * static_cast<float>(sum));
    return sum;
}
}  // namespace

void quantize_block_q8_0(const float* x, Q8Block& out) {
    quantize_32(x, out);
    out.s = 0.0f;
}

void quantize_block_q8_1(const float* x, Q8Block& out) { quantize_32(x, out); }

void quantize_block_q8_K(const float* x, float& d, int8_t* q) {
    float max = 0.0f, amax = 0.0f;
    for (int j = 0; j < 256; ++j) {
        const float ax = std::fabs(x[j]);
        if (ax > amax) {
            amax = ax;
            max = x[j];
        }
    }
    if (amax == 0.0f) {
        d = 0.0f;
        std::memset(q, 0, 256);
        return;
    }
    const float iscale = -127.0f / max;
    for (int j = 0; j < 256; ++j) q[j] = static_cast<int8_t>(std::min(127, static_cast<int>(round_half_even(iscale * x[j]))));
    d = 1.0f / iscale;
}

void fake_quantize_rows(MatrixRM& x, ActQuant a, MatrixRM* ds_corr) {
    const int64_t T = x.rows(), K = x.cols();
    switch (a) {
        case ActQuant::None: return;
        case ActQuant::F16:
            for (int64_t i = 0; i < x.size(); ++i) x.data()[i] = round_fp16(x.data()[i]);
            return;
        case ActQuant::BF16:
            for (int64_t i = 0; i < x.size(); ++i) x.data()[i] = round_bf16(x.data()[i]);
            return;
        case ActQuant::Q8_K: {
            if (K % 256) return;
            std::vector<int8_t> q(256);
            for (int64_t t = 0; t < T; ++t)
                for (int64_t b = 0; b < K / 256; ++b) {
                    float* p = x.row(t).data() + b * 256;
                    float d;
                    quantize_block_q8_K(p, d, q.data());
                    for (int j = 0; j < 256; ++j) p[j] = d * static_cast<float>(q[j]);
                }
            return;
        }
        case ActQuant::Q8_0:
        case ActQuant::Q8_1: {
            if (K % 32) return;
            const int64_t nb = K / 32;
            if (ds_corr) ds_corr->setZero(T, nb);
#pragma omp parallel for schedule(static) if (T > 8)
            for (int64_t t = 0; t < T; ++t) {
                Q8Block blk;
                for (int64_t b = 0; b < nb; ++b) {
                    float* p = x.row(t).data() + b * 32;
                    const int sum = quantize_32(p, blk);
                    for (int j = 0; j < 32; ++j) p[j] = blk.d * static_cast<float>(blk.q[j]);  // exact
                    if (ds_corr) (*ds_corr)(t, b) = blk.s - blk.d * static_cast<float>(sum);    // d·Σq exact
                }
            }
            return;
        }
    }
}

void rms_norm(const MatrixRM& x, const VectorF& w, float eps, MatrixRM& y) {
    const int64_t n = x.cols();
    y.resize(x.rows(), n);
    for (int64_t t = 0; t < x.rows(); ++t) {
        const float* xr = x.row(t).data();
        float* yr = y.row(t).data();
        double sum = 0.0;
        for (int64_t i = 0; i < n; ++i) {
            const float sq = xr[i] * xr[i];
            sum += static_cast<double>(sq);
        }
        const float mean = static_cast<float>(sum / static_cast<double>(n));
        const float scale = 1.0f / std::sqrt(mean + eps);
        for (int64_t i = 0; i < n; ++i) {
            const float xs = xr[i] * scale;
            yr[i] = xs * w[i];
        }
    }
}

void linear(const MatrixRM& x, const Linear& layer, MatrixRM& y) {
    const int64_t T = x.rows(), N = layer.w.rows(), K = layer.w.cols();
    const ActQuant a = activation_quant_for(layer.source_dtype);
    const bool mins = a == ActQuant::Q8_1 && weight_has_block_min(layer.source_dtype) && K % 32 == 0;
    MatrixRM xq = x, corr;
    fake_quantize_rows(xq, a, mins ? &corr : nullptr);
    y.resize(T, N);
    for_each_output_chunk(N, [&](int64_t n0, int64_t nn) {
        y.middleCols(n0, nn).noalias() = xq * layer.w.middleRows(n0, nn).transpose();
        if (mins) {
            // Block minima m_w of the dequantized weights: the element quantized to 0 holds m
            // exactly (0·d + m). ggml adds m_w·s_a where the dequantized product gives
            // m_w·d_a·Σq_a; add the difference.
            MatrixRM m(nn, K / 32);
            for (int64_t r = 0; r < nn; ++r)
                for (int64_t b = 0; b < K / 32; ++b) m(r, b) = layer.w.row(n0 + r).segment(b * 32, 32).minCoeff();
            y.middleCols(n0, nn).noalias() += corr * m.transpose();
        }
        if (layer.b.size()) y.middleCols(n0, nn).rowwise() += layer.b.segment(n0, nn).transpose();
    });
}

void rope_apply(const ModelConfig& cfg, MatrixRM& x, int n_heads, int pos0) {
    float freq_scale = 1.0f;
    const std::vector<float>* ff = nullptr;
    if (cfg.rope_scaling) {
        const RopeScaling& s = *cfg.rope_scaling;
        if (s.type == "linear") {
            freq_scale = 1.0f / s.factor;
        } else if (s.type == "freqs") {
            ff = &s.freq_factors;
        } else {
            Rope(cfg).apply(x, n_heads, pos0);  // no ggml counterpart emulated
            return;
        }
    }
    const int D = cfg.head_dim, half = D / 2;
    const float theta_scale = std::pow(cfg.rope_theta, -2.0f / static_cast<float>(D));
    std::vector<float> cs(half), sn(half);
    for (int64_t t = 0; t < x.rows(); ++t) {
        float theta = static_cast<float>(pos0 + t);
        for (int i = 0; i < half; ++i) {
            const float f = ff && i < static_cast<int>(ff->size()) ? (*ff)[i] : 1.0f;
            const float th = freq_scale * (theta / f);
            cs[i] = std::cos(th);
            sn[i] = std::sin(th);
            theta *= theta_scale;
        }
        float* row = x.row(t).data();
        for (int h = 0; h < n_heads; ++h) {
            float* v = row + int64_t{h} * D;
            for (int i = 0; i < half; ++i) {
                float* a = cfg.rope_style == RopeStyle::Neox ? v + i : v + 2 * i;
                float* b = cfg.rope_style == RopeStyle::Neox ? v + i + half : v + 2 * i + 1;
                const float x0 = *a, x1 = *b;
                *a = x0 * cs[i] - x1 * sn[i];
                *b = x0 * sn[i] + x1 * cs[i];
            }
        }
    }
}

void round_fp16_inplace(MatrixRM& x) {
    for (int64_t i = 0; i < x.size(); ++i) x.data()[i] = round_fp16(x.data()[i]);
}

void flash_attn_row_f16(const float* q, const float* k, const float* v, int64_t ld, int n_keys, int D, float scale,
                        float* out) {
    float qh[512], acc[512];  // head_dim ≤ 512
    std::vector<float> big;
    float* qp = qh;
    float* vkq = acc;
    if (D > 512) {
        big.resize(2 * static_cast<size_t>(D));
        qp = big.data();
        vkq = big.data() + D;
    }
    for (int d = 0; d < D; ++d) {
        qp[d] = round_fp16(q[d]);
        vkq[d] = 0.0f;
    }
    float M = -std::numeric_limits<float>::infinity(), S = 0.0f;
    for (int ic = 0; ic < n_keys; ++ic) {
        const float* kr = k + ic * ld;
        const float* vr = v + ic * ld;
        double dot = 0.0;  // ggml_vec_dot_f16: fp32 lanes; the sum agrees to an ulp or so
        for (int d = 0; d < D; ++d) dot += static_cast<double>(qp[d]) * kr[d];
        const float s = static_cast<float>(dot) * scale;
        float ms = 1.0f, vs = 1.0f;
        if (s > M) {
            const float Mold = M;
            M = s;
            ms = std::exp(Mold - M);
            for (int d = 0; d < D; ++d) vkq[d] = round_fp16(vkq[d] * ms);  // ggml_vec_scale_f16
        } else {
            vs = std::exp(s - M);
        }
        for (int d = 0; d < D; ++d) vkq[d] = round_fp16(std::fma(vr[d], vs, vkq[d]));  // ggml_vec_mad_f16
        S = S * ms + vs;
    }
    const float S_inv = S == 0.0f ? 0.0f : 1.0f / S;
    for (int d = 0; d < D; ++d) out[d] = vkq[d] * S_inv;
}

}  // namespace rs::llamacpp
