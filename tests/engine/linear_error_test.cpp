// Per-linear quantization error probes (issue 4): the error histogram on hand-made vectors
// (bin edges, under/overflow, zeros, the all-zero tensor), and probe_linear_errors against a
// naive double recomputation from the inputs a capture hook of the test records: no quantization
// gives exact zeros, RTN weights and fake-quantized activations give the errors the definitions say.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "backend/backend.h"
#include "core/error.h"
#include "eval/linear_error.h"
#include "quant/act_quant.h"
#include "quant/fake_quant.h"
#include "quant/rtn.h"
#include "runtime/forward.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

using quant::parse_format_spec;
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(ErrorHistogram, BinsEdgesAndOverflowOnHandMadeVector) {
    // x = ±s has rms s exactly; the errors e (in units of s) land in bins of width 0.02 from -2.
    for (float s : {1.0f, 4.0f, 0.25f}) {
        const std::vector<float> e = {-2.5f, -2.0f, -1.5f, 0.0f, 0.0f, 0.5f, 1.25f, 1.96875f, 2.0f, 3.0f, -0.015625f};
        std::vector<float> x(e.size()), q(e.size());
        for (size_t i = 0; i < e.size(); ++i) {
            x[i] = (i % 2 ? -s : s);
            q[i] = x[i] + e[i] * s;  // exact in float for these values
        }
        const ErrorHistogram h = error_histogram(x.data(), q.data(), static_cast<int64_t>(x.size()));
        EXPECT_EQ(h.rms, s);
        ASSERT_EQ(h.counts.size(), size_t(ErrorHistogram::kBins));
        std::map<int, int64_t> want = {{0, 1}, {25, 1}, {100, 2}, {125, 1}, {162, 1}, {198, 1}, {99, 1}};
        for (int b = 0; b < ErrorHistogram::kBins; ++b) EXPECT_EQ(h.counts[b], want.count(b) ? want[b] : 0) << "bin " << b << " s " << s;
        EXPECT_EQ(h.below, 1);  // -2.5
        EXPECT_EQ(h.above, 2);  // 2 (the upper edge is open) and 3
        EXPECT_EQ(h.zeros, 2);
        EXPECT_DOUBLE_EQ(h.max_abs, 3.0);
    }
}

TEST(ErrorHistogram, RmsFromDoublesAndEmptyInput) {
    const std::vector<float> x = {3.0f, 4.0f}, q = {3.0f, 4.0f};
    const ErrorHistogram h = error_histogram(x.data(), q.data(), 2);
    EXPECT_DOUBLE_EQ(h.rms, std::sqrt(12.5));
    EXPECT_EQ(h.zeros, 2);
    EXPECT_EQ(h.counts[100], 2);
    EXPECT_EQ(h.max_abs, 0.0);

    const ErrorHistogram empty = error_histogram(nullptr, nullptr, 0);
    EXPECT_EQ(empty.counts.size(), size_t(ErrorHistogram::kBins));
    EXPECT_EQ(empty.zeros + empty.below + empty.above, 0);
}

TEST(ErrorHistogram, AllZeroTensorSortsErrorsBySign) {
    // rms 0 gives no unit: exact values are zeros in the middle bin, others off the scale by sign.
    const std::vector<float> x = {0.0f, 0.0f, 0.0f, 0.0f, 0.0f}, q = {0.0f, 0.0f, 0.5f, -0.25f, 1e-30f};
    const ErrorHistogram h = error_histogram(x.data(), q.data(), 5);
    EXPECT_EQ(h.rms, 0.0);
    EXPECT_EQ(h.zeros, 2);
    EXPECT_EQ(h.counts[ErrorHistogram::kBins / 2], 2);
    EXPECT_EQ(h.above, 2);
    EXPECT_EQ(h.below, 1);
    EXPECT_EQ(h.max_abs, kInf);
}

std::vector<int32_t> tokens_for(const Model& m, int n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int32_t> d(0, m.cfg.n_vocab - 1);
    std::vector<int32_t> t(n);
    for (auto& x : t) x = d(rng);
    return t;
}

// The test's own record of every linear input of the unquantized forward pass.
struct Recorder : CaptureHook {
    std::map<std::pair<int, LinearInput>, MatrixRM> inputs;
    void on_linear_input(int layer, LinearInput site, const MatrixRM& x) override { inputs[{layer, site}] = x; }
};

Recorder record(const Model& m, const std::vector<int32_t>& tokens) {
    auto backend = make_cpu_backend();
    Forward f(m, *backend);
    Recorder r;
    f.set_hook(&r);
    MatrixRM h, lg;
    f.hidden(tokens, nullptr, h);
    f.logits(h, lg);  // the LM head input too
    return r;
}

const Linear& linear_of(const Model& m, int layer, Role r) {
    if (layer < 0) return m.lm_head;
    const Layer& L = m.layers[layer];
    switch (r) {
        case Role::AttnQ: return L.q;
        case Role::AttnK: return L.k;
        case Role::AttnV: return L.v;
        case Role::AttnO: return L.o;
        case Role::FfnGate: return L.gate;
        case Role::FfnUp: return L.up;
        case Role::FfnDown: return L.down;
        case Role::LmHead: break;
    }
    return m.lm_head;
}

LinearInput site_of(Role r) {
    switch (r) {
        case Role::AttnQ:
        case Role::AttnK:
        case Role::AttnV: return LinearInput::QKV;
        case Role::AttnO: return LinearInput::O;
        case Role::FfnGate:
        case Role::FfnUp: return LinearInput::GateUp;
        case Role::FfnDown: return LinearInput::Down;
        case Role::LmHead: break;
    }
    return LinearInput::LmHead;
}

// ||a - b|| / ||b|| in double.
double naive_rel(const MatrixRM& a, const MatrixRM& b) {
    double e = 0, n = 0;
    for (int64_t i = 0; i < b.size(); ++i) {
        const double d = static_cast<double>(a.data()[i]) - b.data()[i];
        e += d * d;
        n += static_cast<double>(b.data()[i]) * b.data()[i];
    }
    return std::sqrt(e / n);
}

// y = x·Wᵀ + b with plain double loops.
std::vector<double> naive_linear(const MatrixRM& x, const Linear& l) {
    std::vector<double> y(static_cast<size_t>(x.rows() * l.w.rows()));
    for (int64_t t = 0; t < x.rows(); ++t)
        for (int64_t o = 0; o < l.w.rows(); ++o) {
            double s = l.b.size() ? l.b[o] : 0.0;
            for (int64_t i = 0; i < l.w.cols(); ++i) s += static_cast<double>(x(t, i)) * l.w(o, i);
            y[t * l.w.rows() + o] = s;
        }
    return y;
}

double naive_output_rel(const MatrixRM& x, const Linear& w, const MatrixRM& xq, const Linear& wq) {
    const auto y = naive_linear(x, w), yq = naive_linear(xq, wq);
    double e = 0, n = 0;
    for (size_t i = 0; i < y.size(); ++i) {
        e += (yq[i] - y[i]) * (yq[i] - y[i]);
        n += y[i] * y[i];
    }
    return std::sqrt(e / n);
}

MatrixRM fake_quant_rows(const MatrixRM& x, const quant::FormatSpec& spec) {
    const auto r = quant::fake_quant(x.data(), x.rows(), x.cols(), spec);
    return Eigen::Map<const MatrixRM>(r.dequant.data(), x.rows(), x.cols());
}

const std::vector<Role> kBlockRoles = {Role::AttnQ, Role::AttnK,    Role::AttnV,  Role::AttnO,
                                       Role::FfnGate, Role::FfnUp, Role::FfnDown};

void expect_layer_major_order(const std::vector<LinearError>& errs, int n_layers, bool head) {
    ASSERT_EQ(errs.size(), size_t(n_layers) * 7 + (head ? 1 : 0));
    for (int l = 0; l < n_layers; ++l)
        for (int i = 0; i < 7; ++i) {
            const LinearError& e = errs[size_t(l) * 7 + i];
            EXPECT_EQ(e.layer, l);
            EXPECT_EQ(e.role, kBlockRoles[i]);
            EXPECT_EQ(e.site, site_of(kBlockRoles[i]));
        }
    if (head) {
        EXPECT_EQ(errs.back().layer, -1);
        EXPECT_EQ(errs.back().role, Role::LmHead);
        EXPECT_EQ(errs.back().site, LinearInput::LmHead);
    }
}

TEST(ProbeLinearErrors, NoQuantizationGivesExactZeros) {
    for (Arch a : {Arch::Llama, Arch::Qwen3}) {
        const Model m = testing::random_model(testing::tiny_config(a), 1);
        auto backend = make_cpu_backend();
        const auto tokens = tokens_for(m, 20, 2);
        const auto errs = probe_linear_errors(m, m, nullptr, tokens, *backend);
        expect_layer_major_order(errs, m.cfg.n_layers, false);
        for (const LinearError& e : errs) {
            EXPECT_EQ(e.output_rel_error, 0.0);
            EXPECT_EQ(e.output_sqnr_db, kInf);
            EXPECT_EQ(e.input_rel_error, 0.0);
            EXPECT_EQ(e.weight_rel_error, 0.0);
            const int64_t n_in = tokens.size() * linear_of(m, e.layer, e.role).in();
            EXPECT_EQ(e.input_error.zeros, n_in);
            EXPECT_EQ(e.input_error.counts[ErrorHistogram::kBins / 2], n_in);
            EXPECT_EQ(e.weight_error.zeros, linear_of(m, e.layer, e.role).w.size());
            EXPECT_GT(e.input_error.rms, 0.0);
            EXPECT_GT(e.weight_error.rms, 0.0);
        }
        // Asking for the LM head input brings the head in, still exact without a format.
        ActQuantConfig ac;
        ac.quantize_lm_head_input = true;
        FakeQuantActivations none(m.cfg, ac);
        const auto with_head = probe_linear_errors(m, m, &none, tokens, *backend);
        expect_layer_major_order(with_head, m.cfg.n_layers, true);
        EXPECT_EQ(with_head.back().output_rel_error, 0.0);
        EXPECT_EQ(with_head.back().output_sqnr_db, kInf);
    }
}

TEST(ProbeLinearErrors, RtnWeightsMatchNaiveRecomputation) {
    for (Arch a : {Arch::Llama, Arch::Qwen3}) {
        const Model m = testing::random_model(testing::tiny_config(a), 3);
        for (bool head : {false, true}) {
            const Model q = quantize_weights_rtn(m, parse_format_spec("int4"), head);
            auto backend = make_cpu_backend();
            const auto tokens = tokens_for(m, 24, 4);
            const auto errs = probe_linear_errors(m, q, nullptr, tokens, *backend);
            expect_layer_major_order(errs, m.cfg.n_layers, head);
            const Recorder rec = record(m, tokens);
            for (const LinearError& e : errs) {
                const std::string what = std::string(arch_name(a)) + " layer " + std::to_string(e.layer) + " " + role_name(e.role);
                const Linear& w = linear_of(m, e.layer, e.role);
                const Linear& wq = linear_of(q, e.layer, e.role);
                const double wrel = naive_rel(wq.w, w.w);
                EXPECT_GT(wrel, 0.01) << what;
                EXPECT_NEAR(e.weight_rel_error, wrel, 1e-12 * wrel) << what;
                EXPECT_EQ(e.input_rel_error, 0.0) << what;
                const ErrorHistogram& wh = e.weight_error;
                int64_t total = wh.below + wh.above;
                for (int64_t c : wh.counts) total += c;
                EXPECT_EQ(total, w.w.size()) << what;
                EXPECT_LT(wh.max_abs, 2.0) << what;  // int4 per channel errs by at most s/2 < rms·2

                const MatrixRM& x = rec.inputs.at({e.layer, e.site});
                const double orel = naive_output_rel(x, w, x, wq);
                EXPECT_GT(orel, 0.005) << what;
                EXPECT_NEAR(e.output_rel_error, orel, 1e-4 * orel) << what;
                EXPECT_NEAR(e.output_sqnr_db, -20.0 * std::log10(orel), 1e-3) << what;
            }
        }
    }
}

TEST(ProbeLinearErrors, FakeQuantActivationsMatchNaiveRecomputation) {
    for (Arch a : {Arch::Llama, Arch::Qwen3}) {
        const Model m = testing::random_model(testing::tiny_config(a), 5);
        const Model q = quantize_weights_rtn(m, parse_format_spec("int8"));
        ActQuantConfig ac;
        ac.activations = parse_format_spec("int4:token");
        FakeQuantActivations fq(m.cfg, ac);
        auto backend = make_cpu_backend();
        const auto tokens = tokens_for(m, 16, 6);
        const auto errs = probe_linear_errors(m, q, &fq, tokens, *backend);
        expect_layer_major_order(errs, m.cfg.n_layers, false);  // head input not quantized, weights equal
        const Recorder rec = record(m, tokens);
        for (const LinearError& e : errs) {
            const std::string what = std::string(arch_name(a)) + " layer " + std::to_string(e.layer) + " " + role_name(e.role);
            const MatrixRM& x = rec.inputs.at({e.layer, e.site});
            const MatrixRM xq = fake_quant_rows(x, *ac.activations);
            const double irel = naive_rel(xq, x);
            EXPECT_GT(irel, 0.01) << what;
            EXPECT_NEAR(e.input_rel_error, irel, 1e-12 * irel) << what;
            EXPECT_DOUBLE_EQ(e.input_error.rms, std::sqrt(x.cast<double>().squaredNorm() / double(x.size()))) << what;
            const Linear& w = linear_of(m, e.layer, e.role);
            const Linear& wq = linear_of(q, e.layer, e.role);
            const double orel = naive_output_rel(x, w, xq, wq);
            EXPECT_NEAR(e.output_rel_error, orel, 1e-4 * orel) << what;
            EXPECT_NEAR(e.weight_rel_error, naive_rel(wq.w, w.w), 1e-12) << what;
        }
    }
}

void expect_bad_input(const std::function<void()>& fn, const std::string& needle) {
    try {
        fn();
        ADD_FAILURE() << "no error; expected one mentioning '" << needle << "'";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput) << e.what();
        const std::string msg = e.what();
        EXPECT_NE(msg.find(needle), std::string::npos) << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
}

TEST(ProbeLinearErrors, RefusesMismatchedModelsAndBadTokens) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Llama), 7);
    auto backend = make_cpu_backend();
    const auto tokens = tokens_for(m, 8, 8);
    Model other = testing::random_model(testing::tiny_config(Arch::Llama), 7);
    other.layers[1].up.w = MatrixRM::Zero(16, other.cfg.d_model);
    expect_bad_input([&] { probe_linear_errors(m, other, nullptr, tokens, *backend); }, "layer 1");
    Model fewer = m;
    fewer.layers.pop_back();
    expect_bad_input([&] { probe_linear_errors(m, fewer, nullptr, tokens, *backend); }, "layers");
    expect_bad_input([&] { probe_linear_errors(m, m, nullptr, {}, *backend); }, "no tokens");
    const std::vector<int32_t> bad = {1, 2, m.cfg.n_vocab};
    expect_bad_input([&] { probe_linear_errors(m, m, nullptr, bad, *backend); }, "vocabulary");
}

TEST(ProbeLinearErrors, ReportsProgressPerLayerAndCancels) {
    const Model m = testing::random_model(testing::tiny_config(Arch::Qwen3), 9);
    const Model q = quantize_weights_rtn(m, parse_format_spec("int4"), true);
    auto backend = make_cpu_backend();
    const auto tokens = tokens_for(m, 8, 10);
    std::vector<int64_t> done;
    Progress p{[&](const ProgressStep& step_) { const std::string stage = progress_label(step_); const int64_t d = step_.done; const int64_t total = step_.total;
                   EXPECT_EQ(stage, "probing linears");
                   EXPECT_EQ(total, m.cfg.n_layers + 1);  // the LM head is probed here
                   done.push_back(d);
               },
               nullptr};
    probe_linear_errors(m, q, nullptr, tokens, *backend, p);
    EXPECT_EQ(done, (std::vector<int64_t>{0, 1, 2, 3}));

    CancelToken token;
    int64_t last = -1;
    Progress c{[&](const ProgressStep& step_) { const int64_t d = step_.done;
                   last = d;
                   if (d == 1) token.cancel();
               },
               &token};
    try {
        probe_linear_errors(m, q, nullptr, tokens, *backend, c);
        ADD_FAILURE() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
    }
    EXPECT_EQ(last, 1);
}

}  // namespace
}  // namespace rs
