// A table-driven encoder for the minifloat element types, exactly equal to minifloat_encode with
// saturation for every finite input, but with no libm calls: the fake quantizers run it for
// every activation of every linear (hundreds of millions of elements per evaluation), where the
// reference encoder's ilogb/ldexp/nearbyint dominated the whole evaluation. The grid and its
// encoder live in element_math.h, shared with the CUDA kernels.
#pragma once
#include <cstdint>

#include "quant/element_math.h"
#include "quant/minifloat.h"

namespace rs::quant {

class MinifloatTable {
public:
    explicit MinifloatTable(Minifloat f);

    // minifloat_encode(f, x, true) for finite x (NaN/Inf are the caller's business).
    uint8_t encode(double x) const { return grid_encode(grid_, x); }
    // The same for a float argument, in float arithmetic for FP4/FP6.
    uint8_t encode(float x) const { return grid_encode(grid_, x); }
    float decode(uint8_t code) const { return grid_.value[code]; }

    const MinifloatGrid& grid() const { return grid_; }

private:
    MinifloatGrid grid_;
};

// One shared table per format.
const MinifloatTable& minifloat_table(Minifloat f);

}  // namespace rs::quant
