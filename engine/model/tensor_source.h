// A uniform view of a checkpoint's tensors (GGUF file or safetensors directory), so that the
// model builder fills every slot the same way whatever the file format.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rs {

class GgufFile;
class SafetensorsModel;

class TensorSource {
public:
    virtual ~TensorSource() = default;
    virtual const std::string& path() const = 0;
    virtual bool has(const std::string& name) const = 0;
    virtual std::vector<std::string> names() const = 0;
    // Shape in PyTorch order ([out, in] for a linear weight).
    virtual std::vector<int64_t> shape(const std::string& name) const = 0;
    virtual std::string dtype(const std::string& name) const = 0;
    // Whether read_f32 can decode the tensor's type.
    virtual bool readable(const std::string& name) const = 0;
    // Dequantized fp32, row-major in the PyTorch shape.
    virtual void read_f32(const std::string& name, float* dst) const = 0;
    // Rows [r0, r0 + n) of a 2-D tensor, dequantized; only their bytes are touched.
    virtual void read_rows_f32(const std::string& name, int64_t r0, int64_t n, float* dst) const = 0;
    // The tensor's file pages go back to the kernel once it has been read (a later read maps
    // them in again): a layer-by-layer run keeps its resident memory to the layer at hand.
    virtual void release(const std::string& name) const = 0;
};

std::unique_ptr<TensorSource> make_gguf_source(const GgufFile& file);
std::unique_ptr<TensorSource> make_safetensors_source(const SafetensorsModel& model, std::string dir);

}  // namespace rs
