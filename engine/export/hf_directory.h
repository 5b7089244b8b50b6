// A Hugging Face model directory: config.json, generation_config.json, tokenizer.json,
// tokenizer_config.json, the safetensors weights (sharded above the size limit) and
// rotoscope_export.json (the recipe and source it came from). The plain export writes every
// tensor in the chosen float dtype; the compressed-tensors export derives from it and replaces
// quantized linears by their packed codes and scales and adds the quantization_config.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>

#include "export/export_target.h"
#include "export/safetensors_shards.h"

namespace rs {

// config.json for the exported model (architecture class, shapes, RoPE, tying, token ids, dtype).
nlohmann::json hf_config_json(const ModelConfig& cfg, const TokenizerSpec& tokenizer, ExportDtype dtype);

class HfDirectoryWriter : public ExportWriter {
public:
    explicit HfDirectoryWriter(ExportContext context);
    void add(const ExportTensor& t) override;
    std::vector<std::string> finish() override;

protected:
    // A quantized linear with codes: true when the derived writer stored it.
    virtual bool add_quantized(const std::string& weight_name, const ExportTensor& t) {
        (void)weight_name;
        (void)t;
        return false;
    }
    virtual void extend_config(nlohmann::json& config) const { (void)config; }
    StDtype float_dtype() const;

    ExportContext ctx_;
    SafetensorsShards shards_;

private:
    nlohmann::json config_;          // config.json before extend_config
    nlohmann::json tokenizer_json_;  // tokenizer.json, when the model has a tokenizer
};

}  // namespace rs
