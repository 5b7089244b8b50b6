// Recipes and recipe matrices (issue 4): the JSON grammar of pipeline/recipe.h, its round trip,
// every way a recipe file can be wrong (each refused in one line naming the file and the key),
// the checks against a model's shapes made before any work, and the expansion of a matrix into
// rotations x formats x seeds.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "experiment/recipe.h"
#include "rotate/rotation.h"
#include "support/temp_dir.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

using nlohmann::json;

// Recipe::operator== needs FusePlan::operator==, which fuse.h does not declare; compare by field.
void expect_same_plan(const FusePlan& a, const FusePlan& b, const std::string& ctx) {
    EXPECT_EQ(a.r1_on, b.r1_on) << ctx;
    EXPECT_EQ(a.r2_on, b.r2_on) << ctx;
    EXPECT_EQ(a.r3_on, b.r3_on) << ctx;
    EXPECT_EQ(a.r4_on, b.r4_on) << ctx;
    EXPECT_TRUE(a.r1 == b.r1) << ctx;
    EXPECT_TRUE(a.r2 == b.r2) << ctx;
    EXPECT_TRUE(a.r3 == b.r3) << ctx;
    EXPECT_TRUE(a.r4 == b.r4) << ctx;
}

void expect_same(const Recipe& a, const Recipe& b, const std::string& ctx) {
    EXPECT_EQ(a.name, b.name) << ctx;
    expect_same_plan(a.rotation, b.rotation, ctx);
    EXPECT_TRUE(a.smooth == b.smooth) << ctx;
    EXPECT_TRUE(a.weights == b.weights) << ctx;
    EXPECT_TRUE(a.activations == b.activations) << ctx;
    EXPECT_TRUE(a.kv == b.kv) << ctx;
    EXPECT_EQ(a.quantize_lm_head, b.quantize_lm_head) << ctx;
}

// The error message of `f`, which must throw BadInput in one line.
template <class F>
std::string bad_input(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput) << e.what();
        const std::string msg = e.what();
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
        return msg;
    }
    ADD_FAILURE() << "no error";
    return "";
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

#define EXPECT_CONTAINS(hay, needle) EXPECT_TRUE(contains(hay, needle)) << "message: " << (hay) << "\nexpected: " << (needle)

// -------------------------------------------------------------------------------------------------
// Parsing

TEST(RecipeJson, ParsesTheDocumentedExample) {
    const Recipe r = recipe_from_json(json::parse(R"({
        "name": "quarot-rtn-w4a4kv4",
        "rotation": { "r1": "rhadamard:seed=0", "r2": "hadamard", "r3": "hadamard", "r4": "hadamard" },
        "smooth": { "alpha": 0.5, "sites": ["down"] },
        "w": "int4:channel:mse", "a": "int4:token:clip0.9", "kv": "int4:asym:clip0.95",
        "lm_head": false })"),
                                      "example.json");
    EXPECT_EQ(r.name, "quarot-rtn-w4a4kv4");
    EXPECT_TRUE(r.rotation.r1_on && r.rotation.r2_on && r.rotation.r3_on && r.rotation.r4_on);
    EXPECT_EQ(r.rotation.r1.kind, RotationKind::RandomHadamard);
    EXPECT_EQ(r.rotation.r1.seed, 0u);
    EXPECT_EQ(r.rotation.r2.kind, RotationKind::Hadamard);
    EXPECT_EQ(r.rotation.r3.kind, RotationKind::Hadamard);
    EXPECT_EQ(r.rotation.r4.kind, RotationKind::Hadamard);
    EXPECT_TRUE(r.smooth.on);
    EXPECT_EQ(r.smooth.alpha, 0.5);
    EXPECT_TRUE(r.smooth.down);
    EXPECT_FALSE(r.smooth.attn || r.smooth.mlp);
    ASSERT_TRUE(r.weights && r.activations && r.kv);
    EXPECT_TRUE(*r.weights == quant::parse_format_spec("int4:channel:mse"));
    EXPECT_TRUE(r.weights->mse_clip);
    EXPECT_EQ(r.activations->granularity, quant::Granularity::Token);
    EXPECT_FLOAT_EQ(r.activations->clip_ratio, 0.9f);
    EXPECT_FALSE(r.kv->symmetric);
    EXPECT_FALSE(r.quantize_lm_head);
}

TEST(RecipeJson, RotationStringMeansR1R2R4) {
    const Recipe r = recipe_from_json(json{{"rotation", "block:16"}}, "r.json");
    EXPECT_TRUE(r.rotation.r1_on && r.rotation.r2_on && r.rotation.r4_on);
    EXPECT_FALSE(r.rotation.r3_on);
    for (const RotationSpec* s : {&r.rotation.r1, &r.rotation.r2, &r.rotation.r4}) {
        EXPECT_EQ(s->kind, RotationKind::BlockHadamard);
        EXPECT_EQ(s->block, 16);
    }
    EXPECT_FALSE(recipe_from_json(json{{"rotation", "none"}}, "r.json").rotation.any());
    EXPECT_FALSE(recipe_from_json(json{{"rotation", nullptr}}, "r.json").rotation.any());
    EXPECT_FALSE(recipe_from_json(json::object(), "r.json").rotation.any());
    const Recipe o = recipe_from_json(json::parse(R"({"rotation": {"r1": "orthogonal:seed=4", "r2": null, "r4": "none"}})"), "r.json");
    EXPECT_TRUE(o.rotation.r1_on);
    EXPECT_FALSE(o.rotation.r2_on || o.rotation.r3_on || o.rotation.r4_on);
    EXPECT_EQ(o.rotation.r1.seed, 4u);
}

TEST(RecipeJson, AbsentFormatsAndSmoothingAreOff) {
    const Recipe r = recipe_from_json(json::parse(R"({"w": null, "smooth": null})"), "r.json");
    EXPECT_FALSE(r.weights || r.activations || r.kv);
    EXPECT_FALSE(r.smooth.on);
    EXPECT_FALSE(r.quantize_lm_head);
    const Recipe s = recipe_from_json(json::parse(R"({"smooth": {}})"), "r.json");
    EXPECT_TRUE(s.smooth.on);  // an empty object is SmoothRot with its defaults
    EXPECT_EQ(s.smooth.alpha, 0.5);
    EXPECT_TRUE(s.smooth.down);
    const Recipe m = recipe_from_json(json::parse(R"({"smooth": {"alpha": 0.8, "sites": ["attn", "mlp"]}})"), "r.json");
    EXPECT_FALSE(m.smooth.down);
    EXPECT_TRUE(m.smooth.attn && m.smooth.mlp);
}

TEST(RecipeJson, RoundTripsManyRecipes) {
    const std::vector<json> rotations = {
        "none",
        "hadamard",
        "rhadamard:seed=3",
        "block32",
        "orthogonal:seed=9",
        json::parse(R"({"r1": "rhadamard:seed=1", "r4": "block:32"})"),
        json::parse(R"({"r2": "hadamard", "r3": "hadamard"})"),
        json::parse(R"({"r1": "hadamard", "r2": "hadamard", "r3": "hadamard", "r4": "hadamard"})"),
        json::parse(R"({"r1": "hadamard", "r2": "block4", "r4": "hadamard"})"),
    };
    const std::vector<json> formats = {nullptr, "int4", "int8:asym:token", "int4:g128:mse", "fp8_e4m3", "fp8_e5m2:channel:clip0.9",
                                       "mxfp4", "mxfp4:rceil", "mxfp6_e3m2", "mxint8", "nvfp4", "nf4", "int2:tensor", "int3:g64"};
    const std::vector<json> smooths = {nullptr, json::parse(R"({"alpha": 0.25})"),
                                       json::parse(R"({"alpha": 1, "sites": ["down", "mlp"], "min_scale": 0.001})")};
    int n = 0;
    for (size_t ri = 0; ri < rotations.size(); ++ri)
        for (size_t fi = 0; fi < formats.size(); ++fi) {
            json j{{"rotation", rotations[ri]},
                   {"w", formats[fi]},
                   {"a", formats[(fi + 3) % formats.size()]},
                   {"kv", formats[(fi + 7) % formats.size()]},
                   {"smooth", smooths[(ri + fi) % smooths.size()]},
                   {"lm_head", (ri + fi) % 2 == 0}};
            if (fi % 3 == 0) j["name"] = "recipe " + std::to_string(n);
            const Recipe a = recipe_from_json(j, "r.json");
            const json out = recipe_to_json(a);
            const Recipe b = recipe_from_json(out, "round trip");
            expect_same(a, b, j.dump() + " -> " + out.dump());
            EXPECT_EQ(recipe_to_json(b), out);
            ++n;
        }
    EXPECT_EQ(n, 9 * 14);
}

TEST(RecipeJson, ToJsonWritesTheShortForms) {
    const json uniform = recipe_to_json(recipe_from_json(json{{"rotation", "rhadamard"}, {"w", "int4:channel"}}, "r.json"));
    EXPECT_EQ(uniform["rotation"], "rhadamard:seed=0");
    EXPECT_EQ(uniform["w"], "int4");  // the default granularity is left out
    EXPECT_FALSE(uniform.contains("a"));
    EXPECT_FALSE(uniform.contains("smooth"));
    const json split = recipe_to_json(recipe_from_json(json::parse(R"({"rotation": {"r1": "hadamard", "r4": "block32"}})"), "r.json"));
    EXPECT_EQ(split["rotation"], json::parse(R"({"r1": "hadamard", "r4": "block:32"})"));
}

// -------------------------------------------------------------------------------------------------
// Bad recipes

TEST(RecipeJson, RefusesUnknownKeys) {
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json::parse(R"({"rotaton": "hadamard"})"), "r.json"); }),
                    "r.json: rotaton: unknown key");
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json::parse(R"({"rotation": {"r5": "hadamard"}})"), "r.json"); }),
                    "r.json: rotation.r5: unknown key");
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json::parse(R"({"smooth": {"beta": 0.5}})"), "r.json"); }),
                    "r.json: smooth.beta: unknown key");
}

TEST(RecipeJson, RefusesBadSpecsWithTheKeyAndTheParsersMessage) {
    const std::string w = bad_input([] { recipe_from_json(json{{"w", "int5"}}, "recipes/x.json"); });
    EXPECT_CONTAINS(w, "recipes/x.json: w: ");
    // The format parser's own message follows the key.
    const std::string parser = bad_input([] { quant::parse_format_spec("int5"); });
    EXPECT_CONTAINS(w, parser);
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json{{"a", "mxfp4:g32"}}, "r.json"); }), "r.json: a: format \"mxfp4:g32\"");
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json{{"kv", "nvfp5"}}, "r.json"); }), "r.json: kv: ");
    const std::string rot = bad_input([] { recipe_from_json(json{{"rotation", "hadamard:7"}}, "r.json"); });
    EXPECT_CONTAINS(rot, "r.json: rotation: ");
    EXPECT_CONTAINS(rot, bad_input([] { parse_rotation("hadamard:7"); }));
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json::parse(R"({"rotation": {"r4": "blockx"}})"), "r.json"); }),
                    "r.json: rotation.r4: rotation \"blockx\"");
}

TEST(RecipeJson, RefusesWrongTypes) {
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json{{"w", 4}}, "r.json"); }), "r.json: w: expected a string");
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json{{"rotation", 3}}, "r.json"); }), "r.json: rotation: expected a rotation");
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json::parse(R"({"rotation": {"r1": true}})"), "r.json"); }),
                    "r.json: rotation.r1: expected a string");
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json{{"lm_head", "yes"}}, "r.json"); }), "r.json: lm_head: expected true or false");
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json{{"name", 7}}, "r.json"); }), "r.json: name: expected a string");
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json{{"smooth", true}}, "r.json"); }), "r.json: smooth: expected an object");
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json::array(), "r.json"); }), "r.json: a recipe must be a JSON object");
}

TEST(RecipeJson, RefusesBadSmoothing) {
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json::parse(R"({"smooth": {"alpha": 1.5}})"), "r.json"); }),
                    "r.json: smooth.alpha: must be in [0, 1], got 1.5");
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json::parse(R"({"smooth": {"alpha": -0.1}})"), "r.json"); }),
                    "smooth.alpha: must be in [0, 1]");
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json::parse(R"({"smooth": {"alpha": "0.5"}})"), "r.json"); }),
                    "r.json: smooth.alpha: expected a number");
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json::parse(R"({"smooth": {"sites": ["ffn"]}})"), "r.json"); }),
                    "r.json: smooth.sites: unknown site \"ffn\"");
    EXPECT_CONTAINS(bad_input([] { recipe_from_json(json::parse(R"({"smooth": {"sites": []}})"), "r.json"); }),
                    "r.json: smooth.sites: expected a non-empty array");
}

TEST(RecipeFile, LoadsAndRefusesBadFiles) {
    testing::TempDir dir;
    const std::string good = dir.file("good.json");
    std::ofstream(good) << R"({"name": "w4", "rotation": "hadamard", "w": "int4"})";
    const Recipe r = load_recipe_file(good);
    EXPECT_EQ(r.name, "w4");
    EXPECT_TRUE(r.rotation.r1_on);

    const std::string broken = dir.file("broken.json");
    std::ofstream(broken) << "{\n  \"name\": \"w4\",\n  \"w\": int4\n}\n";
    const std::string msg = bad_input([&] { load_recipe_file(broken); });
    EXPECT_CONTAINS(msg, broken + ": not valid JSON: ");
    EXPECT_CONTAINS(msg, "line 3");  // the parser's position
    EXPECT_FALSE(contains(msg, "[json.exception"));

    const std::string missing = dir.file("missing.json");
    EXPECT_CONTAINS(bad_input([&] { load_recipe_file(missing); }), missing + ": cannot read file");

    const std::string typo = dir.file("typo.json");
    std::ofstream(typo) << R"({"wieghts": "int4"})";
    EXPECT_CONTAINS(bad_input([&] { load_recipe_file(typo); }), typo + ": wieghts: unknown key");

    const std::string huge = dir.file("huge.json");
    std::ofstream(huge).put(' ');
    std::filesystem::resize_file(huge, (16u << 20) + 1);
    EXPECT_CONTAINS(bad_input([&] { load_recipe_file(huge); }), huge + ": file is 16777217 bytes");
}

// -------------------------------------------------------------------------------------------------
// Names

TEST(RecipeNames, DisplayNames) {
    auto name = [](const char* j) { return recipe_display_name(recipe_from_json(json::parse(j), "r.json")); };
    EXPECT_EQ(name(R"({"rotation": "rhadamard:seed=1", "w": "int4", "a": "int4:token"})"), "rhadamard:seed=1 · W int4 A int4:token");
    EXPECT_EQ(name(R"({"rotation": {"r1": "rhadamard:seed=1", "r4": "block:32"}, "w": "mxfp4", "a": "mxfp4"})"),
              "R1 rhadamard:seed=1 + R4 block32 · W mxfp4 A mxfp4");
    EXPECT_EQ(name(R"({"w": "nvfp4"})"), "none · W nvfp4");
    EXPECT_EQ(name(R"({})"), "none · unquantized");
    EXPECT_EQ(name(R"({"rotation": "hadamard", "smooth": {"alpha": 0.5}, "a": "int8:token", "kv": "int4:asym"})"),
              "hadamard · smooth α=0.5 · A int8:token KV int4:asym");
    EXPECT_EQ(name(R"({"smooth": {"alpha": 0.75, "sites": ["attn", "mlp"]}, "w": "int4", "lm_head": true})"),
              "none · smooth α=0.75 attn+mlp · W int4 · lm_head");
    EXPECT_EQ(name(R"({"rotation": {"r1": "hadamard", "r2": "hadamard", "r3": "hadamard", "r4": "hadamard"}})"),
              "R1 hadamard + R2 hadamard + R3 hadamard + R4 hadamard · unquantized");
    // An explicit name wins only in tables, not here.
    EXPECT_EQ(name(R"({"name": "x", "w": "int8"})"), "none · W int8");
}

TEST(RecipeNames, BitsLabels) {
    auto bits = [](const char* j) { return recipe_bits_label(recipe_from_json(json::parse(j), "r.json")); };
    EXPECT_EQ(bits(R"({})"), "W16A16KV16");
    EXPECT_EQ(bits(R"({"w": "int4", "a": "int4:token"})"), "W4A4KV16");
    EXPECT_EQ(bits(R"({"w": "int4", "a": "int4:token", "kv": "int4:asym"})"), "W4A4KV4");
    EXPECT_EQ(bits(R"({"w": "int8", "a": "int8:token"})"), "W8A8KV16");
    EXPECT_EQ(bits(R"({"w": "int2", "a": "int3:token"})"), "W2A3KV16");
    EXPECT_EQ(bits(R"({"w": "mxfp4", "a": "nvfp4", "kv": "nf4"})"), "W4A4KV4");
    EXPECT_EQ(bits(R"({"w": "mxfp6_e2m3", "a": "mxfp8_e5m2", "kv": "mxint8"})"), "W6A8KV8");
    EXPECT_EQ(bits(R"({"w": "fp8_e4m3", "kv": "fp8_e5m2"})"), "W8A16KV8");
}

// -------------------------------------------------------------------------------------------------
// Checks against a model, before any work

ModelConfig llama48() { return testing::tiny_config(Arch::Llama); }  // d_model 48, head_dim 12, d_ff 80, 4 heads

// d_model 64, 2 heads of 32, d_ff 128: every block format fits.
ModelConfig llama64() {
    ModelConfig c = testing::tiny_config(Arch::Llama);
    c.d_model = 64;
    c.n_heads = 2;
    c.n_kv_heads = 1;
    c.head_dim = 32;
    c.d_ff = 128;
    return c;
}

std::string refused(const char* recipe_json, const ModelConfig& cfg) {
    return bad_input([&] { validate_recipe(recipe_from_json(json::parse(recipe_json), "r.json"), cfg, "matrix.json"); });
}

TEST(ValidateRecipe, AcceptsWhatCanRun) {
    for (const char* j : {R"({})", R"({"rotation": "rhadamard", "w": "int4", "a": "int4:token", "kv": "int4:asym"})",
                          R"({"rotation": "block:4", "w": "int4:g16", "a": "int8"})",
                          R"({"rotation": {"r1": "orthogonal:seed=2", "r3": "hadamard"}, "w": "fp8_e4m3", "a": "fp8_e4m3:token"})",
                          R"({"smooth": {"alpha": 0.5, "sites": ["attn", "mlp", "down"]}, "w": "int4"})",
                          R"({"rotation": "hadamard", "smooth": {"alpha": 0.5}})"})
        EXPECT_NO_THROW(validate_recipe(recipe_from_json(json::parse(j), "r.json"), llama48(), "m.json")) << j;
    for (const char* j : {R"({"rotation": "rhadamard", "w": "mxfp4", "a": "mxfp4", "kv": "mxfp4"})",
                          R"({"rotation": "block32", "w": "nvfp4", "a": "nvfp4", "kv": "nvfp4", "lm_head": true})",
                          R"({"w": "nf4", "a": "mxint8"})"})
        EXPECT_NO_THROW(validate_recipe(recipe_from_json(json::parse(j), "r.json"), llama64(), "m.json")) << j;
}

TEST(ValidateRecipe, RefusesABlockThatDoesNotDivideTheDimension) {
    const std::string msg = refused(R"({"rotation": {"r1": "block32"}, "w": "int4"})", llama48());
    EXPECT_CONTAINS(msg, "matrix.json: recipe 'R1 block32 · W int4': ");
    EXPECT_CONTAINS(msg, "d_model 48");
    EXPECT_CONTAINS(msg, "does not divide 48");
    // R4 over d_ff, by name.
    EXPECT_CONTAINS(refused(R"({"rotation": {"r4": "block:64"}})", llama48()), "d_ff 80");
}

TEST(ValidateRecipe, RefusesAHadamardOrderWithNoConstruction) {
    ModelConfig c = llama48();
    c.d_model = 50;  // 25 * 2: no stored Hadamard matrix of order 25 or 50
    const std::string msg = refused(R"({"name": "had50", "rotation": {"r1": "hadamard"}})", c);
    EXPECT_CONTAINS(msg, "matrix.json: recipe 'had50': ");
    EXPECT_CONTAINS(msg, "d_model 50");
    EXPECT_CONTAINS(msg, "no Hadamard construction of order 50");
    // The random orthogonal kind exists at every order.
    EXPECT_NO_THROW(validate_recipe(recipe_from_json(json{{"rotation", json{{"r1", "orthogonal"}}}}, "r"), c, "m"));
}

TEST(ValidateRecipe, RefusesFormatsThatCannotBlockTheRows) {
    EXPECT_CONTAINS(refused(R"({"w": "mxfp4"})", llama48()),
                    "matrix.json: recipe 'none · W mxfp4': weight format mxfp4: d_model 48 of the q/k/v and gate/up inputs is not "
                    "a multiple of its block 32");
    EXPECT_CONTAINS(refused(R"({"w": "int4:g32"})", llama48()), "weight format int4:g32: d_model 48");
    EXPECT_CONTAINS(refused(R"({"w": "int4:g32"})", llama48()), "group 32");
    ModelConfig c = llama64();
    c.d_ff = 80;  // the down_proj input alone
    EXPECT_CONTAINS(refused(R"({"w": "mxfp4"})", c), "d_ff 80 of the down_proj input");
    EXPECT_CONTAINS(refused(R"({"a": "mxfp4"})", c), "activation format mxfp4: d_ff 80");
    EXPECT_NO_THROW(validate_recipe(recipe_from_json(json{{"a", "nvfp4"}}, "r"), c, "m"));  // 16 divides 80
    c = llama64();
    c.n_heads = 5;  // o_proj reads n_heads*head_dim = 160
    EXPECT_CONTAINS(refused(R"({"a": "nf4"})", c), "n_heads*head_dim 160 of the o_proj input");
}

TEST(ValidateRecipe, RefusesActivationFormatsThatAreNotPerToken) {
    // One scale per tensor or per group cannot be computed token by token.
    EXPECT_CONTAINS(refused(R"({"w": "int4", "a": "int4:tensor"})", llama48()), "must be per token");
    EXPECT_CONTAINS(refused(R"({"a": "int4:g16"})", llama48()), "must be per token");
    EXPECT_CONTAINS(refused(R"({"a": "fp8_e4m3"})", llama48()), "must be per token");  // FP8 defaults to per tensor
}

TEST(ValidateRecipe, RefusesAKvBlockThatDoesNotDivideHeadDim) {
    const std::string msg = refused(R"({"kv": "mxfp4"})", llama48());
    EXPECT_CONTAINS(msg, "matrix.json: recipe 'none · KV mxfp4': KV format mxfp4: head_dim 12 is not a multiple of its block 32");
    EXPECT_CONTAINS(refused(R"({"kv": "nf4"})", llama64()), "head_dim 32 is not a multiple of its block 64");
    EXPECT_NO_THROW(validate_recipe(recipe_from_json(json{{"kv", "nvfp4"}}, "r"), llama64(), "m"));
}

TEST(ValidateRecipe, RefusesSmoothingThatConflictsWithR1) {
    EXPECT_CONTAINS(refused(R"({"rotation": "hadamard", "smooth": {"sites": ["attn"]}})", llama48()), "R1");
    EXPECT_CONTAINS(refused(R"({"rotation": {"r1": "hadamard"}, "smooth": {"sites": ["down", "mlp"]}})", llama48()), "R1");
    // Without R1 the same smoothing is fine, and down-site smoothing goes with R1.
    EXPECT_NO_THROW(validate_recipe(recipe_from_json(json::parse(R"({"rotation": {"r4": "hadamard"}, "smooth": {"sites": ["attn"]}})"), "r"),
                                    llama48(), "m"));
    Recipe r;
    r.smooth.on = true;
    r.smooth.alpha = 1.5;  // built in code, past the parser
    EXPECT_CONTAINS(bad_input([&] { validate_recipe(r, llama48(), "gui"); }), "smoothing alpha must be in [0, 1], got 1.5");
}

// -------------------------------------------------------------------------------------------------
// Matrices

TEST(RecipeMatrix, ExpandsRotationsTimesFormatsTimesSeeds) {
    const RecipeMatrix m = matrix_from_json(json::parse(R"({
        "name": "w4a4-rotations-x-formats",
        "eval": { "corpus": "wikitext2", "ctx": 256, "windows": 4, "probe_tokens": 64 },
        "smooth_calibration": { "corpus": "wikitext2-train", "windows": 8, "ctx": 128, "seed": 5 },
        "base": { "kv": null, "lm_head": false },
        "rotations": [ "none", "rhadamard", { "r1": "block32", "r4": "block32" } ],
        "formats": [ "mxfp4", { "w": "int4:channel", "a": "int4:token" } ],
        "seeds": [0, 1, 2],
        "recipes": [ { "name": "explicit", "rotation": "hadamard", "w": "nvfp4" } ] })"),
                                            "matrix.json");
    EXPECT_EQ(m.name, "w4a4-rotations-x-formats");
    EXPECT_TRUE((m.eval == EvalSettings{"wikitext2", 256, 4, 64}));
    EXPECT_TRUE((m.smooth_calibration == SmoothCalibration{"wikitext2-train", 8, 128, 5}));
    EXPECT_EQ(m.seeds, (std::vector<uint64_t>{0, 1, 2}));

    // Explicit first, then rotation (outer) x format (inner), random rotations once per seed.
    const std::vector<std::string> want = {
        "explicit",
        "none · W mxfp4 A mxfp4",
        "none · W int4 A int4:token",
        "rhadamard:seed=0 · W mxfp4 A mxfp4",
        "rhadamard:seed=1 · W mxfp4 A mxfp4",
        "rhadamard:seed=2 · W mxfp4 A mxfp4",
        "rhadamard:seed=0 · W int4 A int4:token",
        "rhadamard:seed=1 · W int4 A int4:token",
        "rhadamard:seed=2 · W int4 A int4:token",
        "R1 block32 + R4 block32 · W mxfp4 A mxfp4",
        "R1 block32 + R4 block32 · W int4 A int4:token",
    };
    ASSERT_EQ(m.recipes.size(), want.size());
    ASSERT_EQ(m.seed_of.size(), want.size());
    ASSERT_EQ(m.group_of.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
        const Recipe& r = m.recipes[i];
        EXPECT_EQ(r.name.empty() ? recipe_display_name(r) : r.name, want[i]) << i;
    }
    EXPECT_EQ(m.seed_of, (std::vector<int>{-1, -1, -1, 0, 1, 2, 0, 1, 2, -1, -1}));
    EXPECT_EQ(m.group_of[0], "explicit");
    for (size_t i : {3, 4, 5}) EXPECT_EQ(m.group_of[i], "rhadamard · W mxfp4 A mxfp4");
    for (size_t i : {6, 7, 8}) EXPECT_EQ(m.group_of[i], "rhadamard · W int4 A int4:token");
    EXPECT_EQ(m.group_of[9], want[9]);

    // Every random placement got the seed.
    const Recipe& r5 = m.recipes[5];
    EXPECT_EQ(r5.rotation.r1.seed, 2u);
    EXPECT_EQ(r5.rotation.r2.seed, 2u);
    EXPECT_EQ(r5.rotation.r4.seed, 2u);
    EXPECT_FALSE(r5.kv);
    EXPECT_TRUE(*m.recipes[1].weights == quant::parse_format_spec("mxfp4"));
    EXPECT_TRUE(*m.recipes[1].activations == quant::parse_format_spec("mxfp4"));
    EXPECT_TRUE(*m.recipes[2].activations == quant::parse_format_spec("int4:token"));
    EXPECT_EQ(m.recipes[9].rotation.r1.block, 32);
    EXPECT_FALSE(m.recipes[9].rotation.r2_on);
}

TEST(RecipeMatrix, SeedsApplyToExplicitRecipesAndNameThem) {
    const RecipeMatrix m = matrix_from_json(json::parse(R"({
        "seeds": [4, 7],
        "recipes": [ { "name": "quarot", "rotation": {"r1": "rhadamard:seed=0", "r2": "orthogonal:seed=0", "r4": "hadamard"}, "w": "int4" },
                     { "rotation": "orthogonal", "w": "int8" },
                     { "name": "plain", "w": "int8" } ] })"),
                                            "m.json");
    ASSERT_EQ(m.recipes.size(), 5u);
    EXPECT_EQ(m.recipes[0].name, "quarot seed=4");
    EXPECT_EQ(m.recipes[1].name, "quarot seed=7");
    EXPECT_EQ(m.recipes[1].rotation.r1.seed, 7u);
    EXPECT_EQ(m.recipes[1].rotation.r2.seed, 7u);
    EXPECT_EQ(m.recipes[1].rotation.r4.kind, RotationKind::Hadamard);
    EXPECT_EQ(recipe_display_name(m.recipes[3]), "orthogonal:seed=7 · W int8");
    EXPECT_EQ(m.recipes[4].name, "plain");
    EXPECT_EQ(m.seed_of, (std::vector<int>{4, 7, 4, 7, -1}));
    EXPECT_EQ(m.group_of, (std::vector<std::string>{"quarot", "quarot", "orthogonal · W int8", "orthogonal · W int8", "plain"}));
}

TEST(RecipeMatrix, WithoutSeedsRecipesKeepTheirOwn) {
    const RecipeMatrix m = matrix_from_json(json::parse(R"({"rotations": ["rhadamard:seed=7", "hadamard"], "formats": ["nvfp4"]})"), "m.json");
    ASSERT_EQ(m.recipes.size(), 2u);
    EXPECT_TRUE(m.seeds.empty());
    EXPECT_EQ(m.seed_of, (std::vector<int>{7, -1}));
    EXPECT_EQ(m.recipes[0].rotation.r1.seed, 7u);
    // Defaults from the header.
    EXPECT_TRUE(m.eval == EvalSettings{});
    EXPECT_TRUE(m.smooth_calibration == SmoothCalibration{});
}

TEST(RecipeMatrix, FormatsAloneUseTheBaseRotation) {
    const RecipeMatrix m = matrix_from_json(json::parse(R"({"base": {"rotation": "hadamard", "kv": "int8"}, "formats": ["int4", {"w": "int8"}]})"),
                                            "m.json");
    ASSERT_EQ(m.recipes.size(), 2u);
    EXPECT_EQ(recipe_display_name(m.recipes[0]), "hadamard · W int4 A int4 KV int8");
    EXPECT_EQ(recipe_display_name(m.recipes[1]), "hadamard · W int8 KV int8");
}

TEST(RecipeMatrix, RefusesBadMatrices) {
    auto bad = [](const char* j) { return bad_input([&] { matrix_from_json(json::parse(j), "m.json"); }); };
    EXPECT_CONTAINS(bad(R"({"name": "empty"})"), "m.json: the matrix has no recipes");
    EXPECT_CONTAINS(bad(R"({"recipes": []})"), "m.json: the matrix has no recipes");
    EXPECT_CONTAINS(bad(R"({"recipe": []})"), "m.json: recipe: unknown key");
    EXPECT_CONTAINS(bad(R"({"formats": ["int4"], "eval": {"ctx": 3}})"), "m.json: eval.ctx: must be in 4..");
    EXPECT_CONTAINS(bad(R"({"formats": ["int4"], "eval": {"windows": -1}})"), "m.json: eval.windows: must be in 0..");
    EXPECT_CONTAINS(bad(R"({"formats": ["int4"], "eval": {"probe_tokens": -5}})"), "eval.probe_tokens: must be in 0..");
    EXPECT_CONTAINS(bad(R"({"formats": ["int4"], "eval": {"ctx": "512"}})"), "m.json: eval.ctx: expected an integer");
    EXPECT_CONTAINS(bad(R"({"formats": ["int4"], "eval": {"corpora": "x"}})"), "m.json: eval.corpora: unknown key");
    EXPECT_CONTAINS(bad(R"({"formats": ["int4"], "smooth_calibration": {"windows": 0}})"), "smooth_calibration.windows: must be in 1..");
    EXPECT_CONTAINS(bad(R"({"formats": ["int4"], "seeds": [1, -2]})"), "m.json: seeds[1]: must be in 0..");
    EXPECT_CONTAINS(bad(R"({"formats": ["int4"], "seeds": [1, 1]})"), "m.json: seeds: seed 1 is listed twice");
    EXPECT_CONTAINS(bad(R"({"formats": ["int4"], "seeds": []})"), "m.json: seeds: expected a non-empty array");
    EXPECT_CONTAINS(bad(R"({"rotations": ["hadamard", "blockz"]})"), "rotation 2 of m.json: rotation: rotation \"blockz\"");
    EXPECT_CONTAINS(bad(R"({"formats": ["int4", "int9"]})"), "format 2 of m.json: w: format \"int9\"");
    EXPECT_CONTAINS(bad(R"({"formats": [{"w": "int4", "rotation": "hadamard"}]})"), "format 1 of m.json: rotation: unknown key");
    EXPECT_CONTAINS(bad(R"({"formats": [4]})"), "format 1 of m.json: expected a format string");
    EXPECT_CONTAINS(bad(R"({"base": {"name": "x"}, "formats": ["int4"]})"), "m.json: base.name:");
    EXPECT_CONTAINS(bad(R"({"base": {"wq": "int4"}, "formats": ["int4"]})"), "base of m.json: wq: unknown key");
    EXPECT_CONTAINS(bad(R"({"recipes": [{"w": "int4"}, {"smooth": {"alpha": 2}}]})"), "recipe 2 of m.json: smooth.alpha: must be in [0, 1]");
    EXPECT_CONTAINS(bad(R"({"recipes": [{"name": "a", "w": "int4"}, {"name": "a", "w": "int8"}]})"),
                    "m.json: recipes 1 and 2 are both named 'a'");
    // An explicit recipe equal to a product one has the same display name.
    EXPECT_CONTAINS(bad(R"({"recipes": [{"w": "int4", "a": "int4"}], "formats": ["int4"]})"),
                    "m.json: recipes 1 and 2 are both named 'none · W int4 A int4'");
}

TEST(RecipeMatrix, LoadsFilesAndRefusesBrokenOnes) {
    testing::TempDir dir;
    const std::string good = dir.file("m.json");
    std::ofstream(good) << R"({"name": "small", "formats": ["int4", "int8"], "eval": {"ctx": 64}})";
    const RecipeMatrix m = load_matrix_file(good);
    EXPECT_EQ(m.recipes.size(), 2u);
    EXPECT_EQ(m.eval.ctx, 64);
    const std::string broken = dir.file("broken.json");
    std::ofstream(broken) << R"({"formats": ["int4",]})";
    const std::string msg = bad_input([&] { load_matrix_file(broken); });
    EXPECT_CONTAINS(msg, broken + ": not valid JSON: ");
    EXPECT_CONTAINS(msg, "column");
    const std::string missing = dir.file("nope.json");
    EXPECT_CONTAINS(bad_input([&] { load_matrix_file(missing); }), missing + ": cannot read file");
    const std::string typo = dir.file("typo.json");
    std::ofstream(typo) << R"({"formats": ["int4"], "seed": [1]})";
    EXPECT_CONTAINS(bad_input([&] { load_matrix_file(typo); }), typo + ": seed: unknown key");
}

TEST(RecipeMatrix, EvalSettingsToJson) {
    const EvalSettings e{"wikitext2", 128, 3, 32};
    EXPECT_EQ(eval_settings_to_json(e), json::parse(R"({"corpus": "wikitext2", "ctx": 128, "windows": 3, "probe_tokens": 32})"));
    // What it writes is what a matrix reads back.
    const RecipeMatrix m = matrix_from_json(json{{"eval", eval_settings_to_json(e)}, {"formats", {"int4"}}}, "m");
    EXPECT_TRUE(m.eval == e);
}

}  // namespace
}  // namespace rs

namespace rs {
namespace {

TEST(RecipeGptq, MethodOptionsRoundTripAndAreCheckedWhereTheyStand) {
    const Recipe r = recipe_from_json(
        json::parse(R"({"w": "int4:ct:g64", "method": "gptq", "gptq": {"damp": 0.05, "block": 64, "act_order": true,
                      "static_groups": true, "true_sequential": false}})"),
        "r.json");
    EXPECT_EQ(r.method, WeightMethod::Gptq);
    EXPECT_EQ(r.gptq, (GptqOptions{0.05, 64, true, true, false}));
    EXPECT_TRUE(r.weights->ct_grid);
    const Recipe back = recipe_from_json(recipe_to_json(r), "again");
    EXPECT_EQ(back.gptq, r.gptq);
    EXPECT_EQ(back.method, WeightMethod::Gptq);
    EXPECT_EQ(recipe_display_name(r), "none · W int4:ct:g64 gptq(damp=0.05,block=64,act-order,static,layerwise)");
    // Options only go with the method; each key is checked.
    auto bad = [](const char* j) { return bad_input([&] { recipe_from_json(json::parse(j), "r.json"); }); };
    EXPECT_CONTAINS(bad(R"({"w": "int4", "gptq": {"damp": 0.1}})"), "r.json: gptq: GPTQ options given, but the method is not gptq");
    EXPECT_CONTAINS(bad(R"({"w": "int4", "method": "gptq", "gptq": {"damping": 0.1}})"), "r.json: gptq.damping: unknown key");
    EXPECT_CONTAINS(bad(R"({"w": "int4", "method": "gptq", "gptq": {"damp": -1}})"), "r.json: gptq.damp: must be in [0, 10]");
    EXPECT_CONTAINS(bad(R"({"w": "int4", "method": "gptq", "gptq": {"block": 0}})"), "r.json: gptq.block: must be in 1..");
    EXPECT_CONTAINS(bad(R"({"w": "int4", "method": "gptq", "gptq": {"act_order": 1}})"), "r.json: gptq.act_order: expected true or false");
    EXPECT_CONTAINS(bad(R"({"w": "int4", "method": "obq"})"), "unknown weight method 'obq' (expected rtn, gptq)");
    EXPECT_CONTAINS(bad(R"({"w": "int4:asym:ct"})"), "does not combine with asym");
}

TEST(RecipeGptq, ValidationRefusesWhatGptqCannotDo) {
    const ModelConfig cfg = testing::tiny_config(Arch::Llama);  // d_model 48, d_ff 80
    auto bad = [&](const char* j) { return bad_input([&] { validate_recipe(recipe_from_json(json::parse(j), "r.json"), cfg, "r.json"); }); };
    EXPECT_CONTAINS(bad(R"({"method": "gptq", "a": "int8"})"), "method gptq quantizes weights, but the recipe has no weight format");
    EXPECT_CONTAINS(bad(R"({"method": "gptq", "w": "int4", "lm_head": true})"), "GPTQ does not quantize the LM head");
    EXPECT_CONTAINS(bad(R"({"method": "gptq", "w": "nvfp4", "gptq": {"act_order": true}})"), "act-order needs static groups");
    validate_recipe(recipe_from_json(json::parse(R"({"method": "gptq", "w": "nvfp4", "gptq": {"act_order": true, "static_groups": true}})"), "r"),
                    cfg, "r");
}

TEST(RecipeGptq, MethodsAreAThirdAxisAndTheCalibrationIsRead) {
    const RecipeMatrix m = matrix_from_json(json::parse(R"({
        "gptq_calibration": {"corpus": "c.txt", "windows": 8, "ctx": 128, "seed": 3},
        "rotations": ["none", "block16"],
        "formats": ["mxfp4", {"a": "int8"}],
        "methods": ["rtn", "gptq", {"method": "gptq", "gptq": {"act_order": true, "static_groups": true}}]})"),
                                            "m.json");
    EXPECT_TRUE((m.gptq_calibration == CalibrationSettings{"c.txt", 8, 128, 3}));
    // Per rotation: mxfp4 x 3 methods; W16A8 once (no weights: every method is the same run).
    ASSERT_EQ(m.recipes.size(), 2u * (3u + 1u));
    EXPECT_EQ(m.recipes[0].method, WeightMethod::Rtn);
    EXPECT_EQ(m.recipes[1].method, WeightMethod::Gptq);
    EXPECT_FALSE(m.recipes[1].gptq.act_order);
    EXPECT_TRUE(m.recipes[2].gptq.act_order);
    EXPECT_FALSE(m.recipes[3].weights.has_value());
    EXPECT_EQ(m.recipes[3].method, WeightMethod::Rtn);
    // RTN and GPTQ variants of one recipe are told apart by name.
    EXPECT_EQ(recipe_display_name(m.recipes[0]), "none · W mxfp4 A mxfp4");
    EXPECT_EQ(recipe_display_name(m.recipes[1]), "none · W mxfp4 gptq A mxfp4");
    EXPECT_EQ(recipe_display_name(m.recipes[2]), "none · W mxfp4 gptq(act-order,static) A mxfp4");
    // The default calibration: 32 x 512 from the default corpus.
    const RecipeMatrix d = matrix_from_json(json::parse(R"({"formats": ["int4"], "methods": ["gptq"]})"), "d.json");
    EXPECT_TRUE(d.gptq_calibration == kDefaultGptqCalibration);
    auto bad = [](const char* j) { return bad_input([&] { matrix_from_json(json::parse(j), "m.json"); }); };
    EXPECT_CONTAINS(bad(R"({"formats": ["int4"], "methods": [3]})"), "method 1 of m.json: expected a method name");
    EXPECT_CONTAINS(bad(R"({"formats": ["int4"], "methods": ["gptx"]})"), "method 1 of m.json: method: unknown weight method");
    EXPECT_CONTAINS(bad(R"({"formats": ["int4"], "gptq_calibration": {"windows": 0}})"), "gptq_calibration.windows: must be in 1..");
}

}  // namespace
}  // namespace rs
