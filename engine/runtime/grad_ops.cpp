#include "runtime/grad_ops.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"

namespace rs::grad {
namespace {

// Rows per parallel chunk: fixed, so that every output element is computed the same way
// whatever the number of threads. Inputs of at most this many rows stay on the calling thread.
constexpr int64_t kRows = 64;

}  // namespace

template <typename T>
void matmul_nt(const Mat<T>& a, const Mat<T>& b, Mat<T>& out) {
    if (a.cols() != b.cols()) fail_runtime("matmul_nt: inner sizes differ");
    out.resize(a.rows(), b.rows());
    const int64_t rows = a.rows();
#pragma omp parallel for schedule(dynamic) if (rows > kRows)
    for (int64_t r0 = 0; r0 < rows; r0 += kRows) {
        const int64_t n = std::min(kRows, rows - r0);
        out.middleRows(r0, n).noalias() = a.middleRows(r0, n) * b.transpose();
    }
}

template <typename T>
void matmul_nn(const Mat<T>& a, const Mat<T>& b, Mat<T>& out) {
    if (a.cols() != b.rows()) fail_runtime("matmul_nn: inner sizes differ");
    out.resize(a.rows(), b.cols());
    const int64_t rows = a.rows();
#pragma omp parallel for schedule(dynamic) if (rows > kRows)
    for (int64_t r0 = 0; r0 < rows; r0 += kRows) {
        const int64_t n = std::min(kRows, rows - r0);
        out.middleRows(r0, n).noalias() = a.middleRows(r0, n) * b;
    }
}

template <typename T>
void matmul_tn(const Mat<T>& a, const Mat<T>& b, Mat<T>& out) {
    if (a.rows() != b.rows()) fail_runtime("matmul_tn: inner sizes differ");
    out.resize(a.cols(), b.cols());
    const int64_t rows = a.cols();
#pragma omp parallel for schedule(dynamic) if (rows > kRows)
    for (int64_t r0 = 0; r0 < rows; r0 += kRows) {
        const int64_t n = std::min(kRows, rows - r0);
        out.middleRows(r0, n).noalias() = a.middleCols(r0, n).transpose() * b;
    }
}

template <typename T>
void rms_norm_forward(const Mat<T>& x, const Vec<T>& w, int group, double eps, Mat<T>& y, Vec<T>& inv_rms) {
    const int64_t groups = x.cols() / group;
    y.resize(x.rows(), x.cols());
    inv_rms.resize(x.rows() * groups);
    for (int64_t t = 0; t < x.rows(); ++t)
        for (int64_t g = 0; g < groups; ++g) {
            const auto v = x.row(t).segment(g * group, group);
            // The mean square in double, as the forward pass (decoder_block.cpp) takes it.
            const double ms = v.template cast<double>().squaredNorm() / group;
            const T r = static_cast<T>(1.0 / std::sqrt(ms + eps));
            inv_rms(t * groups + g) = r;
            auto out = y.row(t).segment(g * group, group);
            out = v * r;
            if (w.size() != 0) out = out.cwiseProduct(w.transpose());
        }
}

// y0 = x·r: dx = r·(dŷ − y0·<dŷ, y0>/n) with dŷ = dy ⊙ w.
template <typename T>
void rms_norm_backward(const Mat<T>& x, const Vec<T>& w, int group, const Vec<T>& inv_rms, const Mat<T>& dy,
                       Mat<T>& dx) {
    const int64_t groups = x.cols() / group;
    dx.resize(x.rows(), x.cols());
    for (int64_t t = 0; t < x.rows(); ++t)
        for (int64_t g = 0; g < groups; ++g) {
            const T r = inv_rms(t * groups + g);
            Vec<T> d = dy.row(t).segment(g * group, group).transpose();
            if (w.size() != 0) d = d.cwiseProduct(w);
            const Vec<T> y0 = x.row(t).segment(g * group, group).transpose() * r;
            const T dot = d.dot(y0) / static_cast<T>(group);
            dx.row(t).segment(g * group, group) = (r * (d - y0 * dot)).transpose();
        }
}

template <typename T>
void attention_forward(const Mat<T>& q, const Mat<T>& k, const Mat<T>& v, int n_heads, int n_kv_heads, int head_dim,
                       Mat<T>& out, std::vector<Mat<T>>& probs) {
    const int64_t T_ = q.rows();
    const int D = head_dim, group = n_heads / n_kv_heads;
    const T scale = static_cast<T>(1.0 / std::sqrt(static_cast<double>(D)));
    out.resize(T_, int64_t{n_heads} * D);
    probs.resize(n_heads);
#pragma omp parallel for schedule(dynamic) if (T_ > kRows)
    for (int h = 0; h < n_heads; ++h) {
        const int g = h / group;
        const auto Q = q.middleCols(int64_t{h} * D, D);
        const auto K = k.middleCols(int64_t{g} * D, D);
        const auto V = v.middleCols(int64_t{g} * D, D);
        Mat<T>& p = probs[h];
        p.noalias() = (Q * K.transpose()) * scale;
        for (int64_t r = 0; r < T_; ++r) {
            auto row = p.row(r);
            const int64_t visible = r + 1;
            if (visible < T_) row.tail(T_ - visible).setZero();
            auto seen = row.head(visible);
            const T mx = seen.maxCoeff();
            seen = (seen.array() - mx).exp();
            seen /= seen.sum();
        }
        out.middleCols(int64_t{h} * D, D).noalias() = p * V;
    }
}

// dV = Pᵀ·dO; dP = dO·Vᵀ; dS = P ⊙ (dP − rowsum(dP ⊙ P)); dQ = dS·K·scale; dK = dSᵀ·Q·scale.
// Heads of one KV group add into the same dK/dV columns: the group's heads run on one thread.
template <typename T>
void attention_backward(const Mat<T>& q, const Mat<T>& k, const Mat<T>& v, int n_heads, int n_kv_heads, int head_dim,
                        const std::vector<Mat<T>>& probs, const Mat<T>& dout, Mat<T>& dq, Mat<T>& dk, Mat<T>& dv) {
    const int D = head_dim, group = n_heads / n_kv_heads;
    const T scale = static_cast<T>(1.0 / std::sqrt(static_cast<double>(D)));
    dq.setZero(q.rows(), q.cols());
    dk.setZero(k.rows(), k.cols());
    dv.setZero(v.rows(), v.cols());
#pragma omp parallel for schedule(dynamic) if (q.rows() > kRows)
    for (int g = 0; g < n_kv_heads; ++g) {
        Mat<T> dp, ds;
        const auto K = k.middleCols(int64_t{g} * D, D);
        const auto V = v.middleCols(int64_t{g} * D, D);
        for (int h = g * group; h < (g + 1) * group; ++h) {
            const Mat<T>& p = probs[h];
            const auto dO = dout.middleCols(int64_t{h} * D, D);
            dv.middleCols(int64_t{g} * D, D).noalias() += p.transpose() * dO;
            dp.noalias() = dO * V.transpose();
            ds = p.cwiseProduct(dp);
            const Vec<T> rows = ds.rowwise().sum();
            ds -= p.cwiseProduct(rows.replicate(1, p.cols()));
            dq.middleCols(int64_t{h} * D, D).noalias() = (ds * K) * scale;
            dk.middleCols(int64_t{g} * D, D).noalias() += (ds.transpose() * q.middleCols(int64_t{h} * D, D)) * scale;
        }
    }
}

template <typename T>
void swiglu_forward(const Mat<T>& gate, const Mat<T>& up, Mat<T>& act) {
    act.resize(gate.rows(), gate.cols());
    act.array() = gate.array() / (T(1) + (-gate.array()).exp()) * up.array();
}

// silu(g) = g·σ(g), silu'(g) = σ(g)·(1 + g·(1 − σ(g))).
template <typename T>
void swiglu_backward(const Mat<T>& gate, const Mat<T>& up, const Mat<T>& dact, Mat<T>& dgate, Mat<T>& dup) {
    const auto sig = (T(1) / (T(1) + (-gate.array()).exp())).eval();
    dup.resize(gate.rows(), gate.cols());
    dgate.resize(gate.rows(), gate.cols());
    dup.array() = dact.array() * gate.array() * sig;
    dgate.array() = dact.array() * up.array() * sig * (T(1) + gate.array() * (T(1) - sig));
}

template <typename T>
double cross_entropy(const Mat<T>& logits, const std::vector<int32_t>& targets, Mat<T>* dlogits) {
    if (static_cast<int64_t>(targets.size()) != logits.rows()) fail_runtime("cross_entropy: one target per row");
    int64_t counted = 0;
    for (int32_t t : targets) {
        if (t >= logits.cols()) fail_runtime("cross_entropy: target outside the vocabulary");
        counted += t >= 0;
    }
    if (dlogits) dlogits->setZero(logits.rows(), logits.cols());
    if (counted == 0) return 0.0;
    double total = 0.0;
    const T inv = static_cast<T>(1.0 / static_cast<double>(counted));
    std::vector<double> row_loss(logits.rows(), 0.0);
#pragma omp parallel for schedule(static) if (logits.rows() > kRows)
    for (int64_t r = 0; r < logits.rows(); ++r) {
        const int32_t target = targets[r];
        if (target < 0) continue;
        const auto row = logits.row(r);
        const double mx = static_cast<double>(row.maxCoeff());
        double sum = 0.0;
        for (int64_t j = 0; j < row.size(); ++j) sum += std::exp(static_cast<double>(row(j)) - mx);
        row_loss[r] = std::log(sum) + mx - static_cast<double>(row(target));
        if (dlogits) {
            auto d = dlogits->row(r);
            for (int64_t j = 0; j < row.size(); ++j)
                d(j) = static_cast<T>(std::exp(static_cast<double>(row(j)) - mx) / sum) * inv;
            d(target) -= inv;
        }
    }
    for (double l : row_loss) total += l;
    return total / static_cast<double>(counted);
}

template <typename T>
void per_group_product(const Mat<T>& x, const Mat<T>& r, bool transpose, Mat<T>& y) {
    const int64_t n = r.rows();
    if (x.cols() % n != 0) fail_runtime("per_group_product: columns are not a multiple of the rotation's order");
    y.resize(x.rows(), x.cols());
    for (int64_t g = 0; g < x.cols(); g += n) {
        if (transpose) y.middleCols(g, n).noalias() = x.middleCols(g, n) * r.transpose();
        else y.middleCols(g, n).noalias() = x.middleCols(g, n) * r;
    }
}

template <typename T>
void per_group_grad(const Mat<T>& x, const Mat<T>& dy, Mat<T>& grad_r) {
    const int64_t n = grad_r.rows();
    for (int64_t g = 0; g < x.cols(); g += n) grad_r.noalias() += x.middleCols(g, n).transpose() * dy.middleCols(g, n);
}

#define RS_GRAD_INSTANTIATE(T)                                                                                        \
    template void matmul_nt<T>(const Mat<T>&, const Mat<T>&, Mat<T>&);                                                \
    template void matmul_nn<T>(const Mat<T>&, const Mat<T>&, Mat<T>&);                                                \
    template void matmul_tn<T>(const Mat<T>&, const Mat<T>&, Mat<T>&);                                                \
    template void rms_norm_forward<T>(const Mat<T>&, const Vec<T>&, int, double, Mat<T>&, Vec<T>&);                   \
    template void rms_norm_backward<T>(const Mat<T>&, const Vec<T>&, int, const Vec<T>&, const Mat<T>&, Mat<T>&);     \
    template void attention_forward<T>(const Mat<T>&, const Mat<T>&, const Mat<T>&, int, int, int, Mat<T>&,           \
                                       std::vector<Mat<T>>&);                                                         \
    template void attention_backward<T>(const Mat<T>&, const Mat<T>&, const Mat<T>&, int, int, int,                   \
                                        const std::vector<Mat<T>>&, const Mat<T>&, Mat<T>&, Mat<T>&, Mat<T>&);        \
    template void swiglu_forward<T>(const Mat<T>&, const Mat<T>&, Mat<T>&);                                           \
    template void swiglu_backward<T>(const Mat<T>&, const Mat<T>&, const Mat<T>&, Mat<T>&, Mat<T>&);                  \
    template double cross_entropy<T>(const Mat<T>&, const std::vector<int32_t>&, Mat<T>*);                            \
    template void per_group_product<T>(const Mat<T>&, const Mat<T>&, bool, Mat<T>&);                                  \
    template void per_group_grad<T>(const Mat<T>&, const Mat<T>&, Mat<T>&);

RS_GRAD_INSTANTIATE(float)
RS_GRAD_INSTANTIATE(double)
#undef RS_GRAD_INSTANTIATE

}  // namespace rs::grad
