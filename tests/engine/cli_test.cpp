// rotoscope-cli end to end: exit codes, one-line errors naming the file, JSON output, and
// Ctrl-C cancellation leaving no output file. Uses tiny generated models, not the real one.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/model_files.h"
#include "support/run_cli.h"
#include "support/tiny_gguf.h"
#include "support/tiny_model.h"

namespace rs {
namespace {
namespace fs = std::filesystem;
using testing::run_cli;

class CliTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("rs-cli-test-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write_text(const std::string& name, const std::string& text) {
        const fs::path p = dir_ / name;
        std::ofstream(p, std::ios::binary) << text;
        return p.string();
    }

    std::string write_tiny_gguf(int d_model = 32, int n_layers = 2) {
        const fs::path path = dir_ / "tiny.gguf";
        testing::write_tiny_gguf(path.string(), d_model, n_layers);
        return path.string();
    }

    fs::path dir_;
};

TEST_F(CliTest, BadUsageExitsWithTwo) {
    EXPECT_EQ(run_cli({}).exit_code, 2);
    EXPECT_EQ(run_cli({"no-such-command"}).exit_code, 2);
    EXPECT_EQ(run_cli({"ppl"}).exit_code, 2);
    const auto r = run_cli({"ppl", "x.gguf", "--protocol", "weird"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("protocol"), std::string::npos) << r.err;
}

TEST_F(CliTest, MissingFileIsOneLineNamingTheFile) {
    const std::string missing = (dir_ / "absent.gguf").string();
    const auto r = run_cli({"info", missing});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(CliTest, CorruptAndForeignFilesAreRejectedCleanly) {
    const std::string good = write_tiny_gguf();
    std::ifstream in(good, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (size_t cut : {size_t{3}, size_t{20}, bytes.size() / 3, bytes.size() - 7}) {
        const std::string p = write_text("cut.gguf", bytes.substr(0, cut));
        const auto r = run_cli({"info", p});
        EXPECT_EQ(r.exit_code, 2) << "cut at " << cut << ": " << r.err;
        EXPECT_NE(r.err.find(p), std::string::npos) << r.err;
    }
    const std::string text = write_text("notes.gguf", "this is not a model at all");
    EXPECT_EQ(run_cli({"info", text}).exit_code, 2);
    // An HF directory whose config names an architecture Rotoscope does not know.
    fs::create_directories(dir_ / "hf");
    write_text("hf/config.json", R"({"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2"})");
    const auto r = run_cli({"info", (dir_ / "hf").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("unsupported architecture"), std::string::npos) << r.err;
}

TEST_F(CliTest, InfoJsonDescribesTheModel) {
    const auto r = run_cli({"info", write_tiny_gguf(), "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["architecture"], "llama");
    EXPECT_EQ(j["dims"]["n_layers"], 2);
    EXPECT_EQ(j["dims"]["d_model"], 32);
    EXPECT_EQ(j["tensor_count"], 2 + 2 * 9);
    EXPECT_EQ(j["dtypes"]["F32"], 2 + 2 * 9);
    EXPECT_EQ(j["tokenizer"]["kind"], "byte-level BPE");
    EXPECT_TRUE(j["tied_embeddings"].get<bool>());
}

TEST_F(CliTest, TokenizeJsonAppliesMerges) {
    const auto r = run_cli({"tokenize", write_tiny_gguf(), "--text", "the the", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    // "the" -> t, he (no leading space: the merge "Ġ t" does not apply); " the" -> Ġthe
    ASSERT_EQ(j["count"], 3);
    EXPECT_EQ(j["tokens"][0]["id"], static_cast<int>('t'));  // byte symbols are listed in byte order
    EXPECT_EQ(j["tokens"][1]["id"], 257);
    EXPECT_EQ(j["tokens"][2]["id"], 258);
    EXPECT_EQ(j["tokens"][2]["piece"], " the");
}

TEST_F(CliTest, PerplexityWritesJsonAtomically) {
    const std::string model = write_tiny_gguf();
    std::string text;
    for (int i = 0; i < 200; ++i) text += "the cat sat on the mat " + std::to_string(i) + ". ";
    const std::string corpus = write_text("corpus.txt", text);
    const std::string out = (dir_ / "ppl.json").string();
    const auto r = run_cli({"ppl", model, "--text-file", corpus, "--ctx", "64", "--max-windows", "3", "-o", out, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(std::ifstream(out));
    EXPECT_EQ(j["windows"], 3);
    EXPECT_EQ(j["scored_tokens"], 3 * 63);
    EXPECT_GT(j["ppl"].get<double>(), 1.0);
    EXPECT_EQ(nlohmann::json::parse(r.out)["ppl"], j["ppl"]);
    const auto r2 = run_cli({"ppl", model, "--text-file", corpus, "--ctx", "64", "--max-windows", "3", "--protocol", "llamacpp", "--json"});
    ASSERT_EQ(r2.exit_code, 0) << r2.err;
    EXPECT_EQ(nlohmann::json::parse(r2.out)["scored_tokens"], 3 * 31);
}

// --backend cuda:N without that device: one line on stderr, then the same run on the cpu, which
// the output names; an unknown backend is bad usage. `devices` lists what there is.
TEST_F(CliTest, AMissingCudaDeviceFallsBackToTheCpuWithOneLine) {
    const std::string model = write_tiny_gguf();
    std::string text;
    for (int i = 0; i < 100; ++i) text += "the cat sat on the mat " + std::to_string(i) + ". ";
    const std::string corpus = write_text("corpus.txt", text);
    const auto d = run_cli({"devices", "--json"});
    ASSERT_EQ(d.exit_code, 0) << d.err;
    const auto devices = nlohmann::json::parse(d.out);
    EXPECT_EQ(devices["cpu"]["backend"], "cpu");
    const std::string absent = "cuda:" + std::to_string(devices["cuda"].size());
    const auto cpu = run_cli({"ppl", model, "--text-file", corpus, "--ctx", "32", "--max-windows", "2", "--json"});
    const auto r = run_cli({"ppl", model, "--text-file", corpus, "--ctx", "32", "--max-windows", "2", "--json", "--backend", absent});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "rotoscope-cli: " + absent + " is not available (" +
                         (devices["cuda"].empty() ? devices["cuda_unavailable"].get<std::string>()
                                                  : std::to_string(devices["cuda"].size()) + " CUDA device" +
                                                        (devices["cuda"].size() == 1 ? "" : "s")) +
                         "): running on the cpu backend\n");
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["backend"], "cpu");
    EXPECT_EQ(j["ppl"], nlohmann::json::parse(cpu.out)["ppl"]);
    const auto bad = run_cli({"ppl", model, "--text-file", corpus, "--backend", "gpu"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.err, "rotoscope-cli: --backend: unknown backend 'gpu' (cpu, cuda or cuda:N)\n");
    const auto listing = run_cli({"devices"});
    ASSERT_EQ(listing.exit_code, 0);
    EXPECT_EQ(listing.out.rfind("cpu ", 0), 0u) << listing.out;
    EXPECT_NE(listing.out.find("\ncuda"), std::string::npos) << listing.out;
}

TEST_F(CliTest, TextShorterThanOneWindowIsBadInput) {
    const auto r = run_cli({"ppl", write_tiny_gguf(), "--text-file", write_text("short.txt", "the end"), "--ctx", "64"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("fewer than one window"), std::string::npos) << r.err;
}

TEST_F(CliTest, CtrlCCancelsWithExitCode130AndNoOutputFile) {
    // A model big enough that perplexity over the text takes seconds.
    const std::string model = write_tiny_gguf(256, 8);
    std::string text;
    for (int i = 0; i < 4000; ++i) text += "the quick brown fox " + std::to_string(i) + " ";
    const std::string corpus = write_text("long.txt", text);
    const std::string out = (dir_ / "cancelled.json").string();
    const auto r = run_cli({"ppl", model, "--text-file", corpus, "--ctx", "512", "-o", out}, 1500);
    EXPECT_EQ(r.exit_code, 130) << r.err;
    EXPECT_NE(r.err.find("cancelled"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
    for (const auto& e : fs::directory_iterator(dir_)) EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();
}

}  // namespace
}  // namespace rs
