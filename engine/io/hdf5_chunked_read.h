// Reading chunked datasets without HDF5's filter pipeline, private to the engine's HDF5 code.
//
// HDF5 1.10 copies a whole chunk's worth of bytes out of whatever its filters returned, without
// checking that they returned that much: a damaged chunk shape or chunk index makes it read
// past the end of the decompressed buffer (and H5Dread_chunk writes as many bytes as the chunk
// index says, which H5Dget_chunk_storage_size does not always report). Here HDF5 only says
// where each chunk lies; its bytes are read, inflated and unshuffled by us, and must come out
// exactly one chunk long.
#pragma once
#include "io/hdf5_io.h"

namespace rs::h5 {

// Reads all elements of the chunked dataset `ds` (shape `dims`, already validated) into `out`,
// row-major, each `elem` bytes in the file's own type. Filters other than shuffle and deflate,
// chunks that do not fit the shape, missing chunks and chunks that do not decode to their size
// are FormatError("<path>: ...").
void read_chunked(const H5::DataSet& ds, const std::string& path, const Shape& dims, size_t elem, unsigned char* out);

}  // namespace rs::h5
