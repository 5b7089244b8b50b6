// rotoscope-cli analyze / report end to end on a tiny generated model: the report file, its
// recorded seed and config, determinism, refusal of bad arguments before any work, and clean
// cancellation.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "report/census_report.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"
#include "support/tiny_gguf.h"

namespace rs {
namespace {
namespace fs = std::filesystem;
using testing::run_cli;

class AnalyzeCliTest : public ::testing::Test {
protected:
    void SetUp() override {
        model_ = dir_.file("tiny.gguf");
        testing::write_tiny_gguf(model_, 32, 2, /*add_bos=*/true);
        corpus_ = dir_.file("corpus.txt");
        testing::write_tiny_corpus(corpus_, 300);
    }
    std::vector<std::string> analyze_args(const std::string& out, const std::string& seed = "7") {
        return {"analyze", model_, "--text-file", corpus_, "--windows", "3", "--ctx", "32", "--seed", seed,
                "--capture-tokens", "8", "-o", out, "--json"};
    }
    testing::TempDir dir_{"rs-analyze-cli"};
    std::string model_, corpus_;
};

TEST_F(AnalyzeCliTest, WritesAReportThatTheReportCommandSummarizes) {
    const std::string out = dir_.file("census.h5");
    const auto r = run_cli(analyze_args(out));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["windows"], 3);
    EXPECT_EQ(j["ctx"], 32);
    EXPECT_EQ(j["seed"], 7);
    EXPECT_EQ(j["sites"], 2 * 5 + 1);
    ASSERT_TRUE(fs::exists(out));

    const CensusReport rep = read_census_report(out);
    EXPECT_EQ(rep.census.calibration.seed, 7u);
    ASSERT_EQ(rep.census.calibration.windows.size(), 3u);
    for (const auto& w : rep.census.calibration.windows) {
        ASSERT_EQ(w.tokens.size(), 32u);
        EXPECT_EQ(w.tokens[0], 259);  // BOS: the tiny tokenizer adds one
    }
    const auto cfg = nlohmann::json::parse(rep.meta.config_json);
    EXPECT_EQ(cfg["census"]["seed"], 7);
    EXPECT_EQ(cfg["corpus"], corpus_);
    EXPECT_EQ(rep.meta.backend, "cpu");
    ASSERT_EQ(rep.model.files.size(), 1u);
    EXPECT_EQ(rep.model.files[0].sha256.size(), 64u);
    const SiteCensus* s = rep.census.find(1, CensusSite::Residual);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->captured.rows(), 8);
    EXPECT_EQ(s->captured.cols(), 32);

    const auto r2 = run_cli({"report", out, "--json"});
    ASSERT_EQ(r2.exit_code, 0) << r2.err;
    const auto j2 = nlohmann::json::parse(r2.out);
    EXPECT_EQ(j2["massive"], j["massive"]);
    EXPECT_EQ(j2["worst_kurtosis"], j["worst_kurtosis"]);
    const auto r3 = run_cli({"report", out});
    ASSERT_EQ(r3.exit_code, 0) << r3.err;
    EXPECT_NE(r3.out.find("worst kurtosis"), std::string::npos) << r3.out;
}

TEST_F(AnalyzeCliTest, TheSeedDecidesTheWindows) {
    const std::string a = dir_.file("a.h5"), b = dir_.file("b.h5"), c = dir_.file("c.h5");
    ASSERT_EQ(run_cli(analyze_args(a, "1")).exit_code, 0);
    ASSERT_EQ(run_cli(analyze_args(b, "1")).exit_code, 0);
    ASSERT_EQ(run_cli(analyze_args(c, "2")).exit_code, 0);
    const auto ra = read_census_report(a), rb = read_census_report(b), rc = read_census_report(c);
    std::vector<int64_t> oa, ob, oc;
    for (const auto& w : ra.census.calibration.windows) oa.push_back(w.offset);
    for (const auto& w : rb.census.calibration.windows) ob.push_back(w.offset);
    for (const auto& w : rc.census.calibration.windows) oc.push_back(w.offset);
    EXPECT_EQ(oa, ob);
    EXPECT_NE(oa, oc);
    for (size_t i = 0; i < ra.census.sites.size(); ++i) {
        EXPECT_EQ(ra.census.sites[i].channel_absmax, rb.census.sites[i].channel_absmax);
        EXPECT_EQ(ra.census.sites[i].token_absmax, rb.census.sites[i].token_absmax);
    }
}

// The census of the rotated model: --rotation (R1, R2, R4 of one kind) and --recipe (its R1-R4)
// give the same report, its configuration records the rotation, and R1 changes the residual
// stream's channel maxima while the windows stay the same. Global options go before or after the
// subcommand.
TEST_F(AnalyzeCliTest, CensusOfTheRotatedModelFromRotationOrRecipe) {
    const std::string plain = dir_.file("plain.h5"), by_flag = dir_.file("flag.h5"), by_recipe = dir_.file("recipe.h5");
    const std::string recipe = dir_.file("r.json");
    std::ofstream(recipe) << R"({"rotation": "hadamard", "w": "int4"})";
    ASSERT_EQ(run_cli(analyze_args(plain)).exit_code, 0);
    auto flag_args = analyze_args(by_flag);
    for (const char* a : {"--rotation", "hadamard", "-t", "1"}) flag_args.push_back(a);
    flag_args.insert(flag_args.begin(), {"--backend", "cpu"});
    const auto r1 = run_cli(flag_args);
    ASSERT_EQ(r1.exit_code, 0) << r1.err;
    auto recipe_args = analyze_args(by_recipe);
    for (const std::string& a : {std::string("--recipe"), recipe}) recipe_args.push_back(a);
    recipe_args.insert(recipe_args.begin(), {"--threads", "1"});
    const auto r2 = run_cli(recipe_args);
    ASSERT_EQ(r2.exit_code, 0) << r2.err;

    const auto a = read_census_report(plain), b = read_census_report(by_flag), c = read_census_report(by_recipe);
    EXPECT_FALSE(nlohmann::json::parse(a.meta.config_json).contains("rotation"));
    EXPECT_EQ(nlohmann::json::parse(b.meta.config_json)["rotation"], "hadamard");
    EXPECT_EQ(nlohmann::json::parse(c.meta.config_json)["rotation"], "hadamard");
    EXPECT_EQ(b.meta.threads, 1);
    EXPECT_EQ(c.meta.threads, 1);
    ASSERT_EQ(b.census.sites.size(), c.census.sites.size());
    for (size_t i = 0; i < b.census.sites.size(); ++i) {
        EXPECT_EQ(b.census.sites[i].channel_absmax, c.census.sites[i].channel_absmax) << i;
        EXPECT_EQ(b.census.sites[i].token_absmax, c.census.sites[i].token_absmax) << i;
    }
    const SiteCensus* before = a.census.find(0, CensusSite::Residual);
    const SiteCensus* after = b.census.find(0, CensusSite::Residual);
    ASSERT_TRUE(before && after);
    EXPECT_NE(before->channel_absmax, after->channel_absmax);
    EXPECT_EQ(a.census.calibration.windows.size(), b.census.calibration.windows.size());
    for (size_t w = 0; w < a.census.calibration.windows.size(); ++w)
        EXPECT_EQ(a.census.calibration.windows[w].tokens, b.census.calibration.windows[w].tokens);

    // A recipe without a rotation, or a bad kind: one line, no report.
    const std::string none = dir_.file("none.json");
    std::ofstream(none) << R"({"w": "int4"})";
    auto bad = analyze_args(dir_.file("bad.h5"));
    bad.push_back("--recipe");
    bad.push_back(none);
    const auto r3 = run_cli(bad);
    EXPECT_EQ(r3.exit_code, 2);
    EXPECT_NE(r3.err.find("no rotation to apply"), std::string::npos) << r3.err;
    auto bad_kind = analyze_args(dir_.file("bad2.h5"));
    bad_kind.push_back("--rotation");
    bad_kind.push_back("block:5");
    const auto r4 = run_cli(bad_kind);
    EXPECT_EQ(r4.exit_code, 2);
    EXPECT_NE(r4.err.find("block size 5"), std::string::npos) << r4.err;
    EXPECT_FALSE(fs::exists(dir_.file("bad.h5")) || fs::exists(dir_.file("bad2.h5")));
}

TEST_F(AnalyzeCliTest, LowThresholdsListMassiveActivations) {
    const auto r = run_cli({"analyze", model_, "--text-file", corpus_, "--windows", "2", "--ctx", "16", "--massive-abs", "0",
                            "--massive-ratio", "1", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_FALSE(j["massive"].empty());
    for (const auto& m : j["massive"]) {
        EXPECT_GT(m["count"].get<int>(), 0);
        for (const auto& c : m["channels"]) EXPECT_LT(c["channel"].get<int>(), 80);  // d_ff is the widest input
    }
    EXPECT_TRUE(j["report"].get<std::string>().empty());
}

TEST_F(AnalyzeCliTest, BadArgumentsAreRefusedBeforeAnyWork) {
    const std::string out = dir_.file("never.h5");
    struct Case {
        std::vector<std::string> extra;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{"--windows", "0"}, "--windows"},
        {{"--ctx", "5000"}, "exceeds the model's context"},
        {{"--capture-window", "9"}, "capture_window"},
        {{"--massive-ratio", "0.5"}, "--massive-ratio"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args = {"analyze", model_, "--text-file", corpus_, "--windows", "3", "-o", out};
        args.insert(args.end(), c.extra.begin(), c.extra.end());
        const auto r = run_cli(args);
        EXPECT_EQ(r.exit_code, 2) << c.message << ": " << r.err;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(out));
    }
    const std::string short_text = dir_.file("short.txt");
    std::ofstream(short_text) << "the end";
    const auto r1 = run_cli({"analyze", model_, "--text-file", short_text, "--ctx", "64", "-o", out});
    EXPECT_EQ(r1.exit_code, 2);
    EXPECT_NE(r1.err.find("fewer than one window"), std::string::npos) << r1.err;
    EXPECT_FALSE(fs::exists(out));
    const auto r = run_cli({"analyze", model_, "--text-file", corpus_, "-o", dir_.file("no/such/dir/r.h5")});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("directory does not exist"), std::string::npos) << r.err;
    const auto r2 = run_cli({"analyze", model_, "--text-file", dir_.file("missing.txt")});
    EXPECT_EQ(r2.exit_code, 2);
    EXPECT_NE(r2.err.find("missing.txt"), std::string::npos) << r2.err;
}

TEST_F(AnalyzeCliTest, ForeignAndCorruptReportsAreOneLineErrors) {
    const std::string text = dir_.file("notes.h5");
    std::ofstream(text) << "not an HDF5 file";
    const std::string gguf_as_h5 = dir_.file("model.h5");
    fs::copy_file(model_, gguf_as_h5);
    for (const std::string& p : {text, gguf_as_h5, dir_.file("missing.h5")}) {
        const auto r = run_cli({"report", p});
        EXPECT_EQ(r.exit_code, 2) << p << ": " << r.err;
        EXPECT_NE(r.err.find(p), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
    // A real report cut short.
    const std::string good = dir_.file("good.h5");
    ASSERT_EQ(run_cli(analyze_args(good)).exit_code, 0);
    const auto size = fs::file_size(good);
    for (auto cut : {size / 2, size - 100}) {
        const std::string p = dir_.file("cut.h5");
        fs::copy_file(good, p, fs::copy_options::overwrite_existing);
        fs::resize_file(p, cut);
        const auto r = run_cli({"report", p});
        EXPECT_EQ(r.exit_code, 2) << "cut at " << cut << ": " << r.err;
        EXPECT_NE(r.err.find(p), std::string::npos) << r.err;
    }
}

TEST_F(AnalyzeCliTest, CtrlCLeavesNoReport) {
    const std::string big = dir_.file("big.gguf");
    testing::write_tiny_gguf(big, 256, 8);
    std::string text;
    for (int i = 0; i < 4000; ++i) text += "the quick brown fox " + std::to_string(i) + " ";
    const std::string corpus = dir_.file("long.txt");
    std::ofstream(corpus, std::ios::binary) << text;
    const std::string out = dir_.file("cancelled.h5");
    const auto r = run_cli({"analyze", big, "--text-file", corpus, "--windows", "64", "--ctx", "512", "-o", out}, 1500);
    EXPECT_EQ(r.exit_code, 130) << r.err;
    EXPECT_FALSE(fs::exists(out));
    for (const auto& e : fs::directory_iterator(dir_.path())) EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();
}

}  // namespace
}  // namespace rs
