// The Hessian of a linear's layer-wise reconstruction loss, H = 2/n Σ xᵀx over the n calibration
// tokens x that reach the linear's input: what GPTQ (quant/gptq.h) needs, captured apart from the
// solve. Linears that read one input (q/k/v, gate/up) share one Hessian.
//
// Accumulation: the backend's GramAccumulator (backend/backend.h): the product xᵀx of each added
// chunk of at most 512 tokens as a float symmetric rank update, the chunks summed in double, on
// the backend's device when it has one. The float sums run over at most 512 terms, so the
// relative error of an entry stays near 512 · 2⁻²⁴ of the chunk's magnitude whatever n is.
#pragma once
#include <cstdint>
#include <memory>

#include "backend/backend.h"
#include "model/model.h"

namespace rs {

class HessianAccumulator {
public:
    // `backend`: where the products run (null: the CPU reference).
    explicit HessianAccumulator(int64_t width = 0, Backend* backend = nullptr);
    int64_t width() const { return gram_->width(); }
    int64_t tokens() const { return n_; }
    // Adds the rows of x [tokens, width]. A non-finite value is not an error here: it reaches the
    // Hessian and GPTQ refuses it, naming the linear.
    void add(const MatrixRM& x);
    // 2/n Σ xᵀx (zeros before any token).
    MatrixD hessian() const;
    // The same, moved out of the accumulator (which is left empty): no second K x K copy.
    MatrixD take_hessian();

private:
    std::unique_ptr<GramAccumulator> gram_;
    int64_t n_ = 0;
};

}  // namespace rs
