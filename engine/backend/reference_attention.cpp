// The CPU reference of causal grouped-query attention (backend.h AttentionOp).
#include <omp.h>

#include <cmath>
#include <limits>
#include <string>

#include "backend/backend.h"
#include "core/error.h"

namespace rs {

void check_attention_op(const MatrixRM& q, const MatrixRM& k, const MatrixRM& v, const AttentionOp& op) {
    const auto fail = [](const std::string& why) { fail_input("attention", why); };
    if (op.n_heads <= 0 || op.n_kv_heads <= 0 || op.head_dim <= 0 || op.n_heads % op.n_kv_heads != 0)
        fail(std::to_string(op.n_heads) + " query heads do not group over " + std::to_string(op.n_kv_heads) + " KV heads of " +
             std::to_string(op.head_dim));
    if (op.pos0 < 0) fail("negative first position " + std::to_string(op.pos0));
    if (q.cols() != int64_t{op.n_heads} * op.head_dim)
        fail("q has " + std::to_string(q.cols()) + " columns, not " + std::to_string(op.n_heads) + " heads of " +
             std::to_string(op.head_dim));
    const int64_t kv_cols = int64_t{op.n_kv_heads} * op.head_dim;
    if (k.cols() != kv_cols || v.cols() != kv_cols)
        fail("k/v have " + std::to_string(k.cols()) + "/" + std::to_string(v.cols()) + " columns, not " + std::to_string(kv_cols));
    const int64_t keys = op.pos0 + q.rows();
    if (k.rows() < keys || v.rows() < keys)
        fail("k/v hold " + std::to_string(std::min(k.rows(), v.rows())) + " positions; the queries see " + std::to_string(keys));
}

// Queries go in blocks so that each block multiplies only by the keys it can see, which halves
// the work of a full prefill. One thread per (head, block): the result does not depend on the
// thread count.
void reference_attention(const MatrixRM& q, const MatrixRM& k_all, const MatrixRM& v_all, const AttentionOp& op, MatrixRM& out) {
    check_attention_op(q, k_all, v_all, op);
    const int T = static_cast<int>(q.rows()), D = op.head_dim, group = op.n_heads / op.n_kv_heads;
    const int64_t pos0 = op.pos0;
    const float scale = 1.0f / std::sqrt(static_cast<float>(D));
    constexpr int kBlock = 128;
    const int n_blocks = (T + kBlock - 1) / kBlock;
    out.resize(T, int64_t{op.n_heads} * D);
#pragma omp parallel
    {
        MatrixRM scores;
#pragma omp for collapse(2) schedule(dynamic)
        for (int h = 0; h < op.n_heads; ++h)
            for (int b = 0; b < n_blocks; ++b) {
                const int g = h / group;
                const int t0 = b * kBlock, n = std::min(kBlock, T - t0);
                const int64_t keys = pos0 + t0 + n;  // the last query of the block sees this many keys
                const auto Q = q.block(t0, int64_t{h} * D, n, D);
                const auto K = k_all.block(0, int64_t{g} * D, keys, D);
                const auto V = v_all.block(0, int64_t{g} * D, keys, D);
                scores.noalias() = (Q * K.transpose()) * scale;
                for (int r = 0; r < n; ++r) {
                    const int64_t visible = pos0 + t0 + r + 1;
                    auto row = scores.row(r);
                    if (visible < keys) row.tail(keys - visible).setConstant(-std::numeric_limits<float>::infinity());
                    const float mx = row.head(visible).maxCoeff();
                    row = (row.array() - mx).exp();
                    row /= row.sum();
                }
                out.block(t0, int64_t{h} * D, n, D).noalias() = scores * V;
            }
    }
}

}  // namespace rs
