#include <algorithm>

#include "core/error.h"
#include "io/ggml_types.h"
#include "io/gguf.h"
#include "io/safetensors.h"
#include "model/tensor_source.h"

namespace rs {
namespace {

class GgufSource final : public TensorSource {
public:
    explicit GgufSource(const GgufFile& f) : f_(f) {}
    const std::string& path() const override { return f_.path(); }
    bool has(const std::string& name) const override { return f_.find_tensor(name) != nullptr; }
    std::vector<std::string> names() const override {
        std::vector<std::string> out;
        for (const auto& t : f_.tensors()) out.push_back(t.name);
        return out;
    }
    std::vector<int64_t> shape(const std::string& name) const override {
        std::vector<int64_t> s = info(name).ne;
        std::reverse(s.begin(), s.end());  // ggml's ne[0] is the fastest dimension
        return s;
    }
    std::string dtype(const std::string& name) const override {
        const auto* t = ggml_type_traits(info(name).type);
        return t ? t->name : "unknown";
    }
    bool readable(const std::string& name) const override {
        const auto* t = ggml_type_traits(info(name).type);
        return t && t->to_float;
    }
    void read_f32(const std::string& name, float* dst) const override { f_.read_f32_into(info(name), dst); }
    void read_rows_f32(const std::string& name, int64_t r0, int64_t n, float* dst) const override {
        f_.read_rows_f32_into(info(name), r0, n, dst);
    }
    void release(const std::string& name) const override { f_.release(info(name)); }

private:
    const GgufTensorInfo& info(const std::string& name) const {
        const GgufTensorInfo* t = f_.find_tensor(name);
        if (!t) fail_input(f_.path(), "missing tensor '" + name + "'");
        return *t;
    }
    const GgufFile& f_;
};

class SafetensorsSource final : public TensorSource {
public:
    SafetensorsSource(const SafetensorsModel& m, std::string dir) : m_(m), dir_(std::move(dir)) {}
    const std::string& path() const override { return dir_; }
    bool has(const std::string& name) const override { return m_.find(name) != nullptr; }
    std::vector<std::string> names() const override {
        std::vector<std::string> out;
        for (const StTensorInfo* t : m_.tensors()) out.push_back(t->name);
        return out;
    }
    std::vector<int64_t> shape(const std::string& name) const override { return info(name).shape; }
    std::string dtype(const std::string& name) const override { return info(name).dtype_name; }
    bool readable(const std::string& name) const override {
        return st_dtype_readable(info(name).dtype);
    }
    void read_f32(const std::string& name, float* dst) const override { m_.read_f32_into(name, dst); }
    void read_rows_f32(const std::string& name, int64_t r0, int64_t n, float* dst) const override {
        m_.read_rows_f32_into(name, r0, n, dst);
    }
    void release(const std::string& name) const override { m_.release(name); }

private:
    const StTensorInfo& info(const std::string& name) const {
        const StTensorInfo* t = m_.find(name);
        if (!t) fail_input(dir_, "missing tensor '" + name + "'");
        return *t;
    }
    const SafetensorsModel& m_;
    std::string dir_;
};

}  // namespace

std::unique_ptr<TensorSource> make_gguf_source(const GgufFile& file) { return std::make_unique<GgufSource>(file); }
std::unique_ptr<TensorSource> make_safetensors_source(const SafetensorsModel& model, std::string dir) {
    return std::make_unique<SafetensorsSource>(model, std::move(dir));
}

}  // namespace rs
