// A loaded model with its tokenizer, backend and forward pass: what text commands work on.
#pragma once
#include <memory>
#include <string>

#include "backend/backend.h"
#include "model/model.h"
#include "runtime/forward.h"
#include "tokenizer/tokenizer.h"

namespace rs::cli {

struct Session {
    Model model;
    std::unique_ptr<Tokenizer> tokenizer;
    std::unique_ptr<Backend> backend;
    std::unique_ptr<Forward> forward;
    std::string numerics = "exact";
};

// backend: "cpu" or "cuda". numerics: "exact" (fp32, the reference) or "llamacpp" (emulate
// llama.cpp's CPU numerics; CPU backend only). Shows a progress bar while loading.
std::unique_ptr<Session> open_session(const std::string& model_spec, const std::string& backend, bool quiet = false,
                                      const std::string& numerics = "exact");
std::unique_ptr<Tokenizer> tokenizer_for(const std::string& model_spec);
std::string read_text_argument(const std::string& text, const std::string& file);

}  // namespace rs::cli
