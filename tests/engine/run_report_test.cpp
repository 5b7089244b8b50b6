// The HDF5 run report of `quantize` / `compare`: an exact write/read round trip of a report built
// by hand (several runs, +inf SQNR, a run without weights or linears), the summary tables as
// h5dump sees them, foreign, truncated and randomly damaged files, and the atomic write.
//
// Suites are named report_run_* so that `ctest -R report` selects them.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "report/census_report.h"
#include "report/run_report.h"
#include "rotate/rotation.h"
#include "support/damaged_reports.h"
#include "support/temp_dir.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_bytes(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

std::vector<std::string> dir_entries(const fs::path& d) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(d)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

ErrorHistogram random_histogram(std::mt19937& rng) {
    ErrorHistogram h;
    std::uniform_int_distribution<int64_t> count(0, 1000000);
    h.counts.resize(ErrorHistogram::kBins);
    for (int64_t& c : h.counts) c = count(rng);
    h.rms = 0.25 + count(rng) * 1e-6;
    h.below = count(rng);
    h.above = count(rng);
    h.zeros = count(rng);
    h.max_abs = 3.0 + count(rng) * 1e-7;
    return h;
}

LogitComparison random_metrics(std::mt19937& rng, const PplPair& reference) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    LogitComparison m;
    m.reference = reference;
    m.candidate = {reference.full + 10 * u(rng), reference.llamacpp + 10 * u(rng), u(rng)};
    m.kl = {u(rng), 5 + u(rng), u(rng) / 10, u(rng) / 5, u(rng), 2 + u(rng), 4096};
    m.top1_agreement = u(rng);
    m.scored_tokens = 4088;
    m.windows = 8;
    m.seconds = 3.25;
    return m;
}

// Three runs that between them cover what a report can hold: weights with an exact (+inf SQNR)
// linear, a run with neither weights nor probe, and a run with weights but no linears.
RunReport synthetic_run_report(uint32_t seed) {
    std::mt19937 rng(seed);
    RunReport r;
    r.meta.tool = "rotoscope";
    r.meta.tool_version = "9.8.7";
    r.meta.git_commit = "abc1234";
    r.meta.created_utc = "2026-11-23T01:22:05Z";
    r.meta.backend = "cpu";
    r.meta.threads = 2;
    r.meta.config_json = R"({"command":"compare","name":"ünïcode ✓"})";
    r.meta.schema = kRunReportSchema;

    ModelIdentity& id = r.model;
    id.cfg = testing::tiny_config(Arch::Qwen3);
    id.cfg.tied_embeddings = true;
    id.source = {"/models/tiny.gguf", "gguf", "Tiny", 33, {{"F32", 30}, {"Q8_0", 3}}, 1234567LL, "llama_ftype 7"};
    id.files = {{"/models/tiny.gguf", "00ff", 1234}};
    id.linears = {{0, "q_proj", 64, 48, "Q8_0"}, {-1, "lm_head", 61, 48, "F32"}};

    r.name = "w4a4-matrix";
    r.eval = {"wikitext2", 512, 8, 256};
    r.corpus_name = "wikitext2";
    r.corpus_path = "/data/wiki.test.raw";
    r.corpus_sha256 = std::string(64, 'a');
    r.eval_tokens = 4096;
    r.reference = {12.5, 13.25, 0.125};
    r.seeds = {0, 1, 0xfedcba98u};

    RunResult a;
    a.recipe.rotation.r1 = {RotationKind::RandomHadamard, 0, 7};
    a.recipe.rotation.r1_on = true;
    a.recipe.rotation.r2 = {RotationKind::Hadamard, 0, 0};
    a.recipe.rotation.r2_on = true;
    a.recipe.rotation.r4 = {RotationKind::BlockHadamard, 16, 0};
    a.recipe.rotation.r4_on = true;
    a.recipe.weights = quant::parse_format_spec("int4:channel:mse");
    a.recipe.activations = quant::parse_format_spec("int4:token:clip0.9");
    a.name = "R1 rhadamard:seed=7 + R2 hadamard + R4 block16 · W int4 A int4";
    a.group = "R1 rhadamard + R2 hadamard + R4 block16 · W int4 A int4";
    a.seed = 7;
    a.metrics = random_metrics(rng, r.reference);
    a.fuse.plan = a.recipe.rotation;
    a.fuse.r1_order = 48;
    a.fuse.r2_order = 16;
    a.fuse.r4_order = 80;
    a.fuse.norms_folded = 5;
    WeightQuantReport w;
    w.spec = *a.recipe.weights;
    w.linears = {{0, Role::AttnQ, "q_proj", 64, 48, 0.125, 18.0}, {0, Role::FfnDown, "down_proj", 48, 80, 0.0, kInf},
                 {-1, Role::LmHead, "lm_head", 61, 48, 0.25, 12.0}};
    a.weights = w;
    const std::pair<Role, LinearInput> probed[] = {{Role::AttnQ, LinearInput::QKV}, {Role::AttnO, LinearInput::O},
                                                   {Role::FfnUp, LinearInput::GateUp}, {Role::FfnDown, LinearInput::Down},
                                                   {Role::LmHead, LinearInput::LmHead}};
    int layer = 0;
    for (const auto& [role, site] : probed) {
        LinearError e;
        e.layer = role == Role::LmHead ? -1 : layer++ % 2;
        e.role = role;
        e.site = site;
        e.output_rel_error = 0.01 * layer;
        e.output_sqnr_db = role == Role::FfnDown ? kInf : 20.0 + layer;
        e.input_rel_error = 0.1 / (1 + layer);
        e.weight_rel_error = role == Role::FfnDown ? 0.0 : 0.07;
        e.input_error = random_histogram(rng);
        e.weight_error = random_histogram(rng);
        a.linears.push_back(e);
    }
    a.seconds_prepare = 1.5;
    a.seconds_eval = 2.75;

    RunResult b;
    b.recipe.name = "baseline";
    b.name = "baseline";
    b.group = "baseline";
    b.seed = -1;
    b.metrics = random_metrics(rng, r.reference);
    b.seconds_eval = 0.5;

    RunResult c;
    c.recipe.name = "smoothed kv";
    c.recipe.rotation.r3 = {RotationKind::Hadamard, 0, 0};
    c.recipe.rotation.r3_on = true;
    c.recipe.smooth.on = true;
    c.recipe.smooth.alpha = 0.35;
    c.recipe.weights = quant::parse_format_spec("nvfp4");
    c.recipe.kv = quant::parse_format_spec("int4:asym:clip0.95");
    c.recipe.quantize_lm_head = true;
    c.name = "smoothed kv";
    c.group = "smoothed kv";
    c.seed = -1;
    c.metrics = random_metrics(rng, r.reference);
    c.fuse.plan = c.recipe.rotation;
    c.fuse.r3_order = 16;
    c.weights = WeightQuantReport{*c.recipe.weights, {}};
    r.runs = {a, b, c};
    return r;
}

void expect_same_histogram(const ErrorHistogram& a, const ErrorHistogram& b) {
    EXPECT_EQ(a.rms, b.rms);
    EXPECT_EQ(a.counts, b.counts);
    EXPECT_EQ(a.below, b.below);
    EXPECT_EQ(a.above, b.above);
    EXPECT_EQ(a.zeros, b.zeros);
    EXPECT_EQ(a.max_abs, b.max_abs);
}

void expect_same_metrics(const LogitComparison& a, const LogitComparison& b) {
    EXPECT_EQ(a.reference.full, b.reference.full);
    EXPECT_EQ(a.reference.llamacpp, b.reference.llamacpp);
    EXPECT_EQ(a.reference.full_stderr, b.reference.full_stderr);
    EXPECT_EQ(a.candidate.full, b.candidate.full);
    EXPECT_EQ(a.candidate.llamacpp, b.candidate.llamacpp);
    EXPECT_EQ(a.candidate.full_stderr, b.candidate.full_stderr);
    EXPECT_EQ(a.kl.mean, b.kl.mean);
    EXPECT_EQ(a.kl.max, b.kl.max);
    EXPECT_EQ(a.kl.p50, b.kl.p50);
    EXPECT_EQ(a.kl.p90, b.kl.p90);
    EXPECT_EQ(a.kl.p99, b.kl.p99);
    EXPECT_EQ(a.kl.p999, b.kl.p999);
    EXPECT_EQ(a.kl.count, b.kl.count);
    EXPECT_EQ(a.top1_agreement, b.top1_agreement);
    EXPECT_EQ(a.scored_tokens, b.scored_tokens);
    EXPECT_EQ(a.windows, b.windows);
    EXPECT_EQ(a.seconds, b.seconds);
}

void expect_same_run(const RunResult& a, const RunResult& b) {
    SCOPED_TRACE(a.name);
    EXPECT_TRUE(a.recipe == b.recipe) << recipe_display_name(a.recipe) << " vs " << recipe_display_name(b.recipe);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.group, b.group);
    EXPECT_EQ(a.seed, b.seed);
    expect_same_metrics(a.metrics, b.metrics);
    EXPECT_TRUE(a.fuse.plan.r1 == b.fuse.plan.r1 && a.fuse.plan.r2 == b.fuse.plan.r2 && a.fuse.plan.r3 == b.fuse.plan.r3 &&
                a.fuse.plan.r4 == b.fuse.plan.r4);
    EXPECT_EQ(a.fuse.plan.r1_on, b.fuse.plan.r1_on);
    EXPECT_EQ(a.fuse.plan.r2_on, b.fuse.plan.r2_on);
    EXPECT_EQ(a.fuse.plan.r3_on, b.fuse.plan.r3_on);
    EXPECT_EQ(a.fuse.plan.r4_on, b.fuse.plan.r4_on);
    EXPECT_EQ(a.fuse.r1_order, b.fuse.r1_order);
    EXPECT_EQ(a.fuse.r2_order, b.fuse.r2_order);
    EXPECT_EQ(a.fuse.r3_order, b.fuse.r3_order);
    EXPECT_EQ(a.fuse.r4_order, b.fuse.r4_order);
    EXPECT_EQ(a.fuse.norms_folded, b.fuse.norms_folded);
    ASSERT_EQ(a.weights.has_value(), b.weights.has_value());
    if (a.weights) {
        EXPECT_TRUE(a.weights->spec == b.weights->spec);
        ASSERT_EQ(a.weights->linears.size(), b.weights->linears.size());
        for (size_t i = 0; i < a.weights->linears.size(); ++i) {
            const LinearQuantError &x = a.weights->linears[i], &y = b.weights->linears[i];
            EXPECT_EQ(x.layer, y.layer);
            EXPECT_EQ(x.role, y.role);
            EXPECT_STREQ(x.role_name, y.role_name);
            EXPECT_EQ(x.rows, y.rows);
            EXPECT_EQ(x.cols, y.cols);
            EXPECT_EQ(x.rel_error, y.rel_error);
            EXPECT_EQ(x.sqnr_db, y.sqnr_db);
        }
    }
    ASSERT_EQ(a.linears.size(), b.linears.size());
    for (size_t i = 0; i < a.linears.size(); ++i) {
        const LinearError &x = a.linears[i], &y = b.linears[i];
        EXPECT_EQ(x.layer, y.layer);
        EXPECT_EQ(x.role, y.role);
        EXPECT_EQ(x.site, y.site);
        EXPECT_EQ(x.output_rel_error, y.output_rel_error);
        EXPECT_EQ(x.output_sqnr_db, y.output_sqnr_db);
        EXPECT_EQ(x.input_rel_error, y.input_rel_error);
        EXPECT_EQ(x.weight_rel_error, y.weight_rel_error);
        expect_same_histogram(x.input_error, y.input_error);
        expect_same_histogram(x.weight_error, y.weight_error);
    }
    EXPECT_EQ(a.seconds_prepare, b.seconds_prepare);
    EXPECT_EQ(a.seconds_eval, b.seconds_eval);
}

template <class F>
void expect_bad_input(F f, const std::string& path, const std::string& needle) {
    std::string message;
    ErrorKind kind = ErrorKind::Runtime;
    bool threw = false;
    try {
        f();
    } catch (const Error& e) {
        threw = true;
        kind = e.kind();
        message = e.what();
    }
    ASSERT_TRUE(threw) << "no error for " << path;
    EXPECT_EQ(kind, ErrorKind::BadInput) << message;
    EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
    EXPECT_NE(message.find(needle), std::string::npos) << "'" << message << "' lacks '" << needle << "'";
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

// ------------------------------------------------------------------ round trip

TEST(report_run_file, RoundTripIsExact) {
    TempDir dir;
    const RunReport r = synthetic_run_report(42);
    const std::string path = dir.file("runs.h5");
    std::vector<int64_t> written;
    write_run_report(path, r, Progress{[&](const ProgressStep& step_) { const std::string stage = progress_label(step_); const int64_t done = step_.done; const int64_t total = step_.total;
                         EXPECT_EQ(stage, "writing report");
                         EXPECT_EQ(total, 3);
                         written.push_back(done);
                     }});
    EXPECT_EQ(written, (std::vector<int64_t>{0, 1, 2, 3}));
    EXPECT_TRUE(is_run_report(path));
    EXPECT_EQ(dir_entries(dir.path()), std::vector<std::string>{"runs.h5"});

    std::vector<int64_t> read_steps;
    const RunReport b = read_run_report(path, Progress{[&](const ProgressStep& step_) { const std::string stage = progress_label(step_); const int64_t done = step_.done;
                                            EXPECT_EQ(stage, "reading report");
                                            read_steps.push_back(done);
                                        }});
    EXPECT_EQ(read_steps, (std::vector<int64_t>{0, 1, 2, 3}));
    EXPECT_EQ(b.meta.tool, r.meta.tool);
    EXPECT_EQ(b.meta.tool_version, r.meta.tool_version);
    EXPECT_EQ(b.meta.git_commit, r.meta.git_commit);
    EXPECT_EQ(b.meta.created_utc, r.meta.created_utc);
    EXPECT_EQ(b.meta.backend, r.meta.backend);
    EXPECT_EQ(b.meta.threads, r.meta.threads);
    EXPECT_EQ(b.meta.config_json, r.meta.config_json);
    EXPECT_EQ(b.meta.schema, kRunReportSchema);
    EXPECT_EQ(b.model.cfg.arch, Arch::Qwen3);
    EXPECT_EQ(b.model.cfg.head_dim, r.model.cfg.head_dim);
    EXPECT_EQ(b.model.cfg.qk_norm, true);
    EXPECT_EQ(b.model.source.dtype_counts, r.model.source.dtype_counts);
    ASSERT_EQ(b.model.linears.size(), 2u);
    EXPECT_EQ(b.model.linears[1].role, "lm_head");
    EXPECT_EQ(b.name, r.name);
    EXPECT_TRUE(b.eval == r.eval);
    EXPECT_EQ(b.corpus_name, r.corpus_name);
    EXPECT_EQ(b.corpus_path, r.corpus_path);
    EXPECT_EQ(b.corpus_sha256, r.corpus_sha256);
    EXPECT_EQ(b.eval_tokens, r.eval_tokens);
    EXPECT_EQ(b.reference.full, r.reference.full);
    EXPECT_EQ(b.reference.llamacpp, r.reference.llamacpp);
    EXPECT_EQ(b.reference.full_stderr, r.reference.full_stderr);
    EXPECT_EQ(b.seeds, r.seeds);
    ASSERT_EQ(b.runs.size(), r.runs.size());
    for (size_t i = 0; i < r.runs.size(); ++i) expect_same_run(r.runs[i], b.runs[i]);
    EXPECT_EQ(b.runs[0].linears[3].output_sqnr_db, kInf);
    EXPECT_EQ(b.runs[0].weights->linears[1].sqnr_db, kInf);
    EXPECT_FALSE(b.runs[1].weights.has_value());
    EXPECT_TRUE(b.runs[1].linears.empty());
    EXPECT_TRUE(b.runs[2].weights->linears.empty());
}

TEST(report_run_file, EmptyReportRoundTrips) {
    TempDir dir;
    RunReport r;
    r.meta = make_report_meta("cpu", "{}");
    r.model.cfg = testing::tiny_config(Arch::Llama);
    const std::string path = dir.file("empty.h5");
    write_run_report(path, r);
    const RunReport b = read_run_report(path);
    EXPECT_TRUE(b.runs.empty());
    EXPECT_TRUE(b.seeds.empty());
    EXPECT_EQ(b.name, "");
    EXPECT_EQ(b.meta.created_utc, r.meta.created_utc);
}

// The summary tables, as an outside tool reads them: one row per run, one per group.
TEST(report_run_file, H5dumpShowsTheSummaryTables) {
    if (std::system("command -v h5dump > /dev/null 2>&1") != 0) GTEST_SKIP() << "h5dump not installed";
    TempDir dir;
    RunReport r = synthetic_run_report(3);
    // Two seeds of one group, to check the mean and the sample standard deviation by hand.
    r.runs[1].group = r.runs[0].group;
    r.runs[1].name = "second seed";
    r.runs[0].metrics.candidate.full = 10.0;
    r.runs[1].metrics.candidate.full = 14.0;
    const std::string path = dir.file("dump.h5"), out = dir.file("dump.txt");
    write_run_report(path, r);
    ASSERT_EQ(std::system(("h5dump -d /summary '" + path + "' > '" + out + "' 2>&1").c_str()), 0) << read_bytes(out);
    const std::string summary = read_bytes(out);
    EXPECT_NE(summary.find("DATASPACE  SIMPLE { ( 3 ) / ( 3 ) }"), std::string::npos) << summary;
    // h5dump shows the NUL padding of fixed-length strings.
    EXPECT_NE(summary.find("\"second seed\\000"), std::string::npos) << summary;
    EXPECT_NE(summary.find("\"W4A4KV16\\000"), std::string::npos) << summary;
    EXPECT_EQ(summary.find("H5T_VARIABLE"), std::string::npos) << summary;

    ASSERT_EQ(std::system(("h5dump -d /summary_groups '" + path + "' > '" + out + "' 2>&1").c_str()), 0) << read_bytes(out);
    const std::string groups = read_bytes(out);
    EXPECT_NE(groups.find("DATASPACE  SIMPLE { ( 2 ) / ( 2 ) }"), std::string::npos) << groups;
    // mean(10, 14) = 12, sample std = sqrt(8) = 2.82843.
    EXPECT_NE(groups.find("12,"), std::string::npos) << groups;
    EXPECT_NE(groups.find("2.82843"), std::string::npos) << groups;

    ASSERT_EQ(std::system(("h5dump -H '" + path + "' > '" + out + "' 2>&1").c_str()), 0) << read_bytes(out);
    const std::string header = read_bytes(out);
    for (const char* name : {"GROUP \"run_000\"", "GROUP \"run_002\"", "DATASET \"input_histograms\"", "DATASET \"weights\"",
                             "GROUP \"eval\"", "GROUP \"meta\"", "GROUP \"model\"", "DATASET \"seeds\""})
        EXPECT_NE(header.find(name), std::string::npos) << name;
    EXPECT_NE(header.find("H5T_STD_I64LE"), std::string::npos);
}

// ------------------------------------------------------------------ bad input

TEST(report_run_bad_input, ForeignAndMissingFiles) {
    TempDir dir;
    const std::string missing = dir.file("missing.h5");
    expect_bad_input([&] { read_run_report(missing); }, missing, "no such file");
    EXPECT_FALSE(is_run_report(missing));
    const std::string text = dir.file("text.h5");
    write_bytes(text, "this is not HDF5 at all, just some text that is long enough to have a superblock\n");
    expect_bad_input([&] { read_run_report(text); }, text, "not an HDF5 file");
    EXPECT_FALSE(is_run_report(text));
    expect_bad_input([&] { read_run_report(dir.str()); }, dir.str(), "directory");
    EXPECT_FALSE(is_run_report(dir.str()));

    // A census report is HDF5 and Rotoscope's, but not a run report, and the other way round.
    CensusReport census;
    census.meta = make_report_meta("cpu", "{}");
    census.census.calibration.ctx = 4;
    const std::string census_path = dir.file("census.h5");
    write_census_report(census_path, census);
    EXPECT_FALSE(is_run_report(census_path));
    expect_bad_input([&] { read_run_report(census_path); }, census_path, "not a Rotoscope run report");
    const std::string run_path = dir.file("run.h5");
    write_run_report(run_path, synthetic_run_report(1));
    expect_bad_input([&] { read_census_report(run_path); }, run_path, "not a Rotoscope census report");
}

TEST(report_run_bad_input, TruncatedReports) {
    TempDir dir;
    const std::string good = dir.file("good.h5");
    write_run_report(good, synthetic_run_report(5));
    const std::string bytes = read_bytes(good);
    const size_t n = bytes.size();
    ASSERT_GT(n, 4096u);
    for (size_t len : {size_t{1}, size_t{8}, size_t{96}, size_t{700}, size_t{2048}, n / 5, n / 3, n / 2, 4 * n / 5, n - 1}) {
        const std::string cut = dir.file("cut-" + std::to_string(len) + ".h5");
        write_bytes(cut, bytes.substr(0, len));
        expect_bad_input([&] { read_run_report(cut); }, cut, len < 8 ? "not an HDF5 file" : "corrupt HDF5 (");
    }
}

TEST(report_run_write, InconsistentRunsAreRefusedBeforeWriting) {
    TempDir dir;
    RunReport r = synthetic_run_report(2);
    r.runs[0].linears[1].input_error.counts.resize(17);
    const std::string path = dir.file("bad.h5");
    try {
        write_run_report(path, r);
        FAIL() << "not refused";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Runtime);
        EXPECT_NE(std::string(e.what()).find("17 bins"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(dir_entries(dir.path()).empty());
}

TEST(report_run_write, MissingDirectoryAndCancelLeaveNothing) {
    TempDir dir;
    const RunReport r = synthetic_run_report(6);
    const std::string nowhere = (dir.path() / "no" / "such" / "runs.h5").string();
    expect_bad_input([&] { write_run_report(nowhere, r); }, nowhere, "does not exist");
    EXPECT_TRUE(dir_entries(dir.path()).empty());

    const std::string path = dir.file("runs.h5");
    write_bytes(path, "the previous report");
    CancelToken token;
    const Progress cancel_after_two{[&token](const ProgressStep& step_) { const int64_t done = step_.done;
                                        if (done == 2) token.cancel();
                                    },
                                    &token};
    try {
        write_run_report(path, r, cancel_after_two);
        FAIL() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
    }
    EXPECT_EQ(dir_entries(dir.path()), std::vector<std::string>{"runs.h5"});
    EXPECT_EQ(read_bytes(path), "the previous report");
}

// ------------------------------------------------------------------ fuzzing

// Most variants flip 1-8 bytes anywhere, every fourth overwrites 16 bytes with noise. Each
// damaged file must read back or be refused with a one-line BadInput naming it.
// ROTOSCOPE_FUZZ_VARIANTS / ROTOSCOPE_FUZZ_SEED widen the search.
TEST(report_run_bad_input, RandomlyDamagedReportsNeverCrash) {
    TempDir dir;
    const std::string good = dir.file("good.h5");
    write_run_report(good, synthetic_run_report(8));
    testing::expect_damaged_copies_never_crash(good, "run reports", [](const std::string& path) {
        read_run_report(path);
        is_run_report(path);  // must survive the same file
    });
}

}  // namespace
}  // namespace rs
