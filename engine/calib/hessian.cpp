#include "calib/hessian.h"

#include <utility>

#include "core/error.h"

namespace rs {
namespace {

// The strictly upper triangle from the lower one (element by element: no aliasing question).
void mirror_lower(MatrixD& m) {
    for (int64_t j = 1; j < m.cols(); ++j)
        for (int64_t i = 0; i < j; ++i) m(i, j) = m(j, i);
}

}  // namespace

HessianAccumulator::HessianAccumulator(int64_t width, Backend* backend)
    : gram_(backend ? backend->gram(width) : reference_gram(width)) {}

void HessianAccumulator::add(const MatrixRM& x) {
    if (x.cols() != width())
        fail_runtime("Hessian of width " + std::to_string(width()) + " given rows of " + std::to_string(x.cols()));
    gram_->add(x);
    n_ += x.rows();
}

MatrixD HessianAccumulator::hessian() const {
    MatrixD h = gram_->lower();
    if (n_ > 0) h *= 2.0 / static_cast<double>(n_);
    mirror_lower(h);
    return h;
}

MatrixD HessianAccumulator::take_hessian() {
    MatrixD h = gram_->take_lower();
    if (n_ > 0) h *= 2.0 / static_cast<double>(n_);
    mirror_lower(h);
    n_ = 0;
    return h;
}

}  // namespace rs
