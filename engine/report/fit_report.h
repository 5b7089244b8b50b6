// The fit report: one HDF5 file per rotation fit (`rotoscope-cli fit-rotation -o` /
// `learn-rotation -o`), with the meta/model groups of every report, the fit's configuration
// (meta/config_json, a FitConfig), the rotations and the loss history. Recipes name its
// rotations by path and dataset: "file:fit.h5#/rotation/r1", "file:fit.h5#/rotation/r2".
// Schema in docs/report-format.md ("Fit reports"); bump kFitReportSchema with it.
#pragma once
#include <string>

#include "core/progress.h"
#include "experiment/fit_config.h"
#include "experiment/fit_result.h"
#include "report/census_report.h"
#include "report/model_identity.h"

namespace rs {

inline constexpr int kFitReportSchema = 1;
// The datasets recipes name.
inline constexpr const char* kFitR1Dataset = "/rotation/r1";
inline constexpr const char* kFitR2Dataset = "/rotation/r2";

struct FitReport {
    ReportMeta meta;  // config_json: fit_config_to_json(config)
    ModelIdentity model;
    FitConfig config;
    FitResult result;
};

// Temporary file + rename: a failed or cancelled write leaves nothing behind, and an existing
// file is replaced only on success.
void write_fit_report(const std::string& path, const FitReport& report, const Progress& progress = {});

// BadInput "<path>: ..." for anything that is not a Rotoscope fit report of this schema; never
// crashes on foreign or truncated files.
FitReport read_fit_report(const std::string& path, const Progress& progress = {});

bool is_fit_report(const std::string& path);

}  // namespace rs
