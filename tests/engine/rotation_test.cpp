// Rotations of issue 4. Every Hadamard base is checked against its definition (±1, H·Hᵀ = k·I),
// the fast paths against dense products built independently here (Sylvester by doubling,
// Kronecker products by index arithmetic), and the parser against its documented forms.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "rotate/hadamard.h"
#include "rotate/rotation.h"

namespace rs {
namespace {

// The sizes the brief (and QuaRot/DFRot) needs as base orders.
const std::vector<int> kBaseOrders = {1, 2, 4, 8, 12, 20, 28, 36, 40, 52, 60, 108, 140, 148, 156, 172};

Eigen::MatrixXd sylvester_by_doubling(int64_t n) {
    Eigen::MatrixXd h = Eigen::MatrixXd::Ones(1, 1);
    while (h.rows() < n) {
        const Eigen::Index m = h.rows();
        Eigen::MatrixXd d(2 * m, 2 * m);
        d << h, h, h, -h;
        h = d;
    }
    return h;
}

MatrixRM random_rows(int64_t rows, int64_t cols, unsigned seed) {
    std::mt19937 gen(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    MatrixRM x(rows, cols);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = normal(gen);
    return x;
}

double orthogonality_error(const Eigen::MatrixXd& q) {
    return (q.transpose() * q - Eigen::MatrixXd::Identity(q.rows(), q.cols())).cwiseAbs().maxCoeff();
}

// Checks x·Q against rotate_rows in float, relative to the row norms (rotations preserve them).
void expect_rotate_rows_matches_dense(const RotationSpec& spec, int64_t n) {
    SCOPED_TRACE(rotation_name(spec) + " n=" + std::to_string(n));
    const MatrixRM x = random_rows(3, n, static_cast<unsigned>(n));
    const Eigen::MatrixXd q = rotation_matrix(spec, n);
    const Eigen::MatrixXd want = x.cast<double>() * q;
    MatrixRM got = x;
    rotate_rows(spec, n, got);
    const double err = (got.cast<double>() - want).cwiseAbs().maxCoeff();
    EXPECT_LT(err, 1e-5 * want.rowwise().norm().maxCoeff()) << "max abs error " << err;
}

std::string bad_input_message(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput) << e.what();
        return e.what();
    }
    ADD_FAILURE() << "no error thrown";
    return {};
}

TEST(HadamardBase, EveryBaseOrderIsPlusMinusOneAndOrthogonal) {
    for (int k : kBaseOrders) {
        SCOPED_TRACE("k=" + std::to_string(k));
        ASSERT_TRUE(has_hadamard_base(k));
        const Eigen::MatrixXi h = hadamard_base(k);
        ASSERT_EQ(h.rows(), k);
        ASSERT_EQ(h.cols(), k);
        EXPECT_TRUE((h.array().abs() == 1).all());
        EXPECT_EQ(h * h.transpose(), k * Eigen::MatrixXi::Identity(k, k));
    }
}

TEST(HadamardBase, OtherClassicalOrdersAreBuiltToo) {
    // Paley I (24, 44, 48, 68, 84, 368), Paley II over GF(49) and GF(121) (100, 244), doubling (96).
    for (int k : {24, 44, 48, 68, 84, 96, 100, 244, 368}) {
        SCOPED_TRACE("k=" + std::to_string(k));
        const Eigen::MatrixXi h = hadamard_base(k);
        EXPECT_TRUE((h.array().abs() == 1).all());
        EXPECT_EQ(h * h.transpose(), k * Eigen::MatrixXi::Identity(k, k));
    }
}

TEST(HadamardBase, OrdersWithoutConstructionAreRefused) {
    // 92 (= 4·23, only known by Williamson, not stored), 3 and 6 (no Hadamard matrix exists).
    for (int k : {3, 6, 7, 22, 92}) {
        EXPECT_FALSE(has_hadamard_base(k)) << k;
        EXPECT_EQ(bad_input_message([&] { hadamard_base(k); }), "no Hadamard construction of order " + std::to_string(k));
    }
}

TEST(HadamardSplit, PicksSmallestBaseTimesPowerOfTwo) {
    EXPECT_EQ(hadamard_split(4096).k, 1);
    EXPECT_EQ(hadamard_split(4096).pow2, 4096);
    EXPECT_EQ(hadamard_split(11008).k, 172);  // LLaMA-2-7B d_ff
    EXPECT_EQ(hadamard_split(11008).pow2, 64);
    EXPECT_EQ(hadamard_split(14336).k, 28);  // LLaMA-3-8B d_ff
    EXPECT_EQ(hadamard_split(18944).k, 148);  // Qwen2-7B d_ff
    EXPECT_EQ(hadamard_split(5120).k, 20);  // 40·128 = 20·256
    EXPECT_EQ(hadamard_split(5120).pow2, 256);
    EXPECT_EQ(hadamard_split(1536).k, 12);
}

TEST(HadamardSplit, SizesWithoutConstructionGiveBadInput) {
    for (int64_t n : {7, 22, 92, 184, 0, -4}) {
        EXPECT_FALSE(find_hadamard_split(n).has_value()) << n;
        EXPECT_EQ(bad_input_message([&] { hadamard_split(n); }), "no Hadamard construction of order " + std::to_string(n));
    }
    EXPECT_EQ(bad_input_message([] { rotation_matrix(parse_rotation("hadamard"), 92); }),
              "rotation \"hadamard\": no Hadamard construction of order 92");
    MatrixRM x = MatrixRM::Zero(2, 22);
    EXPECT_EQ(bad_input_message([&] { rotate_rows(parse_rotation("rhadamard:seed=1"), 22, x); }),
              "rotation \"rhadamard:seed=1\": no Hadamard construction of order 22");
}

TEST(Fwht, EqualsDenseSylvesterProduct) {
    for (int64_t n : {1, 2, 8, 64, 512}) {
        SCOPED_TRACE(n);
        const MatrixRM x = random_rows(4, n, 7);
        const Eigen::MatrixXd want = x.cast<double>() * sylvester_by_doubling(n) / std::sqrt(static_cast<double>(n));
        MatrixRMd xd = x.cast<double>();
        fwht_rows(xd);
        EXPECT_LT((xd - want).cwiseAbs().maxCoeff(), 1e-12);
        MatrixRM xf = x;
        fwht_rows(xf);
        EXPECT_LT((xf.cast<double>() - want).cwiseAbs().maxCoeff(), 1e-5 * std::sqrt(static_cast<double>(n)));
    }
    MatrixRM odd = MatrixRM::Zero(1, 12);
    EXPECT_EQ(bad_input_message([&] { fwht_rows(odd); }), "Walsh-Hadamard transform needs a power-of-two length, got 12");
}

TEST(HadamardMatrix, IsTheNormalizedKroneckerProduct) {
    for (int64_t n : {12 * 8, 20 * 4, 172 * 2}) {
        SCOPED_TRACE(n);
        const HadamardSplit s = hadamard_split(n);
        const Eigen::MatrixXd hk = hadamard_base(s.k).cast<double>();
        const Eigen::MatrixXd hp = sylvester_by_doubling(s.pow2);
        const Eigen::MatrixXd q = hadamard_matrix(n);
        double err = 0;
        for (int64_t r = 0; r < n; ++r)
            for (int64_t c = 0; c < n; ++c) {
                const double want = hk(r / s.pow2, c / s.pow2) * hp(r % s.pow2, c % s.pow2) / std::sqrt(static_cast<double>(n));
                err = std::max(err, std::abs(q(r, c) - want));
            }
        EXPECT_LT(err, 1e-15);
    }
}

// Sizes from LLM widths (d_model, head_dim, d_ff) and every base order times small powers of two.
std::vector<int64_t> supported_sizes() {
    std::vector<int64_t> sizes = {64, 128, 576, 768, 896, 960, 1536, 2048, 3072, 4096};
    for (int k : kBaseOrders)
        for (int64_t p = 1; k * p <= 2048; p *= 4) sizes.push_back(k * p);
    return sizes;
}

TEST(RotationMatrix, HadamardKindsAreOrthogonalAtEverySupportedSize) {
    for (int64_t n : supported_sizes()) {
        SCOPED_TRACE(n);
        EXPECT_LT(orthogonality_error(rotation_matrix(parse_rotation("hadamard"), n)), 1e-12);
        if (n <= 1024) EXPECT_LT(orthogonality_error(rotation_matrix(parse_rotation("rhadamard:seed=5"), n)), 1e-12);
    }
}

TEST(RotateRows, EqualsProductWithRotationMatrix) {
    for (int64_t n : {1, 12, 64, 576, 768, 896, 960, 1536, 156 * 4, 172 * 8, 3072}) {
        expect_rotate_rows_matches_dense(parse_rotation("hadamard"), n);
        expect_rotate_rows_matches_dense(parse_rotation("rhadamard:seed=11"), n);
        expect_rotate_rows_matches_dense(parse_rotation("none"), n);
    }
    expect_rotate_rows_matches_dense(parse_rotation("block:32"), 4096);
    expect_rotate_rows_matches_dense(parse_rotation("block:12"), 96);
    expect_rotate_rows_matches_dense(parse_rotation("orthogonal:seed=2"), 200);
}

TEST(RotateRows, RefusesAWrongColumnCount) {
    MatrixRM x = MatrixRM::Zero(2, 64);
    EXPECT_EQ(bad_input_message([&] { rotate_rows(parse_rotation("hadamard"), 128, x); }),
              "rotation \"hadamard\": expected 128 columns, got 64");
}

TEST(RandomHadamard, IsSignsTimesHadamardAndSeeded) {
    const int64_t n = 192;
    const Eigen::VectorXd s = random_signs(3, n);
    EXPECT_TRUE((s.array().abs() == 1.0).all());
    EXPECT_GT((s.array() > 0).count(), n / 4);  // not all one sign
    EXPECT_GT((s.array() < 0).count(), n / 4);
    EXPECT_EQ(s, random_signs(3, n));
    EXPECT_NE(s, random_signs(4, n));
    const Eigen::MatrixXd want = s.asDiagonal() * hadamard_matrix(n);
    EXPECT_EQ(rotation_matrix(parse_rotation("rhadamard:seed=3"), n), want);
    EXPECT_NE(rotation_matrix(parse_rotation("rhadamard:seed=4"), n), want);
}

TEST(BlockHadamard, IsBlockDiagonalWithHadamardBlocks) {
    const Eigen::MatrixXd q = rotation_matrix(parse_rotation("block32"), 128);
    const Eigen::MatrixXd h = hadamard_matrix(32);
    for (int64_t bi = 0; bi < 4; ++bi)
        for (int64_t bj = 0; bj < 4; ++bj) {
            const Eigen::MatrixXd blk = q.block(bi * 32, bj * 32, 32, 32);
            if (bi == bj) EXPECT_EQ(blk, h);
            else EXPECT_EQ(blk.cwiseAbs().maxCoeff(), 0.0);
        }
    EXPECT_LT(orthogonality_error(q), 1e-12);
}

TEST(BlockHadamard, BlockSizeMustDivideTheOrderAndBeConstructible) {
    EXPECT_EQ(bad_input_message([] { rotation_matrix(parse_rotation("block:48"), 100); }),
              "rotation \"block:48\": block size 48 does not divide 100");
    MatrixRM x = MatrixRM::Zero(1, 100);
    EXPECT_EQ(bad_input_message([&] { rotate_rows(parse_rotation("block:32"), 100, x); }),
              "rotation \"block:32\": block size 32 does not divide 100");
    EXPECT_EQ(bad_input_message([] { rotation_matrix(parse_rotation("block:10"), 100); }),
              "rotation \"block:10\": no Hadamard construction of order 10");
}

TEST(RandomOrthogonal, OrthogonalDeterministicPerSeedDifferentAcrossSeeds) {
    for (int64_t n : {1, 2, 7, 100, 257}) {
        SCOPED_TRACE(n);
        const Eigen::MatrixXd q = rotation_matrix(parse_rotation("orthogonal:seed=9"), n);
        EXPECT_LT(orthogonality_error(q), 1e-12);
        EXPECT_EQ(q, rotation_matrix(parse_rotation("orthogonal:seed=9"), n));
        if (n > 1) EXPECT_GT((q - rotation_matrix(parse_rotation("orthogonal:seed=10"), n)).cwiseAbs().maxCoeff(), 1e-3);
    }
}

TEST(RandomOrthogonal, EntriesLookHaarDistributed) {
    // For Haar Q of order n, every entry has mean 0 and variance 1/n; the diagonal must not be
    // biased positive (what QR without the sign fix would give).
    const int64_t n = 256;
    const Eigen::MatrixXd q = rotation_matrix(parse_rotation("orthogonal"), n);
    EXPECT_NEAR(q.array().square().mean() * n, 1.0, 1e-9);  // exact: rows are unit vectors
    EXPECT_NEAR(q.mean(), 0.0, 4.0 / n);
    EXPECT_NEAR(q.diagonal().mean(), 0.0, 4.0 / std::sqrt(static_cast<double>(n * n)));
}

TEST(RotationParser, RoundTripsAndAcceptsEveryForm) {
    EXPECT_EQ(parse_rotation("none").kind, RotationKind::Identity);
    EXPECT_EQ(parse_rotation("hadamard").kind, RotationKind::Hadamard);
    const RotationSpec rh = parse_rotation("rhadamard:seed=3");
    EXPECT_EQ(rh.kind, RotationKind::RandomHadamard);
    EXPECT_EQ(rh.seed, 3u);
    EXPECT_EQ(parse_rotation("rhadamard").seed, 0u);
    EXPECT_EQ(parse_rotation("block32"), parse_rotation("block:32"));
    EXPECT_EQ(parse_rotation("block:32").block, 32);
    EXPECT_EQ(parse_rotation("orthogonal").kind, RotationKind::RandomOrthogonal);
    EXPECT_EQ(parse_rotation("orthogonal:seed=18446744073709551615").seed, 18446744073709551615ull);
    for (const char* text : {"none", "hadamard", "rhadamard:seed=3", "block:32", "orthogonal:seed=7", "rhadamard", "block16"}) {
        const RotationSpec spec = parse_rotation(text);
        EXPECT_EQ(parse_rotation(rotation_name(spec)), spec) << text;
    }
    EXPECT_EQ(rotation_name(parse_rotation("block16")), "block:16");
}

TEST(RotationParser, RefusesWithOneLineMessages) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "rotation \"\": unknown rotation (expected none, hadamard, rhadamard[:seed=N], block:N, orthogonal[:seed=N], file:PATH)"},
        {"Hadamard", "rotation \"Hadamard\": unknown rotation (expected none, hadamard, rhadamard[:seed=N], block:N, orthogonal[:seed=N], file:PATH)"},
        {"hadamard:seed=3", "rotation \"hadamard:seed=3\": hadamard takes no options"},
        {"none:1", "rotation \"none:1\": none takes no options"},
        {"rhadamard:seed=", "rotation \"rhadamard:seed=\": seed must be a non-negative integer, got \"\""},
        {"rhadamard:seed=-1", "rotation \"rhadamard:seed=-1\": seed must be a non-negative integer, got \"-1\""},
        {"rhadamard:seed=99999999999999999999", "rotation \"rhadamard:seed=99999999999999999999\": seed must be a non-negative integer, got \"99999999999999999999\""},
        {"orthogonal:sed=1", "rotation \"orthogonal:sed=1\": unknown option \"sed=1\" (only seed=N)"},
        {"block", "rotation \"block\": block needs a size, e.g. block:32"},
        {"block:", "rotation \"block:\": block needs a size, e.g. block:32"},
        {"block:0", "rotation \"block:0\": block size must be in 1..1048576, got 0"},
        {"block:x", "rotation \"block:x\": block size must be a non-negative integer, got \"x\""},
        {"block32:seed=1", "rotation \"block32:seed=1\": block takes no options"},
        {"file", "rotation \"file\": file needs a path, e.g. file:R1.f64"},
        {"file:", "rotation \"file:\": file needs a path, e.g. file:R1.f64"},
    };
    for (const auto& [text, message] : cases) {
        const std::string spec = text;  // clang 14 cannot capture a structured binding
        EXPECT_EQ(bad_input_message([&] { parse_rotation(spec); }), message);
    }
}

// A rotation from a file (what `fit-rotation --out` writes): read as row-major float64, used as
// a dense rotation, and refused in one line when its size or orthogonality is wrong.
TEST(RotationFile, IsTheMatrixInTheFileAndIsCheckedBeforeUse) {
    const int64_t n = 24;
    const Eigen::MatrixXd q = rotation_matrix(parse_rotation("orthogonal:seed=5"), n);
    const std::string path = ::testing::TempDir() + "rs-rotation-file.f64";
    auto write = [&](const Eigen::MatrixXd& m, int64_t count) {
        const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rm = m;
        std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(rm.data()), static_cast<std::streamsize>(count * 8));
    };
    write(q, n * n);
    const RotationSpec spec = parse_rotation("file:" + path);
    EXPECT_EQ(spec.kind, RotationKind::File);
    EXPECT_EQ(spec.path, path);
    EXPECT_EQ(parse_rotation(rotation_name(spec)), spec);
    EXPECT_EQ(rotation_matrix(spec, n), q);
    MatrixRM x = MatrixRM::Random(5, n);
    const MatrixRM want = (x.cast<double>() * q).cast<float>();
    rotate_rows(spec, n, x);
    EXPECT_LT((x - want).cwiseAbs().maxCoeff(), 1e-5f);

    EXPECT_NE(bad_input_message([&] { rotation_matrix(spec, 16); }).find("a float64 rotation of order 16 has 2048"), std::string::npos);
    write(q, n * n - 1);
    EXPECT_NE(bad_input_message([&] { check_rotation_order(spec, n); }).find("bytes"), std::string::npos);
    write(2.0 * q, n * n);
    EXPECT_NE(bad_input_message([&] { rotation_matrix(spec, n); }).find("not an orthogonal matrix"), std::string::npos);
    std::filesystem::remove(path);
    EXPECT_NE(bad_input_message([&] { rotation_matrix(spec, n); }).find("cannot read the rotation file"), std::string::npos);
}

}  // namespace
}  // namespace rs
