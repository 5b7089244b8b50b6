// A float64 array kept in an HDF5 file, read with the hardening of the report readers (a forked
// check first, the bounded driver, a byte budget the file's size sets): how a recipe reads a
// fitted rotation it names as "file:fit.h5#/rotation/r1" (the fit report written by
// `rotoscope-cli fit-rotation -o` / `learn-rotation -o`), or a matrix a user saved with h5py.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace rs {

struct F64Array {
    std::vector<int64_t> shape;
    std::vector<double> values;  // row-major
};

// The dataset at `dataset` ("/group/name"). BadInput "<path>: ..." (one line) for a file that is
// missing or not HDF5, "holds no dataset /x" when it is absent, data that is not float64, and
// damaged files; never crashes on hostile ones.
F64Array read_hdf5_f64(const std::string& path, const std::string& dataset);
// The shape alone (same errors).
std::vector<int64_t> hdf5_f64_shape(const std::string& path, const std::string& dataset);

// Whether the file starts with the HDF5 signature (at offset 0, where Rotoscope and h5py put it).
bool has_hdf5_signature(const std::string& path);

}  // namespace rs
