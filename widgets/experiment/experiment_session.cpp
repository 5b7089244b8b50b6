#include "experiment/experiment_session.h"

namespace rs::gui {

ExperimentSession::ExperimentSession(std::shared_ptr<const rs::Model> model, std::shared_ptr<const rs::Tokenizer> tokenizer,
                                     rs::ModelIdentity identity, const std::string& backend)
    : model_(std::move(model)), tokenizer_(std::move(tokenizer)), backend_spec_(backend), backend_(rs::make_backend(backend)),
      runner_(std::make_unique<rs::ExperimentRunner>(*model_, *tokenizer_, *backend_, std::move(identity))) {}

}  // namespace rs::gui
