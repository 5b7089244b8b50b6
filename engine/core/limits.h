// Limits on what a file may ask Rotoscope to build, checked before anything is allocated for
// it. A file of a few bytes can claim a billion layers or a vocabulary id of 2^31; without these
// checks that claim becomes an allocation of gigabytes or a loop of minutes before the data that
// would justify it is even looked at. Each limit sits far above every real model (Llama-3.1-405B:
// 126 layers, d_model 16384, d_ff 53248, 128 heads; Gemma: 262144 tokens, head_dim 256) and is
// one row of the table below, so that the message names it the same way everywhere.
#pragma once
#include <cstdint>
#include <iterator>
#include <string>

namespace rs {

enum class Limit {
    Layers,
    ModelWidth,     // d_model
    FfnWidth,       // d_ff
    Heads,          // attention and key/value heads
    HeadDim,
    Vocabulary,     // tokens (vocabulary size, largest token id)
    Context,        // positions (max_position_embeddings, --ctx)
    Tensors,        // tensors in one checkpoint
    MatrixRuns,     // runs a recipe matrix expands to
    MatrixEntries,  // rotations, formats, seeds or explicit recipes listed in a matrix
    Count_,
};

struct LimitInfo {
    Limit id;
    const char* name;  // how messages name the limit ("layers")
    int64_t max;
};

inline constexpr LimitInfo kLimits[] = {
    {Limit::Layers, "layers", 1024},
    {Limit::ModelWidth, "model width (d_model)", 65536},
    {Limit::FfnWidth, "feed-forward width (d_ff)", 1 << 20},
    {Limit::Heads, "attention heads", 4096},
    {Limit::HeadDim, "head dimension", 4096},
    {Limit::Vocabulary, "vocabulary size", 1 << 22},
    {Limit::Context, "context length", 1 << 30},
    {Limit::Tensors, "tensors per checkpoint", 1 << 20},
    {Limit::MatrixRuns, "runs per recipe matrix", 10000},
    {Limit::MatrixEntries, "entries per matrix list", 10000},
};
static_assert(std::size(kLimits) == static_cast<size_t>(Limit::Count_), "one row per limit");

constexpr const LimitInfo& limit_info(Limit l) { return kLimits[static_cast<size_t>(l)]; }
constexpr int64_t limit_max(Limit l) { return limit_info(l).max; }

// BadInput "<file>: <what> is <value>, above Rotoscope's limit of <max> <name>" when
// value > the limit (and "<what> must be positive, but is <value>" for value < 1 when
// `positive`). Returns value, so that reads can check and assign in one line.
int64_t check_limit(Limit l, int64_t value, const std::string& file, const std::string& what, bool positive = true);

}  // namespace rs
