// One .safetensors file: the 8-byte length, the JSON header, the offsets, and every tensor read
// back as float32 where its dtype allows.
#include "fuzz_support.h"
#include "io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return rs::fuzz::run_input([&] {
        rs::fuzz::clear_scratch();
        const std::string path = rs::fuzz::write_scratch("model.safetensors", {reinterpret_cast<const char*>(data), size});
        const auto f = rs::SafetensorsFile::open(path);
        for (const rs::StTensorInfo& t : f->tensors()) {
            try {
                f->read_f32(t);
            } catch (const rs::Error&) {
                // A dtype that is not a weight type: expected, go on with the others.
            }
        }
    });
}
