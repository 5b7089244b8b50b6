// GPT-2 style byte-level BPE (GGUF tokenizer.ggml.model "gpt2", HF ByteLevel + BPE):
// special-token split -> optional NFC -> regex pre-tokenizer -> bytes_to_unicode -> ranked merges.
#pragma once
#include <array>
#include <memory>
#include <unordered_map>

#include "tokenizer/pretokenizer.h"
#include "tokenizer/tokenizer.h"

namespace rs {

class BpeTokenizer final : public Tokenizer {
public:
    explicit BpeTokenizer(const TokenizerSpec& spec);

    std::vector<int32_t> encode(std::string_view text, bool add_special, bool parse_special = false) const override;
    std::string token_to_piece(int32_t id) const override;

private:
    struct Merge {
        int32_t rank;
        int32_t result;  // symbol id of the merged text
    };
    struct WordCache;

    // Symbols are vocabulary ids, or ids >= n_vocab for merge operands/results that the
    // vocabulary lacks; those exist so that odd merge lists behave exactly as llama.cpp's
    // string-keyed merging, at the price of a byte fallback on output.
    int32_t intern(const std::string& text);
    void encode_word(std::string_view word, std::vector<int32_t>& out) const;
    void emit_symbol(int32_t sym, std::vector<int32_t>& out) const;

    std::unique_ptr<PreTokenizer> pre_;
    std::unordered_map<uint64_t, Merge> merges_;  // (left << 32 | right) -> merge
    std::unordered_map<std::string, int32_t> extra_ids_;
    std::vector<std::string> extra_texts_;        // symbol id - n_vocab -> text
    std::array<int32_t, 256> byte_sym_{};         // raw byte -> symbol of its stand-in char
    bool ignore_merges_ = false;
};

}  // namespace rs
