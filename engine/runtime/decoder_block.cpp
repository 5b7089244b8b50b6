#include "runtime/decoder_block.h"

#include <omp.h>

#include <cmath>
#include <limits>

#include "backend/cpu/llamacpp_numerics.h"
#include "core/error.h"

namespace rs {

DecoderBlock::DecoderBlock(const ModelConfig& cfg, Backend& backend, const OnlineRotations& online, ForwardOptions options)
    : cfg_(cfg), backend_(backend), options_(options), rope_(cfg) {
    if (online.r3) r3_.emplace(*online.r3, cfg.head_dim);
    if (online.r4) r4_.emplace(*online.r4, cfg.d_ff);
}

void DecoderBlock::head_norm(MatrixRM& x, const VectorF& w, int n_heads) const {
    const int D = cfg_.head_dim;
    const float eps = cfg_.rms_eps;
    for (int64_t t = 0; t < x.rows(); ++t)
        for (int h = 0; h < n_heads; ++h) {
            auto v = x.row(t).segment(int64_t{h} * D, D);
            const double ms = v.cast<double>().squaredNorm() / D;
            v = (v * static_cast<float>(1.0 / std::sqrt(ms + eps))).cwiseProduct(w.transpose());
        }
}

// Causal attention of T queries (absolute positions pos0..pos0+T-1) over the first pos0+T rows
// of k_all/v_all, on the backend (reference_attention on the CPU).
void DecoderBlock::attention(const MatrixRM& q, const MatrixRM& k_all, const MatrixRM& v_all, int pos0, MatrixRM& out) const {
    backend_.attention(q, k_all, v_all, AttentionOp{cfg_.n_heads, cfg_.n_kv_heads, cfg_.head_dim, pos0}, out);
}

// attention() with PackedLayout's visibility: causal within a segment, and the whole parent
// segment. Segments are contiguous and a parent precedes its children, so row t sees the rows
// [parent_begin, parent_end) and [own_begin, t]; a block of queries is scored only against the
// keys from the first row any of them can see.
void DecoderBlock::attention_packed(const MatrixRM& q, const MatrixRM& k, const MatrixRM& v, const PackedLayout& layout,
                                    MatrixRM& out) const {
    const ModelConfig& c = cfg_;
    const int T = static_cast<int>(q.rows()), D = c.head_dim, group = c.n_heads / c.n_kv_heads;
    const float scale = 1.0f / std::sqrt(static_cast<float>(D));
    constexpr int kBlock = 128;
    const int n_blocks = (T + kBlock - 1) / kBlock;
    const std::vector<int>& seg = layout.segment;
    std::vector<int> seg_begin(layout.parent.size(), T), seg_end(layout.parent.size(), 0);
    for (int t = 0; t < T; ++t) {
        const auto s = static_cast<size_t>(seg[static_cast<size_t>(t)]);
        seg_begin[s] = std::min(seg_begin[s], t);
        seg_end[s] = std::max(seg_end[s], t + 1);
    }
    auto first_visible = [&](int t) {
        const int own = seg[static_cast<size_t>(t)], up = layout.parent[static_cast<size_t>(own)];
        return up >= 0 ? seg_begin[static_cast<size_t>(up)] : seg_begin[static_cast<size_t>(own)];
    };
    constexpr float kNegInf = -std::numeric_limits<float>::infinity();
    out.resize(T, int64_t{c.n_heads} * D);
#pragma omp parallel
    {
        MatrixRM scores;
#pragma omp for collapse(2) schedule(dynamic)
        for (int h = 0; h < c.n_heads; ++h)
            for (int b = 0; b < n_blocks; ++b) {
                const int g = h / group;
                const int t0 = b * kBlock, n = std::min(kBlock, T - t0);
                int lo = t0;
                for (int r = 0; r < n; ++r) lo = std::min(lo, first_visible(t0 + r));
                const int keys = t0 + n - lo;
                const auto Q = q.block(t0, int64_t{h} * D, n, D);
                const auto K = k.block(lo, int64_t{g} * D, keys, D);
                const auto V = v.block(lo, int64_t{g} * D, keys, D);
                scores.noalias() = (Q * K.transpose()) * scale;
                for (int r = 0; r < n; ++r) {
                    const int t = t0 + r;
                    const int own = seg[static_cast<size_t>(t)], up = layout.parent[static_cast<size_t>(own)];
                    const int ob = seg_begin[static_cast<size_t>(own)] - lo;
                    const int pb = up >= 0 ? seg_begin[static_cast<size_t>(up)] - lo : ob;
                    const int pe = up >= 0 ? seg_end[static_cast<size_t>(up)] - lo : ob;
                    auto row = scores.row(r);
                    // Visible: [pb, pe) and [ob, t - lo]; pe <= ob.
                    row.head(pb).setConstant(kNegInf);
                    row.segment(pe, ob - pe).setConstant(kNegInf);
                    row.tail(keys - (t - lo) - 1).setConstant(kNegInf);
                    const float mx = std::max(pe > pb ? row.segment(pb, pe - pb).maxCoeff() : kNegInf,
                                              row.segment(ob, t - lo - ob + 1).maxCoeff());
                    row = (row.array() - mx).exp();
                    row /= row.sum();
                }
                out.block(t0, int64_t{h} * D, n, D).noalias() = scores * V;
            }
    }
}

// llama.cpp's per-row flash-attention kernel (used by ggml for batches of fewer than 64 query
// rows): Q in F16, keys one at a time with an online softmax, F16 accumulator.
void DecoderBlock::attention_f16_rows(const MatrixRM& q, const MatrixRM& k_all, const MatrixRM& v_all, int pos0,
                                 MatrixRM& out) const {
    const ModelConfig& c = cfg_;
    const int T = static_cast<int>(q.rows()), D = c.head_dim, group = c.n_heads / c.n_kv_heads;
    const float scale = 1.0f / std::sqrt(static_cast<float>(D));
    out.resize(T, int64_t{c.n_heads} * D);
#pragma omp parallel for collapse(2) schedule(dynamic)
    for (int h = 0; h < c.n_heads; ++h)
        for (int t = 0; t < T; ++t) {
            const int g = h / group;
            llamacpp::flash_attn_row_f16(q.row(t).data() + int64_t{h} * D, k_all.data() + int64_t{g} * D,
                                         v_all.data() + int64_t{g} * D, k_all.cols(), pos0 + t + 1, D, scale,
                                         out.row(t).data() + int64_t{h} * D);
        }
}

void DecoderBlock::site(int l, LinearInput input, MatrixRM& x) {
    if (hook_) hook_->on_linear_input(l, input, x);
    if (transform_) transform_->linear_input(l, input, x);
}

void DecoderBlock::attention_output(int l, const Layer& L, const MatrixRM& xn, KvCache* cache, int pos0, MatrixRM& attn) {
    const ModelConfig& c = cfg_;
    const int T = static_cast<int>(xn.rows());
    MatrixRM &q = q_, &k = k_, &v = v_;
    backend_.linear(xn, L.q, q);
    backend_.linear(xn, L.k, k);
    backend_.linear(xn, L.v, v);
    if (c.qk_norm) {
        head_norm(q, L.q_norm, c.n_heads);
        head_norm(k, L.k_norm, c.n_kv_heads);
    }
    if (options_.llamacpp_numerics) {
        llamacpp::rope_apply(c, q, c.n_heads, pos0);
        llamacpp::rope_apply(c, k, c.n_kv_heads, pos0);
        if (r3_) {  // R3 cancels in Q·Kᵀ; it exists so that K is quantized in a rotated basis
            r3_->apply(q, backend_, true);
            r3_->apply(k, backend_, true);
        }
        if (transform_) transform_->kv(l, k, v);
        llamacpp::round_fp16_inplace(k);  // F16 K/V cache
        llamacpp::round_fp16_inplace(v);
        // ggml's flash attention: the tiled fp32 kernel from 64 query rows, else the per-row
        // F16 kernel.
        const bool rows_f16 = T < 64;
        const MatrixRM* ka = &k;
        const MatrixRM* va = &v;
        int p0 = 0;
        if (cache) {
            cache->store(l, k, v);
            ka = &cache->k(l);
            va = &cache->v(l);
            p0 = pos0;
        }
        if (rows_f16) attention_f16_rows(q, *ka, *va, p0, attn);
        else attention(q, *ka, *va, p0, attn);
    } else {
        if (layout_) {
            rope_.apply_at(q, c.n_heads, layout_->positions);
            rope_.apply_at(k, c.n_kv_heads, layout_->positions);
        } else {
            rope_.apply(q, c.n_heads, pos0);
            rope_.apply(k, c.n_kv_heads, pos0);
        }
        if (r3_) {  // R3 cancels in Q·Kᵀ; it exists so that K is quantized in a rotated basis
            r3_->apply(q, backend_, true);
            r3_->apply(k, backend_, true);
        }
        if (transform_) transform_->kv(l, k, v);
        if (layout_) {
            attention_packed(q, k, v, *layout_, attn);
        } else if (cache) {
            cache->store(l, k, v);
            attention(q, cache->k(l), cache->v(l), pos0, attn);
        } else {
            attention(q, k, v, 0, attn);
        }
    }
}

void DecoderBlock::mlp_activation(const Layer& L, const MatrixRM& xn, MatrixRM& act) {
    backend_.linear(xn, L.gate, act);
    backend_.linear(xn, L.up, up_);
    // SwiGLU: silu(gate) ⊙ up
    act.array() = act.array() / (1.0f + (-act.array()).exp()) * up_.array();
    if (r4_) r4_->apply(act, backend_);  // down_proj's weight holds R4's inverse
}

void DecoderBlock::run(int l, const Layer& L, MatrixRM& h, KvCache* cache, int pos0) {
    const ModelConfig& c = cfg_;
    MatrixRM &xn = xn_, &attn = attn_, &proj = proj_, &act = gate_;
    backend_.rms_norm(h, L.attn_norm, c.rms_eps, xn);
    site(l, LinearInput::QKV, xn);
    attention_output(l, L, xn, cache, pos0, attn);
    site(l, LinearInput::O, attn);
    backend_.linear(attn, L.o, proj);
    h += proj;

    backend_.rms_norm(h, L.ffn_norm, c.rms_eps, xn);
    site(l, LinearInput::GateUp, xn);
    mlp_activation(L, xn, act);
    site(l, LinearInput::Down, act);
    backend_.linear(act, L.down, proj);
    h += proj;
    if (hook_) hook_->on_residual(l, h);
}

}  // namespace rs
