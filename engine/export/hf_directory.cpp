#include "export/hf_directory.h"

#include <fmt/format.h>

#include <fstream>

#include "core/error.h"
#include "io/hf_config.h"
#include "tokenizer/hf_tokenizer_writer.h"

namespace rs {
namespace {

using json = nlohmann::json;

// A float as its shortest decimal, so that 1e-5f is written 1e-05 and reads back as that float.
json float_json(float f) { return json::parse(fmt::format("{}", f)); }

const char* torch_dtype(ExportDtype d) {
    switch (d) {
        case ExportDtype::F32: return "float32";
        case ExportDtype::F16: return "float16";
        case ExportDtype::BF16: return "bfloat16";
    }
    return "float32";
}

json rope_scaling_json(const ModelConfig& c) {
    if (!c.rope_scaling) return nullptr;
    const RopeScaling& r = *c.rope_scaling;
    if (r.type == "llama3")
        return {{"rope_type", "llama3"},
                {"factor", float_json(r.factor)},
                {"low_freq_factor", float_json(r.low_freq_factor)},
                {"high_freq_factor", float_json(r.high_freq_factor)},
                {"original_max_position_embeddings", r.original_context}};
    if (r.type == "linear") return {{"rope_type", "linear"}, {"factor", float_json(r.factor)}};
    fail_input("config.json", "RoPE scaling " + r.type + " has no config.json spelling");
}

void write_json(const std::filesystem::path& path, const json& j) {
    std::ofstream out(path, std::ios::binary);
    out << j.dump(2) << "\n";
    if (!out.flush()) fail_input(path.string(), "cannot write");
}

}  // namespace

json hf_config_json(const ModelConfig& c, const TokenizerSpec& tok, ExportDtype dtype) {
    json j = {{"architectures", json::array({hf_architecture_class(c.arch)})},
              {"model_type", hf_model_type(c.arch)},
              {"vocab_size", c.n_vocab},
              {"hidden_size", c.d_model},
              {"intermediate_size", c.d_ff},
              {"num_hidden_layers", c.n_layers},
              {"num_attention_heads", c.n_heads},
              {"num_key_value_heads", c.n_kv_heads},
              {"head_dim", c.head_dim},
              {"hidden_act", "silu"},
              {"max_position_embeddings", c.max_context},
              {"rms_norm_eps", float_json(c.rms_eps)},
              {"rope_theta", float_json(c.rope_theta)},
              {"rope_scaling", rope_scaling_json(c)},
              {"tie_word_embeddings", c.tied_embeddings},
              {"torch_dtype", torch_dtype(dtype)},
              {"use_cache", true}};
    if (c.arch == Arch::Llama || c.arch == Arch::Qwen3) {
        // Llama's attention_bias adds an o_proj bias as well, which the model has no slot for.
        if (c.qkv_bias && c.arch == Arch::Llama) fail_input("config.json", "q/k/v biases without an o_proj bias have no Llama config.json spelling");
        j["attention_bias"] = false;
        j["mlp_bias"] = false;
    }
    if (c.arch == Arch::Qwen2 || c.arch == Arch::Qwen3) j["use_sliding_window"] = false;
    if (c.arch == Arch::Mistral) j["sliding_window"] = nullptr;
    if (tok.bos_id >= 0) j["bos_token_id"] = tok.bos_id;
    if (tok.eos_id >= 0) j["eos_token_id"] = tok.eos_id;
    if (tok.pad_id >= 0) j["pad_token_id"] = tok.pad_id;
    return j;
}

HfDirectoryWriter::HfDirectoryWriter(ExportContext context)
    : ctx_(std::move(context)), shards_(ctx_.staging, ctx_.options.max_shard_bytes) {
    shards_.set_metadata("format", "pt");
    // What could refuse is built now, before any tensor is computed, and written by finish().
    config_ = hf_config_json(ctx_.cfg, ctx_.tokenizer, ctx_.options.dtype);
    if (ctx_.tokenizer.kind != TokenizerKind::None) tokenizer_json_ = hf_tokenizer_json(ctx_.tokenizer);
}

StDtype HfDirectoryWriter::float_dtype() const {
    switch (ctx_.options.dtype) {
        case ExportDtype::F32: return StDtype::F32;
        case ExportDtype::F16: return StDtype::F16;
        case ExportDtype::BF16: return StDtype::BF16;
    }
    return StDtype::F32;
}

void HfDirectoryWriter::add(const ExportTensor& t) {
    const std::string name = tensor_name(NameScheme::HuggingFace, t.slot, t.layer);
    if (t.codes && add_quantized(name, t)) return;
    // Norms stay in float32 where the model computes them; transformers casts on load anyway.
    shards_.add_f32(name, t.shape, t.values, float_dtype());
}

std::vector<std::string> HfDirectoryWriter::finish() {
    std::vector<std::string> files = shards_.finish();
    const std::filesystem::path& d = ctx_.staging;
    json config = config_;
    extend_config(config);
    write_json(d / "config.json", config);
    json gen = json::object();
    if (ctx_.tokenizer.bos_id >= 0) gen["bos_token_id"] = ctx_.tokenizer.bos_id;
    if (ctx_.tokenizer.eos_id >= 0) gen["eos_token_id"] = ctx_.tokenizer.eos_id;
    if (ctx_.tokenizer.pad_id >= 0) gen["pad_token_id"] = ctx_.tokenizer.pad_id;
    write_json(d / "generation_config.json", gen);
    files.insert(files.end(), {"config.json", "generation_config.json"});
    if (ctx_.tokenizer.kind != TokenizerKind::None) {
        write_json(d / "tokenizer.json", tokenizer_json_);
        write_json(d / "tokenizer_config.json", hf_tokenizer_config(ctx_.tokenizer, ctx_.cfg.max_context, ctx_.tokenizer.chat_template));
        files.insert(files.end(), {"tokenizer.json", "tokenizer_config.json"});
    }
    write_json(d / kExportProvenanceFile, json::parse(ctx_.provenance_json));
    files.push_back(kExportProvenanceFile);
    return files;
}

}  // namespace rs
