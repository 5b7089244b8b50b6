// Greedy decoding with a KV cache.
#pragma once
#include <functional>
#include <vector>

#include "core/progress.h"
#include "runtime/forward.h"

namespace rs {

struct GenerateOptions {
    int max_new_tokens = 64;
    int context = 0;                          // 0: prompt + max_new_tokens
    std::function<bool(int32_t)> stop;        // true for end-of-generation tokens
    std::function<void(int32_t)> on_token;    // streaming callback
};

// Returns the generated ids (without the prompt).
std::vector<int32_t> generate_greedy(Forward& fwd, const std::vector<int32_t>& prompt, const GenerateOptions& opt,
                                     const Progress& progress = {});

}  // namespace rs
