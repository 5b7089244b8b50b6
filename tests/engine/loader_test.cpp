// Model loading end to end on generated checkpoints: a model written as a GGUF "llama" file
// (Q/K rows permuted the way llama.cpp's converter does) or as a Hugging Face directory
// (single or sharded safetensors + config.json) must load back to the same logits as the
// in-memory model it was written from.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "backend/backend.h"
#include "model/loader.h"
#include "runtime/forward.h"
#include "support/model_files.h"
#include "support/tiny_model.h"

namespace rs {
namespace {
namespace fs = std::filesystem;

MatrixRM logits_of(const Model& m) {
    std::vector<int32_t> ids;
    for (int i = 0; i < 37; ++i) ids.push_back((i * 7 + 3) % m.cfg.n_vocab);
    auto backend = make_cpu_backend();
    Forward fwd(m, *backend);
    MatrixRM h, logits;
    fwd.hidden(ids, nullptr, h);
    fwd.logits(h, logits);
    return logits;
}

class LoaderTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("rs-loader-test-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write_gguf(const Model& m, const std::string& arch) {
        const std::string path = (dir_ / "model.gguf").string();
        testing::write_model_gguf(m, arch, path);
        return path;
    }
    std::string write_hf(const Model& m, const std::string& architecture, int shards) {
        testing::write_model_hf(m, architecture, dir_ / "hf", shards);
        return (dir_ / "hf").string();
    }

    fs::path dir_;
};

void expect_same_logits(const Model& want, const Model& got) {
    const MatrixRM a = logits_of(want), b = logits_of(got);
    ASSERT_EQ(a.rows(), b.rows());
    ASSERT_EQ(a.cols(), b.cols());
    EXPECT_LT((a - b).cwiseAbs().maxCoeff(), 1e-4 * a.cwiseAbs().maxCoeff());
}

TEST_F(LoaderTest, GgufLlamaWithPermutedQkLoadsToTheSameModel) {
    ModelConfig c = testing::tiny_config(Arch::Llama);
    const Model m = testing::random_model(c, 21);
    const Model loaded = load_model(write_gguf(m, "llama"));
    EXPECT_EQ(loaded.cfg.rope_style, RopeStyle::Neox);
    EXPECT_FALSE(loaded.cfg.tied_embeddings);
    EXPECT_EQ(loaded.layers[1].q.w, m.layers[1].q.w);  // un-permuted exactly
    EXPECT_EQ(loaded.layers[1].k.w, m.layers[1].k.w);
    expect_same_logits(m, loaded);
}

TEST_F(LoaderTest, GgufTiedQwen3LoadsToTheSameModel) {
    ModelConfig c = testing::tiny_config(Arch::Qwen3);
    c.tied_embeddings = true;
    const Model m = testing::random_model(c, 22);
    const Model loaded = load_model(write_gguf(m, "qwen3"));
    EXPECT_TRUE(loaded.cfg.tied_embeddings);
    EXPECT_TRUE(loaded.cfg.qk_norm);
    EXPECT_EQ(loaded.cfg.head_dim, 16);
    EXPECT_EQ(loaded.lm_head.w, m.tok_embd);
    expect_same_logits(m, loaded);
}

TEST_F(LoaderTest, HfQwen2WithBiasesLoadsToTheSameModel) {
    ModelConfig c = testing::tiny_config(Arch::Qwen2);
    c.tied_embeddings = true;
    const Model m = testing::random_model(c, 23);
    const Model loaded = load_model(write_hf(m, "Qwen2ForCausalLM", 1));
    EXPECT_TRUE(loaded.cfg.qkv_bias);
    EXPECT_EQ(loaded.source.format, "safetensors");
    expect_same_logits(m, loaded);
}

TEST_F(LoaderTest, ShardedHfQwen3LoadsToTheSameModel) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Qwen3), 24);
    const Model loaded = load_model(write_hf(m, "Qwen3ForCausalLM", 3));
    expect_same_logits(m, loaded);
    const ModelInfo info = inspect_model((dir_ / "hf").string());
    EXPECT_EQ(info.source.tensor_count, 3 + 11 * 2);
}

TEST_F(LoaderTest, ShapeMismatchNamesTheTensor) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 25);
    const std::string dir = write_hf(m, "LlamaForCausalLM", 1);
    // Claim a wider model than the weights are.
    auto cfg = nlohmann::json::parse(std::ifstream(fs::path(dir) / "config.json"));
    cfg["intermediate_size"] = 96;
    std::ofstream(fs::path(dir) / "config.json") << cfg.dump();
    try {
        load_model(dir);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        EXPECT_NE(std::string(e.what()).find("mlp.gate_proj.weight' has shape [80, 48], expected [96, 48]"), std::string::npos) << e.what();
    }
}

TEST_F(LoaderTest, NanWeightIsRefusedNamingTheTensor) {
    Model m = testing::random_model(testing::tiny_config(Arch::Llama), 26);
    m.layers[1].down.w(3, 5) = std::numeric_limits<float>::quiet_NaN();
    try {
        load_model(write_gguf(m, "llama"));
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        EXPECT_NE(std::string(e.what()).find("'blk.1.ffn_down.weight' contains NaN"), std::string::npos) << e.what();
    }
}

TEST_F(LoaderTest, MissingDefaultModelSaysHowToFetchIt) {
    setenv("ROTOSCOPE_DEFAULT_MODEL", (dir_ / "nowhere.gguf").c_str(), 1);
    try {
        resolve_model_path("default");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("scripts/fetch-model.sh"), std::string::npos) << e.what();
    }
    unsetenv("ROTOSCOPE_DEFAULT_MODEL");
}

}  // namespace
}  // namespace rs
