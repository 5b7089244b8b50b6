// A tiny Llama GGUF with a real tokenizer (byte-level BPE over the 256 byte symbols plus a few
// merges), for tests that drive the CLI or the GUI end to end without the bundled model.
#pragma once
#include <fstream>
#include <string>
#include <vector>

#include "model_files.h"
#include "tiny_model.h"

namespace rs::testing {

// GPT-2 bytes_to_unicode, written out for the test vocabulary.
inline std::string byte_symbol(int b) {
    static const std::vector<int> cps = [] {
        std::vector<int> map(256, -1);
        int n = 0;
        for (int x = 0; x < 256; ++x)
            if ((x >= 0x21 && x <= 0x7E) || (x >= 0xA1 && x <= 0xAC) || (x >= 0xAE && x <= 0xFF)) map[x] = x;
        for (int x = 0; x < 256; ++x)
            if (map[x] < 0) map[x] = 256 + n++;
        return map;
    }();
    const int cp = cps[b];
    std::string s;
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return s;
}

// Byte-level BPE over the 256 byte symbols, three merges and an end-of-text token (259, which
// is both BOS and EOS), as GGUF "gpt2" tokenizer metadata.
inline void add_tiny_byte_bpe_tokenizer(GgufWriter& w, bool add_bos = false) {
    w.set_string("general.name", "tiny");
    w.set_u32("llama.context_length", 4096);
    w.set_string("tokenizer.ggml.model", "gpt2");
    w.set_string("tokenizer.ggml.pre", "default");
    std::vector<std::string> toks;
    for (int b = 0; b < 256; ++b) toks.push_back(byte_symbol(b));
    toks.insert(toks.end(), {"Ġt", "he", "Ġthe", "<|endoftext|>"});
    w.set_array_strings("tokenizer.ggml.tokens", toks);
    std::vector<int32_t> types(toks.size(), 1);
    types.back() = 3;
    w.set_array_i32("tokenizer.ggml.token_type", types);
    w.set_array_strings("tokenizer.ggml.merges", {"Ġ t", "h e", "Ġt he"});
    w.set_u32("tokenizer.ggml.eos_token_id", 259);
    w.set_u32("tokenizer.ggml.bos_token_id", 259);
    if (add_bos) w.set_bool("tokenizer.ggml.add_bos_token", true);
}

// A random Llama of shape `c` with that tokenizer (so a 260-token vocabulary, tied embeddings)
// written to `path`.
inline void write_tiny_gguf(const std::string& path, ModelConfig c, uint32_t seed, bool add_bos = false) {
    c.n_vocab = 260;
    c.tied_embeddings = true;
    const Model m = random_model(c, seed);
    write_model_gguf(m, "llama", path, [add_bos](GgufWriter& w) { add_tiny_byte_bpe_tokenizer(w, add_bos); });
}

// The tiny Llama of tiny_config with `d_model` and `n_layers`.
inline void write_tiny_gguf(const std::string& path, int d_model = 32, int n_layers = 2, bool add_bos = false,
                            uint32_t seed = 5) {
    ModelConfig c = tiny_config(Arch::Llama);
    c.d_model = d_model;
    c.n_layers = n_layers;
    c.head_dim = d_model / c.n_heads;
    write_tiny_gguf(path, c, seed, add_bos);
}

// A corpus the tiny tokenizer reads: "the cat sat on the mat 0. the cat sat on the mat 1. ...",
// `sentences` of them, written to `path`.
inline void write_tiny_corpus(const std::string& path, int sentences = 200) {
    std::string text;
    for (int i = 0; i < sentences; ++i) text += "the cat sat on the mat " + std::to_string(i) + ". ";
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace rs::testing
