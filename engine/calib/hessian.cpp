#include "calib/hessian.h"

#include <algorithm>
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

HessianAccumulator::HessianAccumulator(int64_t width) : sum_(MatrixD::Zero(width, width)) {}

void HessianAccumulator::add(const MatrixRM& x) {
    if (x.cols() != sum_.cols())
        fail_runtime("Hessian of width " + std::to_string(sum_.cols()) + " given rows of " + std::to_string(x.cols()));
    constexpr int64_t kChunk = 512;
    const int64_t k = sum_.cols();
    Eigen::MatrixXf xtx(k, k);
    for (int64_t r0 = 0; r0 < x.rows(); r0 += kChunk) {
        const int64_t n = std::min(kChunk, x.rows() - r0);
        // A symmetric rank-n update computes the lower triangle only: half the products of xᵀx.
        xtx.triangularView<Eigen::Lower>().setZero();
        xtx.selfadjointView<Eigen::Lower>().rankUpdate(x.middleRows(r0, n).transpose());
        sum_.triangularView<Eigen::Lower>() += xtx.cast<double>();
    }
    n_ += x.rows();
}

MatrixD HessianAccumulator::hessian() const {
    if (n_ == 0) return MatrixD::Zero(sum_.rows(), sum_.cols());
    MatrixD h = sum_ * (2.0 / static_cast<double>(n_));
    mirror_lower(h);
    return h;
}

MatrixD HessianAccumulator::take_hessian() {
    if (n_ > 0) sum_ *= 2.0 / static_cast<double>(n_);
    mirror_lower(sum_);
    n_ = 0;
    return std::move(sum_);
}

}  // namespace rs
