// The rotary position embedding's frequencies of a model configuration (with Llama-3, linear or
// explicit per-frequency scaling), and the angle table they give: what the CPU's Rope
// (runtime/rope.h) and the device forward pass both rotate by.
#pragma once
#include <cstdint>
#include <vector>

#include "model/model.h"

namespace rs {

// head_dim/2 inverse frequencies, scaling applied.
std::vector<double> rope_inv_freq(const ModelConfig& cfg);

// cos/sin[t·half + i] = cos/sin((pos0 + t) · inv_freq[i]) computed in double and stored as float,
// as Rope::apply rotates row t; half = inv_freq.size().
void rope_table(const std::vector<double>& inv_freq, int64_t pos0, int64_t rows, std::vector<float>& cos, std::vector<float>& sin);

}  // namespace rs
