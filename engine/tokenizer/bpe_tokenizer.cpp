#include "tokenizer/bpe_tokenizer.h"

#include <queue>

#include "core/error.h"
#include "core/untrusted_text.h"
#include "tokenizer/unicode_utils.h"

namespace rs {

namespace {

uint64_t pair_key(int32_t a, int32_t b) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}

}  // namespace

// Within one encode() call the same words recur constantly (" the", ","), so their ids are
// memoised. Per call rather than per tokenizer keeps encode() free of locks.
struct BpeTokenizer::WordCache {
    std::unordered_map<std::string_view, std::pair<uint32_t, uint32_t>> spans;  // word -> (offset, count)
    std::vector<int32_t> ids;
};

BpeTokenizer::BpeTokenizer(const TokenizerSpec& spec) : Tokenizer(spec) {
    pre_ = std::make_unique<PreTokenizer>(spec_.pre, spec_.source);
    // llama.cpp turns ignore_merges on for every Llama-3 style pre type; GGUF has no key for it.
    ignore_merges_ = spec_.ignore_merges || PreTokenizer::implies_ignore_merges(spec_.pre);

    const auto& b2u = unicode::byte_to_unicode_table();
    for (int b = 0; b < 256; ++b) byte_sym_[b] = intern(b2u[b]);

    merges_.reserve(spec_.merges.size());
    for (size_t rank = 0; rank < spec_.merges.size(); ++rank) {
        const std::string& m = spec_.merges[rank];
        // Split at the first space after position 0, so a left part that is itself " " works.
        const size_t sp = m.find(' ', 1);
        if (sp == std::string::npos)
            fail_input(spec_.source, "BPE merge " + std::to_string(rank) + " " + in_quotes(m) + " is not two space-separated parts");
        const std::string left = m.substr(0, sp), right = m.substr(sp + 1);
        const int32_t l = intern(left), r = intern(right), res = intern(left + right);
        merges_.emplace(pair_key(l, r), Merge{static_cast<int32_t>(rank), res});  // first rank wins
    }
}

int32_t BpeTokenizer::intern(const std::string& text) {
    if (const int32_t id = token_id(text); id >= 0) return id;
    auto [it, inserted] = extra_ids_.emplace(text, n_vocab() + static_cast<int32_t>(extra_texts_.size()));
    if (inserted) extra_texts_.push_back(text);
    return it->second;
}

void BpeTokenizer::emit_symbol(int32_t sym, std::vector<int32_t>& out) const {
    if (sym < n_vocab()) {
        out.push_back(sym);
        return;
    }
    // Not a vocabulary entry: fall back to single-byte tokens of its text, as llama.cpp does.
    for (char c : extra_texts_[sym - n_vocab()])
        if (const int32_t id = token_id(std::string_view(&c, 1)); id >= 0) out.push_back(id);
}

void BpeTokenizer::encode_word(std::string_view word, std::vector<int32_t>& out) const {
    if (ignore_merges_) {
        std::string mapped;
        const auto& b2u = unicode::byte_to_unicode_table();
        for (unsigned char c : word) mapped += b2u[c];
        if (const int32_t id = token_id(mapped); id >= 0) {
            out.push_back(id);
            return;
        }
    }

    // One symbol per byte, in a linked list; a heap of candidate merges ordered by
    // (rank, position) so that equal pairs merge left to right, as in HF and llama.cpp.
    struct Sym {
        int32_t id, prev, next;
    };
    struct Cand {
        int32_t rank, left, right, left_id, right_id, result;
        bool operator<(const Cand& o) const {  // priority_queue pops the largest
            return rank != o.rank ? rank > o.rank : left > o.left;
        }
    };
    const auto n = static_cast<int32_t>(word.size());
    std::vector<Sym> syms(n);
    for (int32_t i = 0; i < n; ++i) syms[i] = {byte_sym_[static_cast<unsigned char>(word[i])], i - 1, i + 1 < n ? i + 1 : -1};

    std::priority_queue<Cand> heap;
    auto consider = [&](int32_t left) {
        if (left < 0) return;
        const int32_t right = syms[left].next;
        if (right < 0) return;
        auto it = merges_.find(pair_key(syms[left].id, syms[right].id));
        if (it != merges_.end()) heap.push({it->second.rank, left, right, syms[left].id, syms[right].id, it->second.result});
    };
    for (int32_t i = 0; i + 1 < n; ++i) consider(i);

    while (!heap.empty()) {
        const Cand c = heap.top();
        heap.pop();
        Sym& l = syms[c.left];
        // Stale if either side has since merged with something else.
        if (l.id != c.left_id || l.next != c.right || syms[c.right].id != c.right_id) continue;
        const Sym& r = syms[c.right];
        l.id = c.result;
        l.next = r.next;
        if (r.next >= 0) syms[r.next].prev = c.left;
        syms[c.right].id = -1;
        consider(l.prev);
        consider(c.left);
    }
    for (int32_t i = n > 0 ? 0 : -1; i >= 0; i = syms[i].next) emit_symbol(syms[i].id, out);
}

std::vector<int32_t> BpeTokenizer::encode(std::string_view text, bool add_special, bool parse_special) const {
    std::string clean;
    if (!unicode::is_valid_utf8(text)) {
        clean = unicode::sanitize_utf8(text);  // the regex engine needs well-formed UTF-8
        text = clean;
    }
    std::vector<int32_t> out;
    out.reserve(text.size() / 3 + 2);
    if (add_special && spec_.add_bos) out.push_back(spec_.bos_id);

    WordCache cache;
    std::vector<std::string_view> words;
    for (const Fragment& f : split_special(text, parse_special)) {
        if (f.token >= 0) {
            out.push_back(f.token);
            continue;
        }
        // The normalised copy must outlive the word views that the cache keys on.
        std::string normalized;
        std::string_view frag = f.text;
        if (spec_.nfc) {
            normalized = unicode::nfc(frag);
            frag = normalized;
        }
        words.clear();
        pre_->split(frag, words);
        for (std::string_view w : words) {
            auto it = cache.spans.find(w);
            if (it == cache.spans.end()) {
                const auto off = static_cast<uint32_t>(cache.ids.size());
                encode_word(w, cache.ids);
                it = cache.spans.emplace(w, std::pair{off, static_cast<uint32_t>(cache.ids.size() - off)}).first;
            }
            out.insert(out.end(), cache.ids.begin() + it->second.first,
                       cache.ids.begin() + it->second.first + it->second.second);
        }
        if (spec_.nfc) cache.spans.clear();  // keys pointed into `normalized`
    }
    if (add_special && spec_.add_eos) out.push_back(spec_.eos_id);
    return out;
}

std::string BpeTokenizer::token_to_piece(int32_t id) const {
    if (id < 0 || id >= n_vocab()) return {};
    const std::string& text = spec_.tokens[id];
    const TokenType t = type_of(id);
    // Added tokens are stored as plain text, not in the byte-level alphabet.
    if (t == TokenType::Control || t == TokenType::UserDefined || t == TokenType::Unknown) return text;
    std::string out;
    out.reserve(text.size());
    for (size_t pos = 0; pos < text.size();) {
        const size_t start = pos;
        const uint32_t cp = unicode::next_code_point(text, pos);
        const int b = unicode::unicode_to_byte(cp);
        if (b >= 0) out += static_cast<char>(b);
        else out.append(text, start, pos - start);  // not in the byte alphabet: keep as is
    }
    return out;
}

}  // namespace rs
