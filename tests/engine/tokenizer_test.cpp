// Tokenizer tests: tiny hand-built vocabularies for the algorithms, and id-for-id agreement with
// llama.cpp on the real SmolLM2-135M-Instruct GGUF.
//
// Every expected id list for SmolLM2 below was produced by llama.cpp's llama-tokenize, commit
// 0c1e570 (the copy vendored in llama-cpp-python 0.3.36), on
// ~/.cache/rotoscope/models/SmolLM2-135M-Instruct.Q4_1.gguf, e.g.
//   printf '%s' "$TEXT" | llama-tokenize -m MODEL --stdin --ids --log-disable --no-escape [--no-parse-special]
// (the model does not add BOS, so add_special has no effect on these ids).
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "calib/corpus.h"
#include "core/error.h"
#include "core/paths.h"
#include "io/gguf.h"
#include "io/gguf_tokenizer.h"
#include "tokenizer/hf_tokenizer_json.h"
#include "tokenizer/pretokenizer.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/unicode_utils.h"
#include "support/tiny_spm.h"

namespace {

using rs::TokenizerKind;
using rs::TokenizerSpec;
using rs::TokenType;
using Ids = std::vector<int32_t>;

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Bytes of the first n code points (the reference ids were made from Python's text[:n]).
std::string first_code_points(const std::string& s, size_t n) {
    size_t pos = 0;
    for (size_t i = 0; i < n && pos < s.size(); ++i) rs::unicode::next_code_point(s, pos);
    return s.substr(0, pos);
}

std::vector<std::string> split(const std::string& pre, const std::string& text) {
    rs::PreTokenizer p(pre, "test");
    std::vector<std::string_view> pieces;
    p.split(text, pieces);
    return {pieces.begin(), pieces.end()};
}

std::string tmp_dir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("rotoscope_tokenizer_test_" + name + "_" +
                                                         std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir.string();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// ---------------------------------------------------------------------------------------------
// Unicode helpers

TEST(Unicode, BytesToUnicodeTable) {
    const auto& t = rs::unicode::byte_to_unicode_table();
    EXPECT_EQ(t['a'], "a");
    EXPECT_EQ(t[' '], "\xC4\xA0");   // U+0120 'Ġ'
    EXPECT_EQ(t['\n'], "\xC4\x8A");  // U+010A 'Ċ'
    EXPECT_EQ(t[0x00], "\xC4\x80");  // U+0100
    EXPECT_EQ(t[0xAD], "\xC5\x83");  // the last of the 68 remapped bytes: U+0143
    for (int b = 0; b < 256; ++b) {
        size_t pos = 0;
        EXPECT_EQ(rs::unicode::unicode_to_byte(rs::unicode::next_code_point(t[b], pos)), b);
    }
}

TEST(Unicode, SanitizeLikeLlamaCpp) {
    EXPECT_EQ(rs::unicode::sanitize_utf8("ab\xFF" "c"), "ab\xEF\xBF\xBD" "c");
    EXPECT_EQ(rs::unicode::sanitize_utf8("\xC0\xAF"), "/");  // overlong: kept as the code point
    EXPECT_EQ(rs::unicode::sanitize_utf8("x\xE6\x97"), "x\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_TRUE(rs::unicode::is_valid_utf8("caf\xC3\xA9"));
    EXPECT_FALSE(rs::unicode::is_valid_utf8("caf\xC3"));
}

TEST(Unicode, Nfc) {
    EXPECT_EQ(rs::unicode::nfc("cafe\xCC\x81"), "caf\xC3\xA9");                // e + U+0301 -> é
    EXPECT_EQ(rs::unicode::nfc("a\xCC\x82\xCC\xA3"), "\xE1\xBA\xAD");          // reordered, then U+1EAD
    EXPECT_EQ(rs::unicode::nfc("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8"), "\xEA\xB0\x81");  // jamo -> U+AC01
    EXPECT_EQ(rs::unicode::nfc("\xE2\x84\xAB"), "\xC3\x85");                   // Angstrom sign -> Å
    EXPECT_EQ(rs::unicode::nfc("plain ascii"), "plain ascii");
    EXPECT_EQ(rs::unicode::nfc("\xE6\x97\xA5\xE6\x9C\xAC"), "\xE6\x97\xA5\xE6\x9C\xAC");
}

// ---------------------------------------------------------------------------------------------
// Pre-tokenizers (expected pieces follow the HF / llama.cpp regex semantics)

TEST(PreTokenizer, Gpt2) {
    EXPECT_EQ(split("gpt2", "Hello 123 world's  end\n"),
              (std::vector<std::string>{"Hello", " 123", " world", "'s", " ", " end", "\n"}));
}

TEST(PreTokenizer, SmollmIsolatesDigitsFirst) {
    EXPECT_EQ(split("smollm", "In 1984, ok"),
              (std::vector<std::string>{"In", " ", "1", "9", "8", "4", ",", " ok"}));
}

TEST(PreTokenizer, Llama3AndQwen2) {
    EXPECT_EQ(split("llama-bpe", "Hello 12345 WORLD'S\n\n x"),
              (std::vector<std::string>{"Hello", " ", "123", "45", " WORLD", "'S", "\n\n", " x"}));
    EXPECT_EQ(split("qwen2", "Hello 123 world's"),
              (std::vector<std::string>{"Hello", " ", "1", "2", "3", " world", "'s"}));
}

TEST(PreTokenizer, UnsupportedNameIsBadInput) {
    try {
        rs::PreTokenizer p("xyz", "model.gguf");
        FAIL() << "no error";
    } catch (const rs::Error& e) {
        EXPECT_EQ(e.kind(), rs::ErrorKind::BadInput);
        EXPECT_NE(std::string(e.what()).find("model.gguf: unsupported pre-tokenizer 'xyz' (supported: default, gpt2"),
                  std::string::npos)
            << e.what();
    }
}

// ---------------------------------------------------------------------------------------------
// Tiny byte-level BPE

// ids: 0 a, 1 b, 2 c, 3 Ġ(space), 4 ab, 5 bc, 6 Ġa, 7 <|end|> (control), 8 aa, 9 abc,
// 10 <user> (user-defined), 11 Ġab
TokenizerSpec tiny_bpe_spec(std::vector<std::string> merges) {
    TokenizerSpec s;
    s.kind = TokenizerKind::ByteLevelBpe;
    s.pre = "gpt2";
    s.tokens = {"a", "b", "c", "\xC4\xA0", "ab", "bc", "\xC4\xA0" "a", "<|end|>", "aa", "abc", "<user>",
                "\xC4\xA0" "ab"};
    s.token_types.assign(s.tokens.size(), static_cast<int32_t>(TokenType::Normal));
    s.token_types[7] = static_cast<int32_t>(TokenType::Control);
    s.token_types[10] = static_cast<int32_t>(TokenType::UserDefined);
    s.merges = std::move(merges);
    s.eos_id = 7;
    s.source = "tiny-bpe";
    return s;
}

TEST(ByteLevelBpe, MergeOrderFollowsRank) {
    auto ab_first = rs::make_tokenizer(tiny_bpe_spec({"a b", "b c"}));
    auto bc_first = rs::make_tokenizer(tiny_bpe_spec({"b c", "a b"}));
    EXPECT_EQ(ab_first->encode("abc", false), (Ids{4, 2}));
    EXPECT_EQ(bc_first->encode("abc", false), (Ids{0, 5}));
    // Equal pairs merge left to right.
    auto aa = rs::make_tokenizer(tiny_bpe_spec({"a a"}));
    EXPECT_EQ(aa->encode("aaa", false), (Ids{8, 0}));
    // " ab": "a b" (rank 0) beats "Ġ a" (rank 2), and then "Ġ ab" (rank 3) applies.
    auto t = rs::make_tokenizer(tiny_bpe_spec({"a b", "b c", "\xC4\xA0 a", "\xC4\xA0 ab"}));
    EXPECT_EQ(t->encode(" ab", false), (Ids{11}));
    EXPECT_EQ(t->encode("ab abc", false), (Ids{4, 11, 2}));
    EXPECT_EQ(t->decode(t->encode("ab abc", false)), "ab abc");
}

TEST(ByteLevelBpe, IgnoreMergesTakesWholeWords) {
    auto spec = tiny_bpe_spec({"a b"});
    EXPECT_EQ(rs::make_tokenizer(spec)->encode("abc", false), (Ids{4, 2}));
    spec.ignore_merges = true;
    EXPECT_EQ(rs::make_tokenizer(spec)->encode("abc", false), (Ids{9}));
}

TEST(ByteLevelBpe, SpecialTokens) {
    auto t = rs::make_tokenizer(tiny_bpe_spec({"a b"}));
    EXPECT_EQ(t->encode("ab<|end|>c", false, true), (Ids{4, 7, 2}));
    const Ids plain = t->encode("ab<|end|>c", false, false);
    EXPECT_EQ(std::count(plain.begin(), plain.end(), 7), 0);
    // User-defined tokens are matched even without parse_special, as in llama.cpp.
    EXPECT_EQ(t->encode("a<user>b", false, false), (Ids{0, 10, 1}));
    EXPECT_EQ(t->token_to_piece(3), " ");
    EXPECT_EQ(t->token_to_piece(7), "<|end|>");
    EXPECT_EQ(t->decode({4, 7, 2}), "ab<|end|>c");
    EXPECT_TRUE(t->is_eog(7));
    EXPECT_FALSE(t->is_eog(4));
    EXPECT_EQ(t->token_text(11), "\xC4\xA0" "ab");
    EXPECT_EQ(t->n_vocab(), 12);
}

TEST(ByteLevelBpe, AddSpecialUsesSpecFlags) {
    auto spec = tiny_bpe_spec({"a b"});
    spec.bos_id = 10;
    spec.add_bos = true;
    spec.add_eos = true;
    auto t = rs::make_tokenizer(spec);
    EXPECT_EQ(t->encode("ab", true), (Ids{10, 4, 7}));
    EXPECT_EQ(t->encode("ab", false), (Ids{4}));
    EXPECT_EQ(t->decode({10, 4, 7}), "ab");  // the added BOS/EOS do not come back
    EXPECT_TRUE(t->encode("", false).empty());
}

TEST(Factory, Errors) {
    TokenizerSpec none;
    none.source = "x.gguf";
    EXPECT_THROW(rs::make_tokenizer(none), rs::Error);
    auto spec = tiny_bpe_spec({"a b"});
    spec.pre = "xyz";
    try {
        rs::make_tokenizer(spec);
        FAIL() << "no error";
    } catch (const rs::Error& e) {
        EXPECT_EQ(e.kind(), rs::ErrorKind::BadInput);
        EXPECT_NE(std::string(e.what()).find("tiny-bpe: unsupported pre-tokenizer 'xyz' (supported: "), std::string::npos)
            << e.what();
    }
    spec = tiny_bpe_spec({"a"});  // not a pair
    EXPECT_THROW(rs::make_tokenizer(spec), rs::Error);
    spec = tiny_bpe_spec({});
    spec.bos_id = 99;
    EXPECT_THROW(rs::make_tokenizer(spec), rs::Error);
}

// ---------------------------------------------------------------------------------------------
// Tiny SentencePiece BPE

using rs::testing::kU2581;
using rs::testing::tiny_spm_spec;

TEST(SentencePiece, HighestScoreMergesFirst) {
    auto t = rs::make_tokenizer(tiny_spm_spec());
    // "▁abc": bc (-1) beats ▁a (-2) beats ab (-3); leftmost-first would have given ▁a b c.
    EXPECT_EQ(t->encode("abc", false), (Ids{265, 264}));
    auto spec = tiny_spm_spec();
    spec.add_space_prefix = false;
    EXPECT_EQ(rs::make_tokenizer(spec)->encode("abc", false), (Ids{260, 264}));
}

TEST(SentencePiece, DummyPrefixByteFallbackAndRoundTrip) {
    auto t = rs::make_tokenizer(tiny_spm_spec());
    // "ab é" -> "▁ab▁é": é is not in the vocabulary, so it becomes <0xC3><0xA9>.
    const Ids ids = t->encode("ab \xC3\xA9", true);
    EXPECT_EQ(ids, (Ids{1, 265, 261, 259, 3 + 0xC3, 3 + 0xA9}));
    EXPECT_EQ(t->token_to_piece(259), " ");
    EXPECT_EQ(t->token_to_piece(3 + 0xC3), "\xC3");
    EXPECT_EQ(t->decode(ids), "ab \xC3\xA9");
    EXPECT_EQ(t->encode("", true), (Ids{1}));
    // Control tokens inside text are kept apart; the dummy prefix comes back after them.
    EXPECT_EQ(t->encode("a</s>a", false, true), (Ids{265, 2, 265}));
}

TEST(SentencePiece, ByteTokensRecognisedWithoutTypes) {
    auto spec = tiny_spm_spec();
    spec.token_types.clear();
    auto t = rs::make_tokenizer(spec);
    EXPECT_EQ(t->token_to_piece(3 + 0x41), "A");
    EXPECT_EQ(t->decode(t->encode("c\xE2\x82\xAC", false)), "c\xE2\x82\xAC");
}

// ---------------------------------------------------------------------------------------------
// Hugging Face tokenizer.json

nlohmann::json tiny_bpe_json(bool merges_as_pairs) {
    const TokenizerSpec s = tiny_bpe_spec({"a b", "b c", "\xC4\xA0 a", "\xC4\xA0 ab"});
    nlohmann::json vocab = nlohmann::json::object();
    for (size_t i = 0; i < s.tokens.size(); ++i)
        if (i != 7 && i != 10) vocab[s.tokens[i]] = i;
    nlohmann::json merges = nlohmann::json::array();
    for (const std::string& m : s.merges) {
        const size_t sp = m.find(' ', 1);
        if (merges_as_pairs) merges.push_back({m.substr(0, sp), m.substr(sp + 1)});
        else merges.push_back(m);
    }
    return {
        {"version", "1.0"},
        {"added_tokens",
         {{{"id", 7}, {"content", "<|end|>"}, {"special", true}},
          {{"id", 10}, {"content", "<user>"}, {"special", false}}}},
        {"normalizer", nullptr},
        {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
        {"post_processor", nullptr},
        {"decoder", {{"type", "ByteLevel"}}},
        {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", merges}, {"ignore_merges", false}}},
    };
}

TEST(HfTokenizerJson, ByteLevelMatchesEquivalentSpec) {
    const auto ref = rs::make_tokenizer(tiny_bpe_spec({"a b", "b c", "\xC4\xA0 a", "\xC4\xA0 ab"}));
    for (bool pairs : {false, true}) {
        const std::string dir = tmp_dir(pairs ? "pairs" : "strings");
        write_file(dir + "/tokenizer.json", tiny_bpe_json(pairs).dump());
        write_file(dir + "/tokenizer_config.json", R"({"eos_token": "<|end|>", "add_bos_token": false})");
        const TokenizerSpec spec = rs::tokenizer_spec_from_hf_json(dir + "/tokenizer.json");
        EXPECT_EQ(spec.kind, TokenizerKind::ByteLevelBpe);
        EXPECT_EQ(spec.pre, "gpt2");
        EXPECT_EQ(spec.merges.size(), 4u);
        EXPECT_EQ(spec.eos_id, 7);
        EXPECT_FALSE(spec.add_bos);
        EXPECT_EQ(spec.token_types[7], static_cast<int32_t>(TokenType::Control));
        EXPECT_EQ(spec.token_types[10], static_cast<int32_t>(TokenType::UserDefined));
        const auto t = rs::make_tokenizer(spec);
        for (const std::string text : {"abc", "ab abc", " ab", "a<user>b", "ab<|end|>c", "cab  ba"}) {
            EXPECT_EQ(t->encode(text, true, true), ref->encode(text, true, true)) << text;
            EXPECT_EQ(t->encode(text, false, false), ref->encode(text, false, false)) << text;
        }
        std::filesystem::remove_all(dir);
    }
}

TEST(HfTokenizerJson, PreTokenizerShapesMapToLlamaCppNames) {
    auto with_pre = [](nlohmann::json pre, nlohmann::json normalizer = nullptr) {
        auto j = tiny_bpe_json(true);
        j["pre_tokenizer"] = std::move(pre);
        j["normalizer"] = std::move(normalizer);
        return rs::tokenizer_spec_from_hf_json_text(j.dump(), "tokenizer.json");
    };
    const nlohmann::json byte_level_no_regex = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}};
    auto split = [&](const char* rx) {
        return nlohmann::json{{"type", "Sequence"},
                              {"pretokenizers",
                               {{{"type", "Split"}, {"pattern", {{"Regex", rx}}}, {"behavior", "Isolated"}, {"invert", false}},
                                byte_level_no_regex}}};
    };
    EXPECT_EQ(with_pre({{"type", "Sequence"},
                        {"pretokenizers",
                         {{{"type", "Digits"}, {"individual_digits", true}},
                          {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}}}}})
                  .pre,
              "smollm");
    EXPECT_EQ(with_pre(split(rs::pre_regex::kLlama3)).pre, "llama-bpe");
    const TokenizerSpec qwen = with_pre(split(rs::pre_regex::kQwen2), {{"type", "NFC"}});
    EXPECT_EQ(qwen.pre, "qwen2");
    EXPECT_TRUE(qwen.nfc);
    const TokenizerSpec odd = with_pre(split("\\w+"));
    EXPECT_EQ(odd.pre, "hf:Split(\\w+)+ByteLevel(no_regex)");
    EXPECT_THROW(rs::make_tokenizer(odd), rs::Error);
    EXPECT_THROW(rs::tokenizer_spec_from_hf_json_text("{not json", "bad.json"), rs::Error);
    EXPECT_THROW(rs::tokenizer_spec_from_hf_json_text(R"({"model": {"type": "WordPiece", "vocab": {}}})", "wp.json"),
                 rs::Error);
    EXPECT_THROW(rs::tokenizer_spec_from_hf_json("/nonexistent/tokenizer.json"), rs::Error);
}

TEST(HfTokenizerJson, SentencePieceStyleMatchesEquivalentSpec) {
    const TokenizerSpec ref_spec = tiny_spm_spec();
    nlohmann::json vocab = nlohmann::json::object();
    for (size_t i = 0; i < ref_spec.tokens.size(); ++i) vocab[ref_spec.tokens[i]] = i;
    // Rank order bc, ▁a, ab reproduces the score order of tiny_spm_spec().
    const nlohmann::json j = {
        {"added_tokens",
         {{{"id", 0}, {"content", "<unk>"}, {"special", true}},
          {{"id", 1}, {"content", "<s>"}, {"special", true}},
          {{"id", 2}, {"content", "</s>"}, {"special", true}}}},
        {"normalizer",
         {{"type", "Sequence"},
          {"normalizers",
           {{{"type", "Prepend"}, {"prepend", kU2581}},
            {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", kU2581}}}}}},
        {"pre_tokenizer", nullptr},
        {"post_processor",
         {{"type", "TemplateProcessing"},
          {"single", {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}}, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
          {"special_tokens", {{"<s>", {{"id", "<s>"}, {"ids", {1}}, {"tokens", {"<s>"}}}}}}}},
        {"decoder", {{"type", "Sequence"}, {"decoders", nlohmann::json::array()}}},
        {"model",
         {{"type", "BPE"}, {"vocab", vocab}, {"merges", {{"b", "c"}, {kU2581, "a"}, {"a", "b"}}},
          {"byte_fallback", true}, {"unk_token", "<unk>"}}},
    };
    const TokenizerSpec spec = rs::tokenizer_spec_from_hf_json_text(j.dump(), "spm.json");
    EXPECT_EQ(spec.kind, TokenizerKind::SentencePiece);
    EXPECT_TRUE(spec.add_space_prefix);
    EXPECT_TRUE(spec.add_bos);
    EXPECT_EQ(spec.bos_id, 1);
    EXPECT_EQ(spec.unk_id, 0);
    EXPECT_EQ(spec.token_types[3 + 0xC3], static_cast<int32_t>(TokenType::Byte));
    const auto t = rs::make_tokenizer(spec);
    const auto ref = rs::make_tokenizer(ref_spec);
    for (const std::string text : {"abc", "ab \xC3\xA9", "cba abc", "a</s>a"})
        EXPECT_EQ(t->encode(text, true, true), ref->encode(text, true, true)) << text;
    for (const std::string text : {"abc", "ab \xC3\xA9", "cba abc"}) EXPECT_EQ(t->decode(t->encode(text, true)), text);
}

// ---------------------------------------------------------------------------------------------
// SmolLM2-135M-Instruct (GGUF, byte-level BPE, pre "smollm") against llama.cpp

std::string model_path() { return rs::user_cache_dir() + "/models/SmolLM2-135M-Instruct.Q4_1.gguf"; }
// The shared data folder beside the checkout, else the per-user corpus cache.
std::string wikitext_path() {
    const std::string beside = std::string(ROTOSCOPE_SOURCE_DIR) + "/../shared/data/wikitext-2-raw/wiki.test.joined.txt";
    if (std::filesystem::exists(beside)) return beside;
    return rs::user_cache_dir() + "/corpora/wikitext-2-raw/wiki.test.joined.txt";
}
// WikiText-2 is a developer's copy (Rotoscope does not ship it): the checks on its text run in
// addition where it is present; the same checks on The Devil's Dictionary run everywhere.
#define SKIP_WITHOUT_WIKITEXT()                                                                              \
    if (!std::filesystem::exists(wikitext_path()))                                                        \
    GTEST_SKIP() << "WikiText-2 is not on this machine (" << wikitext_path() << "): this check is specific " \
                 << "to its text; the Devil's Dictionary tests check the same code on every machine"
// The text every machine that ran the setup has (dict-devil, installed by
// scripts/install-deps.sh), exactly as the engine's corpus loader reads it.
std::string devils_text() { return rs::load_corpus("devils-dictionary").text; }

class SmolLM2 : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (!std::filesystem::exists(model_path())) return;
        auto gguf = rs::GgufFile::open(model_path());
        tok_ = rs::make_tokenizer(rs::tokenizer_spec_from_gguf(*gguf)).release();
    }
    static void TearDownTestSuite() {
        delete tok_;
        tok_ = nullptr;
    }
    void SetUp() override {
        // A missing model is a broken setup, not a reason to skip the reference comparison.
        ASSERT_NE(tok_, nullptr) << model_path() << " is missing: run scripts/fetch-model.sh";
    }
    static const rs::Tokenizer* tok_;
};
const rs::Tokenizer* SmolLM2::tok_ = nullptr;

struct RefCase {
    const char* name;
    const char* text;
    bool parse_special;
    Ids ids;
};

// Produced by llama-tokenize (llama.cpp 0c1e570) on the SmolLM2-135M-Instruct Q4_1 GGUF.
const std::vector<RefCase>& ref_cases() {
    static const std::vector<RefCase> cases = {
    {"English", "The quick brown fox jumps over the lazy dog. It was the best of times, it was the worst of times.", false,
     {504, 2365, 6354, 16438, 27003, 690, 260, 23790, 2767, 30, 657, 436, 260, 1450, 282, 1711, 28, 357, 436, 260, 9250, 282, 1711, 30}},
    {"Digits", "In 1984, 3.14159 and 1,000,000", false,
     {788, 216, 33, 41, 40, 36, 28, 216, 35, 30, 33, 36, 33, 37, 41, 284, 216, 33, 28, 32, 32, 32, 28, 32, 32, 32}},
    {"Whitespace", "a  b   c\n\n\n  d\t\te", false,
     {81, 216, 278, 256, 265, 1116, 3805, 287, 197, 197, 85}},
    {"LeadingTrailingSpaces", "   leading and trailing   ", false,
     {256, 2899, 284, 35079, 333}},
    {"Accents", "café naïve Zürich", false,
     {83, 1939, 2756, 15486, 46494, 1777, 7170, 5130}},
    {"Cjk", "日本語のテキスト", false,
     {23274, 115, 40993, 179, 120, 248, 26453, 11100, 224, 10391, 251, 10391, 134, 11100, 226}},
    {"Cyrillic", "Привет мир", false,
     {155, 249, 46879, 16464, 32547, 41337, 7872, 9175}},
    {"Emoji", "🙂👍🏽 family: 👨\xE2\x80\x8D👩\xE2\x80\x8D👧\xE2\x80\x8D👦", false,
     {10813, 38887, 10813, 235, 231, 10813, 233, 138, 1564, 42, 15107, 235, 118, 321, 231, 10813, 235, 119, 321, 231, 10813, 235, 117, 321, 231, 10813, 235, 116}},
    {"Contractions", "don't I'll we've", false,
     {12420, 982, 339, 3060, 392, 3543}},
    {"SpecialParsed", "<|im_start|>user\nhi<|im_end|>", true,
     {1, 4093, 198, 6004, 2}},
    {"SpecialAsText", "<|im_start|>user\nhi<|im_end|>", false,
     {44, 108, 306, 79, 3738, 108, 46, 4093, 198, 6004, 44, 108, 306, 79, 486, 108, 46}},
    {"MixedUnicode", "Hello\r\nWorld \xC2\xA0nbsp\xE3\x80\x80ideo  \n \n end. ¹²³ ½ Ⅻ ٣٤ 𝟙𝟚 'S 'LL ’s x²+y²=z² → done… “double” — dash", false,
     {19556, 201, 198, 11265, 216, 15442, 94, 32093, 12109, 218, 8496, 32057, 3717, 1112, 30, 216, 43183, 19133, 39050, 216, 16738, 216, 173, 223, 121, 216, 164, 113, 164, 114, 216, 23159, 249, 243, 23159, 249, 244, 637, 67, 637, 16421, 16107, 99, 1792, 19133, 27, 105, 19133, 45, 106, 19133, 17822, 2294, 2829, 619, 21414, 573, 1841, 20740}},
    };
    return cases;
}

// llama-tokenize ids of the first 2000 code points of wiki.test.joined.txt.
const Ids kWiki2000 = {
    1116, 446, 6356, 389, 9226, 352, 446, 38028, 16506, 6356, 389, 9226, 352, 314, 354, 2321, 4771,
    3297, 8552, 284, 16984, 17523, 1673, 909, 761, 253, 16204, 3394, 29, 48, 45608, 1791, 335, 260,
    8552, 3086, 378, 8593, 281, 216, 34, 32, 32, 32, 1673, 669, 436, 3922, 411, 253, 45608, 1791, 281,
    260, 1238, 3488, 707, 2855, 411, 15399, 5970, 3139, 3297, 527, 436, 4940, 281, 216, 34, 32, 32, 33,
    418, 260, 7598, 5620, 22660, 1673, 909, 761, 253, 16204, 1791, 281, 260, 8552, 3086, 22083, 2322,
    1413, 277, 281, 216, 34, 32, 32, 34, 1673, 533, 216, 34, 32, 32, 36, 389, 9226, 352, 16176, 253,
    1791, 347, 476, 26984, 476, 281, 260, 12592, 476, 25617, 13285, 637, 99, 10124, 476, 282, 260, 8552,
    3086, 378, 6880, 37648, 8544, 384, 4870, 455, 6719, 11064, 5068, 17444, 284, 41446, 91, 12469, 89,
    1673, 909, 436, 5044, 281, 260, 216, 34, 32, 32, 37, 16984, 24374, 282, 260, 14953, 32821, 2292,
    1238, 18593, 33817, 3297, 527, 436, 4940, 418, 260, 37011, 22660, 281, 31150, 284, 260, 8386, 1153,
    31313, 32909, 281, 4528, 1673, 909, 436, 9067, 411, 2322, 312, 627, 1111, 284, 4870, 455, 6719,
    5465, 1316, 621, 912, 3297, 1541, 1674, 1777, 15540, 3297, 15688, 11360, 3297, 31426, 14969, 375,
    3297, 45223, 37583, 284, 17290, 286, 8501, 1673, 216, 16506, 533, 216, 34, 32, 32, 38, 3297, 389,
    9226, 352, 4870, 455, 6719, 1316, 621, 912, 281, 260, 1238, 35492, 2855, 411, 5068, 43967, 17925,
    1673, 909, 6254, 335, 253, 216, 34, 32, 32, 38, 12592, 282, 260, 8552, 3086, 3297, 23968, 3297,
    3922, 411, 253, 1791, 281, 260, 216, 34, 32, 32, 39, 16984, 2262, 282, 1073, 288, 4202, 313, 9067,
    411, 18746, 519, 428, 461, 396, 1673, 1073, 288, 4202, 313, 436, 4940, 418, 13363, 22660, 281, 260,
    4528, 46530, 282, 25667, 366, 24072, 284, 27065, 4256, 1673, 389, 9226, 352, 4870, 455, 281, 827,
    9411, 281, 216, 34, 32, 32, 40, 3297, 4115, 2501, 7203, 22609, 411, 47363, 7042, 2250, 1866, 89,
    3297, 284, 4250, 2393, 377, 3704, 9067, 411, 11256, 318, 4290, 11302, 1673, 533, 2405, 216, 34, 32,
    32, 40, 3297, 389, 9226, 352, 1135, 253, 16204, 5796, 335, 253, 827, 3394, 29, 48, 599, 12592,
    13210, 282, 260, 8552, 3086, 408, 894, 260, 16754, 3297, 3922, 411, 354, 5796, 335, 260, 8552, 3086,
    42411, 579, 281, 4745, 216, 34, 32, 32, 40, 1673, 909, 761, 253, 19122, 1791, 281, 3772, 14612, 282,
    260, 8552, 3086, 17709, 531, 866, 281, 216, 34, 32, 33, 32, 3297, 347, 476, 659, 1153, 258, 40775,
    476, 1673, 389, 9226, 352, 4870, 455, 281, 260, 216, 34, 32, 33, 33, 4771, 24271, 264, 2372, 9067,
    411, 7042, 2250, 1866, 89, 1673, 38028, 16506, 446, 446, 24132, 446, 446, 216, 22342, 16506, 446,
    446, 446, 216, 34, 32, 32, 32, 816, 216, 34, 32, 32, 37, 446, 446, 446, 38028, 16506, 533, 216, 34,
    32, 32, 32, 389, 9226, 352, 761, 253, 16204, 3394, 29, 48, 45608, 1791, 335, 260, 8552, 3086, 378,
    8593, 8544, 384, 18821, 476, 7850, 2860, 541, 476, 281, 260, 12592, 3297, 476, 533, 16872, 25742,
    476, 1673, 389, 9226, 352, 4870, 455, 347, 476, 7850, 476, 281, 260, 1238, 28069
};

// llama-tokenize on the whole of wiki.test.joined.txt (with and without --no-parse-special).
constexpr size_t kWikiTestTokens = 304978;

// llama-tokenize --no-parse-special ids of the first 2000 code points of The Devil's Dictionary
// as load_corpus("devils-dictionary") gives it (dict-devil's devil.dict.dz from "THE DEVIL'S
// DICTIONARY" on; llama.cpp of llama-cpp-python 0.3.36).
const Ids kDevil2000 = {
    15964, 12288, 70, 4192, 23, 67, 422, 22519, 8772, 1933, 24625, 198, 9694, 411, 198, 15111,
    10974, 50, 3911, 6493, 39899, 1754, 5628, 1116, 11259, 10504, 216, 33, 41, 33, 33, 411, 14338,
    284, 6660, 11948, 89, 28, 5829, 30, 13596, 330, 4837, 26955, 9378, 28, 10504, 9545, 1246, 198,
    16997, 21231, 821, 4124, 216, 33, 37, 216, 33, 41, 41, 35, 198, 945, 10369, 1283, 411, 1065,
    9190, 3609, 282, 1456, 100, 67, 926, 52, 320, 57, 320, 53, 11539, 360, 9190, 3609, 48, 5924, 30,
    84, 7789, 489, 30, 824, 16506, 19145, 33460, 54, 16065, 198, 198, 79, 504, 32288, 506, 10600,
    79, 436, 10176, 281, 253, 11438, 1941, 281, 216, 33, 40, 40, 33, 28, 284, 436, 198, 10725, 2055,
    281, 253, 708, 481, 587, 970, 418, 986, 12752, 1793, 216, 33, 41, 32, 38, 30, 216, 533, 338,
    198, 3610, 253, 1507, 599, 282, 357, 436, 2587, 281, 7725, 351, 260, 5038, 2483, 504, 198, 51,
    1744, 286, 506, 8013, 6226, 19902, 253, 1462, 527, 260, 1919, 761, 441, 260, 1149, 288, 198,
    257, 680, 355, 8906, 288, 25312, 30, 216, 1626, 12219, 260, 19241, 282, 260, 198, 16580, 746,
    42, 472, 476, 1348, 540, 2998, 1160, 5038, 761, 5094, 719, 5657, 1980, 1272, 411, 198, 1195,
    3320, 806, 490, 1332, 282, 260, 1596, 10059, 281, 527, 253, 599, 282, 260, 198, 1637, 761, 6254,
    28, 351, 260, 1782, 10931, 338, 645, 357, 2422, 578, 198, 254, 7725, 260, 1798, 2221, 761, 719,
    23642, 411, 624, 444, 269, 1857, 351, 253, 198, 9818, 282, 637, 873, 5180, 23, 2905, 3009, 2483,
    504, 36882, 286, 506, 669, 19902, 2483, 504, 36882, 286, 506, 1848, 19902, 284, 198, 79, 504,
    36882, 286, 506, 252, 23, 6937, 23626, 216, 3529, 282, 623, 2905, 592, 7475, 27275, 28, 1239,
    198, 11246, 282, 601, 3235, 260, 11091, 282, 262, 388, 1352, 30, 216, 6646, 601, 28, 502, 198,
    82, 2975, 260, 2229, 637, 873, 5180, 23, 618, 510, 86, 2675, 588, 2276, 338, 750, 1863, 12422,
    198, 269, 436, 937, 41209, 281, 4408, 282, 6823, 1270, 472, 2867, 403, 556, 28, 1147, 28, 634,
    282, 260, 9374, 2039, 12318, 911, 282, 260, 1798, 198, 12730, 4573, 2253, 288, 715, 2391, 282,
    260, 746, 347, 5019, 480, 1923, 28, 198, 397, 800, 282, 624, 10070, 28, 41657, 28, 11707, 284,
    588, 7146, 28, 761, 198, 11169, 465, 540, 355, 1181, 1574, 281, 2378, 4778, 30, 216, 669, 7718,
    314, 198, 9211, 28, 441, 351, 750, 11320, 282, 9282, 281, 42803, 735, 28, 564, 281, 2232, 21204,
    198, 1714, 1636, 11233, 282, 20114, 28, 527, 314, 787, 42803, 290, 30, 216, 533, 7475, 198, 375,
    11946, 650, 1038, 260, 1919, 11073, 288, 325, 3408, 14993, 1325, 411, 967, 288, 198, 2499, 300,
    260, 746, 314, 8914, 3009, 30377, 17264, 617, 4640, 3498, 23940, 198, 1141, 6243, 28, 2588, 288,
    19025, 28, 19627, 288, 12318, 284, 2577, 2321, 288, 34362, 30, 472, 330, 31911, 28, 284, 2056};

// llama-tokenize --no-parse-special on the whole of that text: the count, and FNV-1a (64-bit)
// of all the ids as little-endian uint32, so that every id is compared, not only the count.
constexpr size_t kDevilTokens = 95356;
constexpr uint64_t kDevilIdsFnv1a = 0xbcc9d304ac085246u;

uint64_t fnv1a(const Ids& ids) {
    uint64_t h = 0xcbf29ce484222325u;
    for (int32_t id : ids)
        for (int b = 0; b < 4; ++b) {
            h ^= (static_cast<uint32_t>(id) >> (8 * b)) & 0xFF;
            h *= 0x100000001b3u;
        }
    return h;
}

// The first 2000 code points of `all` tokenize to `want` and decode back.
void expect_prefix(const rs::Tokenizer& tok, const std::string& all, const Ids& want) {
    const std::string text = first_code_points(all, 2000);
    const Ids ids = tok.encode(text, true);
    EXPECT_EQ(ids, want);
    EXPECT_EQ(tok.decode(ids), text);
}

TEST_F(SmolLM2, SpecFromGguf) {
    EXPECT_EQ(tok_->spec().kind, TokenizerKind::ByteLevelBpe);
    EXPECT_EQ(tok_->spec().pre, "smollm");
    EXPECT_EQ(tok_->n_vocab(), 49152);
    EXPECT_EQ(tok_->bos(), 1);
    EXPECT_EQ(tok_->eos(), 2);
    EXPECT_FALSE(tok_->add_bos());
    EXPECT_TRUE(tok_->is_eog(2));  // <|im_end|>
    EXPECT_TRUE(tok_->is_eog(0));  // <|endoftext|>
    EXPECT_FALSE(tok_->is_eog(1));
    EXPECT_EQ(tok_->token_text(216), "\xC4\xA0");
    EXPECT_EQ(tok_->token_to_piece(216), " ");
}

TEST_F(SmolLM2, MatchesLlamaCpp) {
    for (const RefCase& c : ref_cases()) {
        const Ids ids = tok_->encode(c.text, true, c.parse_special);
        EXPECT_EQ(ids, c.ids) << c.name;
        EXPECT_EQ(tok_->decode(ids), c.text) << c.name;
    }
}

TEST_F(SmolLM2, DevilsDictionaryPrefixMatchesLlamaCpp) {
    const std::string text = first_code_points(devils_text(), 2000);
    const Ids ids = tok_->encode(text, true);
    EXPECT_EQ(ids, kDevil2000);
    EXPECT_EQ(tok_->decode(ids), text);
}

TEST_F(SmolLM2, WholeDevilsDictionaryCountAndSpeed) {
    const std::string text = devils_text();
    const auto t0 = std::chrono::steady_clock::now();
    const Ids ids = tok_->encode(text, true);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(ids.size(), kDevilTokens);
    EXPECT_EQ(fnv1a(ids), kDevilIdsFnv1a);
    EXPECT_EQ(std::vector<int32_t>(ids.begin(), ids.begin() + kDevil2000.size() - 1),
              std::vector<int32_t>(kDevil2000.begin(), kDevil2000.end() - 1));
    EXPECT_EQ(tok_->decode(ids), text);
    RecordProperty("devils_dictionary_tokenize_seconds", std::to_string(secs));
}

TEST_F(SmolLM2, WikiTextPrefixMatchesLlamaCpp) {
    SKIP_WITHOUT_WIKITEXT();
    expect_prefix(*tok_, read_file(wikitext_path()), kWiki2000);
}

TEST_F(SmolLM2, WholeWikiTextCountAndSpeed) {
    SKIP_WITHOUT_WIKITEXT();
    const std::string text = read_file(wikitext_path());
    ASSERT_FALSE(text.empty()) << wikitext_path();
    const auto t0 = std::chrono::steady_clock::now();
    const Ids ids = tok_->encode(text, true);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(ids.size(), kWikiTestTokens);
    EXPECT_EQ(std::vector<int32_t>(ids.begin(), ids.begin() + kWiki2000.size() - 1),
              std::vector<int32_t>(kWiki2000.begin(), kWiki2000.end() - 1));
    EXPECT_EQ(tok_->decode(ids), text);
    RecordProperty("wikitext_tokenize_seconds", std::to_string(secs));
}

TEST_F(SmolLM2, HfJsonOfSameVocabularyAgrees) {
    // The GGUF vocabulary re-expressed as an HF tokenizer.json with SmolLM2's pre_tokenizer
    // must tokenize identically (exercises the HF reader on a real-sized vocabulary).
    const TokenizerSpec& g = tok_->spec();
    nlohmann::json vocab = nlohmann::json::object(), added = nlohmann::json::array(), merges = nlohmann::json::array();
    for (size_t i = 0; i < g.tokens.size(); ++i) {
        if (g.token_types[i] == static_cast<int32_t>(TokenType::Control))
            added.push_back({{"id", i}, {"content", g.tokens[i]}, {"special", true}});
        vocab[g.tokens[i]] = i;
    }
    for (const std::string& m : g.merges) {
        const size_t sp = m.find(' ', 1);
        merges.push_back({m.substr(0, sp), m.substr(sp + 1)});
    }
    const nlohmann::json j = {
        {"added_tokens", added},
        {"pre_tokenizer",
         {{"type", "Sequence"},
          {"pretokenizers",
           {{{"type", "Digits"}, {"individual_digits", true}},
            {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}}}}},
        {"decoder", {{"type", "ByteLevel"}}},
        {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", merges}}},
    };
    const auto hf = rs::make_tokenizer(rs::tokenizer_spec_from_hf_json_text(
        j.dump(), "smollm2/tokenizer.json", R"({"bos_token": "<|im_start|>", "eos_token": "<|im_end|>"})"));
    EXPECT_EQ(hf->spec().pre, "smollm");
    EXPECT_EQ(hf->bos(), 1);
    EXPECT_EQ(hf->eos(), 2);
    EXPECT_FALSE(hf->add_bos());
    for (const RefCase& c : ref_cases()) EXPECT_EQ(hf->encode(c.text, true, c.parse_special), c.ids) << c.name;
    EXPECT_EQ(hf->encode(first_code_points(devils_text(), 2000), true), kDevil2000);
}

TEST_F(SmolLM2, ConcurrentEncodeAgrees) {
    // One tokenizer serves several threads (the evaluator tokenizes in parallel).
    const std::string text = first_code_points(devils_text(), 2000);
    std::vector<Ids> results(4);
    std::vector<std::thread> threads;
    for (auto& r : results)
        threads.emplace_back([&] {
            for (int i = 0; i < 20; ++i) r = tok_->encode(text, true);
        });
    for (auto& t : threads) t.join();
    for (const auto& r : results) EXPECT_EQ(r, kDevil2000);
}

// The SmolLM2 vocabulary under other pre-tokenizers. llama-tokenize ids come from copies of the
// GGUF with only tokenizer.ggml.pre changed (written with gguf-py, no tensors).
TEST_F(SmolLM2, OtherPreTokenizersMatchLlamaCpp) {
    const std::string text = "Hello, world!! 12345 don't DON'T 'S x\n\n  y\r\n z \xC2\xBD \xD9\xA3\xD9\xA4 (a+b)^2 <= c|d ~e";
    const std::vector<std::pair<std::string, Ids>> expected = {
        {"default", {19556, 28, 905, 10095, 216, 33, 34, 35, 36, 37, 1326, 23, 100, 422, 2154, 23, 68, 216, 23, 67, 1792,
                     8866, 329, 2738, 1892, 216, 16738, 216, 164, 113, 164, 114, 216, 24, 81, 27, 82, 33295, 34, 216, 44,
                     45, 265, 108, 84, 216, 110, 85}},
        {"gpt-2", {19556, 28, 905, 10095, 216, 33, 34, 35, 36, 37, 1326, 982, 422, 2154, 23, 68, 637, 67, 1792, 8866, 329,
                   2738, 1892, 3351, 138, 16936, 113, 164, 114, 365, 81, 27, 82, 33295, 34, 10204, 265, 108, 84, 11417, 85}},
        {"llama-bpe", {19556, 28, 905, 10095, 216, 33, 34, 35, 36, 37, 1326, 982, 422, 2154, 23, 68, 637, 67, 1792, 1116,
                       216, 329, 2738, 1892, 216, 16738, 216, 164, 113, 164, 114, 365, 81, 27, 82, 33295, 34, 10204, 265,
                       108, 84, 11417, 85}},
        {"qwen2", {19556, 28, 905, 10095, 216, 33, 34, 35, 36, 37, 1326, 982, 422, 2154, 23, 68, 637, 67, 1792, 1116, 216,
                   329, 2738, 1892, 216, 16738, 216, 164, 113, 164, 114, 365, 81, 27, 82, 33295, 34, 10204, 265, 108, 84,
                   11417, 85}},
    };
    for (const auto& [pre, ids] : expected) {
        TokenizerSpec spec = tok_->spec();
        spec.pre = pre;
        const auto t = rs::make_tokenizer(spec);
        EXPECT_EQ(t->encode(text, true), ids) << pre;
        EXPECT_EQ(t->decode(ids), text) << pre;
    }
}

// A SentencePiece vocabulary synthesised from SmolLM2's pieces: <unk> <s> </s>, 256 byte tokens,
// "<|im_start|>" (control), "<|user|>" (user-defined), then every normal SmolLM2 token whose
// bytes are valid UTF-8 without control characters, spaces spelled U+2581, first spelling kept,
// score = -id. Written as a GGUF (tokenizer.ggml.model "llama", add_bos, add_space_prefix) for
// llama-tokenize, which produced the ids below.
TokenizerSpec synthetic_spm(const TokenizerSpec& g) {
    TokenizerSpec s;
    s.kind = TokenizerKind::SentencePiece;
    s.tokens = {"<unk>", "<s>", "</s>"};
    s.token_types = {2, 3, 3};
    for (int b = 0; b < 256; ++b) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "<0x%02X>", b);
        s.tokens.push_back(buf);
        s.token_types.push_back(6);
    }
    s.tokens.insert(s.tokens.end(), {"<|im_start|>", "<|user|>"});
    s.token_types.insert(s.token_types.end(), {3, 4});
    std::set<std::string> seen(s.tokens.begin(), s.tokens.end());
    for (size_t i = 0; i < g.tokens.size(); ++i) {
        if (g.token_types[i] != 1) continue;
        std::string bytes;
        for (size_t pos = 0; pos < g.tokens[i].size();)
            bytes += static_cast<char>(rs::unicode::unicode_to_byte(rs::unicode::next_code_point(g.tokens[i], pos)));
        if (!rs::unicode::is_valid_utf8(bytes) ||
            std::any_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
            continue;
        std::string piece;
        for (char c : bytes) piece += c == ' ' ? kU2581 : std::string(1, c);
        if (!seen.insert(piece).second) continue;
        s.tokens.push_back(piece);
        s.token_types.push_back(1);
    }
    s.scores.assign(s.tokens.size(), 0.0f);
    for (size_t i = 0; i < s.tokens.size(); ++i)
        if (s.token_types[i] == 1) s.scores[i] = -static_cast<float>(i);
    s.bos_id = 1;
    s.eos_id = 2;
    s.unk_id = 0;
    s.add_bos = true;
    s.add_space_prefix = true;
    s.source = "synthetic-spm";
    return s;
}

TEST_F(SmolLM2, SyntheticSentencePieceMatchesLlamaCpp) {
    const auto t = rs::make_tokenizer(synthetic_spm(tok_->spec()));
    ASSERT_EQ(t->n_vocab(), 48924);
    const std::string text = "Hello world,  twice  spaced\n\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E \xF0\x9F\x99\x82 "
                             "na\xC3\xAFve <|im_start|>user hi</s> x<|user|>y";
    const Ids parsed = {1, 38541, 1004, 272, 355, 6827, 361, 2492, 2659, 13, 233, 154, 168, 40817, 235, 173, 161,
                        47312, 15498, 46288, 355, 259, 3003, 15885, 2, 361, 348, 260, 433};
    const Ids plain = {1, 38541, 1004, 272, 355, 6827, 361, 2492, 2659, 13, 233, 154, 168, 40817, 235, 173, 161,
                       47312, 15498, 46288, 2159, 352, 411, 323, 3819, 352, 290, 4172, 15885, 9672, 343, 290, 1885,
                       260, 433};
    EXPECT_EQ(t->encode(text, true, true), parsed);
    EXPECT_EQ(t->encode(text, true, false), plain);
    // The dummy prefix comes back after "<|user|>", so only text without specials round-trips.
    const std::string head = text.substr(0, text.find(" <|im_start|>"));
    EXPECT_EQ(t->decode(t->encode(head, true)), head);
    // llama-tokenize --no-parse-special on the whole of The Devil's Dictionary.
    EXPECT_EQ(t->encode(devils_text(), true).size(), 99183u);
}

TEST_F(SmolLM2, SyntheticSentencePieceOnWikiTextMatchesLlamaCpp) {
    SKIP_WITHOUT_WIKITEXT();
    const auto t = rs::make_tokenizer(synthetic_spm(tok_->spec()));
    // llama-tokenize --no-parse-special on the whole of wiki.test.joined.txt.
    EXPECT_EQ(t->encode(read_file(wikitext_path()), true).size(), 313655u);
}

// Optional: llama.cpp's own tokenizer test vocabularies (models/ggml-vocab-*.gguf with .inp/.out,
// the .out made by HF tokenizers, which llama.cpp matches), run when ROTOSCOPE_LLAMACPP_VOCAB_DIR
// points at that folder. They cover real Llama-2 (SPM), Llama-3, Qwen2 and GPT-2 vocabularies.
TEST(LlamaCppVocabs, MatchReferenceOutputs) {
    const char* dir = std::getenv("ROTOSCOPE_LLAMACPP_VOCAB_DIR");
    if (!dir) GTEST_SKIP() << "set ROTOSCOPE_LLAMACPP_VOCAB_DIR=<llama.cpp>/models to run";
    const std::string sep = "\n__ggml_vocab_test__\n";
    for (const char* name : {"llama-spm", "llama-bpe", "qwen2", "gpt-2"}) {
        const std::string base = std::string(dir) + "/ggml-vocab-" + name + ".gguf";
        auto gguf = rs::GgufFile::open(base);
        const auto t = rs::make_tokenizer(rs::tokenizer_spec_from_gguf(*gguf));
        const std::string inp = read_file(base + ".inp");
        std::istringstream out(read_file(base + ".out"));
        size_t start = 0, n = 0;
        for (std::string line; std::getline(out, line) && start <= inp.size(); ++n) {
            const size_t end = std::min(inp.find(sep, start), inp.size());
            const std::string text = inp.substr(start, end - start);
            start = end + sep.size();
            Ids want;
            std::istringstream ls(line);
            for (int32_t id; ls >> id;) want.push_back(id);
            EXPECT_EQ(t->encode(text, false, true), want) << name << " case " << n << ": " << text;
        }
        EXPECT_GT(n, 40u) << name;
    }
}

}  // namespace
