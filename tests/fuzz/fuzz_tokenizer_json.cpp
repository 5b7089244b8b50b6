// A Hugging Face tokenizer.json with its tokenizer_config.json and config.json (parts 0..2):
// read into a spec, built into a tokenizer, used on texts.
#include "fuzz_support.h"
#include "tokenizer/hf_tokenizer_json.h"
#include "tokenizer_texts.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return rs::fuzz::run_input([&] {
        const auto parts = rs::fuzz::split_parts(data, size, 3);
        const std::string tcfg = parts.size() > 1 ? std::string(parts[1]) : "";
        const std::string mcfg = parts.size() > 2 ? std::string(parts[2]) : "";
        const rs::TokenizerSpec spec = rs::tokenizer_spec_from_hf_json_text(std::string(parts[0]), "tokenizer.json", tcfg, mcfg);
        rs::fuzz::exercise_tokenizer(spec);
    });
}
