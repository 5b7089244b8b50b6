// Build facts of the CUDA backend that tests check. The backend itself is reached through
// backend/backend.h (make_cuda_backend()).
#pragma once

namespace rs::cuda {

// EIGEN_MAX_ALIGN_BYTES as compiled into this library. Eigen picks its heap allocator by it
// (plain malloc at 16 bytes, its own over-aligned allocator above), and the backend resizes
// MatrixRMs that the engine frees, so it must equal the engine's value: same -march flags.
int eigen_max_align_bytes();

}  // namespace rs::cuda
