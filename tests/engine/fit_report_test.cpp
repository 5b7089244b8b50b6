// Fitted rotations as artifacts: the fit report `-o` writes (configuration, rotations, loss
// history, calibration identity) reads back as written; recipes name its rotations by path and
// dataset and keep the float model's logits; a report without the named rotation, of the wrong
// size or damaged, and a plain HDF5 path without a dataset, are refused in one line; a cancelled
// fit writes nothing; the fit configuration round-trips through JSON and refuses typos.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "backend/backend.h"
#include "core/json_io.h"
#include "experiment/fit_config.h"
#include "model/loader.h"
#include "pipeline/fit_rotation.h"
#include "report/fit_report.h"
#include "rotate/fuse.h"
#include "rotate/rotation.h"
#include "support/damaged_reports.h"
#include "support/expect_bad_input.h"
#include "support/model_logits.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"
#include "support/tiny_gguf.h"
#include "tokenizer/tokenizer.h"

namespace rs {
namespace {

class FitReportTest : public ::testing::Test {
protected:
    void SetUp() override {
        model_ = dir_.file("tiny.gguf");
        testing::write_tiny_gguf(model_, 32, 2);
        corpus_ = dir_.file("corpus.txt");
        testing::write_tiny_corpus(corpus_);
    }
    testing::CliResult learn(const std::vector<std::string>& extra) const {
        std::vector<std::string> a{"learn-rotation", model_,  "--calib-corpus", corpus_, "--calib-windows", "3",
                                   "--calib-ctx",    "24",    "--steps",        "4",     "--a",             "int4:token"};
        a.insert(a.end(), extra.begin(), extra.end());
        return testing::run_cli(a);
    }
    testing::TempDir dir_{"rs-fit-report"};
    std::string model_, corpus_;
};

TEST_F(FitReportTest, a_learned_rotation_is_stored_with_its_history_and_named_by_recipes) {
    const std::string rep_path = dir_.file("fit.h5"), raw = dir_.file("R1.f64");
    const auto r = learn({"--kv", "int4", "-o", rep_path, "--out", raw});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("file:" + rep_path + "#/rotation/r2"), std::string::npos) << r.out;

    const FitReport rep = read_fit_report(rep_path);
    const Model m = load_model(model_);
    EXPECT_EQ(rep.config.method, FitMethod::Cayley);
    EXPECT_EQ(rep.config.cayley.steps, 4);
    EXPECT_EQ(rep.config.calibration.windows, 3);
    EXPECT_EQ(rep.config.calibration.corpus, corpus_);  // resolved, not ""
    EXPECT_EQ(quant::format_spec_name(*rep.config.kv), "int4");
    EXPECT_EQ(rep.config, fit_config_from_json(parse_json(rep.meta.config_json, "config"), "config"));
    ASSERT_EQ(rep.result.loss.size(), 5u);
    ASSERT_EQ(rep.result.trace.size(), 4u);
    ASSERT_EQ(rep.result.r2.size(), static_cast<size_t>(m.cfg.n_layers));
    EXPECT_LT(rep.result.orthogonality, 1e-5);
    EXPECT_EQ(rep.result.calibration_tokens, 3 * 24);
    EXPECT_EQ(rep.result.calibration_sha256.size(), 64u);
    EXPECT_EQ(rep.model.cfg.d_model, 32);
    EXPECT_NE(rep.meta.created_utc, "");
    ASSERT_EQ(rep.result.sites_start.size(), 4u);  // two layers x (qkv, gate_up), on the first window

    // The raw R1 and the report's are the same bytes.
    std::vector<double> v(32 * 32);
    std::ifstream(raw, std::ios::binary).read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(v.size() * 8));
    const MatrixD raw_r1 = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(v.data(), 32, 32);
    EXPECT_EQ((raw_r1 - rep.result.r1).cwiseAbs().maxCoeff(), 0.0);

    // A recipe naming the report's R1 and per-layer R2 (with the R3/R4 it was learned around)
    // keeps the float model's logits, and gets exactly the stored matrices.
    FusePlan plan;
    plan.r1 = parse_rotation("file:" + rep_path + "#/rotation/r1");
    plan.r1_on = true;
    plan.r2 = parse_rotation("file:" + rep_path + "#/rotation/r2");
    plan.r2_on = true;
    plan.r3 = plan.r4 = parse_rotation("hadamard");
    plan.r3_on = plan.r4_on = true;
    EXPECT_EQ(plan.r1.dataset, "/rotation/r1");
    EXPECT_EQ(rotation_name(plan.r2), "file:" + rep_path + "#/rotation/r2");
    EXPECT_EQ(rotation_count(plan.r2, m.cfg.head_dim), m.cfg.n_layers);
    EXPECT_EQ((rotation_matrix(plan.r1, 32) - rep.result.r1).cwiseAbs().maxCoeff(), 0.0);
    const std::vector<MatrixD> r2 = rotation_matrices(plan.r2, m.cfg.head_dim, m.cfg.n_layers);
    EXPECT_EQ((r2[1] - rep.result.r2[1]).cwiseAbs().maxCoeff(), 0.0);
    const std::vector<int32_t> ids = {1, 5, 9, 2, 7, 3};
    EXPECT_LT(testing::max_rel_error(testing::logits_of(fuse_rotations(m, plan), ids), testing::logits_of(m, ids)), 1e-4);
}

TEST_F(FitReportTest, a_report_without_the_rotation_or_of_another_size_is_refused_in_one_line) {
    const std::string rep_path = dir_.file("refined.h5");
    const auto r = testing::run_cli({"fit-rotation", model_, "--calib-corpus", corpus_, "--calib-windows", "2", "--calib-ctx", "24",
                                     "--tokens", "48", "--rounds", "3", "--a", "mxfp4", "-o", rep_path});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const FitReport rep = read_fit_report(rep_path);
    EXPECT_EQ(rep.config.method, FitMethod::Procrustes);
    EXPECT_EQ(rep.result.loss.size(), 4u);
    EXPECT_EQ(rep.result.baselines.size(), 3u);
    EXPECT_TRUE(rep.result.r2.empty());
    // The outlier measures of both R1 sites of both layers, start and fitted, read back.
    ASSERT_EQ(rep.result.sites_start.size(), 4u);
    ASSERT_EQ(rep.result.sites_result.size(), 4u);
    EXPECT_EQ(rep.result.sites_result[3].layer, 1);
    EXPECT_EQ(rep.result.sites_result[3].site, LinearInput::GateUp);
    for (const R1SiteMeasure& s : rep.result.sites_result) EXPECT_TRUE(s.quant_error > 0 && s.quant_error < 1) << s.quant_error;
    EXPECT_EQ(rotation_count(parse_rotation("file:" + rep_path + "#/rotation/r1"), 32), 1);

    // The report reproduces the fit: refit runs its stored configuration again, bit for bit.
    const std::string again = dir_.file("again.h5");
    const auto rr = testing::run_cli({"refit", rep_path, "-o", again, "--json"});
    ASSERT_EQ(rr.exit_code, 0) << rr.err;
    const FitReport rep2 = read_fit_report(again);
    EXPECT_EQ(rep2.config, rep.config);
    EXPECT_EQ((rep2.result.r1 - rep.result.r1).cwiseAbs().maxCoeff(), 0.0);
    EXPECT_EQ(rep2.result.loss, rep.result.loss);
    EXPECT_EQ(rep2.result.calibration_sha256, rep.result.calibration_sha256);

    const Model m = load_model(model_);
    const int hd = m.cfg.head_dim;
    testing::expect_bad_input([&] { rotation_matrices(parse_rotation("file:" + rep_path + "#/rotation/r2"), hd, 2); },
                              "no R2 in a refined fit", "holds no dataset /rotation/r2");
    testing::expect_bad_input([&] { rotation_matrix(parse_rotation("file:" + rep_path + "#/fit/nothing/here"), 32); },
                              "a missing group", "holds no dataset /fit/nothing/here");
    testing::expect_bad_input([&] { rotation_matrix(parse_rotation("file:" + rep_path + "#/rotation/r1"), 16); }, "another order",
                              "holds a 32 x 32 array");
    testing::expect_bad_input([&] { rotation_matrix(parse_rotation("file:" + rep_path + "#/fit/loss"), 32); }, "a 1-D dataset",
                              "holds a 4 array");
    testing::expect_bad_input([&] { rotation_matrix(parse_rotation("file:" + rep_path), 32); }, "no dataset named",
                              "name the dataset");
    testing::expect_bad_input([&] { parse_rotation("file:#/rotation/r1"); }, "no path", "needs a path");
    testing::expect_bad_input([&] { rotation_matrix(parse_rotation("file:" + corpus_ + "#/rotation/r1"), 32); }, "not HDF5",
                              "not an HDF5 file");

    // A damaged report: one line, no crash.
    const std::string cut = dir_.file("cut.h5");
    std::filesystem::copy_file(rep_path, cut);
    std::filesystem::resize_file(cut, std::filesystem::file_size(rep_path) / 2);
    testing::expect_bad_input([&] { rotation_matrix(parse_rotation("file:" + cut + "#/rotation/r1"), 32); }, "truncated");
    testing::expect_bad_input([&] { read_fit_report(cut); }, "truncated report");

    // The CLI refuses a recipe naming the missing R2 before any work, in one line.
    const std::string recipe = dir_.file("recipe.json");
    std::ofstream(recipe) << nlohmann::json{{"rotation", {{"r1", "file:" + rep_path + "#/rotation/r1"}, {"r2", "file:" + rep_path + "#/rotation/r2"}}},
                                            {"w", "int4:channel"}}
                                 .dump();
    const std::string out = dir_.file("run.h5");
    const auto q = testing::run_cli({"quantize", model_, "--recipe", recipe, "--text-file", corpus_, "--ctx", "24", "--windows", "2",
                                     "-o", out});
    EXPECT_EQ(q.exit_code, 2) << q.err;
    EXPECT_NE(q.err.find("holds no dataset /rotation/r2"), std::string::npos) << q.err;
    EXPECT_EQ(std::count(q.err.begin(), q.err.end(), '\n'), 1) << q.err;
    EXPECT_FALSE(std::filesystem::exists(out));
}

// A damaged fit report is read back or refused in one line, by the report reader and by a recipe
// naming its rotations; never a crash or a hang.
TEST_F(FitReportTest, damaged_fit_reports_never_crash_the_readers) {
    const std::string good = dir_.file("good.h5");
    ASSERT_EQ(learn({"-o", good}).exit_code, 0);
    const Model m = load_model(model_);
    testing::expect_damaged_copies_never_crash(good, "fit reports", [&](const std::string& path) {
        read_fit_report(path);
        rotation_matrix(parse_rotation("file:" + path + "#/rotation/r1"), 32);
        rotation_matrices(parse_rotation("file:" + path + "#/rotation/r2"), m.cfg.head_dim, m.cfg.n_layers);
    });
}

TEST_F(FitReportTest, a_cancelled_fit_writes_nothing) {
    const Model m = load_model(model_);
    const auto tok = make_tokenizer(m.tokenizer);
    const auto backend = make_cpu_backend();
    FitConfig c;
    c.method = FitMethod::Cayley;
    c.activations = quant::parse_format_spec("int4:token");
    c.calibration = {corpus_, 3, 24, 0};
    c.cayley.steps = 50;
    c.cayley.eval_windows = 0;
    CancelToken token;
    int steps = 0;
    Progress progress{[&](const ProgressStep& s) {
                          if (s.stage == Stage::FittingRotation && ++steps == 3) token.cancel();
                      },
                      &token};
    try {
        run_fit(c, m, *backend, *tok, progress);
        ADD_FAILURE() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled) << e.what();
    }
    EXPECT_LT(steps, 6);

    // Cancelled before the report is written: nothing on disk.
    token.reset();
    c.cayley.steps = 1;
    const FitResult fit = run_fit(c, m, *backend, *tok, progress);
    token.cancel();
    const std::string path = dir_.file("cancelled.h5");
    EXPECT_THROW(write_fit_report(path, FitReport{make_report_meta("cpu", "{}"), identify_model(m), c, fit}, progress), Error);
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(FitConfigTest, round_trips_through_json_and_refuses_what_it_does_not_know) {
    FitConfig c;
    c.method = FitMethod::Cayley;
    c.activations = quant::parse_format_spec("mxfp4");
    c.kv = quant::parse_format_spec("int4");
    c.block = 32;
    c.start = parse_rotation("rhadamard:seed=7");
    c.calibration = {"wikitext2-train", 100, 512, 3};
    c.cayley.r3 = parse_rotation("none");
    c.cayley.r4 = parse_rotation("rhadamard:seed=0");
    c.cayley.lr = 0.25;
    EXPECT_EQ(fit_config_from_json(fit_config_to_json(c), "c"), c);
    FitConfig p;
    p.activations = quant::parse_format_spec("int4:token");
    p.procrustes.rounds = 7;
    p.procrustes.alpha = 3.5;
    p.calibration = default_fit_calibration(FitMethod::Procrustes);
    EXPECT_EQ(fit_config_from_json(fit_config_to_json(p), "p"), p);
    EXPECT_FALSE(fit_config_to_json(p).contains("cayley"));

    const nlohmann::json good = fit_config_to_json(c);
    const auto refused = [&](const std::function<void(nlohmann::json&)>& edit, const char* says) {
        nlohmann::json j = good;
        edit(j);
        testing::expect_bad_input([&] { fit_config_from_json(j, "fit.json"); }, says, says);
    };
    refused([](nlohmann::json& j) { j["cayley"]["stepz"] = 3; }, "cayley.stepz: unknown key");
    refused([](nlohmann::json& j) { j["kind"] = "rotoscope-experiment"; }, "not a fit configuration");
    refused([](nlohmann::json& j) { j["method"] = "adam"; }, "unknown fit method");
    refused([](nlohmann::json& j) { j["procrustes"] = nlohmann::json::object(); }, "procrustes: belongs to the procrustes method");
    refused([](nlohmann::json& j) { j["start"] = "orthogonal"; }, "expected rhadamard");
    refused([](nlohmann::json& j) { j["a"] = "int4:g16"; }, "per token");
    refused([](nlohmann::json& j) { j["cayley"]["lr"] = -1; }, "cayley.lr: must be in");
    refused([](nlohmann::json& j) { j["cayley"]["eval_windows"] = 101; }, "101 evaluation windows");
    refused([](nlohmann::json& j) { j.erase("a"); }, "a: missing");
}

}  // namespace
}  // namespace rs
