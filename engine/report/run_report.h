// The quantization report: one HDF5 file per `quantize` (one run) or `compare` (a matrix), with
// the meta/model groups of the census report, the evaluation tokens' identity, every run's
// recipe, metrics, per-linear errors and error histograms, and a summary table. Schema in
// docs/report-format.md ("Run reports"); bump kRunReportSchema with it.
#pragma once
#include <string>
#include <vector>

#include "core/progress.h"
#include "experiment/run_result.h"
#include "report/census_report.h"
#include "report/model_identity.h"

namespace rs {

inline constexpr int kRunReportSchema = 1;

struct RunReport {
    ReportMeta meta;           // config_json: the matrix (or single recipe) and eval settings
    ModelIdentity model;
    std::string name;          // matrix name ("" for a single run)
    EvalSettings eval;
    std::string corpus_name, corpus_path, corpus_sha256;
    int64_t eval_tokens = 0;   // tokens evaluated per run
    PplPair reference;         // the unquantized model on the same tokens
    std::vector<uint64_t> seeds;
    std::vector<RunResult> runs;
};

// Temporary file + rename, like the census report. Stage "writing report", one step per run.
void write_run_report(const std::string& path, const RunReport& report, const Progress& progress = {});

// BadInput "<path>: ..." for anything that is not a Rotoscope run report of this schema; never
// crashes on foreign or truncated files (same hardening as read_census_report).
RunReport read_run_report(const std::string& path, const Progress& progress = {});

// True when the file is an HDF5 report of this kind (the GUI's File > Open dispatches on it).
bool is_run_report(const std::string& path);

}  // namespace rs
