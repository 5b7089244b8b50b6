// The census on the bundled default model (SmolLM2-135M-Instruct Q4_1): where its massive
// activations live, checked against scripts/dev/reference_forward.py (an independent float64
// numpy forward pass) on the same 64 tokens: the first 64 of window 0 of `analyze default`
// (wikitext2-train, seed 0). Reference values (`--site LAYER SITE --top 3`):
//   layer 11 residual: median |x| 1.687451; (pos 0, ch 507) 24112.2331, (0, 247) 1776.2080, (0, 14) 910.0605
//   layer 11 down_in:  median |x| 0.057861; (0, 1229) 2994.7085, (0, 1487) 1064.2633, (0, 926) 12.1561
//   layer 27 residual: median |x| 9.932954; (0, 507) 23718.1429, (0, 247) 1948.1685, (0, 100) -873.4069
//   layer 28 down_in:  median |x| 0.152974; (0, 678) 2397.4909, (0, 1095) 186.9382, (0, 625) -91.1215
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "calib/census.h"
#include "model/loader.h"
#include "tokenizer/tokenizer.h"

namespace rs {
namespace {

struct Expected {
    int layer;
    CensusSite site;
    double median;
    std::vector<std::pair<int, double>> top;  // (channel, value) at position 0
};

TEST(DefaultModelCensus, MassiveActivationsMatchTheFloat64Reference) {
    ASSERT_TRUE(std::filesystem::exists(default_model_path())) << default_model_path() << " is missing: run scripts/fetch-model.sh";
    const Model model = load_model("default");
    const auto tok = make_tokenizer(model.tokenizer);
    auto backend = make_cpu_backend();
    Forward fwd(model, *backend);

    CalibrationSet cal;
    cal.ctx = 64;
    CalibrationWindow w;
    w.tokens = {38280, 284,   20707, 5926, 3297, 32071, 11044, 284,   16477, 5834, 335,  260,  5432,  3297, 284,  3183,
                2343,  282,   260,   6471, 12248, 1673, 3717,  23777, 282,   14913, 647,  7687, 5378,  347,  253,  2444,
                351,   624,   17725, 553,  719,   23612, 1062, 738,   7592,  284,   411,  2099, 10138, 282,  260,  19675,
                284,   624,   18562, 1673, 378,   2987,  8243, 491,   18758, 359,   1577, 378,  10183, 3692, 3101, 284};
    for (int32_t id : w.tokens) w.texts.push_back(tok->token_to_piece(id));
    cal.windows.push_back(w);
    CensusConfig cfg;
    cfg.windows = 1;
    cfg.ctx = 64;
    cfg.capture_tokens = 4;
    const Census census = run_census(fwd, cal, cfg);

    const std::vector<Expected> expected = {
        {11, CensusSite::Residual, 1.687451, {{507, 24112.2331}, {247, 1776.2080}, {14, 910.0605}}},
        {11, CensusSite::DownIn, 0.057861, {{1229, 2994.7085}, {1487, 1064.2633}, {926, 12.1561}}},
        {27, CensusSite::Residual, 9.932954, {{507, 23718.1429}, {247, 1948.1685}, {100, -873.4069}}},
        {28, CensusSite::DownIn, 0.152974, {{678, 2397.4909}, {1095, 186.9382}, {625, -91.1215}}},
    };
    for (const Expected& e : expected) {
        const SiteCensus* s = census.find(e.layer, e.site);
        ASSERT_NE(s, nullptr);
        const std::string at = "layer " + std::to_string(e.layer) + " " + census_site_name(e.site);
        EXPECT_NEAR(s->median, e.median, 2e-4 * e.median) << at;
        ASSERT_GE(s->top.size(), 3u) << at;
        for (size_t i = 0; i < 3; ++i) {
            EXPECT_EQ(s->top[i].position, 0) << at;
            EXPECT_EQ(s->top[i].channel, e.top[i].first) << at << " rank " << i;
            EXPECT_NEAR(s->top[i].value, e.top[i].second, 1e-4 * std::fabs(e.top[i].second)) << at << " rank " << i;
            // The captured rows hold the same value at that cell.
            EXPECT_EQ(s->captured(0, e.top[i].first), s->top[i].value) << at;
        }
        EXPECT_EQ(s->window_top[0], std::fabs(s->top[0].value)) << at;
    }

    // Sun et al.'s criterion (|x| > 100 and >= 1000x the median) names the residual channels 507
    // (and 247 early on) at the first token, from the block that creates them (11) until the
    // block before the one that removes them (28), and nothing before layer 11 in the residual.
    for (int l = 0; l < model.cfg.n_layers; ++l) {
        const SiteCensus* s = census.find(l, CensusSite::Residual);
        ASSERT_NE(s, nullptr);
        std::set<int> channels, positions;
        for (const auto& m : s->massive) {
            channels.insert(m.channel);
            positions.insert(m.position);
        }
        if (l < 11 || l > 27) {
            EXPECT_EQ(s->massive_count, 0u) << "residual after layer " << l;
        } else {
            EXPECT_TRUE(channels.count(507)) << "residual after layer " << l;
            EXPECT_EQ(positions, std::set<int>{0}) << "residual after layer " << l;
            for (int c : channels) EXPECT_TRUE(c == 507 || c == 247) << "layer " << l << " channel " << c;
        }
    }
    EXPECT_EQ(census.find(-1, CensusSite::LmHeadIn)->massive_count, 0u);
}

}  // namespace
}  // namespace rs
