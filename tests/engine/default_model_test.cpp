// The real default model (SmolLM2-135M-Instruct, Q4_1 GGUF) end to end: perplexity of the first
// 512 tokens of The Devil's Dictionary (and of WikiText-2 test, where a copy of it is present)
// and greedy continuations, against values computed independently by
// scripts/dev/reference_forward.py (numpy, float64, weights dequantized by the gguf package).
// The model must have been fetched (scripts/fetch-model.sh), as the setup does.
#include <gtest/gtest.h>

#include <filesystem>

#include "backend/backend.h"
#include "calib/corpus.h"
#include "eval/perplexity.h"
#include "model/loader.h"
#include "runtime/generate.h"
#include "support/default_model.h"
#include "tokenizer/tokenizer.h"

namespace rs {
namespace {

using testing::default_model;

using DefaultModel = testing::DefaultModelTest;

std::vector<int32_t> first_tokens(const std::string& corpus, size_t n) {
    const Corpus c = load_corpus(corpus);
    auto ids = default_model().tok->encode(c.text.substr(0, 20 * n), true, false);
    EXPECT_GE(ids.size(), n) << corpus;
    ids.resize(n);
    return ids;
}

TEST_F(DefaultModel, ConfigIsSmolLM2) {
    const ModelConfig& c = default_model().model.cfg;
    EXPECT_EQ(c.arch, Arch::Llama);
    EXPECT_EQ(c.n_layers, 30);
    EXPECT_EQ(c.d_model, 576);
    EXPECT_EQ(c.n_heads, 9);
    EXPECT_EQ(c.n_kv_heads, 3);
    EXPECT_EQ(c.d_ff, 1536);
    EXPECT_EQ(c.n_vocab, 49152);
    EXPECT_FLOAT_EQ(c.rope_theta, 100000.0f);
    EXPECT_TRUE(c.tied_embeddings);
    EXPECT_EQ(default_model().model.layers[0].q.source_dtype, "Q4_1");
    EXPECT_EQ(default_model().model.lm_head.source_dtype, "Q8_0");
}

// Both protocols on one window of 512 tokens against the reference's perplexities.
void expect_window_ppl(const std::vector<int32_t>& ids, double llamacpp_ppl, double full_ppl) {
    PplOptions opt;
    opt.ctx = 512;
    opt.protocol = PplProtocol::LlamaCpp;
    const PplResult a = perplexity(*default_model().fwd, ids, opt);
    EXPECT_EQ(a.scored_tokens, 255);
    EXPECT_NEAR(a.ppl, llamacpp_ppl, llamacpp_ppl * 2e-6);
    opt.protocol = PplProtocol::Full;
    const PplResult b = perplexity(*default_model().fwd, ids, opt);
    EXPECT_EQ(b.scored_tokens, 511);
    EXPECT_NEAR(b.ppl, full_ppl, full_ppl * 2e-6);
}

TEST_F(DefaultModel, PerplexityOfFirstWindowMatchesFloat64Reference) {
    // The first 512 ids are those of llama-tokenize on the same text (tokenizer_test). Reference
    // mean NLLs: 3.55575029 (llama.cpp protocol), 3.64256865 (full).
    expect_window_ppl(first_tokens("devils-dictionary", 512), 35.014081, 38.189807);
}

TEST_F(DefaultModel, PerplexityOfFirstWikiTextWindowMatchesFloat64Reference) {
    if (find_wikitext2_file("wiki.test.joined.txt").empty())
        GTEST_SKIP() << "WikiText-2 is not on this machine: this check is specific to its text; the Devil's Dictionary "
                        "test checks the same code on every machine";
    // Reference mean NLLs: 2.62450623 (llama.cpp protocol), 3.09024907 (full).
    expect_window_ppl(first_tokens("wikitext2", 512), 13.797760, 21.982552);
}

struct GreedyCase {
    std::vector<int32_t> prompt;
    std::vector<int32_t> expected;  // 32 greedy tokens from the float64 reference
};

TEST_F(DefaultModel, GreedyContinuationsMatchFloat64Reference) {
    const std::vector<GreedyCase> cases = {
        // "The capital of France is" -> " Paris.\n\nThe answer is: 2018-01-22 12:12:53.<|im_end|>\n<|im_start|>"
        {{504, 3575, 282, 4649, 314},
         {7042, 30, 198, 198, 504, 2988, 314, 42, 216, 34, 32, 33, 40, 29, 32, 33,
          29, 34, 34, 216, 33, 34, 42, 33, 34, 42, 37, 35, 30, 2, 198, 1}},
        // "Once upon a time, there was a little robot who"
        {{6403, 1980, 253, 655, 28, 665, 436, 253, 1838, 8085, 617},
         {761, 253, 1767, 2470, 288, 919, 701, 5587, 30, 909, 436, 1217, 476, 504, 7970, 1963,
          18, 411, 650, 2428, 30, 198, 198, 2705, 1194, 28, 253, 725, 3289, 282, 378, 7970}},
        // "def fibonacci(n):"
        {{1604, 3987, 46477, 24, 94, 727},
         {472, 585, 304, 1758, 216, 32, 42, 448, 1003, 216, 33, 472, 1003, 304, 1672, 3987,
          46477, 24, 94, 731, 216, 33, 25, 198, 198, 19, 4246, 260, 1517, 198, 3272, 24}},
    };
    for (const GreedyCase& c : cases) {
        EXPECT_EQ(default_model().tok->encode(default_model().tok->decode(c.prompt), true, true), c.prompt);
        GenerateOptions g;
        g.max_new_tokens = static_cast<int>(c.expected.size());
        EXPECT_EQ(generate_greedy(*default_model().fwd, c.prompt, g), c.expected);
    }
}

}  // namespace
}  // namespace rs
