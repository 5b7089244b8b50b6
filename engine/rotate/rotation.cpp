#include "rotate/rotation.h"

#include <Eigen/QR>
#include <charconv>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <numbers>

#include "core/rng.h"
#include "core/error.h"
#include "core/untrusted_text.h"
#include "io/hdf5_array.h"
#include "rotate/hadamard.h"
#include "rotate/online_rotation.h"
#include "rotate/rotation_kinds.h"

namespace rs {
namespace {

// "expected none, hadamard, rhadamard[:seed=N], block:N, orthogonal[:seed=N]", from the table.
std::string expected_forms() {
    std::string out = "expected ";
    for (const RotationKindTraits& t : kRotationKinds) {
        if (&t != kRotationKinds) out += ", ";
        out += t.name;
        if (t.takes_block) out += ":N";
        if (t.random) out += "[:seed=N]";
        if (t.takes_path) out += ":PATH";
    }
    return out;
}

// Recipes carry rotation texts from files: shown through printable().
std::string rotation_label(const std::string& text) { return "rotation \"" + printable(text) + "\""; }

uint64_t parse_u64(const std::string& text, const std::string& digits, const char* what) {
    uint64_t v = 0;
    const char* end = digits.data() + digits.size();
    const auto [ptr, ec] = std::from_chars(digits.data(), end, v);
    if (digits.empty() || ec != std::errc() || ptr != end)
        fail_input(rotation_label(text), std::string(what) + " must be a non-negative integer, got \"" + printable(digits) + "\"");
    return v;
}

// ":seed=N" or nothing.
uint64_t parse_seed_option(const std::string& text, const std::string& options) {
    if (options.empty()) return 0;
    const std::string prefix = ":seed=";
    if (options.rfind(prefix, 0) != 0)
        fail_input(rotation_label(text), "unknown option \"" + printable(options.substr(1)) + "\" (only seed=N)");
    return parse_u64(text, options.substr(prefix.size()), "seed");
}

void require_cols(const RotationSpec& spec, int64_t n, const MatrixRM& x) {
    if (n < 1) fail_input(rotation_label(rotation_name(spec)), "order must be positive, got " + std::to_string(n));
    if (x.cols() != n)
        fail_input(rotation_label(rotation_name(spec)), "expected " + std::to_string(n) + " columns, got " +
                                                    std::to_string(x.cols()));
}

void require_hadamard(const RotationSpec& spec, int64_t order) {
    if (!find_hadamard_split(order))
        fail_input(rotation_label(rotation_name(spec)), "no Hadamard construction of order " + std::to_string(order));
}

void require_blocks(const RotationSpec& spec, int64_t n) {
    if (n % spec.block != 0)
        fail_input(rotation_label(rotation_name(spec)), "block size " + std::to_string(spec.block) + " does not divide " +
                                                    std::to_string(n));
    require_hadamard(spec, spec.block);
}

// Where a File spec's matrices come from, for messages: "R1.f64" or "fit.h5#/rotation/r1".
std::string file_label(const RotationSpec& spec) {
    return printable(spec.dataset.empty() ? spec.path : spec.path + "#" + spec.dataset);
}

std::string orders_text(int64_t n, int64_t count) {
    return count == 1 ? "a float64 rotation of order " + std::to_string(n)
                      : std::to_string(count) + " float64 rotations of order " + std::to_string(n);
}

// The bytes of `count` row-major float64 matrices of order n: a raw file (little-endian, one
// after the other, no header) of exactly that size, or an HDF5 dataset shaped [n, n] (count 1),
// or [count, n, n].
std::string rotation_bytes(const RotationSpec& spec, int64_t n, int64_t count) {
    const std::string& path = spec.path;
    const uint64_t want = static_cast<uint64_t>(n) * static_cast<uint64_t>(n) * sizeof(double) * static_cast<uint64_t>(count);
    if (!spec.dataset.empty()) {
        const F64Array a = read_hdf5_f64(path, spec.dataset);
        const bool fits = (a.shape.size() == 3 && a.shape[0] == count && a.shape[1] == n && a.shape[2] == n) ||
                          (count == 1 && a.shape.size() == 2 && a.shape[0] == n && a.shape[1] == n);
        if (!fits) {
            std::string found;
            for (int64_t d : a.shape) found += (found.empty() ? "" : " x ") + std::to_string(d);
            fail_input(file_label(spec), "holds a " + (found.empty() ? std::string("scalar") : found) + " array; " +
                                             orders_text(n, count) + " is " +
                                             (count == 1 ? "" : std::to_string(count) + " x ") + std::to_string(n) + " x " +
                                             std::to_string(n));
        }
        std::string raw(want, '\0');
        std::memcpy(raw.data(), a.values.data(), want);
        return raw;
    }
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(path, ec);
    if (ec || !std::filesystem::is_regular_file(path, ec)) fail_input(printable(path), "cannot read the rotation file");
    if (has_hdf5_signature(path))
        fail_input(printable(path), "is an HDF5 file: name the dataset that holds the rotation, e.g. file:" + printable(path) +
                                        "#/rotation/r1");
    if (bytes != want)
        fail_input(printable(path), "holds " + std::to_string(bytes) + " bytes; " + orders_text(n, count) + " ha" +
                                        (count == 1 ? "s " : "ve ") + std::to_string(want));
    std::string raw(want, '\0');
    std::ifstream in(path, std::ios::binary);
    if (!in.read(raw.data(), static_cast<std::streamsize>(want))) fail_input(printable(path), "cannot read the rotation file");
    return raw;
}

// The `count` matrices of order n that a File spec names, each checked to be orthogonal: a
// rotation file of the wrong size or not orthogonal is refused before any work. The matrices of
// a file's contents are kept (the last few, compared byte for byte): a recipe is validated and
// then fused, and the GUI validates it on every edit, while the O(n³) check of a d_model 4096
// rotation takes seconds.
std::vector<Eigen::MatrixXd> read_rotation_file(const RotationSpec& spec, int64_t n, int64_t count = 1) {
    std::string raw = rotation_bytes(spec, n, count);
    const uint64_t one = static_cast<uint64_t>(n) * static_cast<uint64_t>(n) * sizeof(double);

    struct Entry {
        int64_t n, count;
        std::string raw;
        std::vector<Eigen::MatrixXd> matrices;
    };
    static std::mutex mutex;
    static std::vector<std::shared_ptr<const Entry>> cache;
    constexpr size_t kKept = 4;
    {
        const std::lock_guard lock(mutex);
        for (const auto& e : cache)
            if (e->n == n && e->count == count && e->raw == raw) return e->matrices;
    }
    auto entry = std::make_shared<Entry>(Entry{n, count, std::move(raw), {}});
    for (int64_t i = 0; i < count; ++i) {
        Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m(n, n);
        std::memcpy(m.data(), entry->raw.data() + i * one, one);
        const std::string which = count == 1 ? "the rotation" : "rotation " + std::to_string(i);
        if (!m.allFinite()) fail_input(file_label(spec), which + " holds a NaN or an infinity");
        const double off = (m.transpose() * m - Eigen::MatrixXd::Identity(n, n)).cwiseAbs().maxCoeff();
        if (off > 1e-6)
            fail_input(file_label(spec), (count == 1 ? std::string("not an orthogonal matrix") : which + " is not orthogonal") +
                                             " (max |RᵀR − I| = " + std::to_string(off) + ")");
        entry->matrices.emplace_back(m);
    }
    const std::lock_guard lock(mutex);
    if (cache.size() >= kKept) cache.erase(cache.begin());
    cache.push_back(entry);
    return entry->matrices;
}

// Haar-distributed: QR of a Gaussian matrix, with the column signs fixed by sign(diag(R)) so
// that the factorization is unique (Mezzadri 2007); Box-Muller keeps it seeded and portable.
Eigen::MatrixXd random_orthogonal(uint64_t seed, int64_t n) {
    SeededRng rng(seed);
    auto unit = [&rng] { return rng.unit(); };
    Eigen::MatrixXd g(n, n);
    double* data = g.data();
    for (int64_t i = 0; i < n * n; i += 2) {
        const double radius = std::sqrt(-2.0 * std::log(1.0 - unit()));  // 1 - u is in (0, 1]
        const double angle = 2.0 * std::numbers::pi * unit();
        data[i] = radius * std::cos(angle);
        if (i + 1 < n * n) data[i + 1] = radius * std::sin(angle);
    }
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(g);
    Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(n, n);
    for (int64_t j = 0; j < n; ++j)
        if (qr.matrixQR()(j, j) < 0) q.col(j) = -q.col(j);
    return q;
}

}  // namespace

RotationSpec parse_rotation(const std::string& text) {
    const size_t colon = text.find(':');
    const std::string head = text.substr(0, colon);
    const std::string options = colon == std::string::npos ? "" : text.substr(colon);
    for (const RotationKindTraits& t : kRotationKinds) {
        const std::string name = t.name;
        RotationSpec spec;
        spec.kind = t.kind;
        if (t.takes_block) {
            // "block32" or "block:32".
            if (head.rfind(name, 0) != 0) continue;
            std::string digits = head.substr(name.size());
            if (digits.empty()) digits = options.empty() ? "" : options.substr(1);
            else if (!options.empty()) fail_input(rotation_label(text), name + " takes no options");
            if (digits.empty()) fail_input(rotation_label(text), name + " needs a size, e.g. " + name + ":32");
            const uint64_t size = parse_u64(text, digits, "block size");
            if (size < 1 || size > static_cast<uint64_t>(1) << 20)
                fail_input(rotation_label(text), "block size must be in 1..1048576, got " + printable(digits));
            spec.block = static_cast<int>(size);
            return spec;
        }
        if (head != name) continue;
        if (t.takes_path) {
            if (options.size() < 2) fail_input(rotation_label(text), name + " needs a path, e.g. " + name + ":R1.f64");
            // "PATH#/dataset" names a dataset of an HDF5 file (the last "#/" splits).
            spec.path = options.substr(1);
            if (const size_t hash = spec.path.rfind("#/"); hash != std::string::npos) {
                spec.dataset = spec.path.substr(hash + 1);
                spec.path.resize(hash);
                if (spec.path.empty()) fail_input(rotation_label(text), name + " needs a path before '#', e.g. " + name + ":fit.h5#/rotation/r1");
            }
            return spec;
        }
        if (t.random) spec.seed = parse_seed_option(text, options);
        else if (!options.empty()) fail_input(rotation_label(text), name + " takes no options");
        return spec;
    }
    fail_input(rotation_label(text), "unknown rotation (" + expected_forms() + ")");
}

std::string rotation_name(const RotationSpec& spec) {
    if (static_cast<size_t>(spec.kind) >= std::size(kRotationKinds)) return "?";
    const RotationKindTraits& t = rotation_traits(spec.kind);
    if (t.takes_path) return std::string(t.name) + ":" + spec.path + (spec.dataset.empty() ? "" : "#" + spec.dataset);
    if (t.takes_block) return std::string(t.name) + ":" + std::to_string(spec.block);
    if (t.random) return std::string(t.name) + ":seed=" + std::to_string(spec.seed);
    return t.name;
}

Eigen::VectorXd random_signs(uint64_t seed, int64_t n) {
    SeededRng rng(seed);
    Eigen::VectorXd s(n);
    for (int64_t i = 0; i < n; ++i) s(i) = (rng.next() >> 63) ? -1.0 : 1.0;
    return s;
}

void check_rotation_order(const RotationSpec& spec, int64_t n) {
    if (n < 1) fail_input(rotation_label(rotation_name(spec)), "order must be positive, got " + std::to_string(n));
    switch (spec.kind) {
        case RotationKind::Hadamard:
        case RotationKind::RandomHadamard: require_hadamard(spec, n); return;
        case RotationKind::BlockHadamard: require_blocks(spec, n); return;
        case RotationKind::Identity:
        case RotationKind::RandomOrthogonal: return;
        case RotationKind::File: read_rotation_file(spec, n); return;
    }
}

Eigen::MatrixXd rotation_matrix(const RotationSpec& spec, int64_t n) {
    if (n < 1) fail_input(rotation_label(rotation_name(spec)), "order must be positive, got " + std::to_string(n));
    switch (spec.kind) {
        case RotationKind::Identity: return Eigen::MatrixXd::Identity(n, n);
        case RotationKind::Hadamard: require_hadamard(spec, n); return hadamard_matrix(n);
        case RotationKind::RandomHadamard:
            require_hadamard(spec, n);
            return random_signs(spec.seed, n).asDiagonal() * hadamard_matrix(n);
        case RotationKind::BlockHadamard: {
            require_blocks(spec, n);
            const Eigen::MatrixXd h = hadamard_matrix(spec.block);
            Eigen::MatrixXd q = Eigen::MatrixXd::Zero(n, n);
            for (int64_t b = 0; b < n; b += spec.block) q.block(b, b, spec.block, spec.block) = h;
            return q;
        }
        case RotationKind::RandomOrthogonal: return random_orthogonal(spec.seed, n);
        case RotationKind::File: return read_rotation_file(spec, n).front();
    }
    fail_runtime("unknown rotation kind");
}

int64_t rotation_count(const RotationSpec& spec, int64_t n) {
    if (spec.kind != RotationKind::File || n < 1) return 1;
    if (!spec.dataset.empty()) {
        try {
            const std::vector<int64_t> shape = hdf5_f64_shape(spec.path, spec.dataset);
            return shape.size() == 3 ? shape[0] : shape.size() == 2 ? 1 : 0;
        } catch (const Error&) {
            return 0;  // the read that follows says what is wrong
        }
    }
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(spec.path, ec);
    const uint64_t one = static_cast<uint64_t>(n) * static_cast<uint64_t>(n) * sizeof(double);
    if (ec || bytes % one != 0) return 0;
    return static_cast<int64_t>(bytes / one);
}

std::vector<Eigen::MatrixXd> rotation_matrices(const RotationSpec& spec, int64_t n, int64_t count) {
    if (count < 1) fail_input(rotation_label(rotation_name(spec)), "needs at least one matrix");
    if (spec.kind == RotationKind::File) return read_rotation_file(spec, n, count);
    return std::vector<Eigen::MatrixXd>(static_cast<size_t>(count), rotation_matrix(spec, n));
}

void rotate_rows(const RotationSpec& spec, int64_t n, MatrixRM& x) {
    require_cols(spec, n, x);
    // The same code the forward pass runs for the online R3/R4.
    PreparedRotation(spec, n).apply(x);
}

}  // namespace rs
