// TokenizerSpec -> Hugging Face tokenizer.json and tokenizer_config.json: the inverse of
// tokenizer/hf_tokenizer_json.h, so that a model exported from a GGUF file tokenizes in
// transformers exactly as it does here (and as llama.cpp does). Byte-level BPE with the
// pre-tokenizers the reader recognises (gpt2, smollm, llama-bpe, qwen2), and SentencePiece-style
// BPE (GGUF "llama" tokenizers) as Llama-2's tokenizer.json spells it, with the merges recovered
// from the scores as transformers' converter does.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "tokenizer/tokenizer_spec.h"

namespace rs {

// BadInput "<spec.source>: ..." for a tokenizer this writer cannot spell.
nlohmann::json hf_tokenizer_json(const TokenizerSpec& spec);
// add_bos/add_eos, the special tokens by text, the added tokens, the context length and, when
// given, the chat template.
nlohmann::json hf_tokenizer_config(const TokenizerSpec& spec, int64_t model_max_length,
                                   const std::string& chat_template = {});

}  // namespace rs
