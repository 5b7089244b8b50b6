#include "runtime/rope.h"

#include <cmath>

#include "model/rope_frequencies.h"

namespace rs {

Rope::Rope(const ModelConfig& cfg) : head_dim_(cfg.head_dim), style_(cfg.rope_style), inv_freq_(rope_inv_freq(cfg)) {}

template <typename T>
void Rope::rotate(Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>& x, int n_heads, int pos0,
                  bool inverse, const int* positions) const {
    const int half = head_dim_ / 2;
    std::vector<T> cs(half), sn(half);
    for (int64_t t = 0; t < x.rows(); ++t) {
        const double pos = positions ? positions[t] : pos0 + t;
        for (int i = 0; i < half; ++i) {
            const double a = pos * inv_freq_[i];
            cs[i] = static_cast<T>(std::cos(a));
            sn[i] = static_cast<T>(std::sin(a));
            if (inverse) sn[i] = -sn[i];
        }
        T* row = x.row(t).data();
        for (int h = 0; h < n_heads; ++h) {
            T* v = row + int64_t{h} * head_dim_;
            for (int i = 0; i < half; ++i) {
                // NEOX pairs (i, i + D/2); NORM pairs (2i, 2i + 1).
                T* a = style_ == RopeStyle::Neox ? v + i : v + 2 * i;
                T* b = style_ == RopeStyle::Neox ? v + i + half : v + 2 * i + 1;
                const T x0 = *a, x1 = *b;
                *a = x0 * cs[i] - x1 * sn[i];
                *b = x0 * sn[i] + x1 * cs[i];
            }
        }
    }
}

template void Rope::rotate<float>(MatrixRM&, int, int, bool, const int*) const;
template void Rope::rotate<double>(Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>&, int, int,
                                   bool, const int*) const;

}  // namespace rs
