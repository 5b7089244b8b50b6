#include "rotate/online_rotation.h"

#include <algorithm>

#include "core/error.h"
#include "rotate/rotation.h"
#include "rotate/rotation_kinds.h"

namespace rs {

PreparedRotation::PreparedRotation(const RotationSpec& spec, int64_t n, Precision precision)
    : spec_(spec), n_(n), precision_(precision) {
    check_rotation_order(spec, n);
    if (spec.kind == RotationKind::RandomHadamard) {
        signs_ = random_signs(spec.seed, n);
        signs_f_ = signs_.cast<float>();
    }
    if (rotation_traits(spec.kind).dense) {
        if (precision == Precision::Float64) q_d_ = rotation_matrix(spec, n);
        else q_ = rotation_matrix(spec, n).cast<float>();
    }
}

PreparedRotation::PreparedRotation(const RotationSpec& spec, const Eigen::MatrixXd& q, Precision precision)
    : spec_(spec), n_(q.rows()), precision_(precision) {
    if (!rotation_traits(spec.kind).dense || q.rows() != q.cols())
        fail_runtime("a prepared rotation from a matrix needs a dense kind and a square matrix");
    if (precision == Precision::Float64) q_d_ = q;
    else q_ = q.cast<float>();
}

template <typename T>
void PreparedRotation::apply_rows(Eigen::Ref<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> x,
                                  bool transpose) const {
    using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    if (spec_.kind == RotationKind::Identity) return;
    const M* dense = nullptr;
    const Eigen::Matrix<T, Eigen::Dynamic, 1>* signs_ptr = nullptr;
    if constexpr (std::is_same_v<T, float>) {
        dense = &q_;
        signs_ptr = &signs_f_;
    } else {
        dense = &q_d_;
        signs_ptr = &signs_;
    }
    const auto& signs = *signs_ptr;
    const int64_t rows = x.rows();
    constexpr int64_t kChunk = 32;
    // Small inputs (one token's activations) stay on the calling thread.
#pragma omp parallel for schedule(static) if (rows > kChunk)
    for (int64_t r0 = 0; r0 < rows; r0 += kChunk) {
        auto part = x.middleRows(r0, std::min(kChunk, rows - r0));
        switch (spec_.kind) {
            case RotationKind::Identity: break;
            case RotationKind::Hadamard: hadamard_rows(part, transpose); break;
            case RotationKind::RandomHadamard:
                // Q = diag(s)·H: flip the columns, then the transform; Qᵀ = Hᵀ·diag(s).
                if (!transpose) part = part * signs.asDiagonal();
                hadamard_rows(part, transpose);
                if (transpose) part = part * signs.asDiagonal();
                break;
            case RotationKind::BlockHadamard:
                for (int64_t b = 0; b < n_; b += spec_.block) hadamard_rows(part.middleCols(b, spec_.block), transpose);
                break;
            case RotationKind::RandomOrthogonal:
            case RotationKind::File: {
                const M y = transpose ? M(part * dense->transpose()) : M(part * *dense);
                part = y;
                break;
            }
        }
    }
}

std::optional<HadamardOp> PreparedRotation::hadamard_op() const {
    switch (spec_.kind) {
        case RotationKind::Hadamard: return HadamardOp{n_, nullptr, false};
        case RotationKind::RandomHadamard: return HadamardOp{n_, &signs_f_, false};
        case RotationKind::BlockHadamard: return HadamardOp{spec_.block, nullptr, false};
        default: return std::nullopt;
    }
}

void PreparedRotation::apply(MatrixRM& x, Backend& backend, bool per_group) const {
    const std::optional<HadamardOp> op = hadamard_op();
    if (!op || !backend.supports(BackendOp::Hadamard)) {
        if (per_group) apply_per_group(x);
        else apply(x);
        return;
    }
    if (per_group) check_groups(x.cols());
    else check_cols(x.cols());
    backend.hadamard(x, *op);
}

void PreparedRotation::check_cols(int64_t cols) const {
    if (cols != n_)
        fail_runtime("rotation " + rotation_name(spec_) + " of order " + std::to_string(n_) + " applied to " +
                     std::to_string(cols) + " columns");
}

void PreparedRotation::check_precision(bool float64) const {
    if (rotation_traits(spec_.kind).dense && (precision_ == Precision::Float64) != float64)
        fail_runtime("rotation " + rotation_name(spec_) + " prepared for " + (float64 ? "float32" : "float64") +
                     ", applied to " + (float64 ? "float64" : "float32") + " rows");
}

void PreparedRotation::apply(MatrixRM& x) const {
    check_cols(x.cols());
    check_precision(false);
    apply_rows<float>(x);
}

void PreparedRotation::apply(Eigen::Ref<MatrixRMd> x) const {
    check_cols(x.cols());
    check_precision(true);
    apply_rows<double>(x);
}

void PreparedRotation::apply_transpose(MatrixRM& x, bool per_group) const {
    check_precision(false);
    if (!per_group) {
        check_cols(x.cols());
        apply_rows<float>(x, true);
        return;
    }
    if (x.cols() % n_ != 0)
        fail_runtime("rotation " + rotation_name(spec_) + " of order " + std::to_string(n_) + " applied per group to " +
                     std::to_string(x.cols()) + " columns, not a multiple");
    Eigen::Map<MatrixRM> groups(x.data(), x.rows() * (x.cols() / n_), n_);
    apply_rows<float>(groups, true);
}

void PreparedRotation::apply_transpose(Eigen::Ref<MatrixRMd> x, bool per_group) const {
    check_precision(true);
    if (!per_group) {
        check_cols(x.cols());
        apply_rows<double>(x, true);
        return;
    }
    if (x.cols() % n_ != 0 || x.outerStride() != x.cols())
        fail_runtime("rotation " + rotation_name(spec_) + " of order " + std::to_string(n_) +
                     " applied per group to a strided or non-multiple block of " + std::to_string(x.cols()) + " columns");
    Eigen::Map<MatrixRMd> groups(x.data(), x.rows() * (x.cols() / n_), n_);
    apply_rows<double>(groups, true);
}

void PreparedRotation::check_groups(int64_t cols) const {
    if (cols % n_ != 0)
        fail_runtime("online rotation " + rotation_name(spec_) + " of order " + std::to_string(n_) + " applied to " +
                     std::to_string(cols) + " columns, not a multiple");
}

void PreparedRotation::apply_per_group(MatrixRM& x) const {
    check_groups(x.cols());
    if (spec_.kind == RotationKind::Identity) return;
    check_precision(false);
    // A row-major [T, G·n] matrix is the row-major [T·G, n] matrix of its groups.
    Eigen::Map<MatrixRM> groups(x.data(), x.rows() * (x.cols() / n_), n_);
    apply_rows<float>(groups);
}

}  // namespace rs
