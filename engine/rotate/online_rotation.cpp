#include "rotate/online_rotation.h"

#include "core/error.h"
#include "rotate/hadamard.h"
#include "rotate/rotation.h"

namespace rs {

PreparedRotation::PreparedRotation(const RotationSpec& spec, int64_t n) : spec_(spec), n_(n) {
    check_rotation_order(spec, n);
    if (spec.kind == RotationKind::RandomHadamard) signs_ = random_signs(spec.seed, n).cast<float>();
    if (spec.kind == RotationKind::RandomOrthogonal) q_ = rotation_matrix(spec, n).cast<float>();
}

void PreparedRotation::apply_block(Eigen::Ref<MatrixRM> x) const {
    switch (spec_.kind) {
        case RotationKind::Identity: return;
        case RotationKind::Hadamard: hadamard_rows(x); return;
        case RotationKind::RandomHadamard:
            // Q = diag(s)·H: flip the columns, then the transform.
            x = x * signs_.asDiagonal();
            hadamard_rows(x);
            return;
        case RotationKind::BlockHadamard:
            for (int64_t b = 0; b < n_; b += spec_.block) hadamard_rows(x.middleCols(b, spec_.block));
            return;
        case RotationKind::RandomOrthogonal: {
            const MatrixRM y = x * q_;
            x = y;
            return;
        }
    }
}

void PreparedRotation::apply(MatrixRM& x) const {
    if (x.cols() != n_)
        fail_runtime("online rotation " + rotation_name(spec_) + " of order " + std::to_string(n_) + " applied to " +
                     std::to_string(x.cols()) + " columns");
    apply_block(x);
}

void PreparedRotation::apply_per_group(MatrixRM& x) const {
    if (x.cols() % n_ != 0)
        fail_runtime("online rotation " + rotation_name(spec_) + " of order " + std::to_string(n_) + " applied to " +
                     std::to_string(x.cols()) + " columns, not a multiple");
    if (spec_.kind == RotationKind::Identity) return;
    // A row-major [T, G·n] matrix is the row-major [T·G, n] matrix of its groups.
    Eigen::Map<MatrixRM> groups(x.data(), x.rows() * (x.cols() / n_), n_);
    apply_block(groups);
}

}  // namespace rs
