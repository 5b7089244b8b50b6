// What the experiment runs of one loaded model share across jobs: a CPU backend and an
// rs::QuantizeSession, whose evaluation tokens and reference logits are computed once and reused
// by every later run with the same evaluation and smoothing-calibration settings. Used from the
// JobRunner's worker only (one job at a time); the window creates it per loaded model.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "core/progress.h"
#include "pipeline/quantize.h"
#include "tokenizer/tokenizer.h"

namespace rs::gui {

// What a run report needs to say about the tokens the runs were evaluated on.
struct EvalInfo {
    rs::EvalSettings eval;
    std::string corpus_name, corpus_path, corpus_sha256;
    int64_t eval_tokens = 0;
};

class ExperimentSession {
public:
    ExperimentSession(std::shared_ptr<const rs::Model> model, std::shared_ptr<const rs::Tokenizer> tokenizer);
    ~ExperimentSession();

    // Runs every recipe of `matrix` (validated before the first runs) on matrix.eval's tokens,
    // making a new QuantizeSession only when those settings or `smoothing` differ from the last.
    // `on_result` sees each finished run, on the worker thread.
    std::vector<rs::RunResult> run(const rs::RecipeMatrix& matrix, const rs::SmoothCalibration& smoothing,
                                   const rs::Progress& progress,
                                   const std::function<void(const rs::RunResult&)>& on_result);

    // Of the session the last run() used; empty before.
    const EvalInfo& eval_info() const { return info_; }
    const rs::Model& model() const { return *model_; }

private:
    std::shared_ptr<const rs::Model> model_;
    std::shared_ptr<const rs::Tokenizer> tokenizer_;
    std::unique_ptr<rs::Backend> backend_;
    std::unique_ptr<rs::QuantizeSession> session_;
    rs::SmoothCalibration smoothing_;
    EvalInfo info_;
};

}  // namespace rs::gui
