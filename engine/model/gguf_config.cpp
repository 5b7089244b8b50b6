#include "model/gguf_config.h"

#include "core/error.h"
#include "io/gguf.h"
#include "model/arch_tensors.h"

namespace rs {
namespace {

int64_t require_int(const GgufFile& f, const std::string& key) {
    auto v = f.get_int(key);
    if (!v) fail_input(f.path(), "missing or non-integer metadata key '" + key + "'");
    if (*v <= 0 || *v > (int64_t{1} << 31)) fail_input(f.path(), "metadata key '" + key + "' has an impossible value " + std::to_string(*v));
    return *v;
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
    else fail_input(f.path(), "unsupported architecture '" + *arch + "' (supported: llama, mistral, qwen2, qwen3)");

    const std::string p = *arch + ".";
    c.d_model = static_cast<int>(require_int(f, p + "embedding_length"));
    c.n_layers = static_cast<int>(require_int(f, p + "block_count"));
    c.d_ff = static_cast<int>(require_int(f, p + "feed_forward_length"));
    c.n_heads = static_cast<int>(require_int(f, p + "attention.head_count"));
    c.n_kv_heads = f.has(p + "attention.head_count_kv") ? static_cast<int>(require_int(f, p + "attention.head_count_kv")) : c.n_heads;
    c.head_dim = f.has(p + "attention.key_length") ? static_cast<int>(require_int(f, p + "attention.key_length")) : c.d_model / c.n_heads;
    if (f.has(p + "attention.value_length") && require_int(f, p + "attention.value_length") != c.head_dim)
        fail_input(f.path(), "attention.value_length differs from key_length, which Rotoscope does not support");
    if (f.has(p + "rope.dimension_count") && require_int(f, p + "rope.dimension_count") != c.head_dim)
        fail_input(f.path(), "partial RoPE (rope.dimension_count != head_dim) is not supported");
    if (f.has(p + "context_length")) c.max_context = static_cast<int>(require_int(f, p + "context_length"));
    if (auto e = f.get_float(p + "attention.layer_norm_rms_epsilon")) c.rms_eps = static_cast<float>(*e);
    if (auto t = f.get_float(p + "rope.freq_base")) c.rope_theta = static_cast<float>(*t);
    if (auto type = f.get_string(p + "rope.scaling.type"); type && *type != "none") {
        if (*type != "linear") fail_input(f.path(), "unsupported rope scaling type '" + *type + "'");
        RopeScaling s;
        s.type = "linear";
        s.factor = static_cast<float>(f.get_float(p + "rope.scaling.factor").value_or(1.0));
        c.rope_scaling = s;
    }
    if (c.n_heads % c.n_kv_heads != 0) fail_input(f.path(), "head_count is not a multiple of head_count_kv");
    if (c.head_dim % 2 != 0) fail_input(f.path(), "head dimension must be even for RoPE");

    const auto& embd = f.find_tensor(tensor_name(NameScheme::Gguf, Slot::TokEmbd));
    if (!embd) fail_input(f.path(), "missing tensor 'token_embd.weight'");
    if (embd->ne.size() != 2) fail_input(f.path(), "token_embd.weight must be 2-D");
    c.n_vocab = static_cast<int>(embd->ne[1]);
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
