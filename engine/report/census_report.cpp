// The census report in HDF5; the layout is documented in docs/report-format.md.
#include "report/census_report.h"

#include <omp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "core/error.h"
#include "core/version.h"
#include "report/hdf5_bounded_driver.h"
#include "report/hdf5_io.h"

namespace rs {
namespace fs = std::filesystem;
namespace {

constexpr const char* kFormat = "rotoscope-census";
constexpr const char* kWriteStage = "writing report";
constexpr const char* kReadStage = "reading report";
constexpr int kMaxLayers = 1 << 16;

struct DtypeCount {
    std::string dtype;
    int64_t tensors = 0;
};

std::vector<h5::Field<ActivationEntry>> entry_fields() {
    return {h5::field("value", &ActivationEntry::value),       h5::field("median", &ActivationEntry::median),
            h5::field("window", &ActivationEntry::window),     h5::field("position", &ActivationEntry::position),
            h5::field("token", &ActivationEntry::token),       h5::field("channel", &ActivationEntry::channel)};
}
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

std::string layer_group_name(int layer) {
    if (layer < 0) return "output";
    char buf[32];
    std::snprintf(buf, sizeof buf, "layer_%03d", layer);
    return buf;
}

// Progress callbacks run without the HDF5 lock, so that a slow listener never blocks other
// threads' reports; the lock is taken back before any HDF5 object is touched or destroyed.
void report_unlocked(std::unique_lock<std::mutex>& held, const Progress& progress, const char* stage, int64_t done,
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

// ---------------------------------------------------------------- writing

nlohmann::json rope_scaling_json(const std::optional<RopeScaling>& rs) {
    if (!rs) return nullptr;
    return {{"type", rs->type},
            {"factor", rs->factor},
            {"low_freq_factor", rs->low_freq_factor},
            {"high_freq_factor", rs->high_freq_factor},
            {"original_context", rs->original_context},
            {"freq_factors", rs->freq_factors}};
}

void write_meta(H5::Group& root, const CensusReport& r) {
    H5::Group g = root.createGroup("meta");
    const ReportMeta& m = r.meta;
    h5::set_str(g, "tool", m.tool);
    h5::set_str(g, "tool_version", m.tool_version);
    h5::set_str(g, "git_commit", m.git_commit);
    h5::set_str(g, "created_utc", m.created_utc);
    h5::set_str(g, "backend", m.backend);
    h5::set_i32(g, "threads", m.threads);
    h5::set_str(g, "config_json", m.config_json);
    h5::set_i32(g, "schema", kCensusReportSchema);
    h5::set_str(g, "seeds", nlohmann::json{{"calibration", r.census.config.seed}}.dump());
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
    h5::set_str(g, "rope_scaling", rope_scaling_json(c.rope_scaling).dump());
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

void write_calibration(H5::Group& root, const CalibrationSet& cal) {
    H5::Group g = root.createGroup("calibration");
    h5::set_str(g, "corpus_name", cal.corpus_name);
    h5::set_str(g, "corpus_path", cal.corpus_path);
    h5::set_str(g, "corpus_sha256", cal.corpus_sha256);
    h5::set_i64(g, "corpus_tokens", cal.corpus_tokens);
    h5::set_i32(g, "ctx", cal.ctx);
    h5::set_u64(g, "seed", cal.seed);
    h5::set_bool(g, "bos", cal.bos);
    const int64_t W = static_cast<int64_t>(cal.windows.size()), L = cal.ctx;
    std::vector<int64_t> offsets;
    std::vector<int32_t> tokens;
    // Token texts as one byte blob and offsets rather than HDF5 strings: a piece may hold any
    // byte, NUL included (the byte-level piece of byte 0), which NUL-padded strings would lose.
    std::vector<uint8_t> text_bytes;
    std::vector<int64_t> text_offsets{0};
    for (size_t w = 0; w < cal.windows.size(); ++w) {
        const CalibrationWindow& win = cal.windows[w];
        if (static_cast<int64_t>(win.tokens.size()) != L || static_cast<int64_t>(win.texts.size()) != L)
            fail_runtime("calibration window " + std::to_string(w) + " has " + std::to_string(win.tokens.size()) +
                         " tokens and " + std::to_string(win.texts.size()) + " texts, expected ctx = " + std::to_string(L));
        offsets.push_back(win.offset);
        tokens.insert(tokens.end(), win.tokens.begin(), win.tokens.end());
        for (const std::string& t : win.texts) {
            if (t.size() > h5::kMaxCellStringBytes)
                fail_runtime("calibration window " + std::to_string(w) + " has a token text of " + std::to_string(t.size()) +
                             " bytes, longer than a report allows");
            text_bytes.insert(text_bytes.end(), t.begin(), t.end());
            text_offsets.push_back(static_cast<int64_t>(text_bytes.size()));
        }
    }
    h5::write_array(g, "offsets", offsets, {"tokens", "index of each window's first corpus token (BOS excluded)"});
    h5::write_matrix(g, "tokens", tokens.data(), W, L, {"token id", "token ids of each window (BOS first when bos = 1)"});
    h5::write_array(g, "token_text_bytes", text_bytes,
                    {"UTF-8 bytes", "vocabulary pieces of all tokens, concatenated in [window, position] order"});
    h5::write_array(g, "token_text_offsets", text_offsets,
                    {"bytes", "token i = window * ctx + position is token_text_bytes[offsets[i]:offsets[i + 1]]"});
}

void check_site(const SiteCensus& s, int64_t W, int64_t L) {
    const std::string where = "census site " + layer_group_name(s.layer) + "/" + census_site_name(s.site);
    auto need = [&](const char* what, size_t got, int64_t want) {
        if (static_cast<int64_t>(got) != want)
            fail_runtime(where + ": " + what + " has " + std::to_string(got) + " values, expected " + std::to_string(want));
    };
    const int64_t C = s.channels;
    need("channel_absmax", s.channel_absmax.size(), C);
    need("channel_mean", s.channel_mean.size(), C);
    need("channel_rms", s.channel_rms.size(), C);
    need("channel_kurtosis", s.channel_kurtosis.size(), C);
    need("token_absmax", s.token_absmax.size(), W * L);
    need("window_median", s.window_median.size(), W);
    need("window_top", s.window_top.size(), W * SiteCensus::kWindowTop);
    need("histogram.pos", s.histogram.pos.size(), LogHistogram::kBins);
    need("histogram.neg", s.histogram.neg.size(), LogHistogram::kBins);
    if (s.captured.rows() > 0 && s.captured.cols() != C)
        fail_runtime(where + ": captured has " + std::to_string(s.captured.cols()) + " columns, expected " + std::to_string(C));
}

void write_site(H5::Group& parent, const SiteCensus& s, int64_t W, int64_t L) {
    H5::Group g = parent.createGroup(census_site_name(s.site));
    h5::set_i32(g, "layer", s.layer);
    h5::set_str(g, "site", census_site_name(s.site));
    h5::set_str(g, "readers", census_site_readers(s.site));
    h5::set_i32(g, "channels", s.channels);
    h5::set_u64(g, "count", s.count);
    h5::set_f32(g, "absmax", s.absmax);
    h5::set_f64(g, "mean", s.moments.mean);
    h5::set_f64(g, "rms", s.moments.rms());
    h5::set_f64(g, "kurtosis", s.moments.kurtosis());
    h5::set_f64(g, "median", s.median);
    h5::set_u64(g, "massive_count", s.massive_count);
    h5::set_f64(g, "moments_n", s.moments.n);
    h5::set_f64(g, "moments_mean", s.moments.mean);
    h5::set_f64(g, "moments_m2", s.moments.m2);
    h5::set_f64(g, "moments_m3", s.moments.m3);
    h5::set_f64(g, "moments_m4", s.moments.m4);
    h5::set_u64(g, "histogram_zeros", s.histogram.zeros);
    h5::set_u64(g, "histogram_underflow", s.histogram.underflow);
    h5::set_u64(g, "histogram_overflow", s.histogram.overflow);
    h5::set_u64(g, "histogram_nonfinite", s.histogram.nonfinite);

    h5::write_array(g, "channel_absmax", s.channel_absmax, {"activation", "max |x| of each channel over all tokens"});
    h5::write_array(g, "channel_mean", s.channel_mean, {"activation", "mean of each channel over all tokens"});
    h5::write_array(g, "channel_rms", s.channel_rms, {"activation", "sqrt(mean x^2) of each channel over all tokens"});
    h5::write_array(g, "channel_kurtosis", s.channel_kurtosis,
                    {"1", "Pearson kurtosis of each channel over all tokens (normal = 3; 0 when constant)"});
    h5::write_matrix(g, "token_absmax", s.token_absmax.data(), W, L, {"activation", "max |x| over channels of each token [window, position]"});
    h5::write_array(g, "window_median", s.window_median, {"activation", "median |x| of each window's hidden state [ctx, channels]"});
    h5::write_matrix(g, "window_top", s.window_top.data(), W, SiteCensus::kWindowTop,
                     {"activation", "the three largest |x| of each window's hidden state, descending [window, rank]"});
    h5::write_array(g, "histogram_pos", s.histogram.pos,
                    {"values", "counts of positive x by |x| on the log2 grid of /census/histogram_edges"});
    h5::write_array(g, "histogram_neg", s.histogram.neg,
                    {"values", "counts of negative x by |x| on the log2 grid of /census/histogram_edges"});
    h5::write_table(g, "top", s.top, entry_fields(), {"activation", "the largest |x| of the site, descending"});
    h5::write_table(g, "massive", s.massive, entry_fields(),
                    {"activation", "massive activations (|x| > massive_abs and |x| >= massive_ratio * median), descending |x|"});
    h5::write_matrix(g, "captured", s.captured.data(), s.captured.rows(), s.captured.cols(),
                     {"activation", "the capture window's first tokens [position, channel], values as computed"});
}

void write_census(H5::Group& root, const Census& c, std::unique_lock<std::mutex>& held, const Progress& progress) {
    H5::Group g = root.createGroup("census");
    h5::set_i32(g, "n_layers", c.n_layers);
    h5::set_f64(g, "seconds", c.seconds);
    h5::set_i32(g, "sites", static_cast<int32_t>(c.sites.size()));
    h5::set_str(g, "config_json", census_config_to_json(c.config).dump());
    const CensusConfig& k = c.config;
    h5::set_i32(g, "windows", k.windows);
    h5::set_i32(g, "ctx", k.ctx);
    h5::set_u64(g, "seed", k.seed);
    h5::set_bool(g, "bos", k.bos);
    h5::set_i32(g, "top_k", k.top_k);
    h5::set_f64(g, "massive_abs", k.massive_abs);
    h5::set_f64(g, "massive_ratio", k.massive_ratio);
    h5::set_i32(g, "max_massive_per_site", k.max_massive_per_site);
    h5::set_i32(g, "capture_window", k.capture_window);
    h5::set_i32(g, "capture_tokens", k.capture_tokens);
    std::vector<double> edges(LogHistogram::kBins + 1);
    for (int i = 0; i <= LogHistogram::kBins; ++i) edges[i] = LogHistogram::bin_lower_edge(i);
    h5::write_array(g, "histogram_edges", edges, {"activation", "|x| bin edges: bin i covers [edges[i], edges[i+1])"});

    const int64_t W = static_cast<int64_t>(c.calibration.windows.size()), L = c.calibration.ctx;
    for (const SiteCensus& s : c.sites) {
        if (s.layer < -1 || s.layer >= c.n_layers || (s.layer == -1) != (s.site == CensusSite::LmHeadIn))
            fail_runtime("census site " + std::string(census_site_name(s.site)) + " has layer " + std::to_string(s.layer) +
                         " (n_layers = " + std::to_string(c.n_layers) + ")");
        check_site(s, W, L);
    }
    const int64_t n = static_cast<int64_t>(c.sites.size());
    report_unlocked(held, progress, kWriteStage, 0, n);
    for (int64_t i = 0; i < n; ++i) {
        const SiteCensus& s = c.sites[i];
        const std::string layer = layer_group_name(s.layer);
        H5::Group lg = h5::has_child(g, layer) ? g.openGroup(layer) : g.createGroup(layer);
        if (h5::has_child(lg, census_site_name(s.site)))
            fail_runtime("census site " + layer + "/" + census_site_name(s.site) + " listed twice");
        write_site(lg, s, W, L);
        report_unlocked(held, progress, kWriteStage, i + 1, n);
    }
}

// ---------------------------------------------------------------- reading

Arch arch_from_name(const std::string& name) {
    for (Arch a : {Arch::Llama, Arch::Mistral, Arch::Qwen2, Arch::Qwen3})
        if (name == arch_name(a)) return a;
    throw h5::FormatError("/model: unknown arch '" + name + "'");
}

std::optional<RopeScaling> rope_scaling_from(const std::string& text) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
        if (j.is_null()) return std::nullopt;
        RopeScaling r;
        r.type = j.at("type").get<std::string>();
        r.factor = j.at("factor").get<float>();
        r.low_freq_factor = j.at("low_freq_factor").get<float>();
        r.high_freq_factor = j.at("high_freq_factor").get<float>();
        r.original_context = j.at("original_context").get<int>();
        r.freq_factors = j.at("freq_factors").get<std::vector<float>>();
        return r;
    } catch (const nlohmann::json::exception& e) {
        throw h5::FormatError(std::string("/model: attribute 'rope_scaling' is not valid (") + e.what() + ")");
    }
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
    m.config_json = h5::get_str(g, "config_json");
    m.schema = schema;
    return m;
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
    if (style != "neox" && style != "norm") throw h5::FormatError("/model: unknown rope_style '" + style + "'");
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

CalibrationSet read_calibration(const H5::Group& root, const h5::Reader& reader) {
    H5::Group g = h5::open_group(root, "calibration");
    CalibrationSet cal;
    cal.corpus_name = h5::get_str(g, "corpus_name");
    cal.corpus_path = h5::get_str(g, "corpus_path");
    cal.corpus_sha256 = h5::get_str(g, "corpus_sha256");
    cal.corpus_tokens = h5::get_i64(g, "corpus_tokens");
    cal.ctx = h5::get_i32(g, "ctx");
    cal.seed = h5::get_u64(g, "seed");
    cal.bos = h5::get_bool(g, "bos");
    if (cal.ctx < 0) throw h5::FormatError("/calibration: negative ctx " + std::to_string(cal.ctx));
    h5::Shape found;
    const std::vector<int64_t> offsets = reader.array<int64_t>(g, "offsets", {-1}, &found);
    const int64_t W = found[0], L = cal.ctx;
    const std::vector<int32_t> tokens = reader.array<int32_t>(g, "tokens", {W, L});
    // [W, L] passed the size check above, so W * L + 1 cannot overflow.
    const std::vector<int64_t> text_offsets = reader.array<int64_t>(g, "token_text_offsets", {W * L + 1});
    const std::vector<uint8_t> text_bytes = reader.array<uint8_t>(g, "token_text_bytes", {-1});
    if (text_offsets[0] != 0 || text_offsets.back() != static_cast<int64_t>(text_bytes.size()))
        throw h5::FormatError("/calibration/token_text_offsets: does not run from 0 to the " + std::to_string(text_bytes.size()) +
                              " bytes of token_text_bytes");
    for (size_t i = 0; i + 1 < text_offsets.size(); ++i) {
        const int64_t n = text_offsets[i + 1] - text_offsets[i];
        if (n < 0 || n > static_cast<int64_t>(h5::kMaxCellStringBytes))
            throw h5::FormatError("/calibration/token_text_offsets: token " + std::to_string(i) + " spans " + std::to_string(n) +
                                  " bytes");
    }
    cal.windows.resize(static_cast<size_t>(W));
    for (int64_t w = 0; w < W; ++w) {
        CalibrationWindow& win = cal.windows[w];
        win.offset = offsets[w];
        win.tokens.assign(tokens.begin() + w * L, tokens.begin() + (w + 1) * L);
        win.texts.reserve(static_cast<size_t>(L));
        for (int64_t t = w * L; t < (w + 1) * L; ++t)
            win.texts.emplace_back(reinterpret_cast<const char*>(text_bytes.data()) + text_offsets[t],
                                   static_cast<size_t>(text_offsets[t + 1] - text_offsets[t]));
    }
    return cal;
}

SiteCensus read_site(const H5::Group& g, int layer, CensusSite site, int64_t W, int64_t L, const h5::Reader& reader) {
    const std::string where = g.getObjName();
    SiteCensus s;
    s.layer = h5::get_i32(g, "layer");
    if (s.layer != layer) throw h5::FormatError(where + ": attribute layer = " + std::to_string(s.layer) + ", expected " + std::to_string(layer));
    s.site = site;
    if (h5::get_str(g, "site") != census_site_name(site)) throw h5::FormatError(where + ": attribute 'site' does not match the group name");
    s.channels = h5::get_i32(g, "channels");
    if (s.channels < 0) throw h5::FormatError(where + ": negative channels " + std::to_string(s.channels));
    s.count = h5::get_u64(g, "count");
    s.absmax = h5::get_f32(g, "absmax");
    s.median = h5::get_f64(g, "median");
    s.massive_count = h5::get_u64(g, "massive_count");
    s.moments.n = h5::get_f64(g, "moments_n");
    s.moments.mean = h5::get_f64(g, "moments_mean");
    s.moments.m2 = h5::get_f64(g, "moments_m2");
    s.moments.m3 = h5::get_f64(g, "moments_m3");
    s.moments.m4 = h5::get_f64(g, "moments_m4");
    s.histogram.zeros = h5::get_u64(g, "histogram_zeros");
    s.histogram.underflow = h5::get_u64(g, "histogram_underflow");
    s.histogram.overflow = h5::get_u64(g, "histogram_overflow");
    s.histogram.nonfinite = h5::get_u64(g, "histogram_nonfinite");

    const int64_t C = s.channels;
    s.channel_absmax = reader.array<float>(g, "channel_absmax", {C});
    s.channel_mean = reader.array<double>(g, "channel_mean", {C});
    s.channel_rms = reader.array<double>(g, "channel_rms", {C});
    s.channel_kurtosis = reader.array<double>(g, "channel_kurtosis", {C});
    s.token_absmax = reader.array<float>(g, "token_absmax", {W, L});
    s.window_median = reader.array<float>(g, "window_median", {W});
    s.window_top = reader.array<float>(g, "window_top", {W, SiteCensus::kWindowTop});
    s.histogram.pos = reader.array<uint64_t>(g, "histogram_pos", {LogHistogram::kBins});
    s.histogram.neg = reader.array<uint64_t>(g, "histogram_neg", {LogHistogram::kBins});
    constexpr int64_t kAny = std::numeric_limits<int64_t>::max();
    s.top = h5::read_table(reader, g, "top", entry_fields(), kAny);
    s.massive = h5::read_table(reader, g, "massive", entry_fields(), kAny);
    // Optional: a report without the dataset reads as an empty capture.
    if (h5::has_child(g, "captured")) {
        h5::Shape f;
        const std::vector<float> v = reader.array<float>(g, "captured", {-1, -1}, &f);
        if (f[0] > 0 && f[1] != C)
            throw h5::FormatError(where + "/captured: expected shape [any, " + std::to_string(C) + "], found " + h5::shape_text(f));
        s.captured.resize(f[0], f[1]);
        if (!v.empty()) std::memcpy(s.captured.data(), v.data(), v.size() * sizeof(float));
    }
    return s;
}

Census read_census(const H5::Group& root, const h5::Reader& reader, CalibrationSet calibration,
                   std::unique_lock<std::mutex>& held, const Progress& progress) {
    H5::Group g = h5::open_group(root, "census");
    Census c;
    c.calibration = std::move(calibration);
    c.n_layers = h5::get_i32(g, "n_layers");
    c.seconds = h5::get_f64(g, "seconds");
    const int32_t n_sites = h5::get_i32(g, "sites");
    if (c.n_layers < 0 || n_sites < 0) throw h5::FormatError("/census: negative n_layers or sites");
    CensusConfig& k = c.config;
    k.windows = h5::get_i32(g, "windows");
    k.ctx = h5::get_i32(g, "ctx");
    k.seed = h5::get_u64(g, "seed");
    k.bos = h5::get_bool(g, "bos");
    k.top_k = h5::get_i32(g, "top_k");
    k.massive_abs = h5::get_f64(g, "massive_abs");
    k.massive_ratio = h5::get_f64(g, "massive_ratio");
    k.max_massive_per_site = h5::get_i32(g, "max_massive_per_site");
    k.capture_window = h5::get_i32(g, "capture_window");
    k.capture_tokens = h5::get_i32(g, "capture_tokens");
    reader.array<double>(g, "histogram_edges", {LogHistogram::kBins + 1});  // a different grid is a different schema

    const int64_t W = static_cast<int64_t>(c.calibration.windows.size()), L = c.calibration.ctx;
    report_unlocked(held, progress, kReadStage, 0, n_sites);
    auto take = [&](const H5::Group& lg, int layer, CensusSite site) {
        if (!h5::has_child(lg, census_site_name(site))) return;
        if (static_cast<int64_t>(c.sites.size()) >= n_sites)
            throw h5::FormatError("/census: more site groups than the " + std::to_string(n_sites) + " listed");
        c.sites.push_back(read_site(h5::open_group(lg, census_site_name(site)), layer, site, W, L, reader));
        report_unlocked(held, progress, kReadStage, static_cast<int64_t>(c.sites.size()), n_sites);
    };
    // Layers are looked up by name rather than listed: HDF5 1.10 frees uninitialised memory when
    // a damaged link message stops it listing a group's links. The cap keeps a corrupt n_layers
    // from sending us through billions of lookups.
    if (c.n_layers > kMaxLayers)
        throw h5::FormatError("/census: n_layers = " + std::to_string(c.n_layers) + ", more than the " + std::to_string(kMaxLayers) +
                              " a report may hold");
    for (int l = 0; l < c.n_layers; ++l) {
        const std::string lname = layer_group_name(l);
        if (!h5::has_child(g, lname)) continue;
        const H5::Group lg = h5::open_group(g, lname);
        for (CensusSite s : kAllCensusSites)
            if (s != CensusSite::LmHeadIn) take(lg, l, s);
    }
    const std::string head = layer_group_name(-1);
    if (h5::has_child(g, head)) take(h5::open_group(g, head), -1, CensusSite::LmHeadIn);
    if (static_cast<int64_t>(c.sites.size()) != n_sites)
        throw h5::FormatError("/census: " + std::to_string(n_sites) + " sites listed, " + std::to_string(c.sites.size()) + " found");
    return c;
}

std::string temp_path_beside(const std::string& path) {
    std::random_device rd;
    char suffix[64];
    std::snprintf(suffix, sizeof suffix, ".tmp-%ld-%08x%08x", static_cast<long>(::getpid()), rd(), rd());
    return path + suffix;
}

}  // namespace

ReportMeta make_report_meta(const std::string& backend, const std::string& config_json) {
    ReportMeta m;
    m.tool_version = tool_version();
    m.git_commit = git_commit();
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    m.created_utc = buf;
    m.backend = backend;
    m.threads = omp_get_max_threads();
    m.config_json = config_json;
    return m;
}

void write_census_report(const std::string& path, const CensusReport& report, const Progress& progress) {
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
            h5::set_str(root, "format", kFormat);
            h5::set_i32(root, "schema", kCensusReportSchema);
            write_meta(root, report);
            write_model(root, report.model);
            write_calibration(root, report.census.calibration);
            write_census(root, report.census, held, progress);
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

CensusReport read_census_report(const std::string& path, const Progress& progress) {
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
        std::string format;
        try {
            format = h5::get_str(root, "format");
        } catch (const h5::FormatError&) {
        }
        if (format != kFormat) fail_input(path, "not a Rotoscope census report");
        const int schema = h5::get_i32(root, "schema");
        if (schema > kCensusReportSchema)
            fail_input(path, "report schema " + std::to_string(schema) + " is newer than this Rotoscope (reads schema " +
                                 std::to_string(kCensusReportSchema) + ")");
        if (schema < 1) fail_input(path, "unsupported report schema " + std::to_string(schema));

        CensusReport r;
        r.meta = read_meta(root, schema);
        r.model = read_model(root, reader);
        r.census = read_census(root, reader, read_calibration(root, reader), held, progress);
        return r;
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

}  // namespace rs
