// Writes the seed corpora of the fuzzing harnesses: small valid files of every kind a user's
// file reaches, from which the fuzzer's mutations start. Reports are added by
// scripts/fuzz-seeds.sh, which runs rotoscope-cli on the tiny model written here.
//
//   fuzz_make_seeds OUT_DIR      -> OUT_DIR/<harness>/<seed files>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../engine/support/model_files.h"
#include "../engine/support/tiny_gguf.h"
#include "../engine/support/tiny_model.h"
#include "io/gguf.h"
#include "fuzz_support.h"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace rs;
using namespace rs::testing;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void put(const fs::path& dir, const std::string& name, const std::string& bytes) {
    fs::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary) << bytes;
}

// A smaller model than the tests' default, so that each seed is a few kilobytes.
ModelConfig seed_config(Arch arch) {
    ModelConfig c = tiny_config(arch);
    c.n_vocab = 24;
    c.d_model = 32;
    c.n_layers = 1;
    c.n_heads = 2;
    c.n_kv_heads = 1;
    c.head_dim = 16;
    c.d_ff = 64;
    if (arch == Arch::Qwen3) c.head_dim = 24;
    return c;
}

// A byte-level BPE tokenizer.json over a small alphabet, with an added special token.
json byte_level_tokenizer_json() {
    json vocab = json::object();
    const std::vector<std::string> toks = {"a", "b", "c", "d", "e", " ", "\xC4\xA0", "ab", "\xC4\xA0" "a", "cd"};
    for (size_t i = 0; i < toks.size(); ++i) vocab[toks[i]] = i;
    return {
        {"version", "1.0"},
        {"added_tokens", {{{"id", 10}, {"content", "<|end|>"}, {"special", true}}}},
        {"normalizer", {{"type", "NFC"}}},
        {"pre_tokenizer",
         {{"type", "Sequence"},
          {"pretokenizers",
           {{{"type", "Digits"}, {"individual_digits", true}},
            {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}}}}}},
        {"post_processor",
         {{"type", "TemplateProcessing"},
          {"single", {{{"Sequence", {{"id", "A"}, {"type_id", 0}}}}, {{"SpecialToken", {{"id", "<|end|>"}, {"type_id", 0}}}}}},
          {"special_tokens", {{"<|end|>", {{"id", "<|end|>"}, {"ids", {10}}, {"tokens", {"<|end|>"}}}}}}}},
        {"decoder", {{"type", "ByteLevel"}}},
        {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", {{"a", "b"}, {"\xC4\xA0", "a"}, {"c", "d"}}}, {"unk_token", nullptr}}},
    };
}

// A SentencePiece-style BPE tokenizer.json (Prepend/Replace normalizer, byte fallback).
json sentencepiece_tokenizer_json() {
    const std::string u2581 = "\xE2\x96\x81";
    json vocab = {{"<unk>", 0}, {"<s>", 1}, {"</s>", 2}, {"<0x41>", 3}, {"a", 4}, {"b", 5}, {u2581, 6}, {u2581 + "a", 7}, {"ab", 8}};
    return {
        {"added_tokens",
         {{{"id", 0}, {"content", "<unk>"}, {"special", true}},
          {{"id", 1}, {"content", "<s>"}, {"special", true}},
          {{"id", 2}, {"content", "</s>"}, {"special", true}}}},
        {"normalizer",
         {{"type", "Sequence"},
          {"normalizers",
           {{{"type", "Prepend"}, {"prepend", u2581}}, {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", u2581}}}}}},
        {"pre_tokenizer", nullptr},
        {"post_processor",
         {{"type", "TemplateProcessing"},
          {"single", {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}}, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
          {"special_tokens", {{"<s>", {{"id", "<s>"}, {"ids", {1}}, {"tokens", {"<s>"}}}}}}}},
        {"decoder", {{"type", "Sequence"}, {"decoders", json::array()}}},
        {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", {"a b", u2581 + " a"}}, {"byte_fallback", true}, {"unk_token", "<unk>"}}},
    };
}

const char* kTokenizerConfig = R"({"bos_token": "<s>", "eos_token": {"content": "</s>"}, "add_bos_token": true})";

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: fuzz_make_seeds OUT_DIR\n");
        return 2;
    }
    const fs::path out(argv[1]);
    const fs::path tmp = out / ".tmp";
    fs::create_directories(tmp);

    // GGUF models of each architecture, weights in several ggml types, one with a tokenizer.
    const struct {
        Arch arch;
        const char* name;
        GgmlType type;
    } ggufs[] = {{Arch::Llama, "llama", GgmlType::F32},
                 {Arch::Qwen2, "qwen2", GgmlType::F16},
                 {Arch::Qwen3, "qwen3", GgmlType::Q8_0},
                 {Arch::Mistral, "mistral", GgmlType::Q4_1}};
    for (const auto& g : ggufs) {
        ModelConfig c = seed_config(g.arch);
        if (g.type == GgmlType::F32) c.n_vocab = 260;  // the byte-level tokenizer's 260 tokens
        const Model m = random_model(c, 7);
        const std::string path = (tmp / (std::string(g.name) + ".gguf")).string();
        if (g.type == GgmlType::F32) {
            write_model_gguf(m, g.name, path, [](GgufWriter& w) { add_tiny_byte_bpe_tokenizer(w); });
        } else {
            // Rewrite every tensor whose rows fit the type's blocks in that type.
            GgufWriter w;
            write_model_gguf(m, g.name, path);
            const auto f = GgufFile::open(path);
            for (const std::string& key : f->metadata_keys()) w.set_value(key, *f->find(key));
            for (const auto& t : f->tensors()) {
                const std::vector<float> v = f->read_f32(t);
                const bool fits = t.ne[0] % 32 == 0;
                w.add_tensor_f32(t.name, t.ne, v, fits ? g.type : GgmlType::F32);
            }
            w.write(path);
        }
        put(out / "gguf_model", std::string(g.name) + ".gguf", slurp(path));
    }

    // GGUF tokenizers: the byte-level one above, a SentencePiece one.
    {
        GgufWriter w;
        add_tiny_byte_bpe_tokenizer(w, true);
        const auto gpt2 = w.to_bytes();
        put(out / "gguf_tokenizer", "gpt2.gguf", std::string(reinterpret_cast<const char*>(gpt2.data()), gpt2.size()));
        GgufWriter s;
        s.set_string("general.architecture", "llama");
        s.set_string("tokenizer.ggml.model", "llama");
        s.set_array_strings("tokenizer.ggml.tokens", {"<unk>", "<s>", "</s>", "<0x41>", "\xE2\x96\x81", "a", "b", "\xE2\x96\x81" "a", "ab"});
        s.set_array_f32("tokenizer.ggml.scores", {0, 0, 0, 0, -1, -2, -3, -4, -5});
        s.set_array_i32("tokenizer.ggml.token_type", {2, 3, 3, 6, 1, 1, 1, 1, 1});
        s.set_u32("tokenizer.ggml.bos_token_id", 1);
        s.set_u32("tokenizer.ggml.eos_token_id", 2);
        const auto bytes = s.to_bytes();
        put(out / "gguf_tokenizer", "spm.gguf", std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    }

    // Hugging Face directories: config.json, model.safetensors, tokenizer.json,
    // tokenizer_config.json as one input (parts), plus the pieces alone.
    const struct {
        Arch arch;
        const char* cls;
    } hfs[] = {{Arch::Llama, "LlamaForCausalLM"}, {Arch::Qwen2, "Qwen2ForCausalLM"}, {Arch::Qwen3, "Qwen3ForCausalLM"}};
    for (const auto& h : hfs) {
        ModelConfig c = seed_config(h.arch);
        c.tied_embeddings = h.arch != Arch::Llama;
        const Model m = random_model(c, 9);
        const fs::path d = tmp / h.cls;
        write_model_hf(m, h.cls, d, 1);
        const std::string config = slurp(d / "config.json"), st = slurp(d / "model.safetensors");
        const std::string tok = h.arch == Arch::Llama ? sentencepiece_tokenizer_json().dump() : byte_level_tokenizer_json().dump();
        put(out / "hf_model", std::string(h.cls) + ".parts", rs::fuzz::join_parts({config, st, tok, kTokenizerConfig}));
        put(out / "hf_config", std::string(h.cls) + ".json", config);
        put(out / "safetensors", std::string(h.cls) + ".safetensors", st);
        // Sharded: index + two shards.
        const fs::path ds = tmp / (std::string(h.cls) + "-sharded");
        write_model_hf(m, h.cls, ds, 2);
        put(out / "safetensors_dir", std::string(h.cls) + ".parts",
            rs::fuzz::join_parts({slurp(ds / "model.safetensors.index.json"), slurp(ds / "model-00001-of-00002.safetensors"),
                                  slurp(ds / "model-00002-of-00002.safetensors")}));
    }
    put(out / "hf_config", "rope-scaling.json",
        R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1,
            "num_attention_heads": 2, "num_key_value_heads": 1, "vocab_size": 24, "rms_norm_eps": 1e-5,
            "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                             "original_max_position_embeddings": 8192}, "eos_token_id": [1, 2], "bos_token_id": 0})");

    // tokenizer.json (+ tokenizer_config.json + config.json) inputs.
    put(out / "tokenizer_json", "byte-level.parts",
        rs::fuzz::join_parts({byte_level_tokenizer_json().dump(), kTokenizerConfig, R"({"bos_token_id": 1, "eos_token_id": [2]})"}));
    put(out / "tokenizer_json", "sentencepiece.parts", rs::fuzz::join_parts({sentencepiece_tokenizer_json().dump(), kTokenizerConfig, "{}"}));

    // Raw float32 inputs of `fq`: a first line "<format spec> <cols>", then the values.
    const std::vector<float> values = {0.5f, -1.25f, 3.0f, 1e-3f, -7.5f, 0.0f, 2.5f, -0.1f, 65504.0f, -448.0f, 1e-8f, 6.0f,
                                       0.75f, -2.0f, 1.5f, 4.0f, -3.5f, 0.25f, 9.0f, -12.0f, 0.125f, 5.5f, -0.5f, 1.0f,
                                       2.0f, -4.0f, 8.0f, -16.0f, 0.3f, -0.7f, 1.1f, -1.9f};
    const std::string raw(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
    for (const char* spec : {"int4:g16 16", "int8:asym:token 32", "mxfp4 32", "nvfp4 16", "fp8_e4m3 8", "nf4 32", "mxfp6_e3m2:ceil 32",
                             "int3:channel:mse 16", "mxint8 32", "int4:clip0.9 8"}) {
        std::string name = spec;
        for (char& ch : name)
            if (ch == ' ' || ch == ':') ch = '_';
        put(out / "fq_input", name + ".bin", std::string(spec) + "\n" + raw);
    }

    fs::remove_all(tmp);
    std::printf("seeds written to %s\n", out.c_str());
    return 0;
}
