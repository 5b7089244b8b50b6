// A sharded safetensors directory: model.safetensors.index.json (part 0) and the shards it may
// name (parts 1..3, written as model-0000K-of-00003.safetensors).
#include "fuzz_support.h"
#include "io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return rs::fuzz::run_input([&] {
        rs::fuzz::clear_scratch();
        const auto parts = rs::fuzz::split_parts(data, size, 4);
        rs::fuzz::write_scratch("m/model.safetensors.index.json", parts[0]);
        for (size_t i = 1; i < parts.size(); ++i)
            rs::fuzz::write_scratch("m/model-0000" + std::to_string(i) + "-of-0000" + std::to_string(parts.size() - 1) +
                                        ".safetensors",
                                    parts[i]);
        const auto m = rs::SafetensorsModel::open_dir((rs::fuzz::scratch_root() / "m").string());
        for (const rs::StTensorInfo* t : m->tensors()) {
            try {
                m->read_f32(t->name);
            } catch (const rs::Error&) {
            }
        }
    });
}
