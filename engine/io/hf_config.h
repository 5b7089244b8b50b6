// Hugging Face config.json -> ModelConfig for the four supported decoder families.
// Accepts both the transformers 4.x spellings (rope_theta / rope_scaling / torch_dtype) and the
// transformers >= 5 ones (rope_parameters / dtype). Every problem is one BadInput line naming
// the file and the key.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model/model.h"

namespace rs {

struct HfConfig {
    ModelConfig cfg;
    std::string model_type;     // as written ("llama", ...), may be empty
    std::string architecture;   // the supported class chosen ("LlamaForCausalLM", ...)
    std::string torch_dtype;    // "bfloat16", ... ("torch_dtype" or "dtype"); empty when absent
    int64_t bos_token_id = -1;
    std::vector<int64_t> eos_token_ids;  // eos_token_id may be one id or a list
    // Llama/Qwen3 attention_bias adds biases to q/k/v AND o_proj (cfg.qkv_bias is set too);
    // Qwen2 always has q/k/v biases and no o_proj bias, with attention_bias left false.
    bool attention_bias = false;
    bool mlp_bias = false;
    // Tokens each position attends back to; 0 = full attention. Mistral v0.1 uses 4096; Qwen2/3
    // only when use_sliding_window is true.
    int64_t sliding_window = 0;
};

// The transformers class and model_type written for an architecture ("LlamaForCausalLM", "llama").
const char* hf_architecture_class(Arch arch);
const char* hf_model_type(Arch arch);

// Reads and parses the file; errors name config_json_path.
HfConfig parse_hf_config(const std::string& config_json_path);
HfConfig parse_hf_config_text(const std::string& json_text, const std::string& source_name_for_errors);

}  // namespace rs
