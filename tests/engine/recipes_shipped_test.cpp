// Every recipe shipped in resources/recipes/ parses and validates against the default model's
// shapes (SmolLM2-135M: d_model 576, 9 heads / 3 KV heads of 64, d_ff 1536), so that none of
// them fails after the model has loaded; the paper experiments the docs promise are there, with
// the structure they promise; docs/recipes.md describes every file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/error.h"
#include "model/loader.h"
#include "experiment/recipe.h"

namespace rs {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kRecipeDir = fs::path(ROTOSCOPE_SOURCE_DIR) / "resources" / "recipes";

// The default model's shapes, written out rather than loaded so that the test runs without it.
ModelConfig default_model_config() {
    ModelConfig c;
    c.arch = Arch::Llama;
    c.n_vocab = 49152;
    c.d_model = 576;
    c.n_layers = 30;
    c.n_heads = 9;
    c.n_kv_heads = 3;
    c.head_dim = 64;
    c.d_ff = 1536;
    c.max_context = 8192;
    c.tied_embeddings = true;
    return c;
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A matrix has at least one of the matrix keys; anything else is a single recipe.
bool is_matrix_file(const fs::path& p) {
    const json j = json::parse(read_text(p));
    for (const char* key : {"recipes", "rotations", "formats", "seeds", "eval", "base", "smooth_calibration"})
        if (j.contains(key)) return true;
    return false;
}

// Every shipped file as a matrix (a single recipe is a matrix of one).
std::map<std::string, RecipeMatrix> load_all() {
    std::map<std::string, RecipeMatrix> all;
    for (const auto& e : fs::directory_iterator(kRecipeDir)) {
        if (e.path().extension() != ".json") continue;
        const std::string path = e.path().string();
        RecipeMatrix m;
        if (is_matrix_file(e.path())) {
            m = load_matrix_file(path);
        } else {
            m.recipes = {load_recipe_file(path)};
            m.seed_of = {-1};
            m.group_of = {m.recipes[0].name};
        }
        all[e.path().filename().string()] = std::move(m);
    }
    return all;
}

bool any_random(const FusePlan& p) {
    auto random = [](bool on, const RotationSpec& s) {
        return on && (s.kind == RotationKind::RandomHadamard || s.kind == RotationKind::RandomOrthogonal);
    };
    return random(p.r1_on, p.r1) || random(p.r2_on, p.r2) || random(p.r3_on, p.r3) || random(p.r4_on, p.r4);
}

TEST(recipes_shipped, EveryFileParsesAndValidatesAgainstTheDefaultModel) {
    ASSERT_TRUE(fs::is_directory(kRecipeDir)) << kRecipeDir;
    const ModelConfig cfg = default_model_config();
    const auto all = load_all();
    ASSERT_GE(all.size(), 9u);
    for (const auto& [file, m] : all) {
        ASSERT_FALSE(m.recipes.empty()) << file;
        for (size_t i = 0; i < m.recipes.size(); ++i)
            EXPECT_NO_THROW(validate_recipe(m.recipes[i], cfg, file + " recipe " + std::to_string(i + 1))) << file << " recipe " << i + 1;
        // The evaluation must fit the model's context.
        EXPECT_LE(m.eval.ctx, cfg.max_context) << file;
        EXPECT_LE(m.smooth_calibration.ctx, cfg.max_context) << file;
    }
}

// The real default model's configuration too (the suite's setup fetches it, as for every
// default-model test: without it this fails, naming how to fetch it).
TEST(recipes_shipped, ValidateAgainstTheRealDefaultModel) {
    const ModelInfo info = inspect_model("default");
    const ModelConfig written = default_model_config();
    EXPECT_EQ(info.cfg.d_model, written.d_model);
    EXPECT_EQ(info.cfg.d_ff, written.d_ff);
    EXPECT_EQ(info.cfg.head_dim, written.head_dim);
    EXPECT_EQ(info.cfg.n_heads, written.n_heads);
    EXPECT_EQ(info.cfg.n_kv_heads, written.n_kv_heads);
    for (const auto& [file, m] : load_all())
        for (size_t i = 0; i < m.recipes.size(); ++i) EXPECT_NO_THROW(validate_recipe(m.recipes[i], info.cfg, file)) << file;
}

TEST(recipes_shipped, TheW4A4MatrixIsTheOneTheIssueAsksFor) {
    const RecipeMatrix m = load_matrix_file((kRecipeDir / "w4a4-matrix.json").string());
    EXPECT_EQ(m.eval.ctx, 512);
    EXPECT_EQ(m.eval.windows, 8);
    EXPECT_EQ(m.eval.probe_tokens, 256);
    EXPECT_EQ(m.seeds, (std::vector<uint64_t>{0, 1, 2}));
    // {none, block16, block32, block64} once and {rhadamard, orthogonal} per seed, x 3 formats.
    EXPECT_EQ(m.recipes.size(), (4u + 2u * 3u) * 3u);
    std::map<std::string, int> per_group;
    std::set<std::string> formats;
    for (size_t i = 0; i < m.recipes.size(); ++i) {
        const Recipe& r = m.recipes[i];
        EXPECT_EQ(recipe_bits_label(r), "W4A4KV16") << recipe_display_name(r);
        ASSERT_TRUE(r.weights && r.activations);
        EXPECT_FALSE(r.kv.has_value());
        EXPECT_FALSE(r.quantize_lm_head);
        formats.insert(quant::format_spec_name(*r.weights) + "/" + quant::format_spec_name(*r.activations));
        // A rotation string means the same kind at R1, R2 and R4, never R3.
        const FusePlan& p = r.rotation;
        if (p.any()) {
            EXPECT_TRUE(p.r1_on && p.r2_on && p.r4_on && !p.r3_on) << recipe_display_name(r);
            EXPECT_TRUE(p.r1 == p.r2 && p.r1 == p.r4);
        }
        EXPECT_EQ(m.seed_of[i] >= 0, any_random(p)) << recipe_display_name(r);
        ++per_group[m.group_of[i]];
    }
    EXPECT_EQ(formats.size(), 3u);
    EXPECT_TRUE(formats.count("mxfp4/mxfp4") && formats.count("nvfp4/nvfp4")) << formats.size();
    int seeded_groups = 0;
    for (const auto& [group, n] : per_group) {
        EXPECT_TRUE(n == 1 || n == 3) << group << ": " << n;
        seeded_groups += n == 3;
    }
    EXPECT_EQ(seeded_groups, 2 * 3);
}

TEST(recipes_shipped, TheExperimentsHaveTheirShape) {
    const auto all = load_all();
    auto get = [&](const std::string& f) -> const RecipeMatrix& {
        static const RecipeMatrix empty;
        const auto it = all.find(f);
        if (it == all.end()) {
            ADD_FAILURE() << f << " is not shipped";
            return empty;
        }
        return it->second;
    };
    // 12.1: rotations only, nothing quantized, every placement exercised, R3 included.
    const RecipeMatrix& fp = get("fp-invariance.json");
    bool r3 = false, block = false, orthogonal = false;
    for (const Recipe& r : fp.recipes) {
        EXPECT_FALSE(r.weights || r.activations || r.kv) << recipe_display_name(r);
        r3 |= r.rotation.r3_on;
        block |= r.rotation.r1_on && r.rotation.r1.kind == RotationKind::BlockHadamard;
        orthogonal |= r.rotation.r1_on && r.rotation.r1.kind == RotationKind::RandomOrthogonal;
    }
    EXPECT_TRUE(r3 && block && orthogonal);
    // 12.3: W4A16, W16A4, W4A4 and W4A4KV4, each with and without R3.
    std::set<std::string> bits;
    std::set<std::pair<std::string, bool>> bits_r3;
    for (const Recipe& r : get("error-decomposition.json").recipes) {
        bits.insert(recipe_bits_label(r));
        bits_r3.insert({recipe_bits_label(r), r.rotation.r3_on});
    }
    EXPECT_EQ(bits, (std::set<std::string>{"W4A16KV16", "W16A4KV16", "W4A4KV16", "W4A4KV4"}));
    EXPECT_TRUE(bits_r3.count({"W4A4KV4", true}) && bits_r3.count({"W4A4KV4", false}));
    // 12.4: random orthogonal and random Hadamard R1 over the same seeds, at A4 and A8.
    std::map<RotationKind, std::set<int>> seeds_of;
    for (size_t i = 0; i < get("ro-vs-rh-seeds.json").recipes.size(); ++i) {
        const RecipeMatrix& m = get("ro-vs-rh-seeds.json");
        seeds_of[m.recipes[i].rotation.r1.kind].insert(m.seed_of[i]);
    }
    EXPECT_GE(seeds_of[RotationKind::RandomHadamard].size(), 3u);
    EXPECT_EQ(seeds_of[RotationKind::RandomHadamard], seeds_of[RotationKind::RandomOrthogonal]);
    // 12.7: R1, +R2, +R4, +R3 in that order.
    std::vector<int> placements;
    for (const Recipe& r : get("per-rotation-ablation.json").recipes)
        placements.push_back(r.rotation.r1_on + r.rotation.r2_on + r.rotation.r3_on + r.rotation.r4_on);
    placements.erase(std::unique(placements.begin(), placements.end()), placements.end());
    EXPECT_EQ(placements, (std::vector<int>{0, 1, 2, 3, 4}));
    // 12.9: alpha 0 to 1 in steps of 0.05 at the down_proj input, with R1-R4, plus the baseline.
    std::set<int> alphas;
    for (const Recipe& r : get("smoothrot-alpha-sweep.json").recipes) {
        EXPECT_TRUE(r.rotation.r1_on && r.rotation.r2_on && r.rotation.r3_on && r.rotation.r4_on);
        if (!r.smooth.on) continue;
        EXPECT_TRUE(r.smooth.down && !r.smooth.attn && !r.smooth.mlp);
        alphas.insert(static_cast<int>(std::lround(r.smooth.alpha * 100)));
    }
    EXPECT_EQ(alphas.size(), 21u);
    EXPECT_TRUE(alphas.count(0) && alphas.count(50) && alphas.count(100));
    // 12.10: clip ratios, symmetric and asymmetric activations, weight MSE clip on and off.
    bool asym_a = false, mse = false, no_mse = false, clip = false;
    for (const Recipe& r : get("quantizer-knobs.json").recipes) {
        asym_a |= r.activations && !r.activations->symmetric;
        mse |= r.weights && r.weights->mse_clip;
        no_mse |= r.weights && !r.weights->mse_clip;
        clip |= r.activations && r.activations->clip_ratio < 0.65f;
    }
    EXPECT_TRUE(asym_a && mse && no_mse && clip);
    // 12.11: INT4, MXFP4 and NVFP4, each without rotation, with a full and with a block Hadamard.
    std::set<std::pair<quant::FormatKind, RotationKind>> cells;
    for (const Recipe& r : get("microscaling-formats.json").recipes)
        cells.insert({r.weights->kind, r.rotation.any() ? r.rotation.r1.kind : RotationKind::Identity});
    for (quant::FormatKind f : {quant::FormatKind::Int, quant::FormatKind::MxFp4, quant::FormatKind::Nvfp4})
        for (RotationKind k : {RotationKind::Identity, RotationKind::Hadamard, RotationKind::BlockHadamard})
            EXPECT_TRUE(cells.count({f, k})) << static_cast<int>(f) << " x " << static_cast<int>(k);
}

// The table of docs/recipes.md lists every file with its number of runs: "| `file.json` | N |".
TEST(recipes_shipped, TheDocsDescribeEveryFileWithItsRuns) {
    const std::string docs = read_text(fs::path(ROTOSCOPE_SOURCE_DIR) / "docs" / "recipes.md");
    ASSERT_FALSE(docs.empty());
    for (const auto& [file, m] : load_all()) {
        const std::string row = "| `" + file + "` | ";
        const size_t at = docs.find(row);
        if (at == std::string::npos) {
            ADD_FAILURE() << file << " has no row in docs/recipes.md";
            continue;
        }
        EXPECT_EQ(std::atoi(docs.c_str() + at + row.size()), static_cast<int>(m.recipes.size())) << file;
    }
}

}  // namespace
}  // namespace rs
