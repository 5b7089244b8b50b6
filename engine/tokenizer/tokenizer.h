// Text <-> token ids for the models we load. Built from a TokenizerSpec (GGUF metadata or
// HF tokenizer.json); the goal is id-for-id agreement with llama.cpp on the same file.
// All methods are const and keep no shared mutable state: one Tokenizer may serve many threads.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tokenizer/tokenizer_spec.h"

namespace rs {

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    // add_special: prepend BOS / append EOS as spec.add_bos / spec.add_eos say.
    // parse_special: recognise control-token texts such as "<|im_start|>" inside the text
    // (llama.cpp's parse_special). User-defined tokens are recognised either way, as in llama.cpp.
    virtual std::vector<int32_t> encode(std::string_view text, bool add_special,
                                        bool parse_special = false) const = 0;

    // Bytes of one token: byte-level pieces unmapped to raw bytes, SPM '▁' -> ' ' and <0xNN> ->
    // the byte. Control, user-defined and unknown tokens render as their text (llama.cpp's
    // special=true rendering). Out-of-range ids give "".
    virtual std::string token_to_piece(int32_t id) const = 0;

    // Concatenated pieces, dropping a leading BOS (add_bos) and trailing EOS (add_eos) that
    // encode(..., add_special=true) would have added. SPM with add_space_prefix also loses one
    // leading space of the first piece, as llama.cpp's detokenizer does, so that
    // decode(encode(t, true)) == t.
    std::string decode(const std::vector<int32_t>& ids) const;

    const std::string& token_text(int32_t id) const;  // raw vocabulary string ("" if out of range)
    int32_t n_vocab() const { return static_cast<int32_t>(spec_.tokens.size()); }
    int32_t bos() const { return spec_.bos_id; }
    int32_t eos() const { return spec_.eos_id; }
    bool add_bos() const { return spec_.add_bos; }
    // EOS, or another end-of-generation token recognised by its text ("<|im_end|>", ...).
    bool is_eog(int32_t id) const { return eog_.count(id) != 0; }
    // The spec as used: EOG-looking tokens ("<|im_end|>", ...) carry type Control, as llama.cpp
    // forces, and an SPM spec without token types has its <0xNN> tokens typed Byte.
    const TokenizerSpec& spec() const { return spec_; }

    // Vocabulary lookup by exact text; -1 if absent.
    int32_t token_id(std::string_view text) const;

protected:
    explicit Tokenizer(TokenizerSpec spec);

    TokenType type_of(int32_t id) const;

    // A run of text to tokenize normally, or a special token found in it.
    struct Fragment {
        std::string_view text;
        int32_t token = -1;  // >= 0: emit this id, text is its span
    };
    // Splits text at occurrences of special tokens (control/unknown only with parse_special,
    // user-defined always). Longest token texts are cut out first, like llama.cpp.
    std::vector<Fragment> split_special(std::string_view text, bool parse_special) const;

    TokenizerSpec spec_;

private:
    struct StringHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };

protected:
    std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>> text_to_id_;

private:
    std::vector<int32_t> special_;  // candidates for split_special, longest text first
    std::unordered_set<int32_t> eog_;
};

// Builds the tokenizer a spec describes. rs::Error (BadInput) when the spec carries no
// tokenizer, names an unsupported pre-tokenizer, or is inconsistent.
std::unique_ptr<Tokenizer> make_tokenizer(const TokenizerSpec& spec);

}  // namespace rs
