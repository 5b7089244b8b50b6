// The census report: one HDF5 file holding everything the GUI shows, so that a report can be
// shared and looked at without the model. The schema is documented in docs/report-format.md;
// change both together and bump kCensusReportSchema.
#pragma once
#include <string>

#include "calib/census.h"
#include "core/progress.h"
#include "report/model_identity.h"

namespace rs {

inline constexpr int kCensusReportSchema = 1;

struct ReportMeta {
    std::string tool = "rotoscope";
    std::string tool_version;  // ROTOSCOPE_VERSION when written by this build
    std::string git_commit;    // ROTOSCOPE_GIT_COMMIT
    std::string created_utc;   // ISO 8601, e.g. 2026-11-23T01:22:05Z
    std::string backend;       // "cpu", "cuda"
    int threads = 0;
    std::string build;         // compiler, flags and compiled vector ISA ("" in older reports)
    std::string cpu;           // the processor the numbers were computed on ("" in older reports)
    std::string config_json;   // the full run configuration (model spec, corpus, census config)
    int schema = kCensusReportSchema;
};

struct CensusReport {
    ReportMeta meta;
    ModelIdentity model;
    Census census;
};

// meta for a report written now by this build (version, commit, date filled in).
ReportMeta make_report_meta(const std::string& backend, const std::string& config_json);

// Writes to a temporary file beside `path`, then renames it over `path`: a failed or cancelled
// write never leaves a partial report. Progress stage "writing report", one step per site.
void write_census_report(const std::string& path, const CensusReport& report, const Progress& progress = {});

// Reads a report back. BadInput "<path>: ..." for a missing file, a file that is not HDF5, an
// HDF5 file that is not a Rotoscope census report, an unsupported schema, or missing/misshapen
// datasets; never crashes on a foreign or truncated file.
CensusReport read_census_report(const std::string& path, const Progress& progress = {});

}  // namespace rs
