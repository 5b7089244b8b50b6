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
#include "model/loader.h"
#include "runtime/forward.h"

namespace rs {

nlohmann::json analyze_config_to_json(const AnalyzeConfig& c) {
    nlohmann::json j = {{"command", "analyze"},
                        {"model", c.model},
                        {"corpus", c.corpus.empty() ? default_calibration_corpus_name() : c.corpus},
                        {"backend", c.backend},
                        {"census", census_config_to_json(c.census)}};
    if (c.rotation.any()) j["rotation"] = rotation_to_json(c.rotation);
    return j;
}

std::string default_calibration_corpus_name() {
    return find_wikitext2_file("wiki.train.head-1M.txt").empty() ? "devils-dictionary" : "wikitext2-train";
}

CensusReport analyze_loaded(const Model& model, const Tokenizer& tokenizer, Backend& backend, const AnalyzeConfig& config,
                            const Progress& progress) {
    // Everything that can be refused is refused before the first window runs.
    validate_census_config(config.census, "census");
    if (config.census.ctx > model.cfg.max_context)
        fail_input("", fmt::format("context {} exceeds the model's context of {}", config.census.ctx, model.cfg.max_context));
    if (config.rotation.any()) {
        if (model.online.any()) fail_input("", "the model is already rotated (it has online R3/R4 rotations)");
        check_fuse_plan(model.cfg, config.rotation);
    }
    AnalyzeConfig resolved = config;
    if (resolved.corpus.empty()) resolved.corpus = default_calibration_corpus_name();
    const Corpus corpus = load_corpus(resolved.corpus);

    progress(Stage::Tokenizing, 0, 1);
    const bool bos = resolved.census.bos && tokenizer.add_bos() && tokenizer.bos() >= 0;
    CalibrationSet calibration = sample_windows(corpus, tokenizer, resolved.census.windows, resolved.census.ctx,
                                                resolved.census.seed, bos, progress);
    progress(Stage::Tokenizing, 1, 1);

    std::optional<Model> rotated;
    if (resolved.rotation.any()) rotated = fuse_rotations(model, resolved.rotation, progress);
    Forward forward(rotated ? *rotated : model, backend);
    CensusReport report;
    report.census = run_census(forward, calibration, resolved.census, progress);
    report.model = identify_model(model, progress);
    report.meta = make_report_meta(backend.name(), dump_json(analyze_config_to_json(resolved)));
    report.meta.threads = omp_get_max_threads();
    return report;
}

CensusReport analyze(const AnalyzeConfig& config, const Progress& progress) {
    validate_census_config(config.census, "census");
    std::unique_ptr<Backend> backend;
    if (config.backend == "cpu") {
        backend = make_cpu_backend();
    } else if (config.backend == "cuda") {
        if (!cuda_backend_available()) fail_input("", "the CUDA backend is not available in this build or on this machine");
        backend = make_cuda_backend();
    } else {
        fail_input("", fmt::format("unknown backend '{}' (cpu or cuda)", config.backend));
    }
    const Model model = load_model(config.model, progress);
    const auto tokenizer = make_tokenizer(model.tokenizer);
    return analyze_loaded(model, *tokenizer, *backend, config, progress);
}

}  // namespace rs
