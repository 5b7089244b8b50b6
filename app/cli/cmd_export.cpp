// rotoscope-cli export: a recipe's quantized model written for a runtime (hf, compressed-tensors,
// gguf), or with --check, each target's verdict on the recipe without computing anything.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/error.h"
#include "pipeline/analyze.h"
#include "core/json_io.h"
#include "experiment/experiment_config.h"
#include "pipeline/export_model.h"
#include "report/run_report.h"

namespace rs::cli {
namespace {

using json = nlohmann::json;

struct ExportOpts {
    std::string model, recipe_file, report, to, dtype = "bf16", out;
    int run = 0;
    double max_shard_gb = 5.0;
    bool check = false, offline_only = false, json = false;
    CalibrationSettings calib{"", kDefaultGptqCalibration.windows, kDefaultGptqCalibration.ctx, kDefaultGptqCalibration.seed};
    bool calib_given = false;
};

// The recipe (and, from a run report, the model and GPTQ calibration it ran with).
ExportRequest request_from(const ExportOpts& o) {
    ExportRequest r;
    r.model = o.model;
    r.gptq_calibration = o.calib;
    if (!o.report.empty()) {
        const RunReport rep = read_run_report(o.report);
        if (o.run < 0 || static_cast<size_t>(o.run) >= rep.runs.size())
            fail_input(o.report, fmt::format("has {} runs; --run {} is not one of them (0..{})", rep.runs.size(), o.run,
                                             rep.runs.empty() ? 0 : rep.runs.size() - 1));
        r.recipe = rep.runs[static_cast<size_t>(o.run)].recipe;
        const ExperimentConfig cfg = experiment_from_json(json::parse(rep.meta.config_json), o.report);
        if (r.model.empty()) r.model = cfg.model;
        if (!o.calib_given) r.gptq_calibration = cfg.matrix.gptq_calibration;
    } else {
        r.recipe = load_recipe_file(o.recipe_file);
    }
    if (r.model.empty()) r.model = "default";
    if (r.gptq_calibration.corpus.empty()) r.gptq_calibration.corpus = default_calibration_corpus_name();
    r.options.dtype = parse_export_dtype(o.dtype, "--dtype");
    r.options.offline_only = o.offline_only;
    r.options.max_shard_bytes = static_cast<int64_t>(o.max_shard_gb * 1e9);
    if (!o.to.empty()) r.options.target = parse_export_target(o.to, "--to");
    r.out = o.out;
    r.backend = global_options().backend;
    return r;
}

json verdict_json(const ExportVerdict& v) {
    const ExportTargetTraits& t = export_target_traits(v.target);
    return {{"target", t.key}, {"runtime", t.runtime}, {"ok", v.ok()}, {"cannot", v.cannot}, {"notes", v.notes}};
}

int run_check(const ExportOpts& o) {
    const ExportRequest req = request_from(o);
    std::vector<ExportVerdict> verdicts = check_export_request(req);
    if (!o.to.empty()) std::erase_if(verdicts, [&](const ExportVerdict& v) { return v.target != req.options.target; });
    if (o.json) {
        json all = json::array();
        for (const ExportVerdict& v : verdicts) all.push_back(verdict_json(v));
        fmt::print("{}\n", dump_json(json{{"recipe", recipe_to_json(req.recipe)}, {"targets", all}}));
    } else {
        fmt::print("recipe  {}\n", req.recipe.name.empty() ? recipe_display_name(req.recipe) : req.recipe.name);
        for (const ExportVerdict& v : verdicts) {
            const ExportTargetTraits& t = export_target_traits(v.target);
            fmt::print("{:<20}{} ({})\n", t.key, v.ok() ? "can export" : "cannot export", t.runtime);
            for (const std::string& c : v.cannot) fmt::print("    cannot: {}\n", c);
            for (const std::string& n : v.notes) fmt::print("    note:   {}\n", n);
        }
    }
    bool all_ok = true;
    for (const ExportVerdict& v : verdicts) all_ok = all_ok && v.ok();
    return all_ok ? kExitOk : kExitBadInput;
}

int run_export_command(const ExportOpts& o) {
    if (o.to.empty()) fail_input("export", "--to is required (hf, compressed-tensors, gguf), or --check for every target's verdict");
    if (o.out.empty()) fail_input("export", "-o is required: the output directory (hf, compressed-tensors) or .gguf file");
    const ExportRequest req = request_from(o);
    const Progress progress = progress_bar(o.json);
    const ExportResult r = run_export(req, progress);
    finish_progress_line();
    if (o.json) {
        fmt::print("{}\n", dump_json(json{{"out", r.out},
                                          {"verdict", verdict_json(r.verdict)},
                                          {"files", r.files},
                                          {"tensors", r.tensors},
                                          {"bytes", r.bytes},
                                          {"seconds", r.seconds}}));
        return kExitOk;
    }
    const ExportTargetTraits& t = export_target_traits(r.verdict.target);
    fmt::print("exported  {} for {} ({})\n", r.out, t.runtime, t.key);
    fmt::print("files     {}\n", fmt::join(r.files, ", "));
    fmt::print("size      {:.1f} MB, {} tensors, {:.1f} s\n", static_cast<double>(r.bytes) / 1e6, r.tensors, r.seconds);
    for (const std::string& n : r.verdict.notes) fmt::print("note      {}\n", n);
    return kExitOk;
}

}  // namespace

void add_export_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<ExportOpts>();
    auto* cmd = app.add_subcommand(
        "export",
        "Write a recipe's quantized model for a runtime: hf (transformers: plain safetensors), compressed-tensors (vLLM)\n"
        "or gguf (llama.cpp); with --check, say for each target whether it can express the recipe");
    cmd->add_option("MODEL", o->model, "a .gguf file, a Hugging Face model directory, or 'default' (default: the run report's model)");
    auto* rf = cmd->add_option("--recipe", o->recipe_file, "a recipe JSON file (docs/recipes.md)");
    auto* rp = cmd->add_option("--from-report", o->report, "a run report: export one of its runs (the recipe is run again, deterministically)");
    rf->excludes(rp);
    cmd->add_option("--run", o->run, "with --from-report: the run's index (0-based, as `report` lists them)")->capture_default_str();
    cmd->add_option("--to", o->to, "hf, compressed-tensors or gguf")->check(CLI::IsMember({"hf", "compressed-tensors", "gguf"}));
    cmd->add_option("-o,--output", o->out, "output directory (hf, compressed-tensors) or .gguf file; replaced only on success");
    cmd->add_option("--dtype", o->dtype, "float storage of unquantized tensors (hf: of every weight): f32, f16, bf16")
        ->check(CLI::IsMember({"f32", "f16", "bf16"}))->capture_default_str();
    cmd->add_flag("--offline-only", o->offline_only,
                  "leave out what the target cannot run (online R3/R4, activation and KV quantizers) instead of refusing");
    cmd->add_option("--max-shard-size", o->max_shard_gb, "safetensors: gigabytes per file before sharding")
        ->check(CLI::Range(0.001, 1e6))->capture_default_str();
    cmd->add_flag("--check", o->check, "print each target's verdict on the recipe and exit (2 when any target cannot express it)");
    add_calibration_options(*cmd, o->calib, "GPTQ and static-activation ");
    add_backend_option(*cmd);
    cmd->add_flag("--json", o->json, "print the result as one JSON object");
    cmd->callback([o, cmd, &action] {
        o->calib_given = cmd->count("--calib-corpus") + cmd->count("--calib-windows") + cmd->count("--calib-ctx") +
                             cmd->count("--calib-seed") > 0;
        if (o->recipe_file.empty() && o->report.empty())
            throw CLI::ValidationError("export", "--recipe or --from-report is required");
        action = [o] { return o->check ? run_check(*o) : run_export_command(*o); };
    });
}

}  // namespace rs::cli
