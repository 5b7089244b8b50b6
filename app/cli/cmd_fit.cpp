// rotoscope-cli fit-rotation: refine R1 for an activation format by DFRot's alternating Procrustes
// (fit/procrustes.h) on the model's own calibration activations, and show what it bought: the
// weighted quantization error of the refined rotation beside the start, the identity, a random
// Hadamard and a block Hadamard, on the same rows.
//
// File layouts (little-endian, row-major, no header):
//   --out          float64 [d_model, d_model]: the refined R1 (x ← x·R).
//   --save-inputs  float32 [rows, d_model]: the captured activations (rows: window, layer, site
//                  qkv/gate_up, token), for cross-checks with another implementation.
//   --save-massive uint8 [rows]: 1 where the row's token carries a massive activation.
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
#include "fit/procrustes.h"
#include "fit/r1_activations.h"
#include "pipeline/weight_methods.h"
#include "quant/act_quant.h"
#include "quant/format.h"
#include "rotate/fuse.h"
#include "rotate/rotation.h"

static_assert(std::endian::native == std::endian::little, "fit-rotation writes raw files in host order, which must be little-endian");

namespace rs::cli {
namespace {

// A block-diagonal random Hadamard: diag(signs)·blockdiag(H_b): the start of a block fit.
MatrixD block_start(const RotationSpec& start, int block, int64_t d) {
    const MatrixD blocks = rotation_matrix(RotationSpec{RotationKind::BlockHadamard, block, 0}, d);
    if (start.kind != RotationKind::RandomHadamard) return blocks;
    return random_signs(start.seed, d).asDiagonal() * blocks;
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
    cmd->add_option("--calib-corpus", o->calibration.corpus, "calibration corpus or text file (default: wikitext2-train when present)");
    cmd->add_option("--calib-windows", o->calibration.windows, "calibration windows")->check(CLI::Range(1, 1 << 20))->capture_default_str();
    cmd->add_option("--calib-ctx", o->calibration.ctx, "tokens per calibration window")->check(CLI::Range(2, 1 << 20))->capture_default_str();
    cmd->add_option("--calib-seed", o->calibration.seed, "seed of the calibration window sampling")->capture_default_str();
    cmd->add_option("--out", o->out, "write the refined rotation: float64, d_model x d_model, row-major");
    cmd->add_option("--save-inputs", o->save_inputs, "write the captured activations: float32, rows x d_model");
    cmd->add_option("--save-massive", o->save_massive, "write the rows' massive flags: one byte per row");
    cmd->add_flag("--json", o->json, "print the result as JSON (with the loss of every round)");
    add_backend_option(*cmd);
    cmd->callback([o, &action] {
        action = [o] {
            const quant::FormatSpec act = per_token_spec(quant::parse_format_spec(o->act), "--a", "activation");
            const RotationSpec start = parse_rotation(o->start);
            if (start.kind != RotationKind::RandomHadamard && start.kind != RotationKind::Identity)
                fail_input("--start", fmt::format("expected rhadamard[:seed=N] or none, got {}", o->start));
            for (const auto* p : {&o->out, &o->save_inputs, &o->save_massive}) check_output_path(*p);
            auto s = open_session(o->model, global_options().backend, o->json);
            const int64_t d = s->model.cfg.d_model;
            if (o->fit.block > 0 && d % o->fit.block != 0)
                fail_input("--block", fmt::format("block size {} does not divide d_model {}", o->fit.block, d));
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
            const MatrixD r0 = o->fit.block > 0 ? block_start(start, o->fit.block, d) : rotation_matrix(start, d);
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

            std::vector<double> rv(static_cast<size_t>(d * d));
            Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(rv.data(), d, d) = fit.rotation;
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

}  // namespace rs::cli
