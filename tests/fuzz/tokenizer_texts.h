// Builds a tokenizer from a fuzzed spec and runs it over texts that reach its special-token
// splitting, byte fallback, pre-tokenizer regexes and decoding.
#pragma once
#include <string>

#include "tokenizer/tokenizer.h"

namespace rs::fuzz {

inline void exercise_tokenizer(const TokenizerSpec& spec) {
    if (spec.kind == TokenizerKind::None) return;
    const auto tok = make_tokenizer(spec);
    static constexpr char kWithNul[] = "invalid \xFF\xFE utf-8 \xC3 and a NUL \0 byte";
    static const std::string texts[] = {
        "The quick brown fox, 12345 jumps!",
        "  leading spaces and\ttabs\nnew lines\r\n",
        "caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80 \xE2\x96\x81",
        "<s>a</s><|end|><|endoftext|><user>ab",
        std::string(kWithNul, sizeof kWithNul - 1),
        "",
    };
    for (const std::string& t : texts) {
        for (bool special : {false, true}) {
            const auto ids = tok->encode(t, special, special);
            tok->decode(ids);
            for (int32_t id : ids) tok->token_to_piece(id);
        }
    }
    for (int32_t id : {-1, 0, 1, tok->n_vocab() - 1, tok->n_vocab(), 1 << 30}) {
        tok->token_to_piece(id);
        tok->token_text(id);
    }
}

}  // namespace rs::fuzz
