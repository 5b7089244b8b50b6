// rotoscope-cli quantize: one recipe (rotation, smoothing, W/A/KV formats) on a model, evaluated
// against the unquantized model on the same tokens, optionally written as an HDF5 run report.
// rotoscope-cli compare: a matrix of recipes on one model and one set of tokens, printed as a
// summary table and written as one report (and CSV).
// `report` prints run reports through print_run_report (below).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "calib/corpus.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/task_output.h"
#include "core/error.h"
#include "core/json_io.h"
#include "core/untrusted_text.h"
#include "pipeline/analyze.h"
#include "pipeline/experiment.h"
#include "pipeline/quantize.h"
#include "experiment/recipe.h"
#include "quant/format.h"
#include "report/model_identity.h"
#include "report/run_report.h"
#include "report/run_report_merge.h"
#include "rotate/rotation.h"

namespace rs::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// ---------------------------------------------------------------- checks before any work

// "none" switches a format off; anything else must parse. The flag names the error.
json format_flag(const std::string& flag, const std::string& text) {
    if (text == "none") return nullptr;
    try {
        quant::parse_format_spec(text);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::BadInput) throw;
        fail_input(flag, e.what());
    }
    return text;
}

std::string rotation_flag(const std::string& flag, const std::string& text) {
    try {
        parse_rotation(text);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::BadInput) throw;
        fail_input(flag, e.what());
    }
    return text;
}

std::string resolved_corpus(const std::string& corpus) { return corpus.empty() ? default_corpus_name() : corpus; }


// ---------------------------------------------------------------- results as text and JSON

json number(double v) {
    // JSON has no infinity or NaN; an exact linear's +inf SQNR is written as null.
    return std::isfinite(v) ? json(v) : json(nullptr);
}

std::string linear_label(int layer, Role role) {
    return layer < 0 ? std::string("lm_head") : fmt::format("layer {:>2} {}", layer, role_name(role));
}

// The n linears with the lowest output SQNR, worst first.
std::vector<const LinearError*> worst_linears(const RunResult& r, size_t n) {
    std::vector<const LinearError*> v;
    for (const LinearError& e : r.linears) v.push_back(&e);
    std::stable_sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->output_sqnr_db < b->output_sqnr_db; });
    if (v.size() > n) v.resize(n);
    return v;
}

// Sums of the proxy losses of a GPTQ run over its linears, and how many are below RTN's.
struct GptqGain {
    double gptq = 0, rtn = 0;
    int below = 0, linears = 0;
};
GptqGain gptq_gain(const WeightQuantReport& w) {
    GptqGain g;
    for (const LinearQuantError& e : w.linears) {
        if (!std::isfinite(e.proxy_loss) || !std::isfinite(e.proxy_loss_rtn)) continue;
        g.gptq += e.proxy_loss;
        g.rtn += e.proxy_loss_rtn;
        g.below += e.proxy_loss < e.proxy_loss_rtn;
        ++g.linears;
    }
    return g;
}

json gptq_json(const RunResult& r) {
    if (!r.weights || r.recipe.method != WeightMethod::Gptq) return nullptr;
    const GptqGain g = gptq_gain(*r.weights);
    return {{"proxy_loss", number(g.gptq)}, {"proxy_loss_rtn", number(g.rtn)}, {"linears_below_rtn", g.below},
            {"linears", g.linears}, {"warnings", r.weights->warnings},
            {"seconds", {{"forward", r.weights->seconds_forward}, {"hessians", r.weights->seconds_hessians},
                         {"solves", r.weights->seconds_solves}, {"proxy", r.weights->seconds_proxy}}}};
}

json run_json(const RunResult& r) {
    const LogitComparison& m = r.metrics;
    json worst = json::array();
    for (const LinearError* e : worst_linears(r, 5))
        worst.push_back({{"layer", e->layer},
                         {"role", role_name(e->role)},
                         {"output_sqnr_db", number(e->output_sqnr_db)},
                         {"output_rel_error", number(e->output_rel_error)},
                         {"input_rel_error", number(e->input_rel_error)},
                         {"weight_rel_error", number(e->weight_rel_error)}});
    return {{"name", r.name},
            {"group", r.group},
            {"seed", r.seed},
            {"bits", recipe_bits_label(r.recipe)},
            {"recipe", recipe_to_json(r.recipe)},
            {"fuse", r.fuse.summary()},
            {"ppl_full", number(m.candidate.full)},
            {"ppl_llamacpp", number(m.candidate.llamacpp)},
            {"delta_ppl_full", number(m.candidate.full - m.reference.full)},
            {"delta_ppl_llamacpp", number(m.candidate.llamacpp - m.reference.llamacpp)},
            {"kl", {{"mean", number(m.kl.mean)},
                    {"p50", number(m.kl.p50)},
                    {"p90", number(m.kl.p90)},
                    {"p99", number(m.kl.p99)},
                    {"p999", number(m.kl.p999)},
                    {"max", number(m.kl.max)}}},
            {"top1", number(m.top1_agreement)},
            {"scored_tokens", m.scored_tokens},
            {"windows", m.windows},
            {"seconds_prepare", r.seconds_prepare},
            {"seconds_eval", r.seconds_eval},
            {"gptq", gptq_json(r)},
            {"worst_linears", worst},
            {"tasks", tasks_json(r.tasks)}};
}

json groups_json(const std::vector<RunResult>& runs) {
    json out = json::array();
    for (const GroupSummary& g : summarize_groups(runs))
        out.push_back({{"group", g.group},
                       {"runs", g.runs},
                       {"ppl_mean", number(g.ppl_mean)},
                       {"ppl_std", number(g.ppl_std)},
                       {"kl_mean", number(g.kl_mean)},
                       {"kl_std", number(g.kl_std)},
                       {"top1_mean", number(g.top1_mean)},
                       {"top1_std", number(g.top1_std)}});
    return out;
}

json reference_json(const PplPair& p) { return {{"ppl_full", number(p.full)}, {"ppl_llamacpp", number(p.llamacpp)}}; }

std::string signed_delta(double v) { return fmt::format("{}{:.4f}", v >= 0 ? "+" : "", v); }

void print_run_result(const RunResult& r) {
    const LogitComparison& m = r.metrics;
    fmt::print("recipe         {} ({})\n", r.name, recipe_bits_label(r.recipe));
    fmt::print("               {}\n", dump_json(recipe_to_json(r.recipe)));
    if (r.fuse.plan.any()) fmt::print("rotations      {}\n", r.fuse.summary());
    fmt::print("reference PPL  {:.4f} (full)   {:.4f} (llama.cpp)\n", m.reference.full, m.reference.llamacpp);
    fmt::print("quantized PPL  {:.4f} (full)   {:.4f} (llama.cpp)\n", m.candidate.full, m.candidate.llamacpp);
    fmt::print("ΔPPL           {} (full)   {} (llama.cpp)\n", signed_delta(m.candidate.full - m.reference.full),
               signed_delta(m.candidate.llamacpp - m.reference.llamacpp));
    fmt::print("KL (nats)      mean {:.5f}   p50 {:.5f}   p99 {:.5f}   max {:.5f}\n", m.kl.mean, m.kl.p50, m.kl.p99, m.kl.max);
    fmt::print("top-1          {:.2f} % of {} tokens ({} windows)\n", 100.0 * m.top1_agreement, m.scored_tokens, m.windows);
    fmt::print("time           {:.1f} s prepare, {:.1f} s evaluate\n", r.seconds_prepare, r.seconds_eval);
    if (r.weights && r.recipe.method == WeightMethod::Gptq) {
        const GptqGain gain = gptq_gain(*r.weights);
        fmt::print("GPTQ           proxy loss {:.4g} vs RTN {:.4g} (x{:.3f}; below RTN on {} of {} linears)\n", gain.gptq,
                   gain.rtn, gain.rtn > 0 ? gain.gptq / gain.rtn : 0.0, gain.below, gain.linears);
        fmt::print("GPTQ time      {:.1f} s calibration forward, {:.1f} s Hessians, {:.1f} s solves, {:.1f} s proxy losses\n",
                   r.weights->seconds_forward, r.weights->seconds_hessians, r.weights->seconds_solves, r.weights->seconds_proxy);
        for (const std::string& w : r.weights->warnings) fmt::print("warning        {}\n", printable(w));
    }
    const auto worst = worst_linears(r, 5);
    if (!worst.empty()) fmt::print("worst output SQNR:\n");
    for (const LinearError* e : worst)
        fmt::print("  {:<20} {:>8.2f} dB   rel. error out {:.4f}, in {:.4f}, weight {:.4f}\n", linear_label(e->layer, e->role),
                   e->output_sqnr_db, e->output_rel_error, e->input_rel_error, e->weight_rel_error);
    print_task_scores(r.tasks);
}

void print_report_file_line(const std::string& path) {
    if (path.empty()) return;
    std::error_code ec;
    const auto bytes = fs::file_size(path, ec);
    fmt::print("report         {} ({:.2f} MB)\n", path, ec ? 0.0 : static_cast<double>(bytes) / 1e6);
}

// ---------------------------------------------------------------- quantize

struct QuantizeOpts {
    std::string model, recipe_file, rotation, r1, r2, r3, r4, smooth_sites, format, w, a, kv, method;
    double damp = GptqOptions{}.damp;
    int gptq_block = GptqOptions{}.block;
    bool damp_given = false, block_given = false, act_order = false, static_groups = false, layerwise = false;
    CalibrationSettings calib{"", kDefaultGptqCalibration.windows, kDefaultGptqCalibration.ctx, kDefaultGptqCalibration.seed};
    double smooth_alpha = 0;
    bool smooth_alpha_given = false;
    bool lm_head = false;
    std::string corpus, text_file, smooth_corpus;
    int ctx = EvalSettings{}.ctx, windows = EvalSettings{}.windows, probe_tokens = EvalSettings{}.probe_tokens;
    int smooth_windows = SmoothCalibration{}.windows, smooth_ctx = SmoothCalibration{}.ctx;
    std::string output;
    bool json = false;
    std::string engine = kEngineModel;
    bool probe_given = false;
    TaskSettings tasks;
    bool tasks_command = false;
    bool subjects = false;  // print every subject's accuracy  // `tasks`: the float model unless --recipe, task scores first
};

// The layer-by-layer engine has no per-linear probe: without an explicit --probe-tokens it is
// turned off there, with a note, rather than refused.
void probe_for_engine(EvalSettings& eval, const std::string& engine, bool probe_given) {
    if (engine != kEngineLayers || probe_given || eval.probe_tokens == 0) return;
    std::fprintf(stderr, "note: the layer-by-layer engine has no per-linear probe; probe_tokens set to 0\n");
    eval.probe_tokens = 0;
}

// The recipe file's JSON with the flags laid over it, so that flags and files share one grammar
// (recipe_from_json) and one set of error messages.
Recipe recipe_from_flags(const QuantizeOpts& o) {
    json j = o.recipe_file.empty() ? json::object() : recipe_to_json(load_recipe_file(o.recipe_file));
    const std::string where = o.recipe_file.empty() ? "command line" : o.recipe_file + " with the command line's flags";

    const bool any_rotation_flag = !o.rotation.empty() || !o.r1.empty() || !o.r2.empty() || !o.r3.empty() || !o.r4.empty();
    if (any_rotation_flag) {
        json rot = json::object();
        const json cur = j.contains("rotation") ? j["rotation"] : json(nullptr);
        if (cur.is_string()) rot = {{"r1", cur}, {"r2", cur}, {"r4", cur}};
        else if (cur.is_object()) rot = cur;
        if (!o.rotation.empty()) {
            const std::string x = rotation_flag("--rotation", o.rotation);
            rot["r1"] = rot["r2"] = rot["r4"] = x;
        }
        const std::pair<const char*, const std::string*> each[] = {{"r1", &o.r1}, {"r2", &o.r2}, {"r3", &o.r3}, {"r4", &o.r4}};
        for (const auto& [key, text] : each)
            if (!text->empty()) rot[key] = rotation_flag(std::string("--") + key, *text);
        j["rotation"] = rot;
    }
    if (o.smooth_alpha_given || !o.smooth_sites.empty()) {
        json s = j.contains("smooth") && j["smooth"].is_object() ? j["smooth"] : json::object();
        if (o.smooth_alpha_given) s["alpha"] = o.smooth_alpha;
        if (!o.smooth_sites.empty()) {
            json sites = json::array();
            std::stringstream ss(o.smooth_sites);
            for (std::string site; std::getline(ss, site, ',');) sites.push_back(site);
            s["sites"] = sites;
        }
        j["smooth"] = s;
    }
    if (!o.format.empty()) j["w"] = j["a"] = format_flag("--format", o.format);
    if (!o.w.empty()) j["w"] = format_flag("--w", o.w);
    if (!o.a.empty()) j["a"] = format_flag("--a", o.a);
    if (!o.kv.empty()) j["kv"] = format_flag("--kv", o.kv);
    if (o.lm_head) j["lm_head"] = true;
    if (!o.method.empty()) j["method"] = o.method;
    if (o.damp_given || o.block_given || o.act_order || o.static_groups || o.layerwise) {
        json g = j.contains("gptq") && j["gptq"].is_object() ? j["gptq"] : json::object();
        if (o.damp_given) g["damp"] = o.damp;
        if (o.block_given) g["block"] = o.gptq_block;
        if (o.act_order) g["act_order"] = true;
        if (o.static_groups) g["static_groups"] = true;
        if (o.layerwise) g["true_sequential"] = false;
        j["gptq"] = g;
    }
    return recipe_from_json(j, where);
}

int run_quantize(const QuantizeOpts& o) {
    // Everything that needs no model is refused before the model loads.
    const Recipe recipe = recipe_from_flags(o);
    check_output_path(o.output);
    EvalSettings eval;
    eval.corpus = resolved_corpus(o.text_file.empty() ? o.corpus : o.text_file);
    eval.ctx = o.ctx;
    eval.windows = o.windows;
    eval.probe_tokens = o.probe_tokens;
    probe_for_engine(eval, o.engine, o.probe_given);
    eval.tasks = o.tasks;
    // The report's configuration reruns from any folder.
    if (!eval.tasks.data.empty()) eval.tasks.data = std::filesystem::absolute(eval.tasks.data).lexically_normal().string();
    check_task_settings(eval.tasks, "command line");
    SmoothCalibration calibration;
    calibration.corpus = o.smooth_corpus;
    calibration.windows = o.smooth_windows;
    calibration.ctx = o.smooth_ctx;
    // The corpus is recorded by name (the default resolved here), so that the report says what ran.
    CalibrationSettings gptq_calibration = o.calib;
    if (gptq_calibration.corpus.empty()) gptq_calibration.corpus = default_calibration_corpus_name();
    ExperimentConfig config =
        single_recipe_experiment(o.model, global_options().backend, recipe, eval, calibration, gptq_calibration);
    config.engine = o.engine;

    const Progress progress = progress_bar(o.json);
    const RunReport rep = run_experiment(config, progress, {}, o.recipe_file.empty() ? "command line" : o.recipe_file);
    if (!o.output.empty()) write_run_report(o.output, rep, progress);
    finish_progress_line();
    const RunResult& result = rep.runs.front();
    if (o.json) {
        json j = run_json(result);
        j["reference"] = reference_json(result.metrics.reference);
        j["eval"] = eval_settings_to_json(rep.eval);
        j["corpus"] = rep.corpus_name;
        j["report"] = o.output;
        fmt::print("{}\n", dump_json(j, 2));
    } else if (o.tasks_command) {
        fmt::print("model          {} ({})\n", result.name, recipe_bits_label(result.recipe));
        fmt::print("perplexity     {:.4f} (full protocol, {} tokens of {})\n", result.metrics.candidate.full, rep.eval_tokens,
                   rep.corpus_name);
        print_task_scores(result.tasks, o.subjects);
        print_report_file_line(o.output);
    } else {
        print_run_result(result);
        print_report_file_line(o.output);
    }
    return kExitOk;
}

// ---------------------------------------------------------------- compare

struct CompareOpts {
    std::string matrix, model, output, csv;
    bool json = false;
    std::string engine;  // "": the configuration's
    std::string shard;   // "i/n", "": the whole matrix
};

// A matrix JSON file, or a run report whose stored configuration is run again.
ExperimentConfig experiment_of(const CompareOpts& o) {
    ExperimentConfig config;
    if (is_run_report(o.matrix)) {
        const RunReport stored = read_run_report(o.matrix);
        const std::string where = o.matrix + ": meta/config_json";
        config = experiment_from_json(parse_json(stored.meta.config_json, where), where);
    } else {
        config.matrix = load_matrix_file(o.matrix);
        config.model = "default";
    }
    if (!o.model.empty()) config.model = o.model;
    config.backend = global_options().backend;
    if (!o.engine.empty()) config.engine = o.engine;
    // A shard report reruns as that shard unless another is asked for.
    if (!o.shard.empty()) config.shard = parse_shard(o.shard, "--shard");
    probe_for_engine(config.matrix.eval, config.engine, false);
    config.matrix.eval.corpus = resolved_corpus(config.matrix.eval.corpus);
    // The report's configuration reruns from any folder.
    std::string& task_data = config.matrix.eval.tasks.data;
    if (!task_data.empty()) task_data = std::filesystem::absolute(task_data).lexically_normal().string();
    return config;
}

// The summary of a matrix's report, as compare and merge print it.
void print_matrix_result(const RunReport& rep, bool as_json, const std::string& output, const std::string& csv) {
    const std::vector<RunResult>& runs = rep.runs;
    if (as_json) {
        json j{{"name", rep.name}, {"reference", runs.empty() ? json(nullptr) : reference_json(rep.reference)}};
        j["eval"] = eval_settings_to_json(rep.eval);
        j["corpus"] = rep.corpus_name;
        json rows = json::array();
        for (const RunResult& r : runs) rows.push_back(run_json(r));
        j["runs"] = rows;
        j["groups"] = groups_json(runs);
        j["report"] = output;
        j["csv"] = csv;
        fmt::print("{}\n", dump_json(j, 2));
    } else {
        fmt::print("{}", summary_table_text(runs, rep.reference.full));
        print_report_file_line(output);
        if (!csv.empty()) fmt::print("csv            {}\n", csv);
    }
}

int run_compare(const CompareOpts& o) {
    check_output_path(o.output);
    check_output_path(o.csv);
    if (!o.output.empty() && !o.csv.empty() && fs::absolute(o.output) == fs::absolute(o.csv))
        fail_input(o.csv, "the CSV and the report would be the same file");
    const ExperimentConfig config = experiment_of(o);

    const Progress progress = progress_bar(o.json);
    size_t done = 0;
    const size_t n = shard_recipes(config.matrix.recipes.size(), config.shard).size();
    auto on_result = [&](const RunResult& r) {
        finish_progress_line();
        const LogitComparison& x = r.metrics;
        std::fprintf(stderr, "[%zu/%zu] %s: PPL %.4f, KL %.5f, top-1 %.2f %%, %.1f s\n", ++done, n, r.name.c_str(), x.candidate.full,
                     x.kl.mean, 100.0 * x.top1_agreement, r.seconds_prepare + r.seconds_eval);
    };
    const RunReport rep = run_experiment(config, progress, on_result, o.matrix);
    if (!o.output.empty()) write_run_report(o.output, rep, progress);
    // After the report: the CSV takes no time and cannot be interrupted halfway.
    if (!o.csv.empty()) write_file_atomic(o.csv, summary_table_csv(rep.runs));
    finish_progress_line();
    print_matrix_result(rep, o.json, o.output, o.csv);
    return kExitOk;
}

// ---------------------------------------------------------------- merge

struct MergeOpts {
    std::vector<std::string> shards;
    std::string output, csv;
    bool json = false;
};

int run_merge(const MergeOpts& o) {
    check_output_path(o.output);
    check_output_path(o.csv);
    for (const std::string& s : o.shards)
        if (fs::exists(o.output) && fs::equivalent(s, o.output)) fail_input(o.output, "is one of the shard reports");
    const Progress progress = progress_bar(o.json);
    std::vector<ShardReport> shards;
    for (const std::string& path : o.shards) {
        if (!is_run_report(path)) fail_input(path, "is not a run report (written by compare --shard i/n)");
        shards.push_back({path, read_run_report(path, progress)});
    }
    const RunReport rep = merge_run_reports(shards);
    write_run_report(o.output, rep, progress);
    if (!o.csv.empty()) write_file_atomic(o.csv, summary_table_csv(rep.runs));
    finish_progress_line();
    print_matrix_result(rep, o.json, o.output, o.csv);
    return kExitOk;
}

}  // namespace

// ---------------------------------------------------------------- report FILE

int print_run_report(const std::string& path, bool as_json) {
    const RunReport rep = read_run_report(path, progress_bar(as_json));
    finish_progress_line();
    if (as_json) {
        json runs = json::array();
        for (const RunResult& r : rep.runs) runs.push_back(run_json(r));
        const json j{{"kind", "run"},
                     {"name", rep.name},
                     {"model", rep.model.source.path},
                     {"created_utc", rep.meta.created_utc},
                     {"tool_version", rep.meta.tool_version},
                     {"git_commit", rep.meta.git_commit},
                     {"backend", rep.meta.backend},
                     {"corpus", rep.corpus_name},
                     {"corpus_sha256", rep.corpus_sha256},
                     {"eval", eval_settings_to_json(rep.eval)},
                     {"eval_tokens", rep.eval_tokens},
                     {"reference", reference_json(rep.reference)},
                     {"seeds", rep.seeds},
                     {"runs", runs},
                     {"groups", groups_json(rep.runs)}};
        fmt::print("{}\n", dump_json(j, 2));
        return kExitOk;
    }
    fmt::print("written        {} by {} {} ({}), {} backend\n", rep.meta.created_utc, rep.meta.tool, rep.meta.tool_version,
               rep.meta.git_commit, rep.meta.backend);
    fmt::print("model          {} ({}, {} layers)\n", rep.model.source.name, rep.model.source.path, rep.model.cfg.n_layers);
    fmt::print("evaluation     {} tokens of {} (ctx {}, {} windows, probe {} tokens)\n", rep.eval_tokens, rep.corpus_name,
               rep.eval.ctx, rep.eval.windows, rep.eval.probe_tokens);
    if (rep.runs.size() == 1 && rep.name.empty()) {
        print_run_result(rep.runs.front());
    } else {
        if (!rep.name.empty()) fmt::print("matrix         {} ({} runs)\n", rep.name, rep.runs.size());
        fmt::print("{}", summary_table_text(rep.runs, rep.reference.full));
    }
    return kExitOk;
}

void add_quantize_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<QuantizeOpts>();
    auto* cmd = app.add_subcommand("quantize", "Fake-quantize a model with one recipe (rotations, smoothing, W/A/KV formats) and "
                                               "measure it against the unquantized model");
    cmd->add_option("MODEL", o->model, "a .gguf file, a Hugging Face model directory, or 'default'")->required();
    cmd->add_option("--recipe", o->recipe_file, "a recipe JSON file (docs/recipes.md); the flags below override its fields");
    cmd->add_option("--rotation", o->rotation, "rotation at R1, R2 and R4: none, hadamard, rhadamard[:seed=N], blockN, orthogonal[:seed=N]");
    cmd->add_option("--r1", o->r1, "rotation of the residual stream (R1)");
    cmd->add_option("--r2", o->r2, "rotation per head on v_proj/o_proj (R2)");
    cmd->add_option("--r3", o->r3, "online rotation of Q and K after RoPE (R3)");
    cmd->add_option("--r4", o->r4, "online rotation of the down_proj input (R4)");
    cmd->add_option("--smooth-alpha", o->smooth_alpha, "smoothing strength alpha in [0, 1] (turns smoothing on)");
    cmd->add_option("--smooth-sites", o->smooth_sites, "smoothed linear inputs, comma-separated: down, attn, mlp (turns smoothing on)");
    cmd->add_option("--smooth-corpus", o->smooth_corpus, "corpus name or text file for the smoothing statistics (default: wikitext2-train when present)");
    cmd->add_option("--smooth-windows", o->smooth_windows, "windows of smoothing calibration")->check(CLI::Range(1, 1 << 20))->capture_default_str();
    cmd->add_option("--smooth-ctx", o->smooth_ctx, "tokens per smoothing calibration window")->check(CLI::Range(2, 1 << 20))->capture_default_str();
    cmd->add_option("--format", o->format, "number format of weights and activations, e.g. int4, mxfp4, nvfp4 (docs: format grammar)");
    cmd->add_option("--w", o->w, "weight format, or none");
    cmd->add_option("--method", o->method, "how weights are quantized: rtn (round to nearest) or gptq")
        ->check(CLI::IsMember({"rtn", "gptq"}));
    cmd->add_option("--damp", o->damp, "GPTQ dampening, a fraction of the mean Hessian diagonal")
        ->check(CLI::Range(0.0, 10.0))->capture_default_str();
    cmd->add_option("--gptq-block", o->gptq_block, "GPTQ columns per lazy batch")->check(CLI::Range(1, 1 << 16))->capture_default_str();
    cmd->add_flag("--act-order", o->act_order, "GPTQ: quantize columns by descending Hessian diagonal");
    cmd->add_flag("--static-groups", o->static_groups, "GPTQ: fit every group's scales before the solve (needed with act-order for MX/NVFP4)");
    cmd->add_flag("--layerwise-hessians", o->layerwise, "GPTQ: all Hessians of a layer from its unquantized pass (llm-compressor), not one input at a time");
    add_calibration_options(*cmd, o->calib, "GPTQ and static-activation ");
    cmd->add_option("--a", o->a, "activation format (per token at every linear input), or none");
    cmd->add_option("--kv", o->kv, "K/V cache format, or none");
    cmd->add_flag("--lm-head", o->lm_head, "quantize the LM head's weight and input too");
    auto* co = cmd->add_option("--corpus", o->corpus, "evaluation corpus: wikitext2, devils-dictionary, ... (default: wikitext2 when present)");
    cmd->add_option("--text-file", o->text_file, "evaluate on this UTF-8 text file instead")->excludes(co);
    cmd->add_option("--ctx", o->ctx, "tokens per evaluation window")->check(CLI::Range(4, 1 << 20))->capture_default_str();
    cmd->add_option("--windows", o->windows, "evaluation windows (0: every complete window)")->check(CLI::Range(0, 1 << 20))->capture_default_str();
    cmd->add_option("--probe-tokens", o->probe_tokens, "tokens of the first window probed linear by linear (0: no probe)")
        ->check(CLI::Range(0, 1 << 20))->capture_default_str();
    add_backend_option(*cmd);
    add_engine_option(*cmd, o->engine);
    add_task_options(*cmd, o->tasks);
    cmd->add_option("-o,--output", o->output, "write the HDF5 run report here (atomically, only on success)");
    cmd->add_flag("--json", o->json, "print the result as one JSON object");
    cmd->callback([o, cmd, &action] {
        o->smooth_alpha_given = cmd->count("--smooth-alpha") > 0;
        o->probe_given = cmd->count("--probe-tokens") > 0;
        o->damp_given = cmd->count("--damp") > 0;
        o->block_given = cmd->count("--gptq-block") > 0;
        action = [o] { return run_quantize(*o); };
    });
}

void add_tasks_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<QuantizeOpts>();
    o->tasks_command = true;
    o->probe_tokens = 0;
    auto* cmd = app.add_subcommand("tasks", "Task accuracy (MMLU, C-Eval, ARC, HellaSwag, PIQA, WinoGrande, LAMBADA) of the "
                                            "float model or of a recipe's quantized model, scored as lm-eval-harness does");
    cmd->add_option("MODEL", o->model, "a .gguf file, a Hugging Face model directory, or 'default'")->required();
    add_task_options(*cmd, o->tasks)->required();
    cmd->add_option("--recipe", o->recipe_file, "score this recipe's quantized model (docs/recipes.md); default: the float model");
    add_calibration_options(*cmd, o->calib, "GPTQ and static-activation ");
    auto* co = cmd->add_option("--corpus", o->corpus, "perplexity corpus reported beside the tasks (default: wikitext2 when present)");
    cmd->add_option("--text-file", o->text_file, "report perplexity on this UTF-8 text file instead")->excludes(co);
    cmd->add_option("--ctx", o->ctx, "tokens per perplexity window")->check(CLI::Range(4, 1 << 20))->capture_default_str();
    cmd->add_option("--windows", o->windows, "perplexity windows (0: every complete window)")->check(CLI::Range(0, 1 << 20))->capture_default_str();
    cmd->add_flag("--subjects", o->subjects, "print every MMLU / C-Eval subject's accuracy");
    add_backend_option(*cmd);
    cmd->add_option("-o,--output", o->output, "write the HDF5 run report here (atomically, only on success)");
    cmd->add_flag("--json", o->json, "print the result as one JSON object");
    cmd->callback([o, &action] {
        if (o->tasks.data.empty()) throw CLI::ValidationError("--data", "the folder holding the task files is required");
        action = [o] { return run_quantize(*o); };
    });
}

void add_compare_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<CompareOpts>();
    auto* cmd = app.add_subcommand("compare", "Run a matrix of recipes (rotations x formats x seeds) on one model and one token set");
    cmd->add_option("MATRIX", o->matrix,
                    "a recipe matrix JSON file (docs/recipes.md; examples in resources/recipes/), or a run report whose "
                    "experiment is run again")
        ->required();
    cmd->add_option("--model", o->model, "a .gguf file, a Hugging Face model directory, or 'default' (default: the report's "
                                         "model, or 'default' for a matrix file)");
    cmd->add_option("-o,--output", o->output, "write the HDF5 report of all runs here (atomically, only on success)");
    cmd->add_option("--csv", o->csv, "write the summary table as CSV here");
    add_backend_option(*cmd);
    cmd->add_option("--engine", o->engine, "run on this engine instead of the configuration's: model or layers")
        ->check(CLI::IsMember({"model", "layers"}));
    cmd->add_option("--shard", o->shard,
                    "run only shard i of n (0 <= i < n): recipes i, i+n, i+2n, ...; `merge` combines the n reports "
                    "(docs/sharding.md)");
    cmd->add_flag("--json", o->json, "print the results as one JSON object");
    cmd->callback([o, &action] { action = [o] { return run_compare(*o); }; });
}

void add_merge_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<MergeOpts>();
    auto* cmd = app.add_subcommand("merge", "Combine the run reports of `compare --shard i/n` into the report of the whole matrix");
    cmd->add_option("SHARDS", o->shards, "the n shard reports (.h5), in any order")->required()->check(CLI::ExistingFile);
    cmd->add_option("-o,--output", o->output, "write the merged HDF5 report here (atomically, only on success)")->required();
    cmd->add_option("--csv", o->csv, "write the summary table as CSV here");
    cmd->add_flag("--json", o->json, "print the results as one JSON object");
    cmd->callback([o, &action] { action = [o] { return run_merge(*o); }; });
}

}  // namespace rs::cli
