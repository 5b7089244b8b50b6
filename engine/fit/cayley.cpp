#include "fit/cayley.h"

#include <fmt/format.h>

#include <Eigen/LU>
#include <cmath>
#include <numbers>

#include "core/error.h"

namespace rs {
namespace {

constexpr const char* kWhat = "rotation learning";

grad::Mat<float> to_float(const MatrixD& r) { return r.cast<float>(); }

}  // namespace

double cayley_step(MatrixD& r, const MatrixD& g, double lr, const RotationBlocks& b) {
    double alpha = lr;
    for (int64_t i = 0; i < b.count; ++i) {
        const int64_t o = i * b.size;
        auto rb = r.block(o, o, b.size, b.size);
        const MatrixD gb = g.block(o, o, b.size, b.size);
        const MatrixD a = 0.5 * (gb * rb.transpose() - rb * gb.transpose());
        // ‖A‖₁: the largest column sum of |A|.
        const double norm1 = a.cwiseAbs().colwise().sum().maxCoeff();
        const double step = std::min(lr, 1.0 / (norm1 + 1e-8));
        if (b.count == 1) alpha = step;
        const MatrixD eye = MatrixD::Identity(b.size, b.size);
        const MatrixD next = (eye + 0.5 * step * a).partialPivLu().solve((eye - 0.5 * step * a) * rb);
        rb = next;
    }
    return alpha;
}

CayleyFit learn_rotations(const Model& learner, ActivationTransform* quant, std::span<const std::vector<int32_t>> windows,
                          const MatrixD& r1_start, const std::vector<MatrixD>& r2_start, const CayleyOptions& options,
                          const Progress& progress) {
    const ModelConfig& c = learner.cfg;
    if (options.steps < 0) fail_input(kWhat, fmt::format("steps must not be negative, got {}", options.steps));
    if (!(options.lr > 0 && std::isfinite(options.lr))) fail_input(kWhat, "the learning rate must be positive");
    const RotationBlocks blocks = rotation_blocks(kWhat, c.d_model, options.block);
    check_start_rotation(kWhat, r1_start, blocks);
    if (!r2_start.empty() && static_cast<int>(r2_start.size()) != c.n_layers)
        fail_input(kWhat, fmt::format("{} starting R2 for {} layers", r2_start.size(), c.n_layers));
    const RotationBlocks head{c.head_dim, 1};
    for (const MatrixD& r : r2_start) check_start_rotation(kWhat, r, head);
    if (windows.empty()) fail_input(kWhat, "no calibration windows");
    for (const auto& w : windows)
        if (w.size() < 2) fail_input(kWhat, "a calibration window needs at least two tokens");
    if (options.eval_windows < 0 || options.eval_windows > static_cast<int>(windows.size()))
        fail_input(kWhat, fmt::format("evaluation windows must be in 0..{}, got {}", windows.size(), options.eval_windows));
    RotatedLoss<float> loss(learner, quant);  // checks the folded norms

    // Mean loss of rotations over the first eval_windows windows.
    int evaluated = 0;
    auto evaluate = [&](const MatrixD& r1, const std::vector<MatrixD>& r2) {
        RotationParams<float> p;
        p.r1 = to_float(r1);
        for (const MatrixD& r : r2) p.r2.push_back(to_float(r));
        double total = 0;
        for (int w = 0; w < options.eval_windows; ++w) {
            progress(Stage::FittingRotation, 0, options.steps, fmt::format("evaluating {}", ++evaluated));
            total += loss.loss(p, windows[static_cast<size_t>(w)], nullptr);
        }
        return options.eval_windows > 0 ? total / options.eval_windows : 0.0;
    };

    CayleyFit fit;
    fit.r1 = r1_start;
    if (options.learn_r2)
        fit.r2 = r2_start.empty() ? std::vector<MatrixD>(c.n_layers, MatrixD::Identity(c.head_dim, c.head_dim)) : r2_start;
    fit.eval_start = evaluate(fit.r1, fit.r2);
    RotationParams<float> rot, g;
    for (int k = 0; k <= options.steps; ++k) {
        rot.r1 = to_float(fit.r1);
        rot.r2.clear();
        for (const MatrixD& r : fit.r2) rot.r2.push_back(to_float(r));
        const std::vector<int32_t>& window = windows[static_cast<size_t>(k) % windows.size()];
        // The last entry is the final rotation's loss on the next window: no update follows.
        const double l = loss.loss(rot, window, k < options.steps ? &g : nullptr);
        fit.loss.push_back(l);
        const std::string item = fmt::format("step {} loss {:.4f}", k, l);
        progress.step(ProgressStep{.stage = Stage::FittingRotation, .done = k, .total = options.steps, .item = item, .value = l});
        if (k == options.steps) break;
        if (!std::isfinite(l) || !g.r1.allFinite()) fail_runtime(fmt::format("rotation learning diverged at step {}", k));
        // SpinQuant's cosine schedule (no warm-up).
        const double lr = options.lr * 0.5 * (1.0 + std::cos(std::numbers::pi * k / options.steps));
        fit.step_size.push_back(cayley_step(fit.r1, g.r1.cast<double>(), lr, blocks));
        for (size_t l2 = 0; l2 < fit.r2.size(); ++l2) cayley_step(fit.r2[l2], g.r2[l2].cast<double>(), lr, head);
    }
    fit.eval_result = evaluate(fit.r1, fit.r2);
    fit.orthogonality = orthogonality_of(fit.r1);
    for (const MatrixD& r : fit.r2) fit.orthogonality = std::max(fit.orthogonality, orthogonality_of(r));
    return fit;
}

}  // namespace rs
