// rotoscope-cli fit-rotation and learn-rotation end to end on a tiny GGUF: the rotation fit-rotation
// writes is orthogonal and is the engine's fit of the activations it saves, the loss history keeps
// the fixed-quantizer promise; learn-rotation writes orthogonal R1/R2 that lower the quantized loss
// and keep the float model's logits; bad settings fail in one line with nothing written.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "fit/procrustes.h"
#include "model/loader.h"
#include "rotate/fuse.h"
#include "runtime/forward.h"
#include "support/model_logits.h"
#include "quant/format.h"
#include "rotate/rotation.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"
#include "support/tiny_gguf.h"

namespace rs {
namespace {

template <class T>
std::vector<T> read_all(const std::string& path) {
    std::vector<T> v(std::filesystem::file_size(path) / sizeof(T));
    std::ifstream(path, std::ios::binary).read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
    return v;
}

class FitCliTest : public ::testing::Test {
protected:
    void SetUp() override {
        model_ = dir_.file("tiny.gguf");
        testing::write_tiny_gguf(model_, 32, 2);
        corpus_ = dir_.file("corpus.txt");
        testing::write_tiny_corpus(corpus_);
    }
    std::vector<std::string> args(std::vector<std::string> extra) const {
        std::vector<std::string> a{"fit-rotation", model_, "--calib-corpus", corpus_, "--calib-windows", "2", "--calib-ctx", "24",
                                   "--tokens", "48", "--rounds", "4", "--json"};
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    }
    testing::TempDir dir_{"rs-fit-cli"};
    std::string model_, corpus_;
};

TEST_F(FitCliTest, writes_the_engines_fit_of_the_activations_it_saves) {
    const std::string rf = dir_.file("R.f64"), af = dir_.file("A.f32"), mf = dir_.file("M.u8");
    const auto r = testing::run_cli(args({"--a", "mxfp4", "--out", rf, "--save-inputs", af, "--save-massive", mf}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    const int64_t d = 32, rows = j["rows"].get<int64_t>();
    EXPECT_EQ(rows, 2 * 2 * 2 * 24);  // two windows x two layers x two sites x 24 tokens
    ASSERT_EQ(j["loss"].size(), 5u);
    ASSERT_EQ(j["fixed_q_loss"].size(), 4u);
    for (size_t k = 0; k < 4; ++k) EXPECT_LE(j["fixed_q_loss"][k].get<double>(), j["loss"][k].get<double>() * (1 + 1e-6)) << k;
    EXPECT_LT(j["orthogonality"].get<double>(), 1e-10);
    EXPECT_EQ(j["baselines"]["rhadamard:seed=0"].get<double>(), j["loss"][0].get<double>());  // the start

    const std::vector<double> rv = read_all<double>(rf);
    ASSERT_EQ(rv.size(), static_cast<size_t>(d * d));
    const MatrixD R = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(rv.data(), d, d);
    EXPECT_LT((R.transpose() * R - MatrixD::Identity(d, d)).cwiseAbs().maxCoeff(), 1e-10);

    // The saved activations and flags, fitted by the engine directly, give the same rotation.
    const std::vector<float> av = read_all<float>(af);
    const std::vector<uint8_t> mv = read_all<uint8_t>(mf);
    ASSERT_EQ(av.size(), static_cast<size_t>(rows * d));
    ASSERT_EQ(mv.size(), static_cast<size_t>(rows));
    const MatrixRM a = Eigen::Map<const MatrixRM>(av.data(), rows, d);
    ProcrustesData data{&a, {}, 24};
    for (uint8_t m : mv) data.weight.push_back(m ? 100.0f : 1.0f);
    const ProcrustesFit fit = refine_rotation(data, rotation_matrix(parse_rotation("rhadamard:seed=0"), d),
                                              quant::parse_format_spec("mxfp4"), {.rounds = 4});
    EXPECT_EQ((fit.rotation - R).cwiseAbs().maxCoeff(), 0.0);
    EXPECT_EQ(fit.loss.back(), j["loss"][4].get<double>());
}

TEST_F(FitCliTest, a_block_fit_stays_block_diagonal) {
    const std::string rf = dir_.file("R.f64");
    const auto r = testing::run_cli(args({"--a", "nvfp4", "--block", "16", "--out", rf}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::vector<double> rv = read_all<double>(rf);
    for (int i = 0; i < 32; ++i)
        for (int k = 0; k < 32; ++k)
            if (i / 16 != k / 16) EXPECT_EQ(rv[static_cast<size_t>(i * 32 + k)], 0.0) << i << "," << k;
}

TEST_F(FitCliTest, bad_settings_fail_in_one_line_and_write_nothing) {
    const std::string rf = dir_.file("R.f64");
    struct Case {
        std::vector<std::string> extra;
        const char* says;
    };
    const Case cases[] = {
        {{"--a", "int4:token", "--block", "12"}, "block size 12 does not divide d_model 32"},
        {{"--a", "int4:token", "--start", "block16"}, "--start"},
        {{"--a", "int4:g16"}, "per token"},
        {{"--a", "int4:token", "--start", "orthogonal"}, "expected rhadamard"},
        {{"--a", "fp5"}, "fp5"},
    };
    for (const Case& c : cases) {
        std::vector<std::string> extra = c.extra;
        extra.insert(extra.end(), {"--out", rf});
        const auto r = testing::run_cli(args(extra));
        EXPECT_EQ(r.exit_code, 2) << c.says << ": " << r.err;
        EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_FALSE(std::filesystem::exists(rf)) << c.says;
    }
}

class LearnCliTest : public FitCliTest {
protected:
    std::vector<std::string> learn(std::vector<std::string> extra) const {
        std::vector<std::string> a{"learn-rotation", model_, "--calib-corpus", corpus_, "--calib-windows", "3", "--calib-ctx", "24",
                                   "--steps", "6", "--json"};
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    }
};

TEST_F(LearnCliTest, writes_orthogonal_rotations_that_keep_the_float_models_logits) {
    const std::string r1 = dir_.file("R1.f64"), r2 = dir_.file("R2.f64");
    const auto r = testing::run_cli(learn({"--a", "int4:token", "--kv", "int4", "--out", r1, "--out-r2", r2}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["loss"].size(), 7u);
    ASSERT_EQ(j["step_size"].size(), 6u);
    // The start and the result scored on the same windows (by default as many as there are, up to
    // four). Whether six steps on a random tiny model lower the loss depends on the compiler's
    // rounding; cayley_test checks that learning does, on more steps.
    EXPECT_EQ(j["eval_windows"].get<int>(), 3);
    EXPECT_TRUE(std::isfinite(j["eval_start"].get<double>()) && j["eval_start"].get<double>() > 0);
    EXPECT_TRUE(std::isfinite(j["eval_result"].get<double>()) && j["eval_result"].get<double>() > 0);
    EXPECT_NE(j["eval_result"].get<double>(), j["eval_start"].get<double>());
    EXPECT_LT(j["orthogonality"].get<double>(), 1e-5);
    EXPECT_EQ(j["online"].get<std::string>().find("R3 hadamard"), 0u) << j["online"];
    const int64_t d = 32;
    const std::vector<double> v1 = read_all<double>(r1), v2 = read_all<double>(r2);
    ASSERT_EQ(v1.size(), static_cast<size_t>(d * d));
    const Model m = load_model(model_);
    ASSERT_EQ(v2.size(), static_cast<size_t>(m.cfg.n_layers * m.cfg.head_dim * m.cfg.head_dim));
    // The learned R1 and per-layer R2, fused through the file rotation kind with the same R3/R4,
    // keep the logits.
    FusePlan plan;
    plan.r1 = parse_rotation("file:" + r1);
    plan.r1_on = true;
    plan.r2 = parse_rotation("file:" + r2);
    plan.r2_on = true;
    plan.r3 = parse_rotation("hadamard");
    plan.r3_on = true;
    plan.r4 = parse_rotation("hadamard");
    plan.r4_on = true;
    const std::vector<int32_t> ids = {1, 5, 9, 2, 7, 3};
    EXPECT_LT(testing::max_rel_error(testing::logits_of(fuse_rotations(m, plan), ids), testing::logits_of(m, ids)), 1e-4);
}

TEST_F(LearnCliTest, bad_settings_fail_in_one_line_and_write_nothing) {
    const std::string r1 = dir_.file("R1.f64"), r2 = dir_.file("R2.f64");
    struct Case {
        std::vector<std::string> extra;
        const char* says;
    };
    const Case cases[] = {
        {{"--a", "int4:token", "--block", "12"}, "block size 12 does not divide d_model 32"},
        {{"--a", "int4:token", "--start", "orthogonal"}, "expected rhadamard"},
        {{"--a", "int4:token", "--no-r2", "--out-r2", r2}, "--no-r2"},
        {{"--a", "int4:token", "--r4", "block:7"}, "does not divide"},
        {{"--a", "int4:g16"}, "per token"},
        {{"--a", "int4:token", "--eval-windows", "5"}, "--eval-windows: 5 evaluation windows, but the calibration has 3"},
    };
    for (const Case& c : cases) {
        std::vector<std::string> extra = c.extra;
        extra.insert(extra.end(), {"--out", r1});
        const auto r = testing::run_cli(learn(extra));
        EXPECT_EQ(r.exit_code, 2) << c.says << ": " << r.err;
        EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_FALSE(std::filesystem::exists(r1)) << c.says;
    }
}

}  // namespace
}  // namespace rs
