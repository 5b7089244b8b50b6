// The analyze pipeline: model -> calibration windows -> census -> report. The CLI's `analyze`
// and the GUI's worker call these same functions.
#pragma once
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "backend/backend.h"
#include "calib/census.h"
#include "model/model.h"
#include "report/census_report.h"
#include "tokenizer/tokenizer.h"

namespace rs {

struct AnalyzeConfig {
    std::string model = "default";  // a .gguf, an HF directory, or "default"
    std::string corpus;             // a corpus name or a text file; "" = default_calibration_corpus_name()
    std::string backend = "cpu";
    CensusConfig census;
};
nlohmann::json analyze_config_to_json(const AnalyzeConfig& c);

// "wikitext2-train" when present, else "devils-dictionary".
std::string default_calibration_corpus_name();

// Census of an already loaded model (the GUI keeps its model loaded between runs).
// Stages reported: "tokenizing", "census", "hashing".
CensusReport analyze_loaded(const Model& model, const Tokenizer& tokenizer, Backend& backend, const AnalyzeConfig& config,
                            const Progress& progress = {});

// Loads the model too ("loading" stage first).
CensusReport analyze(const AnalyzeConfig& config, const Progress& progress = {});

}  // namespace rs
