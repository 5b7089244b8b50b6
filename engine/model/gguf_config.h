// ModelConfig from GGUF metadata ({arch}.* keys, formats.md §5.6).
#pragma once
#include "model/model.h"

namespace rs {
class GgufFile;
ModelConfig model_config_from_gguf(const GgufFile& f);
}  // namespace rs
