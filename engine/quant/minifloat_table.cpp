#include "quant/minifloat_table.h"

namespace rs::quant {

MinifloatTable::MinifloatTable(Minifloat f) {
    const MinifloatInfo& info = minifloat_info(f);
    grid_.sign_bit = static_cast<uint8_t>(1 << (info.exp_bits + info.man_bits));
    grid_.n_mid = info.max_code;
    for (int c = 0; c < minifloat_code_count(f); ++c) grid_.value[c] = minifloat_decode(f, static_cast<uint8_t>(c));
    // Neighbouring values are exact in float, so their half-sum is exact in double.
    for (int k = 0; k < grid_.n_mid; ++k)
        grid_.mid[k] = (static_cast<double>(grid_.value[k]) + static_cast<double>(grid_.value[k + 1])) / 2.0;
    for (int k = 0; k < grid_.n_mid && k < 32; ++k) grid_.mid_f[k] = static_cast<float>(grid_.mid[k]);
}

const MinifloatTable& minifloat_table(Minifloat f) {
    static const MinifloatTable tables[] = {MinifloatTable(Minifloat::E2M1), MinifloatTable(Minifloat::E2M3),
                                            MinifloatTable(Minifloat::E3M2), MinifloatTable(Minifloat::E4M3),
                                            MinifloatTable(Minifloat::E5M2)};
    return tables[static_cast<int>(f)];
}

}  // namespace rs::quant
