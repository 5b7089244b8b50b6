// Generated checkpoints for tests: a Model written as a GGUF file or as a Hugging Face
// directory, exactly as the real converters lay them out.
#pragma once
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "io/gguf_writer.h"
#include "io/safetensors_writer.h"
#include "model/model.h"

namespace rs::testing {

// llama.cpp's converter (formats.md §5.7): GGUF row h·D + 2i + j <- HF row h·D + j·D/2 + i.
inline MatrixRM permute_for_gguf(const MatrixRM& w, int n_heads, int D) {
    MatrixRM out(w.rows(), w.cols());
    for (int h = 0; h < n_heads; ++h)
        for (int i = 0; i < D / 2; ++i)
            for (int j = 0; j < 2; ++j) out.row(h * D + 2 * i + j) = w.row(h * D + j * D / 2 + i);
    return out;
}

// Writes `m` as a GGUF of architecture `arch` ("llama" files get llama.cpp's Q/K permutation);
// `extra` may add metadata (a tokenizer, say) before the file is written.
inline void write_model_gguf(const Model& m, const std::string& arch, const std::string& path,
                         const std::function<void(GgufWriter&)>& extra = {}) {
    const ModelConfig& c = m.cfg;
    GgufWriter w;
    w.set_string("general.architecture", arch);
    w.set_u32(arch + ".block_count", c.n_layers);
    w.set_u32(arch + ".embedding_length", c.d_model);
    w.set_u32(arch + ".feed_forward_length", c.d_ff);
    w.set_u32(arch + ".attention.head_count", c.n_heads);
    w.set_u32(arch + ".attention.head_count_kv", c.n_kv_heads);
    if (c.head_dim * c.n_heads != c.d_model) {
        w.set_u32(arch + ".attention.key_length", c.head_dim);
        w.set_u32(arch + ".attention.value_length", c.head_dim);
    }
    w.set_u32(arch + ".rope.dimension_count", c.head_dim);
    w.set_f32(arch + ".rope.freq_base", c.rope_theta);
    w.set_f32(arch + ".attention.layer_norm_rms_epsilon", c.rms_eps);
    const bool permute = arch == "llama";
    auto add = [&](const std::string& name, const MatrixRM& mat) {
        w.add_tensor_f32(name, {mat.cols(), mat.rows()}, std::span<const float>(mat.data(), mat.size()));
    };
    auto addv = [&](const std::string& name, const VectorF& v) {
        if (v.size()) w.add_tensor_f32(name, {v.size()}, std::span<const float>(v.data(), v.size()));
    };
    add("token_embd.weight", m.tok_embd);
    addv("output_norm.weight", m.out_norm);
    if (!c.tied_embeddings) add("output.weight", m.lm_head.w);
    for (int l = 0; l < c.n_layers; ++l) {
        const std::string p = "blk." + std::to_string(l) + ".";
        const Layer& L = m.layers[l];
        addv(p + "attn_norm.weight", L.attn_norm);
        addv(p + "ffn_norm.weight", L.ffn_norm);
        add(p + "attn_q.weight", permute ? permute_for_gguf(L.q.w, c.n_heads, c.head_dim) : L.q.w);
        add(p + "attn_k.weight", permute ? permute_for_gguf(L.k.w, c.n_kv_heads, c.head_dim) : L.k.w);
        add(p + "attn_v.weight", L.v.w);
        add(p + "attn_output.weight", L.o.w);
        add(p + "ffn_gate.weight", L.gate.w);
        add(p + "ffn_up.weight", L.up.w);
        add(p + "ffn_down.weight", L.down.w);
        addv(p + "attn_q.bias", L.q.b);
        addv(p + "attn_k.bias", L.k.b);
        addv(p + "attn_v.bias", L.v.b);
        addv(p + "attn_q_norm.weight", L.q_norm);
        addv(p + "attn_k_norm.weight", L.k_norm);
    }
    if (extra) extra(w);
    w.write(path);
}


// Writes `m` as a Hugging Face directory `d`: config.json and the weights in `shards`
// safetensors files (1 = model.safetensors, more = model-0000K-of-0000N + index).
inline void write_model_hf(const Model& m, const std::string& architecture, const std::filesystem::path& d, int shards) {
    namespace fs = std::filesystem;
    const ModelConfig& c = m.cfg;
    nlohmann::json cfg{{"architectures", {architecture}},
                       {"hidden_size", c.d_model},
                       {"intermediate_size", c.d_ff},
                       {"num_hidden_layers", c.n_layers},
                       {"num_attention_heads", c.n_heads},
                       {"num_key_value_heads", c.n_kv_heads},
                       {"head_dim", c.head_dim},
                       {"vocab_size", c.n_vocab},
                       {"rms_norm_eps", c.rms_eps},
                       {"rope_theta", c.rope_theta},
                       {"max_position_embeddings", 4096},
                       {"hidden_act", "silu"},
                       {"tie_word_embeddings", c.tied_embeddings},
                       {"torch_dtype", "float32"}};
    fs::create_directories(d);
    std::ofstream(d / "config.json") << cfg.dump(2);
    std::vector<SafetensorsWriter> writers(shards);
    nlohmann::json weight_map;
    int n = 0;
    auto put = [&](const std::string& name, const float* data, std::vector<int64_t> shape) {
        int64_t count = 1;
        for (int64_t s : shape) count *= s;
        if (count == 0) return;
        const int shard = n++ % shards;
        writers[shard].add_f32(name, shape, std::span<const float>(data, count));
        weight_map[name] = "model-0000" + std::to_string(shard + 1) + "-of-0000" + std::to_string(shards) + ".safetensors";
    };
    auto mat = [&](const std::string& name, const MatrixRM& w) { put(name, w.data(), {w.rows(), w.cols()}); };
    auto vec = [&](const std::string& name, const VectorF& v) { put(name, v.data(), {v.size()}); };
    mat("model.embed_tokens.weight", m.tok_embd);
    vec("model.norm.weight", m.out_norm);
    if (!c.tied_embeddings) mat("lm_head.weight", m.lm_head.w);
    for (int l = 0; l < c.n_layers; ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        const Layer& L = m.layers[l];
        vec(p + "input_layernorm.weight", L.attn_norm);
        vec(p + "post_attention_layernorm.weight", L.ffn_norm);
        mat(p + "self_attn.q_proj.weight", L.q.w);
        mat(p + "self_attn.k_proj.weight", L.k.w);
        mat(p + "self_attn.v_proj.weight", L.v.w);
        mat(p + "self_attn.o_proj.weight", L.o.w);
        vec(p + "self_attn.q_proj.bias", L.q.b);
        vec(p + "self_attn.k_proj.bias", L.k.b);
        vec(p + "self_attn.v_proj.bias", L.v.b);
        vec(p + "self_attn.q_norm.weight", L.q_norm);
        vec(p + "self_attn.k_norm.weight", L.k_norm);
        mat(p + "mlp.gate_proj.weight", L.gate.w);
        mat(p + "mlp.up_proj.weight", L.up.w);
        mat(p + "mlp.down_proj.weight", L.down.w);
    }
    if (shards == 1) {
        writers[0].write((d / "model.safetensors").string());
    } else {
        for (int s = 0; s < shards; ++s)
            writers[s].write((d / ("model-0000" + std::to_string(s + 1) + "-of-0000" + std::to_string(shards) + ".safetensors")).string());
        std::ofstream(d / "model.safetensors.index.json") << nlohmann::json{{"metadata", {{"total_size", 0}}}, {"weight_map", weight_map}}.dump();
    }
}


}  // namespace rs::testing
