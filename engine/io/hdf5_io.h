// Small typed helpers over the HDF5 C++ API, private to the engine's HDF5 code (H5Cpp.h stays out of
// the engine's public headers).
//
// Strings are fixed-length UTF-8, NUL-padded, as wide as the longest value (at least 1 byte):
// Debian's HDF5 1.10 trusts the heap references of variable-length strings, so a damaged file
// could crash the reader inside HDF5. Readers refuse variable-length strings and strip the
// trailing NULs, which is why a string's own trailing NULs do not survive.
//
// Debian's HDF5 is not built thread-safe, so every HDF5 call, object destructors included, must
// run while holding lock(). Readers report format problems as FormatError("<object>: <problem>");
// the caller prefixes the file name.
#pragma once
#include <H5Cpp.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace rs::h5 {

// Takes the process-wide HDF5 lock; the first call also replaces HDF5's automatic error printing
// by a silent handler that remembers the innermost message (see last_error()).
std::unique_lock<std::mutex> lock();
// In a child made by fork() while the parent held lock(): gives the child a fresh, unlocked
// mutex (the inherited one stays locked by a thread the child does not have).
void reset_lock_in_child();
// The innermost message of the most recent failing HDF5 call ("truncated file: eof = ...").
// Call while holding lock().
std::string last_error();

// A file that is HDF5 but not what the schema says; what() is "<object path>: <problem>".
class FormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Dataset shapes; -1 in an expected shape accepts any extent.
using Shape = std::vector<int64_t>;
std::string shape_text(const Shape& s);

// Every dataset carries these two attributes so that the file explains itself in h5dump.
struct Doc {
    const char* units;
    const char* description;
};

std::string child_path(const H5::H5Object& parent, const std::string& name);
bool has_child(const H5::Group& g, const std::string& name);
H5::Group open_group(const H5::Group& g, const std::string& name);  // FormatError when missing

// Longest strings a reader accepts, checked before anything is allocated: an attribute (a
// configuration's JSON may be long) and one cell of a table.
inline constexpr size_t kMaxAttrStringBytes = size_t{64} << 20;
inline constexpr size_t kMaxCellStringBytes = size_t{64} << 10;

// ---- attributes (scalar) ----
void set_str(H5::H5Object& o, const std::string& name, const std::string& value);
void set_i32(H5::H5Object& o, const std::string& name, int32_t value);
void set_i64(H5::H5Object& o, const std::string& name, int64_t value);
void set_u64(H5::H5Object& o, const std::string& name, uint64_t value);
void set_f32(H5::H5Object& o, const std::string& name, float value);
void set_f64(H5::H5Object& o, const std::string& name, double value);
void set_bool(H5::H5Object& o, const std::string& name, bool value);  // uint8 0/1

bool has_attr(const H5::H5Object& o, const std::string& name);
std::string get_str(const H5::H5Object& o, const std::string& name);
int32_t get_i32(const H5::H5Object& o, const std::string& name);
int64_t get_i64(const H5::H5Object& o, const std::string& name);
uint64_t get_u64(const H5::H5Object& o, const std::string& name);
float get_f32(const H5::H5Object& o, const std::string& name);
double get_f64(const H5::H5Object& o, const std::string& name);
bool get_bool(const H5::H5Object& o, const std::string& name);

// ---- numeric arrays ----
// Str is a column type of compound tables only; arrays are numeric.
enum class Kind { F32, F64, I32, I64, U64, U8, Str };
template <class T>
constexpr Kind kind_of() {
    if constexpr (std::is_same_v<T, float>) return Kind::F32;
    else if constexpr (std::is_same_v<T, double>) return Kind::F64;
    else if constexpr (std::is_same_v<T, int32_t>) return Kind::I32;
    else if constexpr (std::is_same_v<T, int64_t>) return Kind::I64;
    else if constexpr (std::is_same_v<T, uint64_t>) return Kind::U64;
    else if constexpr (std::is_same_v<T, uint8_t>) return Kind::U8;
    else if constexpr (std::is_same_v<T, std::string>) return Kind::Str;
    else static_assert(sizeof(T) == 0, "no HDF5 type for this C++ type");
}

// Writes `data` (row-major, product of `shape` elements). 2-D non-empty arrays are chunked and
// compressed (shuffle + deflate 4); others are contiguous.
void write_raw(H5::Group& g, const std::string& name, Kind kind, const void* data, const Shape& shape, const Doc& doc);

template <class T>
void write_array(H5::Group& g, const std::string& name, const std::vector<T>& v, const Doc& doc) {
    write_raw(g, name, kind_of<T>(), v.data(), {static_cast<int64_t>(v.size())}, doc);
}
template <class T>
void write_matrix(H5::Group& g, const std::string& name, const T* data, int64_t rows, int64_t cols, const Doc& doc) {
    write_raw(g, name, kind_of<T>(), data, {rows, cols}, doc);
}

// Reading checks that the dataset exists, has the expected rank and extents, a standard type
// of the right class and a storage layout this writer uses, and refuses to allocate more than
// the reader's byte limit (a corrupt header must not make us allocate terabytes).
class Reader {
public:
    explicit Reader(uint64_t max_bytes) : max_bytes_(max_bytes) {}

    // The dataset's shape after validation against `expect`.
    Shape shape(const H5::Group& g, const std::string& name, const Shape& expect, Kind kind) const;
    void read_raw(const H5::Group& g, const std::string& name, Kind kind, void* out, const Shape& found) const;

    template <class T>
    std::vector<T> array(const H5::Group& g, const std::string& name, const Shape& expect, Shape* found = nullptr) const {
        const Shape s = shape(g, name, expect, kind_of<T>());
        std::vector<T> v(static_cast<size_t>(count(s)));
        read_raw(g, name, kind_of<T>(), v.data(), s);
        if (found) *found = s;
        return v;
    }

    // Compound tables (see write_table below): rows are read into a packed buffer, then
    // `load` unpacks each row; `widths` are the cells' sizes in bytes (a string column's width
    // comes from the file).
    struct Column {
        std::string name;
        Kind kind;
        size_t width = 0;  // strings only; numbers have their natural size
    };
    using LoadRow = std::function<void(size_t row, const std::vector<const void*>& cells, const std::vector<size_t>& widths)>;
    void read_table(const H5::Group& g, const std::string& name, std::vector<Column> cols, int64_t max_rows,
                    const LoadRow& load) const;

private:
    static int64_t count(const Shape& s);
    uint64_t max_bytes_;
};

// ---- compound tables ----
// A table is a 1-D dataset of a compound type, one member per column; a string column is a
// fixed-length member as wide as its longest value. Columns are described by pointers to
// members of Row.
template <class Row>
struct Field {
    std::string name;
    Kind kind;
    std::function<size_t(const Row&)> width;              // bytes a string cell needs; 0 for numbers
    std::function<void(const Row&, void*)> store;         // Row -> zeroed packed cell, wide enough
    std::function<void(Row&, const void*, size_t)> load;  // packed cell of that many bytes -> Row
};

// A fixed-length string cell without its NUL padding.
std::string unpad(const char* cell, size_t width);

template <class Row, class T>
Field<Row> field(const char* name, T Row::*member) {
    Field<Row> f{name, kind_of<T>(), {}, {}, {}};
    if constexpr (std::is_same_v<T, std::string>) {
        f.width = [member](const Row& r) { return (r.*member).size(); };
        f.store = [member](const Row& r, void* cell) { std::memcpy(cell, (r.*member).data(), (r.*member).size()); };
        f.load = [member](Row& r, const void* cell, size_t width) { r.*member = unpad(static_cast<const char*>(cell), width); };
    } else {
        f.width = [](const Row&) { return size_t{0}; };
        f.store = [member](const Row& r, void* cell) { std::memcpy(cell, &(r.*member), sizeof(T)); };
        f.load = [member](Row& r, const void* cell, size_t) { std::memcpy(&(r.*member), cell, sizeof(T)); };
    }
    return f;
}

// Writes n rows; `cell(row, col, dst)` fills one zeroed packed cell. String columns are
// cols[c].width bytes wide.
void write_table_raw(H5::Group& g, const std::string& name, const std::vector<Reader::Column>& cols, size_t n,
                     const std::function<void(size_t row, size_t col, void* cell)>& cell, const Doc& doc);

template <class Row>
void write_table(H5::Group& g, const std::string& name, const std::vector<Row>& rows, const std::vector<Field<Row>>& fields,
                 const Doc& doc) {
    std::vector<Reader::Column> cols;
    for (const auto& f : fields) {
        size_t width = 1;  // HDF5 has no zero-length strings
        if (f.kind == Kind::Str)
            for (const Row& r : rows) width = std::max(width, f.width(r));
        cols.push_back({f.name, f.kind, width});
    }
    write_table_raw(g, name, cols, rows.size(), [&](size_t r, size_t c, void* cell) { fields[c].store(rows[r], cell); },
                    doc);
}

template <class Row>
std::vector<Row> read_table(const Reader& reader, const H5::Group& g, const std::string& name,
                            const std::vector<Field<Row>>& fields, int64_t max_rows) {
    std::vector<Reader::Column> cols;
    for (const auto& f : fields) cols.push_back({f.name, f.kind});
    std::vector<Row> rows;
    reader.read_table(g, name, cols, max_rows,
                      [&](size_t r, const std::vector<const void*>& cells, const std::vector<size_t>& widths) {
                          if (rows.size() <= r) rows.resize(r + 1);
                          for (size_t c = 0; c < fields.size(); ++c) fields[c].load(rows[r], cells[c], widths[c]);
                      });
    return rows;
}

}  // namespace rs::h5
