#include "quant/rtn.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <string>

#include "core/error.h"
#include "model/roles.h"
#include "quant/fake_quant.h"

namespace rs {

namespace {

struct Target {
    int layer;  // -1: LM head
    Role role;
    const MatrixRM* src;
    MatrixRM* dst;
};

// One unit of parallel work: rows [r0, r1) of one target.
struct Chunk {
    size_t target;
    int64_t r0, r1;
};

// Row-local formats give the same bits whether a matrix is quantized whole or in row slices;
// a per-tensor scale (Tensor granularity, NVFP4's FP32 second-level scale) needs the whole
// matrix in one call.
}  // namespace

bool rtn_row_separable(const quant::FormatSpec& spec) {
    if (spec.kind == quant::FormatKind::Nvfp4) return false;
    const bool takes_granularity = quant::format_traits(spec.kind).block == 0;
    return !(takes_granularity && spec.granularity == quant::Granularity::Tensor);
}

LinearQuantError linear_quant_error(int layer, Role role, const MatrixRM& w, const MatrixRM& q) {
    LinearQuantError e;
    e.layer = layer;
    e.role = role;
    e.role_name = role_name(role);
    e.rows = w.rows();
    e.cols = w.cols();
    double signal = 0, noise = 0;
    const int64_t n = w.size();
    const float* a = w.data();
    const float* b = q.data();
    for (int64_t i = 0; i < n; ++i) {
        const double x = a[i], d = x - static_cast<double>(b[i]);
        signal += x * x;
        noise += d * d;
    }
    e.rel_error = signal > 0 ? std::sqrt(noise / signal) : 0.0;
    e.sqnr_db = noise > 0 ? 10.0 * std::log10(signal / noise) : std::numeric_limits<double>::infinity();
    return e;
}

namespace {

std::string tensor_label(const Target& t) {
    return t.layer < 0 ? std::string("lm_head") : "layer " + std::to_string(t.layer) + " " + role_name(t.role);
}

std::vector<Chunk> make_chunks(const std::vector<Target>& targets, bool separable) {
    constexpr int64_t kChunkElements = int64_t{1} << 16;  // enough work per task to amortize scheduling
    std::vector<Chunk> chunks;
    for (size_t i = 0; i < targets.size(); ++i) {
        const int64_t rows = targets[i].src->rows(), cols = std::max<int64_t>(targets[i].src->cols(), 1);
        const int64_t step = separable ? std::max<int64_t>(1, kChunkElements / cols) : std::max<int64_t>(rows, 1);
        for (int64_t r = 0; r < rows; r += step) chunks.push_back({i, r, std::min(rows, r + step)});
    }
    return chunks;
}

// Quantizes the targets' chunks in parallel. The first failing chunk in chunk order is reported,
// so the message does not depend on the thread count either.
void quantize_chunks(const std::vector<Target>& targets, const std::vector<Chunk>& chunks, const quant::FormatSpec& spec) {
    std::vector<std::exception_ptr> errors(chunks.size());
    const auto n = static_cast<int64_t>(chunks.size());
#pragma omp parallel for schedule(dynamic)
    for (int64_t c = 0; c < n; ++c) {
        const Chunk& ch = chunks[static_cast<size_t>(c)];
        const Target& t = targets[ch.target];
        const int64_t cols = t.src->cols();
        try {
            const quant::QuantResult q = quant::fake_quant(t.src->data() + ch.r0 * cols, ch.r1 - ch.r0, cols, spec);
            std::copy(q.dequant.begin(), q.dequant.end(), t.dst->data() + ch.r0 * cols);
        } catch (...) {
            errors[static_cast<size_t>(c)] = std::current_exception();
        }
    }
    for (size_t c = 0; c < chunks.size(); ++c) {
        if (!errors[c]) continue;
        try {
            std::rethrow_exception(errors[c]);
        } catch (const std::exception& e) {
            fail_input(tensor_label(targets[chunks[c].target]), e.what());
        }
    }
}

LinearQuantError measure(const Target& t) { return linear_quant_error(t.layer, t.role, *t.src, *t.dst); }

std::vector<Target> layer_targets(const Layer& in, Layer& out, int l) {
    std::vector<Target> targets;
    for (const RoleTraits& r : kLayerRoles) targets.push_back({l, r.role, &(in.*r.linear).w, &(out.*r.linear).w});
    return targets;
}

// fake_quant would name the position inside a row slice; check whole tensors first so the
// message gives the tensor's own row and column.
void check_finite(const std::vector<Target>& targets) {
    for (const Target& t : targets) {
        const MatrixRM& w = *t.src;
        if (w.allFinite()) continue;
        for (int64_t i = 0; i < w.size(); ++i)
            if (!std::isfinite(w.data()[i]))
                fail_input(tensor_label(t), "non-finite weight " + std::to_string(w.data()[i]) + " at row " +
                                                std::to_string(i / w.cols()) + ", column " + std::to_string(i % w.cols()));
    }
}

// Bad weights fail in one line before any work is done or reported.
void check_targets(const std::vector<Target>& targets, const quant::FormatSpec& spec) {
    const quant::FormatTraits& traits = quant::format_traits(spec.kind);
    const int64_t block = traits.block > 0 ? traits.block : (spec.granularity == quant::Granularity::Group ? spec.group : 0);
    for (const Target& t : targets)
        if (block > 0 && t.src->cols() % block != 0)
            fail_input(tensor_label(t), quant::format_spec_name(spec) + ": row length " + std::to_string(t.src->cols()) +
                                            " is not a multiple of " + std::to_string(block));
    check_finite(targets);
}

void quantize_targets(const std::vector<Target>& targets, const quant::FormatSpec& spec, bool separable,
                      WeightQuantReport* report) {
    quantize_chunks(targets, make_chunks(targets, separable), spec);
    if (!report) return;
    std::vector<LinearQuantError> errs(targets.size());
    const auto n = static_cast<int64_t>(targets.size());
#pragma omp parallel for schedule(dynamic)
    for (int64_t i = 0; i < n; ++i) errs[static_cast<size_t>(i)] = measure(targets[static_cast<size_t>(i)]);
    report->linears.insert(report->linears.end(), errs.begin(), errs.end());
}

}  // namespace

double WeightQuantReport::mean_rel_error() const {
    if (linears.empty()) return 0.0;
    double s = 0;
    for (const LinearQuantError& e : linears) s += e.rel_error;
    return s / static_cast<double>(linears.size());
}

Model quantize_weights_rtn(const Model& model, const quant::FormatSpec& spec, bool include_lm_head,
                           const Progress& progress, WeightQuantReport* report) {
    if (model.layers.size() != static_cast<size_t>(model.cfg.n_layers))
        fail_input("", "the model has " + std::to_string(model.layers.size()) + " layers, its config says " +
                           std::to_string(model.cfg.n_layers));
    Model out = model;
    const int n_layers = model.cfg.n_layers;
    std::vector<std::vector<Target>> per_layer;
    for (int l = 0; l < n_layers; ++l)
        per_layer.push_back(layer_targets(model.layers[static_cast<size_t>(l)], out.layers[static_cast<size_t>(l)], l));
    if (include_lm_head) per_layer.push_back({{-1, Role::LmHead, &model.lm_head.w, &out.lm_head.w}});
    for (const auto& targets : per_layer) check_targets(targets, spec);

    if (report) *report = WeightQuantReport{spec, {}};
    const bool separable = rtn_row_separable(spec);
    for (size_t i = 0; i < per_layer.size(); ++i) {
        // The LM head, when asked for, rides along with the last layer's step.
        if (static_cast<int>(i) < n_layers) progress(Stage::QuantizingWeights, static_cast<int64_t>(i), n_layers);
        quantize_targets(per_layer[i], spec, separable, report);
    }
    progress(Stage::QuantizingWeights, n_layers, n_layers);
    return out;
}

Layer quantize_layer_rtn(const Layer& layer, int l, const quant::FormatSpec& spec, WeightQuantReport* report,
                         const QuantizedWeightSink* sink) {
    Layer out = layer;
    const std::vector<Target> targets = layer_targets(layer, out, l);
    check_targets(targets, spec);
    if (!sink) {
        quantize_targets(targets, spec, rtn_row_separable(spec), report);
        return out;
    }
    // With codes: each matrix whole (the bits of the row slices, since those are only taken for
    // row-local scales), one linear per task. Each task keeps only its codes once its values are
    // in place, so a layer's dequantized copies are never all held at once.
    const auto n = static_cast<int64_t>(targets.size());
    std::vector<QuantizedWeight> codes(targets.size());
    std::vector<LinearQuantError> errs(report ? targets.size() : 0);
#pragma omp parallel for schedule(dynamic)
    for (int64_t i = 0; i < n; ++i) {
        const auto k = static_cast<size_t>(i);
        const Target& t = targets[k];
        quant::QuantResult r = quant::fake_quant(t.src->data(), t.src->rows(), t.src->cols(), spec, true);
        std::copy(r.dequant.begin(), r.dequant.end(), t.dst->data());
        std::vector<float>().swap(r.dequant);
        codes[k] = quantized_weight(r, spec, t.src->rows(), t.src->cols());
        if (report) errs[k] = measure(t);
    }
    if (report) report->linears.insert(report->linears.end(), errs.begin(), errs.end());
    for (size_t i = 0; i < targets.size(); ++i) (*sink)(targets[i].layer, targets[i].role, std::move(codes[i]));
    return out;
}

void quantize_head_rows_rtn(const MatrixRM& rows, MatrixRM& out, const quant::FormatSpec& spec) {
    if (!rtn_row_separable(spec))
        fail_input("lm_head", quant::format_spec_name(spec) + " has a per-tensor scale; the head cannot be quantized in row slices");
    out.resize(rows.rows(), rows.cols());
    const std::vector<Target> targets{{-1, Role::LmHead, &rows, &out}};
    check_targets(targets, spec);
    quantize_targets(targets, spec, true, nullptr);
}

}  // namespace rs
