// Tiny random models generated at test time, and a naive double-precision reference forward
// pass written independently of the engine (plain loops, no Eigen products), used as the truth
// the engine's forward pass is checked against.
#pragma once
#include <cmath>
#include <random>
#include <vector>

#include "model/model.h"

namespace rs::testing {

inline ModelConfig tiny_config(Arch arch) {
    ModelConfig c;
    c.arch = arch;
    c.n_vocab = 61;
    c.d_model = 48;
    c.n_layers = 2;
    c.n_heads = 4;
    c.n_kv_heads = 2;
    c.head_dim = 12;
    c.d_ff = 80;
    c.max_context = 256;
    c.rms_eps = 1e-5f;
    c.rope_theta = 10000.0f;
    c.rope_style = RopeStyle::Neox;
    if (arch == Arch::Qwen2) c.qkv_bias = true;
    if (arch == Arch::Qwen3) {
        c.qk_norm = true;
        c.head_dim = 16;  // n_heads * head_dim != d_model, as in real Qwen3 models
    }
    return c;
}

inline Model random_model(const ModelConfig& c, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> n01(0.0f, 1.0f);
    auto mat = [&](int64_t r, int64_t k, float scale) {
        MatrixRM m(r, k);
        for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = n01(rng) * scale;
        return m;
    };
    auto vec = [&](int64_t n, float mean, float scale) {
        VectorF v(n);
        for (int64_t i = 0; i < n; ++i) v[i] = mean + n01(rng) * scale;
        return v;
    };
    Model m;
    m.cfg = c;
    const int64_t qd = int64_t{c.n_heads} * c.head_dim, kvd = int64_t{c.n_kv_heads} * c.head_dim;
    m.tok_embd = mat(c.n_vocab, c.d_model, 1.0f);
    for (int l = 0; l < c.n_layers; ++l) {
        Layer L;
        L.attn_norm = vec(c.d_model, 1.0f, 0.2f);
        L.ffn_norm = vec(c.d_model, 1.0f, 0.2f);
        const float s = 1.0f / std::sqrt(static_cast<float>(c.d_model));
        L.q.w = mat(qd, c.d_model, s);
        L.k.w = mat(kvd, c.d_model, s);
        L.v.w = mat(kvd, c.d_model, s);
        L.o.w = mat(c.d_model, qd, 1.0f / std::sqrt(static_cast<float>(qd)));
        L.gate.w = mat(c.d_ff, c.d_model, s);
        L.up.w = mat(c.d_ff, c.d_model, s);
        L.down.w = mat(c.d_model, c.d_ff, 1.0f / std::sqrt(static_cast<float>(c.d_ff)));
        if (c.qkv_bias) {
            L.q.b = vec(qd, 0.0f, 0.1f);
            L.k.b = vec(kvd, 0.0f, 0.1f);
            L.v.b = vec(kvd, 0.0f, 0.1f);
        }
        if (c.qk_norm) {
            L.q_norm = vec(c.head_dim, 1.0f, 0.2f);
            L.k_norm = vec(c.head_dim, 1.0f, 0.2f);
        }
        m.layers.push_back(std::move(L));
    }
    m.out_norm = vec(c.d_model, 1.0f, 0.2f);
    m.lm_head.w = c.tied_embeddings ? m.tok_embd : mat(c.n_vocab, c.d_model, 1.0f / std::sqrt(static_cast<float>(c.d_model)));
    return m;
}

using Vec = std::vector<double>;

inline Vec ref_linear(const Linear& l, const Vec& x) {
    Vec y(l.w.rows());
    for (int64_t o = 0; o < l.w.rows(); ++o) {
        double s = l.b.size() ? l.b[o] : 0.0;
        for (int64_t i = 0; i < l.w.cols(); ++i) s += static_cast<double>(l.w(o, i)) * x[i];
        y[o] = s;
    }
    return y;
}

inline Vec ref_rms(const Vec& x, const VectorF& w, double eps, size_t off = 0, size_t n = 0) {
    if (n == 0) n = x.size();
    double ms = 0;
    for (size_t i = 0; i < n; ++i) ms += x[off + i] * x[off + i];
    ms /= static_cast<double>(n);
    Vec y(x);
    for (size_t i = 0; i < n; ++i) y[off + i] = x[off + i] / std::sqrt(ms + eps) * w[i];
    return y;
}

// inv_freq of RoPE, with the Llama-3 rule written from its definition (transformers).
inline std::vector<double> ref_inv_freq(const ModelConfig& c) {
    std::vector<double> f(c.head_dim / 2);
    for (int i = 0; i < c.head_dim / 2; ++i) f[i] = 1.0 / std::pow(static_cast<double>(c.rope_theta), 2.0 * i / c.head_dim);
    if (c.rope_scaling && c.rope_scaling->type == "llama3") {
        const RopeScaling& s = *c.rope_scaling;
        for (double& v : f) {
            const double wl = 2 * M_PI / v;
            if (wl > s.original_context / s.low_freq_factor) {
                v = v / s.factor;
            } else if (wl >= s.original_context / s.high_freq_factor) {
                const double sm = (s.original_context / wl - s.low_freq_factor) / (s.high_freq_factor - s.low_freq_factor);
                v = (1 - sm) * v / s.factor + sm * v;
            }
        }
    }
    return f;
}

inline void ref_rope(Vec& x, int n_heads, int D, int pos, const std::vector<double>& inv, RopeStyle style) {
    for (int h = 0; h < n_heads; ++h)
        for (int i = 0; i < D / 2; ++i) {
            const size_t a = h * D + (style == RopeStyle::Neox ? i : 2 * i);
            const size_t b = h * D + (style == RopeStyle::Neox ? i + D / 2 : 2 * i + 1);
            const double th = pos * inv[i], x0 = x[a], x1 = x[b];
            x[a] = x0 * std::cos(th) - x1 * std::sin(th);
            x[b] = x0 * std::sin(th) + x1 * std::cos(th);
        }
}

// Logits [T][vocab] for the whole sequence.
inline std::vector<Vec> ref_forward(const Model& m, const std::vector<int32_t>& ids) {
    const ModelConfig& c = m.cfg;
    const int T = static_cast<int>(ids.size()), D = c.head_dim, group = c.n_heads / c.n_kv_heads;
    const auto inv = ref_inv_freq(c);
    std::vector<Vec> h(T, Vec(c.d_model));
    for (int t = 0; t < T; ++t)
        for (int i = 0; i < c.d_model; ++i) h[t][i] = m.tok_embd(ids[t], i);
    for (const Layer& L : m.layers) {
        std::vector<Vec> q(T), k(T), v(T);
        for (int t = 0; t < T; ++t) {
            const Vec xn = ref_rms(h[t], L.attn_norm, c.rms_eps);
            q[t] = ref_linear(L.q, xn);
            k[t] = ref_linear(L.k, xn);
            v[t] = ref_linear(L.v, xn);
            if (c.qk_norm) {
                for (int hh = 0; hh < c.n_heads; ++hh) q[t] = ref_rms(q[t], L.q_norm, c.rms_eps, hh * D, D);
                for (int hh = 0; hh < c.n_kv_heads; ++hh) k[t] = ref_rms(k[t], L.k_norm, c.rms_eps, hh * D, D);
            }
            ref_rope(q[t], c.n_heads, D, t, inv, c.rope_style);
            ref_rope(k[t], c.n_kv_heads, D, t, inv, c.rope_style);
        }
        for (int t = 0; t < T; ++t) {
            Vec att(static_cast<size_t>(c.n_heads) * D, 0.0);
            for (int hh = 0; hh < c.n_heads; ++hh) {
                const int g = hh / group;
                std::vector<double> s(t + 1);
                double mx = -1e300;
                for (int j = 0; j <= t; ++j) {
                    double d = 0;
                    for (int i = 0; i < D; ++i) d += q[t][hh * D + i] * k[j][g * D + i];
                    s[j] = d / std::sqrt(static_cast<double>(D));
                    mx = std::max(mx, s[j]);
                }
                double z = 0;
                for (double& e : s) z += (e = std::exp(e - mx));
                for (int j = 0; j <= t; ++j)
                    for (int i = 0; i < D; ++i) att[hh * D + i] += s[j] / z * v[j][g * D + i];
            }
            const Vec o = ref_linear(L.o, att);
            for (int i = 0; i < c.d_model; ++i) h[t][i] += o[i];
            const Vec xn = ref_rms(h[t], L.ffn_norm, c.rms_eps);
            Vec g = ref_linear(L.gate, xn);
            const Vec u = ref_linear(L.up, xn);
            for (size_t i = 0; i < g.size(); ++i) g[i] = g[i] / (1 + std::exp(-g[i])) * u[i];
            const Vec d = ref_linear(L.down, g);
            for (int i = 0; i < c.d_model; ++i) h[t][i] += d[i];
        }
    }
    std::vector<Vec> logits(T);
    for (int t = 0; t < T; ++t) logits[t] = ref_linear(m.lm_head, ref_rms(h[t], m.out_norm, c.rms_eps));
    return logits;
}

}  // namespace rs::testing
