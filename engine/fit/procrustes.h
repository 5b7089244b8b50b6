// A rotation refined for a number format, as DFRot refines R1 (research/methods.md §4): starting
// from a rotation R₀ (a random Hadamard in the paper), alternate
//
//     Q ← the activation quantizer applied to A·R      (rows quantized as the forward pass would)
//     R ← argmin over orthogonal R of Σ_t w_t² ‖a_t·R − q_t‖²  =  U·Vᵀ,  U·S·Vᵀ = Aᵀ·diag(w²)·Q
//
// for a number of rounds. A holds calibration activations at the sites R1 rotates (the inputs of
// the linears that read the residual stream, norms folded); w weighs tokens (DFRot multiplies the
// rows of tokens that carry massive activations by α, which for a per-token INT quantizer is the
// same as w = α here, and keeps the quantizer on the true rows for the block formats, whose
// power-of-two or E4M3 scales do not commute with scaling a row).
//
// Beyond DFRot: any format of the traits table is the quantizer (INT per token, MXFP4/NVFP4 per
// block), and the rotation may be block-diagonal: with b×b blocks the problem splits into one
// Procrustes problem per block (Aᵀ·diag(w²)·Q restricted to the block's columns), so "a block-32
// rotation refined for MXFP4" is the same loop. For a fixed Q the step cannot increase the loss;
// both losses are recorded per round so that the claim is checked on every run.
#pragma once
#include <cstdint>
#include <vector>

#include "core/progress.h"
#include "model/model.h"
#include "quant/format.h"

namespace rs {

struct ProcrustesOptions {
    int rounds = 100;  // DFRot's default
    int block = 0;     // 0: one d×d rotation; b > 0: b×b blocks on the diagonal (b divides d)
};

struct ProcrustesFit {
    MatrixD rotation;  // [d, d], orthogonal (block-diagonal when options.block > 0)
    // loss[k] = Σ_t w_t² ‖a_t·R_k − Q(a_t·R_k)‖² at the start of round k; loss[rounds] is the
    // final rotation's. fixed_q_loss[k] = the same sum after round k's step with round k's Q
    // held fixed: never above loss[k].
    std::vector<double> loss, fixed_q_loss;
    double orthogonality = 0;  // max |RᵀR − I| of the result
};

// The activations to fit on: rows of `a` are tokens at R1 sites, `rows_per_call` consecutive rows
// are quantized together (one window at one site: NVFP4's tensor scale is taken over them, as the
// forward pass takes it over one call); `weight` is one factor per row, empty for all ones.
struct ProcrustesData {
    const MatrixRM* a = nullptr;
    std::vector<float> weight;
    int64_t rows_per_call = 0;  // 0: every row alone
};

// Refines `start` ([d, d], orthogonal; block-diagonal with the same blocks when options.block > 0)
// for `act` (an activation format: INT/FP8 per token, block formats along the row). Progress:
// Stage::FittingRotation, one step per round with the round's loss in the item ("round 3 loss
// 1.234e+02"); cancel between rounds. BadInput (one line) for a block that does not divide d, a
// start of the wrong order, or rows that hold a NaN or an infinity.
ProcrustesFit refine_rotation(const ProcrustesData& data, const MatrixD& start, const quant::FormatSpec& act,
                              const ProcrustesOptions& options, const Progress& progress = {});

// Σ_t w_t² ‖a_t·R − Q(a_t·R)‖²: the loss above for one rotation (for reports and for comparing
// rotations that were not fitted, such as a random Hadamard).
double rotation_quant_loss(const ProcrustesData& data, const MatrixD& rotation, const quant::FormatSpec& act);

}  // namespace rs
