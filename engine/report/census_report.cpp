// The census report in HDF5; the layout is documented in docs/report-format.md.
#include "report/census_report.h"

#include <omp.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/json_io.h"
#include "core/version.h"
#include "io/contained_read.h"
#include "io/hdf5_io.h"
#include "report/model_group.h"

namespace rs {
namespace {
using report::report_unlocked;

constexpr const char* kFormat = "rotoscope-census";
constexpr Stage kWriteStage = Stage::WritingReport;
constexpr Stage kReadStage = Stage::ReadingReport;
constexpr int kMaxLayers = 1 << 16;

std::vector<h5::Field<ActivationEntry>> entry_fields() {
    return {h5::field("value", &ActivationEntry::value),       h5::field("median", &ActivationEntry::median),
            h5::field("window", &ActivationEntry::window),     h5::field("position", &ActivationEntry::position),
            h5::field("token", &ActivationEntry::token),       h5::field("channel", &ActivationEntry::channel)};
}

std::string layer_group_name(int layer) {
    if (layer < 0) return "output";
    char buf[32];
    std::snprintf(buf, sizeof buf, "layer_%03d", layer);
    return buf;
}

// ---------------------------------------------------------------- writing

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
    h5::set_str(g, "config_json", dump_json(census_config_to_json(c.config)));
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
    m.build = std::string(build_compiler()) + "; " + build_flags() + "; " + build_isa();
    m.cpu = runtime_cpu();
    m.config_json = config_json;
    return m;
}

void write_census_report(const std::string& path, const CensusReport& report, const Progress& progress) {
    report::write_report_file(path, kFormat, kCensusReportSchema, [&](H5::Group& root, std::unique_lock<std::mutex>& held) {
        report::write_meta(root, report.meta, kCensusReportSchema,
                           dump_json(nlohmann::json{{"calibration", report.census.config.seed}}));
        report::write_model(root, report.model);
        write_calibration(root, report.census.calibration);
        write_census(root, report.census, held, progress);
    });
}

namespace {

CensusReport read_census_report_unchecked(const std::string& path, const Progress& progress) {
    CensusReport r;
    report::read_report_file(path, kFormat, kCensusReportSchema, "census report",
                             [&](const H5::Group& root, const h5::Reader& reader, int schema, std::unique_lock<std::mutex>& held) {
                                 r.meta = report::read_meta(root, schema);
                                 r.model = report::read_model(root, reader);
                                 r.census = read_census(root, reader, read_calibration(root, reader), held, progress);
                             });
    return r;
}

}  // namespace

CensusReport read_census_report(const std::string& path, const Progress& progress) {
    // The child gets no progress callback: a listener (the GUI's queued signals) may take locks
    // that another thread held when the process was copied.
    h5::check_in_child(path, [&] { read_census_report_unchecked(path, {}); }, progress);
    return read_census_report_unchecked(path, progress);
}

}  // namespace rs
