// A recipe or a recipe matrix file, read as `quantize --recipe` and `compare` read them, then
// validated against model shapes.
#include "fuzz_support.h"
#include <nlohmann/json.hpp>

#include "experiment/recipe.h"

namespace {

rs::ModelConfig config(int d_model, int heads, int head_dim, int d_ff) {
    rs::ModelConfig c;
    c.n_vocab = 49152;
    c.d_model = d_model;
    c.n_layers = 2;
    c.n_heads = heads;
    c.n_kv_heads = heads / 3 > 0 ? heads / 3 : 1;
    c.head_dim = head_dim;
    c.d_ff = d_ff;
    return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const rs::ModelConfig configs[] = {config(576, 9, 64, 1536), config(4096, 32, 128, 12288)};
    rs::fuzz::clear_scratch();
    const std::string path = rs::fuzz::write_scratch("recipe.json", {reinterpret_cast<const char*>(data), size});
    rs::fuzz::run_input([&] {
        const rs::Recipe r = rs::load_recipe_file(path);
        rs::recipe_display_name(r);
        rs::recipe_bits_label(r);
        rs::recipe_from_json(rs::recipe_to_json(r), "round trip");
        for (const auto& c : configs) {
            try {
                rs::validate_recipe(r, c, "recipe");
            } catch (const rs::Error&) {
            }
        }
    });
    rs::fuzz::run_input([&] {
        const rs::RecipeMatrix m = rs::load_matrix_file(path);
        for (const rs::Recipe& r : m.recipes) {
            rs::recipe_display_name(r);
            try {
                rs::validate_recipe(r, configs[0], "matrix");
            } catch (const rs::Error&) {
            }
        }
    });
    return 0;
}
