// A rotation prepared once and applied to activations many times: the online R3 (per head, on Q
// and K after RoPE) and R4 (the down_proj input) of a rotated model's forward pass. Preparing
// does the expensive part (signs, a dense random orthogonal matrix) once per model, not per call.
#pragma once
#include <cstdint>

#include "model/model.h"
#include "rotate/rotation_spec.h"

namespace rs {

class PreparedRotation {
public:
    // BadInput (one line) when the spec has no matrix of order n.
    PreparedRotation(const RotationSpec& spec, int64_t n);

    int64_t order() const { return n_; }
    const RotationSpec& spec() const { return spec_; }

    // x ← x·Q; x must have order() columns.
    void apply(MatrixRM& x) const;
    // Every consecutive group of order() columns (one attention head each) ← group·Q.
    void apply_per_group(MatrixRM& x) const;

private:
    void apply_block(Eigen::Ref<MatrixRM> x) const;

    RotationSpec spec_;
    int64_t n_;
    VectorF signs_;  // RandomHadamard
    MatrixRM q_;     // RandomOrthogonal, fp32 (activations are fp32 anyway)
};

}  // namespace rs
