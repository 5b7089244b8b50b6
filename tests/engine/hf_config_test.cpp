// config.json parsing against the configs real checkpoints ship (copied key for key), plus the
// ways a config can be wrong.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "io/hf_config.h"

using rs::Arch;
using rs::HfConfig;
using rs::parse_hf_config;
using rs::parse_hf_config_text;

namespace {

const char* kSmolLM2_135M = R"({
  "architectures": ["LlamaForCausalLM"],
  "attention_bias": false,
  "attention_dropout": 0.0,
  "bos_token_id": 0,
  "eos_token_id": 0,
  "hidden_act": "silu",
  "hidden_size": 576,
  "initializer_range": 0.041666666666666664,
  "intermediate_size": 1536,
  "is_llama_config": true,
  "max_position_embeddings": 8192,
  "model_type": "llama",
  "num_attention_heads": 9,
  "num_hidden_layers": 30,
  "num_key_value_heads": 3,
  "pretraining_tp": 1,
  "rms_norm_eps": 1e-05,
  "rope_interleaved": false,
  "rope_scaling": null,
  "rope_theta": 100000,
  "tie_word_embeddings": true,
  "torch_dtype": "bfloat16",
  "transformers_version": "4.42.3",
  "use_cache": true,
  "vocab_size": 49152
})";

const char* kLlama32_1B_Instruct = R"({
  "architectures": ["LlamaForCausalLM"],
  "attention_bias": false,
  "attention_dropout": 0.0,
  "bos_token_id": 128000,
  "eos_token_id": [128001, 128008, 128009],
  "head_dim": 64,
  "hidden_act": "silu",
  "hidden_size": 2048,
  "initializer_range": 0.02,
  "intermediate_size": 8192,
  "max_position_embeddings": 131072,
  "mlp_bias": false,
  "model_type": "llama",
  "num_attention_heads": 32,
  "num_hidden_layers": 16,
  "num_key_value_heads": 8,
  "pretraining_tp": 1,
  "rms_norm_eps": 1e-05,
  "rope_scaling": {
    "factor": 32.0,
    "high_freq_factor": 4.0,
    "low_freq_factor": 1.0,
    "original_max_position_embeddings": 8192,
    "rope_type": "llama3"
  },
  "rope_theta": 500000.0,
  "tie_word_embeddings": true,
  "torch_dtype": "bfloat16",
  "transformers_version": "4.45.0.dev0",
  "use_cache": true,
  "vocab_size": 128256
})";

const char* kQwen25_05B = R"({
  "architectures": ["Qwen2ForCausalLM"],
  "attention_dropout": 0.0,
  "bos_token_id": 151643,
  "eos_token_id": 151643,
  "hidden_act": "silu",
  "hidden_size": 896,
  "initializer_range": 0.02,
  "intermediate_size": 4864,
  "max_position_embeddings": 32768,
  "max_window_layers": 24,
  "model_type": "qwen2",
  "num_attention_heads": 14,
  "num_hidden_layers": 24,
  "num_key_value_heads": 2,
  "rms_norm_eps": 1e-06,
  "rope_theta": 1000000.0,
  "sliding_window": 32768,
  "tie_word_embeddings": true,
  "torch_dtype": "bfloat16",
  "transformers_version": "4.40.1",
  "use_cache": true,
  "use_mrope": false,
  "use_sliding_window": false,
  "vocab_size": 151936
})";

const char* kQwen3_06B = R"({
  "architectures": ["Qwen3ForCausalLM"],
  "attention_bias": false,
  "attention_dropout": 0.0,
  "bos_token_id": 151643,
  "eos_token_id": 151645,
  "head_dim": 128,
  "hidden_act": "silu",
  "hidden_size": 1024,
  "initializer_range": 0.02,
  "intermediate_size": 3072,
  "max_position_embeddings": 40960,
  "max_window_layers": 28,
  "model_type": "qwen3",
  "num_attention_heads": 16,
  "num_hidden_layers": 28,
  "num_key_value_heads": 8,
  "rms_norm_eps": 1e-06,
  "rope_scaling": null,
  "rope_theta": 1000000,
  "sliding_window": null,
  "tie_word_embeddings": true,
  "torch_dtype": "bfloat16",
  "transformers_version": "4.51.0",
  "use_cache": true,
  "use_sliding_window": false,
  "vocab_size": 151936
})";

const char* kMistral7B_v01 = R"({
  "architectures": ["MistralForCausalLM"],
  "bos_token_id": 1,
  "eos_token_id": 2,
  "hidden_act": "silu",
  "hidden_size": 4096,
  "initializer_range": 0.02,
  "intermediate_size": 14336,
  "max_position_embeddings": 32768,
  "model_type": "mistral",
  "num_attention_heads": 32,
  "num_hidden_layers": 32,
  "num_key_value_heads": 8,
  "rms_norm_eps": 1e-05,
  "rope_theta": 10000.0,
  "sliding_window": 4096,
  "tie_word_embeddings": false,
  "torch_dtype": "bfloat16",
  "transformers_version": "4.34.0.dev0",
  "use_cache": true,
  "vocab_size": 32000
})";

// Llama-3.2-1B as transformers >= 5 saves it: rope_parameters and dtype.
const char* kLlama32_1B_Transformers5 = R"({
  "architectures": ["LlamaForCausalLM"],
  "attention_bias": false,
  "bos_token_id": 128000,
  "dtype": "bfloat16",
  "eos_token_id": 128001,
  "head_dim": 64,
  "hidden_act": "silu",
  "hidden_size": 2048,
  "intermediate_size": 8192,
  "max_position_embeddings": 131072,
  "mlp_bias": false,
  "model_type": "llama",
  "num_attention_heads": 32,
  "num_hidden_layers": 16,
  "num_key_value_heads": 8,
  "rms_norm_eps": 1e-05,
  "rope_parameters": {
    "factor": 32.0,
    "high_freq_factor": 4.0,
    "low_freq_factor": 1.0,
    "original_max_position_embeddings": 8192,
    "rope_theta": 500000.0,
    "rope_type": "llama3"
  },
  "tie_word_embeddings": true,
  "transformers_version": "5.0.0",
  "vocab_size": 128256
})";

// Runs f, requiring one BadInput line that names `file_part` and contains `needle`.
template <typename F>
void expect_bad(F f, const std::string& file_part, const std::string& needle) {
    try {
        f();
        ADD_FAILURE() << "expected an error containing '" << needle << "'";
    } catch (const rs::Error& e) {
        const std::string m = e.what();
        EXPECT_EQ(e.kind(), rs::ErrorKind::BadInput) << m;
        EXPECT_EQ(m.rfind(file_part + ": ", 0), 0u) << m;
        EXPECT_NE(m.find(needle), std::string::npos) << m;
        EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    }
}

void expect_bad_text(const std::string& text, const std::string& needle) {
    expect_bad([&] { parse_hf_config_text(text, "config.json"); }, "config.json", needle);
}

// kSmolLM2_135M with one "key": value replaced (or "" to remove that line's key).
std::string smol_with(const std::string& old_kv, const std::string& new_kv) {
    std::string s = kSmolLM2_135M;
    const auto p = s.find(old_kv);
    EXPECT_NE(p, std::string::npos) << old_kv;
    return s.replace(p, old_kv.size(), new_kv);
}

TEST(HfConfig, SmolLM2_135M) {
    const HfConfig h = parse_hf_config_text(kSmolLM2_135M, "config.json");
    const rs::ModelConfig& c = h.cfg;
    EXPECT_EQ(c.arch, Arch::Llama);
    EXPECT_EQ(h.architecture, "LlamaForCausalLM");
    EXPECT_EQ(h.model_type, "llama");
    EXPECT_EQ(h.torch_dtype, "bfloat16");
    EXPECT_EQ(c.n_vocab, 49152);
    EXPECT_EQ(c.d_model, 576);
    EXPECT_EQ(c.d_ff, 1536);
    EXPECT_EQ(c.n_layers, 30);
    EXPECT_EQ(c.n_heads, 9);
    EXPECT_EQ(c.n_kv_heads, 3);
    EXPECT_EQ(c.head_dim, 64);
    EXPECT_EQ(c.max_context, 8192);
    EXPECT_FLOAT_EQ(c.rms_eps, 1e-5f);
    EXPECT_FLOAT_EQ(c.rope_theta, 100000.0f);
    EXPECT_FALSE(c.rope_scaling.has_value());
    EXPECT_EQ(c.rope_style, rs::RopeStyle::Neox);
    EXPECT_TRUE(c.tied_embeddings);
    EXPECT_FALSE(c.qkv_bias);
    EXPECT_FALSE(c.qk_norm);
    EXPECT_EQ(h.bos_token_id, 0);
    EXPECT_EQ(h.eos_token_ids, std::vector<int64_t>{0});
    EXPECT_EQ(h.sliding_window, 0);
}

TEST(HfConfig, Llama32WithLlama3RopeScaling) {
    const HfConfig h = parse_hf_config_text(kLlama32_1B_Instruct, "config.json");
    const rs::ModelConfig& c = h.cfg;
    EXPECT_EQ(c.arch, Arch::Llama);
    EXPECT_EQ(c.n_vocab, 128256);
    EXPECT_EQ(c.d_model, 2048);
    EXPECT_EQ(c.n_layers, 16);
    EXPECT_EQ(c.n_heads, 32);
    EXPECT_EQ(c.n_kv_heads, 8);
    EXPECT_EQ(c.head_dim, 64);
    EXPECT_EQ(c.d_ff, 8192);
    EXPECT_EQ(c.max_context, 131072);
    EXPECT_FLOAT_EQ(c.rope_theta, 500000.0f);
    ASSERT_TRUE(c.rope_scaling.has_value());
    EXPECT_EQ(c.rope_scaling->type, "llama3");
    EXPECT_FLOAT_EQ(c.rope_scaling->factor, 32.0f);
    EXPECT_FLOAT_EQ(c.rope_scaling->low_freq_factor, 1.0f);
    EXPECT_FLOAT_EQ(c.rope_scaling->high_freq_factor, 4.0f);
    EXPECT_EQ(c.rope_scaling->original_context, 8192);
    EXPECT_TRUE(c.tied_embeddings);
    EXPECT_EQ(h.bos_token_id, 128000);
    EXPECT_EQ(h.eos_token_ids, (std::vector<int64_t>{128001, 128008, 128009}));
}

TEST(HfConfig, Qwen25HasQkvBiasAndTiedEmbeddings) {
    const HfConfig h = parse_hf_config_text(kQwen25_05B, "config.json");
    const rs::ModelConfig& c = h.cfg;
    EXPECT_EQ(c.arch, Arch::Qwen2);
    EXPECT_TRUE(c.qkv_bias);  // no config key: Qwen2 always has q/k/v biases
    EXPECT_FALSE(h.attention_bias);
    EXPECT_FALSE(c.qk_norm);
    EXPECT_TRUE(c.tied_embeddings);
    EXPECT_EQ(c.d_model, 896);
    EXPECT_EQ(c.n_heads, 14);
    EXPECT_EQ(c.n_kv_heads, 2);
    EXPECT_EQ(c.head_dim, 64);
    EXPECT_EQ(c.d_ff, 4864);
    EXPECT_EQ(c.n_layers, 24);
    EXPECT_EQ(c.n_vocab, 151936);
    EXPECT_FLOAT_EQ(c.rms_eps, 1e-6f);
    EXPECT_FLOAT_EQ(c.rope_theta, 1e6f);
    EXPECT_EQ(h.sliding_window, 0);  // use_sliding_window is false
}

TEST(HfConfig, Qwen3ExplicitHeadDim) {
    const HfConfig h = parse_hf_config_text(kQwen3_06B, "config.json");
    const rs::ModelConfig& c = h.cfg;
    EXPECT_EQ(c.arch, Arch::Qwen3);
    EXPECT_EQ(c.head_dim, 128);  // not 1024 / 16 = 64
    EXPECT_NE(c.n_heads * c.head_dim, c.d_model);
    EXPECT_TRUE(c.qk_norm);
    EXPECT_FALSE(c.qkv_bias);
    EXPECT_EQ(c.n_kv_heads, 8);
    EXPECT_EQ(c.max_context, 40960);
    EXPECT_TRUE(c.tied_embeddings);
    EXPECT_EQ(h.eos_token_ids, std::vector<int64_t>{151645});
}

TEST(HfConfig, Qwen3HeadDimDefaultsTo128) {
    std::string s = kQwen3_06B;
    s.replace(s.find("\"head_dim\": 128,"), 16, "");
    EXPECT_EQ(parse_hf_config_text(s, "config.json").cfg.head_dim, 128);
}

TEST(HfConfig, Mistral7B) {
    const HfConfig h = parse_hf_config_text(kMistral7B_v01, "config.json");
    const rs::ModelConfig& c = h.cfg;
    EXPECT_EQ(c.arch, Arch::Mistral);
    EXPECT_EQ(c.d_model, 4096);
    EXPECT_EQ(c.d_ff, 14336);
    EXPECT_EQ(c.n_heads, 32);
    EXPECT_EQ(c.n_kv_heads, 8);
    EXPECT_EQ(c.head_dim, 128);
    EXPECT_EQ(c.n_vocab, 32000);
    EXPECT_FALSE(c.tied_embeddings);
    EXPECT_FALSE(c.qkv_bias);
    EXPECT_FLOAT_EQ(c.rope_theta, 10000.0f);
    EXPECT_EQ(h.sliding_window, 4096);
    EXPECT_EQ(h.bos_token_id, 1);
}

TEST(HfConfig, Transformers5RopeParametersAndDtype) {
    const HfConfig h = parse_hf_config_text(kLlama32_1B_Transformers5, "config.json");
    const rs::ModelConfig& c = h.cfg;
    EXPECT_EQ(h.torch_dtype, "bfloat16");
    EXPECT_FLOAT_EQ(c.rope_theta, 500000.0f);
    ASSERT_TRUE(c.rope_scaling.has_value());
    EXPECT_EQ(c.rope_scaling->type, "llama3");
    EXPECT_FLOAT_EQ(c.rope_scaling->factor, 32.0f);
    EXPECT_EQ(c.rope_scaling->original_context, 8192);
    // "default" rope_type means no scaling, but its rope_theta still counts.
    const std::string plain = R"({"architectures": ["Qwen3ForCausalLM"], "vocab_size": 10, "hidden_size": 64,
        "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4, "head_dim": 16,
        "rope_parameters": {"rope_type": "default", "rope_theta": 1000000.0}})";
    const HfConfig q = parse_hf_config_text(plain, "config.json");
    EXPECT_FALSE(q.cfg.rope_scaling.has_value());
    EXPECT_FLOAT_EQ(q.cfg.rope_theta, 1e6f);
    EXPECT_EQ(q.cfg.n_kv_heads, 4);   // defaults to the head count
    EXPECT_FALSE(q.cfg.tied_embeddings);  // absent: the per-class default
    EXPECT_EQ(q.cfg.max_context, 32768);
}

TEST(HfConfig, OldRopeScalingTypeKeyAndLinear) {
    const HfConfig h = parse_hf_config_text(
        smol_with(R"("rope_scaling": null)", R"("rope_scaling": {"type": "linear", "factor": 2.0})"), "config.json");
    ASSERT_TRUE(h.cfg.rope_scaling.has_value());
    EXPECT_EQ(h.cfg.rope_scaling->type, "linear");
    EXPECT_FLOAT_EQ(h.cfg.rope_scaling->factor, 2.0f);
}

TEST(HfConfig, ModelTypeFallbackAndDefaults) {
    const HfConfig h = parse_hf_config_text(R"({"model_type": "mistral", "vocab_size": 100, "hidden_size": 64,
        "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4})", "config.json");
    EXPECT_EQ(h.cfg.arch, Arch::Mistral);
    EXPECT_EQ(h.architecture, "MistralForCausalLM");
    EXPECT_EQ(h.cfg.head_dim, 16);
    EXPECT_FLOAT_EQ(h.cfg.rope_theta, 10000.0f);
    EXPECT_FLOAT_EQ(h.cfg.rms_eps, 1e-6f);
    EXPECT_EQ(h.bos_token_id, -1);
    EXPECT_TRUE(h.eos_token_ids.empty());
    EXPECT_EQ(h.torch_dtype, "");
}

TEST(HfConfig, ReadsFromFile) {
    const auto path = std::filesystem::temp_directory_path() / ("rs_hf_config_" + std::to_string(::getpid()) + ".json");
    {
        std::ofstream(path) << kQwen25_05B;
    }
    EXPECT_EQ(parse_hf_config(path.string()).cfg.arch, Arch::Qwen2);
    std::filesystem::remove(path);
    expect_bad([&] { parse_hf_config(path.string()); }, path.string(), "cannot open");
}

// ------------------------------------------------------------------ bad configs

TEST(HfConfigBad, InvalidJson) {
    expect_bad_text(R"({"hidden_size": 576,})", "not valid JSON: parse error at line 1");
    expect_bad_text("", "not valid JSON");
    expect_bad_text("[1, 2]", "not a JSON object");
}

TEST(HfConfigBad, UnknownArchitecture) {
    expect_bad_text(smol_with(R"(["LlamaForCausalLM"])", R"(["GPT2LMHeadModel"])"),
                    "unsupported architecture 'GPT2LMHeadModel' (supported: LlamaForCausalLM, MistralForCausalLM, "
                    "Qwen2ForCausalLM, Qwen3ForCausalLM)");
    expect_bad_text(R"({"model_type": "gpt2", "vocab_size": 1})", "unsupported model_type 'gpt2'");
    expect_bad_text(R"({"vocab_size": 1})", "names no architecture");
    expect_bad_text(smol_with(R"(["LlamaForCausalLM"])", R"("LlamaForCausalLM")"), "key 'architectures' must be");
}

TEST(HfConfigBad, StringWhereNumberExpected) {
    expect_bad_text(smol_with(R"("hidden_size": 576)", R"("hidden_size": "576")"),
                    "key 'hidden_size' must be an integer, but is the string \"576\"");
    expect_bad_text(smol_with(R"("rms_norm_eps": 1e-05)", R"("rms_norm_eps": "1e-5")"), "key 'rms_norm_eps' must be a number");
    expect_bad_text(smol_with(R"("rope_theta": 100000)", R"("rope_theta": "100000")"), "key 'rope_theta' must be a number");
    expect_bad_text(smol_with(R"("num_hidden_layers": 30)", R"("num_hidden_layers": 30.5)"),
                    "key 'num_hidden_layers' must be an integer");
    expect_bad_text(smol_with(R"("tie_word_embeddings": true)", R"("tie_word_embeddings": "yes")"),
                    "key 'tie_word_embeddings' must be true or false");
    expect_bad_text(smol_with(R"("eos_token_id": 0)", R"("eos_token_id": [0, "x"])"), "key 'eos_token_id'");
}

TEST(HfConfigBad, MissingOrNonPositiveDims) {
    expect_bad_text(smol_with(R"("vocab_size": 49152)", R"("vocab_sizes": 49152)"), "key 'vocab_size' is missing");
    expect_bad_text(smol_with(R"("hidden_size": 576)", R"("hidden_size": 0)"), "key 'hidden_size' must be positive");
    expect_bad_text(smol_with(R"("num_hidden_layers": 30)", R"("num_hidden_layers": -2)"), "must be positive");
    expect_bad_text(smol_with(R"("intermediate_size": 1536)", R"("intermediate_size": 99999999999)"), "above Rotoscope's limit of 1048576 (feed-forward width (d_ff))");
    expect_bad_text(smol_with(R"("rms_norm_eps": 1e-05)", R"("rms_norm_eps": 0)"), "key 'rms_norm_eps' must be a positive");
}

TEST(HfConfigBad, HeadsNotDivisible) {
    expect_bad_text(smol_with(R"("num_key_value_heads": 3)", R"("num_key_value_heads": 4)"),
                    "num_attention_heads 9 is not a multiple of num_key_value_heads 4");
    expect_bad_text(smol_with(R"("num_attention_heads": 9)", R"("num_attention_heads": 7)"),
                    "hidden_size 576 is not divisible by num_attention_heads 7");
    expect_bad_text(smol_with(R"("num_attention_heads": 9)", R"("num_attention_heads": 9, "head_dim": 63)"),
                    "head_dim 63 must be even");
}

TEST(HfConfigBad, RopeScaling) {
    expect_bad_text(smol_with(R"("rope_scaling": null)", R"("rope_scaling": {"rope_type": "yarn", "factor": 4.0})"),
                    "key 'rope_scaling' asks for rope type 'yarn', which is not supported (supported: default, linear, llama3)");
    expect_bad_text(smol_with(R"("rope_scaling": null)", R"("rope_scaling": {"factor": 4.0})"),
                    "key 'rope_scaling.rope_type' is missing");
    expect_bad_text(smol_with(R"("rope_scaling": null)", R"("rope_scaling": {"rope_type": "llama3"})"),
                    "key 'rope_scaling.factor' is missing");
    expect_bad_text(smol_with(R"("rope_scaling": null)", R"("rope_scaling": {"rope_type": "linear", "factor": "2"})"),
                    "key 'rope_scaling.factor' must be a number");
    expect_bad_text(smol_with(R"("rope_scaling": null)", R"("rope_scaling": 8)"), "key 'rope_scaling' must be an object");
    expect_bad_text(smol_with(R"("rope_scaling": null)",
                              R"("rope_scaling": {"rope_type": "llama3", "factor": 8, "low_freq_factor": 4, "high_freq_factor": 4})"),
                    "must be larger than low_freq_factor");
}

TEST(HfConfigBad, UnsupportedActivation) {
    expect_bad_text(smol_with(R"("hidden_act": "silu")", R"("hidden_act": "gelu")"), "only silu is supported");
}

}  // namespace
