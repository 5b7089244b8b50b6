#include "fit/rotation_blocks.h"

#include <fmt/format.h>

#include "core/error.h"

namespace rs {

RotationBlocks rotation_blocks(const char* what, int64_t d, int block) {
    if (block < 0) fail_input(what, fmt::format("block size must be positive, got {}", block));
    if (block == 0) return {d, 1};
    if (d % block != 0) fail_input(what, fmt::format("block size {} does not divide d_model {}", block, d));
    return {block, d / block};
}

void check_start_rotation(const char* what, const MatrixD& r, const RotationBlocks& b) {
    const int64_t d = b.size * b.count;
    if (r.rows() != d || r.cols() != d)
        fail_input(what, fmt::format("the starting rotation is {}x{}, expected {}x{}", r.rows(), r.cols(), d, d));
    if (!r.allFinite()) fail_input(what, "the starting rotation holds a NaN or an infinity");
    if (orthogonality_of(r) > 1e-6) fail_input(what, "the starting rotation is not orthogonal");
    if (b.count == 1) return;
    for (int64_t i = 0; i < b.count; ++i)
        for (int64_t j = 0; j < b.count; ++j)
            if (i != j && r.block(i * b.size, j * b.size, b.size, b.size).cwiseAbs().maxCoeff() > 1e-12)
                fail_input(what, fmt::format("the starting rotation is not block-diagonal with blocks of {}", b.size));
}

double orthogonality_of(const MatrixD& r) {
    return (r.transpose() * r - MatrixD::Identity(r.rows(), r.cols())).cwiseAbs().maxCoeff();
}

}  // namespace rs
