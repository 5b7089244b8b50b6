#include "tokenizer/pretokenizer.h"

#include <oniguruma.h>

#include <mutex>

#include "core/error.h"
#include "core/untrusted_text.h"

namespace rs {

namespace pre_regex {
// GPT-2 / HF ByteLevel(use_regex=true). The trailing "|\s+" only turns what llama.cpp leaves
// as an unmatched gap into a match of the same span, so both give identical pieces.
const char* const kGpt2 =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
// Llama-3 and Qwen2 as their tokenizer.json spell them (used to recognise HF files).
const char* const kLlama3 =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
const char* const kQwen2 =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
// HF Digits(individual_digits=true) == isolating every \p{N} code point.
const char* const kDigit = R"(\p{N})";
}  // namespace pre_regex

namespace {

// What we run for Llama-3/Qwen2: the contractions are case-insensitive for ASCII only, as in
// llama.cpp; (?i:) would also fold e.g. U+017F into 's'.
const char* const kLlama3Run =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
const char* const kQwen2Run =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
// llama.cpp's fallback chain for pre "default" (old GGUFs without a recognised pre type).
const char* const kDefaultPunct = R"([\p{P}\$\+<=>\^~\|]+)";
const char* const kNumbers = R"(\p{N}+)";
const char* const kThreeDigits = R"([0-9][0-9][0-9])";

struct PreDef {
    const char* name;
    std::vector<const char*> regexes;
    bool ignore_merges;  // llama.cpp sets it for the Llama-3 family
};

// Names are llama.cpp's tokenizer.ggml.pre values; aliases share llama.cpp's regex lists.
const std::vector<PreDef>& pre_defs() {
    static const std::vector<PreDef> defs = {
        {"default", {kDefaultPunct, pre_regex::kGpt2, kNumbers, kThreeDigits}, false},
        {"gpt2", {pre_regex::kGpt2}, false},
        {"gpt-2", {pre_regex::kGpt2}, false},
        {"smollm", {pre_regex::kDigit, pre_regex::kGpt2}, false},
        {"starcoder", {pre_regex::kDigit, pre_regex::kGpt2}, false},
        {"llama-bpe", {kLlama3Run}, true},
        {"llama3", {kLlama3Run}, true},
        {"llama-v3", {kLlama3Run}, true},
        {"qwen2", {kQwen2Run}, false},
        {"deepseek-r1-qwen", {kQwen2Run}, false},
    };
    return defs;
}

const PreDef* find_def(const std::string& pre) {
    for (const auto& d : pre_defs())
        if (pre == d.name) return &d;
    return nullptr;
}

void init_oniguruma() {
    static std::once_flag once;
    std::call_once(once, [] {
        OnigEncoding encs[] = {ONIG_ENCODING_UTF8};
        onig_initialize(encs, 1);
    });
}

}  // namespace

// One compiled pattern. Compiled once per tokenizer; onig_search only reads it, so concurrent
// encode() calls are safe as long as each uses its own region.
class PreTokenizer::Regex {
public:
    Regex(const char* pattern, const std::string& source) {
        init_oniguruma();
        OnigErrorInfo einfo{};
        const auto* p = reinterpret_cast<const OnigUChar*>(pattern);
        const int rc = onig_new(&reg_, p, p + std::char_traits<char>::length(pattern), ONIG_OPTION_NONE,
                                ONIG_ENCODING_UTF8, ONIG_SYNTAX_PERL_NG, &einfo);
        if (rc != ONIG_NORMAL) {
            OnigUChar msg[ONIG_MAX_ERROR_MESSAGE_LEN];
            onig_error_code_to_str(msg, rc, &einfo);
            fail_input(source, std::string("cannot compile pre-tokenizer regex: ") +
                                   reinterpret_cast<const char*>(msg));
        }
    }
    ~Regex() {
        if (reg_) onig_free(reg_);
    }
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

    // Matches and the gaps between them, in order, covering all of `piece`.
    void split(std::string_view piece, OnigRegion* region, std::vector<std::string_view>& out) const {
        const auto* begin = reinterpret_cast<const OnigUChar*>(piece.data());
        const auto* end = begin + piece.size();
        size_t pos = 0;
        while (pos < piece.size()) {
            onig_region_clear(region);
            const int r = onig_search(reg_, begin, end, begin + pos, end, region, ONIG_OPTION_NONE);
            if (r == ONIG_MISMATCH) break;  // the rest is one gap
            if (r < 0) {
                // e.g. a retry limit on pathological input; a silently wrong split would be worse.
                OnigUChar msg[ONIG_MAX_ERROR_MESSAGE_LEN];
                onig_error_code_to_str(msg, r);
                fail_runtime(std::string("tokenizer regex failed: ") + reinterpret_cast<const char*>(msg));
            }
            const auto mstart = static_cast<size_t>(r);
            const auto mend = static_cast<size_t>(region->end[0]);
            if (mend == mstart) {
                // None of our patterns can match empty, but never loop forever on one that does.
                if (mstart >= piece.size()) break;
                size_t step = mstart + 1;
                while (step < piece.size() && (static_cast<unsigned char>(piece[step]) & 0xC0) == 0x80) ++step;
                if (mstart > pos) out.push_back(piece.substr(pos, mstart - pos));
                out.push_back(piece.substr(mstart, step - mstart));
                pos = step;
                continue;
            }
            if (mstart > pos) out.push_back(piece.substr(pos, mstart - pos));
            out.push_back(piece.substr(mstart, mend - mstart));
            pos = mend;
        }
        if (pos < piece.size()) out.push_back(piece.substr(pos));
    }

private:
    regex_t* reg_ = nullptr;
};

PreTokenizer::PreTokenizer(const std::string& pre, const std::string& source) {
    const PreDef* def = find_def(pre);
    if (!def)
        fail_input(source, "unsupported pre-tokenizer " + in_quotes(pre) + " (supported: " + supported_names() + ")");
    for (const char* rx : def->regexes) stages_.push_back(std::make_unique<Regex>(rx, source));
}

PreTokenizer::~PreTokenizer() = default;

bool PreTokenizer::is_supported(const std::string& pre) { return find_def(pre) != nullptr; }

std::string PreTokenizer::supported_names() {
    std::string s;
    for (const auto& d : pre_defs()) s += (s.empty() ? "" : ", ") + std::string(d.name);
    return s;
}

bool PreTokenizer::implies_ignore_merges(const std::string& pre) {
    const PreDef* def = find_def(pre);
    return def && def->ignore_merges;
}

void PreTokenizer::split(std::string_view text, std::vector<std::string_view>& out) const {
    const std::unique_ptr<OnigRegion, void (*)(OnigRegion*)> region(onig_region_new(),
                                                                     [](OnigRegion* r) { onig_region_free(r, 1); });
    std::vector<std::string_view> cur{text}, next;
    for (const auto& stage : stages_) {
        next.clear();
        for (std::string_view piece : cur) stage->split(piece, region.get(), next);
        cur.swap(next);
    }
    out.insert(out.end(), cur.begin(), cur.end());
}

}  // namespace rs
