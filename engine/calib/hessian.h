// The Hessian of a linear's layer-wise reconstruction loss, H = 2/n Σ xᵀx over the n calibration
// tokens x that reach the linear's input: what GPTQ (quant/gptq.h) needs, captured apart from the
// solve. Linears that read one input (q/k/v, gate/up) share one Hessian.
//
// Accumulation: the product xᵀx of each added chunk (at most 512 tokens) is a float symmetric
// rank-k update (its lower triangle); the chunks are summed in double. The float sums run over at most 512 terms, so the
// relative error of an entry stays near 512 · 2⁻²⁴ of the chunk's magnitude whatever n is.
#pragma once
#include <cstdint>

#include "model/model.h"

namespace rs {

class HessianAccumulator {
public:
    explicit HessianAccumulator(int64_t width = 0);
    int64_t width() const { return sum_.rows(); }
    int64_t tokens() const { return n_; }
    // Adds the rows of x [tokens, width]. A non-finite value is not an error here: it reaches the
    // Hessian and GPTQ refuses it, naming the linear.
    void add(const MatrixRM& x);
    // 2/n Σ xᵀx (zeros before any token).
    MatrixD hessian() const;
    // The same, moved out of the accumulator (which is left empty): no second K x K copy.
    MatrixD take_hessian();

private:
    MatrixD sum_;
    int64_t n_ = 0;
};

}  // namespace rs
