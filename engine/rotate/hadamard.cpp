// Applying Hadamard matrices to rows: butterflies for the 2^m factor, a dense H_Kᵀ for the rest.
#include "rotate/hadamard.h"

#include <cmath>
#include <string>

#include "core/error.h"

namespace rs {
namespace {

bool is_pow2(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

// v ← v · H_len (Sylvester, unnormalized; H_len is symmetric so this is also H_len · v).
template <typename T>
void fwht_unnormalized(T* v, int64_t len) {
    for (int64_t h = 1; h < len; h *= 2)
        for (int64_t i = 0; i < len; i += 2 * h)
            for (int64_t j = i; j < i + h; ++j) {
                const T a = v[j], b = v[j + h];
                v[j] = a + b;
                v[j + h] = a - b;
            }
}

template <typename M>
void fwht_rows_impl(Eigen::Ref<M> x) {
    const int64_t len = x.cols();
    if (!is_pow2(len))
        fail_input("", "Walsh-Hadamard transform needs a power-of-two length, got " + std::to_string(len));
    using T = typename M::Scalar;
    const T scale = static_cast<T>(1.0 / std::sqrt(static_cast<double>(len)));
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        T* row = &x(r, 0);
        fwht_unnormalized(row, len);
        for (int64_t j = 0; j < len; ++j) row[j] *= scale;
    }
}

// A row of length n = k·P read as a k×P row-major X: row·(H_k ⊗ H_P) = vec(H_kᵀ · X · H_P), and
// row·(H_k ⊗ H_P)ᵀ = vec(H_k · X · H_P) (Sylvester's H_P is symmetric).
template <typename M>
void hadamard_rows_impl(Eigen::Ref<M> x, bool transpose) {
    using T = typename M::Scalar;
    using Block = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const int64_t n = x.cols();
    const HadamardSplit split = hadamard_split(n);
    const Eigen::MatrixXi base = hadamard_base(split.k);
    const Block hk_t = transpose ? Block(base.cast<T>()) : Block(base.transpose().cast<T>());
    const T scale = static_cast<T>(1.0 / std::sqrt(static_cast<double>(n)));
    Block mixed(split.k, split.pow2);
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        T* row = &x(r, 0);
        for (int i = 0; i < split.k; ++i) fwht_unnormalized(row + i * split.pow2, split.pow2);
        Eigen::Map<Block> xr(row, split.k, split.pow2);
        if (split.k > 1) {
            mixed.noalias() = hk_t * xr;
            xr = mixed * scale;
        } else {
            xr *= scale;
        }
    }
}

}  // namespace

void fwht_rows(Eigen::Ref<MatrixRM> x) { fwht_rows_impl<MatrixRM>(x); }
void fwht_rows(Eigen::Ref<MatrixRMd> x) { fwht_rows_impl<MatrixRMd>(x); }
void hadamard_rows(Eigen::Ref<MatrixRM> x, bool transpose) { hadamard_rows_impl<MatrixRM>(x, transpose); }
void hadamard_rows(Eigen::Ref<MatrixRMd> x, bool transpose) { hadamard_rows_impl<MatrixRMd>(x, transpose); }

Eigen::MatrixXd hadamard_matrix(int64_t n) {
    const HadamardSplit split = hadamard_split(n);
    const Eigen::MatrixXi hk = hadamard_base(split.k);
    const double scale = 1.0 / std::sqrt(static_cast<double>(n));
    Eigen::MatrixXd q(n, n);
    for (int64_t i = 0; i < split.k; ++i)
        for (int64_t a = 0; a < split.pow2; ++a)
            for (int64_t j = 0; j < split.k; ++j)
                for (int64_t b = 0; b < split.pow2; ++b) {
                    // Sylvester entry (a, b) is (-1)^popcount(a & b).
                    const int sylvester = (__builtin_popcountll(static_cast<uint64_t>(a & b)) & 1) ? -1 : 1;
                    q(i * split.pow2 + a, j * split.pow2 + b) = scale * hk(i, j) * sylvester;
                }
    return q;
}

}  // namespace rs
