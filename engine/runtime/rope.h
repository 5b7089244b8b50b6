// Rotary position embedding: the inverse frequencies (model/rope_frequencies.h) and
// the in-place rotation of one head vector in either pairing convention.
#pragma once
#include <vector>

#include "model/model.h"

namespace rs {

class Rope {
public:
    explicit Rope(const ModelConfig& cfg);
    // Rotates rows [0, T) of x (row t at absolute position pos0 + t), each row holding
    // `n_heads` consecutive vectors of head_dim.
    void apply(MatrixRM& x, int n_heads, int pos0) const { rotate<float>(x, n_heads, pos0, false); }
    // Row t at position positions[t] (several sequences packed in one matrix).
    void apply_at(MatrixRM& x, int n_heads, const std::vector<int>& positions) const {
        rotate<float>(x, n_heads, 0, false, positions.data());
    }
    // apply() in either precision; with `inverse`, the rotation by the opposite angles (the
    // transpose: RoPE's backward pass). With `positions`, row t is at positions[t], not pos0 + t.
    template <typename T>
    void rotate(Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>& x, int n_heads, int pos0,
                bool inverse, const int* positions = nullptr) const;
    const std::vector<double>& inv_freq() const { return inv_freq_; }

private:
    int head_dim_;
    RopeStyle style_;
    std::vector<double> inv_freq_;  // head_dim/2 values, scaling already applied
};

}  // namespace rs
