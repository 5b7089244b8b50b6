// rotoscope-cli quantize / compare / report end to end on a tiny generated model and a text
// corpus: the report against a direct QuantizeSession run and an independent perplexity, the
// refusal of bad arguments before any work (and of impossible recipes before any evaluation),
// the summary table and CSV of a matrix, and Ctrl-C.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "backend/backend.h"
#include "eval/perplexity.h"
#include "experiment/experiment_config.h"
#include "model/loader.h"
#include "pipeline/quantize.h"
#include "report/model_identity.h"
#include "report/run_report.h"
#include "rotate/hadamard.h"
#include "rotate/rotation.h"
#include "runtime/forward.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"
#include "support/tiny_gguf.h"
#include "tokenizer/tokenizer.h"

namespace rs {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using testing::run_cli;

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A Llama with d_model 32 (4 heads of 8, 2 KV heads) and d_ff 184 = 8 * 23: the engine knows no
// Hadamard matrix of order 184 (checked below) and neither 16 nor 32 divides it, which gives the
// impossible recipes below.
constexpr int kFf = 184;
void write_test_model(const std::string& path, int d_model = 32, int d_ff = kFf, int n_layers = 2) {
    ModelConfig c = testing::tiny_config(Arch::Llama);
    c.d_model = d_model;
    c.n_layers = n_layers;
    c.n_heads = 4;
    c.n_kv_heads = 2;
    c.head_dim = d_model / 4;
    c.d_ff = d_ff;
    c.n_vocab = 260;
    c.tied_embeddings = true;
    const Model m = testing::random_model(c, 11);
    testing::write_model_gguf(m, "llama", path, [](GgufWriter& w) { testing::add_tiny_byte_bpe_tokenizer(w, false); });
}

size_t count_lines(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

bool near_rel(double a, double b, double tol) { return std::fabs(a - b) <= tol * std::max(std::fabs(a), std::fabs(b)); }

class QuantizeCliTest : public ::testing::Test {
protected:
    void SetUp() override {
        model_ = dir_.file("tiny.gguf");
        write_test_model(model_);
        corpus_ = dir_.file("corpus.txt");
        testing::write_tiny_corpus(corpus_, 300);
    }
    std::vector<std::string> quantize_args(const std::string& out) const {
        return {"quantize", model_,   "--text-file", corpus_, "--ctx", "32", "--windows", "3", "--probe-tokens", "16",
                "--r1",     "hadamard", "--r2",     "hadamard", "--r4", "block8", "--w", "int4:channel", "--a", "int4:token",
                "--kv",     "int8:asym", "-o",     out,      "--json"};
    }
    // The recipe quantize_args asks for, built without the CLI.
    static Recipe expected_recipe() {
        Recipe r;
        r.rotation.r1 = parse_rotation("hadamard");
        r.rotation.r1_on = true;
        r.rotation.r2 = parse_rotation("hadamard");
        r.rotation.r2_on = true;
        r.rotation.r4 = parse_rotation("block8");
        r.rotation.r4_on = true;
        r.weights = quant::parse_format_spec("int4:channel");
        r.activations = quant::parse_format_spec("int4:token");
        r.kv = quant::parse_format_spec("int8:asym");
        return r;
    }
    std::string write_matrix(const std::string& name, const json& j) const {
        const std::string p = dir_.file(name);
        std::ofstream(p) << j.dump(2);
        return p;
    }
    json small_matrix() const {
        return {{"name", "tiny-matrix"},
                {"eval", {{"corpus", corpus_}, {"ctx", 32}, {"windows", 2}, {"probe_tokens", 8}}},
                {"rotations", json::array({"none", json{{"r1", "rhadamard"}, {"r2", "hadamard"}, {"r4", "block8"}}})},
                {"formats", json::array({"int4", json{{"w", "int8"}, {"a", "int8:token"}}})},
                {"seeds", {0, 1}}};
    }
    testing::TempDir dir_{"rs-quantize-cli"};
    std::string model_, corpus_;
};

TEST_F(QuantizeCliTest, ReportMatchesADirectRunAndAnIndependentPerplexity) {
    const std::string out = dir_.file("run.h5");
    const auto r = run_cli(quantize_args(out));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json j = json::parse(r.out);
    ASSERT_TRUE(fs::exists(out));
    EXPECT_TRUE(is_run_report(out));

    const RunReport rep = read_run_report(out);
    ASSERT_EQ(rep.runs.size(), 1u);
    const RunResult& got = rep.runs[0];
    EXPECT_TRUE(got.recipe == expected_recipe()) << recipe_display_name(got.recipe);
    EXPECT_EQ(got.seed, -1);
    EXPECT_TRUE(rep.seeds.empty());
    EXPECT_EQ(rep.eval.ctx, 32);
    EXPECT_EQ(rep.eval.windows, 3);
    EXPECT_EQ(rep.eval.probe_tokens, 16);
    EXPECT_EQ(rep.eval_tokens, 3 * 32);
    EXPECT_EQ(rep.corpus_path, corpus_);
    EXPECT_EQ(rep.corpus_sha256, sha256_file(corpus_));
    ASSERT_EQ(rep.model.files.size(), 1u);
    EXPECT_EQ(rep.model.files[0].sha256, sha256_file(model_));
    EXPECT_EQ(rep.meta.backend, "cpu");
    // The stored configuration is the experiment itself: it parses back to this one recipe.
    const ExperimentConfig stored = experiment_from_json(json::parse(rep.meta.config_json), "config");
    ASSERT_EQ(stored.matrix.recipes.size(), 1u);
    EXPECT_TRUE(stored.matrix.recipes[0] == expected_recipe());
    EXPECT_EQ(stored.matrix.eval, rep.eval);
    EXPECT_FALSE(rep.meta.build.empty());
    EXPECT_FALSE(rep.meta.cpu.empty());
    EXPECT_EQ(got.fuse.r1_order, 32);
    EXPECT_EQ(got.fuse.r4_order, kFf);
    ASSERT_TRUE(got.weights.has_value());
    EXPECT_EQ(got.weights->linears.size(), 2u * 7);
    EXPECT_EQ(got.linears.size(), 2u * 7);
    for (const LinearError& e : got.linears) {
        EXPECT_GT(e.output_rel_error, 0) << role_name(e.role);
        EXPECT_GT(e.weight_rel_error, 0) << role_name(e.role);
        int64_t total = e.input_error.below + e.input_error.above;
        for (int64_t c : e.input_error.counts) total += c;
        EXPECT_GT(total, 0);
    }
    // What the CLI printed is what it wrote.
    EXPECT_EQ(j["ppl_full"].get<double>(), got.metrics.candidate.full);
    EXPECT_EQ(j["reference"]["ppl_full"].get<double>(), rep.reference.full);
    EXPECT_EQ(j["kl"]["mean"].get<double>(), got.metrics.kl.mean);
    EXPECT_EQ(j["worst_linears"].size(), 5u);

    // The same recipe through the engine directly.
    const Model model = load_model(model_);
    const auto tokenizer = make_tokenizer(model.tokenizer);
    const auto backend = make_cpu_backend();
    QuantizeSession session(model, *tokenizer, *backend, EvalSettings{corpus_, 32, 3, 16});
    const RunResult direct = session.run(expected_recipe());
    const LogitComparison &a = direct.metrics, &b = got.metrics;
    EXPECT_TRUE(near_rel(a.candidate.full, b.candidate.full, 1e-9)) << a.candidate.full << " vs " << b.candidate.full;
    EXPECT_TRUE(near_rel(a.candidate.llamacpp, b.candidate.llamacpp, 1e-9));
    EXPECT_TRUE(near_rel(a.reference.full, b.reference.full, 1e-9));
    EXPECT_TRUE(near_rel(a.kl.mean, b.kl.mean, 1e-6));
    EXPECT_TRUE(near_rel(a.kl.max, b.kl.max, 1e-6));
    EXPECT_EQ(a.top1_agreement, b.top1_agreement);
    EXPECT_EQ(a.scored_tokens, b.scored_tokens);
    ASSERT_EQ(direct.linears.size(), got.linears.size());
    for (size_t i = 0; i < got.linears.size(); ++i) {
        EXPECT_TRUE(near_rel(direct.linears[i].output_rel_error, got.linears[i].output_rel_error, 1e-6)) << i;
        EXPECT_EQ(direct.linears[i].weight_error.counts, got.linears[i].weight_error.counts) << i;
    }

    // The reference perplexity is the unquantized model's Full-protocol perplexity on those tokens.
    Forward forward(model, *backend);
    PplOptions opt;
    opt.ctx = 32;
    opt.max_windows = 3;
    const PplResult ppl = perplexity(forward, session.eval_tokens(), opt);
    EXPECT_TRUE(near_rel(ppl.ppl, rep.reference.full, 1e-6)) << ppl.ppl << " vs " << rep.reference.full;
    EXPECT_EQ(ppl.windows, 3);
    // Quantizing to 4 bits changes the predictions: the quantized perplexity differs and KL > 0.
    EXPECT_NE(b.candidate.full, b.reference.full);
    EXPECT_GT(b.kl.mean, 0);
}

TEST_F(QuantizeCliTest, TextOutputAndTheReportCommand) {
    const std::string out = dir_.file("run.h5");
    std::vector<std::string> args = quantize_args(out);
    args.pop_back();  // no --json
    const auto r = run_cli(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* needle : {"recipe", "reference PPL", "quantized PPL", "ΔPPL", "KL (nats)", "top-1", "worst output SQNR", "report"})
        EXPECT_NE(r.out.find(needle), std::string::npos) << needle << "\n" << r.out;

    const auto t = run_cli({"report", out});
    ASSERT_EQ(t.exit_code, 0) << t.err;
    EXPECT_NE(t.out.find("quantized PPL"), std::string::npos) << t.out;
    EXPECT_NE(t.out.find("model"), std::string::npos) << t.out;
    const auto js = run_cli({"report", out, "--json"});
    ASSERT_EQ(js.exit_code, 0) << js.err;
    const json j = json::parse(js.out);
    const RunReport rep = read_run_report(out);
    EXPECT_EQ(j["kind"], "run");
    ASSERT_EQ(j["runs"].size(), 1u);
    EXPECT_EQ(j["runs"][0]["ppl_full"].get<double>(), rep.runs[0].metrics.candidate.full);
}

TEST_F(QuantizeCliTest, RecipeFileAndFlagsCombine) {
    const std::string recipe = dir_.file("recipe.json");
    std::ofstream(recipe) << R"({"name": "from-file", "rotation": "none", "w": "int8", "a": "int8:token", "kv": "int4:asym"})";
    const auto r = run_cli({"quantize", model_, "--recipe", recipe, "--rotation", "rhadamard:seed=3", "--r4", "block8", "--kv",
                            "none", "--text-file", corpus_, "--ctx", "16", "--windows", "2", "--probe-tokens", "0", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json j = json::parse(r.out);
    EXPECT_EQ(j["name"], "from-file");
    EXPECT_EQ(j["seed"], 3);
    auto rotation = [&](const char* key) { return parse_rotation(j["recipe"]["rotation"][key].get<std::string>()); };
    EXPECT_TRUE(rotation("r1") == parse_rotation("rhadamard:seed=3"));
    EXPECT_TRUE(rotation("r2") == parse_rotation("rhadamard:seed=3"));
    EXPECT_TRUE(rotation("r4") == parse_rotation("block8"));
    EXPECT_FALSE(j["recipe"].contains("kv"));
    EXPECT_EQ(j["recipe"]["w"], "int8");
    EXPECT_EQ(j["bits"], "W8A8KV16");
    EXPECT_TRUE(j["worst_linears"].empty());  // probe off
}

TEST_F(QuantizeCliTest, BadArgumentsAreRefusedBeforeTheModelLoads) {
    // The model does not exist: an error about anything else proves it was never opened.
    const std::string missing_model = dir_.file("missing.gguf");
    const std::string out = dir_.file("never.h5");
    const std::string malformed = dir_.file("malformed.json"), unknown = dir_.file("unknown-key.json");
    std::ofstream(malformed) << R"({"rotation": "hadamard", "w": )";
    std::ofstream(unknown) << R"({"rotation": "hadamard", "weights": "int4"})";
    struct Case {
        std::vector<std::string> extra;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{"--w", "int5"}, "--w: format \"int5\""},
        {{"--format", "mxfp4:g32"}, "--format"},
        {{"--kv", "fp8_e4m3:asym"}, "--kv"},
        {{"--rotation", "hadamrd"}, "--rotation"},
        {{"--r3", "quaternion"}, "--r3"},
        {{"--smooth-alpha", "1.5"}, "smooth.alpha"},
        {{"--smooth-sites", "down,up"}, "smooth.sites"},
        {{"--recipe", malformed}, malformed + ": not valid JSON"},
        {{"--recipe", unknown}, "weights: unknown key"},
        {{"--recipe", dir_.file("absent.json")}, "absent.json"},
        {{"-o", dir_.file("no/such/dir/r.h5")}, "directory does not exist"},
        {{"-o", dir_.str()}, "is a directory"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args = {"quantize", missing_model, "--text-file", corpus_};
        args.insert(args.end(), c.extra.begin(), c.extra.end());
        if (std::find(args.begin(), args.end(), "-o") == args.end()) args.insert(args.end(), {"-o", out});
        const auto r = run_cli(args);
        EXPECT_EQ(r.exit_code, 2) << c.message << ": " << r.err;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
        EXPECT_EQ(count_lines(r.err), 1u) << r.err;
        EXPECT_EQ(r.err.find("missing.gguf"), std::string::npos) << "the model was opened: " << r.err;
        EXPECT_FALSE(fs::exists(out));
    }
    const auto r = run_cli({"quantize", missing_model, "--text-file", dir_.file("missing.txt"), "-o", out});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("missing.txt"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST_F(QuantizeCliTest, ImpossibleRecipesAreRefusedBeforeAnyEvaluation) {
    ASSERT_FALSE(find_hadamard_split(kFf).has_value()) << "the test needs a d_ff without a Hadamard construction";
    const std::string out = dir_.file("never.h5");
    struct Case {
        std::vector<std::string> flags;
        std::vector<std::string> message;  // all of these
    };
    const std::vector<Case> cases = {
        {{"--rotation", "hadamard"}, {"184"}},                    // R4: no Hadamard of order 184
        {{"--r4", "block16"}, {"16", "184"}},                     // 184 is not a multiple of 16
        {{"--format", "mxfp4"}, {"mxfp4", "184", "32"}},          // MX blocks of 32 along d_ff
        {{"--w", "int4:g48"}, {"int4:g48", "48"}},                // groups of 48 along d_model 32
        {{"--kv", "nvfp4"}, {"head_dim", "8", "16"}},             // KV blocks of 16 along head_dim 8
    };
    for (const auto& c : cases) {
        std::vector<std::string> args = {"quantize", model_, "--text-file", corpus_, "--ctx", "32", "--windows", "2", "-o", out};
        args.insert(args.end(), c.flags.begin(), c.flags.end());
        const auto r = run_cli(args);
        EXPECT_EQ(r.exit_code, 2) << c.flags[1] << ": " << r.err;
        EXPECT_EQ(count_lines(r.err), 1u) << r.err;
        EXPECT_NE(r.err.find("recipe"), std::string::npos) << r.err;
        for (const std::string& m : c.message) EXPECT_NE(r.err.find(m), std::string::npos) << m << " in " << r.err;
        EXPECT_FALSE(fs::exists(out));
    }
    // A context the model does not have.
    const auto r = run_cli({"quantize", model_, "--text-file", corpus_, "--ctx", "8192", "--format", "int8", "-o", out});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("exceeds the model's context"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
}

// A report the CLI wrote, cut short and damaged at random: `report` answers every variant with a
// summary or one line naming the file, and never crashes.
TEST_F(QuantizeCliTest, DamagedRealReportsAreOneLineErrors) {
    const std::string good = dir_.file("good.h5");
    ASSERT_EQ(run_cli(quantize_args(good)).exit_code, 0);
    const std::string bytes = read_text(good);
    const size_t n = bytes.size();
    ASSERT_GT(n, 4096u);
    const std::string p = dir_.file("damaged.h5");
    for (size_t cut : {size_t{4}, size_t{512}, n / 4, n / 2, n - 64, n - 1}) {
        std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes.substr(0, cut);
        const auto r = run_cli({"report", p});
        EXPECT_EQ(r.exit_code, 2) << "cut at " << cut << ": " << r.err;
        EXPECT_EQ(r.err.rfind("rotoscope-cli: " + p + ": ", 0), 0u) << r.err;
        EXPECT_EQ(count_lines(r.err), 1u) << r.err;
    }
    std::mt19937 rng(20261124);
    std::uniform_int_distribution<size_t> at(0, n - 1);
    std::uniform_int_distribution<int> nonzero(1, 255);
    int refused = 0;
    for (int v = 0; v < 40; ++v) {
        std::string damaged = bytes;
        for (int k = 0; k < 4; ++k) {
            const size_t i = at(rng);
            damaged[i] = static_cast<char>(damaged[i] ^ nonzero(rng));
        }
        std::ofstream(p, std::ios::binary | std::ios::trunc) << damaged;
        const auto r = run_cli({"report", p});
        EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 2) << "variant " << v << ": exit " << r.exit_code << " " << r.err;
        if (r.exit_code == 2) {
            ++refused;
            // HDF5 1.10 may add "HDF5: infinite loop closing library" at exit after a refused
            // checksum (docs/report-format.md, known limits); our message is the first line.
            EXPECT_EQ(r.err.rfind("rotoscope-cli: " + p + ": ", 0), 0u) << r.err;
            const std::string rest = r.err.substr(r.err.find('\n') + 1);
            EXPECT_TRUE(rest.empty() || rest.rfind("HDF5: infinite loop closing library", 0) == 0) << r.err;
        }
    }
    EXPECT_GT(refused, 0);
}

TEST_F(QuantizeCliTest, CompareWritesOneRowPerRecipe) {
    const std::string matrix = write_matrix("matrix.json", small_matrix());
    const std::string out = dir_.file("matrix.h5"), csv = dir_.file("matrix.csv");
    const auto r = run_cli({"compare", matrix, "--model", model_, "-o", out, "--csv", csv});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // 2 formats x (none + one random rotation x 2 seeds).
    const RunReport rep = read_run_report(out);
    ASSERT_EQ(rep.runs.size(), 6u);
    EXPECT_EQ(rep.name, "tiny-matrix");
    EXPECT_EQ(rep.seeds, (std::vector<uint64_t>{0, 1}));
    EXPECT_EQ(rep.eval.ctx, 32);
    EXPECT_EQ(rep.eval_tokens, 2 * 32);
    const std::string csv_text = read_text(csv);
    EXPECT_EQ(count_lines(csv_text), 1u + 6u) << csv_text;
    int seeded = 0;
    for (const RunResult& run : rep.runs) {
        EXPECT_NE(r.out.find(run.name), std::string::npos) << run.name << "\n" << r.out;
        EXPECT_NE(csv_text.find(run.name), std::string::npos) << run.name;
        // The reference is the same unquantized model on the same tokens in every run.
        EXPECT_EQ(run.metrics.reference.full, rep.reference.full);
        if (run.seed >= 0) ++seeded;
    }
    EXPECT_EQ(seeded, 4);
    // Different seeds are different rotations.
    EXPECT_NE(rep.runs[2].metrics.candidate.full, rep.runs[3].metrics.candidate.full);
    EXPECT_NE(r.out.find("mean ± std over seeds"), std::string::npos) << r.out;
    // One progress line per run on stderr.
    for (int i = 1; i <= 6; ++i) EXPECT_NE(r.err.find("[" + std::to_string(i) + "/6]"), std::string::npos) << r.err;

    const auto t = run_cli({"report", out});
    ASSERT_EQ(t.exit_code, 0) << t.err;
    EXPECT_NE(t.out.find("tiny-matrix"), std::string::npos) << t.out;
    for (const RunResult& run : rep.runs) EXPECT_NE(t.out.find(run.name), std::string::npos) << run.name;

    const auto js = run_cli({"compare", matrix, "--model", model_, "--json"});
    ASSERT_EQ(js.exit_code, 0) << js.err;
    const json j = json::parse(js.out);
    ASSERT_EQ(j["runs"].size(), 6u);
    for (size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(j["runs"][i]["name"], rep.runs[i].name);
        // Deterministic: the same matrix gives the same numbers.
        EXPECT_EQ(j["runs"][i]["ppl_full"].get<double>(), rep.runs[i].metrics.candidate.full);
    }
}

// A matrix run as three shards and merged gives the report of the whole matrix: the same runs in
// the same order with the same numbers (every run is deterministic and independent of the others).
TEST_F(QuantizeCliTest, ShardsMergeIntoTheWholeMatrix) {
    const std::string matrix = write_matrix("matrix.json", small_matrix());
    const std::string whole = dir_.file("whole.h5");
    ASSERT_EQ(run_cli({"compare", matrix, "--model", model_, "-o", whole}).exit_code, 0);
    std::vector<std::string> shards;
    for (int i = 2; i >= 0; --i) {  // any order
        shards.push_back(dir_.file("shard" + std::to_string(i) + ".h5"));
        const auto r = run_cli({"compare", matrix, "--model", model_, "--shard", std::to_string(i) + "/3", "-o", shards.back()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        // Shard i of 3 runs recipes i and i + 3 of the six.
        EXPECT_NE(r.err.find("[2/2]"), std::string::npos) << r.err;
        const RunReport part = read_run_report(shards.back());
        ASSERT_EQ(part.runs.size(), 2u);
        EXPECT_EQ(json::parse(part.meta.config_json)["shard"], (json{{"index", i}, {"count", 3}}));
    }
    const std::string merged = dir_.file("merged.h5"), csv = dir_.file("merged.csv");
    std::vector<std::string> args = {"merge"};
    args.insert(args.end(), shards.begin(), shards.end());
    for (const char* a : {"-o", merged.c_str(), "--csv", csv.c_str()}) args.emplace_back(a);
    const auto m = run_cli(args);
    ASSERT_EQ(m.exit_code, 0) << m.err;
    EXPECT_EQ(count_lines(read_text(csv)), 1u + 6u);
    const RunReport a = read_run_report(whole), b = read_run_report(merged);
    ASSERT_EQ(a.runs.size(), b.runs.size());
    EXPECT_EQ(a.seeds, b.seeds);
    EXPECT_EQ(a.reference.full, b.reference.full);
    for (size_t k = 0; k < a.runs.size(); ++k) {
        EXPECT_EQ(a.runs[k].name, b.runs[k].name) << k;
        EXPECT_EQ(a.runs[k].group, b.runs[k].group) << k;
        EXPECT_EQ(a.runs[k].seed, b.runs[k].seed) << k;
        EXPECT_EQ(a.runs[k].metrics.candidate.full, b.runs[k].metrics.candidate.full) << k;
        EXPECT_EQ(a.runs[k].metrics.kl.mean, b.runs[k].metrics.kl.mean) << k;
        EXPECT_EQ(a.runs[k].linears.size(), b.runs[k].linears.size()) << k;
    }
    // The merged report stores the whole matrix: run again, it is the whole matrix.
    const json config = json::parse(b.meta.config_json);
    EXPECT_FALSE(config.contains("shard"));
    EXPECT_EQ(config["recipes"], json::parse(a.meta.config_json)["recipes"]);

    // A shard missing, a shard twice, the output among the inputs: one line each, nothing written.
    const std::string never = dir_.file("never.h5");
    const std::vector<std::pair<std::vector<std::string>, std::string>> bad = {
        {{"merge", shards[0], shards[1], "-o", never}, "shard 0/3 is missing"},
        {{"merge", shards[0], shards[1], shards[1], "-o", never}, "is given twice"},
        {{"merge", whole, "-o", never}, "is not a shard"},
        {{"merge", matrix, "-o", never}, "is not a run report"},
        {{"merge", shards[0], shards[1], shards[2], "-o", shards[0]}, "is one of the shard reports"},
    };
    for (const auto& [argv, message] : bad) {
        const auto r = run_cli(argv);
        EXPECT_EQ(r.exit_code, 2) << message << ": " << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
        EXPECT_EQ(count_lines(r.err), 1u) << r.err;
        EXPECT_FALSE(fs::exists(never));
    }
    for (const char* s : {"3/3", "1", "-1/2", "1/0", "a/b", "0/5000"}) {
        const auto r = run_cli({"compare", matrix, "--model", model_, "--shard", s, "-o", never});
        EXPECT_EQ(r.exit_code, 2) << s;
        EXPECT_NE(r.err.find("--shard"), std::string::npos) << r.err;
        EXPECT_EQ(count_lines(r.err), 1u) << r.err;
    }
    // More shards than recipes: the empty one is refused before the model loads.
    const auto empty = run_cli({"compare", matrix, "--model", model_, "--shard", "7/8", "-o", never});
    EXPECT_EQ(empty.exit_code, 2);
    EXPECT_NE(empty.err.find("shard 7/8 has no recipes: the matrix has 6"), std::string::npos) << empty.err;
    EXPECT_FALSE(fs::exists(never));
}

TEST_F(QuantizeCliTest, BadMatricesAreRefusedBeforeAnyRun) {
    const std::string out = dir_.file("never.h5"), csv = dir_.file("never.csv");
    const std::string malformed = dir_.file("malformed.json");
    std::ofstream(malformed) << "{\"rotations\": [\"none\",";
    json typo = small_matrix();
    typo["seed"] = {0};
    json impossible = small_matrix();
    impossible["rotations"].push_back("block16");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {malformed, "not valid JSON"},
        {write_matrix("typo.json", typo), "seed: unknown key"},
        {write_matrix("impossible.json", impossible), "recipe 7 of"},
        {dir_.file("absent.json"), "absent.json"},
    };
    for (const auto& [path, message] : cases) {
        const auto r = run_cli({"compare", path, "--model", model_, "-o", out, "--csv", csv});
        EXPECT_EQ(r.exit_code, 2) << path << ": " << r.err;
        EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
        EXPECT_EQ(count_lines(r.err), 1u) << r.err;
        EXPECT_FALSE(fs::exists(out));
        EXPECT_FALSE(fs::exists(csv));
    }
    const auto r = run_cli({"compare", write_matrix("ok.json", small_matrix()), "--model", model_, "--csv", dir_.file("no/dir/x.csv")});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("directory does not exist"), std::string::npos) << r.err;
}

TEST_F(QuantizeCliTest, CtrlCLeavesNoReportAndNoCsv) {
    const std::string big = dir_.file("big.gguf");
    write_test_model(big, 256, 512, 8);
    std::string text;
    for (int i = 0; i < 4000; ++i) text += "the quick brown fox " + std::to_string(i) + " ";
    const std::string corpus = dir_.file("long.txt");
    std::ofstream(corpus, std::ios::binary) << text;
    json m = {{"eval", {{"corpus", corpus}, {"ctx", 256}, {"windows", 48}, {"probe_tokens", 64}}},
              {"rotations", json::array({"none", "hadamard", "block32"})},
              {"formats", json::array({"int4", "int8"})}};
    const std::string matrix = write_matrix("long.json", m);
    const std::string out = dir_.file("cancelled.h5"), csv = dir_.file("cancelled.csv");
    const auto r = run_cli({"compare", matrix, "--model", big, "-o", out, "--csv", csv}, 2500);
    EXPECT_EQ(r.exit_code, 130) << r.err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(csv));
    for (const auto& e : fs::directory_iterator(dir_.path())) EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();
}

}  // namespace
}  // namespace rs
