#include "quant/gptq.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "backend/backend.h"
#include "core/error.h"
#include "quant/group_quantizer.h"

namespace rs {
namespace {

using MatrixCM = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;  // columns contiguous

// Columns per scale group along a row, and whether one scale serves the whole tensor.
struct Geometry {
    int64_t group = 0;
    bool tensor = false;
};

Geometry geometry(const quant::FormatSpec& spec, int64_t k) {
    const quant::FormatTraits& t = quant::format_traits(spec.kind);
    if (t.block > 0) return {t.block, false};
    switch (spec.granularity) {
        case quant::Granularity::Tensor: return {k, true};
        case quant::Granularity::Group: return {spec.group, false};
        case quant::Granularity::Channel:
        case quant::Granularity::Token: return {k, false};
    }
    return {k, false};
}

}  // namespace

std::string gptq_options_label(const GptqOptions& o) {
    std::string s = fmt::format("damp {}, block {}", o.damp, o.block);
    if (o.act_order) s += ", act-order";
    if (o.static_groups) s += ", static groups";
    if (!o.true_sequential) s += ", layer-wise Hessians";
    return s;
}

GptqResult gptq_quantize(const MatrixRM& w_in, MatrixD h, const quant::FormatSpec& spec, const GptqOptions& options,
                         const std::string& label, bool with_codes, Backend* backend) {
    const int64_t rows = w_in.rows(), k = w_in.cols();
    auto fail = [&](const std::string& problem) { fail_input(label, problem); };
    if (h.rows() != k || h.cols() != k)
        fail(fmt::format("Hessian is {}x{}, the weight has {} columns", h.rows(), h.cols(), k));
    if (!(options.damp >= 0.0) || !std::isfinite(options.damp)) fail("dampening must be a finite number >= 0");
    if (options.block < 1) fail(fmt::format("GPTQ block size must be at least 1, got {}", options.block));
    if (!w_in.allFinite()) fail("the weight has a non-finite value");
    if (!h.allFinite())
        fail("the Hessian has a non-finite entry: a NaN or infinite activation reached this linear's input");
    const quant::FormatTraits& traits = quant::format_traits(spec.kind);
    const Geometry geo = geometry(spec, k);
    if (geo.group <= 0 || k % geo.group != 0)
        fail(fmt::format("{}: row length {} is not a multiple of the {} size {}", quant::format_spec_name(spec), k,
                         traits.block > 0 ? "block" : "group", geo.group));
    const bool permuted_groups = options.act_order && !options.static_groups && !geo.tensor && geo.group < k;
    if (permuted_groups && traits.block > 0)
        fail(fmt::format("{} has fixed blocks of {} in column order; act-order needs static groups",
                         quant::format_spec_name(spec), traits.block));

    GptqResult r;
    r.group = geo.group;
    const int64_t n_groups = geo.tensor ? 1 : k / geo.group;

    // 1. Dead inputs.
    MatrixRM w = w_in;
    for (int64_t j = 0; j < k; ++j)
        if (h(j, j) == 0.0) {
            h(j, j) = 1.0;
            w.col(j).setZero();
            ++r.dead_inputs;
        }

    float tensor_amax = 0.0f;
    if (spec.kind == quant::FormatKind::Nvfp4) tensor_amax = w.cwiseAbs().maxCoeff();
    const quant::GroupQuantizer gq(spec, rows * k == 0 ? 0.0f : tensor_amax);
    r.tensor_scale = gq.tensor_scale();

    // 2. Act-order.
    std::vector<int64_t> perm(static_cast<size_t>(k));
    std::iota(perm.begin(), perm.end(), int64_t{0});
    if (options.act_order)
        std::stable_sort(perm.begin(), perm.end(), [&](int64_t a, int64_t b) { return h(a, a) > h(b, b); });

    // Scale groups: [rows][n_groups]; g_idx maps an original column to its group.
    std::vector<quant::GroupScale> scales(static_cast<size_t>(rows * n_groups));
    r.g_idx.resize(static_cast<size_t>(k));
    for (int64_t j = 0; j < k; ++j)
        r.g_idx[static_cast<size_t>(perm[static_cast<size_t>(j)])] =
            static_cast<int32_t>(geo.tensor ? 0 : (permuted_groups ? j : perm[static_cast<size_t>(j)]) / geo.group);
    // Per-tensor and static groups are fitted now, from W as it enters the solve; so is a whole-row
    // group under act-order (its first column in the permuted order is not its first column).
    // Otherwise each group's columns are contiguous in the solve's order: in original order
    // without act-order, in permuted order with it.
    const bool fit_upfront = geo.tensor || options.static_groups || (options.act_order && !permuted_groups);
    if (geo.tensor && rows * k > 0) {
        const quant::GroupScale g = gq.fit(w.data(), rows * k);
        std::fill(scales.begin(), scales.end(), g);
    } else if (fit_upfront) {
        for (int64_t row = 0; row < rows; ++row)
            for (int64_t g = 0; g < n_groups; ++g)
                scales[static_cast<size_t>(row * n_groups + g)] = gq.fit(w.data() + row * k + g * geo.group, geo.group);
    }

    // 3-4. Dampening and the Cholesky factor of the inverse, in the permuted order, reversed.
    if (options.act_order) {
        MatrixD hp(k, k);
        for (int64_t b = 0; b < k; ++b)
            for (int64_t a = 0; a < k; ++a) hp(a, b) = h(perm[static_cast<size_t>(a)], perm[static_cast<size_t>(b)]);
        h = std::move(hp);
    }
    h.reverseInPlace();
    const Eigen::VectorXd diag = h.diagonal();
    const double mean_diag = k == 0 ? 0.0 : diag.mean();
    MatrixCM uf;
    double frac = options.damp;
    for (int attempt = 0;; ++attempt) {
        const bool factored = backend ? backend->inverse_cholesky(h, diag, frac * mean_diag, uf)
                                      : reference_inverse_cholesky(h, diag, frac * mean_diag, uf);
        if (factored) break;
        if (attempt == 3)
            fail(fmt::format("the Hessian is not positive definite even with dampening {} (x{} of the asked {}); "
                             "the calibration inputs may be degenerate", frac, frac / std::max(options.damp, 1e-300),
                             options.damp));
        const double next = frac == 0.0 ? 1e-6 : frac * 10.0;
        r.warnings.push_back(fmt::format("{}: Hessian not positive definite with dampening {}; raised to {}", label, frac, next));
        frac = next;
    }
    r.damp = frac;
    h.resize(0, 0);

    // 5. The solve, on the permuted columns (column-major: a column is contiguous).
    MatrixCM wp(rows, k);
    for (int64_t j = 0; j < k; ++j) wp.col(j) = w.col(perm[static_cast<size_t>(j)]);
    MatrixCM qp(rows, k);
    std::vector<int32_t> codes_p(with_codes ? static_cast<size_t>(rows * k) : 0);
    std::vector<float> gather(static_cast<size_t>(geo.group));
    const int64_t bs = options.block;
    int64_t i1 = 0;
    while (i1 < k) {
        int64_t i2 = std::min(k, i1 + bs);
        // A dynamic group's first column starts a block, so that its fit sees every update so far.
        if (!fit_upfront)
            for (int64_t j = i1 + 1; j < i2; ++j) {
                if (j % geo.group == 0) { i2 = j; break; }
            }
        const int64_t count = i2 - i1;
        MatrixCM err(rows, count);
        for (int64_t i = 0; i < count; ++i) {
            const int64_t j = i1 + i;
            const int64_t g = r.g_idx[static_cast<size_t>(perm[static_cast<size_t>(j)])];
            if (!fit_upfront && j % geo.group == 0) {
                // Block starts include group starts, and the lazy updates reach every later
                // column: the group's values are exact here, even past this block.
                for (int64_t row = 0; row < rows; ++row) {
                    for (int64_t c = 0; c < geo.group; ++c) gather[static_cast<size_t>(c)] = wp(row, j + c);
                    scales[static_cast<size_t>(row * n_groups + g)] = gq.fit(gather.data(), geo.group);
                }
            }
            const float d = uf(j, j);
            for (int64_t row = 0; row < rows; ++row) {
                const float x = wp(row, j);
                int32_t code = 0;
                const float q = gq.quantize(x, scales[static_cast<size_t>(row * n_groups + g)], with_codes ? &code : nullptr);
                qp(row, j) = q;
                if (with_codes) codes_p[static_cast<size_t>(j * rows + row)] = code;
                err(row, i) = (x - q) / d;
            }
            if (i + 1 < count)
                wp.middleCols(j + 1, count - i - 1).noalias() -= err.col(i) * uf.row(j).segment(j + 1, count - i - 1);
        }
        if (i2 < k) wp.rightCols(k - i2).noalias() -= err * uf.block(i1, i2, count, k - i2);
        i1 = i2;
    }

    r.q.resize(rows, k);
    for (int64_t j = 0; j < k; ++j) r.q.col(perm[static_cast<size_t>(j)]) = qp.col(j);
    if (with_codes) {
        r.codes.resize(static_cast<size_t>(rows * k));
        for (int64_t j = 0; j < k; ++j)
            for (int64_t row = 0; row < rows; ++row)
                r.codes[static_cast<size_t>(row * k + perm[static_cast<size_t>(j)])] = codes_p[static_cast<size_t>(j * rows + row)];
    }
    const size_t n_scales = geo.tensor ? 1 : scales.size();
    r.scales.resize(n_scales);
    const bool bytes = traits.scale == quant::ScaleType::E8M0 || traits.scale == quant::ScaleType::E4M3TimesFp32;
    const bool asym = spec.kind == quant::FormatKind::Int && !spec.symmetric;
    if (bytes) r.scale_bytes.resize(n_scales);
    if (asym) r.zero_points.resize(n_scales);
    for (size_t i = 0; i < n_scales; ++i) {
        r.scales[i] = scales[i].scale;
        if (bytes) r.scale_bytes[i] = scales[i].byte;
        if (asym) r.zero_points[i] = scales[i].zero_point;
    }
    return r;
}

std::vector<double> gptq_proxy_losses(const MatrixRM& w, const std::vector<const MatrixRM*>& qs, const MatrixRM& hf) {
    const int64_t rows = w.rows(), k = w.cols();
    MatrixRM delta(rows * static_cast<int64_t>(qs.size()), k);
    for (size_t i = 0; i < qs.size(); ++i) delta.middleRows(static_cast<int64_t>(i) * rows, rows) = w - *qs[i];
    const MatrixRM dh = delta * hf;  // one float product for all; sums in double below
    std::vector<double> out(qs.size(), 0.0);
    for (size_t i = 0; i < qs.size(); ++i) {
        double s = 0.0;
        for (int64_t row = 0; row < rows; ++row) {
            const int64_t rr = static_cast<int64_t>(i) * rows + row;
            s += dh.row(rr).cast<double>().dot(delta.row(rr).cast<double>());
        }
        out[i] = s;
    }
    return out;
}

}  // namespace rs
