// What the fitters (fit/procrustes.h, fit/cayley.h) share about the rotation they fit: its
// diagonal blocks (one dense d×d block, or d/b blocks of b×b that stay block-diagonal through
// every step), the checks on a starting rotation, and how far a result is from orthogonal.
#pragma once
#include <cstdint>

#include "model/model.h"

namespace rs {

struct RotationBlocks {
    int64_t size = 0, count = 0;  // count blocks of size×size on the diagonal
};

// `block` 0: one block of d. BadInput (one line, naming `what`) for a negative block or one that
// does not divide d.
RotationBlocks rotation_blocks(const char* what, int64_t d, int block);

// BadInput (naming `what`) when `r` is not d×d, not orthogonal (max |RᵀR − I| > 1e-6), or has
// entries outside the blocks.
void check_start_rotation(const char* what, const MatrixD& r, const RotationBlocks& b);

// max |RᵀR − I|.
double orthogonality_of(const MatrixD& r);

}  // namespace rs
