// splitmix64: the project's portable seeded generator for every random choice (calibration
// windows, random rotations, synthetic data). Our own, not std::uniform_int_distribution, whose
// output differs between standard libraries: a seed must name the same draws everywhere.
#pragma once
#include <cstdint>

#include "core/error.h"

namespace rs {

class SeededRng {
public:
    explicit SeededRng(uint64_t seed) : state_(seed) {}

    uint64_t next() {
        state_ += 0x9e3779b97f4a7c15ULL;
        uint64_t z = state_;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, n) by rejection (no modulo bias); n > 0.
    uint64_t below(uint64_t n) {
        if (n == 0) fail_runtime("SeededRng::below(0)");
        // 2^64 mod n: draws under it would make the low residues more likely than the others.
        const uint64_t reject_below = (0 - n) % n;
        for (;;) {
            const uint64_t r = next();
            if (r >= reject_below) return r % n;
        }
    }

    // Uniform in [0, 1) with 53 random bits.
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    uint64_t state_;
};

}  // namespace rs
