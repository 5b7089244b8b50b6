// Launchers of the Hadamard kernels: the online rotations (R3 per head, R4 on the down_proj
// input, block-diagonal Hadamard of any block size) on device activations. Plain pointers, no
// Eigen (nvcc compiles the kernels).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "backend/cuda/dtype.h"

namespace rs::cuda {

// One transform: blocks of `block` = k · P columns (P a power of two), the base H_k (k×k, ±1,
// row-major int8 on the device; null when k = 1), an optional ±1 diagonal `signs` of `block`
// floats on the device, the same for every block (Q = diag(s)·H: the signs go first, and last
// for the transpose).
struct HadamardLaunch {
    int64_t block = 0;
    int k = 1;
    const int8_t* hk = nullptr;
    const float* signs = nullptr;
    bool transpose = false;
};

// Shared memory one CTA needs for `block` (k: the base order, which decides whether the mix
// needs a second buffer), and whether that fits the current device (its opt-in maximum per
// block: 227 KB on sm_90, 163 KB on sm_80, 99 KB on sm_86/89).
std::size_t hadamard_shared_bytes(int64_t block, int k);
bool hadamard_fits(int64_t block, int k);
// The same for rotate_quantize_rows, which holds a whole row of `cols`.
std::size_t rotate_quantize_shared_bytes(int64_t cols, int k);
bool rotate_quantize_fits(int64_t cols, int k);
// cudaDevAttrMaxSharedMemoryPerBlockOptin of the current device.
std::size_t max_shared_bytes();

// Every row of x [rows, cols] (row-major, on the device), in place: each block of `block`
// consecutive columns ← (block ⊙ signs) · (H_k ⊗ H_P) / sqrt(block). cols % block == 0.
void hadamard_rows(void* x, DType dtype, int64_t rows, int64_t cols, const HadamardLaunch& h, cudaStream_t stream);

}  // namespace rs::cuda
