// A GGUF checkpoint as `info` and `load` read it: header, metadata, tensor infos, the model
// configuration, the tokenizer metadata, the tensor check, and every weight dequantized.
#include "fuzz_support.h"
#include "model/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return rs::fuzz::run_input([&] {
        rs::fuzz::clear_scratch();
        const std::string path = rs::fuzz::write_scratch("model.gguf", {reinterpret_cast<const char*>(data), size});
        rs::inspect_model(path);
        rs::load_model(path);
    });
}
