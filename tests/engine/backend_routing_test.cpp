// The forward pass's calls through a backend: the online R3/R4 rotations
// (PreparedRotation::apply with a backend) and the activation and K/V quantizers
// (FakeQuantActivations with a backend) give exactly what they give without one. On a CUDA
// machine the same calls run on the device; backend_ops_test.cpp compares the ops themselves.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "core/error.h"
#include "quant/act_quant.h"
#include "rotate/online_rotation.h"
#include "rotate/rotation.h"
#include "support/backend_compare.h"

namespace rs {
namespace {

using testing::normalized_mse;
using testing::random_rows;

// The CPU backend, and the CUDA one where this machine has a device.
std::vector<std::unique_ptr<Backend>> backends() {
    std::vector<std::unique_ptr<Backend>> out;
    out.push_back(make_cpu_backend());
    if (cuda_backend_available()) out.push_back(make_cuda_backend());
    return out;
}

// PreparedRotation::apply(x, backend) is the online R3/R4 of the forward pass: for every
// Hadamard kind it goes through the backend's Hadamard op, and must equal the rotation itself.
TEST(OnlineRotationThroughBackend, EqualsTheRotationForEveryHadamardKind) {
    const std::vector<std::pair<RotationSpec, int64_t>> rotations = {
        {RotationSpec{RotationKind::Hadamard, 0, 0, "", ""}, 1536},
        {RotationSpec{RotationKind::RandomHadamard, 0, 42, "", ""}, 1536},
        {RotationSpec{RotationKind::RandomHadamard, 0, 43, "", ""}, 64},
        {RotationSpec{RotationKind::BlockHadamard, 32, 0, "", ""}, 1536},
        {RotationSpec{RotationKind::BlockHadamard, 16, 0, "", ""}, 64},
        {RotationSpec{RotationKind::RandomOrthogonal, 0, 5, "", ""}, 64},  // dense: no Hadamard op
    };
    for (const auto& backend : backends())
        for (const auto& [spec, n] : rotations) {
            const PreparedRotation rot(spec, n);
            EXPECT_EQ(rot.hadamard_op().has_value(), spec.kind != RotationKind::RandomOrthogonal);
            // Whole rows (R4) and per group (R3 over 9 heads).
            for (const bool per_group : {false, true}) {
                const MatrixRM x = random_rows(6, per_group ? n * 9 : n, static_cast<uint32_t>(n));
                MatrixRM want = x, got = x;
                if (per_group) rot.apply_per_group(want);
                else rot.apply(want);
                rot.apply(got, *backend, per_group);
                // The CPU is the reference; a device differs in the H_K mix's rounding only.
                EXPECT_LE(normalized_mse(want, got), backend->name() == "cpu" ? 0.0 : 1e-11)
                    << backend->name() << " " << rotation_name(spec) << " per group " << per_group;
            }
            MatrixRM wrong = random_rows(2, n + 1, 1);
            EXPECT_THROW(rot.apply(wrong, *backend, false), Error);
            EXPECT_THROW(rot.apply(wrong, *backend, true), Error);
        }
}

TEST(ActivationQuantThroughBackend, EqualsTheReferenceQuantizer) {
    ModelConfig cfg;
    cfg.head_dim = 64;
    for (const auto& backend : backends())
        for (const std::string f : {"mxfp4", "int4:token", "nvfp4", "fp8_e4m3:token"}) {
            const ActQuantConfig qc{quant::parse_format_spec(f), quant::parse_format_spec("int4"), false};
            FakeQuantActivations plain(cfg, qc), routed(cfg, qc, nullptr, backend.get());
            MatrixRM a = random_rows(7, 256, 3), b = a;
            plain.linear_input(0, LinearInput::QKV, a);
            routed.linear_input(0, LinearInput::QKV, b);
            EXPECT_EQ(0.0, normalized_mse(a, b)) << backend->name() << " " << f;
            MatrixRM k1 = random_rows(7, 128, 4), v1 = random_rows(7, 128, 5), k2 = k1, v2 = v1;
            plain.kv(0, k1, v1);
            routed.kv(0, k2, v2);
            EXPECT_EQ(0.0, normalized_mse(k1, k2) + normalized_mse(v1, v2)) << backend->name() << " " << f;
        }
}

// The identity device caches key on: new for every Linear made, copied or assigned, renewed by
// touch(), and renewed by the engine's in-place writers (here the norm folding of fusion).
TEST(WeightIdentity, IsNewForEveryCopyAndEveryInPlaceEdit) {
    Linear a{random_rows(4, 8, 1), VectorF()};
    const Linear b = a;
    Linear c;
    const uint64_t before = c.id.value();
    c = a;
    EXPECT_NE(a.id.value(), b.id.value());
    EXPECT_NE(before, c.id.value());
    EXPECT_NE(a.id.value(), c.id.value());
    const uint64_t old = a.id.value();
    a.touch();
    EXPECT_NE(old, a.id.value());
    Linear moved = std::move(c);
    EXPECT_NE(moved.id.value(), b.id.value());
}

}  // namespace
}  // namespace rs
