// Element types of device activation buffers. Host C++ and .cu files both include this; the
// device-side conversions are in dtype_device.cuh.
#pragma once
#include <cstddef>

namespace rs::cuda {

enum class DType : int { F32, F16, BF16 };

struct DTypeTraits {
    DType type;
    const char* name;
    std::size_t bytes;
};

inline constexpr DTypeTraits kDTypes[] = {
    {DType::F32, "fp32", 4},
    {DType::F16, "fp16", 2},
    {DType::BF16, "bf16", 2},
};

inline constexpr const DTypeTraits& dtype_traits(DType t) { return kDTypes[static_cast<int>(t)]; }

}  // namespace rs::cuda
