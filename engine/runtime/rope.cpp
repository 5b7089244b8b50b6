#include "runtime/rope.h"

#include <cmath>

namespace rs {

Rope::Rope(const ModelConfig& cfg) : head_dim_(cfg.head_dim), style_(cfg.rope_style) {
    const int half = head_dim_ / 2;
    inv_freq_.resize(half);
    for (int i = 0; i < half; ++i) inv_freq_[i] = std::pow(static_cast<double>(cfg.rope_theta), -2.0 * i / head_dim_);
    if (!cfg.rope_scaling) return;
    const RopeScaling& s = *cfg.rope_scaling;
    if (s.type == "linear") {
        for (double& f : inv_freq_) f /= s.factor;
    } else if (s.type == "freqs") {
        for (int i = 0; i < half && i < static_cast<int>(s.freq_factors.size()); ++i) inv_freq_[i] /= s.freq_factors[i];
    } else if (s.type == "llama3") {
        // transformers' _compute_llama3_parameters: keep high frequencies, divide low ones by
        // `factor`, blend smoothly in between.
        const double low_wavelen = s.original_context / s.low_freq_factor;
        const double high_wavelen = s.original_context / s.high_freq_factor;
        for (double& f : inv_freq_) {
            const double wavelen = 2.0 * M_PI / f;
            if (wavelen < high_wavelen) continue;
            if (wavelen > low_wavelen) {
                f /= s.factor;
                continue;
            }
            const double smooth = (s.original_context / wavelen - s.low_freq_factor) / (s.high_freq_factor - s.low_freq_factor);
            f = (1.0 - smooth) * f / s.factor + smooth * f;
        }
    }
}

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
