// The per-site outlier measures of the fitting view: hand-computed on a block with one outlier,
// the outlier spread by a Hadamard rotation, and the format's error ordered by its bits.
#include <gtest/gtest.h>

#include "fit/r1_site_measures.h"
#include "rotate/rotation.h"
#include "support/expect_bad_input.h"

namespace rs {
namespace {

// One layer, two sites, two windows of two tokens: rows [window, layer, site, token].
R1Activations block_with_one_outlier() {
    R1Activations a;
    a.rows_per_call = 2;
    a.rows.resize(8, 4);
    a.rows << 1, 1, 1, 1,  1, 1, 1, 9,     // window 0, qkv
              0, 0, 0, 2,  0, 0, 0, 2,     // window 0, gate_up
              1, 1, 1, 1,  1, 1, 1, 9,     // window 1, qkv
              0, 0, 0, 2,  0, 0, 0, 2;     // window 1, gate_up
    return a;
}

TEST(R1SiteMeasures, match_a_hand_computed_block) {
    const R1Activations a = block_with_one_outlier();
    const std::vector<R1SiteMeasure> m = r1_site_measures(a, 1, MatrixD::Identity(4, 4), quant::parse_format_spec("int8:token"));
    ASSERT_EQ(m.size(), 2u);
    EXPECT_EQ(m[0].layer, 0);
    EXPECT_EQ(m[0].site, LinearInput::QKV);
    EXPECT_EQ(m[1].site, LinearInput::GateUp);
    // qkv: sixteen values, fourteen 1s and two 9s: median |x| 1, max 9; mean 2, deviations -1 (x14)
    // and 7 (x2): m2 = (14 + 98) / 16 = 7, m4 = (14 + 4802) / 16 = 301, kurtosis 301 / 49.
    EXPECT_DOUBLE_EQ(m[0].max_over_median, 9.0);
    EXPECT_NEAR(m[0].kurtosis, 301.0 / 49.0, 1e-12);
    // INT8 per token: 1 on a grid of step 9/127 is off by at most half a step per entry.
    EXPECT_GT(m[0].quant_error, 0.0);
    EXPECT_LT(m[0].quant_error, 1e-3);
    // gate_up: three quarters zeros, so the median |x| is 0 and the ratio is reported as 0.
    EXPECT_EQ(m[1].max_over_median, 0.0);
    EXPECT_LT(m[1].quant_error, 1e-12);  // 2 is on INT8's grid (scale 2/127, code 127)
}

TEST(R1SiteMeasures, a_hadamard_spreads_the_outlier_and_fewer_bits_lose_more) {
    const R1Activations a = block_with_one_outlier();
    const MatrixD h = rotation_matrix(parse_rotation("hadamard"), 4);
    const std::vector<R1SiteMeasure> plain = r1_site_measures(a, 1, MatrixD::Identity(4, 4), quant::parse_format_spec("int4:token"));
    const std::vector<R1SiteMeasure> rotated = r1_site_measures(a, 1, h, quant::parse_format_spec("int4:token"));
    // [0, 0, 0, 2]·H = [±1, ±1, ±1, ±1]: every entry the same size.
    EXPECT_DOUBLE_EQ(rotated[1].max_over_median, 1.0);
    EXPECT_LT(rotated[0].max_over_median, plain[0].max_over_median);
    const std::vector<R1SiteMeasure> int2 = r1_site_measures(a, 1, MatrixD::Identity(4, 4), quant::parse_format_spec("int2:token"));
    EXPECT_GT(int2[0].quant_error, plain[0].quant_error);
}

TEST(R1SiteMeasures, refuses_rows_that_are_not_whole_windows) {
    R1Activations a = block_with_one_outlier();
    a.rows_per_call = 3;
    testing::expect_bad_input([&] { r1_site_measures(a, 1, MatrixD::Identity(4, 4), quant::parse_format_spec("int8:token")); },
                              "partial windows", "whole windows");
    testing::expect_bad_input([&] { r1_site_measures(block_with_one_outlier(), 1, MatrixD::Identity(3, 3), quant::parse_format_spec("int8:token")); },
                              "wrong order", "does not match");
}

}  // namespace
}  // namespace rs
