// Sequential GPTQ on tiny generated models, against a plain implementation written from the
// definition: for each layer and each linear input in forward order, run the whole model (the
// earlier linears already quantized) with a capture hook at that input, solve the linears that
// read it, put them in, go on. The layer source must give the same bits, with and without true
// sequential, on a rotated model with online R3/R4; both engines run it; cancel works mid-layer;
// bad recipes and inputs fail in one line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "backend/backend.h"
#include "calib/hessian.h"
#include "core/error.h"
#include "model/layer_source.h"
#include "model/roles.h"
#include "quant/gptq_layers.h"
#include "rotate/fuse.h"
#include "rotate/rotation.h"
#include "runtime/forward.h"
#include "support/model_files.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"
#include "support/tiny_gguf.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

ModelConfig config() {
    ModelConfig c = testing::tiny_config(Arch::Llama);
    c.d_model = 64;
    c.n_heads = 4;
    c.n_kv_heads = 2;
    c.head_dim = 16;
    c.d_ff = 128;
    c.n_layers = 3;
    c.n_vocab = 300;
    return c;
}

std::vector<std::vector<int32_t>> windows(int n, int len, int vocab, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<std::vector<int32_t>> out(static_cast<size_t>(n));
    for (auto& w : out)
        for (int t = 0; t < len; ++t) w.push_back(static_cast<int32_t>(rng() % static_cast<uint32_t>(vocab)));
    return out;
}

// Accumulates the Hessians of the chosen inputs of one layer.
class HessianHook final : public CaptureHook {
public:
    HessianHook(const ModelConfig& c, int layer) : layer_(layer) {
        for (const LinearInputTraits& t : kLayerInputs) acc_.emplace_back(t.width(c));
    }
    void on_linear_input(int layer, LinearInput site, const MatrixRM& x) override {
        if (layer == layer_ && site != LinearInput::LmHead) acc_[static_cast<size_t>(site)].add(x);
    }
    HessianAccumulator& at(LinearInput s) { return acc_[static_cast<size_t>(s)]; }

private:
    int layer_;
    std::vector<HessianAccumulator> acc_;
};

void capture(const Model& m, Backend& backend, const std::vector<std::vector<int32_t>>& wins, HessianHook& hook) {
    Forward f(m, backend);
    f.set_hook(&hook);
    MatrixRM out;
    for (const auto& w : wins) f.hidden(w, nullptr, out);
}

// The definition, with whole-model forward passes.
Model reference_gptq(const Model& model, Backend& backend, const GptqRun& run) {
    Model cur = model;
    for (int l = 0; l < model.cfg.n_layers; ++l) {
        std::optional<HessianHook> layerwise;
        if (!run.options.true_sequential) {
            layerwise.emplace(model.cfg, l);
            capture(cur, backend, run.windows, *layerwise);
        }
        for (const LinearInputTraits& in : kLayerInputs) {
            HessianHook hook(model.cfg, l);
            if (run.options.true_sequential) capture(cur, backend, run.windows, hook);
            HessianHook& h = run.options.true_sequential ? hook : *layerwise;
            const MatrixD hess = h.at(in.input).hessian();
            for (const RoleTraits& r : kLayerRoles)
                if (r.input == in.input) {
                    MatrixRM& w = (cur.layers[static_cast<size_t>(l)].*r.linear).w;
                    w = gptq_quantize(w, hess, run.spec, run.options, "reference").q;
                }
        }
    }
    return cur;
}

Model collect(LayerSource& src, const Model& like) {
    Model out = like;
    for (int l = 0; l < like.cfg.n_layers; ++l) {
        out.layers[static_cast<size_t>(l)] = src.layer(l);
        src.release(l);
    }
    return out;
}

bool same(const MatrixRM& a, const MatrixRM& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() && std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

class GptqSequentialTest : public ::testing::TestWithParam<bool> {};

TEST_P(GptqSequentialTest, layer_source_equals_the_definition_on_a_rotated_model) {
    const bool true_sequential = GetParam();
    const Model base = testing::random_model(config(), 5);
    FusePlan plan;
    plan.r1 = plan.r2 = plan.r4 = parse_rotation("rhadamard:seed=3");
    plan.r1_on = plan.r2_on = plan.r4_on = true;
    plan.r3 = parse_rotation("hadamard");
    plan.r3_on = true;
    const Model rotated = fuse_rotations(base, plan);
    ASSERT_TRUE(rotated.online.r4.has_value());
    const std::unique_ptr<Backend> backend = make_cpu_backend();
    GptqRun run{quant::parse_format_spec("int4:g16"), GptqOptions{}, windows(3, 20, 300, 9)};
    run.options.true_sequential = true_sequential;

    const Model ref = reference_gptq(rotated, *backend, run);
    WeightQuantReport report;
    const std::unique_ptr<LayerSource> layers = model_layers(rotated);
    const std::unique_ptr<LayerSource> q = gptq_quantized_layers(*layers, *backend, run, {}, &report);
    const Model got = collect(*q, rotated);
    for (int l = 0; l < 3; ++l)
        for (const RoleTraits& r : kLayerRoles)
            EXPECT_TRUE(same((got.layers[static_cast<size_t>(l)].*r.linear).w, (ref.layers[static_cast<size_t>(l)].*r.linear).w))
                << "layer " << l << " " << r.name;
    // Every linear reported, each with a proxy loss below RTN's.
    ASSERT_EQ(report.linears.size(), 21u);
    for (const LinearQuantError& e : report.linears) {
        EXPECT_LT(e.proxy_loss, e.proxy_loss_rtn) << e.layer << " " << e.role_name;
        EXPECT_GT(e.proxy_loss, 0.0);
    }
}

INSTANTIATE_TEST_SUITE_P(Gptq, GptqSequentialTest, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "true_sequential" : "layerwise_hessians"; });

TEST(GptqSequential, cancel_stops_mid_layer) {
    const Model m = testing::random_model(config(), 6);
    const std::unique_ptr<Backend> backend = make_cpu_backend();
    CancelToken token;
    std::vector<std::string> items;
    Progress progress{[&](const ProgressStep& s) {
                          if (s.stage != Stage::Gptq) return;
                          items.emplace_back(s.item);
                          if (s.item == "layer 1 o") token.cancel();
                      },
                      &token};
    const std::unique_ptr<LayerSource> layers = model_layers(m);
    const std::unique_ptr<LayerSource> q =
        gptq_quantized_layers(*layers, *backend, GptqRun{quant::parse_format_spec("int4"), {}, windows(2, 16, 300, 1)}, progress);
    q->layer(0);
    q->release(0);
    try {
        q->layer(1);
        FAIL() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
    }
    ASSERT_GE(items.size(), 6u);
    EXPECT_EQ(items[0], "layer 0 qkv");
    EXPECT_EQ(items.back(), "layer 1 o");
}

TEST(GptqSequential, a_nan_activation_is_refused_naming_the_layer) {
    Model m = testing::random_model(config(), 7);
    m.layers[1].ffn_norm[3] = std::numeric_limits<float>::quiet_NaN();  // gate/up's input channel 3 is NaN
    const std::unique_ptr<Backend> backend = make_cpu_backend();
    const std::unique_ptr<LayerSource> layers = model_layers(m);
    const std::unique_ptr<LayerSource> q =
        gptq_quantized_layers(*layers, *backend, GptqRun{quant::parse_format_spec("int4"), {}, windows(2, 16, 300, 2)}, {});
    q->layer(0);
    q->release(0);
    try {
        q->layer(1);
        FAIL() << "a non-finite Hessian went through";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        const std::string what = e.what();
        EXPECT_NE(what.find("layer 1 gate_proj"), std::string::npos) << what;
        EXPECT_NE(what.find("non-finite"), std::string::npos) << what;
    }
}

// ------------------------------------------------------------------ the CLI

class GptqCliTest : public ::testing::Test {
protected:
    void SetUp() override {
        model_ = dir_.file("tiny.gguf");
        testing::write_tiny_gguf(model_, config(), 11);
        corpus_ = dir_.file("corpus.txt");
        testing::write_tiny_corpus(corpus_);
    }
    // Calibration on the corpus, 3 windows of 40 tokens, unless `extra` says otherwise.
    testing::CliResult quantize(std::vector<std::string> extra) {
        std::vector<std::string> args{"quantize", model_, "--text-file", corpus_, "--ctx", "48", "--windows", "2", "--probe-tokens",
                                      "0", "--calib-windows", "3", "--method", "gptq", "--json"};
        auto given = [&](const char* flag) { return std::find(extra.begin(), extra.end(), flag) != extra.end(); };
        if (!given("--calib-corpus")) args.insert(args.end(), {"--calib-corpus", corpus_});
        if (!given("--calib-ctx")) args.insert(args.end(), {"--calib-ctx", "40"});
        args.insert(args.end(), extra.begin(), extra.end());
        return testing::run_cli(args);
    }
    testing::TempDir dir_{"rs-gptq-cli"};
    std::string model_, corpus_;
};

TEST_F(GptqCliTest, both_engines_give_the_same_numbers_and_the_report_runs_again) {
    const std::string out = dir_.file("run.h5");
    const auto a = quantize({"--rotation", "rhadamard:seed=2", "--w", "mxfp4", "--a", "int8", "--engine", "model", "-o", out});
    ASSERT_EQ(a.exit_code, 0) << a.err;
    const auto b = quantize({"--rotation", "rhadamard:seed=2", "--w", "mxfp4", "--a", "int8", "--engine", "layers"});
    ASSERT_EQ(b.exit_code, 0) << b.err;
    const nlohmann::json ja = nlohmann::json::parse(a.out), jb = nlohmann::json::parse(b.out);
    EXPECT_NEAR(jb["ppl_full"].get<double>(), ja["ppl_full"].get<double>(), 1e-7 * ja["ppl_full"].get<double>());
    EXPECT_EQ(jb["gptq"]["proxy_loss"], ja["gptq"]["proxy_loss"]);
    EXPECT_EQ(ja["gptq"]["linears"], 21);
    EXPECT_EQ(ja["gptq"]["linears_below_rtn"], 21);
    EXPECT_EQ(ja["recipe"]["method"], "gptq");
    // The report keeps the method, its options and the calibration set: compare reruns it.
    const auto again = testing::run_cli({"compare", out, "--json"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    const nlohmann::json jr = nlohmann::json::parse(again.out);
    EXPECT_EQ(jr["runs"][0]["ppl_full"], ja["ppl_full"]);
    EXPECT_EQ(jr["runs"][0]["gptq"]["proxy_loss"], ja["gptq"]["proxy_loss"]);
    const auto rep = testing::run_cli({"report", out, "--json"});
    ASSERT_EQ(rep.exit_code, 0) << rep.err;
    EXPECT_EQ(nlohmann::json::parse(rep.out)["runs"][0]["gptq"]["proxy_loss"], ja["gptq"]["proxy_loss"]);
}

TEST_F(GptqCliTest, bad_settings_fail_in_one_line_with_no_report) {
    const std::string out = dir_.file("bad.h5");
    struct Case {
        std::vector<std::string> args;
        std::string expect;
    };
    const std::vector<Case> cases = {
        {{"--w", "int4", "--lm-head"}, "GPTQ does not quantize the LM head"},
        {{"--w", "mxfp4", "--act-order"}, "act-order needs static groups"},
        {{"--w", "int4:g48"}, "not a multiple of its group 48"},
        {{"--a", "int4"}, "no weight format"},
        {{"--w", "int4", "--calib-ctx", "100000"}, "exceeds the model's context"},
        {{"--w", "int4", "--calib-ctx", "200", "--calib-corpus", "short.txt"}, "short.txt"},
    };
    std::ofstream(dir_.file("short.txt"), std::ios::binary) << "too short";
    for (const Case& c : cases) {
        std::vector<std::string> args = c.args;
        for (auto& a : args)
            if (a == "short.txt") a = dir_.file("short.txt");
        args.push_back("-o");
        args.push_back(out);
        const auto r = quantize(args);
        EXPECT_EQ(r.exit_code, 2) << c.expect << "\n" << r.err;
        EXPECT_NE(r.err.find(c.expect), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_FALSE(std::filesystem::exists(out)) << c.expect;
    }
}

TEST_F(GptqCliTest, gptq_command_solves_one_linear_from_raw_files) {
    std::mt19937 rng(3);
    std::normal_distribution<float> n01;
    std::vector<float> w(32 * 64), x(500 * 64);
    for (float& v : w) v = n01(rng) * 0.05f;
    for (size_t i = 0; i < x.size(); ++i) x[i] = n01(rng) * (i % 64 == 7 ? 30.0f : 1.0f);
    const std::string wf = dir_.file("W.f32"), xf = dir_.file("X.f32"), qf = dir_.file("Q.f32"), sf = dir_.file("S.f32"),
                      rf = dir_.file("R.f32");
    std::ofstream(wf, std::ios::binary).write(reinterpret_cast<const char*>(w.data()), static_cast<std::streamsize>(w.size() * 4));
    std::ofstream(xf, std::ios::binary).write(reinterpret_cast<const char*>(x.data()), static_cast<std::streamsize>(x.size() * 4));
    auto r = testing::run_cli({"gptq", "--weight", wf, "--rows", "32", "--cols", "64", "--inputs", xf, "--format", "int4:g16", "--out",
                               qf, "--scales", sf, "--rtn-out", rf, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_LT(j["proxy_loss"].get<double>(), j["proxy_loss_rtn"].get<double>());
    EXPECT_EQ(j["scale_groups"], 32 * 4);
    EXPECT_EQ(std::filesystem::file_size(qf), 32u * 64u * 4u);
    EXPECT_EQ(std::filesystem::file_size(sf), 32u * 4u * 4u);
    // The same solve through the engine gives the same bytes.
    MatrixRM wm = Eigen::Map<const MatrixRM>(w.data(), 32, 64);
    HessianAccumulator acc(64);
    acc.add(Eigen::Map<const MatrixRM>(x.data(), 500, 64));
    const GptqResult g = gptq_quantize(wm, acc.hessian(), quant::parse_format_spec("int4:g16"), GptqOptions{}, "W");
    std::vector<float> q(32 * 64);
    std::ifstream(qf, std::ios::binary).read(reinterpret_cast<char*>(q.data()), static_cast<std::streamsize>(q.size() * 4));
    EXPECT_EQ(std::memcmp(q.data(), g.q.data(), q.size() * 4), 0);
    // A weight file that does not hold --rows rows: one line, nothing written.
    std::filesystem::remove(qf);
    r = testing::run_cli({"gptq", "--weight", wf, "--rows", "31", "--cols", "64", "--inputs", xf, "--format", "int4", "--out", qf});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--rows says 31"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(qf));
}

}  // namespace
}  // namespace rs
