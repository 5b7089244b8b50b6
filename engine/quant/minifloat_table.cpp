#include "quant/minifloat_table.h"

namespace rs::quant {

MinifloatTable::MinifloatTable(Minifloat f) {
    const MinifloatInfo& info = minifloat_info(f);
    sign_bit_ = static_cast<uint8_t>(1 << (info.exp_bits + info.man_bits));
    n_mid_ = info.max_code;
    for (int c = 0; c < minifloat_code_count(f); ++c) value_[c] = minifloat_decode(f, static_cast<uint8_t>(c));
    // Neighbouring values are exact in float, so their half-sum is exact in double.
    for (int k = 0; k < n_mid_; ++k)
        mid_[k] = (static_cast<double>(value_[k]) + static_cast<double>(value_[k + 1])) / 2.0;
    for (int k = 0; k < n_mid_ && k < static_cast<int>(mid_f_.size()); ++k) mid_f_[k] = static_cast<float>(mid_[k]);
}

const MinifloatTable& minifloat_table(Minifloat f) {
    static const MinifloatTable tables[] = {MinifloatTable(Minifloat::E2M1), MinifloatTable(Minifloat::E2M3),
                                            MinifloatTable(Minifloat::E3M2), MinifloatTable(Minifloat::E4M3),
                                            MinifloatTable(Minifloat::E5M2)};
    return tables[static_cast<int>(f)];
}

}  // namespace rs::quant
