#include "fit/procrustes.h"

#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "core/error.h"
#include "fit/rotation_blocks.h"
#include "quant/act_quant.h"
#include "quant/fake_quant.h"

namespace rs {
namespace {

constexpr const char* kWhat = "rotation fitting";
// Rows per product when Aᵀ·diag(w²)·Q is accumulated: float products of this many rows, summed
// in double, so that the sum over a few hundred thousand tokens keeps its digits.
constexpr int64_t kChunkRows = 512;

void check_data(const ProcrustesData& data, const MatrixD& rotation) {
    if (data.a == nullptr || data.a->rows() == 0 || data.a->cols() == 0) fail_input(kWhat, "no calibration activations");
    const int64_t n = data.a->rows(), d = data.a->cols();
    if (rotation.rows() != d || rotation.cols() != d)
        fail_input(kWhat, fmt::format("the rotation is {}x{}, the activations have {} channels", rotation.rows(), rotation.cols(), d));
    if (!data.weight.empty() && static_cast<int64_t>(data.weight.size()) != n)
        fail_input(kWhat, fmt::format("{} row weights for {} rows", data.weight.size(), n));
    if (data.rows_per_call < 0) fail_input(kWhat, "rows per call must not be negative");
    if (!data.a->allFinite()) fail_input(kWhat, "the calibration activations hold a NaN or an infinity");
    for (float w : data.weight)
        if (!(std::isfinite(w) && w >= 0)) fail_input(kWhat, "row weights must be finite and non-negative");
}

// Y = A·R, block by block (a block-diagonal R costs d·b per row, not d²).
void rotate(const MatrixRM& a, const MatrixD& r, const RotationBlocks& b, MatrixRM& y) {
    y.resize(a.rows(), a.cols());
    for (int64_t j = 0; j < b.count; ++j) {
        const int64_t o = j * b.size;
        const Eigen::MatrixXf rj = r.block(o, o, b.size, b.size).cast<float>();
        y.middleCols(o, b.size).noalias() = a.middleCols(o, b.size) * rj;
    }
}

// Q = the activation quantizer on Y, `per_call` rows at a time.
void quantize(const MatrixRM& y, int64_t per_call, const quant::FormatSpec& spec, MatrixRM& q) {
    q.resize(y.rows(), y.cols());
    const int64_t n = y.rows(), d = y.cols(), step = per_call > 0 ? per_call : 1;
#pragma omp parallel for schedule(static)
    for (int64_t r0 = 0; r0 < n; r0 += step) {
        const int64_t rows = std::min(step, n - r0);
        const quant::QuantResult res = quant::fake_quant(y.data() + r0 * d, rows, d, spec);
        std::copy(res.dequant.begin(), res.dequant.end(), q.data() + r0 * d);
    }
}

double weight_sq(const ProcrustesData& data, int64_t row) {
    if (data.weight.empty()) return 1.0;
    const double w = data.weight[static_cast<size_t>(row)];
    return w * w;
}

// Σ_t w_t² ‖y_t − q_t‖², in double.
double loss_of(const ProcrustesData& data, const MatrixRM& y, const MatrixRM& q) {
    double total = 0;
    for (int64_t t = 0; t < y.rows(); ++t) {
        double s = 0;
        for (int64_t c = 0; c < y.cols(); ++c) {
            const double e = static_cast<double>(y(t, c)) - static_cast<double>(q(t, c));
            s += e * e;
        }
        total += weight_sq(data, t) * s;
    }
    return total;
}

// The Procrustes step for a fixed Q: per block, R_j = U·Vᵀ from the SVD of A_jᵀ·diag(w²)·Q_j.
MatrixD procrustes_step(const ProcrustesData& data, const MatrixRM& q, const RotationBlocks& b) {
    const MatrixRM& a = *data.a;
    const int64_t n = a.rows(), d = a.cols();
    MatrixD r = MatrixD::Zero(d, d);
    MatrixRM qw;
    for (int64_t j = 0; j < b.count; ++j) {
        const int64_t o = j * b.size;
        MatrixD c = MatrixD::Zero(b.size, b.size);
        for (int64_t r0 = 0; r0 < n; r0 += kChunkRows) {
            const int64_t rows = std::min(kChunkRows, n - r0);
            qw = q.block(r0, o, rows, b.size);
            if (!data.weight.empty())
                for (int64_t t = 0; t < rows; ++t) qw.row(t) *= static_cast<float>(weight_sq(data, r0 + t));
            const Eigen::MatrixXf part = a.block(r0, o, rows, b.size).transpose() * qw;
            c += part.cast<double>();
        }
        const Eigen::BDCSVD<MatrixD> svd(c, Eigen::ComputeFullU | Eigen::ComputeFullV);
        r.block(o, o, b.size, b.size) = svd.matrixU() * svd.matrixV().transpose();
    }
    return r;
}

}  // namespace

double rotation_quant_loss(const ProcrustesData& data, const MatrixD& rotation, const quant::FormatSpec& act) {
    check_data(data, rotation);
    const quant::FormatSpec spec = per_token_spec(act, kWhat, "activation");
    MatrixRM y, q;
    rotate(*data.a, rotation, {data.a->cols(), 1}, y);
    quantize(y, data.rows_per_call, spec, q);
    return loss_of(data, y, q);
}

ProcrustesFit refine_rotation(const ProcrustesData& data, const MatrixD& start, const quant::FormatSpec& act,
                              const ProcrustesOptions& options, const Progress& progress) {
    check_data(data, start);
    if (options.rounds < 0) fail_input(kWhat, fmt::format("rounds must not be negative, got {}", options.rounds));
    const RotationBlocks b = rotation_blocks(kWhat, data.a->cols(), options.block);
    check_start_rotation(kWhat, start, b);
    const quant::FormatSpec spec = per_token_spec(act, kWhat, "activation");

    ProcrustesFit fit;
    fit.rotation = start;
    MatrixRM y, q;
    rotate(*data.a, fit.rotation, b, y);
    for (int k = 0; k <= options.rounds; ++k) {
        quantize(y, data.rows_per_call, spec, q);
        fit.loss.push_back(loss_of(data, y, q));
        const std::string item = fmt::format("round {} loss {:.6g}", k, fit.loss.back());
        progress.step(ProgressStep{.stage = Stage::FittingRotation, .done = k, .total = options.rounds, .item = item, .value = fit.loss.back()});
        if (k == options.rounds) break;
        fit.rotation = procrustes_step(data, q, b);
        rotate(*data.a, fit.rotation, b, y);
        fit.fixed_q_loss.push_back(loss_of(data, y, q));
    }
    fit.orthogonality = orthogonality_of(fit.rotation);
    return fit;
}

}  // namespace rs
