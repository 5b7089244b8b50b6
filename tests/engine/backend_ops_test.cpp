// The op-by-op equivalence suite of the backends (in the spirit of llama.cpp's test-backend-ops):
// a table of cases (op, shape, format, rotation order) each run on a backend and on the CPU
// reference, with byte-identical codes and scales for the quantizers and a normalized-error
// tolerance for the rotations.
//
// Every case runs on every backend this machine has. The CPU backend is the reference itself, so
// on a machine without a GPU the CUDA cases skip (CI has no GPU) and the CPU cases only check the
// suite's own plumbing; backend_routing_test.cpp checks that the forward pass's calls through a
// backend give what they give without one. The CUDA-only part at the end runs the kernels in
// bf16 and fp16 through their launchers.
//
// This file needs only the kernel-check subset of the engine (cmake/KernelCheck.cmake), so that
// scripts/device-check-kernels.sh can build it on a bare GPU machine.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <ostream>
#include <set>
#include <random>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "core/error.h"
#include "quant/fake_quant.h"
#include "rotate/hadamard.h"
#ifdef ROTOSCOPE_HAVE_CUDA
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include "backend/cuda/hadamard_kernels.h"
#include "backend/cuda/quant_kernels.h"
#include "quant/group_quantizer.h"
#endif
#include "support/backend_compare.h"

namespace rs {
namespace {

// Normalized tolerance of a rotation: mse(ref, got) / mse(ref, 0). Butterflies are the same
// additions in the same order on every backend; the dense H_K mix differs in summation order.
constexpr double kRotationTolerance = 1e-11;

using testing::normalized_mse;
using testing::random_rows;

VectorF test_signs(int64_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    VectorF s(n);
    for (int64_t i = 0; i < n; ++i) s[i] = (rng() & 1) ? 1.0f : -1.0f;
    return s;
}

// Every backend this machine has, by name; the CUDA one only where a device is present.
std::vector<std::string> backend_names() { return {"cpu", "cuda"}; }

std::unique_ptr<Backend> suite_backend(const std::string& name) {
    if (name == "cpu") return make_cpu_backend();
    if (!cuda_backend_available()) return nullptr;
    return make_cuda_backend();
}

// Bitwise equality of two float vectors (NaN scales of MX blocks compare equal to themselves).
template <typename T>
::testing::AssertionResult same_bytes(const std::vector<T>& a, const std::vector<T>& b, const char* what) {
    if (a.size() != b.size())
        return ::testing::AssertionFailure() << what << ": " << a.size() << " vs " << b.size() << " entries";
    for (size_t i = 0; i < a.size(); ++i)
        if (std::memcmp(&a[i], &b[i], sizeof(T)) != 0)
            return ::testing::AssertionFailure() << what << " differ first at " << i << " of " << a.size();
    return ::testing::AssertionSuccess();
}

::testing::AssertionResult same_result(const quant::QuantResult& ref, const quant::QuantResult& got) {
    for (auto r : {same_bytes(ref.dequant, got.dequant, "dequantized values"), same_bytes(ref.codes, got.codes, "codes"),
                   same_bytes(ref.scales, got.scales, "scales"), same_bytes(ref.scale_bytes, got.scale_bytes, "scale bytes"),
                   same_bytes(ref.zero_points, got.zero_points, "zero points")})
        if (!r) return r;
    if (std::memcmp(&ref.tensor_scale, &got.tensor_scale, sizeof(float)) != 0 || ref.scale_block != got.scale_block)
        return ::testing::AssertionFailure() << "tensor scale or scale block differ";
    return ::testing::AssertionSuccess();
}

// ---- The case tables ---------------------------------------------------------------------

// Every order K·2^m the workbench builds for a model's widths (head_dim, d_model, d_ff of the
// supported families) and the block sizes of block Hadamard, plus odd row counts.
std::vector<int64_t> hadamard_orders() {
    std::set<int64_t> orders;
    for (int64_t n : {2, 16, 32, 64, 128, 256, 576, 1536, 2560, 3072, 4096, 5120, 8192, 11008, 12288, 13824, 14336,
                      18944, 20 * 64, 28 * 64, 12 * 16, 172 * 16, 156 * 8})
        if (find_hadamard_split(n)) orders.insert(n);
    return {orders.begin(), orders.end()};
}

struct QuantCase {
    std::string format;
    int64_t rows, cols;
    std::optional<float> tensor_amax;  // a calibrated (static) amax
};

std::vector<QuantCase> quant_cases() {
    std::vector<QuantCase> cases;
    const std::vector<std::string> formats = {
        "int2", "int3", "int4", "int8", "int4:asym", "int8:asym", "int4:ct", "int4:g32", "int4:g128:asym", "int3:g64",
        "int8:token", "int4:tensor", "int8:tensor:asym", "int4:mse", "int4:g32:mse", "int4:clip0.9", "int8:asym:mse",
        "fp8_e4m3", "fp8_e5m2", "fp8_e4m3:channel", "fp8_e4m3:g64", "fp8_e5m2:token:clip0.8", "fp8_e4m3:channel:mse",
        "mxfp4", "mxfp4:ceil", "mxfp4:even", "mxfp4:rceil", "mxfp4:mse", "mxfp4:clip0.75",
        "mxfp6_e2m3", "mxfp6_e3m2", "mxfp8_e4m3", "mxfp8_e5m2", "mxfp8_e4m3:rceil", "mxint8", "mxint8:even",
        "nvfp4", "nvfp4:mse", "nvfp4:clip0.9", "nf4", "nf4:mse"};
    for (const std::string& f : formats)
        for (auto [rows, cols] : {std::pair<int64_t, int64_t>{1, 128}, {7, 384}, {33, 4096}, {3, 64}}) cases.push_back({f, rows, cols, {}});
    // Static NVFP4: a calibrated amax above and below the data's own.
    cases.push_back({"nvfp4:static", 9, 512, 60.0f});
    cases.push_back({"nvfp4:static", 9, 512, 3.0f});
    cases.push_back({"nvfp4:static", 9, 512, 0.0f});
    return cases;
}

std::string case_name(const QuantCase& c) {
    std::string s = c.format + "_" + std::to_string(c.rows) + "x" + std::to_string(c.cols);
    if (c.tensor_amax) s += "_amax" + std::to_string(static_cast<int>(*c.tensor_amax));
    for (char& ch : s)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    return s;
}

// ---- Hadamard ----------------------------------------------------------------------------

class HadamardOpTest : public ::testing::TestWithParam<std::tuple<std::string, int64_t>> {};

TEST_P(HadamardOpTest, MatchesTheReference) {
    const auto& [name, order] = GetParam();
    const auto backend = suite_backend(name);
    if (!backend) GTEST_SKIP() << "no CUDA device on this machine (CI has none); run scripts/device-check-kernels.sh";
    ASSERT_TRUE(backend->supports(BackendOp::Hadamard));
    const VectorF signs = test_signs(order, 7);
    for (const int64_t rows : {int64_t{1}, int64_t{3}, int64_t{17}})
        for (const int64_t blocks : {int64_t{1}, int64_t{3}})
            for (const bool with_signs : {false, true})
                for (const bool transpose : {false, true}) {
                    if (order * blocks > 20000 && rows > 3) continue;  // keep the reference side quick
                    const MatrixRM x = random_rows(rows, order * blocks, static_cast<uint32_t>(order + rows));
                    const HadamardOp op{order, with_signs ? &signs : nullptr, transpose};
                    MatrixRM want = x, got = x;
                    reference_hadamard(want, op);
                    backend->hadamard(got, op);
                    const bool pow2 = (order & (order - 1)) == 0;
                    SCOPED_TRACE(::testing::Message() << "order " << order << " rows " << rows << " blocks " << blocks
                                                      << " signs " << with_signs << " transpose " << transpose);
                    // A power-of-two order is butterflies only: the same additions, bit for bit.
                    if (pow2) EXPECT_EQ(0.0, normalized_mse(want, got));
                    else EXPECT_LT(normalized_mse(want, got), kRotationTolerance);
                }
}

INSTANTIATE_TEST_SUITE_P(Orders, HadamardOpTest,
                         ::testing::Combine(::testing::ValuesIn(backend_names()), ::testing::ValuesIn(hadamard_orders())),
                         [](const auto& info) {
                             return std::get<0>(info.param) + "_" + std::to_string(std::get<1>(info.param));
                         });

TEST(HadamardOp, RejectsBlocksThatDoNotTileTheRow) {
    const auto cpu = make_cpu_backend();
    MatrixRM x = random_rows(2, 96, 1);
    EXPECT_THROW(cpu->hadamard(x, HadamardOp{64, nullptr, false}), Error);
    EXPECT_THROW(cpu->hadamard(x, HadamardOp{0, nullptr, false}), Error);
    const VectorF short_signs = test_signs(16, 1);
    EXPECT_THROW(cpu->hadamard(x, HadamardOp{32, &short_signs, false}), Error);
}

// ---- Fake quantization -------------------------------------------------------------------

class FakeQuantOpTest : public ::testing::TestWithParam<std::tuple<std::string, QuantCase>> {};

TEST_P(FakeQuantOpTest, CodesAndScalesAreByteIdentical) {
    const auto& [name, c] = GetParam();
    const auto backend = suite_backend(name);
    if (!backend) GTEST_SKIP() << "no CUDA device on this machine (CI has none); run scripts/device-check-kernels.sh";
    const quant::FormatSpec spec = quant::parse_format_spec(c.format);
    const MatrixRM x = random_rows(c.rows, c.cols, static_cast<uint32_t>(c.rows * 131 + c.cols));
    quant::QuantResult want;
    try {
        want = quant::fake_quant(x.data(), c.rows, c.cols, spec, true, c.tensor_amax);
    } catch (const Error&) {  // a shape the format refuses: every backend refuses it
        EXPECT_THROW(backend->fake_quant(x.data(), c.rows, c.cols, spec, true, c.tensor_amax), Error) << c.format;
        return;
    }
    const quant::QuantResult got = backend->fake_quant(x.data(), c.rows, c.cols, spec, true, c.tensor_amax);
    EXPECT_TRUE(same_result(want, got)) << backend->name() << " " << c.format
                                        << (backend->supports(BackendOp::FakeQuant, &spec) ? "" : " (falls back to the CPU)");
}

INSTANTIATE_TEST_SUITE_P(Formats, FakeQuantOpTest,
                         ::testing::Combine(::testing::ValuesIn(backend_names()), ::testing::ValuesIn(quant_cases())),
                         [](const auto& info) { return std::get<0>(info.param) + "_" + case_name(std::get<1>(info.param)); });

TEST(FakeQuantOp, EveryFormatOfTheTraitsTableIsCovered) {
    std::set<quant::FormatKind> covered;
    for (const QuantCase& c : quant_cases()) covered.insert(quant::parse_format_spec(c.format).kind);
    for (const quant::FormatTraits& t : quant::format_traits_table())
        EXPECT_TRUE(covered.count(t.kind)) << t.name << " has no case in the equivalence suite";
}

TEST(FakeQuantOp, BadInputIsRefusedByEveryBackendAlike) {
    for (const std::string& name : backend_names()) {
        const auto backend = suite_backend(name);
        if (!backend) continue;
        MatrixRM x = random_rows(2, 48, 3);
        // 48 is not a multiple of MX's 32.
        EXPECT_THROW(backend->fake_quant(x.data(), 2, 48, quant::parse_format_spec("mxfp4"), false, {}), Error) << name;
        x(1, 5) = std::numeric_limits<float>::quiet_NaN();
        EXPECT_THROW(backend->fake_quant(x.data(), 2, 48, quant::parse_format_spec("int4"), false, {}), Error) << name;
    }
}

// ---- Rotate then quantize ----------------------------------------------------------------

struct RotateQuantCase {
    std::string format;
    int64_t block, cols;
    bool signs;
    std::optional<float> tensor_amax;
};

std::vector<RotateQuantCase> rotate_quant_cases() {
    return {{"mxfp4", 32, 4096, false, {}},  {"mxfp4", 4096, 4096, true, {}},     {"nvfp4:static", 16, 2048, false, 30.0f},
            {"nvfp4:static", 2048, 2048, true, 30.0f}, {"int4:token", 4096, 4096, true, {}}, {"int8:asym", 64, 576, false, {}},
            {"fp8_e4m3:token", 128, 1024, false, {}}, {"mxfp6_e2m3", 1536, 1536, true, {}}, {"mxfp4", 5120, 5120, true, {}},
            {"nf4", 128, 1024, true, {}}, {"int4:g128", 14336, 14336, true, {}}};
}

class RotateQuantOpTest : public ::testing::TestWithParam<std::tuple<std::string, RotateQuantCase>> {};

TEST_P(RotateQuantOpTest, MatchesRotatingThenQuantizing) {
    const auto& [name, c] = GetParam();
    const auto backend = suite_backend(name);
    if (!backend) GTEST_SKIP() << "no CUDA device on this machine (CI has none); run scripts/device-check-kernels.sh";
    const quant::FormatSpec spec = quant::parse_format_spec(c.format);
    const VectorF signs = test_signs(c.block, 11);
    const HadamardOp op{c.block, c.signs ? &signs : nullptr, false};
    const MatrixRM x = random_rows(5, c.cols, static_cast<uint32_t>(c.cols + c.block));
    MatrixRM want = x, got = x;
    const quant::QuantResult r_want = reference_rotate_quant(want, op, spec, true, c.tensor_amax);
    const quant::QuantResult r_got = backend->rotate_quant(got, op, spec, true, c.tensor_amax);
    if ((c.block & (c.block - 1)) == 0) {
        // Power-of-two blocks rotate bit for bit alike, so the quantized rows are identical.
        EXPECT_TRUE(same_result(r_want, r_got)) << backend->name() << " " << c.format << " block " << c.block;
    } else {
        // The H_K mix rounds differently; an element on a rounding boundary may take the next code.
        int64_t differ = 0;
        for (size_t i = 0; i < r_want.codes.size(); ++i) differ += r_want.codes[i] != r_got.codes[i];
        EXPECT_LE(differ, static_cast<int64_t>(r_want.codes.size() / 1000 + 1)) << c.format << " block " << c.block;
    }
    EXPECT_EQ(0.0, normalized_mse(got, Eigen::Map<const MatrixRM>(r_got.dequant.data(), got.rows(), got.cols())));
}

INSTANTIATE_TEST_SUITE_P(Cases, RotateQuantOpTest,
                         ::testing::Combine(::testing::ValuesIn(backend_names()), ::testing::ValuesIn(rotate_quant_cases())),
                         [](const auto& info) {
                             const RotateQuantCase& c = std::get<1>(info.param);
                             std::string s = std::get<0>(info.param) + "_" + c.format + "_b" + std::to_string(c.block) +
                                             "_n" + std::to_string(c.cols) + (c.signs ? "_signs" : "");
                             for (char& ch : s)
                                 if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             return s;
                         });

// ---- CUDA kernels in bf16 and fp16 -------------------------------------------------------

// ---- Attention ---------------------------------------------------------------------------

struct AttentionCase {
    int head_dim, n_heads, n_kv_heads;
    int64_t rows, pos0;
};

void PrintTo(const AttentionCase& c, std::ostream* os) {
    *os << "head_dim " << c.head_dim << ", " << c.n_heads << "/" << c.n_kv_heads << " heads, " << c.rows << " rows from " << c.pos0;
}

std::vector<AttentionCase> attention_cases() {
    return {
        {64, 9, 3, 1, 0},     {64, 9, 3, 37, 0},  {64, 9, 3, 200, 0},   // SmolLM2-135M's heads
        {128, 8, 2, 130, 0},  {128, 4, 4, 17, 300},                    // a KV cache ahead of the queries
        {128, 32, 8, 64, 0},                                           // Llama-3-8B's heads
        {32, 2, 1, 64, 5},    {256, 2, 1, 33, 0},  {96, 3, 1, 50, 0},
        {80, 2, 2, 20, 3},                                             // no kernel for 80: the reference
    };
}

std::string attention_case_name(const AttentionCase& c) {
    return "d" + std::to_string(c.head_dim) + "_h" + std::to_string(c.n_heads) + "_kv" + std::to_string(c.n_kv_heads) + "_t" +
           std::to_string(c.rows) + "_p" + std::to_string(c.pos0);
}

// Softmax attention one query row at a time in double: the definition, independent of the
// reference's blocking.
MatrixRM naive_attention(const MatrixRM& q, const MatrixRM& k, const MatrixRM& v, const AttentionOp& op) {
    const int D = op.head_dim, group = op.n_heads / op.n_kv_heads;
    MatrixRM out(q.rows(), q.cols());
    for (int64_t t = 0; t < q.rows(); ++t)
        for (int h = 0; h < op.n_heads; ++h) {
            const int g = h / group;
            const int64_t visible = op.pos0 + t + 1;
            std::vector<double> s(static_cast<size_t>(visible));
            double mx = -1e300;
            for (int64_t j = 0; j < visible; ++j) {
                double dot = 0;
                for (int d = 0; d < D; ++d) dot += double{q(t, int64_t{h} * D + d)} * k(j, int64_t{g} * D + d);
                s[static_cast<size_t>(j)] = dot / std::sqrt(double(D));
                mx = std::max(mx, s[static_cast<size_t>(j)]);
            }
            double sum = 0;
            for (double& x : s) sum += (x = std::exp(x - mx));
            for (int d = 0; d < D; ++d) {
                double o = 0;
                for (int64_t j = 0; j < visible; ++j) o += s[static_cast<size_t>(j)] * v(j, int64_t{g} * D + d);
                out(t, int64_t{h} * D + d) = static_cast<float>(o / sum);
            }
        }
    return out;
}

class AttentionOpTest : public ::testing::TestWithParam<std::tuple<std::string, AttentionCase>> {};

TEST_P(AttentionOpTest, MatchesTheReference) {
    const auto& [name, c] = GetParam();
    const auto backend = suite_backend(name);
    if (!backend) GTEST_SKIP() << "no CUDA device on this machine (CI has none); run scripts/device-check-kernels.sh";
    const AttentionOp op{c.n_heads, c.n_kv_heads, c.head_dim, c.pos0};
    const auto seed = static_cast<uint32_t>(c.head_dim * 7 + c.rows);
    // Queries scaled up so that the softmax is peaked (real attention is), keys with a cache tail
    // past the last position that no query may read.
    MatrixRM q = random_rows(c.rows, int64_t{c.n_heads} * c.head_dim, seed, false) * 2.0f;
    const MatrixRM k = random_rows(c.pos0 + c.rows + 5, int64_t{c.n_kv_heads} * c.head_dim, seed + 1);
    MatrixRM v = random_rows(c.pos0 + c.rows + 5, int64_t{c.n_kv_heads} * c.head_dim, seed + 2);
    MatrixRM want, got;
    reference_attention(q, k, v, op, want);
    backend->attention(q, k, v, op, got);
    // fp32 with different summation orders (and exp): a relative error of a few ulp.
    EXPECT_LT(normalized_mse(want, got), 1e-11);
    // Rows past the queries' last position are not read: changing them changes nothing.
    v.bottomRows(5).setConstant(1e30f);
    MatrixRM again;
    backend->attention(q, k, v, op, again);
    EXPECT_EQ(0.0, normalized_mse(got, again));
    // The reference itself against the definition (double precision, one row at a time).
    if (name == "cpu") EXPECT_LT(normalized_mse(naive_attention(q, k, v, op), want), 1e-11);
}

INSTANTIATE_TEST_SUITE_P(Shapes, AttentionOpTest,
                         ::testing::Combine(::testing::ValuesIn(backend_names()), ::testing::ValuesIn(attention_cases())),
                         [](const auto& info) {
                             return std::get<0>(info.param) + "_" + attention_case_name(std::get<1>(info.param));
                         });

TEST(AttentionOp, RefusesShapesThatDoNotFit) {
    const auto cpu = make_cpu_backend();
    const MatrixRM q = random_rows(4, 64, 1), kv = random_rows(4, 32, 2);
    MatrixRM out;
    EXPECT_THROW(cpu->attention(q, kv, kv, AttentionOp{3, 1, 32, 0}, out), Error);   // 3 heads of 32 ≠ 64 columns
    EXPECT_THROW(cpu->attention(q, kv, kv, AttentionOp{2, 3, 32, 0}, out), Error);   // heads do not group
    EXPECT_THROW(cpu->attention(q, kv, kv, AttentionOp{2, 1, 32, 1}, out), Error);   // 5 positions, 4 cached
    EXPECT_THROW(cpu->attention(q, kv, kv, AttentionOp{2, 1, 32, -1}, out), Error);
    EXPECT_NO_THROW(cpu->attention(q, kv, kv, AttentionOp{2, 1, 32, 0}, out));
}

// ---- Gram (GPTQ's Hessian sums) --------------------------------------------------------------

class GramOpTest : public ::testing::TestWithParam<std::tuple<std::string, int64_t>> {};

TEST_P(GramOpTest, MatchesTheReferenceAndTheDoubleSum) {
    const auto& [name, width] = GetParam();
    const auto backend = suite_backend(name);
    if (!backend) GTEST_SKIP() << "no CUDA device on this machine (CI has none); run scripts/device-check-kernels.sh";
    const std::unique_ptr<GramAccumulator> got = backend->gram(width);
    const std::unique_ptr<GramAccumulator> want = reference_gram(width);
    ASSERT_EQ(got->width(), width);
    EXPECT_EQ(got->lower(), MatrixD::Zero(width, width));
    // Chunk boundaries inside and across calls: 1 + 511 + 513 + 1500 rows.
    MatrixD truth = MatrixD::Zero(width, width);
    for (const int64_t rows : {int64_t{1}, int64_t{511}, int64_t{0}, int64_t{513}, int64_t{1500}}) {
        const MatrixRM x = random_rows(rows, width, static_cast<uint32_t>(rows + width));
        got->add(x);
        want->add(x);
        truth += x.cast<double>().transpose() * x.cast<double>();
    }
    const MatrixD g = got->lower(), w = want->lower();
    const MatrixD t = truth.triangularView<Eigen::Lower>();
    // Float products of at most 512 terms summed in double: near 512·2⁻²⁴ relative per chunk.
    EXPECT_LT((w - t).norm(), 512 * 6e-8 * t.norm());
    EXPECT_LT((g - w).norm(), 512 * 6e-8 * t.norm());
    EXPECT_EQ(MatrixD(g.triangularView<Eigen::StrictlyUpper>()), MatrixD::Zero(width, width));
    // Taken, the sum starts again from zero.
    EXPECT_EQ(got->take_lower(), g);
    EXPECT_EQ(got->lower(), MatrixD::Zero(width, width));
    const MatrixRM y = random_rows(3, width, 99);
    got->add(y);
    const MatrixD again = MatrixD((y.cast<double>().transpose() * y.cast<double>()).triangularView<Eigen::Lower>());
    EXPECT_LT((got->lower() - again).norm(), 1e-6 * again.norm());
}

INSTANTIATE_TEST_SUITE_P(Widths, GramOpTest,
                         ::testing::Combine(::testing::ValuesIn(backend_names()),
                                            ::testing::Values(int64_t{1}, int64_t{7}, int64_t{64}, int64_t{300})),
                         [](const auto& info) {
                             return std::get<0>(info.param) + "_" + std::to_string(std::get<1>(info.param));
                         });

// ---- GPTQ's factor: the upper Cholesky factor of the inverse ----------------------------------

class InverseCholeskyOpTest : public ::testing::TestWithParam<std::tuple<std::string, int64_t>> {};

TEST_P(InverseCholeskyOpTest, MatchesTheReferenceAndInverts) {
    const auto& [name, k] = GetParam();
    const auto backend = suite_backend(name);
    if (!backend) GTEST_SKIP() << "no CUDA device on this machine (CI has none); run scripts/device-check-kernels.sh";
    // A Hessian-like A = XᵀX of fewer rows than columns when k is large (singular without λ).
    const MatrixRM x = random_rows(std::max<int64_t>(k / 2, 1), k, static_cast<uint32_t>(k), false);
    const MatrixD a = x.cast<double>().transpose() * x.cast<double>();
    const Eigen::VectorXd diag = a.diagonal();
    const double lambda = 0.1 * diag.mean() + 1e-3;  // GPTQ's dampening is 0.01; 0.1 keeps U well conditioned
    MatrixD a_ref = a, a_got = a;
    Eigen::MatrixXf u_ref, u_got;
    ASSERT_TRUE(reference_inverse_cholesky(a_ref, diag, lambda, u_ref));
    ASSERT_TRUE(backend->inverse_cholesky(a_got, diag, lambda, u_got));
    ASSERT_EQ(u_got.rows(), k);
    EXPECT_LT((u_got - u_ref).norm(), 1e-5 * u_ref.norm());
    // The definition: U upper triangular with UᵀU = (J (A + λI) J)⁻¹, checked as J(A + λI)J · UᵀU = I.
    MatrixD damped = a;
    damped.diagonal().array() += lambda;
    const MatrixD u = u_got.cast<double>();
    EXPECT_EQ(MatrixD(u.triangularView<Eigen::StrictlyLower>()).norm(), 0.0);
    const MatrixD j_damped_j = damped.reverse();
    const MatrixD product = j_damped_j * (u.transpose() * u);
    EXPECT_LT((product - MatrixD::Identity(k, k)).norm(), 1e-3 * std::sqrt(static_cast<double>(k)));
}

TEST_P(InverseCholeskyOpTest, RefusesAnIndefiniteMatrixAndKeepsIt) {
    const auto& [name, k] = GetParam();
    const auto backend = suite_backend(name);
    if (!backend) GTEST_SKIP() << "no CUDA device on this machine (CI has none); run scripts/device-check-kernels.sh";
    MatrixD a = MatrixD::Identity(k, k);
    a(k - 1, k - 1) = -1.0;  // one negative eigenvalue
    const Eigen::VectorXd diag = a.diagonal();
    MatrixD kept = a;
    Eigen::MatrixXf u;
    EXPECT_FALSE(backend->inverse_cholesky(kept, diag, 0.0, u));
    EXPECT_EQ(kept, a);  // as given, for the next attempt with more dampening
    EXPECT_TRUE(backend->inverse_cholesky(kept, diag, 2.0, u));
}

INSTANTIATE_TEST_SUITE_P(Orders, InverseCholeskyOpTest,
                         ::testing::Combine(::testing::ValuesIn(backend_names()),
                                            ::testing::Values(int64_t{1}, int64_t{5}, int64_t{64}, int64_t{700})),
                         [](const auto& info) {
                             return std::get<0>(info.param) + "_" + std::to_string(std::get<1>(info.param));
                         });

#ifdef ROTOSCOPE_HAVE_CUDA

float round_to(cuda::DType t, float v) {
    if (t == cuda::DType::BF16) return __bfloat162float(__float2bfloat16_rn(v));
    if (t == cuda::DType::F16) return __half2float(__float2half_rn(v));
    return v;
}

// Device buffer of `dtype` elements holding x (rounded to dtype), and the way back to floats.
struct DeviceRows {
    cuda::DType dtype;
    int64_t n;
    void* ptr = nullptr;
    DeviceRows(const MatrixRM& x, cuda::DType t) : dtype(t), n(x.size()) {
        const size_t bytes = static_cast<size_t>(n) * cuda::dtype_traits(t).bytes;
        EXPECT_EQ(cudaSuccess, cudaMalloc(&ptr, bytes));
        std::vector<uint16_t> half(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) {
            const float v = x.data()[i];
            if (t == cuda::DType::BF16) { const __nv_bfloat16 h = __float2bfloat16_rn(v); std::memcpy(&half[i], &h, 2); }
            if (t == cuda::DType::F16) { const __half h = __float2half_rn(v); std::memcpy(&half[i], &h, 2); }
        }
        EXPECT_EQ(cudaSuccess, cudaMemcpy(ptr, t == cuda::DType::F32 ? static_cast<const void*>(x.data()) : half.data(), bytes,
                                          cudaMemcpyHostToDevice));
    }
    ~DeviceRows() { cudaFree(ptr); }
    std::vector<float> to_host() const {
        std::vector<float> out(static_cast<size_t>(n));
        if (dtype == cuda::DType::F32) {
            EXPECT_EQ(cudaSuccess, cudaMemcpy(out.data(), ptr, n * sizeof(float), cudaMemcpyDeviceToHost));
            return out;
        }
        std::vector<uint16_t> half(static_cast<size_t>(n));
        EXPECT_EQ(cudaSuccess, cudaMemcpy(half.data(), ptr, n * 2, cudaMemcpyDeviceToHost));
        for (int64_t i = 0; i < n; ++i) {
            if (dtype == cuda::DType::BF16) { __nv_bfloat16 h; std::memcpy(&h, &half[i], 2); out[i] = __bfloat162float(h); }
            else { __half h; std::memcpy(&h, &half[i], 2); out[i] = __half2float(h); }
        }
        return out;
    }
};

class CudaDTypeTest : public ::testing::TestWithParam<cuda::DType> {
protected:
    void SetUp() override {
        if (!cuda_backend_available()) GTEST_SKIP() << "no CUDA device on this machine (CI has none)";
    }
};

// Half-precision fake quantization: the kernel reads the 16-bit inputs exactly, so the codes
// equal the CPU's on the same (widened) values, and the outputs are the CPU's rounded to 16 bits.
TEST_P(CudaDTypeTest, FakeQuantIsTheReferenceOnTheSameInputs) {
    const cuda::DType t = GetParam();
    for (const std::string f : {"mxfp4", "nvfp4", "int4:g128", "mxfp8_e4m3", "nf4", "int8:asym:token"}) {
        const quant::FormatSpec spec = quant::parse_format_spec(f);
        MatrixRM x = random_rows(64, 1024, 21);
        for (int64_t i = 0; i < x.size(); ++i) x.data()[i] = round_to(t, x.data()[i]);
        float amax = 0;
        for (int64_t i = 0; i < x.size(); ++i) amax = std::max(amax, std::fabs(x.data()[i]));
        const quant::QuantResult want = quant::fake_quant(x.data(), x.rows(), x.cols(), spec, true);
        DeviceRows d(x, t);
        int32_t* codes = nullptr;
        ASSERT_EQ(cudaSuccess, cudaMalloc(&codes, x.size() * sizeof(int32_t)));
        cuda::QuantOutputs out;
        out.codes = codes;
        const int64_t span = want.scale_block;
        cuda::fake_quant_spans(quant::element_params(spec, amax), d.ptr, d.ptr, t, x.size() / span, span, spec.clip_ratio,
                               spec.mse_clip, out, nullptr);
        ASSERT_EQ(cudaSuccess, cudaDeviceSynchronize());
        std::vector<int32_t> got_codes(static_cast<size_t>(x.size()));
        ASSERT_EQ(cudaSuccess, cudaMemcpy(got_codes.data(), codes, x.size() * sizeof(int32_t), cudaMemcpyDeviceToHost));
        cudaFree(codes);
        EXPECT_EQ(want.codes, got_codes) << f << " " << cuda::dtype_traits(t).name;
        const std::vector<float> got = d.to_host();
        int64_t differ = 0;
        for (int64_t i = 0; i < x.size(); ++i) differ += got[i] != round_to(t, want.dequant[i]);
        EXPECT_EQ(0, differ) << f << " " << cuda::dtype_traits(t).name;
    }
}

TEST_P(CudaDTypeTest, HadamardIsTheReferenceWithinTheTypesPrecision) {
    const cuda::DType t = GetParam();
    const auto cuda_backend = make_cuda_backend();
    for (const int64_t order : {int64_t{128}, int64_t{4096}, int64_t{5120}, int64_t{14336}}) {
        const HadamardSplit split = hadamard_split(order);
        MatrixRM x = random_rows(16, order, 5);
        for (int64_t i = 0; i < x.size(); ++i) x.data()[i] = round_to(t, x.data()[i]);
        MatrixRM want = x;
        reference_hadamard(want, HadamardOp{order, nullptr, false});
        // The base goes through the fp32 backend once to upload it; here it is built directly.
        const std::vector<int8_t> hk = hadamard_base_int8(split.k);
        int8_t* d_hk = nullptr;
        ASSERT_EQ(cudaSuccess, cudaMalloc(&d_hk, hk.size()));
        ASSERT_EQ(cudaSuccess, cudaMemcpy(d_hk, hk.data(), hk.size(), cudaMemcpyHostToDevice));
        DeviceRows d(x, t);
        cuda::HadamardLaunch launch;
        launch.block = order;
        launch.k = split.k;
        launch.hk = split.k > 1 ? d_hk : nullptr;
        cuda::hadamard_rows(d.ptr, t, x.rows(), x.cols(), launch, nullptr);
        ASSERT_EQ(cudaSuccess, cudaDeviceSynchronize());
        const std::vector<float> got = d.to_host();
        cudaFree(d_hk);
        // The only difference is the final rounding to 16 bits (half an ulp: 2^-9 bf16, 2^-12 fp16).
        const double ulp = t == cuda::DType::BF16 ? 0x1p-8 : (t == cuda::DType::F16 ? 0x1p-11 : 0x1p-23);
        const double limit = ulp * ulp;  // normalized mse of a relative error of at most one ulp
        EXPECT_LT(normalized_mse(want, Eigen::Map<const MatrixRM>(got.data(), x.rows(), x.cols())), limit)
            << order << " " << cuda::dtype_traits(t).name;
    }
    (void)cuda_backend;
}

INSTANTIATE_TEST_SUITE_P(DTypes, CudaDTypeTest, ::testing::Values(cuda::DType::F32, cuda::DType::F16, cuda::DType::BF16),
                         [](const auto& info) { return std::string(cuda::dtype_traits(info.param).name); });

#endif  // ROTOSCOPE_HAVE_CUDA

}  // namespace
}  // namespace rs
