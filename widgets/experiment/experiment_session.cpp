#include "experiment/experiment_session.h"

#include <algorithm>

#include "report/model_identity.h"

namespace rs::gui {

ExperimentSession::ExperimentSession(std::shared_ptr<const rs::Model> model, std::shared_ptr<const rs::Tokenizer> tokenizer)
    : model_(std::move(model)), tokenizer_(std::move(tokenizer)), backend_(rs::make_cpu_backend()) {}

ExperimentSession::~ExperimentSession() = default;

std::vector<rs::RunResult> ExperimentSession::run(const rs::RecipeMatrix& matrix, const rs::SmoothCalibration& smoothing,
                                                  const rs::Progress& progress,
                                                  const std::function<void(const rs::RunResult&)>& on_result) {
    if (!session_ || session_->eval() != matrix.eval || smoothing_ != smoothing) {
        // Drop the old reference logits before computing new ones: they may be most of the memory.
        session_.reset();
        info_ = {};
        session_ = std::make_unique<rs::QuantizeSession>(*model_, *tokenizer_, *backend_, matrix.eval, smoothing);
        smoothing_ = smoothing;
        info_.eval = matrix.eval;
        info_.corpus_name = session_->corpus_name();
        info_.corpus_path = session_->corpus_path();
        if (!info_.corpus_path.empty()) info_.corpus_sha256 = rs::sha256_file(info_.corpus_path, progress);
        // The Full protocol scores whole windows of ctx tokens.
        const auto ctx = static_cast<int64_t>(std::max(1, matrix.eval.ctx));
        int64_t windows = static_cast<int64_t>(session_->eval_tokens().size()) / ctx;
        if (matrix.eval.windows > 0) windows = std::min<int64_t>(windows, matrix.eval.windows);
        info_.eval_tokens = windows * ctx;
    }
    return rs::run_matrix(*session_, matrix, progress, on_result);
}

}  // namespace rs::gui
