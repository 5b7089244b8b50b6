#include "pipeline/analyze.h"

#include <fmt/format.h>
#include <omp.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "calib/calibration.h"
#include "calib/corpus.h"
#include "core/error.h"
#include "core/json_io.h"
#include "experiment/recipe.h"
#include "model/checkpoint.h"
#include "model/layer_source.h"
#include "model/loader.h"
#include "experiment/experiment_config.h"
#include "pipeline/experiment.h"
#include "rotate/fused_layers.h"
#include "runtime/forward.h"

namespace rs {

nlohmann::json analyze_config_to_json(const AnalyzeConfig& c) {
    nlohmann::json j = {{"command", "analyze"},
                        {"model", c.model},
                        {"corpus", c.corpus.empty() ? default_calibration_corpus_name() : c.corpus},
                        {"backend", c.backend},
                        {"census", census_config_to_json(c.census)}};
    if (c.rotation.any()) j["rotation"] = rotation_to_json(c.rotation);
    if (c.engine != kEngineModel) j["engine"] = c.engine;
    return j;
}

std::string default_calibration_corpus_name() {
    return find_wikitext2_file("wiki.train.head-1M.txt").empty() ? "devils-dictionary" : "wikitext2-train";
}

namespace {

// Everything that can be refused is refused before the first window runs; returns the config
// with its corpus resolved and the calibration windows.
struct Prepared {
    AnalyzeConfig config;
    CalibrationSet calibration;
};
Prepared prepare(const ModelConfig& cfg, bool rotated_already, const Tokenizer& tokenizer, const AnalyzeConfig& config,
                 const Progress& progress) {
    validate_census_config(config.census, "census");
    check_engine_name(config.engine, "analyze");
    if (config.census.ctx > cfg.max_context)
        fail_input("", fmt::format("context {} exceeds the model's context of {}", config.census.ctx, cfg.max_context));
    if (config.rotation.any()) {
        if (rotated_already) fail_input("", "the model is already rotated (it has online R3/R4 rotations)");
        check_fuse_plan(cfg, config.rotation);
    }
    Prepared p{config, {}};
    if (p.config.corpus.empty()) p.config.corpus = default_calibration_corpus_name();
    const Corpus corpus = load_corpus(p.config.corpus);
    progress(Stage::Tokenizing, 0, 1);
    const bool bos = p.config.census.bos && tokenizer.add_bos() && tokenizer.bos() >= 0;
    p.calibration = sample_windows(corpus, tokenizer, p.config.census.windows, p.config.census.ctx, p.config.census.seed, bos, progress);
    progress(Stage::Tokenizing, 1, 1);
    return p;
}

CensusReport finish_report(Census census, const Backend& backend, const AnalyzeConfig& resolved) {
    CensusReport report;
    report.census = std::move(census);
    report.meta = make_report_meta(backend.name(), dump_json(analyze_config_to_json(resolved)));
    report.meta.threads = omp_get_max_threads();
    return report;
}

// The census on the layer-by-layer engine: the checkpoint is never loaded whole.
CensusReport analyze_layers(const AnalyzeConfig& config, Backend& backend, const Progress& progress) {
    const std::unique_ptr<Checkpoint> checkpoint = Checkpoint::open(config.model);
    const auto tokenizer = make_tokenizer(checkpoint->tokenizer());
    const Prepared p = prepare(checkpoint->cfg(), false, *tokenizer, config, progress);
    const std::unique_ptr<LayerSource> base = checkpoint_layers(*checkpoint);
    std::unique_ptr<LayerSource> rotated;
    if (p.config.rotation.any()) rotated = fused_layers(*base, p.config.rotation);
    Census census = run_census_layer_major(rotated ? *rotated : *base, backend, p.calibration, p.config.census, progress);
    CensusReport report = finish_report(std::move(census), backend, p.config);
    report.model = identify_checkpoint(*checkpoint, progress);
    return report;
}

}  // namespace

CensusReport analyze_loaded(const Model& model, const Tokenizer& tokenizer, Backend& backend, const AnalyzeConfig& config,
                            const Progress& progress) {
    const Prepared p = prepare(model.cfg, model.online.any(), tokenizer, config, progress);
    // The census runs on the layer-by-layer runner whatever the engine (its numbers are the
    // window-by-window census's, bit for bit); here the layers come from the loaded model.
    // The loaded model is fused whole (layers in parallel), since the memory is there anyway.
    std::optional<Model> rotated;
    if (p.config.rotation.any()) rotated = fuse_rotations(model, p.config.rotation, progress);
    const std::unique_ptr<LayerSource> layers = model_layers(rotated ? *rotated : model);
    Census census = run_census_layer_major(*layers, backend, p.calibration, p.config.census, progress);
    CensusReport report = finish_report(std::move(census), backend, p.config);
    report.model = identify_model(model, progress);
    return report;
}

CensusReport analyze(const AnalyzeConfig& config, const Progress& progress) {
    validate_census_config(config.census, "census");
    check_engine_name(config.engine, "analyze");
    const std::unique_ptr<Backend> backend = make_backend(config.backend);
    if (config.engine == kEngineLayers) return analyze_layers(config, *backend, progress);
    const Model model = load_model(config.model, progress);
    const auto tokenizer = make_tokenizer(model.tokenizer);
    return analyze_loaded(model, *tokenizer, *backend, config, progress);
}

}  // namespace rs
