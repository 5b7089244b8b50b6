// One engine function for quantization experiments: the CLI's `quantize` and `compare` and the
// GUI's experiment panel build an ExperimentConfig and run it here, and get back a run report with
// every header field filled (the configuration itself in meta/config_json).
#pragma once
#include <functional>
#include <memory>

#include "backend/backend.h"
#include "experiment/experiment_config.h"
#include "model/model.h"
#include "pipeline/quantize.h"
#include "report/model_identity.h"
#include "report/run_report.h"
#include "tokenizer/tokenizer.h"

namespace rs {

using RunCallback = std::function<void(const RunResult&)>;

// Everything checked without the model: the corpora exist and the evaluation settings make sense.
// BadInput, one line. run_experiment calls it before it loads the model.
void check_experiment(const ExperimentConfig& config);

// Loads the model, validates every recipe against it once, runs them in order, and returns the
// report. `on_result` sees each finished run. Cancellable; a cancelled run returns nothing.
// `where` names the configuration's source in errors ("recipe 3 of matrix.json"); default: the
// matrix's name.
RunReport run_experiment(const ExperimentConfig& config, const Progress& progress = {}, const RunCallback& on_result = {},
                         const std::string& where = {});

// The same on a model that stays loaded between experiments (the GUI): the evaluation tokens and
// the unquantized model's logits are kept while the evaluation and smoothing-calibration settings
// stay the same. One experiment at a time.
class ExperimentRunner {
public:
    // `identity` is the model's (identify_model); the runner hashes nothing itself.
    ExperimentRunner(const Model& model, const Tokenizer& tokenizer, Backend& backend, ModelIdentity identity);
    ~ExperimentRunner();

    // Validates every recipe first (BadInput, one line, nothing runs), then runs them.
    RunReport run(const ExperimentConfig& config, const Progress& progress = {}, const RunCallback& on_result = {},
                  const std::string& where = {});

    // A census of the model the smoothing statistics may come from (pipeline/quantize.h,
    // QuantizeSession::use_census): used when its calibration windows are the experiment's
    // smoothing calibration. Null: none.
    void set_calibration_census(std::shared_ptr<const Census> census) { census_ = std::move(census); }

    // The report header of the latest run() (its model, evaluation tokens, corpus, reference),
    // without runs; valid once its first result has been delivered.
    const RunReport& header() const { return header_; }

private:
    const Model& model_;
    const Tokenizer& tokenizer_;
    Backend& backend_;
    std::unique_ptr<QuantizeSession> session_;
    SmoothCalibration smoothing_;
    CalibrationSettings gptq_calibration_;
    std::shared_ptr<const Census> census_;
    RunReport header_;
};

}  // namespace rs
