// rotoscope-cli tasks: the scores as JSON and in the run report, and the refusals of bad task
// data: one line naming the file, exit code 2, nothing written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "report/run_report.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace rs {
namespace {

using testing::run_cli;
using testing::TempDir;

const std::string kData = std::string(ROTOSCOPE_SOURCE_DIR) + "/tests/data/tasks";

void expect_refused(const testing::CliResult& r, const std::string& says) {
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(says), std::string::npos) << r.err;
    size_t lines = 0;
    for (char c : r.err) lines += c == '\n';
    EXPECT_LE(lines, 2u) << r.err;  // the error line (and at most a progress line's end)
}

TEST(TasksCli, ScoresJsonAndWritesTheRunReport) {
    TempDir dir;
    const auto r = run_cli({"tasks", "default", "--tasks", "piqa,winogrande", "--data", kData, "--limit", "4", "--ctx", "64",
                            "--windows", "1", "--json", "-o", dir.file("run.h5")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["tasks"].size(), 2u);
    EXPECT_EQ(j["tasks"][0]["task"], "piqa");
    EXPECT_EQ(j["tasks"][0]["n"], 4);
    EXPECT_TRUE(j["tasks"][1]["acc_norm"].is_null());  // WinoGrande has no acc_norm
    const RunReport rep = read_run_report(dir.file("run.h5"));
    ASSERT_EQ(rep.runs.size(), 1u);
    ASSERT_EQ(rep.runs[0].tasks.size(), 2u);
    EXPECT_DOUBLE_EQ(rep.runs[0].tasks[0].acc, j["tasks"][0]["acc"].get<double>());
    EXPECT_EQ(rep.eval.tasks.tasks, (std::vector<std::string>{"piqa", "winogrande"}));
    // `report` prints the scores again.
    const auto shown = run_cli({"report", dir.file("run.h5")});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_NE(shown.out.find("piqa"), std::string::npos) << shown.out;
    EXPECT_NE(shown.out.find("winogrande"), std::string::npos) << shown.out;
}

TEST(TasksCli, RefusesBadTaskDataWithOneLineAndWritesNothing) {
    TempDir dir;
    const std::string out = dir.file("run.h5");
    auto tasks = [&](const std::vector<std::string>& extra) {
        std::vector<std::string> args{"tasks", "default", "--ctx", "64", "--windows", "1", "-o", out};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_cli(args);
    };
    expect_refused(tasks({"--tasks", "boolq", "--data", kData}), "unknown task 'boolq'");
    expect_refused(tasks({"--tasks", "piqa", "--data", dir.file("none")}), "task data folder does not exist");
    expect_refused(tasks({"--tasks", "arc_easy", "--data", dir.str()}), "no arc_easy test file");
    std::filesystem::create_directories(dir.path() / "arc");
    std::ofstream(dir.file("arc/ARC-Easy-Test.jsonl")) << "{\"question\": \n";
    expect_refused(tasks({"--tasks", "arc_easy", "--data", dir.str()}), "ARC-Easy-Test.jsonl:1: not valid JSON");
    expect_refused(tasks({"--tasks", "mmlu", "--data", kData, "--shots", "6"}), "fewer than the 6 shots asked");
    EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace rs
