// The quantize pipeline: model -> (smoothing) -> rotation fusion -> weight RTN -> fake-quantized
// activations/KV -> evaluation against the unquantized model -> per-linear probe. The CLI's
// `quantize` and `compare` and the GUI's experiment panel call these same functions.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "calib/census.h"
#include "eval/linear_error.h"
#include "eval/logit_compare.h"
#include "model/model.h"
#include "experiment/recipe.h"
#include "experiment/run_result.h"
#include "quant/rtn.h"
#include "rotate/fuse.h"
#include "tokenizer/tokenizer.h"

namespace rs {

// validate_recipe plus what depends on the loaded model (online rotations already in it) and on
// the smoothing calibration (its window against the model's context). BadInput, one line, naming
// `where` and the recipe.
void validate_run(const Recipe& recipe, const Model& model, const SmoothCalibration& smooth_calibration,
                  const std::string& where, const CalibrationSettings& gptq_calibration = kDefaultGptqCalibration);

// The evaluation settings alone (ctx, windows, probe_tokens): BadInput, one line.
void check_eval_settings(const EvalSettings& eval);

// The evaluation corpus tokenized, after the settings are checked against the model: BadInput,
// one line, for a ctx out of range or a corpus shorter than one window.
struct EvalTokens {
    std::string corpus_name, corpus_path;
    std::vector<int32_t> tokens;
};
EvalTokens tokenize_eval(const EvalSettings& eval, const Tokenizer& tokenizer, const ModelConfig& cfg);

// Whether the recipes given to a run were validated already (by the caller, all before the first).
enum class Validation { Check, Done };

// What every run of one session shares: the model, its tokenizer, the evaluation tokens and the
// reference logits (computed on first use), the smoothing statistics, GPTQ's calibration windows.
class QuantizeSession {
public:
    QuantizeSession(const Model& model, const Tokenizer& tokenizer, Backend& backend, EvalSettings eval,
                    SmoothCalibration smooth_calibration = {}, CalibrationSettings gptq_calibration = kDefaultGptqCalibration);
    ~QuantizeSession();

    const EvalSettings& eval() const;
    const std::vector<int32_t>& eval_tokens() const;  // tokenized on construction ("tokenizing")
    std::string corpus_name() const;
    std::string corpus_path() const;

    // Takes the smoothing statistics from this census (of the unrotated model) when it was taken
    // on this session's smoothing calibration windows (corpus, windows, ctx, seed, BOS); then no
    // recipe samples or runs the calibration again. False (and nothing changes) otherwise.
    bool use_census(std::shared_ptr<const Census> census);

    // validate_run with this session's model and smoothing calibration.
    void validate(const Recipe& recipe, const std::string& where) const;

    // Validates first (nothing runs for an invalid recipe), then runs it. Stages: "smoothing
    // calibration", "smoothing", "fuse", "quantizing weights" or "gptq", "reference", "evaluating",
    // "probing linears". Cancellable.
    RunResult run(const Recipe& recipe, const Progress& progress = {}, Validation validation = Validation::Check);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Runs every recipe of the matrix (all validated before the first runs); `on_result` sees each
// finished run (the GUI fills its table from it). Progress stages carry "[i/n] " prefixes.
std::vector<RunResult> run_matrix(QuantizeSession& session, const RecipeMatrix& matrix, const Progress& progress = {},
                                  const std::function<void(const RunResult&)>& on_result = {},
                                  Validation validation = Validation::Check);

}  // namespace rs
