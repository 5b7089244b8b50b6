// rotoscope-cli fit-rotation and learn-rotation: one FitConfig (experiment/fit_config.h) built
// from the options, run by pipeline/fit_rotation.h, stored by -o in a fit report
// (report/fit_report.h) whose rotations recipes name as "file:fit.h5#/rotation/r1" and
// "file:fit.h5#/rotation/r2".
//
// fit-rotation: refine R1 for an activation format by DFRot's alternating Procrustes on the
// model's own calibration activations, and show what it bought: the weighted quantization error
// of the refined rotation beside the start, the identity, a random Hadamard and a block Hadamard.
// learn-rotation: learn R1 and one R2 per layer by SpinQuant's Cayley SGD on the loss of the
// model with fake-quantized activations (and KV), one calibration window per step.
//
// Raw outputs (little-endian, row-major, no header), for other tools:
//   --out          float64 [d_model, d_model]: R1 (x ← x·R).
//   --out-r2       float64 [n_layers, head_dim, head_dim]: the learned R2 of every layer.
//   --save-inputs  float32 [rows, d_model]: the captured activations (fit-rotation; rows: window,
//                  layer, site qkv/gate_up, token), for cross-checks with another implementation.
//   --save-massive uint8 [rows]: 1 where the row's token carries a massive activation.
#include <fmt/format.h>

#include <bit>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/raw_outputs.h"
#include "cli/session.h"
#include "core/error.h"
#include "core/json_io.h"
#include "io/hdf5_array.h"
#include "experiment/fit_config.h"
#include "model/roles.h"
#include "pipeline/fit_rotation.h"
#include "quant/act_quant.h"
#include "quant/format.h"
#include "report/fit_report.h"
#include "report/model_identity.h"
#include "rotate/rotation.h"

static_assert(std::endian::native == std::endian::little, "the fit commands write raw files in host order, which must be little-endian");

namespace rs::cli {
namespace {

// What both commands share: the options that fill the common part of a FitConfig and the outputs.
struct FitOptions {
    FitConfig config;
    std::string act, kv, start = "rhadamard:seed=0", report, out;
    bool json = false;
};

void add_common_options(CLI::App& cmd, FitOptions& o, const char* act_help) {
    cmd.add_option("model", o.config.model, "GGUF file, safetensors directory, or 'default'")->capture_default_str();
    cmd.add_option("--a", o.act, act_help)->required();
    cmd.add_option("--start", o.start, "starting R1: rhadamard[:seed=N] or none (DFRot and SpinQuant: a random Hadamard)")
        ->capture_default_str();
    cmd.add_option("--block", o.config.block, "fit a block-diagonal R1 with blocks of this size (0: one dense R1)")
        ->check(CLI::Range(0, 1 << 16))->capture_default_str();
    add_calibration_options(cmd, o.config.calibration);
    cmd.add_option("-o,--report", o.report,
                   "write the fit report (HDF5: the rotations, loss history, configuration, calibration identity); recipes "
                   "name its rotations as file:REPORT#/rotation/r1 and file:REPORT#/rotation/r2");
    cmd.add_option("--out", o.out, "write R1 raw: float64, d_model x d_model, row-major");
    cmd.add_flag("--json", o.json, "print the result as JSON (with the loss of every round or step)");
    add_backend_option(cmd);
}

// The options as a FitConfig, checked before the model is read.
void finish_config(FitOptions& o) {
    FitConfig& c = o.config;
    c.backend = global_options().backend;
    c.activations = quant::parse_format_spec(o.act);
    if (!o.kv.empty()) c.kv = quant::parse_format_spec(o.kv);
    c.start = parse_rotation(o.start);
    if (c.start.kind != RotationKind::RandomHadamard && c.start.kind != RotationKind::Identity)
        fail_input("--start", fmt::format("expected rhadamard[:seed=N] or none, got {}", o.start));
    c.activations = per_token_spec(c.activations, "--a", "activation");
    if (c.method == FitMethod::Cayley && c.cayley.eval_windows > c.calibration.windows)
        fail_input("--eval-windows", fmt::format("{} evaluation windows, but the calibration has {}", c.cayley.eval_windows,
                                                 c.calibration.windows));
    check_fit_config(c, fit_method_traits(c.method).command);
    for (const auto* p : {&o.report, &o.out}) check_output_path(*p);
}

double mean_of(const std::vector<double>& v, size_t from, size_t to) {
    double s = 0;
    for (size_t i = from; i < to; ++i) s += v[i];
    return to > from ? s / static_cast<double>(to - from) : 0.0;
}

struct FitRun {
    std::unique_ptr<Session> session;
    FitResult result;
};

// Loads the model, runs the fit, writes the report and R1 (the raw outputs of each command are
// written by the caller, together with R1, all or none).
FitRun run(FitOptions& o, R1Activations* captured = nullptr) {
    FitRun r;
    r.session = open_session(o.config.model, o.config.backend, o.json);
    check_fit(o.config, r.session->model.cfg);
    const Progress progress = progress_bar(o.json);
    r.result = run_fit(o.config, r.session->model, *r.session->backend, *r.session->tokenizer, progress, captured);
    // The corpus as the fit resolved it, so that the stored configuration says which it was.
    o.config.calibration.corpus = r.result.calibration_corpus;
    if (!o.report.empty()) {
        FitReport rep{make_report_meta(o.config.backend, dump_json(fit_config_to_json(o.config))),
                      identify_model(r.session->model, progress), o.config, r.result};
        write_fit_report(o.report, rep, progress);
    }
    finish_progress_line();
    return r;
}

nlohmann::json site_json(const R1SiteMeasure& m) {
    return {{"max_over_median", m.max_over_median}, {"kurtosis", m.kurtosis}, {"quant_error", m.quant_error}};
}

nlohmann::json sites_json(const FitResult& r) {
    nlohmann::json a = nlohmann::json::array();
    for (size_t i = 0; i < r.sites_start.size() && i < r.sites_result.size(); ++i)
        a.push_back({{"layer", r.sites_start[i].layer},
                     {"site", input_traits(r.sites_start[i].site).name},
                     {"start", site_json(r.sites_start[i])},
                     {"result", site_json(r.sites_result[i])}});
    return a;
}

// The R1 sites in three lines: each measure's mean over the sites, start -> fitted, and the site
// where the start's outliers were worst.
void print_sites(const FitResult& r) {
    const size_t n = std::min(r.sites_start.size(), r.sites_result.size());
    if (n == 0) return;
    const auto mean = [&](const std::vector<R1SiteMeasure>& v, double R1SiteMeasure::*m) {
        double s = 0;
        for (size_t i = 0; i < n; ++i) s += v[i].*m;
        return s / static_cast<double>(n);
    };
    fmt::print("R1 sites ({}), mean over sites, start -> fitted: max|x|/median {:.1f} -> {:.1f}, kurtosis {:.2f} -> {:.2f}, "
               "format error {:.4f} -> {:.4f}\n",
               n, mean(r.sites_start, &R1SiteMeasure::max_over_median), mean(r.sites_result, &R1SiteMeasure::max_over_median),
               mean(r.sites_start, &R1SiteMeasure::kurtosis), mean(r.sites_result, &R1SiteMeasure::kurtosis),
               mean(r.sites_start, &R1SiteMeasure::quant_error), mean(r.sites_result, &R1SiteMeasure::quant_error));
    size_t worst = 0;
    for (size_t i = 1; i < n; ++i)
        if (r.sites_start[i].max_over_median > r.sites_start[worst].max_over_median) worst = i;
    const R1SiteMeasure &a = r.sites_start[worst], &b = r.sites_result[worst];
    fmt::print("  worst site, layer {} {}: max|x|/median {:.1f} -> {:.1f}, kurtosis {:.2f} -> {:.2f}, format error {:.4f} -> {:.4f}\n",
               a.layer, input_traits(a.site).name, a.max_over_median, b.max_over_median, a.kurtosis, b.kurtosis, a.quant_error,
               b.quant_error);
}

nlohmann::json common_json(const FitOptions& o, const FitResult& r) {
    return {{"config", fit_config_to_json(o.config)},
            {"sites", sites_json(r)},
            {"report", o.report},
            {"loss", r.loss},
            {"orthogonality", r.orthogonality},
            {"calibration_sha256", r.calibration_sha256},
            {"calibration_tokens", r.calibration_tokens},
            {"seconds_prepare", r.seconds_prepare},
            {"seconds_fit", r.seconds_fit}};
}

void print_report_hint(const FitOptions& o, bool r2) {
    if (o.report.empty()) return;
    fmt::print("wrote {}: use it in a recipe as \"r1\": \"file:{}#{}\"{}\n", o.report, o.report, kFitR1Dataset,
               r2 ? fmt::format(", \"r2\": \"file:{}#{}\"", o.report, kFitR2Dataset) : "");
}

// Prints a fit's result: text (the loss, the baselines or the start's loss, the site measures,
// how to name the report's rotations) or, with --json, everything as one JSON object.
void print_procrustes(const FitOptions& o, const FitResult& fit) {
    const FitConfig& c = o.config;
    const std::string fmt_name = quant::format_spec_name(c.activations);
    if (o.json) {
        nlohmann::json j = common_json(o, fit);
        nlohmann::json base = nlohmann::json::object();
        for (const FitBaseline& b : fit.baselines) base[b.rotation] = b.loss;
        j["rows"] = fit.rows;
        j["rows_per_call"] = fit.rows_per_call;
        j["massive_rows"] = fit.massive_rows;
        j["fixed_q_loss"] = fit.trace;
        j["baselines"] = base;
        fmt::print("{}\n", dump_json(j));
        return;
    }
    fmt::print("{} activation rows of {} channels ({} per window and site), {} with massive activations (weight {})\n",
               fit.rows, fit.r1.rows(), fit.rows_per_call, fit.massive_rows, c.procrustes.alpha);
    fmt::print("fit for {}, start {}{}, {} rounds: weighted quantization error {:.6g} -> {:.6g} ({:+.2f} %)\n", fmt_name,
               c.block > 0 ? "block-diagonal " : "", rotation_name(c.start), c.procrustes.rounds, fit.loss.front(),
               fit.loss.back(), 100.0 * (fit.loss.back() / fit.loss.front() - 1.0));
    for (const FitBaseline& b : fit.baselines)
        fmt::print("  {:<20} {:.6g}  (refined is {:+.2f} %)\n", b.rotation, b.loss, 100.0 * (fit.loss.back() / b.loss - 1.0));
    fmt::print("max |R^T R - I| = {:.3g}; capture {:.1f} s, fit {:.1f} s ({:.2f} s per round)\n", fit.orthogonality,
               fit.seconds_prepare, fit.seconds_fit, c.procrustes.rounds > 0 ? fit.seconds_fit / c.procrustes.rounds : 0.0);
    print_sites(fit);
    print_report_hint(o, false);
}

void print_cayley(const FitOptions& o, const FitResult& fit) {
    const CayleySettings& s = o.config.cayley;
    const FitConfig& c = o.config;
    const size_t n = fit.loss.size(), tail = std::max<size_t>(1, std::min<size_t>(10, n / 2));
    const double first = mean_of(fit.loss, 0, tail), last = mean_of(fit.loss, n - tail, n);
    const double per_step = s.steps > 0 ? fit.seconds_fit / s.steps : 0.0;
    if (o.json) {
        nlohmann::json j = common_json(o, fit);
        j["step_size"] = fit.trace;
        j["online"] = fit.online;
        j["eval_windows"] = s.eval_windows;
        j["eval_start"] = fit.eval_start;
        j["eval_result"] = fit.eval_result;
        j["seconds_per_step"] = per_step;
        fmt::print("{}\n", dump_json(j));
        return;
    }
    fmt::print("learned R1{} for A {}{}, start {}{}, {} steps of {} tokens, lr {}\n", s.learn_r2 ? " and R2" : "",
               quant::format_spec_name(c.activations), c.kv ? " KV " + quant::format_spec_name(*c.kv) : "",
               c.block > 0 ? fmt::format("block-diagonal ({}) ", c.block) : "", rotation_name(c.start), s.steps,
               c.calibration.ctx, s.lr);
    fmt::print("loss (nats per token, mean of {} steps): first {:.4f} -> last {:.4f} ({:+.2f} %)\n", tail, first, last,
               100.0 * (last / first - 1.0));
    if (s.eval_windows > 0)
        fmt::print("loss on the first {} windows: start {:.4f} -> learned {:.4f} ({:+.2f} %)\n", s.eval_windows, fit.eval_start,
                   fit.eval_result, 100.0 * (fit.eval_result / fit.eval_start - 1.0));
    fmt::print("max |R^T R - I| = {:.3g}; {:.1f} s, {:.2f} s per step\n", fit.orthogonality, fit.seconds_fit, per_step);
    print_sites(fit);
    print_report_hint(o, s.learn_r2);
}

void print_result(const FitOptions& o, const FitResult& fit) {
    if (o.config.method == FitMethod::Procrustes) print_procrustes(o, fit);
    else print_cayley(o, fit);
}

}  // namespace

void add_fit_command(CLI::App& app, Action& action) {
    struct Opts : FitOptions {
        std::string save_inputs, save_massive;
    };
    auto o = std::make_shared<Opts>();
    o->config.method = FitMethod::Procrustes;
    o->config.calibration = default_fit_calibration(FitMethod::Procrustes);
    auto* cmd = app.add_subcommand(
        "fit-rotation",
        "Refine R1 for an activation format (DFRot's alternating Procrustes) on the model's calibration activations at\n"
        "the inputs of q/k/v and gate/up (norms folded), tokens with massive activations weighted by --alpha. Prints\n"
        "the weighted quantization error per round and beside the identity, a random Hadamard and a block Hadamard;\n"
        "-o writes the fit report, --out the rotation alone (float64, d_model x d_model).");
    add_common_options(*cmd, *o, "activation format the rotation is fitted for, e.g. int4:token, mxfp4, nvfp4");
    ProcrustesSettings& p = o->config.procrustes;
    cmd->add_option("--rounds", p.rounds, "alternating rounds")->check(CLI::Range(0, 100000))->capture_default_str();
    cmd->add_option("--alpha", p.alpha, "weight of the rows whose token carries a massive activation")
        ->check(CLI::Range(0.0, 1e6))->capture_default_str();
    cmd->add_option("--tokens", p.tokens, "calibration tokens used (whole windows)")->check(CLI::Range(1, 1 << 24))->capture_default_str();
    cmd->add_option("--save-inputs", o->save_inputs, "write the captured activations: float32, rows x d_model");
    cmd->add_option("--save-massive", o->save_massive, "write the rows' massive flags: one byte per row");
    cmd->callback([o, &action] {
        action = [o] {
            finish_config(*o);
            for (const auto* path : {&o->save_inputs, &o->save_massive}) check_output_path(*path);
            R1Activations acts;
            const FitRun r = run(*o, &acts);
            const FitResult& fit = r.result;
            std::vector<float> inputs;
            if (!o->save_inputs.empty()) inputs.assign(acts.rows.data(), acts.rows.data() + acts.rows.size());
            write_outputs({{o->out, raw_bytes(fit.r1_values())}, {o->save_inputs, raw_bytes(inputs)}, {o->save_massive, raw_bytes(acts.massive)}});

            print_result(*o, fit);
            return 0;
        };
    });
}

void add_learn_command(CLI::App& app, Action& action) {
    struct Opts : FitOptions {
        std::string r3 = "hadamard", r4 = "hadamard", out_r2;
        bool no_r2 = false;
    };
    auto o = std::make_shared<Opts>();
    o->config.method = FitMethod::Cayley;
    o->config.calibration = default_fit_calibration(FitMethod::Cayley);
    auto* cmd = app.add_subcommand(
        "learn-rotation",
        "Learn R1 and one R2 per layer by Cayley SGD (SpinQuant) on the language-model loss of the model with\n"
        "fake-quantized activations (--a) and KV (--kv), weights unquantized, one calibration window per step; R3/R4\n"
        "stay fixed. Prints the loss per step; -o writes the fit report, --out R1 alone, --out-r2 every layer's R2.");
    add_common_options(*cmd, *o, "activation format, e.g. int4:token, mxfp4, nvfp4");
    CayleySettings& s = o->config.cayley;
    cmd->add_option("--kv", o->kv, "KV-cache format (one scale per token and head), e.g. int4");
    cmd->add_option("--steps", s.steps, "Cayley SGD steps (one window each)")->check(CLI::Range(0, 1000000))->capture_default_str();
    cmd->add_option("--lr", s.lr, "learning rate, cosine-decayed to 0 (SpinQuant: 1.5)")->check(CLI::Range(1e-9, 1e3))->capture_default_str();
    cmd->add_flag("--no-r2", o->no_r2, "learn R1 alone");
    auto* eval_windows = cmd->add_option("--eval-windows", s.eval_windows,
                                         "mean loss of the start and of the result on the first N calibration windows "
                                         "(default: 4, or fewer when there are fewer windows)")
                             ->check(CLI::Range(0, 1 << 20));
    cmd->add_option("--r3", o->r3, "online rotation of Q/K after RoPE while learning (none to leave it out)")->capture_default_str();
    cmd->add_option("--r4", o->r4, "online rotation of the down_proj input while learning (none to leave it out)")->capture_default_str();
    cmd->add_option("--out-r2", o->out_r2, "write the learned R2 of every layer raw: float64, n_layers x head_dim x head_dim");
    cmd->callback([o, eval_windows, &action] {
        // The default asks for at most as many windows as there are; an explicit count must fit.
        CayleySettings& s = o->config.cayley;
        if (eval_windows->count() == 0) s.eval_windows = std::min(s.eval_windows, o->config.calibration.windows);
        action = [o] {
            CayleySettings& s = o->config.cayley;
            s.learn_r2 = !o->no_r2;
            s.r3 = parse_rotation(o->r3);
            s.r4 = parse_rotation(o->r4);
            if (o->no_r2 && !o->out_r2.empty()) fail_input("--out-r2", "there is no R2 to write with --no-r2");
            finish_config(*o);
            check_output_path(o->out_r2);
            const FitRun r = run(*o);
            const FitResult& fit = r.result;
            write_outputs({{o->out, raw_bytes(fit.r1_values())}, {o->out_r2, raw_bytes(fit.r2_values())}});

            print_result(*o, fit);
            return 0;
        };
    });
}

void add_refit_command(CLI::App& app, Action& action) {
    struct Opts : FitOptions {
        std::string source, model;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = app.add_subcommand(
        "refit",
        "Run a stored rotation fit again: the configuration a fit report holds (meta/config_json) or a fit\n"
        "configuration JSON ({\"kind\": \"rotoscope-fit\", ...}); the fit is deterministic, so the same model gives the\n"
        "same rotation bit for bit. -o writes the new fit report, --out R1 alone.");
    cmd->add_option("config", o->source, "a fit report (.h5) or a fit configuration (.json)")->required();
    cmd->add_option("--model", o->model, "fit on this model instead of the stored one");
    cmd->add_option("-o,--report", o->report, "write the fit report (HDF5)");
    cmd->add_option("--out", o->out, "write R1 raw: float64, d_model x d_model, row-major");
    cmd->add_flag("--json", o->json, "print the result as JSON");
    cmd->callback([o, &action] {
        action = [o] {
            o->config = has_hdf5_signature(o->source)
                            ? read_fit_report(o->source).config
                            : fit_config_from_json(read_json_file(o->source, uint64_t{1} << 20, "a fit configuration"), o->source);
            if (!o->model.empty()) o->config.model = o->model;
            for (const auto* p : {&o->report, &o->out}) check_output_path(*p);
            const FitRun r = run(*o);
            write_outputs({{o->out, raw_bytes(r.result.r1_values())}});
            print_result(*o, r.result);
            return 0;
        };
    });
}

}  // namespace rs::cli
