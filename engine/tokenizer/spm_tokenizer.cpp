#include "tokenizer/spm_tokenizer.h"

#include <cstdio>
#include <queue>

#include "tokenizer/unicode_utils.h"

namespace rs {

namespace {

constexpr std::string_view kSpace = "\xE2\x96\x81";  // U+2581, SentencePiece's visible space

// Spaces -> U+2581, optionally behind one more as the dummy prefix.
std::string escape_spaces(std::string_view s, bool dummy_prefix) {
    std::string out;
    out.reserve(s.size() + s.size() / 4 + 3);
    if (dummy_prefix) out += kSpace;
    for (char c : s) {
        if (c == ' ') out += kSpace;
        else out += c;
    }
    return out;
}

int parse_byte_token(const std::string& t) {
    if (t.size() != 6 || t[0] != '<' || t[1] != '0' || t[2] != 'x' || t[5] != '>') return -1;
    auto hex = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    const int hi = hex(t[3]), lo = hex(t[4]);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

}  // namespace

SpmTokenizer::SpmTokenizer(const TokenizerSpec& spec) : Tokenizer(spec) {
    for (int b = 0; b < 256; ++b) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "<0x%02X>", b);
        byte_tok_[b] = token_id(buf);
    }
    // Without token types, trust the <0xNN> spelling alone.
    if (spec.token_types.empty()) {
        spec_.token_types.resize(spec_.tokens.size(), static_cast<int32_t>(TokenType::Normal));
        for (int32_t id : byte_tok_)
            if (id >= 0) spec_.token_types[id] = static_cast<int32_t>(TokenType::Byte);
    }
}

int SpmTokenizer::byte_value(int32_t id) const {
    return type_of(id) == TokenType::Byte ? parse_byte_token(spec_.tokens[id]) : -1;
}

void SpmTokenizer::encode_escaped(std::string_view text, std::vector<int32_t>& out) const {
    struct Sym {
        int32_t start, len, prev, next;
    };
    struct Cand {
        float score;
        int32_t left, right, len;
        bool operator<(const Cand& o) const {  // pop highest score, then leftmost
            return score != o.score ? score < o.score : left > o.left;
        }
    };
    std::vector<Sym> syms;
    for (size_t pos = 0; pos < text.size();) {
        const size_t len = std::min(text.size() - pos, unicode::utf8_seq_len(static_cast<unsigned char>(text[pos])));
        const auto idx = static_cast<int32_t>(syms.size());
        syms.push_back({static_cast<int32_t>(pos), static_cast<int32_t>(len), idx - 1, -1});
        if (idx > 0) syms[idx - 1].next = idx;
        pos += len;
    }

    std::priority_queue<Cand> heap;
    auto consider = [&](int32_t left) {
        if (left < 0 || syms[left].next < 0) return;
        const Sym& l = syms[left];
        const Sym& r = syms[l.next];
        const int32_t id = token_id(text.substr(l.start, l.len + r.len));
        if (id < 0) return;
        const float score = spec_.scores.empty() ? 0.0f : spec_.scores[id];
        heap.push({score, left, l.next, l.len + r.len});
    };
    for (int32_t i = 0; i + 1 < static_cast<int32_t>(syms.size()); ++i) consider(i);

    while (!heap.empty()) {
        const Cand c = heap.top();
        heap.pop();
        Sym& l = syms[c.left];
        Sym& r = syms[c.right];
        // Stale if either side has merged since: lengths no longer add up (or one is gone).
        if (l.len == 0 || r.len == 0 || l.len + r.len != c.len) continue;
        l.len += r.len;
        r.len = 0;
        l.next = r.next;
        if (r.next >= 0) syms[r.next].prev = c.left;
        consider(l.prev);
        consider(c.left);
    }

    for (int32_t i = syms.empty() ? -1 : 0; i >= 0; i = syms[i].next) {
        const std::string_view piece = text.substr(syms[i].start, syms[i].len);
        if (const int32_t id = token_id(piece); id >= 0) {
            out.push_back(id);
            continue;
        }
        // Only single characters can be missing (every merge result is in the vocabulary).
        for (unsigned char b : piece) {
            if (byte_tok_[b] >= 0) out.push_back(byte_tok_[b]);
            else if (spec_.unk_id >= 0) out.push_back(spec_.unk_id);  // no byte tokens: llama.cpp would abort
        }
    }
}

std::vector<int32_t> SpmTokenizer::encode(std::string_view text, bool add_special, bool parse_special) const {
    std::string clean;
    if (!unicode::is_valid_utf8(text)) {
        clean = unicode::sanitize_utf8(text);
        text = clean;
    }
    std::vector<int32_t> out;
    if (add_special && spec_.add_bos) out.push_back(spec_.bos_id);
    // The dummy prefix goes at the start and again after every special token, as in llama.cpp.
    bool prev_special = true;
    for (const Fragment& f : split_special(text, parse_special)) {
        if (f.token >= 0) {
            out.push_back(f.token);
            prev_special = true;
            continue;
        }
        encode_escaped(escape_spaces(f.text, spec_.add_space_prefix && prev_special), out);
        prev_special = false;
    }
    if (add_special && spec_.add_eos) out.push_back(spec_.eos_id);
    return out;
}

std::string SpmTokenizer::token_to_piece(int32_t id) const {
    if (id < 0 || id >= n_vocab()) return {};
    if (const int b = byte_value(id); b >= 0) return std::string(1, static_cast<char>(b));
    const std::string& text = spec_.tokens[id];
    const TokenType t = type_of(id);
    if (t != TokenType::Normal) return text;
    std::string out;
    out.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) {
        if (text.compare(pos, kSpace.size(), kSpace) == 0) {
            out += ' ';
            pos += kSpace.size();
        } else {
            out += text[pos++];
        }
    }
    return out;
}

}  // namespace rs
