#include "model/rope_frequencies.h"

#include <algorithm>
#include <cmath>

namespace rs {

std::vector<double> rope_inv_freq(const ModelConfig& cfg) {
    const int half = cfg.head_dim / 2;
    std::vector<double> inv_freq(static_cast<size_t>(std::max(half, 0)));
    for (int i = 0; i < half; ++i)
        inv_freq[static_cast<size_t>(i)] = std::pow(static_cast<double>(cfg.rope_theta), -2.0 * i / cfg.head_dim);
    if (!cfg.rope_scaling) return inv_freq;
    const RopeScaling& s = *cfg.rope_scaling;
    if (s.type == "linear") {
        for (double& f : inv_freq) f /= s.factor;
    } else if (s.type == "freqs") {
        for (int i = 0; i < half && i < static_cast<int>(s.freq_factors.size()); ++i)
            inv_freq[static_cast<size_t>(i)] /= s.freq_factors[static_cast<size_t>(i)];
    } else if (s.type == "llama3") {
        // transformers' _compute_llama3_parameters: keep high frequencies, divide low ones by
        // `factor`, blend smoothly in between.
        const double low_wavelen = s.original_context / s.low_freq_factor;
        const double high_wavelen = s.original_context / s.high_freq_factor;
        for (double& f : inv_freq) {
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
    return inv_freq;
}

void rope_table(const std::vector<double>& inv_freq, int64_t pos0, int64_t rows, std::vector<float>& cos, std::vector<float>& sin) {
    const size_t half = inv_freq.size();
    cos.resize(static_cast<size_t>(rows) * half);
    sin.resize(static_cast<size_t>(rows) * half);
    for (int64_t t = 0; t < rows; ++t) {
        const double pos = static_cast<double>(pos0 + t);
        for (size_t i = 0; i < half; ++i) {
            const double a = pos * inv_freq[i];
            cos[static_cast<size_t>(t) * half + i] = static_cast<float>(std::cos(a));
            sin[static_cast<size_t>(t) * half + i] = static_cast<float>(std::sin(a));
        }
    }
}

}  // namespace rs
