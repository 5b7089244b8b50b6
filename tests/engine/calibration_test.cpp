// Calibration windows: the seeded generator against published splitmix64 outputs, and window
// sampling on a byte-level tokenizer whose ids are the text's bytes, so that every window can be
// checked against the corpus text directly.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "calib/calibration.h"
#include "core/error.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/unicode_utils.h"

namespace rs {
namespace {

// Ids 0..255 are the bytes (no merges, so every byte is one token); 256 is "<s>".
std::unique_ptr<Tokenizer> byte_tokenizer(bool with_bos = true) {
    TokenizerSpec s;
    s.kind = TokenizerKind::ByteLevelBpe;
    s.pre = "gpt2";
    for (int b = 0; b < 256; ++b) s.tokens.push_back(unicode::byte_to_unicode_table()[static_cast<size_t>(b)]);
    s.token_types.assign(256, static_cast<int32_t>(TokenType::Normal));
    s.tokens.push_back("<s>");
    s.token_types.push_back(static_cast<int32_t>(TokenType::Control));
    if (with_bos) {
        s.bos_id = 256;
        s.add_bos = true;
    }
    s.source = "byte-tokenizer";
    return make_tokenizer(s);
}

// The same text is built by the Python line that gave its sha256:
//   hashlib.sha256(''.join('word%d ' % (i % 37) for i in range(1000)).encode()).hexdigest()
Corpus words_corpus() {
    Corpus c;
    c.name = "words";
    c.path = "/data/words.txt";
    for (int i = 0; i < 1000; ++i) c.text += "word" + std::to_string(i % 37) + " ";
    return c;
}
constexpr const char* kWordsSha256 = "1dbfb1647b7c8835626ef947e1289e10a6b639638a8467290def2da7436f8d56";

// Outputs of the reference splitmix64 (Vigna, https://prng.di.unimi.it/splitmix64.c); the seed-0
// values are the ones quoted with that code, the others were computed with Python big integers
// reduced mod 2^64 from the same three lines.
TEST(SeededRng, MatchesReferenceSplitmix64) {
    SeededRng zero(0);
    EXPECT_EQ(zero.next(), 0xe220a8397b1dcdafULL);
    EXPECT_EQ(zero.next(), 0x6e789e6aa1b965f4ULL);
    EXPECT_EQ(zero.next(), 0x06c45d188009454fULL);
    EXPECT_EQ(zero.next(), 0xf88bb8a8724c81ecULL);
    SeededRng other(1234567);
    EXPECT_EQ(other.next(), 0x599ed017fb08fc85ULL);
    EXPECT_EQ(other.next(), 0x2c73f08458540fa5ULL);
    EXPECT_EQ(other.next(), 0x883ebce5a3f27c77ULL);
    EXPECT_EQ(other.next(), 0x3fbef740e9177b3fULL);
}

TEST(SeededRng, BelowRejectsTheBiasedZone) {
    // Python: draws r kept when r >= 2^64 mod n, answer r % n.
    SeededRng small(42);
    const std::vector<uint64_t> want_small{3, 1, 8, 4, 0, 2, 5, 8};
    for (uint64_t w : want_small) EXPECT_EQ(small.below(10), w);
    // n = 3 * 2^62: 2^64 mod n = 2^62, so seed 7's second draw (0x044c3cd7f43c661c < 2^62) is
    // rejected; a modulo reduction would have returned it.
    SeededRng big(7);
    const uint64_t n = 3ULL << 62;
    EXPECT_EQ(big.below(n), 7191089600892374487ULL);
    EXPECT_EQ(big.below(n), 2781043691533445634ULL);
    EXPECT_EQ(big.below(n), 10753165928301472203ULL);
    EXPECT_EQ(big.below(n), 8346079845500723674ULL);
    SeededRng one(3);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(one.below(1), 0u);
}

TEST(SampleWindows, WindowsAreTheCorpusAtDrawnOffsets) {
    const Corpus corpus = words_corpus();
    const auto tok = byte_tokenizer();
    const int ctx = 40, n = 6;
    std::vector<std::string> stages;
    Progress progress;
    progress.report = [&](const ProgressStep& step_) { const std::string stage = progress_label(step_); const int64_t done = step_.done; const int64_t total = step_.total;
        stages.push_back(std::string(stage) + " " + std::to_string(done) + "/" + std::to_string(total));
    };
    const CalibrationSet set = sample_windows(corpus, *tok, n, ctx, 99, /*bos=*/false, progress);
    EXPECT_EQ(stages, (std::vector<std::string>{"tokenizing 0/1", "tokenizing 1/1"}));
    EXPECT_EQ(set.corpus_name, "words");
    EXPECT_EQ(set.corpus_path, "/data/words.txt");
    EXPECT_EQ(set.corpus_sha256, kWordsSha256);
    EXPECT_EQ(set.corpus_tokens, static_cast<int64_t>(corpus.text.size()));
    EXPECT_EQ(set.ctx, ctx);
    EXPECT_EQ(set.seed, 99u);
    EXPECT_FALSE(set.bos);
    ASSERT_EQ(set.windows.size(), static_cast<size_t>(n));
    // Offsets are the generator's draws, in order, from [0, tokens - ctx].
    SeededRng rng(99);
    for (const CalibrationWindow& w : set.windows) {
        EXPECT_EQ(static_cast<uint64_t>(w.offset), rng.below(corpus.text.size() - ctx + 1));
        ASSERT_GE(w.offset, 0);
        ASSERT_LE(w.offset + ctx, static_cast<int64_t>(corpus.text.size()));
        ASSERT_EQ(w.tokens.size(), static_cast<size_t>(ctx));
        ASSERT_EQ(w.texts.size(), static_cast<size_t>(ctx));
        for (int i = 0; i < ctx; ++i) {
            const char byte = corpus.text[static_cast<size_t>(w.offset + i)];
            EXPECT_EQ(w.tokens[static_cast<size_t>(i)], static_cast<unsigned char>(byte));
            EXPECT_EQ(w.texts[static_cast<size_t>(i)], std::string(1, byte));
        }
    }
}

TEST(SampleWindows, SeedDecidesTheWindows) {
    const Corpus corpus = words_corpus();
    const auto tok = byte_tokenizer();
    const CalibrationSet a = sample_windows(corpus, *tok, 8, 32, 5, true);
    const CalibrationSet b = sample_windows(corpus, *tok, 8, 32, 5, true);
    const CalibrationSet c = sample_windows(corpus, *tok, 8, 32, 6, true);
    std::vector<int64_t> oa, ob, oc;
    for (size_t i = 0; i < 8; ++i) {
        oa.push_back(a.windows[i].offset);
        ob.push_back(b.windows[i].offset);
        oc.push_back(c.windows[i].offset);
        EXPECT_EQ(a.windows[i].tokens, b.windows[i].tokens);
        EXPECT_EQ(a.windows[i].texts, b.windows[i].texts);
    }
    EXPECT_EQ(oa, ob);
    EXPECT_NE(oa, oc);
}

TEST(SampleWindows, BosTakesTheFirstPlace) {
    const Corpus corpus = words_corpus();
    const auto tok = byte_tokenizer();
    const int ctx = 17;
    const CalibrationSet set = sample_windows(corpus, *tok, 4, ctx, 1, /*bos=*/true);
    EXPECT_TRUE(set.bos);
    SeededRng rng(1);
    for (const CalibrationWindow& w : set.windows) {
        // The body is ctx - 1 corpus tokens, so offsets reach one further.
        EXPECT_EQ(static_cast<uint64_t>(w.offset), rng.below(corpus.text.size() - (ctx - 1) + 1));
        ASSERT_EQ(w.tokens.size(), static_cast<size_t>(ctx));
        EXPECT_EQ(w.tokens[0], 256);
        EXPECT_EQ(w.texts[0], "<s>");
        for (int i = 1; i < ctx; ++i)
            EXPECT_EQ(w.tokens[static_cast<size_t>(i)],
                      static_cast<unsigned char>(corpus.text[static_cast<size_t>(w.offset + i - 1)]));
    }
    // A tokenizer without BOS cannot add one; the set says so.
    const auto no_bos = byte_tokenizer(false);
    const CalibrationSet plain = sample_windows(corpus, *no_bos, 2, ctx, 1, /*bos=*/true);
    EXPECT_FALSE(plain.bos);
    EXPECT_NE(plain.windows[0].tokens[0], 256);
}

TEST(SampleWindows, TooShortCorpusIsRefused) {
    Corpus c;
    c.name = "tiny";
    c.path = "/data/tiny.txt";
    c.text = "0123456789";  // 10 tokens
    const auto tok = byte_tokenizer();
    try {
        sample_windows(c, *tok, 1, 11, 0, false);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        EXPECT_STREQ(e.what(), "/data/tiny.txt: has 10 tokens, fewer than one window of 11");
    }
    // With BOS the same 11-token window needs only 10 corpus tokens: the one offset is 0.
    const CalibrationSet fits = sample_windows(c, *tok, 3, 11, 0, true);
    for (const CalibrationWindow& w : fits.windows) EXPECT_EQ(w.offset, 0);
    EXPECT_THROW(sample_windows(c, *tok, 0, 4, 0, false), Error);
    EXPECT_THROW(sample_windows(c, *tok, 1, 1, 0, false), Error);
}

TEST(SampleWindows, PiecesAreValidUtf8) {
    Corpus c;
    c.name = c.path = "utf8.txt";
    c.text = "caf\xC3\xA9!";  // é is two byte tokens, neither valid UTF-8 alone
    const auto tok = byte_tokenizer();
    const CalibrationSet set = sample_windows(c, *tok, 1, 6, 0, false);
    EXPECT_EQ(set.windows[0].texts, (std::vector<std::string>{"c", "a", "f", "<0xC3>", "<0xA9>", "!"}));
}

}  // namespace
}  // namespace rs
