// What a rotation does to the activations R1 rotates, site by site: the outlier measures the
// fitting view and `fit-rotation` / `learn-rotation` show for the start and for the fitted
// rotation (and the report stores), on the same captured rows.
#pragma once
#include <vector>

#include "fit/r1_activations.h"
#include "quant/format.h"

namespace rs {

struct R1SiteMeasure {
    int layer = 0;
    LinearInput site = LinearInput::QKV;  // a kR1Sites entry
    double max_over_median = 0;  // max |x| / median |x| over the site's entries (outliers)
    double kurtosis = 0;         // E[(x − μ)⁴] / σ⁴ over the entries (3 for a Gaussian)
    double quant_error = 0;      // ‖x − Q(x)‖² / ‖x‖²: the energy the activation format loses
};

// One measure per (layer, site), layer-major, for the rows of `acts` times `rotation` ([d, d]),
// quantized `acts.rows_per_call` rows at a time as the forward pass does. Rows without a finite
// value are refused upstream (capture); a site of all zeros reports zeros.
std::vector<R1SiteMeasure> r1_site_measures(const R1Activations& acts, int n_layers, const MatrixD& rotation,
                                            const quant::FormatSpec& act);

}  // namespace rs
