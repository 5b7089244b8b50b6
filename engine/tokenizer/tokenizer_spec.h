// Everything a tokenizer needs, as plain data. Filled either from GGUF metadata
// (tokenizer.ggml.*) or from a Hugging Face tokenizer.json, then handed to make_tokenizer().
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace rs {

enum class TokenizerKind {
    None,           // the file carries no tokenizer
    ByteLevelBpe,   // GPT-2 style: bytes_to_unicode + ranked merges (GGUF "gpt2", HF ByteLevel)
    SentencePiece,  // SentencePiece-style BPE: scores, U+2581 spaces, <0xNN> byte fallback (GGUF "llama")
};

// GGUF token_type values.
enum class TokenType : int32_t { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

struct TokenizerSpec {
    TokenizerKind kind = TokenizerKind::None;
    // Pre-tokenizer name in llama.cpp's vocabulary ("default"/"gpt2", "smollm", "llama-bpe",
    // "qwen2", ...). For HF files it is derived from the pre_tokenizer section.
    std::string pre = "default";
    std::vector<std::string> tokens;       // id -> piece (byte-level: in bytes_to_unicode space)
    std::vector<float> scores;             // SentencePiece scores (may be empty for BPE)
    std::vector<int32_t> token_types;      // TokenType per id (may be empty: all Normal)
    std::vector<std::string> merges;       // "a b" per rank (byte-level BPE)
    int32_t bos_id = -1, eos_id = -1, unk_id = -1, pad_id = -1;
    bool add_bos = false;
    bool add_eos = false;
    bool add_space_prefix = false;  // SentencePiece dummy prefix
    bool ignore_merges = false;     // HF BPE ignore_merges (Llama-3)
    bool nfc = false;               // NFC normalizer (Qwen2)
    std::string chat_template;      // the source's Jinja chat template, when it has one
    std::string source;             // where it came from, for messages
};

const char* tokenizer_kind_name(TokenizerKind k);

}  // namespace rs
