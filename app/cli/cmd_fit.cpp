// rotoscope-cli fit-rotation and learn-rotation. fit-rotation: refine R1 for an activation format by DFRot's alternating Procrustes
// (fit/procrustes.h) on the model's own calibration activations, and show what it bought: the
// weighted quantization error of the refined rotation beside the start, the identity, a random
// Hadamard and a block Hadamard, on the same rows.
//
// File layouts (little-endian, row-major, no header):
//   --out          float64 [d_model, d_model]: the refined R1 (x ← x·R).
//   --save-inputs  float32 [rows, d_model]: the captured activations (rows: window, layer, site
//                  qkv/gate_up, token), for cross-checks with another implementation.
//   --save-massive uint8 [rows]: 1 where the row's token carries a massive activation.
//
// learn-rotation: learn R1 and one R2 per layer by SpinQuant's Cayley SGD (fit/cayley.h) on the
// loss of the model with fake-quantized activations (and KV), one calibration window per step.
//   --out          float64 [d_model, d_model]: the learned R1.
//   --out-r2       float64 [n_layers, head_dim, head_dim]: the learned R2 of every layer.
#include <fmt/format.h>

#include <bit>
#include <chrono>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/raw_outputs.h"
#include "cli/session.h"
#include "core/error.h"
#include "core/json_io.h"
#include "experiment/recipe.h"
#include "fit/cayley.h"
#include "fit/procrustes.h"
#include "fit/r1_activations.h"
#include "pipeline/analyze.h"
#include "pipeline/weight_methods.h"
#include "quant/act_quant.h"
#include "quant/format.h"
#include "rotate/fuse.h"
#include "rotate/rotation.h"

static_assert(std::endian::native == std::endian::little, "fit-rotation writes raw files in host order, which must be little-endian");

namespace rs::cli {
namespace {

// --start: rhadamard[:seed=N] or none (checked before the model is read).
RotationSpec parse_start(const std::string& text) {
    const RotationSpec start = parse_rotation(text);
    if (start.kind != RotationKind::RandomHadamard && start.kind != RotationKind::Identity)
        fail_input("--start", fmt::format("expected rhadamard[:seed=N] or none, got {}", text));
    return start;
}

// The start of a fit, or with block > 0 its block-diagonal form diag(signs)·blockdiag(H_b).
MatrixD start_rotation(const RotationSpec& start, int block, int64_t d) {
    if (block > 0 && d % block != 0) fail_input("--block", fmt::format("block size {} does not divide d_model {}", block, d));
    if (block == 0) return rotation_matrix(start, d);
    const MatrixD blocks = rotation_matrix(RotationSpec{RotationKind::BlockHadamard, block, 0}, d);
    if (start.kind != RotationKind::RandomHadamard) return blocks;
    return random_signs(start.seed, d).asDiagonal() * blocks;
}

std::vector<double> row_major(const MatrixD& m) {
    std::vector<double> v(static_cast<size_t>(m.size()));
    Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(v.data(), m.rows(), m.cols()) = m;
    return v;
}

double mean_of(const std::vector<double>& v, size_t from, size_t to) {
    double s = 0;
    for (size_t i = from; i < to; ++i) s += v[i];
    return to > from ? s / static_cast<double>(to - from) : 0.0;
}

}  // namespace

void add_fit_command(CLI::App& app, Action& action) {
    struct Opts {
        std::string model = "default", act, start = "rhadamard:seed=0", out, save_inputs, save_massive;
        ProcrustesOptions fit;
        double alpha = 100.0;
        int64_t tokens = 2048;
        CalibrationSettings calibration{"", 1, 2048, 0};
        bool json = false;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = app.add_subcommand(
        "fit-rotation",
        "Refine R1 for an activation format (DFRot's alternating Procrustes) on the model's calibration activations at\n"
        "the inputs of q/k/v and gate/up (norms folded), tokens with massive activations weighted by --alpha. Prints\n"
        "the weighted quantization error per round and beside the identity, a random Hadamard and a block Hadamard;\n"
        "--out writes the rotation (float64, d_model x d_model).");
    cmd->add_option("model", o->model, "GGUF file, safetensors directory, or 'default'")->capture_default_str();
    cmd->add_option("--a", o->act, "activation format the rotation is fitted for, e.g. int4:token, mxfp4, nvfp4")->required();
    cmd->add_option("--start", o->start, "starting rotation: rhadamard[:seed=N] or none (DFRot: a random Hadamard)")
        ->capture_default_str();
    cmd->add_option("--block", o->fit.block, "fit a block-diagonal rotation with blocks of this size (0: one dense rotation)")
        ->check(CLI::Range(0, 1 << 16))->capture_default_str();
    cmd->add_option("--rounds", o->fit.rounds, "alternating rounds")->check(CLI::Range(0, 100000))->capture_default_str();
    cmd->add_option("--alpha", o->alpha, "weight of the rows whose token carries a massive activation")
        ->check(CLI::Range(0.0, 1e6))->capture_default_str();
    cmd->add_option("--tokens", o->tokens, "calibration tokens used (whole windows)")->check(CLI::Range(1, 1 << 24))->capture_default_str();
    add_calibration_options(*cmd, o->calibration);
    cmd->add_option("--out", o->out, "write the refined rotation: float64, d_model x d_model, row-major");
    cmd->add_option("--save-inputs", o->save_inputs, "write the captured activations: float32, rows x d_model");
    cmd->add_option("--save-massive", o->save_massive, "write the rows' massive flags: one byte per row");
    cmd->add_flag("--json", o->json, "print the result as JSON (with the loss of every round)");
    add_backend_option(*cmd);
    cmd->callback([o, &action] {
        action = [o] {
            const quant::FormatSpec act = per_token_spec(quant::parse_format_spec(o->act), "--a", "activation");
            const RotationSpec start = parse_start(o->start);
            for (const auto* p : {&o->out, &o->save_inputs, &o->save_massive}) check_output_path(*p);
            auto s = open_session(o->model, global_options().backend, o->json);
            const int64_t d = s->model.cfg.d_model;
            const MatrixD r0 = start_rotation(start, o->fit.block, d);
            if (o->calibration.corpus.empty()) o->calibration.corpus = default_calibration_corpus_name();
            check_calibration(o->calibration, s->model.cfg, "calibration");
            const Progress progress = progress_bar(o->json);

            const auto t0 = std::chrono::steady_clock::now();
            const std::vector<std::vector<int32_t>> windows = calibration_windows(o->calibration, *s->tokenizer, progress);
            Model folded = s->model;
            fold_norms(folded);
            const R1Activations acts = capture_r1_activations(folded, *s->backend, windows, o->tokens, {}, progress);
            const double capture_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

            ProcrustesData data{&acts.rows, {}, acts.rows_per_call};
            data.weight.resize(acts.massive.size());
            for (size_t i = 0; i < acts.massive.size(); ++i) data.weight[i] = acts.massive[i] ? static_cast<float>(o->alpha) : 1.0f;
            const auto t1 = std::chrono::steady_clock::now();
            const ProcrustesFit fit = refine_rotation(data, r0, act, o->fit, progress);
            const double fit_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
            finish_progress_line();

            // The same objective for the rotations a user would otherwise pick.
            std::vector<std::pair<std::string, double>> baselines;
            for (const std::string& name : {std::string("none"), std::string("rhadamard:seed=0"),
                                            "block" + std::to_string(o->fit.block > 0 ? o->fit.block : 32)}) {
                const RotationSpec spec = parse_rotation(name);
                if (spec.kind == RotationKind::BlockHadamard && d % spec.block != 0) continue;
                baselines.emplace_back(name, rotation_quant_loss(data, rotation_matrix(spec, d), act));
            }

            const std::vector<double> rv = row_major(fit.rotation);
            std::vector<float> inputs;
            if (!o->save_inputs.empty()) inputs.assign(acts.rows.data(), acts.rows.data() + acts.rows.size());
            write_outputs({{o->out, raw_bytes(rv)}, {o->save_inputs, raw_bytes(inputs)}, {o->save_massive, raw_bytes(acts.massive)}});

            const std::string fmt_name = quant::format_spec_name(act);
            if (o->json) {
                nlohmann::json base = nlohmann::json::object();
                for (const auto& [name, loss] : baselines) base[name] = loss;
                fmt::print("{}\n", dump_json(nlohmann::json{{"format", fmt_name},
                                                          {"start", rotation_name(start)},
                                                          {"block", o->fit.block},
                                                          {"rounds", o->fit.rounds},
                                                          {"alpha", o->alpha},
                                                          {"rows", acts.rows.rows()},
                                                          {"rows_per_call", acts.rows_per_call},
                                                          {"massive_rows", acts.massive_rows},
                                                          {"calibration", {{"corpus", o->calibration.corpus},
                                                                           {"windows", o->calibration.windows},
                                                                           {"ctx", o->calibration.ctx},
                                                                           {"seed", o->calibration.seed},
                                                                           {"tokens", o->tokens}}},
                                                          {"loss", fit.loss},
                                                          {"fixed_q_loss", fit.fixed_q_loss},
                                                          {"baselines", base},
                                                          {"orthogonality", fit.orthogonality},
                                                          {"seconds_capture", capture_s},
                                                          {"seconds_fit", fit_s}}));
                return 0;
            }
            fmt::print("{} activation rows of {} channels ({} per window and site), {} with massive activations (weight {})\n",
                       acts.rows.rows(), d, acts.rows_per_call, acts.massive_rows, o->alpha);
            fmt::print("fit for {}, start {}{}, {} rounds: weighted quantization error {:.6g} -> {:.6g} ({:+.2f} %)\n", fmt_name,
                       o->fit.block > 0 ? "block-diagonal " : "", rotation_name(start), o->fit.rounds, fit.loss.front(), fit.loss.back(),
                       100.0 * (fit.loss.back() / fit.loss.front() - 1.0));
            for (const auto& [name, loss] : baselines)
                fmt::print("  {:<20} {:.6g}  (refined is {:+.2f} %)\n", name, loss, 100.0 * (fit.loss.back() / loss - 1.0));
            fmt::print("max |R^T R - I| = {:.3g}; capture {:.1f} s, fit {:.1f} s ({:.2f} s per round)\n", fit.orthogonality, capture_s,
                       fit_s, o->fit.rounds > 0 ? fit_s / o->fit.rounds : 0.0);
            return 0;
        };
    });
}

void add_learn_command(CLI::App& app, Action& action) {
    struct Opts {
        std::string model = "default", act, kv, start = "rhadamard:seed=0", r3 = "hadamard", r4 = "hadamard", out, out_r2;
        CayleyOptions learn{.eval_windows = 4};
        bool no_r2 = false;
        CalibrationSettings calibration{"", 100, 512, 0};
        bool json = false;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = app.add_subcommand(
        "learn-rotation",
        "Learn R1 and one R2 per layer by Cayley SGD (SpinQuant) on the language-model loss of the model with\n"
        "fake-quantized activations (--a) and KV (--kv), weights unquantized, one calibration window per step; R3/R4\n"
        "stay fixed. Prints the loss per step; --out writes R1 (float64, d_model x d_model), --out-r2 every layer's R2.");
    cmd->add_option("model", o->model, "GGUF file, safetensors directory, or 'default'")->capture_default_str();
    cmd->add_option("--a", o->act, "activation format, e.g. int4:token, mxfp4, nvfp4")->required();
    cmd->add_option("--kv", o->kv, "KV-cache format (one scale per token and head), e.g. int4");
    cmd->add_option("--start", o->start, "starting R1: rhadamard[:seed=N] or none (SpinQuant: a random Hadamard); R2 starts at the identity")
        ->capture_default_str();
    cmd->add_option("--block", o->learn.block, "learn a block-diagonal R1 with blocks of this size (0: one dense R1)")
        ->check(CLI::Range(0, 1 << 16))->capture_default_str();
    cmd->add_option("--steps", o->learn.steps, "Cayley SGD steps (one window each)")->check(CLI::Range(0, 1000000))->capture_default_str();
    cmd->add_option("--lr", o->learn.lr, "learning rate, cosine-decayed to 0 (SpinQuant: 1.5)")->check(CLI::Range(1e-9, 1e3))->capture_default_str();
    cmd->add_flag("--no-r2", o->no_r2, "learn R1 alone");
    auto* eval_windows = cmd->add_option("--eval-windows", o->learn.eval_windows,
                                         "mean loss of the start and of the result on the first N calibration windows "
                                         "(default: 4, or fewer when there are fewer windows)")
                             ->check(CLI::Range(0, 1 << 20));
    cmd->add_option("--r3", o->r3, "online rotation of Q/K after RoPE while learning (none to leave it out)")->capture_default_str();
    cmd->add_option("--r4", o->r4, "online rotation of the down_proj input while learning (none to leave it out)")->capture_default_str();
    add_calibration_options(*cmd, o->calibration);
    cmd->add_option("--out", o->out, "write the learned R1: float64, d_model x d_model, row-major");
    cmd->add_option("--out-r2", o->out_r2, "write the learned R2 of every layer: float64, n_layers x head_dim x head_dim");
    cmd->add_flag("--json", o->json, "print the result as JSON (with the loss of every step)");
    add_backend_option(*cmd);
    cmd->callback([o, eval_windows, &action] {
        // The default asks for at most as many windows as there are; an explicit count must fit.
        if (eval_windows->count() == 0) o->learn.eval_windows = std::min(o->learn.eval_windows, o->calibration.windows);
        action = [o] {
            ActQuantConfig qc;
            qc.activations = per_token_spec(quant::parse_format_spec(o->act), "--a", "activation");
            if (!o->kv.empty()) qc.kv = quant::parse_format_spec(o->kv);
            const RotationSpec start = parse_start(o->start);
            FusePlan online;
            online.r3 = parse_rotation(o->r3);
            online.r3_on = online.r3.kind != RotationKind::Identity;
            online.r4 = parse_rotation(o->r4);
            online.r4_on = online.r4.kind != RotationKind::Identity;
            if (o->no_r2 && !o->out_r2.empty()) fail_input("--out-r2", "there is no R2 to write with --no-r2");
            for (const auto* p : {&o->out, &o->out_r2}) check_output_path(*p);
            auto s = open_session(o->model, global_options().backend, o->json);
            const ModelConfig& c = s->model.cfg;
            const MatrixD r0 = start_rotation(start, o->learn.block, c.d_model);
            check_fuse_plan(c, online);
            if (o->calibration.corpus.empty()) o->calibration.corpus = default_calibration_corpus_name();
            check_calibration(o->calibration, c, "calibration");
            FakeQuantActivations quant(c, qc);
            const Progress progress = progress_bar(o->json);

            const std::vector<std::vector<int32_t>> windows = calibration_windows(o->calibration, *s->tokenizer, progress);
            // Norms folded and R3/R4 in place: the model the learned R1/R2 will be fused into.
            FuseReport fused;
            const Model learner = fuse_rotations(s->model, online, progress, &fused);
            CayleyOptions opt = o->learn;
            opt.learn_r2 = !o->no_r2;
            const auto t0 = std::chrono::steady_clock::now();
            const CayleyFit fit = learn_rotations(learner, &quant, windows, r0, {}, opt, progress);
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            finish_progress_line();

            std::vector<double> r2;
            for (const MatrixD& r : fit.r2) {
                const std::vector<double> v = row_major(r);
                r2.insert(r2.end(), v.begin(), v.end());
            }
            write_outputs({{o->out, raw_bytes(row_major(fit.r1))}, {o->out_r2, raw_bytes(r2)}});

            const size_t n = fit.loss.size(), tail = std::max<size_t>(1, std::min<size_t>(10, n / 2));
            const double first = mean_of(fit.loss, 0, tail), last = mean_of(fit.loss, n - tail, n);
            const double per_step = opt.steps > 0 ? seconds / opt.steps : 0.0;
            if (o->json) {
                fmt::print("{}\n", dump_json(nlohmann::json{{"activations", quant::format_spec_name(*qc.activations)},
                                                          {"kv", qc.kv ? quant::format_spec_name(*qc.kv) : ""},
                                                          {"start", rotation_name(start)},
                                                          {"block", opt.block},
                                                          {"steps", opt.steps},
                                                          {"lr", opt.lr},
                                                          {"learn_r2", opt.learn_r2},
                                                          {"online", fused.summary()},
                                                          {"calibration", {{"corpus", o->calibration.corpus},
                                                                           {"windows", o->calibration.windows},
                                                                           {"ctx", o->calibration.ctx},
                                                                           {"seed", o->calibration.seed}}},
                                                          {"loss", fit.loss},
                                                          {"step_size", fit.step_size},
                                                          {"eval_windows", opt.eval_windows},
                                                          {"eval_start", fit.eval_start},
                                                          {"eval_result", fit.eval_result},
                                                          {"orthogonality", fit.orthogonality},
                                                          {"seconds", seconds},
                                                          {"seconds_per_step", per_step}}));
                return 0;
            }
            fmt::print("learned R1{} for A {}{}, start {}{}, {} steps of {} tokens, lr {}\n", opt.learn_r2 ? " and R2" : "",
                       quant::format_spec_name(*qc.activations), qc.kv ? " KV " + quant::format_spec_name(*qc.kv) : "",
                       opt.block > 0 ? fmt::format("block-diagonal ({}) ", opt.block) : "", rotation_name(start), opt.steps,
                       o->calibration.ctx, opt.lr);
            fmt::print("loss (nats per token, mean of {} steps): first {:.4f} -> last {:.4f} ({:+.2f} %)\n", tail, first, last,
                       100.0 * (last / first - 1.0));
            if (opt.eval_windows > 0)
                fmt::print("loss on the first {} windows: start {:.4f} -> learned {:.4f} ({:+.2f} %)\n", opt.eval_windows, fit.eval_start,
                           fit.eval_result, 100.0 * (fit.eval_result / fit.eval_start - 1.0));
            fmt::print("max |R^T R - I| = {:.3g}; {:.1f} s, {:.2f} s per step\n", fit.orthogonality, seconds, per_step);
            return 0;
        };
    });
}

}  // namespace rs::cli
