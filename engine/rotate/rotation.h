// Orthogonal rotations Q applied to activations/weights as x ← x·Q (issue 4): the identity,
// (random) Hadamard as in QuaRot, block-diagonal Hadamard as in MR-GPTQ, and Haar-random
// orthogonal matrices as in QuaRot's "random" mode and SpinQuant's baseline.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "model/model.h"
#include "rotate/rotation_spec.h"

namespace rs {

// "none", "hadamard", "rhadamard[:seed=N]", "blockN" or "block:N", "orthogonal[:seed=N]".
// BadInput with a one-line message for anything else.
RotationSpec parse_rotation(const std::string& text);
// The canonical text; parse_rotation(rotation_name(s)) == s.
std::string rotation_name(const RotationSpec& spec);

// BadInput (one line) when the spec has no matrix of order n; cheap (builds nothing).
void check_rotation_order(const RotationSpec& spec, int64_t n);

// The dense orthogonal Q of order n (float64). BadInput when the spec has no matrix of order n
// (no Hadamard construction, or a block size that does not divide n).
Eigen::MatrixXd rotation_matrix(const RotationSpec& spec, int64_t n);

// How many matrices of order n the spec names: for the File kind, the raw file's size over n²·8
// bytes, or the leading extent of an HDF5 dataset [count, n, n] (1 for [n, n]); 0 when that is
// not a whole number or the file cannot be read (the matrices are not read), else 1.
int64_t rotation_count(const RotationSpec& spec, int64_t n);

// `count` matrices of order n, one per layer: a File holding a stack of `count` (row-major
// float64, one after the other, or an HDF5 dataset [count, n, n]; each checked for
// orthogonality), else `count` copies of
// rotation_matrix(spec, n). BadInput (one line) when the file holds another number.
std::vector<Eigen::MatrixXd> rotation_matrices(const RotationSpec& spec, int64_t n, int64_t count);

// x ← x·rotation_matrix(spec, n), without forming Q for the Hadamard kinds. x must have n columns.
void rotate_rows(const RotationSpec& spec, int64_t n, MatrixRM& x);

// The ±1 signs s of RandomHadamard (Q = diag(s)·H/sqrt(n)), drawn from SeededRng(seed).
Eigen::VectorXd random_signs(uint64_t seed, int64_t n);

}  // namespace rs
