// A Hugging Face model directory as `info` and `load` read it: config.json, model.safetensors,
// tokenizer.json and tokenizer_config.json (parts 0..3 of the input).
#include "fuzz_support.h"
#include "model/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return rs::fuzz::run_input([&] {
        rs::fuzz::clear_scratch();
        const auto parts = rs::fuzz::split_parts(data, size, 4);
        const char* names[] = {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"};
        for (size_t i = 0; i < parts.size(); ++i) rs::fuzz::write_scratch(std::string("m/") + names[i], parts[i]);
        const std::string dir = (rs::fuzz::scratch_root() / "m").string();
        rs::inspect_model(dir);
        rs::load_model(dir);
    });
}
