#include "io/hdf5_array.h"

#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/untrusted_text.h"
#include "io/contained_read.h"
#include "io/hdf5_bounded_driver.h"
#include "io/hdf5_io.h"

namespace rs {
namespace fs = std::filesystem;
namespace {

// "/rotation/r1" -> {"rotation", "r1"}; refuses empty, relative and dotted names before HDF5
// sees them.
std::vector<std::string> dataset_parts(const std::string& path, const std::string& dataset) {
    if (dataset.size() < 2 || dataset.front() != '/')
        fail_input(printable(path), "dataset name " + printable(dataset) + " must start with '/', e.g. /rotation/r1");
    std::vector<std::string> parts;
    size_t from = 1;
    while (from <= dataset.size()) {
        const size_t slash = std::min(dataset.find('/', from), dataset.size());
        const std::string part = dataset.substr(from, slash - from);
        if (part.empty() || part == "." || part == "..")
            fail_input(printable(path), "bad dataset name " + printable(dataset));
        parts.push_back(part);
        from = slash + 1;
    }
    return parts;
}

// Reads (values != nullptr) or only measures the dataset; every failure is one BadInput line.
std::vector<int64_t> read_unchecked(const std::string& path, const std::string& dataset, std::vector<double>* values) {
    const std::vector<std::string> parts = dataset_parts(path, dataset);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) fail_input(printable(path), "no such file");
    if (!has_hdf5_signature(path)) fail_input(printable(path), "not an HDF5 file");
    const uint64_t file_size = fs::file_size(path, ec);
    // Datasets may be compressed (deflate expands at most ~1032x).
    const h5::Reader reader(file_size * 1100 + (1u << 20));
    auto held = h5::lock();
    try {
        H5::H5File file(path, H5F_ACC_RDONLY, H5::FileCreatPropList::DEFAULT, h5::bounded_read_access());
        H5::Group g = file.openGroup("/");
        for (size_t i = 0; i + 1 < parts.size(); ++i) {
            if (!h5::has_child(g, parts[i]) || g.childObjType(parts[i]) != H5O_TYPE_GROUP)
                fail_input(printable(path), "holds no dataset " + printable(dataset));
            g = g.openGroup(parts[i]);
        }
        if (!h5::has_child(g, parts.back())) fail_input(printable(path), "holds no dataset " + printable(dataset));
        const h5::Shape rank_any = [&] {
            const H5::DataSet ds = g.openDataSet(parts.back());
            return h5::Shape(static_cast<size_t>(std::max(ds.getSpace().getSimpleExtentNdims(), 0)), -1);
        }();
        const h5::Shape shape = reader.shape(g, parts.back(), rank_any, h5::Kind::F64);
        if (values) {
            int64_t n = 1;
            for (int64_t d : shape) n *= d;
            values->assign(static_cast<size_t>(n), 0.0);
            reader.read_raw(g, parts.back(), h5::Kind::F64, values->data(), shape);
        }
        return shape;
    } catch (const h5::FormatError& e) {
        fail_input(printable(path), printable(e.what()));
    } catch (const H5::Exception& e) {
        fail_input(printable(path), "cannot read " + printable(dataset) + " (" + printable(e.getDetailMsg()) + ")");
    } catch (const std::bad_alloc&) {
        fail_input(printable(path), "corrupt HDF5 (a dataset too large to read)");
    } catch (const std::length_error&) {
        fail_input(printable(path), "corrupt HDF5 (a dataset too large to read)");
    }
}

}  // namespace

bool has_hdf5_signature(const std::string& path) {
    static constexpr char kSignature[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
    std::ifstream in(path, std::ios::binary);
    char head[8] = {};
    return in.read(head, sizeof head) && std::memcmp(head, kSignature, sizeof head) == 0;
}

F64Array read_hdf5_f64(const std::string& path, const std::string& dataset) {
    h5::check_in_child(path, [&] {
        std::vector<double> values;
        read_unchecked(path, dataset, &values);
    });
    F64Array a;
    a.shape = read_unchecked(path, dataset, &a.values);
    return a;
}

std::vector<int64_t> hdf5_f64_shape(const std::string& path, const std::string& dataset) {
    h5::check_in_child(path, [&] { read_unchecked(path, dataset, nullptr); });
    return read_unchecked(path, dataset, nullptr);
}

}  // namespace rs
