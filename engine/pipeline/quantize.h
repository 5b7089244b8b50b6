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
#include "eval/linear_error.h"
#include "eval/logit_compare.h"
#include "model/model.h"
#include "pipeline/recipe.h"
#include "quant/rtn.h"
#include "rotate/fuse.h"
#include "tokenizer/tokenizer.h"

namespace rs {

struct RunResult {
    Recipe recipe;
    std::string name;        // recipe.name or recipe_display_name()
    std::string group;       // name without the seed (RecipeMatrix::group_of)
    int seed = -1;           // -1: no random placement
    LogitComparison metrics;
    FuseReport fuse;
    std::optional<WeightQuantReport> weights;
    std::vector<LinearError> linears;  // empty when the probe is off
    double seconds_prepare = 0;        // smoothing + fusion + RTN
    double seconds_eval = 0;           // evaluation + probe
};

// What every run of one session shares: the model, its tokenizer, the evaluation tokens and the
// reference logits (computed on first use), the smoothing statistics.
class QuantizeSession {
public:
    QuantizeSession(const Model& model, const Tokenizer& tokenizer, Backend& backend, EvalSettings eval,
                    SmoothCalibration smooth_calibration = {});
    ~QuantizeSession();

    const EvalSettings& eval() const;
    const std::vector<int32_t>& eval_tokens() const;  // tokenized on construction ("tokenizing")
    std::string corpus_name() const;
    std::string corpus_path() const;

    // validate_recipe plus what depends on the loaded model and the session (online rotations
    // already in the model, the smoothing calibration's window against the model's context).
    // BadInput, one line, naming `where` and the recipe. run_matrix checks every recipe with it.
    void validate(const Recipe& recipe, const std::string& where) const;

    // Validates first (nothing runs for an invalid recipe), then runs it. Stages: "smoothing
    // calibration", "smoothing", "fuse", "quantizing weights", "reference", "evaluating",
    // "probing linears". Cancellable.
    RunResult run(const Recipe& recipe, const Progress& progress = {});

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Runs every recipe of the matrix (all validated before the first runs); `on_result` sees each
// finished run (the GUI fills its table from it). Progress stages carry "[i/n] " prefixes.
std::vector<RunResult> run_matrix(QuantizeSession& session, const RecipeMatrix& matrix, const Progress& progress = {},
                                  const std::function<void(const RunResult&)>& on_result = {});

// Mean and sample standard deviation of the runs sharing a group (one entry per group, in order
// of first appearance); std = 0 for a group of one.
struct GroupSummary {
    std::string group;
    int runs = 0;
    double ppl_mean = 0, ppl_std = 0;
    double kl_mean = 0, kl_std = 0;
    double top1_mean = 0, top1_std = 0;
};
std::vector<GroupSummary> summarize_groups(const std::vector<RunResult>& runs);

// The summary as text (aligned columns) and as CSV, one row per run, then per group.
std::string summary_table_text(const std::vector<RunResult>& runs, double reference_ppl);
std::string summary_table_csv(const std::vector<RunResult>& runs);

}  // namespace rs
