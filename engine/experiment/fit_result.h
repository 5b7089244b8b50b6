// What a rotation fit produced (pipeline/fit_rotation.h): the rotations, the loss history and
// the numbers that say what the fit bought. The fit report stores it with its FitConfig.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "fit/r1_site_measures.h"
#include "model/model.h"

namespace rs {

struct FitBaseline {
    std::string rotation;  // "none", "rhadamard:seed=0", "block:32"
    double loss = 0;       // the fit's objective for that rotation, on the same rows
};

struct FitResult {
    MatrixD r1;               // [d_model, d_model], x ← x·R1
    std::vector<MatrixD> r2;  // Cayley with R2: one [head_dim, head_dim] per layer; else empty
    // Procrustes: the weighted quantization error at the start of each round, then the result's;
    // Cayley: the loss of each step's window before its update (nats per token), then the
    // result's on the next window.
    std::vector<double> loss;
    // Procrustes: the error after each round's step with that round's quantizer held fixed
    // (never above loss[k]); Cayley: the step size α of each step.
    std::vector<double> trace;
    double orthogonality = 0;  // max |RᵀR − I| over R1 and every R2
    // Cayley: the mean loss on the first eval_windows calibration windows, start and result.
    double eval_start = 0, eval_result = 0;
    // Procrustes: the objective of the rotations a user would otherwise pick, and the rows.
    std::vector<FitBaseline> baselines;
    int64_t rows = 0, rows_per_call = 0, massive_rows = 0;
    // Per layer and R1 site (q/k/v and gate/up inputs): the outlier measures under the start and
    // under the fitted R1, on the same rows (Procrustes: the rows it fitted on; Cayley: the first
    // calibration window).
    std::vector<R1SiteMeasure> sites_start, sites_result;
    std::string online;              // Cayley: the online rotations learned around ("R3 hadamard ...")
    std::string calibration_corpus;  // the corpus the windows came from, resolved
    std::string calibration_sha256;  // sha256 of the calibration windows' token ids (int32, in order)
    int64_t calibration_tokens = 0;
    double seconds_prepare = 0, seconds_fit = 0;

    // The rotations as row-major float64 values, the layout of the raw files and of the fit
    // report's datasets: R1 [d, d], and every R2 one after the other [layers, hd, hd].
    std::vector<double> r1_values() const { return row_major({r1}); }
    std::vector<double> r2_values() const { return row_major(r2); }

private:
    static std::vector<double> row_major(const std::vector<MatrixD>& ms) {
        std::vector<double> v;
        for (const MatrixD& m : ms) {
            const size_t at = v.size();
            v.resize(at + static_cast<size_t>(m.size()));
            Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(v.data() + at, m.rows(), m.cols()) = m;
        }
        return v;
    }
};

}  // namespace rs
