// The HDF5 census report: sha256, model identity, an exact write/read round trip of a census
// built by hand, foreign and damaged files, and the atomic write.
//
// Suites are named report_* so that `ctest -R report` selects them.
// ROTOSCOPE_KEEP_REPORT=<path> keeps a copy of the round-trip report there (for h5dump or
// scripts/dev/read_report.py).
#include <gtest/gtest.h>

#include <H5Cpp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <thread>

#include "model/loader.h"
#include "report/census_report.h"
#include "report/model_identity.h"
#include "support/model_files.h"
#include "support/damaged_reports.h"
#include "support/temp_dir.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

std::vector<std::string> dir_entries(const fs::path& d) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(d)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// ------------------------------------------------------------------ sha256

TEST(report_sha256, FipsVectors) {
    // FIPS 180-2, appendix B.1 and B.2, and the empty message.
    EXPECT_EQ(sha256_bytes("", 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_bytes("abc", 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    EXPECT_EQ(sha256_bytes(two_blocks.data(), two_blocks.size()),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(report_sha256, FileMatchesBytesAcrossChunks) {
    TempDir dir;
    // 2.5 MiB: three 1 MiB chunks, the last one partial.
    std::string data(5 << 19, '\0');
    std::mt19937 rng(7);
    for (char& c : data) c = static_cast<char>(rng());
    write_bytes(dir.file("blob.bin"), data);
    int64_t last_done = -1, last_total = -1;
    const std::string h = sha256_file(dir.file("blob.bin"), Progress{[&](const ProgressStep& step_) { const std::string stage = progress_label(step_); const int64_t done = step_.done; const int64_t total = step_.total;
        EXPECT_EQ(stage, "hashing");
        last_done = done;
        last_total = total;
    }});
    EXPECT_EQ(h, sha256_bytes(data.data(), data.size()));
    EXPECT_EQ(last_done, static_cast<int64_t>(data.size()));
    EXPECT_EQ(last_total, static_cast<int64_t>(data.size()));

    write_bytes(dir.file("empty"), "");
    EXPECT_EQ(sha256_file(dir.file("empty")), sha256_bytes("", 0));
    try {
        sha256_file(dir.file("missing"));
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        EXPECT_NE(std::string(e.what()).find(dir.file("missing")), std::string::npos) << e.what();
    }
}

// ------------------------------------------------------------------ model identity

TEST(report_identity, GgufFileIsHashedAndLinearsListed) {
    TempDir dir;
    const ModelConfig cfg = testing::tiny_config(Arch::Qwen3);
    const std::string path = dir.file("tiny.gguf");
    testing::write_model_gguf(testing::random_model(cfg, 5), "qwen3", path);
    const Model m = load_model(path);

    int64_t last_done = 0, last_total = 0;
    const ModelIdentity id = identify_model(m, Progress{[&](const ProgressStep& step_) { const std::string stage = progress_label(step_); const int64_t done = step_.done; const int64_t total = step_.total;
        EXPECT_EQ(stage, "hashing");
        last_done = done;
        last_total = total;
    }});
    const std::string bytes = read_bytes(path);
    ASSERT_EQ(id.files.size(), 1u);
    EXPECT_EQ(id.files[0].path, path);
    EXPECT_EQ(id.files[0].bytes, static_cast<int64_t>(bytes.size()));
    EXPECT_EQ(id.files[0].sha256, sha256_bytes(bytes.data(), bytes.size()));
    EXPECT_EQ(last_done, static_cast<int64_t>(bytes.size()));
    EXPECT_EQ(last_total, static_cast<int64_t>(bytes.size()));

    ASSERT_EQ(id.linears.size(), static_cast<size_t>(cfg.n_layers * 7 + 1));
    const char* roles[] = {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"};
    const int64_t q = int64_t{cfg.n_heads} * cfg.head_dim, kv = int64_t{cfg.n_kv_heads} * cfg.head_dim;
    const int64_t shapes[][2] = {{q, cfg.d_model},       {kv, cfg.d_model},   {kv, cfg.d_model}, {cfg.d_model, q},
                                 {cfg.d_ff, cfg.d_model}, {cfg.d_ff, cfg.d_model}, {cfg.d_model, cfg.d_ff}};
    for (int l = 0; l < cfg.n_layers; ++l)
        for (int r = 0; r < 7; ++r) {
            const LinearInfo& li = id.linears[l * 7 + r];
            EXPECT_EQ(li.layer, l);
            EXPECT_EQ(li.role, roles[r]);
            EXPECT_EQ(li.out, shapes[r][0]) << l << " " << roles[r];
            EXPECT_EQ(li.in, shapes[r][1]) << l << " " << roles[r];
            EXPECT_EQ(li.dtype, "F32");
        }
    EXPECT_EQ(id.linears.back().layer, -1);
    EXPECT_EQ(id.linears.back().role, "lm_head");
    EXPECT_EQ(id.linears.back().out, cfg.n_vocab);
    EXPECT_EQ(id.linears.back().in, cfg.d_model);
    EXPECT_EQ(id.cfg.d_model, cfg.d_model);
    EXPECT_EQ(id.source.path, m.source.path);
}

TEST(report_identity, HfDirectoryHashesConfigTokenizerAndShards) {
    TempDir dir;
    const ModelConfig cfg = testing::tiny_config(Arch::Llama);
    const fs::path d = dir.path() / "hf";
    testing::write_model_hf(testing::random_model(cfg, 9), "LlamaForCausalLM", d, 2);
    const Model m = load_model(d.string());
    write_bytes((d / "tokenizer.json").string(), "{}");  // present after loading: only hashed
    write_bytes((d / "README.md").string(), "not part of the checkpoint");

    const ModelIdentity id = identify_model(m);
    std::vector<std::string> names;
    for (const FileHash& f : id.files) {
        names.push_back(fs::path(f.path).filename().string());
        const std::string bytes = read_bytes(f.path);
        EXPECT_EQ(f.sha256, sha256_bytes(bytes.data(), bytes.size())) << f.path;
        EXPECT_EQ(f.bytes, static_cast<int64_t>(bytes.size()));
    }
    EXPECT_EQ(names, (std::vector<std::string>{"config.json", "model-00001-of-00002.safetensors",
                                               "model-00002-of-00002.safetensors", "tokenizer.json"}));
}

TEST(report_identity, InMemoryModelHasNoFiles) {
    Model m = testing::random_model(testing::tiny_config(Arch::Llama), 1);
    const ModelIdentity id = identify_model(m);
    EXPECT_TRUE(id.files.empty());
    EXPECT_EQ(id.linears.size(), 15u);
    EXPECT_EQ(id.linears[0].dtype, "");
}

// ------------------------------------------------------------------ synthetic report

// A census built field by field (not by running one), with awkward values: NaN, -0, inf,
// denormals, empty lists, empty and partial captures.
CensusReport synthetic_report(uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> nf(0.0f, 3.0f);
    std::uniform_int_distribution<int32_t> ni(0, 1000);
    std::uniform_int_distribution<uint64_t> nu(0, std::numeric_limits<uint64_t>::max());
    auto fvec = [&](size_t n) {
        std::vector<float> v(n);
        for (float& x : v) x = nf(rng);
        return v;
    };
    auto dvec = [&](size_t n) {
        std::vector<double> v(n);
        for (double& x : v) x = static_cast<double>(nf(rng)) / 7.0;
        return v;
    };

    CensusReport r;
    r.meta.tool = "rotoscope";
    r.meta.tool_version = "9.8.7";
    r.meta.git_commit = "abc1234";
    r.meta.created_utc = "2026-11-23T01:22:05Z";
    r.meta.backend = "cpu";
    r.meta.threads = 3;
    r.meta.config_json = R"({"model":"tiny.gguf","corpus":"ünïcode ✓"})";

    ModelIdentity& id = r.model;
    id.cfg = testing::tiny_config(Arch::Qwen2);
    id.cfg.rms_eps = 1e-6f;
    id.cfg.rope_theta = 1000000.0f;
    id.cfg.rope_style = RopeStyle::Norm;
    id.cfg.tied_embeddings = true;
    RopeScaling rs;
    rs.type = "freqs";
    rs.factor = 8.1f;
    rs.low_freq_factor = 1.3f;
    rs.high_freq_factor = 4.7f;
    rs.original_context = 8192;
    rs.freq_factors = {1.0f, 1.1f, 3.3333333f, 1e-7f};
    id.cfg.rope_scaling = rs;
    id.source = {"/models/tiny.gguf", "gguf", "Tiny Qwen2", 33, {{"F32", 30}, {"Q4_1", 3}}, 123456789012LL, "llama_ftype 3"};
    id.files = {{"/models/tiny.gguf", "00ff", 1234}, {"/models/ü.json", "", 0}};
    id.linears = {{0, "q_proj", 48, 48, "Q4_1"}, {-1, "lm_head", 61, 48, ""}};

    const int W = 3, L = 8, n_layers = 2;
    Census& c = r.census;
    c.n_layers = n_layers;
    c.seconds = 12.345678901234;
    c.config.windows = W;
    c.config.ctx = L;
    c.config.seed = 0xfedcba9876543210ULL;
    c.config.bos = false;
    c.config.top_k = 4;
    c.config.massive_abs = 50.5;
    c.config.massive_ratio = 250.25;
    c.config.max_massive_per_site = 3;
    c.config.capture_window = 1;
    c.config.capture_tokens = 5;

    CalibrationSet& cal = c.calibration;
    cal.corpus_name = "devils-dictionary";
    cal.corpus_path = "/data/devils dictionary.txt";
    cal.corpus_sha256 = "1234abcd";
    cal.corpus_tokens = 98765;
    cal.ctx = L;
    cal.seed = c.config.seed;
    cal.bos = true;
    // Pieces hold any byte: NUL is the byte-level piece of byte 0, and may end a piece.
    const std::string pieces[] = {"<s>", " the", "é", "", " 日本", "\n\t", std::string(1, '\0'), std::string("x\0\0", 3)};
    for (int w = 0; w < W; ++w) {
        CalibrationWindow win;
        win.offset = 1000 * w + ni(rng);
        for (int t = 0; t < L; ++t) {
            win.tokens.push_back(ni(rng));
            win.texts.push_back(pieces[(t + w) % 8]);
        }
        cal.windows.push_back(win);
    }

    for (int layer = 0; layer <= n_layers; ++layer) {
        for (CensusSite site : kAllCensusSites) {
            const bool head = site == CensusSite::LmHeadIn;
            if (head != (layer == n_layers)) continue;
            SiteCensus s;
            s.layer = head ? -1 : layer;
            s.site = site;
            s.channels = site == CensusSite::DownIn ? 10 : 6;
            s.count = nu(rng);
            s.channel_absmax = fvec(s.channels);
            s.channel_mean = dvec(s.channels);
            s.channel_rms = dvec(s.channels);
            s.channel_kurtosis = dvec(s.channels);
            s.moments = {static_cast<double>(W * L * s.channels), 0.1 * layer, 2.5, -0.75, 1e30};
            s.absmax = nf(rng);
            s.token_absmax = fvec(W * L);
            s.window_median = fvec(W);
            s.window_top = fvec(W * SiteCensus::kWindowTop);
            s.median = dvec(1)[0];
            const size_t sites_so_far = c.sites.size();
            const size_t n_top = sites_so_far % 3 == 0 ? 0 : 4, n_massive = sites_so_far % 2 == 0 ? 0 : 3;
            auto entries = [&](size_t n) {
                std::vector<ActivationEntry> v(n);
                for (ActivationEntry& e : v) e = {nf(rng), nf(rng), ni(rng) % W, ni(rng) % L, ni(rng), ni(rng) - 500};
                return v;
            };
            s.top = entries(n_top);
            s.massive = entries(n_massive);
            s.massive_count = n_massive * 7;
            for (int i = 0; i < LogHistogram::kBins; ++i) {
                s.histogram.pos[i] = nu(rng) >> 20;
                s.histogram.neg[i] = i % 5 == 0 ? 0 : nu(rng);
            }
            s.histogram.zeros = 11;
            s.histogram.underflow = 12;
            s.histogram.overflow = 13;
            s.histogram.nonfinite = std::numeric_limits<uint64_t>::max();
            if (sites_so_far == 1) {
                s.captured.resize(0, 0);
            } else if (sites_so_far == 2) {
                s.captured.resize(0, s.channels);
            } else {
                s.captured.resize(5, s.channels);
                for (int64_t i = 0; i < s.captured.size(); ++i) s.captured.data()[i] = nf(rng);
            }
            c.sites.push_back(std::move(s));
        }
    }
    // Values whose bits must survive: NaN with a payload, -0, infinities, a denormal.
    SiteCensus& odd = c.sites[4];
    uint32_t nan_bits = 0x7fc01234;
    std::memcpy(&odd.channel_absmax[0], &nan_bits, 4);
    odd.channel_absmax[1] = -0.0f;
    odd.channel_absmax[2] = std::numeric_limits<float>::infinity();
    odd.token_absmax[3] = std::numeric_limits<float>::denorm_min();
    odd.channel_kurtosis[0] = -std::numeric_limits<double>::infinity();
    odd.channel_mean[1] = std::numeric_limits<double>::quiet_NaN();
    odd.captured(0, 0) = -std::numeric_limits<float>::infinity();
    return r;
}

uint32_t bits(float x) {
    uint32_t b;
    std::memcpy(&b, &x, 4);
    return b;
}
uint64_t bits(double x) {
    uint64_t b;
    std::memcpy(&b, &x, 8);
    return b;
}
template <class T>
void expect_bits(const std::vector<T>& a, const std::vector<T>& b, const std::string& what) {
    ASSERT_EQ(a.size(), b.size()) << what;
    for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(bits(a[i]), bits(b[i])) << what << "[" << i << "]";
}

void expect_same_entries(const std::vector<ActivationEntry>& a, const std::vector<ActivationEntry>& b, const std::string& what) {
    ASSERT_EQ(a.size(), b.size()) << what;
    for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(bits(a[i].value), bits(b[i].value)) << what << i;
        EXPECT_EQ(bits(a[i].median), bits(b[i].median)) << what << i;
        EXPECT_EQ(a[i].window, b[i].window) << what << i;
        EXPECT_EQ(a[i].position, b[i].position) << what << i;
        EXPECT_EQ(a[i].token, b[i].token) << what << i;
        EXPECT_EQ(a[i].channel, b[i].channel) << what << i;
    }
}

void expect_same_config(const ModelConfig& a, const ModelConfig& b) {
    EXPECT_EQ(a.arch, b.arch);
    EXPECT_EQ(a.n_vocab, b.n_vocab);
    EXPECT_EQ(a.d_model, b.d_model);
    EXPECT_EQ(a.n_layers, b.n_layers);
    EXPECT_EQ(a.n_heads, b.n_heads);
    EXPECT_EQ(a.n_kv_heads, b.n_kv_heads);
    EXPECT_EQ(a.head_dim, b.head_dim);
    EXPECT_EQ(a.d_ff, b.d_ff);
    EXPECT_EQ(a.max_context, b.max_context);
    EXPECT_EQ(bits(a.rms_eps), bits(b.rms_eps));
    EXPECT_EQ(bits(a.rope_theta), bits(b.rope_theta));
    EXPECT_EQ(a.rope_style, b.rope_style);
    ASSERT_EQ(a.rope_scaling.has_value(), b.rope_scaling.has_value());
    if (a.rope_scaling) {
        EXPECT_EQ(a.rope_scaling->type, b.rope_scaling->type);
        EXPECT_EQ(bits(a.rope_scaling->factor), bits(b.rope_scaling->factor));
        EXPECT_EQ(bits(a.rope_scaling->low_freq_factor), bits(b.rope_scaling->low_freq_factor));
        EXPECT_EQ(bits(a.rope_scaling->high_freq_factor), bits(b.rope_scaling->high_freq_factor));
        EXPECT_EQ(a.rope_scaling->original_context, b.rope_scaling->original_context);
        expect_bits(a.rope_scaling->freq_factors, b.rope_scaling->freq_factors, "freq_factors");
    }
    EXPECT_EQ(a.tied_embeddings, b.tied_embeddings);
    EXPECT_EQ(a.qkv_bias, b.qkv_bias);
    EXPECT_EQ(a.qk_norm, b.qk_norm);
}

void expect_same(const CensusReport& a, const CensusReport& b) {
    EXPECT_EQ(a.meta.tool, b.meta.tool);
    EXPECT_EQ(a.meta.tool_version, b.meta.tool_version);
    EXPECT_EQ(a.meta.git_commit, b.meta.git_commit);
    EXPECT_EQ(a.meta.created_utc, b.meta.created_utc);
    EXPECT_EQ(a.meta.backend, b.meta.backend);
    EXPECT_EQ(a.meta.threads, b.meta.threads);
    EXPECT_EQ(a.meta.config_json, b.meta.config_json);
    EXPECT_EQ(a.meta.schema, b.meta.schema);

    expect_same_config(a.model.cfg, b.model.cfg);
    const SourceInfo &sa = a.model.source, &sb = b.model.source;
    EXPECT_EQ(sa.path, sb.path);
    EXPECT_EQ(sa.format, sb.format);
    EXPECT_EQ(sa.name, sb.name);
    EXPECT_EQ(sa.tensor_count, sb.tensor_count);
    EXPECT_EQ(sa.dtype_counts, sb.dtype_counts);
    EXPECT_EQ(sa.parameter_count, sb.parameter_count);
    EXPECT_EQ(sa.file_type, sb.file_type);
    ASSERT_EQ(a.model.files.size(), b.model.files.size());
    for (size_t i = 0; i < a.model.files.size(); ++i) {
        EXPECT_EQ(a.model.files[i].path, b.model.files[i].path);
        EXPECT_EQ(a.model.files[i].sha256, b.model.files[i].sha256);
        EXPECT_EQ(a.model.files[i].bytes, b.model.files[i].bytes);
    }
    ASSERT_EQ(a.model.linears.size(), b.model.linears.size());
    for (size_t i = 0; i < a.model.linears.size(); ++i) {
        const LinearInfo &x = a.model.linears[i], &y = b.model.linears[i];
        EXPECT_EQ(x.layer, y.layer);
        EXPECT_EQ(x.role, y.role);
        EXPECT_EQ(x.out, y.out);
        EXPECT_EQ(x.in, y.in);
        EXPECT_EQ(x.dtype, y.dtype);
    }

    const Census &ca = a.census, &cb = b.census;
    EXPECT_EQ(ca.config.windows, cb.config.windows);
    EXPECT_EQ(ca.config.ctx, cb.config.ctx);
    EXPECT_EQ(ca.config.seed, cb.config.seed);
    EXPECT_EQ(ca.config.bos, cb.config.bos);
    EXPECT_EQ(ca.config.top_k, cb.config.top_k);
    EXPECT_EQ(bits(ca.config.massive_abs), bits(cb.config.massive_abs));
    EXPECT_EQ(bits(ca.config.massive_ratio), bits(cb.config.massive_ratio));
    EXPECT_EQ(ca.config.max_massive_per_site, cb.config.max_massive_per_site);
    EXPECT_EQ(ca.config.capture_window, cb.config.capture_window);
    EXPECT_EQ(ca.config.capture_tokens, cb.config.capture_tokens);
    EXPECT_EQ(ca.n_layers, cb.n_layers);
    EXPECT_EQ(bits(ca.seconds), bits(cb.seconds));

    const CalibrationSet &ka = ca.calibration, &kb = cb.calibration;
    EXPECT_EQ(ka.corpus_name, kb.corpus_name);
    EXPECT_EQ(ka.corpus_path, kb.corpus_path);
    EXPECT_EQ(ka.corpus_sha256, kb.corpus_sha256);
    EXPECT_EQ(ka.corpus_tokens, kb.corpus_tokens);
    EXPECT_EQ(ka.ctx, kb.ctx);
    EXPECT_EQ(ka.seed, kb.seed);
    EXPECT_EQ(ka.bos, kb.bos);
    ASSERT_EQ(ka.windows.size(), kb.windows.size());
    for (size_t w = 0; w < ka.windows.size(); ++w) {
        EXPECT_EQ(ka.windows[w].offset, kb.windows[w].offset);
        EXPECT_EQ(ka.windows[w].tokens, kb.windows[w].tokens);
        EXPECT_EQ(ka.windows[w].texts, kb.windows[w].texts);
    }

    ASSERT_EQ(ca.sites.size(), cb.sites.size());
    for (size_t i = 0; i < ca.sites.size(); ++i) {
        const SiteCensus &x = ca.sites[i], &y = cb.sites[i];
        const std::string at = "site " + std::to_string(i) + " ";
        EXPECT_EQ(x.layer, y.layer) << at;
        EXPECT_EQ(x.site, y.site) << at;
        EXPECT_EQ(x.channels, y.channels) << at;
        EXPECT_EQ(x.count, y.count) << at;
        expect_bits(x.channel_absmax, y.channel_absmax, at + "channel_absmax");
        expect_bits(x.channel_mean, y.channel_mean, at + "channel_mean");
        expect_bits(x.channel_rms, y.channel_rms, at + "channel_rms");
        expect_bits(x.channel_kurtosis, y.channel_kurtosis, at + "channel_kurtosis");
        EXPECT_EQ(bits(x.moments.n), bits(y.moments.n)) << at;
        EXPECT_EQ(bits(x.moments.mean), bits(y.moments.mean)) << at;
        EXPECT_EQ(bits(x.moments.m2), bits(y.moments.m2)) << at;
        EXPECT_EQ(bits(x.moments.m3), bits(y.moments.m3)) << at;
        EXPECT_EQ(bits(x.moments.m4), bits(y.moments.m4)) << at;
        EXPECT_EQ(bits(x.absmax), bits(y.absmax)) << at;
        expect_bits(x.token_absmax, y.token_absmax, at + "token_absmax");
        expect_bits(x.window_median, y.window_median, at + "window_median");
        expect_bits(x.window_top, y.window_top, at + "window_top");
        EXPECT_EQ(bits(x.median), bits(y.median)) << at;
        expect_same_entries(x.top, y.top, at + "top");
        expect_same_entries(x.massive, y.massive, at + "massive");
        EXPECT_EQ(x.massive_count, y.massive_count) << at;
        EXPECT_EQ(x.histogram.pos, y.histogram.pos) << at;
        EXPECT_EQ(x.histogram.neg, y.histogram.neg) << at;
        EXPECT_EQ(x.histogram.zeros, y.histogram.zeros) << at;
        EXPECT_EQ(x.histogram.underflow, y.histogram.underflow) << at;
        EXPECT_EQ(x.histogram.overflow, y.histogram.overflow) << at;
        EXPECT_EQ(x.histogram.nonfinite, y.histogram.nonfinite) << at;
        ASSERT_EQ(x.captured.rows(), y.captured.rows()) << at;
        ASSERT_EQ(x.captured.cols(), y.captured.cols()) << at;
        for (int64_t k = 0; k < x.captured.size(); ++k)
            EXPECT_EQ(bits(x.captured.data()[k]), bits(y.captured.data()[k])) << at << "captured " << k;
    }
}

// Runs `f`, expecting BadInput whose message starts with "<path>: " and contains `needle`;
// HDF5 must print nothing.
template <class F>
void expect_bad_input(F f, const std::string& path, const std::string& needle) {
    ::testing::internal::CaptureStderr();
    std::string message;
    ErrorKind kind = ErrorKind::Runtime;
    bool threw = false;
    try {
        f();
    } catch (const Error& e) {
        threw = true;
        kind = e.kind();
        message = e.what();
    }
    const std::string err = ::testing::internal::GetCapturedStderr();
    ASSERT_TRUE(threw) << "no error for " << path;
    EXPECT_EQ(kind, ErrorKind::BadInput) << message;
    EXPECT_EQ(message.rfind(path + ": ", 0), 0u) << message;
    EXPECT_NE(message.find(needle), std::string::npos) << "'" << message << "' lacks '" << needle << "'";
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(err, "") << "printed to stderr";
}

TEST(report_file, RoundTripIsExact) {
    TempDir dir;
    const CensusReport r = synthetic_report(42);
    ASSERT_EQ(r.census.sites.size(), 11u);
    const std::string path = dir.file("report.h5");
    std::vector<int64_t> done_seen;
    write_census_report(path, r, Progress{[&](const ProgressStep& step_) { const std::string stage = progress_label(step_); const int64_t done = step_.done; const int64_t total = step_.total;
        EXPECT_EQ(stage, "writing report");
        EXPECT_EQ(total, 11);
        done_seen.push_back(done);
    }});
    EXPECT_EQ(done_seen, (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
    EXPECT_EQ(dir_entries(dir.path()), std::vector<std::string>{"report.h5"});
    if (const char* keep = std::getenv("ROTOSCOPE_KEEP_REPORT"); keep && *keep) fs::copy_file(path, keep, fs::copy_options::overwrite_existing);

    int64_t last_read = -1;
    const CensusReport back = read_census_report(path, Progress{[&](const ProgressStep& step_) { const std::string stage = progress_label(step_); const int64_t done = step_.done; const int64_t total = step_.total;
        EXPECT_EQ(stage, "reading report");
        EXPECT_EQ(total, 11);
        last_read = done;
    }});
    EXPECT_EQ(last_read, 11);
    expect_same(r, back);
    // Site order is the census's layer-major order.
    EXPECT_EQ(back.census.sites[0].site, CensusSite::AttnIn);
    EXPECT_EQ(back.census.sites[5].layer, 1);
    EXPECT_EQ(back.census.sites[10].site, CensusSite::LmHeadIn);
    EXPECT_EQ(back.census.sites[10].layer, -1);
}

TEST(report_file, RoundTripOfEmptyCensusAndRealIdentity) {
    TempDir dir;
    const ModelConfig cfg = testing::tiny_config(Arch::Llama);
    const std::string gguf = dir.file("tiny.gguf");
    testing::write_model_gguf(testing::random_model(cfg, 3), "llama", gguf);
    CensusReport r;
    // A long configuration: more than an HDF5 object header holds without dense attribute storage.
    r.meta = make_report_meta("cpu", R"({"notes":")" + std::string(200000, 'n') + R"("})");
    r.model = identify_model(load_model(gguf));
    r.census.n_layers = cfg.n_layers;  // no windows, no sites
    const std::string path = dir.file("empty.h5");
    write_census_report(path, r);
    const CensusReport back = read_census_report(path);
    expect_same(r, back);
    EXPECT_EQ(back.model.files.at(0).sha256, sha256_file(gguf));
    EXPECT_EQ(back.model.linears.size(), 15u);
    EXPECT_TRUE(back.census.sites.empty());
    EXPECT_EQ(back.meta.schema, kCensusReportSchema);
}

// Matrices of several chunks with partial chunks at the edges, which the reader decodes itself:
// token_absmax [40, 2048] is stored in chunks of [32, 2048], a capture of 70001 channels in
// chunks of [1, 65536].
TEST(report_file, ManyChunkMatricesRoundTrip) {
    TempDir dir;
    CensusReport r = synthetic_report(11);
    const int W = 40, L = 2048, C = 70001;
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> u(-100.0f, 100.0f);
    CalibrationSet& cal = r.census.calibration;
    cal.ctx = r.census.config.ctx = L;
    r.census.config.windows = W;
    cal.windows.assign(W, {});
    for (int w = 0; w < W; ++w) {
        cal.windows[w].offset = 7 * w;
        for (int t = 0; t < L; ++t) {
            cal.windows[w].tokens.push_back(w * L + t);
            cal.windows[w].texts.push_back(std::string(static_cast<size_t>(t % 4), static_cast<char>('a' + w % 26)));
        }
    }
    for (SiteCensus& s : r.census.sites) {
        s.token_absmax.resize(static_cast<size_t>(W) * L);
        for (float& x : s.token_absmax) x = u(rng);
        s.window_median.resize(W);
        for (float& x : s.window_median) x = u(rng);
        s.window_top.resize(static_cast<size_t>(W) * SiteCensus::kWindowTop);
        for (float& x : s.window_top) x = u(rng);
    }
    SiteCensus& wide = r.census.sites[0];
    wide.channels = C;
    wide.channel_absmax.assign(C, 0.5f);
    wide.channel_mean.assign(C, 0.25);
    wide.channel_rms.assign(C, 0.75);
    wide.channel_kurtosis.assign(C, 3.0);
    wide.captured.resize(3, C);
    for (int64_t i = 0; i < wide.captured.size(); ++i) wide.captured.data()[i] = u(rng);

    const std::string path = dir.file("big.h5");
    write_census_report(path, r);
    const CensusReport back = read_census_report(path);
    expect_same(r, back);
}

TEST(report_file, MakeReportMetaFillsBuildAndDate) {
    const ReportMeta m = make_report_meta("cuda", R"({"a":1})");
    EXPECT_EQ(m.tool, "rotoscope");
    EXPECT_EQ(m.tool_version, ROTOSCOPE_VERSION);
    EXPECT_FALSE(m.git_commit.empty());
    EXPECT_EQ(m.backend, "cuda");
    EXPECT_EQ(m.config_json, R"({"a":1})");
    EXPECT_EQ(m.schema, kCensusReportSchema);
    // 2026-11-23T01:22:05Z, and today (UTC) at that.
    ASSERT_EQ(m.created_utc.size(), 20u);
    EXPECT_EQ(m.created_utc[10], 'T');
    EXPECT_EQ(m.created_utc.back(), 'Z');
    char today[16];
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::strftime(today, sizeof today, "%Y-%m-%d", &utc);
    EXPECT_EQ(m.created_utc.substr(0, 10), today);
}

TEST(report_file, H5dumpReadsTheFile) {
    if (std::system("command -v h5dump > /dev/null 2>&1") != 0) GTEST_SKIP() << "h5dump not installed";
    TempDir dir;
    const std::string path = dir.file("dump.h5"), out = dir.file("dump.txt");
    write_census_report(path, synthetic_report(1));
    ASSERT_EQ(std::system(("h5dump -H '" + path + "' > '" + out + "' 2>&1").c_str()), 0) << read_bytes(out);
    const std::string whole = read_bytes(out);
    EXPECT_NE(whole.find("GROUP \"layer_000\""), std::string::npos);
    EXPECT_NE(whole.find("DATASET \"token_text_bytes\""), std::string::npos);
    // Strings are fixed-length: no variable-length string anywhere in the file.
    EXPECT_EQ(whole.find("H5T_VARIABLE"), std::string::npos);
    EXPECT_NE(whole.find("STRPAD H5T_STR_NULLPAD"), std::string::npos);
    ASSERT_EQ(std::system(("h5dump -H -g /census/layer_000/attn_in '" + path + "' > '" + out + "' 2>&1").c_str()), 0)
        << read_bytes(out);
    const std::string site = read_bytes(out);
    EXPECT_NE(site.find("GROUP \"/census/layer_000/attn_in\""), std::string::npos) << site;
    EXPECT_NE(site.find("DATASET \"captured\""), std::string::npos) << site;
    // The format attribute, as h5dump shows it.
    ASSERT_EQ(std::system(("h5dump -a /format '" + path + "' > '" + out + "' 2>&1").c_str()), 0) << read_bytes(out);
    EXPECT_NE(read_bytes(out).find("\"rotoscope-census\""), std::string::npos) << read_bytes(out);
}

// ------------------------------------------------------------------ bad input

TEST(report_bad_input, MissingTextAndEmptyFiles) {
    TempDir dir;
    const std::string missing = dir.file("missing.h5");
    expect_bad_input([&] { read_census_report(missing); }, missing, "no such file");
    const std::string text = dir.file("text.h5");
    write_bytes(text, "this is not HDF5 at all, just some text that is long enough to have a superblock\n");
    expect_bad_input([&] { read_census_report(text); }, text, "not an HDF5 file");
    const std::string empty = dir.file("empty.h5");
    write_bytes(empty, "");
    expect_bad_input([&] { read_census_report(empty); }, empty, "not an HDF5 file");
    expect_bad_input([&] { read_census_report(dir.str()); }, dir.str(), "directory");
}

TEST(report_bad_input, TruncatedReports) {
    TempDir dir;
    const std::string good = dir.file("good.h5");
    write_census_report(good, synthetic_report(3));
    const std::string bytes = read_bytes(good);
    const size_t n = bytes.size();
    ASSERT_GT(n, 4096u);
    for (size_t len : {size_t{1}, size_t{8}, size_t{96}, size_t{700}, size_t{2048}, n / 5, n / 3, n / 2, 4 * n / 5, n - 1}) {
        const std::string cut = dir.file("cut-" + std::to_string(len) + ".h5");
        write_bytes(cut, bytes.substr(0, len));
        // Shorter than the signature: not HDF5 at all; longer: HDF5 whose data lies beyond the end.
        expect_bad_input([&] { read_census_report(cut); }, cut, len < 8 ? "not an HDF5 file" : "corrupt HDF5 (");
    }
}

// Rewrites a good report with HDF5 directly.
template <class F>
std::string damaged(const TempDir& dir, const std::string& name, F edit) {
    const std::string path = dir.file(name);
    write_census_report(path, synthetic_report(4));
    {
        H5::H5File f(path, H5F_ACC_RDWR);
        edit(f);
    }
    return path;
}

TEST(report_bad_input, ForeignHdf5Files) {
    TempDir dir;
    const std::string foreign = dir.file("foreign.h5");
    {
        H5::H5File f(foreign, H5F_ACC_TRUNC);
        f.createGroup("data");
    }
    expect_bad_input([&] { read_census_report(foreign); }, foreign, "not a Rotoscope census report");

    const std::string other = damaged(dir, "other.h5", [](H5::H5File& f) {
        f.removeAttr("format");
        H5::StrType t(H5::PredType::C_S1, H5T_VARIABLE);
        const char* v = "someone-else";
        f.createAttribute("format", t, H5::DataSpace(H5S_SCALAR)).write(t, &v);
    });
    expect_bad_input([&] { read_census_report(other); }, other, "not a Rotoscope census report");

    const std::string numeric = damaged(dir, "numeric-format.h5", [](H5::H5File& f) {
        f.removeAttr("format");
        const int v = 1;
        f.createAttribute("format", H5::PredType::NATIVE_INT, H5::DataSpace(H5S_SCALAR)).write(H5::PredType::NATIVE_INT, &v);
    });
    expect_bad_input([&] { read_census_report(numeric); }, numeric, "not a Rotoscope census report");
}

TEST(report_bad_input, NewerSchema) {
    TempDir dir;
    const std::string p = damaged(dir, "schema99.h5", [](H5::H5File& f) {
        f.removeAttr("schema");
        const int v = 99;
        f.createAttribute("schema", H5::PredType::STD_I32LE, H5::DataSpace(H5S_SCALAR)).write(H5::PredType::NATIVE_INT, &v);
    });
    expect_bad_input([&] { read_census_report(p); }, p, "report schema 99 is newer than this Rotoscope (reads schema 1)");
}

TEST(report_bad_input, MissingAndMisshapenDatasets) {
    TempDir dir;
    const std::string gone = damaged(dir, "gone.h5", [](H5::H5File& f) {
        ASSERT_GE(H5Ldelete(f.getId(), "/census/layer_001/mlp_in/channel_rms", H5P_DEFAULT), 0);
    });
    expect_bad_input([&] { read_census_report(gone); }, gone, "/census/layer_001/mlp_in/channel_rms: missing");

    const std::string group_gone = damaged(dir, "group-gone.h5", [](H5::H5File& f) {
        ASSERT_GE(H5Ldelete(f.getId(), "/calibration", H5P_DEFAULT), 0);
    });
    expect_bad_input([&] { read_census_report(group_gone); }, group_gone, "/calibration: missing");

    // channel_absmax one longer than the 6 channels of attn_in.
    const std::string longer = damaged(dir, "longer.h5", [](H5::H5File& f) {
        ASSERT_GE(H5Ldelete(f.getId(), "/census/layer_000/attn_in/channel_absmax", H5P_DEFAULT), 0);
        const hsize_t dims[1] = {7};
        const float v[7] = {};
        f.createDataSet("/census/layer_000/attn_in/channel_absmax", H5::PredType::IEEE_F32LE, H5::DataSpace(1, dims))
            .write(v, H5::PredType::NATIVE_FLOAT);
    });
    expect_bad_input([&] { read_census_report(longer); }, longer,
                     "/census/layer_000/attn_in/channel_absmax: expected shape [6], found [7]");

    // Calibration tokens [3, 7] instead of [3, 8].
    const std::string tokens = damaged(dir, "tokens.h5", [](H5::H5File& f) {
        ASSERT_GE(H5Ldelete(f.getId(), "/calibration/tokens", H5P_DEFAULT), 0);
        const hsize_t dims[2] = {3, 7};
        const int32_t v[21] = {};
        f.createDataSet("/calibration/tokens", H5::PredType::STD_I32LE, H5::DataSpace(2, dims)).write(v, H5::PredType::NATIVE_INT32);
    });
    expect_bad_input([&] { read_census_report(tokens); }, tokens, "/calibration/tokens: expected shape [3, 8], found [3, 7]");

    // Strings where numbers belong.
    const std::string typed = damaged(dir, "typed.h5", [](H5::H5File& f) {
        ASSERT_GE(H5Ldelete(f.getId(), "/census/output/lm_head_in/window_median", H5P_DEFAULT), 0);
        H5::StrType t(H5::PredType::C_S1, H5T_VARIABLE);
        const hsize_t dims[1] = {3};
        const char* v[3] = {"a", "b", "c"};
        f.createDataSet("/census/output/lm_head_in/window_median", t, H5::DataSpace(1, dims)).write(v, t);
    });
    expect_bad_input([&] { read_census_report(typed); }, typed, "/census/output/lm_head_in/window_median: expected floating-point");

    const std::string attr = damaged(dir, "attr.h5", [](H5::H5File& f) { f.openGroup("/census/layer_000/o_in").removeAttr("count"); });
    expect_bad_input([&] { read_census_report(attr); }, attr, "/census/layer_000/o_in: attribute 'count' missing");

    const std::string site = damaged(dir, "site.h5", [](H5::H5File& f) {
        ASSERT_GE(H5Ldelete(f.getId(), "/census/layer_001/residual", H5P_DEFAULT), 0);
    });
    expect_bad_input([&] { read_census_report(site); }, site, "/census: 11 sites listed, 10 found");

    const std::string column = damaged(dir, "column.h5", [](H5::H5File& f) {
        ASSERT_GE(H5Ldelete(f.getId(), "/model/linears", H5P_DEFAULT), 0);
        H5::CompType t(sizeof(int32_t));
        t.insertMember("layer", 0, H5::PredType::NATIVE_INT32);
        const hsize_t dims[1] = {1};
        const int32_t v = 0;
        f.createDataSet("/model/linears", t, H5::DataSpace(1, dims)).write(&v, t);
    });
    expect_bad_input([&] { read_census_report(column); }, column, "/model/linears: column 'role' missing");

    // A huge declared shape must be refused before anything is allocated.
    const std::string huge = damaged(dir, "huge.h5", [](H5::H5File& f) {
        H5::Group g = f.openGroup("/census/layer_000/attn_in");
        g.removeAttr("channels");
        const int32_t big = 2000000000;
        g.createAttribute("channels", H5::PredType::STD_I32LE, H5::DataSpace(H5S_SCALAR)).write(H5::PredType::NATIVE_INT32, &big);
        ASSERT_GE(H5Ldelete(f.getId(), "/census/layer_000/attn_in/channel_absmax", H5P_DEFAULT), 0);
        const hsize_t dims[1] = {static_cast<hsize_t>(big)};
        H5::DSetCreatPropList pl;
        const hsize_t chunk[1] = {1024};
        pl.setChunk(1, chunk);
        g.createDataSet("channel_absmax", H5::PredType::IEEE_F32LE, H5::DataSpace(1, dims), pl);  // never written
    });
    expect_bad_input([&] { read_census_report(huge); }, huge, "larger than the file can hold");
}

// Replaces attribute `name` of `o` by a scalar string of type `t` holding `bytes`.
void replace_str_attr(H5::H5Object& o, const std::string& name, const H5::StrType& t, const void* bytes) {
    o.removeAttr(name);
    o.createAttribute(name, t, H5::DataSpace(H5S_SCALAR)).write(t, bytes);
}

H5::StrType fixed_str(size_t width, H5T_str_t pad) {
    H5::StrType t(H5::PredType::C_S1, width);
    t.setStrpad(pad);
    return t;
}

TEST(report_bad_input, VariableLengthStringsAreRefused) {
    TempDir dir;
    const std::string attr = damaged(dir, "vlen-attr.h5", [](H5::H5File& f) {
        H5::Group g = f.openGroup("/meta");
        const char* v = "rotoscope";
        replace_str_attr(g, "tool", H5::StrType(H5::PredType::C_S1, H5T_VARIABLE), &v);
    });
    expect_bad_input([&] { read_census_report(attr); }, attr, "/meta: attribute 'tool': unsupported string type");

    // A table whose path column holds variable-length strings.
    const std::string column = damaged(dir, "vlen-column.h5", [](H5::H5File& f) {
        ASSERT_GE(H5Ldelete(f.getId(), "/model/files", H5P_DEFAULT), 0);
        struct Row {
            const char* path;
            char sha256[4];
            int64_t bytes;
        } row{"/models/tiny.gguf", {'0', '0', 'f', 'f'}, 1234};
        H5::CompType t(sizeof(Row));
        t.insertMember("path", HOFFSET(Row, path), H5::StrType(H5::PredType::C_S1, H5T_VARIABLE));
        t.insertMember("sha256", HOFFSET(Row, sha256), fixed_str(4, H5T_STR_NULLPAD));
        t.insertMember("bytes", HOFFSET(Row, bytes), H5::PredType::NATIVE_INT64);
        const hsize_t dims[1] = {1};
        f.createDataSet("/model/files", t, H5::DataSpace(1, dims)).write(&row, t);
    });
    expect_bad_input([&] { read_census_report(column); }, column, "/model/files: column 'path': unsupported string type");
}

TEST(report_bad_input, OverlongStringsAreRefusedBeforeAllocating) {
    TempDir dir;
    // One cell of 64 KiB + 1 byte: more than any role name, path or dtype needs.
    const std::string wide = damaged(dir, "wide-cell.h5", [](H5::H5File& f) {
        ASSERT_GE(H5Ldelete(f.getId(), "/model/linears", H5P_DEFAULT), 0);
        const size_t w = (64 << 10) + 1;
        H5::CompType t(4 + w + 8 + 8 + 4);
        t.insertMember("layer", 0, H5::PredType::NATIVE_INT32);
        t.insertMember("role", 4, fixed_str(w, H5T_STR_NULLPAD));
        t.insertMember("out", 4 + w, H5::PredType::NATIVE_INT64);
        t.insertMember("in", 12 + w, H5::PredType::NATIVE_INT64);
        t.insertMember("dtype", 20 + w, fixed_str(4, H5T_STR_NULLPAD));
        std::vector<char> row(t.getSize(), 0);
        const hsize_t dims[1] = {1};
        f.createDataSet("/model/linears", t, H5::DataSpace(1, dims)).write(row.data(), t);
    });
    expect_bad_input([&] { read_census_report(wide); }, wide, "/model/linears: column 'role': strings of 65537 bytes, more than the 65536 allowed");
}

TEST(report_file, FixedStringsOfOtherPaddingsRead) {
    TempDir dir;
    const std::string p = damaged(dir, "paddings.h5", [](H5::H5File& f) {
        H5::Group g = f.openGroup("/meta");
        char nullterm[10] = "cuda";  // NUL-terminated, NUL-filled, as C writers leave it
        replace_str_attr(g, "backend", fixed_str(sizeof nullterm, H5T_STR_NULLTERM), nullterm);
        const char spaces[8] = {'9', '.', '8', ' ', ' ', ' ', ' ', ' '};  // Fortran style
        replace_str_attr(g, "tool_version", fixed_str(sizeof spaces, H5T_STR_SPACEPAD), spaces);
    });
    const CensusReport r = read_census_report(p);
    EXPECT_EQ(r.meta.backend, "cuda");
    EXPECT_EQ(r.meta.tool_version, "9.8");
    EXPECT_EQ(r.meta.tool, "rotoscope");
}

TEST(report_bad_input, InconsistentTokenTextOffsets) {
    TempDir dir;
    auto rewrite_offsets = [](std::vector<int64_t> v) {
        return [v](H5::H5File& f) {
            ASSERT_GE(H5Ldelete(f.getId(), "/calibration/token_text_offsets", H5P_DEFAULT), 0);
            const hsize_t dims[1] = {v.size()};
            f.createDataSet("/calibration/token_text_offsets", H5::PredType::STD_I64LE, H5::DataSpace(1, dims))
                .write(v.data(), H5::PredType::NATIVE_INT64);
        };
    };
    // The synthetic report has 3 windows of 8 tokens: 25 offsets.
    std::vector<int64_t> short_end(25, 0);
    const std::string end = damaged(dir, "end.h5", rewrite_offsets(short_end));
    expect_bad_input([&] { read_census_report(end); }, end, "/calibration/token_text_offsets: does not run from 0 to the");

    std::vector<int64_t> backwards(25, 0);
    const CensusReport r = synthetic_report(4);
    int64_t total = 0;
    for (const auto& w : r.census.calibration.windows)
        for (const auto& t : w.texts) total += static_cast<int64_t>(t.size());
    backwards[24] = total;
    backwards[3] = total + 5;  // past the end, so that token 3 runs backwards
    const std::string back = damaged(dir, "backwards.h5", rewrite_offsets(backwards));
    expect_bad_input([&] { read_census_report(back); }, back, "/calibration/token_text_offsets: token 3 spans");

    std::vector<int64_t> wrong_count(24, 0);
    const std::string count = damaged(dir, "count.h5", rewrite_offsets(wrong_count));
    expect_bad_input([&] { read_census_report(count); }, count, "/calibration/token_text_offsets: expected shape [25], found [24]");
}

TEST(report_bad_input, StorageThisWriterNeverUses) {
    TempDir dir;
    auto replace_channel_absmax = [](const H5::DSetCreatPropList& pl) {
        return [pl](H5::H5File& f) {
            ASSERT_GE(H5Ldelete(f.getId(), "/census/layer_000/attn_in/channel_absmax", H5P_DEFAULT), 0);
            const hsize_t dims[1] = {6};
            const float v[6] = {1, 2, 3, 4, 5, 6};
            f.createDataSet("/census/layer_000/attn_in/channel_absmax", H5::PredType::IEEE_F32LE, H5::DataSpace(1, dims), pl)
                .write(v, H5::PredType::NATIVE_FLOAT);
        };
    };
    H5::DSetCreatPropList compact;
    compact.setLayout(H5D_COMPACT);
    const std::string c = damaged(dir, "compact.h5", replace_channel_absmax(compact));
    expect_bad_input([&] { read_census_report(c); }, c, "/census/layer_000/attn_in/channel_absmax: unsupported storage layout");

    H5::DSetCreatPropList checksummed;
    const hsize_t chunk[1] = {6};
    checksummed.setChunk(1, chunk);
    checksummed.setFletcher32();
    const std::string k = damaged(dir, "fletcher.h5", replace_channel_absmax(checksummed));
    expect_bad_input([&] { read_census_report(k); }, k, "/census/layer_000/attn_in/channel_absmax: unsupported filter 3");

    // Chunked and shuffled like the writer's 2-D data, but 1-D and not compressed: still read.
    H5::DSetCreatPropList shuffled;
    shuffled.setChunk(1, chunk);
    shuffled.setShuffle();
    const std::string s = damaged(dir, "shuffled.h5", replace_channel_absmax(shuffled));
    const CensusReport r = read_census_report(s);
    EXPECT_EQ(r.census.sites[0].channel_absmax, (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

TEST(report_bad_input, ImplausibleLayerCount) {
    TempDir dir;
    const std::string p = damaged(dir, "layers.h5", [](H5::H5File& f) {
        H5::Group g = f.openGroup("/census");
        g.removeAttr("n_layers");
        const int32_t v = 70000;
        g.createAttribute("n_layers", H5::PredType::STD_I32LE, H5::DataSpace(H5S_SCALAR)).write(H5::PredType::NATIVE_INT32, &v);
    });
    expect_bad_input([&] { read_census_report(p); }, p, "/census: n_layers = 70000, more than the 65536");
}

// ------------------------------------------------------------------ fuzzing

using testing::FuzzOutcome;

FuzzOutcome read_in_child(const std::string& path) {
    return testing::read_in_child(path, [](const std::string& p) { read_census_report(p); });
}

int env_int(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::atoi(v) : fallback;
}

// Random damage to a valid report: most variants flip 1-8 bytes anywhere in the file, every
// fourth overwrites a run of 16 bytes with noise. Each damaged file must read back or be refused
// with a one-line BadInput; none may crash or hang the reader.
// ROTOSCOPE_FUZZ_VARIANTS=<n> (default 200) and ROTOSCOPE_FUZZ_SEED=<s> widen the search;
// ROTOSCOPE_FUZZ_KEEP=<dir> keeps a copy of every file that crashed or hung the reader;
// ROTOSCOPE_FUZZ_VERBOSE=1 prints what became of each variant.
TEST(report_bad_input, RandomlyDamagedReportsNeverCrash) {
    TempDir dir;
    const std::string good = dir.file("good.h5");
    write_census_report(good, synthetic_report(8));
    const std::string bytes = read_bytes(good);
    ASSERT_GT(bytes.size(), 4096u);
    ASSERT_EQ(read_in_child(good).what, FuzzOutcome::ReadBack) << "the undamaged report must read back";

    const int variants = env_int("ROTOSCOPE_FUZZ_VARIANTS", 200);
    const uint32_t seed = static_cast<uint32_t>(env_int("ROTOSCOPE_FUZZ_SEED", 20261123));
    const char* keep = std::getenv("ROTOSCOPE_FUZZ_KEEP");
    const bool verbose = env_int("ROTOSCOPE_FUZZ_VERBOSE", 0) != 0;
    std::mt19937 rng(seed);
    std::uniform_int_distribution<size_t> at(0, bytes.size() - 1), run_at(0, bytes.size() - 16);
    std::uniform_int_distribution<int> flips(1, 8), nonzero(1, 255);
    int counts[5] = {};
    for (int v = 0; v < variants; ++v) {
        std::string damaged = bytes;
        std::string how;
        if (v % 4 == 3) {
            const size_t p = run_at(rng);
            for (size_t i = 0; i < 16; ++i) damaged[p + i] = static_cast<char>(rng());
            how = "16 bytes overwritten at " + std::to_string(p);
        } else {
            how = "bytes flipped at";
            for (int k = flips(rng); k > 0; --k) {
                const size_t p = at(rng);
                damaged[p] = static_cast<char>(damaged[p] ^ nonzero(rng));
                how += " " + std::to_string(p);
            }
        }
        const std::string path = dir.file("damaged.h5");
        write_bytes(path, damaged);
        const FuzzOutcome out = read_in_child(path);
        ++counts[out.what];
        if (verbose) std::printf("variant %d (%s): %s\n", v, how.c_str(), out.what == FuzzOutcome::ReadBack ? "read back" : out.detail.c_str());
        if (out.what == FuzzOutcome::Crashed || out.what == FuzzOutcome::Hung) {
            if (keep && *keep) fs::copy_file(path, fs::path(keep) / ("crash-" + std::to_string(seed) + "-" + std::to_string(v) + ".h5"),
                                             fs::copy_options::overwrite_existing);
        }
        EXPECT_TRUE(out.what == FuzzOutcome::ReadBack || out.what == FuzzOutcome::Refused)
            << "variant " << v << " (" << how << "): " << (out.what == FuzzOutcome::Crashed ? "crashed, " : out.what == FuzzOutcome::Hung ? "hung, " : "wrong error: ")
            << out.detail;
    }
    std::printf("%d damaged reports: %d read back, %d refused, %d wrong errors, %d crashed, %d hung\n", variants,
                counts[FuzzOutcome::ReadBack], counts[FuzzOutcome::Refused], counts[FuzzOutcome::WrongError],
                counts[FuzzOutcome::Crashed], counts[FuzzOutcome::Hung]);
    // Most of the file is data, but enough damage lands in the structure to exercise the refusals.
    EXPECT_GT(counts[FuzzOutcome::Refused], variants / 50);
}

// ------------------------------------------------------------------ atomic write

TEST(report_write, MissingDirectoryIsBadInputAndLeavesNothing) {
    TempDir dir;
    const std::string path = (dir.path() / "no" / "such" / "report.h5").string();
    expect_bad_input([&] { write_census_report(path, synthetic_report(5)); }, path, "does not exist");
    EXPECT_TRUE(dir_entries(dir.path()).empty());
}

TEST(report_write, UncreatableFileIsBadInput) {
    // Not even root may create files in /proc: HDF5 itself fails to create the file.
    if (!fs::is_directory("/proc")) GTEST_SKIP() << "no /proc";
    const std::string proc = "/proc/rotoscope-report-test.h5";
    expect_bad_input([&] { write_census_report(proc, synthetic_report(5)); }, proc, "cannot write report (");
}

TEST(report_write, ReadOnlyDirectoryIsBadInput) {
    if (::geteuid() == 0) GTEST_SKIP() << "root writes anywhere";
    TempDir dir;
    fs::create_directories(dir.path() / "ro");
    fs::permissions(dir.path() / "ro", fs::perms::owner_read | fs::perms::owner_exec);
    const std::string path = (dir.path() / "ro" / "report.h5").string();
    expect_bad_input([&] { write_census_report(path, synthetic_report(5)); }, path, "cannot write report");
    fs::permissions(dir.path() / "ro", fs::perms::owner_all);
    EXPECT_TRUE(dir_entries(dir.path() / "ro").empty());
}

TEST(report_write, CancelLeavesNoFileAndKeepsTheOldOne) {
    TempDir dir;
    const CensusReport r = synthetic_report(6);
    auto cancelling = [](CancelToken& token) {
        return Progress{[&token](const ProgressStep& step_) { const int64_t done = step_.done;
                            if (done == 3) token.cancel();
                        },
                        &token};
    };
    const std::string path = dir.file("report.h5");
    CancelToken t1;
    try {
        write_census_report(path, r, cancelling(t1));
        FAIL() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
    }
    EXPECT_TRUE(dir_entries(dir.path()).empty());

    write_bytes(path, "the previous report");
    CancelToken t2;
    EXPECT_THROW(write_census_report(path, r, cancelling(t2)), Error);
    EXPECT_EQ(dir_entries(dir.path()), std::vector<std::string>{"report.h5"});
    EXPECT_EQ(read_bytes(path), "the previous report");

    // Without cancelling, the old file is replaced.
    write_census_report(path, r);
    EXPECT_EQ(dir_entries(dir.path()), std::vector<std::string>{"report.h5"});
    EXPECT_EQ(read_census_report(path).census.sites.size(), 11u);
}

TEST(report_write, InconsistentCensusIsRefusedBeforeWriting) {
    TempDir dir;
    CensusReport r = synthetic_report(7);
    r.census.sites[3].channel_rms.pop_back();
    const std::string path = dir.file("report.h5");
    try {
        write_census_report(path, r);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("channel_rms"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(dir_entries(dir.path()).empty());
}

TEST(report_write, OverlongTokenTextIsRefusedBeforeWriting) {
    TempDir dir;
    CensusReport r = synthetic_report(9);
    r.census.calibration.windows[1].texts[2] = std::string((64 << 10) + 1, 'x');
    const std::string path = dir.file("report.h5");
    try {
        write_census_report(path, r);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Runtime);
        EXPECT_NE(std::string(e.what()).find("token text of 65537 bytes"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(dir_entries(dir.path()).empty());
}

TEST(report_write, ThreadsWriteAndReadAtOnce) {
    TempDir dir;
    std::vector<std::thread> threads;
    std::vector<int> ok(4, 0);
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&, i] {
            const CensusReport r = synthetic_report(100 + i);
            const std::string p = dir.file("t" + std::to_string(i) + ".h5");
            for (int k = 0; k < 3; ++k) {
                write_census_report(p, r);
                const CensusReport back = read_census_report(p);
                ok[i] += back.census.sites.size() == 11 && back.census.sites[7].count == r.census.sites[7].count;
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok, (std::vector<int>{3, 3, 3, 3}));
}

}  // namespace
}  // namespace rs
