// Rotations learned by gradient descent on the orthogonal group, as SpinQuant learns R1 and R2
// (research/methods.md §3): minimize the language-model loss of the fake-quantized model
// (fit/rotated_loss.h, straight-through quantizers) over calibration windows, one window per step,
// with the Cayley transform as the retraction, so every iterate is orthogonal:
//
//     A = ½·(G·Rᵀ − R·Gᵀ)                       (skew: the gradient G taken to the tangent space)
//     α = min(lr_t, 1 / (‖A‖₁ + ε))             (SpinQuant's SGDG step bound; lr_t cosine-decayed)
//     R ← (I + α/2·A)⁻¹ · (I − α/2·A) · R
//
// SGDG approximates the inverse with a fixed-point loop and re-orthonormalizes by QR now and then;
// here the Cayley transform is solved exactly (LU), so orthogonality holds to rounding at every
// step. With block-diagonal R1 (b×b blocks) the gradient is restricted to the blocks and each
// block is its own Cayley step. R3/R4 stay where the model has them (online Hadamards).
#pragma once
#include <span>
#include <vector>

#include "core/progress.h"
#include "fit/rotated_loss.h"
#include "fit/rotation_blocks.h"
#include "model/model.h"

namespace rs {

struct CayleyOptions {
    int steps = 100;       // SpinQuant's max_steps
    double lr = 1.5;       // SpinQuant's learning rate, decayed to 0 by a cosine over the steps
    int block = 0;         // R1 block-diagonal with blocks of this size (0: one dense R1)
    bool learn_r2 = true;  // learn one R2 per layer (SpinQuant), else R1 alone
    int eval_windows = 0;  // the first N windows: mean loss of the start and of the result on them
};

struct CayleyFit {
    MatrixD r1;
    std::vector<MatrixD> r2;        // one per layer; empty when R2 was not learned
    // loss[k]: step k's window before its update (nats per token); loss[steps]: the final
    // rotations on the next window.
    std::vector<double> loss;
    std::vector<double> step_size;  // α taken at each step (R1's)
    double orthogonality = 0;       // max |RᵀR − I| over R1 and every R2
    // With options.eval_windows: the mean loss over the same first windows of the start and of the
    // learned rotations (the per-step losses above are each on another window).
    double eval_start = 0, eval_result = 0;
};

// One Cayley step of R along −G (the Euclidean gradient), restricted to the blocks of `b` (their
// off-diagonal gradient dropped). Returns the α taken.
double cayley_step(MatrixD& r, const MatrixD& g, double lr, const RotationBlocks& b);

// Learns R1 (and one R2 per layer) from the starts (orthogonal; R1 block-diagonal with
// options.block; r2_start one per layer, or empty to start R2 at the identity). `learner` and
// `quant` as for RotatedLoss; step k uses windows[k mod windows.size()]. Progress:
// Stage::FittingRotation, one step per update with its loss in the item ("step 3 loss 3.21"), and
// one per evaluation window ("evaluating 2");
// cancel between steps. BadInput (one line, before any work) for a block that does not divide
// d_model, starts of the wrong shape or not orthogonal, no windows, or a window of fewer than two
// tokens.
CayleyFit learn_rotations(const Model& learner, ActivationTransform* quant, std::span<const std::vector<int32_t>> windows,
                          const MatrixD& r1_start, const std::vector<MatrixD>& r2_start, const CayleyOptions& options,
                          const Progress& progress = {});

}  // namespace rs
