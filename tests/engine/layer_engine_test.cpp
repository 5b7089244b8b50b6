// The layer-by-layer engine against the whole-model engine, on tiny generated checkpoints.
// Truths: a checkpoint read layer by layer gives exactly the tensors load_model gives; all windows
// through layer i before layer i+1 give exactly the hidden states of one window through every
// layer; fused and quantized layer sources give exactly the bits of fuse_rotations and
// quantize_weights_rtn; the census is identical; the evaluation with the vocabulary in slices
// agrees with the cached-logit evaluation to rounding (and gives KL exactly 0 for the model
// against itself); released layers give their file pages back; bad checkpoints fail in one line
// with no report written.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "calib/calibration.h"
#include "calib/census.h"
#include "core/error.h"
#include "eval/layer_major_compare.h"
#include "eval/logit_compare.h"
#include "model/checkpoint.h"
#include "model/layer_source.h"
#include "model/loader.h"
#include "model/roles.h"
#include "quant/act_quant.h"
#include "quant/format.h"
#include "quant/quantized_layers.h"
#include "quant/rtn.h"
#include "rotate/fuse.h"
#include "rotate/fused_layers.h"
#include "rotate/rotation.h"
#include "runtime/forward.h"
#include "runtime/layer_major.h"
#include "support/model_files.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"
#include "support/tiny_gguf.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

namespace fs = std::filesystem;

bool same(const MatrixRM& a, const MatrixRM& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() && (a.size() == 0 || std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0);
}
bool same(const VectorF& a, const VectorF& b) {
    return a.size() == b.size() && (a.size() == 0 || std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0);
}

void expect_same_layer(const Layer& a, const Layer& b, const std::string& what) {
    for (const RoleTraits& r : kLayerRoles) {
        EXPECT_TRUE(same((a.*r.linear).w, (b.*r.linear).w)) << what << " " << r.name;
        EXPECT_TRUE(same((a.*r.linear).b, (b.*r.linear).b)) << what << " " << r.name << " bias";
    }
    EXPECT_TRUE(same(a.attn_norm, b.attn_norm)) << what;
    EXPECT_TRUE(same(a.ffn_norm, b.ffn_norm)) << what;
    EXPECT_TRUE(same(a.q_norm, b.q_norm)) << what;
    EXPECT_TRUE(same(a.k_norm, b.k_norm)) << what;
}

std::vector<int32_t> random_tokens(int n, int vocab, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<int32_t> t(static_cast<size_t>(n));
    for (auto& x : t) x = static_cast<int32_t>(rng() % static_cast<uint32_t>(vocab));
    return t;
}

RotationSpec spec_of(const std::string& text) { return parse_rotation(text); }

FusePlan plan_of(const std::string& kind, bool r3 = true) {
    FusePlan p;
    p.r1 = p.r2 = p.r4 = spec_of(kind);
    p.r1_on = p.r2_on = p.r4_on = true;
    if (r3) {
        p.r3 = spec_of("hadamard");
        p.r3_on = true;
    }
    return p;
}

// d_model 64, head_dim 16, d_ff 128: orders every Hadamard kind has.
ModelConfig layer_config(Arch arch) {
    ModelConfig c = testing::tiny_config(arch);
    c.d_model = 64;
    c.n_heads = 4;
    c.n_kv_heads = 2;
    c.head_dim = 16;
    c.d_ff = 128;
    c.n_layers = 3;
    c.n_vocab = 300;
    return c;
}

class LayerEngineTest : public ::testing::Test {
protected:
    testing::TempDir dir_{"rs-layer-engine"};
};

// Every checkpoint format and architecture: the lazily read pieces are load_model's bits.
TEST_F(LayerEngineTest, a_checkpoint_read_layer_by_layer_gives_load_models_tensors) {
    struct Case {
        Arch arch;
        std::string file;
        bool tied;
    };
    const Case cases[] = {{Arch::Llama, "llama.gguf", true},
                          {Arch::Llama, "llama-hf", false},
                          {Arch::Qwen2, "qwen2-hf", false},
                          {Arch::Qwen3, "qwen3-hf", true}};
    for (const Case& k : cases) {
        ModelConfig c = layer_config(k.arch);
        c.tied_embeddings = k.tied;
        const Model m = testing::random_model(c, 5);
        const std::string path = dir_.file(k.file);
        if (k.file.ends_with(".gguf")) testing::write_model_gguf(m, "llama", path);
        else testing::write_model_hf(m, k.arch == Arch::Qwen3 ? "Qwen3ForCausalLM" : k.arch == Arch::Qwen2 ? "Qwen2ForCausalLM" : "LlamaForCausalLM", path, 3);
        const Model loaded = load_model(path);
        const std::unique_ptr<Checkpoint> ck = Checkpoint::open(path);
        for (int l = c.n_layers - 1; l >= 0; --l) {  // out of order: nothing depends on reading in order
            Layer L;
            ck->read_layer(l, L);
            expect_same_layer(L, loaded.layers[static_cast<size_t>(l)], k.file + " layer " + std::to_string(l));
            ck->release_layer(l);
        }
        const std::vector<int32_t> tokens = {0, 7, c.n_vocab - 1, 7};
        MatrixRM rows;
        ck->embedding_rows(tokens, rows);
        for (size_t i = 0; i < tokens.size(); ++i)
            EXPECT_TRUE(same(MatrixRM(rows.row(static_cast<int64_t>(i))), MatrixRM(loaded.tok_embd.row(tokens[i])))) << k.file;
        MatrixRM head;
        ck->head_rows(64, 100, head);
        EXPECT_TRUE(same(head, MatrixRM(loaded.lm_head.w.middleRows(64, 100)))) << k.file;
        EXPECT_THROW(ck->embedding_rows(std::vector<int32_t>{c.n_vocab}, rows), Error) << k.file;
    }
}

// Layer-major: every window through layer i before layer i+1, bit-identical to window-major.
TEST_F(LayerEngineTest, all_windows_layer_by_layer_equal_each_window_through_all_layers) {
    const Model m = testing::random_model(layer_config(Arch::Qwen3), 9);
    const Model rotated = fuse_rotations(m, plan_of("rhadamard:seed=3"));  // online R3/R4 too
    const auto backend = make_cpu_backend();
    const std::vector<int32_t> tokens = random_tokens(3 * 40, m.cfg.n_vocab, 1);
    for (const Model* model : {&m, &rotated}) {
        std::vector<std::span<const int32_t>> windows;
        for (int w = 0; w < 3; ++w) windows.emplace_back(tokens.data() + w * 40, 40);
        const std::unique_ptr<LayerSource> src = model_layers(*model);
        LayerMajorForward lm(*src, *backend);
        std::vector<MatrixRM> got;
        lm.run(windows, got, {}, Stage::Evaluating);
        Forward f(*model, *backend);
        for (int w = 0; w < 3; ++w) {
            MatrixRM want;
            f.hidden(windows[static_cast<size_t>(w)], nullptr, want);
            EXPECT_TRUE(same(got[static_cast<size_t>(w)], want)) << "window " << w;
        }
    }
}

// The fusing and quantizing sources give the whole-model functions' bits, layer by layer.
TEST_F(LayerEngineTest, fused_and_quantized_layers_equal_the_whole_model_steps) {
    const Model m = testing::random_model(layer_config(Arch::Llama), 4);
    for (const std::string kind : {"rhadamard:seed=2", "block16", "orthogonal:seed=5"}) {
        const FusePlan plan = plan_of(kind);
        const Model fused = fuse_rotations(m, plan);
        const std::unique_ptr<LayerSource> base = model_layers(m);
        FuseReport report;
        const std::unique_ptr<LayerSource> f = fused_layers(*base, plan, &report);
        EXPECT_EQ(report.r1_order, m.cfg.d_model);
        EXPECT_TRUE(f->online().r3.has_value() && f->online().r4.has_value());
        for (int l = 0; l < m.cfg.n_layers; ++l) {
            expect_same_layer(f->layer(l), fused.layers[static_cast<size_t>(l)], kind + " layer " + std::to_string(l));
            f->release(l);
        }
        const std::vector<int32_t> tokens = {3, 1, 299};
        MatrixRM rows;
        f->embedding_rows(tokens, rows);
        for (size_t i = 0; i < tokens.size(); ++i)
            EXPECT_TRUE(same(MatrixRM(rows.row(static_cast<int64_t>(i))), MatrixRM(fused.tok_embd.row(tokens[i])))) << kind;
        MatrixRM head;
        f->head_rows(128, 172, head);
        EXPECT_TRUE(same(head, MatrixRM(fused.lm_head.w.middleRows(128, 172)))) << kind;
        EXPECT_TRUE(same(f->out_norm(), fused.out_norm)) << kind;

        for (const std::string format : {"int4:g32", "nvfp4", "int8:tensor"}) {
            const quant::FormatSpec spec = quant::parse_format_spec(format);
            WeightQuantReport whole_report, layer_report;
            const Model q = quantize_weights_rtn(fused, spec, false, {}, &whole_report);
            const std::unique_ptr<LayerSource> qs = rtn_quantized_layers(*f, spec, false, &layer_report);
            for (int l = 0; l < m.cfg.n_layers; ++l) {
                expect_same_layer(qs->layer(l), q.layers[static_cast<size_t>(l)], kind + " " + format + " layer " + std::to_string(l));
                qs->release(l);
            }
            ASSERT_EQ(layer_report.linears.size(), whole_report.linears.size());
            for (size_t i = 0; i < whole_report.linears.size(); ++i)
                EXPECT_EQ(layer_report.linears[i].rel_error, whole_report.linears[i].rel_error) << format << " linear " << i;
        }
    }
    // A head quantized by rows needs row-local scales.
    const std::unique_ptr<LayerSource> base = model_layers(m);
    EXPECT_THROW(rtn_quantized_layers(*base, quant::parse_format_spec("nvfp4"), true), Error);
    MatrixRM head, whole;
    const std::unique_ptr<LayerSource> qh = rtn_quantized_layers(*base, quant::parse_format_spec("int4:g32"), true);
    qh->head_rows(0, m.cfg.n_vocab, head);
    const Model q = quantize_weights_rtn(m, quant::parse_format_spec("int4:g32"), true);
    EXPECT_TRUE(same(head, q.lm_head.w));
}

void expect_same_census(const Census& a, const Census& b) {
    ASSERT_EQ(a.sites.size(), b.sites.size());
    for (size_t i = 0; i < a.sites.size(); ++i) {
        const SiteCensus &x = a.sites[i], &y = b.sites[i];
        EXPECT_EQ(x.count, y.count) << i;
        EXPECT_EQ(x.channel_absmax, y.channel_absmax) << i;
        EXPECT_EQ(x.channel_mean, y.channel_mean) << i;
        EXPECT_EQ(x.channel_rms, y.channel_rms) << i;
        EXPECT_EQ(x.channel_kurtosis, y.channel_kurtosis) << i;
        EXPECT_EQ(x.token_absmax, y.token_absmax) << i;
        EXPECT_EQ(x.window_top, y.window_top) << i;
        EXPECT_EQ(x.median, y.median) << i;
        EXPECT_EQ(x.massive_count, y.massive_count) << i;
        EXPECT_EQ(x.top.size(), y.top.size()) << i;
        EXPECT_TRUE(same(x.captured, y.captured)) << i;
    }
}

TEST_F(LayerEngineTest, the_census_layer_by_layer_is_the_census_window_by_window) {
    const Model m = testing::random_model(layer_config(Arch::Qwen2), 12);
    const auto backend = make_cpu_backend();
    CalibrationSet set;
    set.ctx = 24;
    for (int w = 0; w < 4; ++w) {
        CalibrationWindow cw;
        cw.offset = w * 24;
        cw.tokens = random_tokens(24, m.cfg.n_vocab, 100 + w);
        cw.texts.assign(24, "x");
        set.windows.push_back(std::move(cw));
    }
    CensusConfig cc;
    cc.windows = 4;
    cc.ctx = 24;
    cc.capture_tokens = 8;
    cc.capture_window = 2;
    Forward f(m, *backend);
    const Census want = run_census(f, set, cc);
    const std::unique_ptr<LayerSource> src = model_layers(m);
    const Census got = run_census_layer_major(*src, *backend, set, cc);
    expect_same_census(got, want);
}

// Slicing the vocabulary changes only rounding: a logit formed against a slice of the head may
// round differently, and perplexity()'s NLL subtracts the row maximum in fp32 where the online
// log-sum-exp subtracts a running maximum in double (about 2e-8 relative on this random model,
// whose logits are in the hundreds). The same windows, PPL and KL to 1e-7, the same top-1
// agreement; the model against itself has KL exactly 0.
TEST_F(LayerEngineTest, evaluation_with_the_vocabulary_in_slices_matches_the_cached_logits) {
    ModelConfig c = layer_config(Arch::Llama);
    c.n_vocab = int(kVocabSliceRows) + 700;  // two slices, targets in both
    const Model m = testing::random_model(c, 21);
    const Model fused = fuse_rotations(m, plan_of("rhadamard:seed=1"));
    const Model q = quantize_weights_rtn(fused, quant::parse_format_spec("int4:g32"));
    const auto backend = make_cpu_backend();
    std::vector<int32_t> tokens = random_tokens(3 * 32, c.n_vocab, 77);
    const CompareOptions options{32, 3};

    Forward ref(m, *backend);
    const ReferenceLogits cached = compute_reference_logits(ref, tokens, options);
    const std::unique_ptr<LayerSource> ref_src = model_layers(m);
    const ReferenceStates states = compute_reference_states(*ref_src, *backend, tokens, options);
    EXPECT_NEAR(states.ppl.full, cached.ppl.full, 1e-7 * cached.ppl.full);
    EXPECT_NEAR(states.ppl.llamacpp, cached.ppl.llamacpp, 1e-7 * cached.ppl.llamacpp);

    ActQuantConfig aq;
    aq.activations = quant::parse_format_spec("int8");
    FakeQuantActivations transform(c, aq);
    Forward cand(q, *backend);
    cand.set_activation_transform(&transform);
    const LogitComparison want = compare_to_reference(cached, cand, tokens);
    const std::unique_ptr<LayerSource> base = model_layers(m);
    const std::unique_ptr<LayerSource> f = fused_layers(*base, plan_of("rhadamard:seed=1"));
    const std::unique_ptr<LayerSource> qs = rtn_quantized_layers(*f, quant::parse_format_spec("int4:g32"), false);
    const LogitComparison got = compare_layer_major(states, *ref_src, *qs, *backend, &transform);
    EXPECT_EQ(got.scored_tokens, want.scored_tokens);
    EXPECT_EQ(got.windows, want.windows);
    EXPECT_NEAR(got.candidate.full, want.candidate.full, 1e-7 * want.candidate.full);
    EXPECT_NEAR(got.kl.mean, want.kl.mean, 1e-7 * want.kl.mean + 1e-12);
    EXPECT_NEAR(got.kl.p99, want.kl.p99, 1e-7 * want.kl.p99 + 1e-12);
    EXPECT_NEAR(got.kl.max, want.kl.max, 1e-7 * want.kl.max + 1e-12);
    EXPECT_EQ(got.top1_agreement, want.top1_agreement);
    EXPECT_GT(got.kl.mean, 0.0);

    const std::unique_ptr<LayerSource> same_model = model_layers(m);
    const LogitComparison self = compare_layer_major(states, *ref_src, *same_model, *backend, nullptr);
    EXPECT_EQ(self.kl.max, 0.0);
    EXPECT_EQ(self.top1_agreement, 1.0);
    EXPECT_EQ(self.candidate.full, states.ppl.full);
}

long rss_file_kb() {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("RssFile:", 0) == 0) return std::stol(line.substr(8));
    return -1;
}

// A layer's file pages count towards the process's memory while it is read, and stop counting
// once it is released.
TEST_F(LayerEngineTest, a_released_layer_gives_its_file_pages_back) {
    ModelConfig c = layer_config(Arch::Llama);
    c.d_model = 256;
    c.head_dim = 64;
    c.d_ff = 8192;  // gate, up and down: 8 MiB each in f32
    c.n_layers = 2;
    const Model m = testing::random_model(c, 3);
    const std::string path = dir_.file("big-hf");
    testing::write_model_hf(m, "LlamaForCausalLM", path, 1);
    const std::unique_ptr<Checkpoint> ck = Checkpoint::open(path);
    const long before = rss_file_kb();
    ASSERT_GE(before, 0);
    Layer L;
    ck->read_layer(1, L);
    const long read = rss_file_kb();
    EXPECT_GT(read - before, 20 * 1024) << "reading a 26 MiB layer maps its pages";
    ck->release_layer(1);
    const long released = rss_file_kb();
    EXPECT_LT(released - before, 4 * 1024) << "before " << before << " KiB, read " << read << ", released " << released;
}

// ------------------------------------------------------------------ the CLI on both engines

class LayerEngineCliTest : public LayerEngineTest {
protected:
    void SetUp() override {
        model_ = dir_.file("tiny.gguf");
        testing::write_tiny_gguf(model_, layer_config(Arch::Llama), 11);
        corpus_ = dir_.file("corpus.txt");
        testing::write_tiny_corpus(corpus_);
    }
    nlohmann::json quantize(const std::string& engine, const std::vector<std::string>& formats = {"--w", "int4:g32", "--a", "int8"}) {
        std::vector<std::string> args{"quantize", model_, "--text-file", corpus_, "--ctx", "48", "--windows", "3", "--probe-tokens",
                                      "0", "--rotation", "rhadamard:seed=4", "--engine", engine, "--json"};
        args.insert(args.end(), formats.begin(), formats.end());
        const auto r = testing::run_cli(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return nlohmann::json::parse(r.out);
    }
    std::string model_, corpus_;
};

TEST_F(LayerEngineCliTest, quantize_gives_the_same_numbers_on_both_engines) {
    const nlohmann::json a = quantize("model"), b = quantize("layers");
    for (const char* key : {"ppl_full", "ppl_llamacpp"}) EXPECT_NEAR(b[key].get<double>(), a[key].get<double>(), 1e-7 * a[key].get<double>()) << key;
    EXPECT_NEAR(b["kl"]["mean"].get<double>(), a["kl"]["mean"].get<double>(), 1e-7 * a["kl"]["mean"].get<double>());
    EXPECT_EQ(b["top1"], a["top1"]);
    EXPECT_NEAR(b["reference"]["ppl_full"].get<double>(), a["reference"]["ppl_full"].get<double>(), 1e-7 * a["reference"]["ppl_full"].get<double>());
}

TEST_F(LayerEngineCliTest, static_activation_ranges_are_the_same_on_both_engines) {
    // The ranges come from calibration windows through each engine's candidate; equal ranges
    // give equal numbers, and a different calibration set gives different ones.
    const std::vector<std::string> formats{"--w", "nvfp4", "--a", "nvfp4:static", "--calib-corpus", corpus_,
                                           "--calib-windows", "2", "--calib-ctx", "40"};
    const nlohmann::json a = quantize("model", formats), b = quantize("layers", formats);
    EXPECT_NEAR(b["ppl_full"].get<double>(), a["ppl_full"].get<double>(), 1e-7 * a["ppl_full"].get<double>());
    EXPECT_NEAR(b["kl"]["mean"].get<double>(), a["kl"]["mean"].get<double>(), 1e-7 * a["kl"]["mean"].get<double>());
    std::vector<std::string> other = formats;
    other.back() = "24";
    EXPECT_NE(quantize("model", other)["kl"]["mean"], a["kl"]["mean"]);
}

TEST_F(LayerEngineCliTest, the_report_stores_the_engine_and_compare_runs_it_again) {
    const std::string out = dir_.file("run.h5");
    auto r = testing::run_cli({"quantize", model_, "--text-file", corpus_, "--ctx", "48", "--windows", "2", "--rotation", "hadamard",
                               "--w", "int4:g32", "--engine", "layers", "-o", out, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("probe_tokens set to 0"), std::string::npos) << r.err;
    const nlohmann::json first = nlohmann::json::parse(r.out);
    r = testing::run_cli({"compare", out, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json again = nlohmann::json::parse(r.out);
    EXPECT_EQ(again["runs"][0]["ppl_full"], first["ppl_full"]);
    EXPECT_EQ(again["runs"][0]["kl"]["mean"], first["kl"]["mean"]);
    // What the layer engine does not have is refused before anything runs.
    r = testing::run_cli({"quantize", model_, "--text-file", corpus_, "--ctx", "48", "--smooth-alpha", "0.5", "--engine", "layers"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("smoothing is not available"), std::string::npos) << r.err;
    r = testing::run_cli({"quantize", model_, "--text-file", corpus_, "--ctx", "48", "--probe-tokens", "8", "--engine", "layers"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("probe"), std::string::npos) << r.err;
}

TEST_F(LayerEngineCliTest, analyze_gives_the_same_census_on_both_engines) {
    auto run = [&](const std::string& engine) {
        const auto r = testing::run_cli({"analyze", model_, "--text-file", corpus_, "--ctx", "32", "--windows", "3", "--rotation",
                                         "block16", "--engine", engine, "--json"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        nlohmann::json j = nlohmann::json::parse(r.out);
        j.erase("seconds");
        return j;
    };
    EXPECT_EQ(run("layers"), run("model"));
}

// Bad checkpoints on the layer engine: one line naming the file and the problem, exit code 2,
// no report left behind. A NaN is found only when its layer is read (late in the run); the rest
// when the checkpoint is opened.
TEST_F(LayerEngineCliTest, bad_checkpoints_fail_in_one_line_with_no_report) {
    const Model m = testing::random_model(layer_config(Arch::Llama), 8);
    struct Case {
        std::string name, expect;
        std::function<void(const fs::path&)> damage;
    };
    const std::vector<Case> cases = {
        {"missing-layer-tensor", "missing tensor 'model.layers.2.mlp.down_proj.weight'",
         [&](const fs::path& d) {
             Model broken = m;
             broken.layers[2].down.w.resize(0, 0);  // write_model_hf skips empty tensors
             testing::write_model_hf(broken, "LlamaForCausalLM", d, 3);
         }},
        {"nan-in-the-last-layer", "tensor 'blk.2.ffn_up.weight' contains NaN",
         [&](const fs::path& d) {  // a GGUF with a tokenizer: this one is found mid-run
             Model broken = m;
             broken.layers[2].up.w(3, 5) = std::nanf("");
             testing::write_model_gguf(broken, "llama", d.string(), [](GgufWriter& w) { testing::add_tiny_byte_bpe_tokenizer(w, false); });
         }},
        {"truncated-last-shard", "model-00003-of-00003.safetensors",
         [&](const fs::path& d) {
             testing::write_model_hf(m, "LlamaForCausalLM", d, 3);
             const fs::path last = d / "model-00003-of-00003.safetensors";
             fs::resize_file(last, fs::file_size(last) - 1000);
         }},
        {"index-names-a-missing-shard", "model-00004-of-00003.safetensors",
         [&](const fs::path& d) {
             testing::write_model_hf(m, "LlamaForCausalLM", d, 3);
             std::ifstream in(d / "model.safetensors.index.json");
             nlohmann::json idx = nlohmann::json::parse(in);
             idx["weight_map"]["model.layers.2.mlp.up_proj.weight"] = "model-00004-of-00003.safetensors";
             std::ofstream(d / "model.safetensors.index.json") << idx.dump();
         }},
        {"index-puts-a-tensor-in-the-wrong-shard", "model.layers.1.self_attn.q_proj.weight",
         [&](const fs::path& d) {
             testing::write_model_hf(m, "LlamaForCausalLM", d, 3);
             std::ifstream in(d / "model.safetensors.index.json");
             nlohmann::json idx = nlohmann::json::parse(in);
             std::string& shard = idx["weight_map"]["model.layers.1.self_attn.q_proj.weight"].get_ref<std::string&>();
             shard = shard == "model-00001-of-00003.safetensors" ? "model-00002-of-00003.safetensors" : "model-00001-of-00003.safetensors";
             std::ofstream(d / "model.safetensors.index.json") << idx.dump();
         }},
    };
    for (const Case& k : cases) {
        const fs::path d = dir_.path() / k.name;
        k.damage(d);
        const std::string out = dir_.file(k.name + ".h5");
        const auto r = testing::run_cli({"quantize", d.string(), "--text-file", corpus_, "--ctx", "32", "--windows", "1",
                                         "--probe-tokens", "0", "--engine", "layers", "-o", out});
        EXPECT_EQ(r.exit_code, 2) << k.name << ": " << r.err;
        EXPECT_NE(r.err.find(k.expect), std::string::npos) << k.name << ": " << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << k.name << ": " << r.err;
        EXPECT_FALSE(fs::exists(out)) << k.name;
    }
}

}  // namespace
}  // namespace rs
