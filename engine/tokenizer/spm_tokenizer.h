// SentencePiece-style BPE as llama.cpp runs it for GGUF tokenizer.ggml.model "llama":
// spaces become U+2581, an optional dummy '▁' prefix, then repeatedly the adjacent pair whose
// concatenation is a vocabulary entry with the highest score is merged; characters outside the
// vocabulary fall back to <0xNN> byte tokens.
#pragma once
#include <array>

#include "tokenizer/tokenizer.h"

namespace rs {

class SpmTokenizer final : public Tokenizer {
public:
    explicit SpmTokenizer(const TokenizerSpec& spec);

    std::vector<int32_t> encode(std::string_view text, bool add_special, bool parse_special = false) const override;
    std::string token_to_piece(int32_t id) const override;

private:
    // `text` has its spaces already replaced by U+2581.
    void encode_escaped(std::string_view text, std::vector<int32_t>& out) const;
    int byte_value(int32_t id) const;  // 0..255 for a <0xNN> byte token, else -1

    std::array<int32_t, 256> byte_tok_{};  // byte -> <0xNN> token id, or -1
};

}  // namespace rs
