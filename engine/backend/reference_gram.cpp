// The CPU reference of the Gram accumulator (backend.h GramAccumulator).
#include <algorithm>
#include <utility>

#include "backend/backend.h"

namespace rs {
namespace {

class ReferenceGram final : public GramAccumulator {
public:
    explicit ReferenceGram(int64_t width) : width_(width) {}
    int64_t width() const override { return width_; }

    void add(const MatrixRM& x) override {
        if (x.rows() == 0) return;
        // Allocated at the first rows after construction or a take: a taken sum leaves nothing
        // behind, so that the caller holds the only K x K matrix.
        if (sum_.size() == 0) sum_ = MatrixD::Zero(width_, width_);
        if (xtx_.size() == 0) xtx_.resize(width_, width_);
        for (int64_t r0 = 0; r0 < x.rows(); r0 += kGramChunk) {
            const int64_t n = std::min(kGramChunk, x.rows() - r0);
            // A symmetric rank-n update computes the lower triangle only: half the products of xᵀx.
            xtx_.triangularView<Eigen::Lower>().setZero();
            xtx_.selfadjointView<Eigen::Lower>().rankUpdate(x.middleRows(r0, n).transpose());
            sum_.triangularView<Eigen::Lower>() += xtx_.cast<double>();
        }
    }

    MatrixD lower() const override { return sum_.size() ? sum_ : MatrixD::Zero(width_, width_); }
    MatrixD take_lower() override {
        xtx_.resize(0, 0);
        if (sum_.size() == 0) return MatrixD::Zero(width_, width_);
        return std::move(sum_);
    }

private:
    int64_t width_;
    MatrixD sum_;  // the strict upper triangle stays zero
    Eigen::MatrixXf xtx_;
};

}  // namespace

std::unique_ptr<GramAccumulator> reference_gram(int64_t width) { return std::make_unique<ReferenceGram>(width); }

}  // namespace rs
