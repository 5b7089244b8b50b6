// A rotation fit as one pipeline stage: calibration windows → (Procrustes) the R1 activations of
// the model with its norms folded, refined by DFRot's alternating Procrustes; or (Cayley) the
// model with norms folded and R3/R4 in place, R1 and R2 learned by SpinQuant's Cayley SGD. The
// CLI's fit-rotation / learn-rotation and the GUI run it; report/fit_report.h stores the result.
#pragma once
#include "backend/backend.h"
#include "core/progress.h"
#include "experiment/fit_config.h"
#include "experiment/fit_result.h"
#include "fit/r1_activations.h"
#include "model/model.h"
#include "tokenizer/tokenizer.h"

namespace rs {

// The start of a fit: the start rotation of order d, or with block > 0 its block-diagonal form
// diag(signs)·blockdiag(H_block) (the signs of a random Hadamard's seed). BadInput when the block
// does not divide d.
MatrixD fit_start_rotation(const RotationSpec& start, int block, int64_t d);

// Every check that needs the model, before any work (BadInput, one line): the config's own
// checks, the block against d_model, the calibration against the context, R3/R4 against the
// model's orders.
void check_fit(const FitConfig& config, const ModelConfig& cfg);

// Runs the fit. Progress: the calibration stages, then Stage::FittingRotation (one step per round
// or Cayley step, the loss in the item); cancel between steps: nothing is returned and nothing
// was written. `captured`, when given (Procrustes), receives the activations fitted on.
FitResult run_fit(const FitConfig& config, const Model& model, Backend& backend, const Tokenizer& tokenizer,
                  const Progress& progress = {}, R1Activations* captured = nullptr);

}  // namespace rs
