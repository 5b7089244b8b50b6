// Hugging Face tokenizer.json (model.type "BPE") -> TokenizerSpec, so HF checkpoints tokenize
// exactly like the GGUF files converted from them. tokenizer_config.json and config.json in
// the same folder, when present, supply BOS/EOS/PAD and add_bos_token/add_eos_token.
#pragma once
#include <string>

#include "tokenizer/tokenizer_spec.h"

namespace rs {

// Throws rs::Error (BadInput) for a missing or malformed file, or a tokenizer kind we do not
// implement (WordPiece, Unigram, BPE without byte-level or SentencePiece-style spaces).
// A pre-tokenizer we cannot map is reported by make_tokenizer as unsupported, naming it.
TokenizerSpec tokenizer_spec_from_hf_json(const std::string& path);

// The same from JSON text; tokenizer_config / model_config may be empty strings.
TokenizerSpec tokenizer_spec_from_hf_json_text(const std::string& tokenizer_json, const std::string& source,
                                               const std::string& tokenizer_config = {},
                                               const std::string& model_config = {});

}  // namespace rs
