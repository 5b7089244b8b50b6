// The description of one orthogonal rotation (kind, block, seed), apart from the code that builds
// it, so that a Model can name the online rotations it needs without depending on rotate/.
#pragma once
#include <cstdint>
#include <string>

namespace rs {

enum class RotationKind { Identity, Hadamard, RandomHadamard, BlockHadamard, RandomOrthogonal, File };

struct RotationSpec {
    RotationKind kind = RotationKind::Identity;
    int block = 0;      // BlockHadamard: the order of each diagonal block
    uint64_t seed = 0;  // RandomHadamard, RandomOrthogonal
    std::string path;     // File: raw float64 matrices (`rotoscope-cli fit-rotation --out`) or an HDF5 file
    std::string dataset;  // File in HDF5: the dataset ("/rotation/r1" of a fit report); "" for raw files

    bool operator==(const RotationSpec&) const = default;
};

}  // namespace rs
