// The CPU reference of GPTQ's factor (backend.h reference_inverse_cholesky).
#include <Eigen/Cholesky>
#include <algorithm>

#include "backend/backend.h"

namespace rs {

// The upper Cholesky factor U of (A + λI)⁻¹ in float, for the symmetric A given with its rows
// and columns reversed (J A J). With L = chol(J (A + λI) J) lower, U = J L⁻¹ J. The factorization
// runs in place in `ra`; when A + λI is not positive definite it is undone (the upper triangle
// still holds A, the diagonal is kept apart) and false comes back. L⁻¹ is solved in column
// blocks and stored straight into float, so that no second double matrix of K x K is held.
bool reference_inverse_cholesky(MatrixD& ra, const Eigen::VectorXd& diag, double lambda, Eigen::MatrixXf& u) {
    const int64_t k = ra.rows();
    ra.diagonal() = diag.array() + lambda;
    Eigen::LLT<Eigen::Ref<MatrixD>> llt(ra);  // in place: the lower triangle becomes L
    if (llt.info() != Eigen::Success) {
        ra.triangularView<Eigen::StrictlyLower>() = ra.transpose();
        ra.diagonal() = diag;
        return false;
    }
    u.setZero(k, k);
    constexpr int64_t kCols = 512;
    MatrixD b;
    for (int64_t c0 = 0; c0 < k; c0 += kCols) {
        const int64_t nb = std::min(kCols, k - c0), m = k - c0;
        // Columns c0.. of L⁻¹ are zero above row c0: solve with the trailing block of L only.
        b.setZero(m, nb);
        b.topRows(nb).setIdentity();
        ra.bottomRightCorner(m, m).triangularView<Eigen::Lower>().solveInPlace(b);
        if (!b.allFinite()) return false;
        // U(i, j) = L⁻¹(k-1-i, k-1-j).
        for (int64_t c = 0; c < nb; ++c)
            for (int64_t r = 0; r < m; ++r) u(k - 1 - (c0 + r), k - 1 - (c0 + c)) = static_cast<float>(b(r, c));
    }
    return (u.diagonal().array() > 0).all();
}

}  // namespace rs
