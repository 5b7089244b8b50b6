// A read-only HDF5 file driver for reading reports (and rotations kept in them), private to the
// engine's HDF5 code.
//
// HDF5 1.10's default (sec2) driver lets the library cache metadata in an "accumulator" whose
// arithmetic adds a request's size to its address unchecked: a damaged address such as the
// all-ones "undefined" one wraps around and becomes a wild memcpy inside HDF5. This driver does
// not ask for that cache, and refuses every read that does not lie wholly inside the file.
#pragma once
#include <H5Cpp.h>

namespace rs::h5 {

// File access properties that open a file through the bounded driver (read-only). Call with
// lock() held. Where the driver is not built (HDF5 other than 1.10 / 1.12), HDF5's default.
H5::FileAccPropList bounded_read_access();

}  // namespace rs::h5
