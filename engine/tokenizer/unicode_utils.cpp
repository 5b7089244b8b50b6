#include "tokenizer/unicode_utils.h"

#include <algorithm>
#include <vector>

namespace rs::unicode {

namespace {

struct CccRun { uint32_t first, last, ccc; };
struct Decomp { uint32_t cp, a, b; };     // b == 0: singleton decomposition
struct Compose { uint32_t a, b, composite; };

#include "tokenizer/unicode_nfc_tables.inc"

// Hangul syllables compose and decompose arithmetically (Unicode 3.12), not via tables.
constexpr uint32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr uint32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount;
constexpr uint32_t kSCount = kLCount * kNCount;

uint32_t ccc_of(uint32_t cp) {
    if (cp < 0x300) return 0;
    const auto* end = kCccRuns + std::size(kCccRuns);
    const auto* it = std::upper_bound(kCccRuns, end, cp,
                                      [](uint32_t v, const CccRun& r) { return v < r.first; });
    if (it == kCccRuns) return 0;
    --it;
    return cp <= it->last ? it->ccc : 0;
}

void decompose_into(uint32_t cp, std::vector<uint32_t>& out) {
    if (cp >= kSBase && cp < kSBase + kSCount) {
        const uint32_t s = cp - kSBase;
        out.push_back(kLBase + s / kNCount);
        out.push_back(kVBase + (s % kNCount) / kTCount);
        if (s % kTCount) out.push_back(kTBase + s % kTCount);
        return;
    }
    const auto* end = kDecomp + std::size(kDecomp);
    const auto* it = std::lower_bound(kDecomp, end, cp,
                                      [](const Decomp& d, uint32_t v) { return d.cp < v; });
    if (it == end || it->cp != cp) {
        out.push_back(cp);
        return;
    }
    decompose_into(it->a, out);
    if (it->b) decompose_into(it->b, out);
}

uint32_t compose_pair(uint32_t a, uint32_t b) {
    if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
        return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
    if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase &&
        b < kTBase + kTCount)
        return a + (b - kTBase);
    const auto* end = kCompose + std::size(kCompose);
    const auto* it = std::lower_bound(kCompose, end, std::pair{a, b}, [](const Compose& c, std::pair<uint32_t, uint32_t> v) {
        return c.a < v.first || (c.a == v.first && c.b < v.second);
    });
    return (it != end && it->a == a && it->b == b) ? it->composite : 0;
}

std::array<int, 0x144> build_unicode_to_byte() {
    std::array<int, 0x144> inv{};
    inv.fill(-1);
    const auto& fwd = byte_to_unicode_table();
    for (int b = 0; b < 256; ++b) {
        size_t pos = 0;
        inv[next_code_point(fwd[b], pos)] = b;
    }
    return inv;
}

}  // namespace

size_t utf8_seq_len(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;
}

uint32_t next_code_point(std::string_view s, size_t& pos, bool* valid) {
    const auto c0 = static_cast<unsigned char>(s[pos]);
    const size_t n = utf8_seq_len(c0);
    auto bad = [&] {
        ++pos;
        if (valid) *valid = false;
        return kReplacementChar;
    };
    if (n == 1) {
        if (c0 >= 0x80) return bad();
        ++pos;
        if (valid) *valid = true;
        return c0;
    }
    if (pos + n > s.size()) return bad();
    uint32_t cp = c0 & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[pos + k]);
        if ((c & 0xC0) != 0x80) return bad();
        cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return bad();
    pos += n;
    if (valid) *valid = true;
    return cp;
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool is_valid_utf8(std::string_view s) {
    size_t pos = 0;
    bool ok = true;
    while (pos < s.size() && ok) next_code_point(s, pos, &ok);
    return ok;
}

std::string sanitize_utf8(std::string_view s) {
    // Decodes by structure only, as llama.cpp does: overlong forms and surrogates pass as
    // the code point they spell (re-encoded canonically); broken sequences become U+FFFD.
    std::string out;
    out.reserve(s.size() + 8);
    size_t pos = 0;
    while (pos < s.size()) {
        const auto c0 = static_cast<unsigned char>(s[pos]);
        const size_t n = utf8_seq_len(c0);
        bool ok = (n > 1 || c0 < 0x80) && pos + n <= s.size();
        uint32_t cp = n == 1 ? c0 : c0 & (0x7F >> n);
        for (size_t k = 1; ok && k < n; ++k) {
            const auto c = static_cast<unsigned char>(s[pos + k]);
            ok = (c & 0xC0) == 0x80;
            cp = (cp << 6) | (c & 0x3F);
        }
        if (ok && cp <= 0x10FFFF) {
            append_utf8(out, cp);
            pos += n;
        } else {
            append_utf8(out, kReplacementChar);
            ++pos;
        }
    }
    return out;
}

const std::array<std::string, 256>& byte_to_unicode_table() {
    // Printable bytes stand for themselves; the 68 others (controls, space, 0x7F-0xA0, 0xAD)
    // take U+0100.. in byte order, so every byte becomes a visible, non-space character.
    static const std::array<std::string, 256> table = [] {
        std::array<std::string, 256> t;
        uint32_t next = 0x100;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
            append_utf8(t[b], printable ? static_cast<uint32_t>(b) : next++);
        }
        return t;
    }();
    return table;
}

int unicode_to_byte(uint32_t cp) {
    static const std::array<int, 0x144> inv = build_unicode_to_byte();
    return cp < inv.size() ? inv[cp] : -1;
}

std::string nfc(std::string_view s) {
    std::vector<uint32_t> cps;
    cps.reserve(s.size());
    bool trivial = true;  // below U+0300 nothing decomposes, reorders or composes
    for (size_t pos = 0; pos < s.size();) {
        const uint32_t cp = next_code_point(s, pos);
        trivial = trivial && cp < 0x300;
        cps.push_back(cp);
    }
    if (trivial) return std::string(s);

    std::vector<uint32_t> d;
    d.reserve(cps.size() + 8);
    for (uint32_t cp : cps) decompose_into(cp, d);

    // Canonical ordering: stable-sort each run of non-starters by combining class.
    for (size_t i = 0; i < d.size();) {
        if (ccc_of(d[i]) == 0) { ++i; continue; }
        size_t j = i;
        while (j < d.size() && ccc_of(d[j]) != 0) ++j;
        std::stable_sort(d.begin() + i, d.begin() + j,
                         [](uint32_t a, uint32_t b) { return ccc_of(a) < ccc_of(b); });
        i = j;
    }

    // Canonical composition (UAX #15): a mark joins the last starter unless something between
    // them blocks it (a starter, or a mark of the same or higher class).
    std::vector<uint32_t> out;
    out.reserve(d.size());
    long starter = -1;
    uint32_t last_class = 0;
    for (uint32_t cp : d) {
        const uint32_t cls = ccc_of(cp);
        if (starter >= 0 && (last_class < cls || (last_class == 0 && out.size() == size_t(starter) + 1))) {
            if (uint32_t c = compose_pair(out[starter], cp)) {
                out[starter] = c;
                continue;
            }
        }
        if (cls == 0) starter = static_cast<long>(out.size());
        last_class = cls;
        out.push_back(cp);
    }
    std::string result;
    result.reserve(s.size());
    for (uint32_t cp : out) append_utf8(result, cp);
    return result;
}

}  // namespace rs::unicode
