// Hadamard matrices for rotations (QuaRot/SpinQuant R1..R4): the fast Walsh-Hadamard transform
// for powers of two, and orders n = K·2^m applied as (H_K ⊗ H_2^m) with a small dense H_K.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <vector>

#include "model/model.h"

namespace rs {

using MatrixRMd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// A ±1 matrix H of order k with H·Hᵀ = k·I, from the first construction that applies:
// Sylvester doubling for powers of two, Paley I (k-1 a prime or prime square ≡ 3 mod 4),
// Paley II (k/2-1 a prime or prime square ≡ 1 mod 4), Williamson-type first rows from the
// literature (k = 156, 172), or doubling of a constructible k/2. Not normalized.
// BadInput "no Hadamard construction of order k" otherwise (also above kMaxHadamardBase).
Eigen::MatrixXi hadamard_base(int k);
bool has_hadamard_base(int k);
// hadamard_base(k) as k·k row-major int8 entries (±1): the table the CUDA kernels read.
std::vector<int8_t> hadamard_base_int8(int k);

// Base orders are built densely and applied as a dense k×k product, so they stay small.
inline constexpr int kMaxHadamardBase = 4096;

// n = k · pow2 with pow2 a power of two and k the smallest constructible base order.
struct HadamardSplit {
    int k = 1;
    int64_t pow2 = 1;
};
std::optional<HadamardSplit> find_hadamard_split(int64_t n);
// As find_hadamard_split, BadInput "no Hadamard construction of order n" when there is none.
HadamardSplit hadamard_split(int64_t n);

// In-place orthonormal Walsh-Hadamard transform of every row (Sylvester order, scaled by
// 1/sqrt(len)): row ← row · H_len / sqrt(len). The row length must be a power of two.
void fwht_rows(Eigen::Ref<MatrixRM> x);
void fwht_rows(Eigen::Ref<MatrixRMd> x);

// The orthogonal Q = (H_k ⊗ H_pow2) / sqrt(n) of hadamard_split(n), dense.
Eigen::MatrixXd hadamard_matrix(int64_t n);

// row ← row · hadamard_matrix(cols) for every row, in O(n·(log n + k)) per row; with `transpose`,
// row ← row · hadamard_matrix(cols)ᵀ (the inverse: the base H_k need not be symmetric).
void hadamard_rows(Eigen::Ref<MatrixRM> x, bool transpose = false);
void hadamard_rows(Eigen::Ref<MatrixRMd> x, bool transpose = false);

}  // namespace rs
