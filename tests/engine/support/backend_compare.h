// Inputs and the error measure of the backend comparisons (cuda_backend_test, backend_ops_test,
// backend_routing_test). Header-only: the GPU machine's kernel-check build has no test library.
#pragma once
#include <gtest/gtest.h>

#include <random>

#include "model/model.h"

namespace rs::testing {

// Seeded N(0, 1) rows; with `outliers`, one value per row 40x larger (where real activations
// have their massive values), so that scales differ from block to block.
inline MatrixRM random_rows(int64_t rows, int64_t cols, uint32_t seed, bool outliers = true) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, 1.0f);
    MatrixRM m(rows, cols);
    for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = dist(rng);
    if (outliers && cols > 0)
        for (int64_t r = 0; r < rows; ++r) m(r, (r * 37 + 5) % cols) *= 40.0f;
    return m;
}

// mse(ref, got) / mse(ref, 0); 0 when both are all zeros; 1 (and a failure) for other shapes.
inline double normalized_mse(const MatrixRM& ref, const MatrixRM& got) {
    EXPECT_EQ(ref.rows(), got.rows());
    EXPECT_EQ(ref.cols(), got.cols());
    if (ref.rows() != got.rows() || ref.cols() != got.cols()) return 1.0;
    const double err = (ref.cast<double>() - got.cast<double>()).squaredNorm();
    const double norm = ref.cast<double>().squaredNorm();
    return norm == 0.0 ? err : err / norm;
}

}  // namespace rs::testing
