#include "fit/rotated_loss.h"

#include <optional>
#include <string>
#include <type_traits>

#include "core/error.h"
#include "rotate/online_rotation.h"
#include "runtime/rope.h"

namespace rs {

using grad::Mat;
using grad::Vec;

namespace {

bool all_ones(const VectorF& v) { return (v.array() == 1.0f).all(); }

// g += aᵀ·b: the gradient of a rotation that multiplies a (x·R) or is multiplied by it (a·Rᵀ).
template <typename T>
void add_tn(const Mat<T>& a, const Mat<T>& b, Mat<T>& g) {
    Mat<T> m;
    grad::matmul_tn(a, b, m);
    g += m;
}

}  // namespace

template <typename T>
struct RotatedLoss<T>::Impl {
    // A weight in the loss's precision: the model's own matrix for float, a copy for double.
    struct W {
        const Mat<T>* m = nullptr;
        Vec<T> bias;
    };
    struct LayerW {
        W q, k, v, o, gate, up, down;
        Vec<T> q_norm, k_norm;
    };
    // What one layer's backward needs from its forward.
    struct Tape {
        Mat<T> h_in, a1;       // residual in, quantized normed input (R1 basis)
        Vec<T> inv1, inv2;
        Mat<T> q_pre, k_pre;   // before Qwen3's head norms
        Vec<T> q_inv, k_inv;
        Mat<T> q, k, v_rot;    // attention's inputs (K, V quantized)
        Mat<T> v;              // V before R2
        std::vector<Mat<T>> probs;
        Mat<T> a2, o;          // O's quantized input (R2 basis), O's output before R1
        Mat<T> h_mid, a3;      // residual after attention, quantized normed input of gate/up
        Mat<T> gate, up, d;    // the MLP's projections; down's output before R1
    };

    const Model& model;
    ActivationTransform* quant;
    Rope rope;
    std::optional<PreparedRotation> r3, r4;
    std::vector<Mat<T>> owned;  // double copies of the weights
    std::vector<LayerW> layers;
    W head;
    std::vector<Tape> tapes;

    Impl(const Model& m, ActivationTransform* q) : model(m), quant(q), rope(m.cfg) {
        const auto precision =
            std::is_same_v<T, float> ? PreparedRotation::Precision::Float32 : PreparedRotation::Precision::Float64;
        if (m.online.r3) r3.emplace(*m.online.r3, m.cfg.head_dim, precision);
        if (m.online.r4) r4.emplace(*m.online.r4, m.cfg.d_ff, precision);
        if constexpr (!std::is_same_v<T, float>) owned.reserve(m.layers.size() * 7 + 1);
        layers.reserve(m.layers.size());
        for (const Layer& L : m.layers) {
            if (!all_ones(L.attn_norm) || !all_ones(L.ffn_norm))
                fail_input("rotation learning", "the model's RMSNorm weights must be folded into its linears first");
            LayerW w;
            w.q = wrap(L.q), w.k = wrap(L.k), w.v = wrap(L.v), w.o = wrap(L.o);
            w.gate = wrap(L.gate), w.up = wrap(L.up), w.down = wrap(L.down);
            if (m.cfg.qk_norm) {
                w.q_norm = L.q_norm.cast<T>();
                w.k_norm = L.k_norm.cast<T>();
            }
            layers.push_back(std::move(w));
        }
        if (!all_ones(m.out_norm))
            fail_input("rotation learning", "the model's RMSNorm weights must be folded into its linears first");
        head = wrap(m.lm_head);
        tapes.resize(m.layers.size());
    }

    W wrap(const Linear& l) {
        W w;
        if constexpr (std::is_same_v<T, float>) {
            w.m = &l.w;
        } else {
            owned.push_back(l.w.cast<T>());
            w.m = &owned.back();
        }
        if (l.b.size() != 0) w.bias = l.b.cast<T>();
        return w;
    }

    // y = x·Wᵀ + b.
    static void linear(const Mat<T>& x, const W& w, Mat<T>& y) {
        grad::matmul_nt(x, *w.m, y);
        if (w.bias.size() != 0) y.rowwise() += w.bias.transpose();
    }

    // The forward pass's fake quantizers on rows in this precision (identity in the backward).
    void quantize_input(int layer, LinearInput site, Mat<T>& x) const {
        if (!quant) return;
        if constexpr (std::is_same_v<T, float>) {
            quant->linear_input(layer, site, x);
        } else {
            MatrixRM f = x.template cast<float>();
            quant->linear_input(layer, site, f);
            x = f.cast<T>();
        }
    }
    void quantize_kv(int layer, Mat<T>& k, Mat<T>& v) const {
        if (!quant) return;
        if constexpr (std::is_same_v<T, float>) {
            quant->kv(layer, k, v);
        } else {
            MatrixRM kf = k.template cast<float>(), vf = v.template cast<float>();
            quant->kv(layer, kf, vf);
            k = kf.cast<T>();
            v = vf.cast<T>();
        }
    }

    void online(const std::optional<PreparedRotation>& r, Mat<T>& x, bool per_group, bool transpose) const {
        if (!r) return;
        if (transpose) {
            r->apply_transpose(x, per_group);
        } else if constexpr (std::is_same_v<T, float>) {
            if (per_group) r->apply_per_group(x);
            else r->apply(x);
        } else {
            if (per_group) {
                Eigen::Map<Mat<T>> groups(x.data(), x.rows() * (x.cols() / r->order()), r->order());
                r->apply(groups);
            } else {
                r->apply(x);
            }
        }
    }

    void check(const RotationParams<T>& rot, const std::vector<int32_t>& tokens) const {
        const ModelConfig& c = model.cfg;
        if (rot.r1.rows() != c.d_model || rot.r1.cols() != c.d_model)
            fail_input("rotation learning", "R1 must be " + std::to_string(c.d_model) + " x " + std::to_string(c.d_model));
        if (!rot.r2.empty()) {
            if (rot.r2.size() != model.layers.size())
                fail_input("rotation learning", "one R2 per layer (" + std::to_string(model.layers.size()) + ") or none");
            for (const Mat<T>& r : rot.r2)
                if (r.rows() != c.head_dim || r.cols() != c.head_dim)
                    fail_input("rotation learning", "R2 must be " + std::to_string(c.head_dim) + " x " +
                                                        std::to_string(c.head_dim));
        }
        if (tokens.size() < 2) fail_input("rotation learning", "a window needs at least two tokens");
        for (int32_t t : tokens)
            if (t < 0 || t >= c.n_vocab) fail_input("rotation learning", "token id " + std::to_string(t) + " outside the vocabulary");
    }

    void layer_forward(int l, const RotationParams<T>& rot, Mat<T>& h) {
        const ModelConfig& c = model.cfg;
        const LayerW& w = layers[l];
        Tape& tp = tapes[l];
        Mat<T> xn, u, tmp;
        tp.h_in = h;
        grad::rms_norm_forward(h, Vec<T>(), c.d_model, c.rms_eps, xn, tp.inv1);
        quantize_input(l, LinearInput::QKV, xn);
        tp.a1 = xn;
        grad::matmul_nt(tp.a1, rot.r1, u);  // a·R1ᵀ
        linear(u, w.q, tp.q);
        linear(u, w.k, tp.k);
        linear(u, w.v, tp.v);
        if (c.qk_norm) {
            tp.q_pre = tp.q;
            tp.k_pre = tp.k;
            grad::rms_norm_forward(tp.q_pre, w.q_norm, c.head_dim, c.rms_eps, tp.q, tp.q_inv);
            grad::rms_norm_forward(tp.k_pre, w.k_norm, c.head_dim, c.rms_eps, tp.k, tp.k_inv);
        }
        rope.rotate<T>(tp.q, c.n_heads, 0, false);
        rope.rotate<T>(tp.k, c.n_kv_heads, 0, false);
        online(r3, tp.q, true, false);
        online(r3, tp.k, true, false);
        if (!rot.r2.empty()) grad::per_group_product(tp.v, rot.r2[l], false, tp.v_rot);
        else tp.v_rot = tp.v;
        quantize_kv(l, tp.k, tp.v_rot);
        grad::attention_forward(tp.q, tp.k, tp.v_rot, c.n_heads, c.n_kv_heads, c.head_dim, tp.a2, tp.probs);
        quantize_input(l, LinearInput::O, tp.a2);
        if (!rot.r2.empty()) grad::per_group_product(tp.a2, rot.r2[l], true, u);
        else u = tp.a2;
        linear(u, w.o, tp.o);
        grad::matmul_nn(tp.o, rot.r1, tmp);
        h += tmp;

        tp.h_mid = h;
        grad::rms_norm_forward(h, Vec<T>(), c.d_model, c.rms_eps, xn, tp.inv2);
        quantize_input(l, LinearInput::GateUp, xn);
        tp.a3 = xn;
        grad::matmul_nt(tp.a3, rot.r1, u);
        linear(u, w.gate, tp.gate);
        linear(u, w.up, tp.up);
        Mat<T> act;
        grad::swiglu_forward(tp.gate, tp.up, act);
        online(r4, act, false, false);
        quantize_input(l, LinearInput::Down, act);
        linear(act, w.down, tp.d);
        grad::matmul_nn(tp.d, rot.r1, tmp);
        h += tmp;
    }

    // dh: the gradient at the layer's output, in place to the gradient at its input.
    void layer_backward(int l, const RotationParams<T>& rot, Mat<T>& dh, RotationParams<T>& g) {
        const ModelConfig& c = model.cfg;
        const LayerW& w = layers[l];
        Tape& tp = tapes[l];
        Mat<T> t1, t2, dg, dup;
        // h_out = h_mid + d·R1
        add_tn(tp.d, dh, g.r1);
        grad::matmul_nt(dh, rot.r1, t1);           // dd = dh·R1ᵀ
        grad::matmul_nn(t1, *w.down.m, t2);        // dact' = dd·W_down (straight through the quantizer)
        online(r4, t2, false, true);
        grad::swiglu_backward(tp.gate, tp.up, t2, dg, dup);
        grad::matmul_nn(dg, *w.gate.m, t1);
        grad::matmul_nn(dup, *w.up.m, t2);
        t1 += t2;                                   // du3
        add_tn(t1, tp.a3, g.r1);
        grad::matmul_nn(t1, rot.r1, t2);            // da3 = du3·R1, = dxn2
        grad::rms_norm_backward(tp.h_mid, Vec<T>(), c.d_model, tp.inv2, t2, t1);
        dh += t1;                                   // dh_mid

        // h_mid = h_in + o·R1
        add_tn(tp.o, dh, g.r1);
        grad::matmul_nt(dh, rot.r1, t1);            // do
        grad::matmul_nn(t1, *w.o.m, t2);            // du2
        Mat<T> da2;
        if (!rot.r2.empty()) {
            grad::per_group_grad(t2, tp.a2, g.r2[l]);  // u2 = a2·B(R2)ᵀ: dR2 += du2_hᵀ·a2_h
            grad::per_group_product(t2, rot.r2[l], false, da2);
        } else {
            da2 = t2;
        }
        Mat<T> dq, dk, dv_rot;
        grad::attention_backward(tp.q, tp.k, tp.v_rot, c.n_heads, c.n_kv_heads, c.head_dim, tp.probs, da2, dq, dk, dv_rot);
        Mat<T> dv;
        if (!rot.r2.empty()) {
            grad::per_group_grad(tp.v, dv_rot, g.r2[l]);
            grad::per_group_product(dv_rot, rot.r2[l], true, dv);
        } else {
            dv = dv_rot;
        }
        online(r3, dq, true, true);
        online(r3, dk, true, true);
        rope.rotate<T>(dq, c.n_heads, 0, true);
        rope.rotate<T>(dk, c.n_kv_heads, 0, true);
        if (c.qk_norm) {
            grad::rms_norm_backward(tp.q_pre, w.q_norm, c.head_dim, tp.q_inv, Mat<T>(dq), dq);
            grad::rms_norm_backward(tp.k_pre, w.k_norm, c.head_dim, tp.k_inv, Mat<T>(dk), dk);
        }
        grad::matmul_nn(dq, *w.q.m, t1);
        grad::matmul_nn(dk, *w.k.m, t2);
        t1 += t2;
        grad::matmul_nn(dv, *w.v.m, t2);
        t1 += t2;                                   // du1
        add_tn(t1, tp.a1, g.r1);
        grad::matmul_nn(t1, rot.r1, t2);            // dxn1
        grad::rms_norm_backward(tp.h_in, Vec<T>(), c.d_model, tp.inv1, t2, t1);
        dh += t1;
    }

    double run(const RotationParams<T>& rot, const std::vector<int32_t>& tokens, RotationParams<T>* g,
               Mat<T>* logits_out) {
        check(rot, tokens);
        const ModelConfig& c = model.cfg;
        const int64_t n = static_cast<int64_t>(tokens.size());
        Mat<T> e(n, c.d_model);
        for (int64_t t = 0; t < n; ++t) e.row(t) = model.tok_embd.row(tokens[t]).template cast<T>();
        Mat<T> h;
        grad::matmul_nn(e, rot.r1, h);
        for (int l = 0; l < c.n_layers; ++l) layer_forward(l, rot, h);

        Mat<T> xf, u, logits;
        Vec<T> inv_f;
        grad::rms_norm_forward(h, Vec<T>(), c.d_model, c.rms_eps, xf, inv_f);
        quantize_input(-1, LinearInput::LmHead, xf);
        grad::matmul_nt(xf, rot.r1, u);
        linear(u, head, logits);
        std::vector<int32_t> targets(tokens.begin() + 1, tokens.end());
        targets.push_back(-1);
        Mat<T> dlogits;
        const double loss = grad::cross_entropy(logits, targets, g ? &dlogits : nullptr);
        if (logits_out) *logits_out = logits;
        if (!g) return loss;

        g->r1.setZero(c.d_model, c.d_model);
        g->r2.assign(rot.r2.size(), Mat<T>::Zero(c.head_dim, c.head_dim));
        Mat<T> du, dh, t1;
        grad::matmul_nn(dlogits, *head.m, du);
        add_tn(du, xf, g->r1);
        grad::matmul_nn(du, rot.r1, t1);
        grad::rms_norm_backward(h, Vec<T>(), c.d_model, inv_f, t1, dh);
        for (int l = c.n_layers - 1; l >= 0; --l) layer_backward(l, rot, dh, *g);
        add_tn(e, dh, g->r1);
        return loss;
    }
};

template <typename T>
RotatedLoss<T>::RotatedLoss(const Model& model, ActivationTransform* quant)
    : impl_(std::make_unique<Impl>(model, quant)) {}

template <typename T>
RotatedLoss<T>::~RotatedLoss() = default;

template <typename T>
double RotatedLoss<T>::loss(const RotationParams<T>& rot, const std::vector<int32_t>& tokens, RotationParams<T>* grad,
                            grad::Mat<T>* logits) {
    return impl_->run(rot, tokens, grad, logits);
}

template class RotatedLoss<float>;
template class RotatedLoss<double>;

}  // namespace rs
