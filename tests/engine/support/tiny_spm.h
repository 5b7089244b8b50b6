// A tiny SentencePiece-style BPE tokenizer for tests: byte fallback, a dummy prefix and three
// scored merges whose score order differs from their id order.
#pragma once
#include <cstdio>
#include <string>

#include "tokenizer/tokenizer_spec.h"

namespace rs::testing {

inline const std::string kU2581 = "\xE2\x96\x81";

// 0 <unk>, 1 <s>, 2 </s>, 3..258 <0x00>..<0xFF>, 259 ▁, 260 a, 261 b, 262 c,
// 263 ab (-3), 264 bc (-1), 265 ▁a (-2)
inline TokenizerSpec tiny_spm_spec() {
    TokenizerSpec s;
    s.kind = TokenizerKind::SentencePiece;
    s.tokens = {"<unk>", "<s>", "</s>"};
    s.token_types = {2, 3, 3};
    for (int b = 0; b < 256; ++b) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "<0x%02X>", b);
        s.tokens.push_back(buf);
        s.token_types.push_back(static_cast<int32_t>(TokenType::Byte));
    }
    for (const std::string& t : {kU2581, std::string("a"), std::string("b"), std::string("c"), std::string("ab"),
                                 std::string("bc"), kU2581 + "a"}) {
        s.tokens.push_back(t);
        s.token_types.push_back(1);
    }
    s.scores.assign(s.tokens.size(), 0.0f);
    s.scores[263] = -3;
    s.scores[264] = -1;
    s.scores[265] = -2;
    s.bos_id = 1;
    s.eos_id = 2;
    s.unk_id = 0;
    s.add_bos = true;
    s.add_space_prefix = true;
    s.source = "tiny-spm";
    return s;
}

}  // namespace rs::testing
