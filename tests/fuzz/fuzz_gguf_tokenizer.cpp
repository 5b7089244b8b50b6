// GGUF tokenizer metadata (tokenizer.ggml.*): read into a spec, built into a tokenizer, then
// used on texts that reach every path of the tokenizers (specials, bytes, invalid UTF-8).
#include "fuzz_support.h"
#include "io/gguf.h"
#include "io/gguf_tokenizer.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer_texts.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return rs::fuzz::run_input([&] {
        rs::fuzz::clear_scratch();
        const std::string path = rs::fuzz::write_scratch("tokenizer.gguf", {reinterpret_cast<const char*>(data), size});
        const auto file = rs::GgufFile::open(path);
        const rs::TokenizerSpec spec = rs::tokenizer_spec_from_gguf(*file);
        rs::fuzz::exercise_tokenizer(spec);
    });
}
