// A rotation prepared once and applied to many rows, x ← x·Q, without forming Q for the Hadamard
// kinds (the fast transform, O(n log n) per row): the online R3 (per head, on Q and K after RoPE)
// and R4 (the down_proj input) of a rotated model's forward pass in fp32, and the offline fusion
// of weights in float64 (rotate/fuse.h). Preparing does the expensive part (signs, the dense
// matrix of the random orthogonal kind) once. Rows are independent: the row loop is parallel and
// the result does not depend on the thread count.
#pragma once
#include <cstdint>

#include "backend/backend.h"
#include "model/model.h"
#include "rotate/hadamard.h"
#include "rotate/rotation_spec.h"

namespace rs {

class PreparedRotation {
public:
    // Which apply() the rotation is prepared for (the random orthogonal kind keeps its dense
    // matrix in that precision only).
    enum class Precision { Float32, Float64 };

    // BadInput (one line) when the spec has no matrix of order n.
    PreparedRotation(const RotationSpec& spec, int64_t n, Precision precision = Precision::Float32);
    // A dense kind (rotation_traits(spec.kind).dense) prepared from its matrix, already built and
    // checked (one matrix of a per-layer stack: rotation_matrices).
    PreparedRotation(const RotationSpec& spec, const Eigen::MatrixXd& q, Precision precision);

    int64_t order() const { return n_; }
    const RotationSpec& spec() const { return spec_; }

    // x ← x·Q; x must have order() columns.
    void apply(MatrixRM& x) const;
    // The same on a backend: its Hadamard op when it runs it and the kind is a Hadamard kind,
    // apply() otherwise. With `per_group`, apply_per_group().
    void apply(MatrixRM& x, Backend& backend, bool per_group = false) const;
    // The rotation as a backend Hadamard op (blocks that tile order() columns, so per group as
    // well), or nothing for the identity and the dense kinds. Valid while this object lives.
    std::optional<HadamardOp> hadamard_op() const;
    // Every consecutive group of order() columns (one attention head each) ← group·Q.
    void apply_per_group(MatrixRM& x) const;
    // x ← x·Qᵀ (the inverse), per group of order() columns when `per_group`: the backward pass of
    // an online rotation (fit/rotated_loss.h).
    void apply_transpose(MatrixRM& x, bool per_group = false) const;
    void apply_transpose(Eigen::Ref<MatrixRMd> x, bool per_group = false) const;
    // x ← x·Q in float64 (prepared with Precision::Float64); any outer stride, so a block of
    // columns of a wider matrix works.
    void apply(Eigen::Ref<MatrixRMd> x) const;

private:
    template <typename T>
    void apply_rows(Eigen::Ref<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> x,
                    bool transpose = false) const;
    void check_precision(bool float64) const;
    void check_cols(int64_t cols) const;
    void check_groups(int64_t cols) const;

    RotationSpec spec_;
    int64_t n_;
    Precision precision_;
    Eigen::VectorXd signs_;  // RandomHadamard, for float64 rows
    VectorF signs_f_;        // the same, for fp32 rows
    MatrixRM q_;             // RandomOrthogonal, Precision::Float32 (activations are fp32 anyway)
    MatrixRMd q_d_;          // RandomOrthogonal, Precision::Float64
};

}  // namespace rs
