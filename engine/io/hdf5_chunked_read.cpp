#include "io/hdf5_chunked_read.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <vector>

namespace rs::h5 {
namespace {

// Far above the ~256 KiB chunks the writer makes; a chunk is allocated whole before decoding.
constexpr uint64_t kMaxChunkBytes = uint64_t{64} << 20;

struct Filter {
    H5Z_filter_t id;
    size_t shuffle_size;  // element size a shuffle filter was set up with
};

std::vector<Filter> filters_of(const H5::DSetCreatPropList& dcpl, const std::string& path, size_t elem) {
    std::vector<Filter> out;
    const int n = dcpl.getNfilters();
    for (int i = 0; i < n; ++i) {
        unsigned flags = 0, cd[8] = {};
        size_t n_cd = 8;
        const H5Z_filter_t id = H5Pget_filter2(dcpl.getId(), static_cast<unsigned>(i), &flags, &n_cd, cd, 0, nullptr, nullptr);
        if (id == H5Z_FILTER_DEFLATE) {
            out.push_back({id, 0});
        } else if (id == H5Z_FILTER_SHUFFLE) {
            if (n_cd < 1 || cd[0] != elem)
                throw FormatError(path + ": shuffle filter set up for " + (n_cd ? std::to_string(cd[0]) : std::string("no")) +
                                  "-byte elements, expected " + std::to_string(elem));
            out.push_back({id, elem});
        } else {
            throw FormatError(path + ": unsupported filter " + std::to_string(id));
        }
    }
    return out;
}

void inflate_exact(const std::vector<unsigned char>& in, std::vector<unsigned char>& out, size_t size, const std::string& where) {
    out.assign(size, 0);
    z_stream z{};
    if (inflateInit(&z) != Z_OK) throw FormatError(where + ": cannot start zlib");
    z.next_in = const_cast<unsigned char*>(in.data());
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(size);
    const int status = inflate(&z, Z_FINISH);
    const uLong produced = z.total_out;
    inflateEnd(&z);
    if (status != Z_STREAM_END || produced != size)
        throw FormatError(where + ": does not inflate to " + std::to_string(size) + " bytes");
}

// Undoes HDF5's shuffle: byte b of every element was stored together, plane after plane.
void unshuffle(const std::vector<unsigned char>& in, std::vector<unsigned char>& out, size_t elem) {
    const size_t n = in.size() / elem;
    out.resize(in.size());
    for (size_t b = 0; b < elem; ++b)
        for (size_t e = 0; e < n; ++e) out[e * elem + b] = in[b * n + e];
}

// The report file itself, for the chunks' bytes: read by us, at addresses we have checked.
class RawFile {
public:
    RawFile(const std::string& file, const std::string& dataset) : in_(file, std::ios::binary) {
        if (!in_) throw FormatError(dataset + ": cannot reopen the file to read the chunks");
        in_.seekg(0, std::ios::end);
        size_ = static_cast<uint64_t>(in_.tellg());
    }
    uint64_t size() const { return size_; }
    void read(uint64_t at, std::vector<unsigned char>& buf, const std::string& where) {
        in_.seekg(static_cast<std::streamoff>(at));
        in_.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
        if (!in_) throw FormatError(where + ": cannot read " + std::to_string(buf.size()) + " bytes at byte " + std::to_string(at));
    }

private:
    std::ifstream in_;
    uint64_t size_ = 0;
};

// HDF5 addresses count from the end of the file's user block (none in our reports).
uint64_t user_block_size(const H5::DataSet& ds) {
    const hid_t file = H5Iget_file_id(ds.getId());
    if (file < 0) throw H5::DataSetIException("H5Iget_file_id", "cannot find the dataset's file");
    const hid_t fcpl = H5Fget_create_plist(file);
    hsize_t size = 0;
    const herr_t status = fcpl < 0 ? -1 : H5Pget_userblock(fcpl, &size);
    if (fcpl >= 0) H5Pclose(fcpl);
    H5Fclose(file);
    if (status < 0) throw H5::DataSetIException("H5Pget_userblock", "cannot read the user block size");
    return size;
}

std::string coords_text(const std::vector<hsize_t>& c) {
    Shape s(c.begin(), c.end());
    return shape_text(s);
}

// Steps `idx` through every tuple below `limit`, last index fastest; false when done.
bool next_index(std::vector<hsize_t>& idx, const std::vector<hsize_t>& limit) {
    for (size_t d = idx.size(); d-- > 0;) {
        if (++idx[d] < limit[d]) return true;
        idx[d] = 0;
    }
    return false;
}

}  // namespace

void read_chunked(const H5::DataSet& ds, const std::string& path, const Shape& dims, size_t elem, unsigned char* out) {
    const size_t rank = dims.size();
    for (int64_t d : dims)
        if (d == 0) return;
    const H5::DSetCreatPropList dcpl = ds.getCreatePlist();
    std::vector<hsize_t> chunk(std::max<size_t>(rank, 1), 0);
    if (rank == 0 || dcpl.getChunk(static_cast<int>(rank), chunk.data()) != static_cast<int>(rank))
        throw FormatError(path + ": chunks of a different rank than the data");
    uint64_t chunk_bytes = elem;
    for (size_t d = 0; d < rank; ++d) {
        // The writer never makes a chunk larger than the data; this also bounds the allocation.
        if (chunk[d] == 0 || chunk[d] > static_cast<hsize_t>(dims[d]) || chunk_bytes > kMaxChunkBytes / chunk[d])
            throw FormatError(path + ": chunk shape " + coords_text(chunk) + " does not fit shape " + shape_text(dims));
        chunk_bytes *= chunk[d];
    }
    const std::vector<Filter> filters = filters_of(dcpl, path, elem);

    std::vector<hsize_t> grid(rank), stride(rank, 1), chunk_stride(rank, 1);
    for (size_t d = 0; d < rank; ++d) grid[d] = (static_cast<hsize_t>(dims[d]) + chunk[d] - 1) / chunk[d];
    for (size_t d = rank - 1; d-- > 0;) {
        stride[d] = stride[d + 1] * static_cast<hsize_t>(dims[d + 1]);
        chunk_stride[d] = chunk_stride[d + 1] * chunk[d + 1];
    }

    RawFile file(ds.getFileName(), path);
    const uint64_t base = user_block_size(ds);
    if (base > file.size()) throw FormatError(path + ": user block larger than the file");
    std::vector<unsigned char> stored, work;
    std::vector<hsize_t> at(rank, 0), offset(rank);
    do {
        for (size_t d = 0; d < rank; ++d) offset[d] = at[d] * chunk[d];
        const std::string where = path + ": chunk at " + coords_text(offset);
        unsigned skipped = 0;
        haddr_t addr = HADDR_UNDEF;
        hsize_t size = 0;
        if (H5Dget_chunk_info_by_coord(ds.getId(), offset.data(), &skipped, &addr, &size) < 0)
            throw H5::DataSetIException("H5Dget_chunk_info_by_coord", "cannot look up a chunk");
        if (addr == HADDR_UNDEF || size == 0) throw FormatError(where + ": missing");
        // Deflate may grow incompressible data a little (HDF5 then stores the chunk unfiltered).
        if (size > chunk_bytes + chunk_bytes / 64 + 1024)
            throw FormatError(where + ": " + std::to_string(size) + " bytes stored, more than a chunk of " +
                              std::to_string(chunk_bytes) + " bytes needs");
        if (addr > file.size() - base || size > file.size() - base - addr) throw FormatError(where + ": stored outside the file");
        stored.resize(static_cast<size_t>(size));
        file.read(base + addr, stored, where);
        for (size_t i = filters.size(); i-- > 0;) {
            if (skipped & (1u << i)) continue;
            if (filters[i].id == H5Z_FILTER_DEFLATE) {
                inflate_exact(stored, work, static_cast<size_t>(chunk_bytes), where);
            } else {
                if (stored.size() != chunk_bytes) throw FormatError(where + ": shuffled data of the wrong size");
                unshuffle(stored, work, filters[i].shuffle_size);
            }
            stored.swap(work);
        }
        if (stored.size() != chunk_bytes)
            throw FormatError(where + ": " + std::to_string(stored.size()) + " bytes, expected " + std::to_string(chunk_bytes));

        // Copy the part of the chunk inside the data, one run along the last dimension at a time.
        std::vector<hsize_t> inside(rank), t(rank, 0);
        for (size_t d = 0; d < rank; ++d) inside[d] = std::min<hsize_t>(chunk[d], static_cast<hsize_t>(dims[d]) - offset[d]);
        const size_t run = static_cast<size_t>(inside[rank - 1]) * elem;
        std::vector<hsize_t> rows = inside;
        rows[rank - 1] = 1;
        do {
            hsize_t src = 0, dst = offset[rank - 1];
            for (size_t d = 0; d + 1 < rank; ++d) {
                src += t[d] * chunk_stride[d];
                dst += (offset[d] + t[d]) * stride[d];
            }
            std::memcpy(out + dst * elem, stored.data() + src * elem, run);
        } while (next_index(t, rows));
    } while (next_index(at, grid));
}

}  // namespace rs::h5
