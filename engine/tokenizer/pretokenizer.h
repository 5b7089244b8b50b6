// Regex pre-tokenisation for byte-level BPE: splits text into the "words" that BPE merges
// never cross. Each pre type is a chain of regexes; every stage re-splits the pieces of the
// previous one, keeping both matches and the gaps between them (HF Split "Isolated", and how
// llama.cpp applies its regex lists). Lookaheads therefore see only the current piece.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rs {

class PreTokenizer {
public:
    // Pre names as llama.cpp spells tokenizer.ggml.pre: "default" (llama.cpp's fallback chain:
    // punctuation runs, GPT-2, digit runs, digit triples), "gpt2"/"gpt-2", "smollm"/"starcoder"
    // (digits isolated, then GPT-2), "llama-bpe"/"llama3"/"llama-v3", "qwen2"/"deepseek-r1-qwen".
    // Throws rs::Error (BadInput) "<source>: unsupported pre-tokenizer '...' (supported: ...)".
    PreTokenizer(const std::string& pre, const std::string& source);
    ~PreTokenizer();
    PreTokenizer(const PreTokenizer&) = delete;
    PreTokenizer& operator=(const PreTokenizer&) = delete;

    static bool is_supported(const std::string& pre);
    static std::string supported_names();  // "default, gpt2, ..." for error messages
    // llama.cpp emits a word that is itself a token without merging for these (Llama-3).
    static bool implies_ignore_merges(const std::string& pre);

    // Appends the pieces of `text` (well-formed UTF-8) to out, as views into text.
    void split(std::string_view text, std::vector<std::string_view>& out) const;

private:
    class Regex;
    std::vector<std::unique_ptr<Regex>> stages_;
};

// Regex sources as HF tokenizer.json spells them, to recognise Split patterns.
namespace pre_regex {
extern const char* const kGpt2;
extern const char* const kLlama3;
extern const char* const kQwen2;
extern const char* const kDigit;
}  // namespace pre_regex

}  // namespace rs
