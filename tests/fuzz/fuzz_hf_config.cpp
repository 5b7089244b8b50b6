// A Hugging Face config.json.
#include "fuzz_support.h"
#include "io/hf_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return rs::fuzz::run_input([&] {
        rs::parse_hf_config_text(std::string(reinterpret_cast<const char*>(data), size), "config.json");
    });
}
