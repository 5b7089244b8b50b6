// TokenizerSpec from GGUF tokenizer.ggml.* metadata (formats.md 5.6).
#pragma once
#include "io/gguf.h"
#include "tokenizer/tokenizer_spec.h"

namespace rs {

// tokenizer.ggml.model "gpt2" -> ByteLevelBpe, "llama" -> SentencePiece, absent or "none" ->
// None (only `source` is filled). Absent flags take llama.cpp's defaults: SentencePiece adds BOS
// and a space prefix; byte-level BPE adds neither, except pre "llama-bpe"/"llama3", which adds
// BOS. Special-token ids outside the vocabulary are ignored (llama.cpp warns and does the same).
// Throws BadInput "<path>: ..." for an unsupported model name, missing tokens/merges, or
// arrays of the wrong type or length.
TokenizerSpec tokenizer_spec_from_gguf(const GgufFile& f);

}  // namespace rs
