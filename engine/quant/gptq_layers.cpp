#include "quant/gptq_layers.h"

#include <fmt/format.h>

#include <chrono>
#include <span>

#include "calib/hessian.h"
#include "core/error.h"
#include "model/roles.h"
#include "quant/fake_quant.h"
#include "runtime/decoder_block.h"

namespace rs {
namespace {

// Adds the wall seconds of its scope to *sink (when there is one).
class ScopedSeconds {
public:
    explicit ScopedSeconds(double* sink) : sink_(sink), t0_(std::chrono::steady_clock::now()) {}
    ~ScopedSeconds() {
        if (sink_) *sink_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    }
    ScopedSeconds(const ScopedSeconds&) = delete;
    ScopedSeconds& operator=(const ScopedSeconds&) = delete;

private:
    double* sink_;
    std::chrono::steady_clock::time_point t0_;
};

class GptqLayers final : public DerivedLayerSource {
public:
    GptqLayers(LayerSource& base, Backend& backend, GptqRun run, const Progress& progress, WeightQuantReport* report,
               const QuantizedWeightSink* sink)
        : DerivedLayerSource(base), backend_(backend), run_(std::move(run)), progress_(progress), report_(report),
          sink_(sink), block_(base.cfg(), backend, base.online()) {
        if (report_) *report_ = WeightQuantReport{run_.spec, {}, {}};
    }
    const ModelConfig& cfg() const override { return base_.cfg(); }
    const OnlineRotations& online() const override { return base_.online(); }
    void embedding_rows(std::span<const int32_t> tokens, MatrixRM& out) override { base_.embedding_rows(tokens, out); }
    const VectorF& out_norm() override { return base_.out_norm(); }
    void head_rows(int64_t r0, int64_t n, MatrixRM& out) override { base_.head_rows(r0, n, out); }

private:
    Layer derive(const Layer& base_layer, int l) override;
    void step(int l, LinearInput input) {
        const int i = static_cast<int>(input);
        progress_(Stage::Gptq, int64_t{l} * 4 + i, int64_t{cfg().n_layers} * 4,
                  fmt::format("layer {} {}", l, input_traits(input).name));
    }
    // Solves every linear of layer `l` that reads `input`, in `out`, against the captured Hessian.
    void solve(int l, LinearInput input, HessianAccumulator& acc, Layer& out);

    Backend& backend_;
    GptqRun run_;
    Progress progress_;
    WeightQuantReport* report_;
    const QuantizedWeightSink* sink_;
    DecoderBlock block_;
    std::vector<MatrixRM> states_;  // the calibration windows' hidden states at the next layer's input
    int next_ = 0;
};

void GptqLayers::solve(int l, LinearInput input, HessianAccumulator& acc, Layer& out) {
    MatrixD h = acc.take_hessian();
    // The proxy losses need H after the solves have used it up; float is enough there.
    const MatrixRM hf = report_ ? MatrixRM(h.cast<float>()) : MatrixRM();
    std::vector<const RoleTraits*> roles;
    for (const RoleTraits& r : kLayerRoles)
        if (r.input == input) roles.push_back(&r);
    for (size_t i = 0; i < roles.size(); ++i) {
        const RoleTraits& r = *roles[i];
        MatrixRM& w = (out.*r.linear).w;
        // The last linear of the input takes H itself: no second K x K copy for down_proj.
        GptqResult g = [&] {
            ScopedSeconds t(report_ ? &report_->seconds_solves : nullptr);
            return gptq_quantize(w, i + 1 < roles.size() ? h : std::move(h), run_.spec, run_.options,
                                 fmt::format("layer {} {}", l, r.name), sink_ != nullptr, &backend_);
        }();
        if (report_) {
            ScopedSeconds t(&report_->seconds_proxy);
            const quant::QuantResult rtn = quant::fake_quant(w.data(), w.rows(), w.cols(), run_.spec);
            const MatrixRM rtn_w = Eigen::Map<const MatrixRM>(rtn.dequant.data(), w.rows(), w.cols());
            const std::vector<double> losses = gptq_proxy_losses(w, {&g.q, &rtn_w}, hf);
            LinearQuantError e = linear_quant_error(l, r.role, w, g.q);
            e.proxy_loss = losses[0];
            e.proxy_loss_rtn = losses[1];
            report_->linears.push_back(e);
            for (std::string& warning : g.warnings) report_->warnings.push_back(std::move(warning));
        }
        w = std::move(g.q);
        (out.*r.linear).touch();
        if (sink_) (*sink_)(l, r.role, quantized_weight(std::move(g), run_.spec, w.rows(), w.cols()));
        if (progress_.cancel) progress_.cancel->check();
    }
}

Layer GptqLayers::derive(const Layer& base_layer, int l) {
    if (l != next_) fail_runtime(fmt::format("GPTQ layers asked for out of order: layer {} after {}", l, next_ - 1));
    const ModelConfig& c = cfg();
    const auto n = static_cast<size_t>(run_.windows.size());
    if (l == 0) {
        states_.resize(n);
        for (size_t w = 0; w < n; ++w) base_.embedding_rows(run_.windows[w], states_[w]);
    }
    Layer q = base_layer;
    // True sequential: each input is computed through the linears already quantized. Otherwise
    // every Hessian comes from the unquantized layer.
    const Layer& src = run_.options.true_sequential ? q : base_layer;
    std::vector<MatrixRM> float_states;
    if (!run_.options.true_sequential) float_states = states_;
    std::vector<MatrixRM>& h = run_.options.true_sequential ? states_ : float_states;

    double* t_forward = report_ ? &report_->seconds_forward : nullptr;
    double* t_hessians = report_ ? &report_->seconds_hessians : nullptr;
    std::vector<MatrixRM> xn(n), mid(n);
    MatrixRM proj;
    step(l, LinearInput::QKV);
    HessianAccumulator qkv(c.d_model, &backend_);
    for (size_t w = 0; w < n; ++w) {
        { ScopedSeconds t(t_forward); backend_.rms_norm(h[w], base_layer.attn_norm, c.rms_eps, xn[w]); }
        { ScopedSeconds t(t_hessians); qkv.add(xn[w]); }
    }
    solve(l, LinearInput::QKV, qkv, q);

    step(l, LinearInput::O);
    HessianAccumulator o(int64_t{c.n_heads} * c.head_dim, &backend_);
    for (size_t w = 0; w < n; ++w) {
        { ScopedSeconds t(t_forward); block_.attention_output(l, src, xn[w], nullptr, 0, mid[w]); }
        { ScopedSeconds t(t_hessians); o.add(mid[w]); }
    }
    solve(l, LinearInput::O, o, q);

    step(l, LinearInput::GateUp);
    HessianAccumulator gate_up(c.d_model, &backend_);
    for (size_t w = 0; w < n; ++w) {
        {
            ScopedSeconds t(t_forward);
            backend_.linear(mid[w], src.o, proj);
            h[w] += proj;
            mid[w] = MatrixRM();
            backend_.rms_norm(h[w], base_layer.ffn_norm, c.rms_eps, xn[w]);
        }
        { ScopedSeconds t(t_hessians); gate_up.add(xn[w]); }
    }
    solve(l, LinearInput::GateUp, gate_up, q);

    step(l, LinearInput::Down);
    HessianAccumulator down(c.d_ff, &backend_);
    for (size_t w = 0; w < n; ++w) {
        {
            ScopedSeconds t(t_forward);
            block_.mlp_activation(src, xn[w], mid[w]);
            xn[w] = MatrixRM();
        }
        { ScopedSeconds t(t_hessians); down.add(mid[w]); }
    }
    solve(l, LinearInput::Down, down, q);
    ScopedSeconds t_last(t_forward);
    for (size_t w = 0; w < n; ++w) {
        if (run_.options.true_sequential) {
            backend_.linear(mid[w], q.down, proj);
            h[w] += proj;
        }
        mid[w] = MatrixRM();
    }
    if (!run_.options.true_sequential)
        for (size_t w = 0; w < n; ++w) block_.run(l, q, states_[w], nullptr, 0);
    ++next_;
    progress_(Stage::Gptq, int64_t{l + 1} * 4, int64_t{c.n_layers} * 4, fmt::format("layer {} done", l));
    return q;
}

}  // namespace

std::unique_ptr<LayerSource> gptq_quantized_layers(LayerSource& base, Backend& backend, GptqRun run, const Progress& progress,
                                                   WeightQuantReport* report, const QuantizedWeightSink* sink) {
    if (run.windows.empty()) fail_input("gptq", "GPTQ needs calibration windows; none were given");
    for (const auto& w : run.windows)
        if (w.empty()) fail_input("gptq", "a calibration window is empty");
    return std::make_unique<GptqLayers>(base, backend, std::move(run), progress, report, sink);
}

}  // namespace rs
