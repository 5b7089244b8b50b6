// Constructions of the ±1 base matrices H_k. Everything is built here from a rule rather than
// stored, except two quadruples of Williamson first rows, which are published data.
#include <array>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.h"
#include "rotate/hadamard.h"

namespace rs {
namespace {

bool is_prime(int p) {
    if (p < 2) return false;
    for (int d = 2; d * d <= p; ++d)
        if (p % d == 0) return false;
    return true;
}

// GF(p) or GF(p^2) for an odd prime p: enough for the Paley orders in practice (25 for 52
// needs p^2). Elements are indices a0 + a1·p; GF(p^2) is GF(p)[x]/(x^2 - r), r a non-residue.
struct SmallField {
    int p = 0;
    int degree = 0;
    int r = 0;
    int q() const { return degree == 1 ? p : p * p; }

    int sub(int a, int b) const {
        if (degree == 1) return ((a - b) % p + p) % p;
        const int lo = ((a % p - b % p) % p + p) % p;
        const int hi = ((a / p - b / p) % p + p) % p;
        return lo + hi * p;
    }
    int mul(int a, int b) const {
        if (degree == 1) return static_cast<int>(static_cast<int64_t>(a) * b % p);
        const int64_t a0 = a % p, a1 = a / p, b0 = b % p, b1 = b / p;
        const int lo = static_cast<int>((a0 * b0 + a1 * b1 % p * r) % p);
        const int hi = static_cast<int>((a0 * b1 + a1 * b0) % p);
        return lo + hi * p;
    }
};

std::optional<SmallField> field_of_order(int q) {
    if (q < 3 || q % 2 == 0) return std::nullopt;
    if (is_prime(q)) return SmallField{q, 1, 0};
    int p = 3;
    while (p * p < q) p += 2;
    if (p * p != q || !is_prime(p)) return std::nullopt;
    for (int r = 2; r < p; ++r) {
        bool square = false;
        for (int y = 1; y < p && !square; ++y) square = (y * y) % p == r;
        if (!square) return SmallField{p, 2, r};
    }
    return std::nullopt;
}

// Quadratic character of every element: 0 at zero, +1 on the nonzero squares, -1 elsewhere.
std::vector<int> quadratic_character(const SmallField& f) {
    std::vector<int> chi(static_cast<size_t>(f.q()), -1);
    chi[0] = 0;
    for (int x = 1; x < f.q(); ++x) chi[static_cast<size_t>(f.mul(x, x))] = 1;
    return chi;
}

// Jacobsthal matrix Q(i, j) = chi(i - j); antisymmetric for q ≡ 3 mod 4, symmetric for 1 mod 4.
Eigen::MatrixXi jacobsthal(const SmallField& f) {
    const std::vector<int> chi = quadratic_character(f);
    const int q = f.q();
    Eigen::MatrixXi jm(q, q);
    for (int i = 0; i < q; ++i)
        for (int j = 0; j < q; ++j) jm(i, j) = chi[static_cast<size_t>(f.sub(i, j))];
    return jm;
}

// Skew conference matrix S (S + Sᵀ = 0, S·Sᵀ = qI) bordered from Q; H = I + S.
Eigen::MatrixXi paley_one(const SmallField& f) {
    const int q = f.q();
    Eigen::MatrixXi h = Eigen::MatrixXi::Identity(q + 1, q + 1);
    h.row(0).tail(q).setOnes();
    h.col(0).tail(q).setConstant(-1);
    h.bottomRightCorner(q, q) += jacobsthal(f);
    return h;
}

// Symmetric conference matrix C of order q+1; H = C ⊗ [1 1; 1 -1] + I ⊗ [1 -1; -1 -1].
Eigen::MatrixXi paley_two(const SmallField& f) {
    const int q = f.q();
    Eigen::MatrixXi c = Eigen::MatrixXi::Zero(q + 1, q + 1);
    c.row(0).tail(q).setOnes();
    c.col(0).tail(q).setOnes();
    c.bottomRightCorner(q, q) = jacobsthal(f);
    const int m = q + 1;
    Eigen::MatrixXi h(2 * m, 2 * m);
    for (int i = 0; i < m; ++i)
        for (int j = 0; j < m; ++j) {
            const int v = c(i, j);
            if (v == 0) {
                h.block<2, 2>(2 * i, 2 * j) << 1, -1, -1, -1;
            } else {
                h.block<2, 2>(2 * i, 2 * j) << v, v, v, -v;
            }
        }
    return h;
}

Eigen::MatrixXi doubled(const Eigen::MatrixXi& h) {
    const Eigen::Index m = h.rows();
    Eigen::MatrixXi d(2 * m, 2 * m);
    d << h, h, h, -h;
    return d;
}

// First rows of four circulant ±1 matrices with A·Aᵀ + B·Bᵀ + C·Cᵀ + D·Dᵀ = 4m·I.
// m = 39: S. London, "Constructing new Turyn type sequences, T-sequences and Hadamard matrices",
// PhD thesis, University of Illinois at Chicago, 2013. m = 43: M. Hall, Combinatorial Theory,
// 2nd ed., Wiley 1986 (the Baumert-Hall solutions). hadamard_base checks the result anyway.
struct WilliamsonRows {
    int m;
    std::array<const char*, 4> rows;
};
constexpr WilliamsonRows kWilliamson[] = {
    {39,
     {"+++--+-+-----+--++----++--+-----+-+--++", "+++--++-+---+-+--+----+--+-+---+-++--++",
      "++++---+--++----+-+--+-+----++--+---+++", "+---++-+-+-----+++-++-+++-----+-+-++---"}},
    {43,
     {"++---++++-+--+--++--------++--+--+-++++---+", "+++-+-++--+-+-++++-+----+-++++-+-+--++-+-++",
      "++-++++++----+-+--++-++-++--+-+----++++++-+", "+---++--++++-+-+++-++--++-+++-+-++++--++---"}},
};

const WilliamsonRows* williamson_rows(int k) {
    if (k % 4 != 0) return nullptr;
    for (const WilliamsonRows& w : kWilliamson)
        if (w.m * 4 == k) return &w;
    return nullptr;
}

// Goethals-Seidel array: it needs only circulant blocks (not symmetric ones), so it is valid
// for any quadruple with the autocorrelation property above.
Eigen::MatrixXi goethals_seidel(const WilliamsonRows& w) {
    const int m = w.m;
    std::array<Eigen::MatrixXi, 4> blocks;
    for (int b = 0; b < 4; ++b) {
        const std::string row = w.rows[static_cast<size_t>(b)];
        blocks[static_cast<size_t>(b)].resize(m, m);
        for (int i = 0; i < m; ++i)
            for (int j = 0; j < m; ++j)
                blocks[static_cast<size_t>(b)](i, j) = row[static_cast<size_t>(((j - i) % m + m) % m)] == '+' ? 1 : -1;
    }
    const Eigen::MatrixXi r = Eigen::MatrixXi::Identity(m, m).rowwise().reverse();
    const Eigen::MatrixXi &a = blocks[0], &b = blocks[1], &c = blocks[2], &d = blocks[3];
    Eigen::MatrixXi h(4 * m, 4 * m);
    h << a, b * r, c * r, d * r,                                                   //
        -(b * r), a, d.transpose() * r, -(c.transpose() * r),                      //
        -(c * r), -(d.transpose() * r), a, b.transpose() * r,                      //
        -(d * r), c.transpose() * r, -(b.transpose() * r), a;
    return h;
}

enum class Construction { One, Sylvester, PaleyOne, PaleyTwo, Williamson, Doubling };

bool is_pow2(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

std::optional<Construction> construction_for(int k) {
    if (k < 1 || k > kMaxHadamardBase) return std::nullopt;
    if (k == 1) return Construction::One;
    if (is_pow2(k)) return Construction::Sylvester;
    if (k % 4 != 0) return std::nullopt;
    if (auto f = field_of_order(k - 1); f && f->q() % 4 == 3) return Construction::PaleyOne;
    if (auto f = field_of_order(k / 2 - 1); f && f->q() % 4 == 1) return Construction::PaleyTwo;
    if (williamson_rows(k)) return Construction::Williamson;
    if (construction_for(k / 2)) return Construction::Doubling;
    return std::nullopt;
}

[[noreturn]] void no_construction(int64_t n) {
    fail_input("", "no Hadamard construction of order " + std::to_string(n));
}

}  // namespace

bool has_hadamard_base(int k) { return construction_for(k).has_value(); }

static Eigen::MatrixXi build_hadamard_base(int k) {
    const std::optional<Construction> how = construction_for(k);
    if (!how) no_construction(k);
    Eigen::MatrixXi h;
    switch (*how) {
        case Construction::One: h = Eigen::MatrixXi::Ones(1, 1); break;
        case Construction::Sylvester:
        case Construction::Doubling: h = doubled(hadamard_base(k / 2)); break;
        case Construction::PaleyOne: h = paley_one(*field_of_order(k - 1)); break;
        case Construction::PaleyTwo: h = paley_two(*field_of_order(k / 2 - 1)); break;
        case Construction::Williamson:
            h = goethals_seidel(*williamson_rows(k));
            // Transcribed table data must never reach a model as a non-orthogonal map.
            if ((h * h.transpose() - k * Eigen::MatrixXi::Identity(k, k)).cwiseAbs().maxCoeff() != 0)
                fail_runtime("Williamson rows of order " + std::to_string(k) + " do not give a Hadamard matrix");
            break;
    }
    return h;
}

std::optional<HadamardSplit> find_hadamard_split(int64_t n) {
    if (n < 1) return std::nullopt;
    int64_t odd = n;
    while (odd % 2 == 0) odd /= 2;
    for (int64_t k = odd; k <= n && k <= kMaxHadamardBase; k *= 2)
        if (has_hadamard_base(static_cast<int>(k))) return HadamardSplit{static_cast<int>(k), n / k};
    return std::nullopt;
}

HadamardSplit hadamard_split(int64_t n) {
    const std::optional<HadamardSplit> s = find_hadamard_split(n);
    if (!s) no_construction(n);
    return *s;
}

std::vector<int8_t> hadamard_base_int8(int k) {
    const Eigen::MatrixXi base = hadamard_base(k);
    std::vector<int8_t> out(static_cast<size_t>(k) * static_cast<size_t>(k));
    for (int i = 0; i < k; ++i)
        for (int j = 0; j < k; ++j) out[static_cast<size_t>(i) * static_cast<size_t>(k) + static_cast<size_t>(j)] = static_cast<int8_t>(base(i, j));
    return out;
}

Eigen::MatrixXi hadamard_base(int k) {
    // Built once per order: rotations apply it to every block of rows, the forward pass's online
    // R3/R4 included, and a Paley or Williamson construction costs more than the block it mixes.
    static std::mutex mutex;
    static std::map<int, Eigen::MatrixXi> built;
    {
        const std::lock_guard<std::mutex> lock(mutex);
        if (const auto it = built.find(k); it != built.end()) return it->second;
    }
    Eigen::MatrixXi h = build_hadamard_base(k);  // unlocked: doubling recurses into hadamard_base
    const std::lock_guard<std::mutex> lock(mutex);
    return built.emplace(k, std::move(h)).first->second;
}

}  // namespace rs
