#include "fit/r1_site_measures.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "quant/act_quant.h"
#include "quant/fake_quant.h"

namespace rs {

std::vector<R1SiteMeasure> r1_site_measures(const R1Activations& acts, int n_layers, const MatrixD& rotation,
                                            const quant::FormatSpec& act) {
    const int64_t d = acts.rows.cols(), per = acts.rows_per_call;
    constexpr int64_t kSites = static_cast<int64_t>(std::size(kR1Sites));
    if (rotation.rows() != d || rotation.cols() != d) fail_input("site measures", "the rotation does not match the activations");
    if (per < 1 || n_layers < 1 || acts.rows.rows() % (per * n_layers * kSites) != 0)
        fail_input("site measures", "the activations are not whole windows of every layer and site");
    const quant::FormatSpec spec = per_token_spec(act, "site measures", "activation");
    const int64_t calls = acts.rows.rows() / per;
    const Eigen::MatrixXf r = rotation.cast<float>();

    std::vector<R1SiteMeasure> out(static_cast<size_t>(n_layers * kSites));
    for (int64_t s = 0; s < n_layers * kSites; ++s) {
        out[s].layer = static_cast<int>(s / kSites);
        out[s].site = kR1Sites[s % kSites];
    }
    // Per site: the calls (window blocks) that belong to it, gathered, rotated and measured.
#pragma omp parallel for schedule(dynamic)
    for (int64_t s = 0; s < n_layers * kSites; ++s) {
        std::vector<float> values;
        double err = 0, energy = 0;
        for (int64_t c = s; c < calls; c += n_layers * kSites) {
            const MatrixRM y = acts.rows.middleRows(c * per, per) * r;
            const quant::QuantResult q = quant::fake_quant(y.data(), per, d, spec);
            for (int64_t i = 0; i < y.size(); ++i) {
                const double x = y.data()[i], e = x - static_cast<double>(q.dequant[static_cast<size_t>(i)]);
                err += e * e;
                energy += x * x;
                values.push_back(y.data()[i]);
            }
        }
        R1SiteMeasure& m = out[static_cast<size_t>(s)];
        if (values.empty() || energy == 0) continue;
        double mean = 0;
        for (float v : values) mean += v;
        mean /= static_cast<double>(values.size());
        double m2 = 0, m4 = 0, peak = 0;
        for (float v : values) {
            const double c = v - mean, c2 = c * c;
            m2 += c2;
            m4 += c2 * c2;
            peak = std::max(peak, std::abs(static_cast<double>(v)));
        }
        m2 /= static_cast<double>(values.size());
        m4 /= static_cast<double>(values.size());
        for (float& v : values) v = std::abs(v);
        const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
        std::nth_element(values.begin(), mid, values.end());
        m.max_over_median = *mid > 0 ? peak / *mid : 0.0;
        m.kurtosis = m2 > 0 ? m4 / (m2 * m2) : 0.0;
        m.quant_error = err / energy;
    }
    return out;
}

}  // namespace rs
