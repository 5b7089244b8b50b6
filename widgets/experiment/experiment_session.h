// What the experiment jobs of one loaded model share: a backend and an rs::ExperimentRunner,
// whose evaluation tokens and reference logits are computed once and reused by every later run
// with the same evaluation and smoothing-calibration settings. Used from the JobRunner's worker
// only (one job at a time); the window creates it per loaded model.
#pragma once
#include <memory>

#include "backend/backend.h"
#include "pipeline/experiment.h"
#include "tokenizer/tokenizer.h"

namespace rs::gui {

class ExperimentSession {
public:
    // `backend`: a spec (backend/backend.h), "cpu" or an available CUDA device.
    ExperimentSession(std::shared_ptr<const rs::Model> model, std::shared_ptr<const rs::Tokenizer> tokenizer,
                      rs::ModelIdentity identity, const std::string& backend);

    rs::ExperimentRunner& runner() { return *runner_; }
    const std::string& backend_spec() const { return backend_spec_; }

private:
    std::shared_ptr<const rs::Model> model_;
    std::shared_ptr<const rs::Tokenizer> tokenizer_;
    std::string backend_spec_;
    std::unique_ptr<rs::Backend> backend_;
    std::unique_ptr<rs::ExperimentRunner> runner_;
};

}  // namespace rs::gui
