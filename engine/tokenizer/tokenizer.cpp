#include "tokenizer/tokenizer.h"

#include <algorithm>

#include "core/error.h"
#include "core/untrusted_text.h"
#include "tokenizer/bpe_tokenizer.h"
#include "tokenizer/pretokenizer.h"
#include "tokenizer/spm_tokenizer.h"

namespace rs {

const char* tokenizer_kind_name(TokenizerKind k) {
    switch (k) {
        case TokenizerKind::None: return "none";
        case TokenizerKind::ByteLevelBpe: return "byte-level BPE";
        case TokenizerKind::SentencePiece: return "SentencePiece BPE";
    }
    return "unknown";
}

namespace {

// End-of-generation markers of the chat models around; GGUF names only one EOS id, so
// llama.cpp recognises the others by text, and so do we.
constexpr const char* kEogTexts[] = {
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<end_of_turn>", "<|endoftext|>",
    "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "<|end_of_text|>", "<end_of_utterance>", "<eos>",
    "<\xEF\xBD\x9C" "end\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>",  // DeepSeek's fullwidth bars
};

}  // namespace

Tokenizer::Tokenizer(TokenizerSpec spec) : spec_(std::move(spec)) {
    const auto n = static_cast<int32_t>(spec_.tokens.size());
    text_to_id_.reserve(spec_.tokens.size());
    // Later duplicates win, as in llama.cpp's token_to_id map.
    for (int32_t id = 0; id < n; ++id)
        if (!spec_.tokens[id].empty()) text_to_id_[spec_.tokens[id]] = id;

    // EOG markers always act as control tokens, whatever the file says (llama.cpp overrides
    // their type the same way), so they are cut out of text and rendered verbatim.
    if (spec_.eos_id >= 0) eog_.insert(spec_.eos_id);
    for (const char* text : kEogTexts) {
        const int32_t id = token_id(text);
        if (id < 0) continue;
        eog_.insert(id);
        if (type_of(id) != TokenType::Control) {
            if (spec_.token_types.empty()) spec_.token_types.assign(n, static_cast<int32_t>(TokenType::Normal));
            spec_.token_types[id] = static_cast<int32_t>(TokenType::Control);
        }
    }

    for (int32_t id = 0; id < n; ++id) {
        const TokenType t = type_of(id);
        if ((t == TokenType::Control || t == TokenType::UserDefined || t == TokenType::Unknown) &&
            !spec_.tokens[id].empty())
            special_.push_back(id);
    }
    std::stable_sort(special_.begin(), special_.end(), [&](int32_t a, int32_t b) {
        return spec_.tokens[a].size() > spec_.tokens[b].size();
    });
}

int32_t Tokenizer::token_id(std::string_view text) const {
    auto it = text_to_id_.find(text);
    return it == text_to_id_.end() ? -1 : it->second;
}

TokenType Tokenizer::type_of(int32_t id) const {
    if (id < 0 || static_cast<size_t>(id) >= spec_.token_types.size()) return TokenType::Normal;
    return static_cast<TokenType>(spec_.token_types[id]);
}

const std::string& Tokenizer::token_text(int32_t id) const {
    static const std::string empty;
    if (id < 0 || id >= n_vocab()) return empty;
    return spec_.tokens[id];
}

std::vector<Tokenizer::Fragment> Tokenizer::split_special(std::string_view text, bool parse_special) const {
    if (text.empty()) return {};  // no fragment at all, so SPM adds no dummy prefix either
    std::vector<Fragment> frags{{text, -1}}, next;
    for (int32_t id : special_) {
        const TokenType t = type_of(id);
        if (!parse_special && (t == TokenType::Control || t == TokenType::Unknown)) continue;
        const std::string& tok = spec_.tokens[id];
        if (text.find(tok) == std::string_view::npos) continue;  // cheap reject for most tokens
        next.clear();
        for (const Fragment& f : frags) {
            if (f.token >= 0) {
                next.push_back(f);
                continue;
            }
            size_t pos = 0;
            for (size_t hit; (hit = f.text.find(tok, pos)) != std::string_view::npos; pos = hit + tok.size()) {
                if (hit > pos) next.push_back({f.text.substr(pos, hit - pos), -1});
                next.push_back({f.text.substr(hit, tok.size()), id});
            }
            if (pos < f.text.size()) next.push_back({f.text.substr(pos), -1});
        }
        frags.swap(next);
    }
    return frags;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids) const {
    size_t begin = 0, end = ids.size();
    if (spec_.add_bos && begin < end && ids[begin] == spec_.bos_id) ++begin;
    if (spec_.add_eos && end > begin && ids[end - 1] == spec_.eos_id) --end;
    std::string out;
    for (size_t i = begin; i < end; ++i) {
        std::string piece = token_to_piece(ids[i]);
        if (i == begin && spec_.kind == TokenizerKind::SentencePiece && spec_.add_space_prefix &&
            !piece.empty() && piece[0] == ' ')
            piece.erase(0, 1);
        out += piece;
    }
    return out;
}

std::unique_ptr<Tokenizer> make_tokenizer(const TokenizerSpec& spec) {
    const std::string& src = spec.source;
    if (spec.kind == TokenizerKind::None) fail_input(src, "the file carries no tokenizer");
    if (spec.tokens.empty()) fail_input(src, "tokenizer has an empty vocabulary");
    const size_t n = spec.tokens.size();
    if (!spec.token_types.empty() && spec.token_types.size() != n)
        fail_input(src, "tokenizer has " + std::to_string(spec.token_types.size()) + " token types for " +
                            std::to_string(n) + " tokens");
    if (!spec.scores.empty() && spec.scores.size() != n)
        fail_input(src, "tokenizer has " + std::to_string(spec.scores.size()) + " scores for " +
                            std::to_string(n) + " tokens");
    auto check_id = [&](int32_t id, const char* what) {
        if (id < -1 || id >= static_cast<int32_t>(n))
            fail_input(src, std::string("tokenizer ") + what + " id " + std::to_string(id) +
                                " is outside the vocabulary of " + std::to_string(n));
    };
    check_id(spec.bos_id, "BOS");
    check_id(spec.eos_id, "EOS");
    check_id(spec.unk_id, "UNK");
    check_id(spec.pad_id, "PAD");
    if (spec.add_bos && spec.bos_id < 0) fail_input(src, "tokenizer asks for a BOS token but names none");
    if (spec.add_eos && spec.eos_id < 0) fail_input(src, "tokenizer asks for an EOS token but names none");

    switch (spec.kind) {
        case TokenizerKind::ByteLevelBpe:
            if (!PreTokenizer::is_supported(spec.pre))
                fail_input(src, "unsupported pre-tokenizer " + in_quotes(spec.pre) +
                                    " (supported: " + PreTokenizer::supported_names() + ")");
            return std::make_unique<BpeTokenizer>(spec);
        case TokenizerKind::SentencePiece:
            return std::make_unique<SpmTokenizer>(spec);
        case TokenizerKind::None: break;
    }
    fail_input(src, "unknown tokenizer kind");
}

}  // namespace rs
