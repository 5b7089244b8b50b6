// The /meta and /model groups and the file handling every report shares; layouts in
// docs/report-format.md.
#include "report/model_group.h"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "core/error.h"
#include "core/json_io.h"
#include "core/limits.h"
#include "core/untrusted_text.h"
#include "io/hdf5_bounded_driver.h"

namespace rs::report {
namespace fs = std::filesystem;
namespace {

struct DtypeCount {
    std::string dtype;
    int64_t tensors = 0;
};

std::vector<h5::Field<FileHash>> file_fields() {
    return {h5::field("path", &FileHash::path), h5::field("sha256", &FileHash::sha256), h5::field("bytes", &FileHash::bytes)};
}
std::vector<h5::Field<LinearInfo>> linear_fields() {
    return {h5::field("layer", &LinearInfo::layer), h5::field("role", &LinearInfo::role), h5::field("out", &LinearInfo::out),
            h5::field("in", &LinearInfo::in), h5::field("dtype", &LinearInfo::dtype)};
}
std::vector<h5::Field<DtypeCount>> dtype_fields() {
    return {h5::field("dtype", &DtypeCount::dtype), h5::field("tensors", &DtypeCount::tensors)};
}

std::string short_detail(const H5::Exception& e) {
    std::string d = h5::last_error();
    if (d.empty()) d = e.getDetailMsg();
    // File-system failures carry the OS's words; they say it best.
    const std::string tag = "error message = '";
    if (const size_t at = d.find(tag); at != std::string::npos) {
        const size_t end = d.find('\'', at + tag.size());
        if (end != std::string::npos) d = d.substr(at + tag.size(), end - at - tag.size());
    }
    if (d.size() > 200) d = d.substr(0, 197) + "...";
    return d;
}

std::string temp_path_beside(const std::string& path) {
    std::random_device rd;
    char suffix[64];
    std::snprintf(suffix, sizeof suffix, ".tmp-%ld-%08x%08x", static_cast<long>(::getpid()), rd(), rd());
    return path + suffix;
}

nlohmann::json rope_scaling_json(const std::optional<RopeScaling>& rs) {
    if (!rs) return nullptr;
    return {{"type", rs->type},
            {"factor", rs->factor},
            {"low_freq_factor", rs->low_freq_factor},
            {"high_freq_factor", rs->high_freq_factor},
            {"original_context", rs->original_context},
            {"freq_factors", rs->freq_factors}};
}

Arch arch_from_name(const std::string& name) {
    for (Arch a : {Arch::Llama, Arch::Mistral, Arch::Qwen2, Arch::Qwen3})
        if (name == arch_name(a)) return a;
    throw h5::FormatError("/model: unknown arch " + in_quotes(name));
}

std::optional<RopeScaling> rope_scaling_from(const std::string& text) {
    const auto invalid = [](const std::string& why) {
        return h5::FormatError("/model: attribute 'rope_scaling' is not valid (" + why + ")");
    };
    nlohmann::json j;
    try {
        j = parse_json(text, "rope_scaling");
    } catch (const Error& e) {
        throw invalid(e.what());
    }
    if (j.is_null()) return std::nullopt;
    if (!j.is_object()) throw invalid("not an object");
    const auto member = [&](const char* key) -> const nlohmann::json& {
        const auto it = j.find(key);
        if (it == j.end()) throw invalid(std::string("no '") + key + "'");
        return *it;
    };
    const auto number = [&](const char* key) {
        const auto v = json_number(member(key));
        if (!v || std::fabs(*v) > 3.0e38) throw invalid(std::string("'") + key + "' is not a float");
        return static_cast<float>(*v);
    };
    RopeScaling r;
    if (!member("type").is_string()) throw invalid("'type' is not a string");
    r.type = member("type").get<std::string>();
    r.factor = number("factor");
    r.low_freq_factor = number("low_freq_factor");
    r.high_freq_factor = number("high_freq_factor");
    const auto ctx = json_int(member("original_context"), 0, INT32_MAX);
    if (!ctx) throw invalid("'original_context' is not an int");
    r.original_context = static_cast<int>(*ctx);
    const nlohmann::json& freqs = member("freq_factors");
    if (!freqs.is_array() || freqs.size() > static_cast<size_t>(limit_max(Limit::HeadDim))) throw invalid("'freq_factors' is not a list of floats");
    for (const auto& f : freqs) {
        const auto v = json_number(f);
        if (!v || std::fabs(*v) > 3.0e38) throw invalid("'freq_factors' is not a list of floats");
        r.freq_factors.push_back(static_cast<float>(*v));
    }
    return r;
}

}  // namespace

void report_unlocked(std::unique_lock<std::mutex>& held, const Progress& progress, Stage stage, int64_t done,
                     int64_t total) {
    held.unlock();
    try {
        progress(stage, done, total);
    } catch (...) {
        held.lock();
        throw;
    }
    held.lock();
}

void write_meta(H5::Group& root, const ReportMeta& m, int schema, const std::string& seeds_json) {
    H5::Group g = root.createGroup("meta");
    h5::set_str(g, "tool", m.tool);
    h5::set_str(g, "tool_version", m.tool_version);
    h5::set_str(g, "git_commit", m.git_commit);
    h5::set_str(g, "created_utc", m.created_utc);
    h5::set_str(g, "backend", m.backend);
    h5::set_i32(g, "threads", m.threads);
    h5::set_str(g, "build", m.build);
    h5::set_str(g, "cpu", m.cpu);
    h5::set_str(g, "config_json", m.config_json);
    h5::set_i32(g, "schema", schema);
    h5::set_str(g, "seeds", seeds_json);
}

ReportMeta read_meta(const H5::Group& root, int schema) {
    H5::Group g = h5::open_group(root, "meta");
    ReportMeta m;
    m.tool = h5::get_str(g, "tool");
    m.tool_version = h5::get_str(g, "tool_version");
    m.git_commit = h5::get_str(g, "git_commit");
    m.created_utc = h5::get_str(g, "created_utc");
    m.backend = h5::get_str(g, "backend");
    m.threads = h5::get_i32(g, "threads");
    // Reports written before these were recorded lack them.
    if (h5::has_attr(g, "build")) m.build = h5::get_str(g, "build");
    if (h5::has_attr(g, "cpu")) m.cpu = h5::get_str(g, "cpu");
    m.config_json = h5::get_str(g, "config_json");
    m.schema = schema;
    return m;
}

void write_model(H5::Group& root, const ModelIdentity& id) {
    H5::Group g = root.createGroup("model");
    const ModelConfig& c = id.cfg;
    h5::set_str(g, "arch", arch_name(c.arch));
    h5::set_i32(g, "n_vocab", c.n_vocab);
    h5::set_i32(g, "d_model", c.d_model);
    h5::set_i32(g, "n_layers", c.n_layers);
    h5::set_i32(g, "n_heads", c.n_heads);
    h5::set_i32(g, "n_kv_heads", c.n_kv_heads);
    h5::set_i32(g, "head_dim", c.head_dim);
    h5::set_i32(g, "d_ff", c.d_ff);
    h5::set_i32(g, "max_context", c.max_context);
    h5::set_f32(g, "rms_eps", c.rms_eps);
    h5::set_f32(g, "rope_theta", c.rope_theta);
    h5::set_str(g, "rope_style", c.rope_style == RopeStyle::Neox ? "neox" : "norm");
    h5::set_str(g, "rope_scaling", dump_json(rope_scaling_json(c.rope_scaling)));
    h5::set_bool(g, "tied_embeddings", c.tied_embeddings);
    h5::set_bool(g, "qkv_bias", c.qkv_bias);
    h5::set_bool(g, "qk_norm", c.qk_norm);

    const SourceInfo& s = id.source;
    h5::set_str(g, "source_path", s.path);
    h5::set_str(g, "source_format", s.format);
    h5::set_str(g, "source_name", s.name);
    h5::set_i64(g, "source_tensor_count", s.tensor_count);
    h5::set_i64(g, "source_parameter_count", s.parameter_count);
    h5::set_str(g, "source_file_type", s.file_type);
    std::vector<DtypeCount> dtypes;
    for (const auto& [dtype, n] : s.dtype_counts) dtypes.push_back({dtype, n});
    h5::write_table(g, "dtype_counts", dtypes, dtype_fields(), {"tensors", "number of checkpoint tensors stored in each dtype"});
    h5::write_table(g, "files", id.files, file_fields(),
                    {"bytes", "checkpoint files as opened, with their sha256 (lowercase hex) and size in bytes"});
    h5::write_table(g, "linears", id.linears, linear_fields(),
                    {"elements", "linear layers: layer (-1 = LM head), role, weight shape [out, in], checkpoint dtype"});
}

ModelIdentity read_model(const H5::Group& root, const h5::Reader& reader) {
    H5::Group g = h5::open_group(root, "model");
    ModelIdentity id;
    ModelConfig& c = id.cfg;
    c.arch = arch_from_name(h5::get_str(g, "arch"));
    c.n_vocab = h5::get_i32(g, "n_vocab");
    c.d_model = h5::get_i32(g, "d_model");
    c.n_layers = h5::get_i32(g, "n_layers");
    c.n_heads = h5::get_i32(g, "n_heads");
    c.n_kv_heads = h5::get_i32(g, "n_kv_heads");
    c.head_dim = h5::get_i32(g, "head_dim");
    c.d_ff = h5::get_i32(g, "d_ff");
    c.max_context = h5::get_i32(g, "max_context");
    c.rms_eps = h5::get_f32(g, "rms_eps");
    c.rope_theta = h5::get_f32(g, "rope_theta");
    const std::string style = h5::get_str(g, "rope_style");
    if (style != "neox" && style != "norm") throw h5::FormatError("/model: unknown rope_style " + in_quotes(style));
    c.rope_style = style == "neox" ? RopeStyle::Neox : RopeStyle::Norm;
    c.rope_scaling = rope_scaling_from(h5::get_str(g, "rope_scaling"));
    c.tied_embeddings = h5::get_bool(g, "tied_embeddings");
    c.qkv_bias = h5::get_bool(g, "qkv_bias");
    c.qk_norm = h5::get_bool(g, "qk_norm");

    SourceInfo& s = id.source;
    s.path = h5::get_str(g, "source_path");
    s.format = h5::get_str(g, "source_format");
    s.name = h5::get_str(g, "source_name");
    s.tensor_count = h5::get_i64(g, "source_tensor_count");
    s.parameter_count = h5::get_i64(g, "source_parameter_count");
    s.file_type = h5::get_str(g, "source_file_type");
    constexpr int64_t kAny = std::numeric_limits<int64_t>::max();
    for (const DtypeCount& d : h5::read_table(reader, g, "dtype_counts", dtype_fields(), kAny)) s.dtype_counts[d.dtype] = d.tensors;
    id.files = h5::read_table(reader, g, "files", file_fields(), kAny);
    id.linears = h5::read_table(reader, g, "linears", linear_fields(), kAny);
    return id;
}

void write_report_file(const std::string& path, const char* format, int schema, const WriteBody& body) {
    const fs::path target(path);
    const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) fail_input(path, "cannot write report: directory " + dir.string() + " does not exist");
    if (fs::is_directory(target, ec)) fail_input(path, "cannot write report: is a directory");

    const std::string tmp = temp_path_beside(path);
    auto discard = [&] {
        std::error_code ignored;
        fs::remove(tmp, ignored);
    };
    try {
        auto held = h5::lock();
        try {
            // The 1.8 file format: dense attribute storage lifts the 64 KiB object-header limit
            // (config_json may be long), and every HDF5 since 2008 reads it.
            H5::FileAccPropList fapl;
            fapl.setLibverBounds(H5F_LIBVER_V18, H5F_LIBVER_V18);
            H5::H5File file(tmp, H5F_ACC_EXCL, H5::FileCreatPropList::DEFAULT, fapl);
            H5::Group root = file.openGroup("/");
            h5::set_str(root, "format", format);
            h5::set_i32(root, "schema", schema);
            body(root, held);
            root.close();
            file.close();
        } catch (const H5::Exception& e) {
            fail_input(path, "cannot write report (" + short_detail(e) + ")");
        }
        held.unlock();
        fs::rename(tmp, target);
    } catch (const fs::filesystem_error& e) {
        discard();
        fail_input(path, "cannot write report (" + e.code().message() + ")");
    } catch (...) {
        discard();
        throw;
    }
}

void read_report_file(const std::string& path, const char* format, int max_schema, const char* what, const ReadBody& body) {
    std::error_code ec;
    if (!fs::exists(path, ec)) fail_input(path, "no such file");
    if (fs::is_directory(path, ec)) fail_input(path, "is a directory, not a report");
    {
        std::ifstream probe(path, std::ios::binary);
        if (!probe) fail_input(path, std::string("cannot read (") + std::strerror(errno) + ")");
    }
    const uint64_t file_size = fs::file_size(path, ec);
    // Our datasets are stored whole, and deflate expands at most ~1032x; anything larger than
    // that is a corrupt header asking for memory the file cannot fill.
    const h5::Reader reader(file_size * 1100 + (1u << 20));

    auto held = h5::lock();
    try {
#if H5_VERSION_GE(1, 12, 0)
        const htri_t is_hdf5 = H5Fis_accessible(path.c_str(), H5P_DEFAULT);
#else
        const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
#endif
        if (is_hdf5 <= 0) fail_input(path, "not an HDF5 file");
        H5::H5File file(path, H5F_ACC_RDONLY, H5::FileCreatPropList::DEFAULT, h5::bounded_read_access());
        H5::Group root = file.openGroup("/");
        std::string found;
        try {
            found = h5::get_str(root, "format");
        } catch (const h5::FormatError&) {
        }
        if (found != format) fail_input(path, std::string("not a Rotoscope ") + what);
        const int schema = h5::get_i32(root, "schema");
        if (schema > max_schema)
            fail_input(path, "report schema " + std::to_string(schema) + " is newer than this Rotoscope (reads schema " +
                                 std::to_string(max_schema) + ")");
        if (schema < 1) fail_input(path, "unsupported report schema " + std::to_string(schema));
        body(root, reader, schema, held);
    } catch (const h5::FormatError& e) {
        fail_input(path, e.what());
    } catch (const H5::Exception& e) {
        fail_input(path, "corrupt HDF5 (" + short_detail(e) + ")");
    } catch (const std::bad_alloc&) {
        fail_input(path, "corrupt HDF5 (a dataset too large to read)");
    } catch (const std::length_error&) {
        fail_input(path, "corrupt HDF5 (a dataset too large to read)");
    }
}

std::string report_format(const std::string& path) {
    try {
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) return "";
        auto held = h5::lock();
#if H5_VERSION_GE(1, 12, 0)
        if (H5Fis_accessible(path.c_str(), H5P_DEFAULT) <= 0) return "";
#else
        if (H5Fis_hdf5(path.c_str()) <= 0) return "";
#endif
        H5::H5File file(path, H5F_ACC_RDONLY, H5::FileCreatPropList::DEFAULT, h5::bounded_read_access());
        H5::Group root = file.openGroup("/");
        return h5::get_str(root, "format");
    } catch (...) {
        return "";
    }
}

}  // namespace rs::report
