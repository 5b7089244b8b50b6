#include "model/gguf_config.h"

#include "core/error.h"
#include "core/limits.h"
#include "core/untrusted_text.h"
#include "io/gguf.h"
#include "model/arch_tensors.h"

namespace rs {
namespace {

// A dimension from the metadata: an integer, positive and within its limit.
int dim(const GgufFile& f, const std::string& key, Limit limit) {
    auto v = f.get_int(key);
    if (!v) {
        // get_int refuses u64 values above INT64_MAX as well as non-integers.
        if (f.has(key) && f.find(key)->type == GgufValueType::U64)
            fail_input(f.path(), "metadata key '" + key + "' is above Rotoscope's limit of " + std::to_string(limit_max(limit)));
        fail_input(f.path(), "missing or non-integer metadata key '" + key + "'");
    }
    return static_cast<int>(check_limit(limit, *v, f.path(), "metadata key '" + key + "'"));
}

// A float parameter that must be positive and finite (epsilon, RoPE base, scaling factor).
float positive(const GgufFile& f, const std::string& key, double fallback) {
    const double v = f.get_float(key).value_or(fallback);
    if (!(v > 0.0 && v <= 3.0e38))
        fail_input(f.path(), "metadata key '" + key + "' must be a positive finite number, but is " + std::to_string(v));
    return static_cast<float>(v);
}

}  // namespace

ModelConfig model_config_from_gguf(const GgufFile& f) {
    const auto arch = f.get_string("general.architecture");
    if (!arch) fail_input(f.path(), "missing metadata key 'general.architecture'");
    ModelConfig c;
    if (*arch == "llama") c.arch = Arch::Llama;
    else if (*arch == "mistral") c.arch = Arch::Mistral;
    else if (*arch == "qwen2") c.arch = Arch::Qwen2;
    else if (*arch == "qwen3") c.arch = Arch::Qwen3;
    else fail_input(f.path(), "unsupported architecture " + in_quotes(*arch) + " (supported: llama, mistral, qwen2, qwen3)");

    const std::string p = *arch + ".";
    c.d_model = dim(f, p + "embedding_length", Limit::ModelWidth);
    c.n_layers = dim(f, p + "block_count", Limit::Layers);
    c.d_ff = dim(f, p + "feed_forward_length", Limit::FfnWidth);
    c.n_heads = dim(f, p + "attention.head_count", Limit::Heads);
    c.n_kv_heads = f.has(p + "attention.head_count_kv") ? dim(f, p + "attention.head_count_kv", Limit::Heads) : c.n_heads;
    c.head_dim = f.has(p + "attention.key_length") ? dim(f, p + "attention.key_length", Limit::HeadDim) : c.d_model / c.n_heads;
    if (c.head_dim < 1) fail_input(f.path(), "embedding_length is smaller than head_count and no key_length is given");
    if (f.has(p + "attention.value_length") && dim(f, p + "attention.value_length", Limit::HeadDim) != c.head_dim)
        fail_input(f.path(), "attention.value_length differs from key_length, which Rotoscope does not support");
    if (f.has(p + "rope.dimension_count") && dim(f, p + "rope.dimension_count", Limit::HeadDim) != c.head_dim)
        fail_input(f.path(), "partial RoPE (rope.dimension_count != head_dim) is not supported");
    if (f.has(p + "context_length")) c.max_context = dim(f, p + "context_length", Limit::Context);
    c.rms_eps = positive(f, p + "attention.layer_norm_rms_epsilon", c.rms_eps);
    c.rope_theta = positive(f, p + "rope.freq_base", c.rope_theta);
    if (auto type = f.get_string(p + "rope.scaling.type"); type && *type != "none") {
        if (*type != "linear") fail_input(f.path(), "unsupported rope scaling type " + in_quotes(*type));
        RopeScaling s;
        s.type = "linear";
        s.factor = positive(f, p + "rope.scaling.factor", 1.0);
        c.rope_scaling = s;
    }
    if (c.n_heads % c.n_kv_heads != 0) fail_input(f.path(), "head_count is not a multiple of head_count_kv");
    if (c.head_dim % 2 != 0) fail_input(f.path(), "head dimension must be even for RoPE");

    const auto& embd = f.find_tensor(tensor_name(NameScheme::Gguf, Slot::TokEmbd));
    if (!embd) fail_input(f.path(), "missing tensor 'token_embd.weight'");
    if (embd->ne.size() != 2) fail_input(f.path(), "token_embd.weight must be 2-D");
    c.n_vocab = static_cast<int>(check_limit(Limit::Vocabulary, embd->ne[1], f.path(), "token_embd.weight's row count"));
    if (auto v = f.get_int(p + "vocab_size"); v && *v != c.n_vocab)
        fail_input(f.path(), "vocab_size " + std::to_string(*v) + " differs from token_embd rows " + std::to_string(c.n_vocab));
    c.tied_embeddings = f.find_tensor(tensor_name(NameScheme::Gguf, Slot::LmHead)) == nullptr;
    c.qkv_bias = f.find_tensor(tensor_name(NameScheme::Gguf, Slot::QBias, 0)) != nullptr;
    c.qk_norm = f.find_tensor(tensor_name(NameScheme::Gguf, Slot::QNorm, 0)) != nullptr;
    // llama.cpp permuted Q/K of "llama" files to the interleaved layout; the loader undoes that,
    // so the model computes RoPE in the half-split (NEOX) convention like the HF checkpoint.
    c.rope_style = RopeStyle::Neox;
    return c;
}

}  // namespace rs
