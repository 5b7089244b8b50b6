// The analyze pipeline: model -> calibration windows -> census -> report. The CLI's `analyze`
// and the GUI's worker call these same functions.
#pragma once
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "backend/backend.h"
#include "calib/census.h"
#include "model/model.h"
#include "rotate/fuse.h"
#include "report/census_report.h"
#include "tokenizer/tokenizer.h"

namespace rs {

struct AnalyzeConfig {
    std::string model = "default";  // a .gguf, an HF directory, or "default"
    std::string corpus;             // a corpus name or a text file; "" = default_calibration_corpus_name()
    std::string backend = "cpu";
    // "model" (loaded whole) or "layers" (the layer-by-layer engine: the checkpoint stays in its
    // file mapping and the windows go through one layer at a time); the census is the same.
    std::string engine = "model";
    CensusConfig census;
    // The census of the rotated model: these rotations fused (and R3/R4 applied online) first.
    // The configuration stored in the report says so ("rotation"), so it is never mistaken for
    // the census of the checkpoint as stored.
    FusePlan rotation;
};
nlohmann::json analyze_config_to_json(const AnalyzeConfig& c);

// "wikitext2-train" when present, else "devils-dictionary".
std::string default_calibration_corpus_name();

// Census of an already loaded model (the GUI keeps its model loaded between runs), rotated first
// when config.rotation has any placement on. Stages: Tokenizing, Fusing, Census, Hashing.
CensusReport analyze_loaded(const Model& model, const Tokenizer& tokenizer, Backend& backend, const AnalyzeConfig& config,
                            const Progress& progress = {});

// Loads the model too ("loading" stage first), or with engine "layers" reads it layer by layer
// (stages: Tokenizing, Census one step per layer, Hashing).
CensusReport analyze(const AnalyzeConfig& config, const Progress& progress = {});

}  // namespace rs
