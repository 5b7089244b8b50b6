// The CUDA backend against the CPU reference, op by op, on seeded random inputs. The tolerance is
// a normalized MSE, mse(cpu, cuda) / mse(cpu, 0): fp32 on both sides (no TF32) differs only by
// summation order. Without a CUDA device (CI has none) the comparisons skip; this file also
// builds without CUDA, where cuda_backend_available() is false.
#include <gtest/gtest.h>

#include <iostream>
#include <random>
#include <string>

#include "backend/backend.h"
#include "core/error.h"
#ifdef ROTOSCOPE_HAVE_CUDA
#include "backend/cuda/cuda_backend.h"
#endif
#include "support/backend_compare.h"

namespace rs {
namespace {

constexpr double kNormTolerance = 1e-8;
constexpr double kLinearTolerance = 5e-7;

MatrixRM random_matrix(int64_t rows, int64_t cols, std::mt19937& rng, float scale = 1.0f) {
    std::normal_distribution<float> dist(0.0f, scale);
    MatrixRM m(rows, cols);
    for (int64_t i = 0; i < m.size(); ++i) m.data()[i] = dist(rng);
    return m;
}

VectorF random_vector(int64_t n, std::mt19937& rng, float mean = 0.0f) {
    std::normal_distribution<float> dist(mean, 1.0f);
    VectorF v(n);
    for (int64_t i = 0; i < n; ++i) v[i] = dist(rng);
    return v;
}

using testing::normalized_mse;

class CudaBackendTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!cuda_backend_available())
            GTEST_SKIP() << "no CUDA device on this machine (CI has none); run on a GPU machine";
        cpu_ = make_cpu_backend();
        cuda_ = make_cuda_backend();
    }

    // Compares one linear call; y starts with a wrong shape so that the resize path runs too.
    void expect_linear_matches(const MatrixRM& x, const Linear& layer) {
        MatrixRM want, got(3, 5);
        cpu_->linear(x, layer, want);
        cuda_->linear(x, layer, got);
        EXPECT_LT(normalized_mse(want, got), kLinearTolerance);
    }

    void check_linear(int64_t T, int64_t K, int64_t N, bool bias, uint32_t seed) {
        SCOPED_TRACE(::testing::Message() << "T=" << T << " K=" << K << " N=" << N << " bias=" << bias);
        std::mt19937 rng(seed);
        Linear layer{random_matrix(N, K, rng, 0.05f), bias ? random_vector(N, rng) : VectorF()};
        expect_linear_matches(random_matrix(T, K, rng), layer);
    }

    void check_rms_norm(int64_t T, int64_t C, float scale, uint32_t seed) {
        SCOPED_TRACE(::testing::Message() << "T=" << T << " C=" << C << " scale=" << scale);
        std::mt19937 rng(seed);
        const MatrixRM x = random_matrix(T, C, rng, scale);
        const VectorF w = random_vector(C, rng, 1.0f);
        MatrixRM want, got;
        cpu_->rms_norm(x, w, 1e-5f, want);
        cuda_->rms_norm(x, w, 1e-5f, got);
        EXPECT_LT(normalized_mse(want, got), kNormTolerance);
    }

    std::unique_ptr<Backend> cpu_, cuda_;
};

TEST_F(CudaBackendTest, LinearOddSizesWithoutBias) { check_linear(7, 33, 65, false, 1); }
TEST_F(CudaBackendTest, LinearOddSizesWithBias) { check_linear(7, 33, 65, true, 2); }
TEST_F(CudaBackendTest, LinearSingleElement) { check_linear(1, 1, 1, true, 3); }
TEST_F(CudaBackendTest, LinearLargeWithoutBias) { check_linear(512, 576, 1536, false, 4); }
TEST_F(CudaBackendTest, LinearLargeWithBias) { check_linear(512, 576, 1536, true, 5); }

TEST_F(CudaBackendTest, LinearWithNoInputFeaturesGivesTheBias) {
    std::mt19937 rng(6);
    const Linear layer{MatrixRM(9, 0), random_vector(9, rng)};
    MatrixRM y;
    cuda_->linear(MatrixRM(4, 0), layer, y);
    ASSERT_EQ(y.rows(), 4);
    ASSERT_EQ(y.cols(), 9);
    for (int64_t t = 0; t < 4; ++t) EXPECT_EQ(y.row(t), layer.b.transpose());
}

TEST_F(CudaBackendTest, LinearWithNoRows) {
    std::mt19937 rng(7);
    const Linear layer{random_matrix(5, 3, rng), VectorF()};
    MatrixRM y(2, 2);
    cuda_->linear(MatrixRM(0, 3), layer, y);
    EXPECT_EQ(y.rows(), 0);
    EXPECT_EQ(y.cols(), 5);
}

// The weight cache is keyed by the Linear's address; it must notice a new shape or new values.
TEST_F(CudaBackendTest, WeightCacheFollowsChangesToTheLayer) {
    std::mt19937 rng(8);
    Linear layer{random_matrix(40, 24, rng), random_vector(40, rng)};
    const MatrixRM x = random_matrix(6, 24, rng);
    expect_linear_matches(x, layer);
    expect_linear_matches(x, layer);  // served from the cache

    layer.w = random_matrix(40, 24, rng);  // same shape, new values
    expect_linear_matches(x, layer);

    layer.w *= -2.0f;  // same storage, every value changed in place
    expect_linear_matches(x, layer);

    layer.w = random_matrix(17, 24, rng);  // new shape, and the bias goes away
    layer.b = VectorF();
    expect_linear_matches(x, layer);

    layer.b = random_vector(17, rng);
    expect_linear_matches(x, layer);
}

// An in-place edit that the sampled hash cannot see (one element between the 61 samples of a
// 40 x 24 weight) is seen through the Linear's identity once the writer touches it.
TEST_F(CudaBackendTest, WeightCacheFollowsTheLayersIdentity) {
    std::mt19937 rng(9);
    Linear layer{random_matrix(40, 24, rng), VectorF()};
    const MatrixRM x = random_matrix(6, 24, rng);
    expect_linear_matches(x, layer);
    layer.w(0, 1) += 100.0f;  // element 1: the samples are elements 0, 15, 31, ...
    layer.touch();
    expect_linear_matches(x, layer);
}

TEST_F(CudaBackendTest, LinearInPlace) {
    std::mt19937 rng(9);
    const Linear layer{random_matrix(11, 13, rng), random_vector(11, rng)};
    MatrixRM x = random_matrix(5, 13, rng), want;
    cpu_->linear(x, layer, want);
    cuda_->linear(x, layer, x);
    EXPECT_LT(normalized_mse(want, x), kLinearTolerance);
}

TEST_F(CudaBackendTest, LinearShapeMismatchThrows) {
    std::mt19937 rng(10);
    const Linear layer{random_matrix(4, 8, rng), VectorF()};
    MatrixRM y;
    EXPECT_THROW(cuda_->linear(random_matrix(2, 7, rng), layer, y), Error);
    const Linear bad_bias{random_matrix(4, 8, rng), random_vector(3, rng)};
    EXPECT_THROW(cuda_->linear(random_matrix(2, 8, rng), bad_bias, y), Error);
}

TEST_F(CudaBackendTest, RmsNormSmallRows) { check_rms_norm(5, 7, 1.0f, 11); }
TEST_F(CudaBackendTest, RmsNormOddWidth) { check_rms_norm(33, 65, 1.0f, 12); }
TEST_F(CudaBackendTest, RmsNormWideRows) { check_rms_norm(64, 4096, 1.0f, 13); }
TEST_F(CudaBackendTest, RmsNormVeryWideRows) { check_rms_norm(3, 65536, 1.0f, 14); }
// Outlier-scale activations: the fp32 sum of squares must stay accurate.
TEST_F(CudaBackendTest, RmsNormLargeValues) { check_rms_norm(16, 2048, 300.0f, 15); }

TEST_F(CudaBackendTest, RmsNormOfZerosIsZero) {
    std::mt19937 rng(16);
    const VectorF w = random_vector(10, rng);
    MatrixRM y;
    cuda_->rms_norm(MatrixRM::Zero(3, 10), w, 1e-5f, y);
    EXPECT_TRUE(y.isZero(0.0f));
}

TEST_F(CudaBackendTest, RmsNormInPlace) {
    std::mt19937 rng(17);
    MatrixRM x = random_matrix(8, 96, rng), want;
    const VectorF w = random_vector(96, rng, 1.0f);
    cpu_->rms_norm(x, w, 1e-6f, want);
    cuda_->rms_norm(x, w, 1e-6f, x);
    EXPECT_LT(normalized_mse(want, x), kNormTolerance);
}

TEST_F(CudaBackendTest, RmsNormShapeMismatchThrows) {
    std::mt19937 rng(18);
    MatrixRM y;
    EXPECT_THROW(cuda_->rms_norm(random_matrix(2, 8, rng), random_vector(7, rng), 1e-5f, y), Error);
}

// Runs everywhere: without a device the factory must fail with a Runtime error, not abort.
TEST(CudaBackendAvailability, FactoryFailsCleanlyWithoutADevice) {
    if (cuda_backend_available()) GTEST_SKIP() << "a CUDA device is present";
    try {
        make_cuda_backend();
        FAIL() << "make_cuda_backend() returned without a device";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Runtime);
#ifdef ROTOSCOPE_HAVE_CUDA
        // Built with CUDA: the message carries the runtime's reason (no driver, no device, ...).
        EXPECT_EQ(std::string(e.what()).rfind("no CUDA device: ", 0), 0u) << e.what();
#endif
        std::cout << "make_cuda_backend(): " << e.what() << "\n";
    }
}

#ifdef ROTOSCOPE_HAVE_CUDA
// Runs everywhere, GPU or not. A mismatch is heap corruption waiting for the first GPU run:
// a MatrixRM allocated here and resized inside the backend is freed by the wrong allocator.
TEST(CudaBackendBuild, EigenAlignmentMatchesTheEngine) {
    EXPECT_EQ(cuda::eigen_max_align_bytes(), EIGEN_MAX_ALIGN_BYTES)
        << "rotoscope_cuda's C++ files are compiled with other CPU flags (-march) than the engine "
           "and tests; give rotoscope_cuda the engine's -march option";
}
#endif

}  // namespace
}  // namespace rs
