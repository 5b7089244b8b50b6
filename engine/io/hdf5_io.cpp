#include "io/hdf5_io.h"

#include <algorithm>
#include <cstring>

#include "core/error.h"
#include "io/hdf5_chunked_read.h"

namespace rs::h5 {
namespace {

std::string g_last_error;  // guarded by lock()

herr_t keep_innermost(unsigned, const H5E_error2_t* e, void* data) {
    auto* out = static_cast<std::string*>(data);
    if (out->empty() && e && e->desc && *e->desc) *out = e->desc;
    return 0;
}

// Replaces H5Eprint2 as the automatic handler: nothing reaches stderr, but the most specific
// message survives for our own one-line errors (the stack itself is cleared by the next call,
// which may be a destructor running during unwinding).
herr_t remember_error(hid_t stack, void*) {
    std::string innermost;
    H5Ewalk2(stack, H5E_WALK_UPWARD, keep_innermost, &innermost);
    g_last_error = innermost;
    return 0;
}

H5::StrType utf8_fixed(size_t width) {
    H5::StrType t(H5::PredType::C_S1, width);
    t.setCset(H5T_CSET_UTF8);
    t.setStrpad(H5T_STR_NULLPAD);
    return t;
}

// The type in the file: little-endian whatever the host, so that files are portable. `width`
// is a string's size in bytes.
H5::DataType file_type(Kind k, size_t width) {
    switch (k) {
        case Kind::F32: return H5::PredType::IEEE_F32LE;
        case Kind::F64: return H5::PredType::IEEE_F64LE;
        case Kind::I32: return H5::PredType::STD_I32LE;
        case Kind::I64: return H5::PredType::STD_I64LE;
        case Kind::U64: return H5::PredType::STD_U64LE;
        case Kind::U8: return H5::PredType::STD_U8LE;
        case Kind::Str: return utf8_fixed(width);
    }
    return H5::PredType::STD_U8LE;
}

H5::DataType mem_type(Kind k, size_t width) {
    switch (k) {
        case Kind::F32: return H5::PredType::NATIVE_FLOAT;
        case Kind::F64: return H5::PredType::NATIVE_DOUBLE;
        case Kind::I32: return H5::PredType::NATIVE_INT32;
        case Kind::I64: return H5::PredType::NATIVE_INT64;
        case Kind::U64: return H5::PredType::NATIVE_UINT64;
        case Kind::U8: return H5::PredType::NATIVE_UINT8;
        case Kind::Str: return utf8_fixed(width);
    }
    return H5::PredType::NATIVE_UINT8;
}

size_t mem_size(Kind k, size_t width) {
    switch (k) {
        case Kind::F32:
        case Kind::I32: return 4;
        case Kind::F64:
        case Kind::I64:
        case Kind::U64: return 8;
        case Kind::U8: return 1;
        case Kind::Str: return width;
    }
    return 1;
}

H5T_class_t type_class(Kind k) {
    switch (k) {
        case Kind::F32:
        case Kind::F64: return H5T_FLOAT;
        case Kind::Str: return H5T_STRING;
        default: return H5T_INTEGER;
    }
}

const char* class_word(H5T_class_t c) {
    switch (c) {
        case H5T_FLOAT: return "floating-point";
        case H5T_INTEGER: return "integer";
        case H5T_STRING: return "string";
        case H5T_COMPOUND: return "compound";
        default: return "other";
    }
}

// Only the standard integer and IEEE types pass: HDF5 1.10's converters trust a type's
// precision and offset fields, and a corrupt integer type can make them read out of bounds.
bool standard_number(const H5::DataType& t) {
    static const H5::PredType* known[] = {
        &H5::PredType::STD_I8LE,   &H5::PredType::STD_I16LE,  &H5::PredType::STD_I32LE,  &H5::PredType::STD_I64LE,
        &H5::PredType::STD_U8LE,   &H5::PredType::STD_U16LE,  &H5::PredType::STD_U32LE,  &H5::PredType::STD_U64LE,
        &H5::PredType::STD_I8BE,   &H5::PredType::STD_I16BE,  &H5::PredType::STD_I32BE,  &H5::PredType::STD_I64BE,
        &H5::PredType::STD_U8BE,   &H5::PredType::STD_U16BE,  &H5::PredType::STD_U32BE,  &H5::PredType::STD_U64BE,
        &H5::PredType::IEEE_F32LE, &H5::PredType::IEEE_F64LE, &H5::PredType::IEEE_F32BE, &H5::PredType::IEEE_F64BE};
    for (const H5::PredType* k : known)
        if (H5Tequal(t.getId(), k->getId()) > 0) return true;
    return false;
}

struct FixedString {
    size_t width;
    H5T_cset_t cset;
};

// A fixed-length string type of at most `max` bytes, or FormatError("<what>: ..."). Variable-
// length strings are refused before anything follows their heap references.
FixedString fixed_string(const H5::DataType& t, const std::string& what, size_t max) {
    const hid_t id = t.getId();
    if (H5Tis_variable_str(id) != 0)
        throw FormatError(what + ": unsupported string type (variable-length)");
    const size_t width = H5Tget_size(id);
    const H5T_cset_t cset = H5Tget_cset(id);
    const H5T_str_t pad = H5Tget_strpad(id);
    if (width == 0 || (cset != H5T_CSET_ASCII && cset != H5T_CSET_UTF8) ||
        (pad != H5T_STR_NULLTERM && pad != H5T_STR_NULLPAD && pad != H5T_STR_SPACEPAD))
        throw FormatError(what + ": unsupported string type");
    if (width > max)
        throw FormatError(what + ": strings of " + std::to_string(width) + " bytes, more than the " + std::to_string(max) +
                          " allowed");
    return {width, cset};
}

// What a fixed-length string is read as: the same width, NUL-padded, so that the padding of
// NUL-terminated or space-padded strings written by other tools is converted by HDF5.
H5::StrType string_mem_type(const FixedString& f) {
    H5::StrType t(H5::PredType::C_S1, f.width);
    t.setCset(f.cset);
    t.setStrpad(H5T_STR_NULLPAD);
    return t;
}

H5::Attribute open_attr(const H5::H5Object& o, const std::string& name, H5T_class_t cls) {
    if (!o.attrExists(name)) throw FormatError(o.getObjName() + ": attribute '" + name + "' missing");
    H5::Attribute a = o.openAttribute(name);
    if (a.getTypeClass() != cls || a.getSpace().getSimpleExtentNpoints() != 1)
        throw FormatError(o.getObjName() + ": attribute '" + name + "' is not a single " + class_word(cls) + " value");
    if (cls != H5T_STRING && !standard_number(a.getDataType()))
        throw FormatError(o.getObjName() + ": attribute '" + name + "' has an unsupported " + class_word(cls) + " type");
    return a;
}

// A contiguous dataset's storage must hold its elements exactly: HDF5 takes the size from the
// file.
void check_contiguous(const H5::DataSet& ds, const std::string& path, uint64_t bytes) {
    const hsize_t stored = H5Dget_storage_size(ds.getId());
    if (stored != bytes)
        throw FormatError(path + ": " + std::to_string(stored) + " bytes stored, expected " + std::to_string(bytes));
}

// A dataset of a layout this writer uses: compact data lives in the object header, where a
// damaged size is trusted; virtual datasets point into other files.
H5::DataSet open_dataset(const H5::Group& g, const std::string& name) {
    const std::string path = child_path(g, name);
    if (!has_child(g, name)) throw FormatError(path + ": missing");
    if (g.childObjType(name) != H5O_TYPE_DATASET) throw FormatError(path + ": not a dataset");
    H5::DataSet ds = g.openDataSet(name);
    const H5D_layout_t layout = ds.getCreatePlist().getLayout();
    if (layout != H5D_CONTIGUOUS && layout != H5D_CHUNKED) throw FormatError(path + ": unsupported storage layout");
    return ds;
}

template <class T>
void set_scalar(H5::H5Object& o, const std::string& name, const H5::DataType& ftype, const H5::DataType& mtype, T v) {
    H5::Attribute a = o.createAttribute(name, ftype, H5::DataSpace(H5S_SCALAR));
    a.write(mtype, &v);
}

template <class T>
T get_scalar(const H5::H5Object& o, const std::string& name, H5T_class_t cls, const H5::DataType& mtype) {
    T v{};
    open_attr(o, name, cls).read(mtype, &v);
    return v;
}

// Member offsets of a packed-in-memory compound row, numbers aligned to their own size.
struct Layout {
    std::vector<size_t> offsets;
    std::vector<size_t> widths;
    size_t size = 0;
};
Layout layout_of(const std::vector<Reader::Column>& cols) {
    Layout l;
    for (const auto& c : cols) {
        const size_t s = mem_size(c.kind, c.width), align = c.kind == Kind::Str ? 1 : s;
        l.size = (l.size + align - 1) / align * align;
        l.offsets.push_back(l.size);
        l.widths.push_back(s);
        l.size += s;
    }
    l.size = std::max<size_t>(8, (l.size + 7) / 8 * 8);
    return l;
}

H5::CompType compound(const std::vector<Reader::Column>& cols, const Layout& l, bool in_file) {
    H5::CompType t(l.size);
    for (size_t i = 0; i < cols.size(); ++i)
        t.insertMember(cols[i].name, l.offsets[i],
                       in_file ? file_type(cols[i].kind, cols[i].width) : mem_type(cols[i].kind, cols[i].width));
    return t;
}

}  // namespace

namespace {

// A pointer, so that a forked child can replace the mutex it inherited locked.
std::mutex*& lock_mutex() {
    static std::mutex* m = new std::mutex;
    return m;
}

}  // namespace

void reset_lock_in_child() { lock_mutex() = new std::mutex; }

std::unique_lock<std::mutex> lock() {
    std::unique_lock<std::mutex> held(*lock_mutex());
    // Debian's HDF5 is built thread-safe, where the automatic error printing is set per thread:
    // every thread that touches HDF5 (the GUI starts a worker per job) silences its own.
    thread_local bool quiet = false;
    if (!quiet) {
        H5Eset_auto2(H5E_DEFAULT, remember_error, nullptr);
        quiet = true;
    }
    return held;
}

std::string last_error() { return g_last_error; }

std::string shape_text(const Shape& s) {
    std::string t = "[";
    for (size_t i = 0; i < s.size(); ++i) {
        if (i) t += ", ";
        t += s[i] < 0 ? std::string("any") : std::to_string(s[i]);
    }
    return t + "]";
}

std::string child_path(const H5::H5Object& parent, const std::string& name) {
    std::string p = parent.getObjName();
    if (p.empty() || p.back() != '/') p += '/';
    return p + name;
}

bool has_child(const H5::Group& g, const std::string& name) { return g.nameExists(name); }

H5::Group open_group(const H5::Group& g, const std::string& name) {
    if (!has_child(g, name)) throw FormatError(child_path(g, name) + ": missing");
    if (g.childObjType(name) != H5O_TYPE_GROUP) throw FormatError(child_path(g, name) + ": not a group");
    return g.openGroup(name);
}

void set_str(H5::H5Object& o, const std::string& name, const std::string& value) {
    if (value.size() > kMaxAttrStringBytes)
        fail_runtime(o.getObjName() + ": attribute '" + name + "' of " + std::to_string(value.size()) +
                     " bytes is longer than a report allows");
    const H5::StrType t = utf8_fixed(std::max<size_t>(1, value.size()));
    H5::Attribute a = o.createAttribute(name, t, H5::DataSpace(H5S_SCALAR));
    a.write(t, value.c_str());  // an empty value writes the terminating NUL as its one byte
}
void set_i32(H5::H5Object& o, const std::string& n, int32_t v) { set_scalar(o, n, H5::PredType::STD_I32LE, H5::PredType::NATIVE_INT32, v); }
void set_i64(H5::H5Object& o, const std::string& n, int64_t v) { set_scalar(o, n, H5::PredType::STD_I64LE, H5::PredType::NATIVE_INT64, v); }
void set_u64(H5::H5Object& o, const std::string& n, uint64_t v) { set_scalar(o, n, H5::PredType::STD_U64LE, H5::PredType::NATIVE_UINT64, v); }
void set_f32(H5::H5Object& o, const std::string& n, float v) { set_scalar(o, n, H5::PredType::IEEE_F32LE, H5::PredType::NATIVE_FLOAT, v); }
void set_f64(H5::H5Object& o, const std::string& n, double v) { set_scalar(o, n, H5::PredType::IEEE_F64LE, H5::PredType::NATIVE_DOUBLE, v); }
void set_bool(H5::H5Object& o, const std::string& n, bool v) {
    set_scalar<uint8_t>(o, n, H5::PredType::STD_U8LE, H5::PredType::NATIVE_UINT8, v ? 1 : 0);
}

bool has_attr(const H5::H5Object& o, const std::string& name) { return o.attrExists(name); }

std::string get_str(const H5::H5Object& o, const std::string& name) {
    H5::Attribute a = open_attr(o, name, H5T_STRING);
    const FixedString f = fixed_string(a.getDataType(), o.getObjName() + ": attribute '" + name + "'", kMaxAttrStringBytes);
    std::vector<char> buf(f.width);
    a.read(string_mem_type(f), buf.data());
    return unpad(buf.data(), buf.size());
}

std::string unpad(const char* cell, size_t width) {
    while (width > 0 && cell[width - 1] == '\0') --width;
    return std::string(cell, width);
}
int32_t get_i32(const H5::H5Object& o, const std::string& n) { return get_scalar<int32_t>(o, n, H5T_INTEGER, H5::PredType::NATIVE_INT32); }
int64_t get_i64(const H5::H5Object& o, const std::string& n) { return get_scalar<int64_t>(o, n, H5T_INTEGER, H5::PredType::NATIVE_INT64); }
uint64_t get_u64(const H5::H5Object& o, const std::string& n) { return get_scalar<uint64_t>(o, n, H5T_INTEGER, H5::PredType::NATIVE_UINT64); }
float get_f32(const H5::H5Object& o, const std::string& n) { return get_scalar<float>(o, n, H5T_FLOAT, H5::PredType::NATIVE_FLOAT); }
double get_f64(const H5::H5Object& o, const std::string& n) { return get_scalar<double>(o, n, H5T_FLOAT, H5::PredType::NATIVE_DOUBLE); }
bool get_bool(const H5::H5Object& o, const std::string& n) {
    return get_scalar<uint8_t>(o, n, H5T_INTEGER, H5::PredType::NATIVE_UINT8) != 0;
}

void write_raw(H5::Group& g, const std::string& name, Kind kind, const void* data, const Shape& shape, const Doc& doc) {
    std::vector<hsize_t> dims(shape.begin(), shape.end());
    hsize_t n = 1;
    for (hsize_t d : dims) n *= d;
    H5::DataSpace space(static_cast<int>(dims.size()), dims.data());
    H5::DSetCreatPropList plist;
    if (dims.size() == 2 && n > 0) {
        // ~256 KiB chunks: whole rows when they fit, so that a row range reads few chunks.
        const hsize_t elem = mem_size(kind, 0), target = 256 * 1024 / elem;
        hsize_t chunk[2];
        chunk[1] = std::min<hsize_t>(dims[1], target);
        chunk[0] = std::clamp<hsize_t>(target / chunk[1], 1, dims[0]);
        plist.setChunk(2, chunk);
        plist.setShuffle();
        plist.setDeflate(4);
    }
    H5::DataSet ds = g.createDataSet(name, file_type(kind, 0), space, plist);
    if (n > 0) ds.write(data, mem_type(kind, 0));
    set_str(ds, "units", doc.units);
    set_str(ds, "description", doc.description);
}

int64_t Reader::count(const Shape& s) {
    int64_t n = 1;
    for (int64_t d : s) n *= d;
    return n;
}

Shape Reader::shape(const H5::Group& g, const std::string& name, const Shape& expect, Kind kind) const {
    const std::string path = child_path(g, name);
    H5::DataSet ds = open_dataset(g, name);
    const H5T_class_t want = type_class(kind), got = ds.getTypeClass();
    if (got != want) throw FormatError(path + ": expected " + class_word(want) + " data, found " + class_word(got));
    if (kind == Kind::Str || !standard_number(ds.getDataType())) throw FormatError(path + ": unsupported " + class_word(got) + " type");
    H5::DataSpace space = ds.getSpace();
    const int rank = space.getSimpleExtentNdims();
    Shape found(static_cast<size_t>(std::max(rank, 0)));
    if (rank > 0) {
        std::vector<hsize_t> dims(rank);
        space.getSimpleExtentDims(dims.data());
        for (int i = 0; i < rank; ++i) found[i] = static_cast<int64_t>(dims[i]);
    }
    bool ok = found.size() == expect.size();
    for (size_t i = 0; ok && i < found.size(); ++i) ok = expect[i] < 0 || expect[i] == found[i];
    if (!ok) throw FormatError(path + ": expected shape " + shape_text(expect) + ", found " + shape_text(found));
    // Overflow-safe: compare extent by extent against the byte budget.
    uint64_t bytes = mem_size(kind, 0);
    for (int64_t d : found) {
        if (d != 0 && bytes > max_bytes_ / static_cast<uint64_t>(d))
            throw FormatError(path + ": shape " + shape_text(found) + " is larger than the file can hold");
        bytes *= static_cast<uint64_t>(d);
    }
    return found;
}

void Reader::read_raw(const H5::Group& g, const std::string& name, Kind kind, void* out, const Shape& found) const {
    const uint64_t n = static_cast<uint64_t>(count(found));
    if (n == 0) return;
    const std::string path = child_path(g, name);
    H5::DataSet ds = g.openDataSet(name);
    const H5::DataType stored = ds.getDataType(), wanted = mem_type(kind, 0);
    const size_t stored_size = stored.getSize(), wanted_size = mem_size(kind, 0);
    if (n > max_bytes_ / std::max(stored_size, wanted_size))
        throw FormatError(path + ": shape " + shape_text(found) + " is larger than the file can hold");
    if (ds.getCreatePlist().getLayout() != H5D_CHUNKED) {
        check_contiguous(ds, path, n * stored_size);
        ds.read(out, wanted);
        return;
    }
    if (H5Tequal(stored.getId(), wanted.getId()) > 0) {
        read_chunked(ds, path, found, stored_size, static_cast<unsigned char*>(out));
        return;
    }
    // Another standard type (big-endian, narrower integers): decoded as stored, then converted.
    std::vector<unsigned char> buf(n * std::max(stored_size, wanted_size));
    read_chunked(ds, path, found, stored_size, buf.data());
    if (H5Tconvert(stored.getId(), wanted.getId(), n, buf.data(), nullptr, H5P_DEFAULT) < 0)
        throw H5::DataTypeIException("H5Tconvert", "cannot convert " + path);
    std::memcpy(out, buf.data(), n * wanted_size);
}

void Reader::read_table(const H5::Group& g, const std::string& name, std::vector<Column> cols, int64_t max_rows,
                        const LoadRow& load) const {
    const std::string path = child_path(g, name);
    H5::DataSet ds = open_dataset(g, name);
    if (ds.getTypeClass() != H5T_COMPOUND) throw FormatError(path + ": expected a compound table");
    if (ds.getCreatePlist().getLayout() != H5D_CONTIGUOUS) throw FormatError(path + ": unsupported storage layout");
    H5::DataSpace space = ds.getSpace();
    if (space.getSimpleExtentNdims() != 1) throw FormatError(path + ": expected a 1-D table");
    hsize_t rows = 0;
    space.getSimpleExtentDims(&rows);
    if (static_cast<int64_t>(rows) > max_rows)
        throw FormatError(path + ": " + std::to_string(rows) + " rows, expected at most " + std::to_string(max_rows));
    H5::CompType stored = ds.getCompType();
    // HDF5's compound converter copies members at the offsets the file states.
    const size_t stored_size = stored.getSize();
    const int n_members = stored.getNmembers();
    std::vector<std::string> members;
    for (unsigned i = 0; i < static_cast<unsigned>(std::max(n_members, 0)); ++i) {
        const size_t offset = stored.getMemberOffset(i), size = stored.getMemberDataType(i).getSize();
        if (size > stored_size || offset > stored_size - size)
            throw FormatError(path + ": corrupt compound type (member " + std::to_string(i) + " lies outside the row)");
        members.push_back(stored.getMemberName(i));
    }
    for (Column& c : cols) {
        const auto it = std::find(members.begin(), members.end(), c.name);
        if (it == members.end()) throw FormatError(path + ": column '" + c.name + "' missing");
        const unsigned index = static_cast<unsigned>(it - members.begin());
        const H5T_class_t cls = stored.getMemberClass(index);
        if (cls != type_class(c.kind))
            throw FormatError(path + ": column '" + c.name + "' holds " + class_word(cls) + " values, expected " +
                              class_word(type_class(c.kind)));
        const H5::DataType member = stored.getMemberDataType(index);
        if (c.kind == Kind::Str) {
            const FixedString f = fixed_string(member, path + ": column '" + c.name + "'", kMaxCellStringBytes);
            c.width = f.width;
        } else if (!standard_number(member)) {
            throw FormatError(path + ": column '" + c.name + "' has an unsupported " + class_word(cls) + " type");
        }
    }
    const Layout l = layout_of(cols);
    if (rows > max_bytes_ / std::max(l.size, stored_size))
        throw FormatError(path + ": " + std::to_string(rows) + " rows is more than the file can hold");
    if (rows == 0) return;
    check_contiguous(ds, path, rows * stored_size);
    const H5::CompType mt = compound(cols, l, false);
    std::vector<unsigned char> buf(rows * l.size, 0);
    ds.read(buf.data(), mt);
    std::vector<const void*> cells(cols.size());
    for (size_t r = 0; r < rows; ++r) {
        for (size_t c = 0; c < cols.size(); ++c) cells[c] = buf.data() + r * l.size + l.offsets[c];
        load(r, cells, l.widths);
    }
}

void write_table_raw(H5::Group& g, const std::string& name, const std::vector<Reader::Column>& cols, size_t n,
                     const std::function<void(size_t, size_t, void*)>& cell, const Doc& doc) {
    for (const Reader::Column& c : cols)
        if (c.kind == Kind::Str && c.width > kMaxCellStringBytes)
            fail_runtime(child_path(g, name) + ": column '" + c.name + "' holds a string of " + std::to_string(c.width) +
                         " bytes, longer than a report allows");
    const Layout l = layout_of(cols);
    std::vector<unsigned char> buf(n * l.size, 0);
    for (size_t r = 0; r < n; ++r)
        for (size_t c = 0; c < cols.size(); ++c) cell(r, c, buf.data() + r * l.size + l.offsets[c]);
    const hsize_t dims[1] = {n};
    H5::DataSpace space(1, dims);
    H5::DataSet ds = g.createDataSet(name, compound(cols, l, true), space);
    if (n > 0) ds.write(buf.data(), compound(cols, l, false));
    set_str(ds, "units", doc.units);
    set_str(ds, "description", doc.description);
}

}  // namespace rs::h5
