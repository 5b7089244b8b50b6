#include "pipeline/fit_rotation.h"

#include <fmt/format.h>

#include <chrono>

#include "core/error.h"
#include "core/sha256.h"
#include "fit/cayley.h"
#include "fit/procrustes.h"
#include "fit/r1_site_measures.h"
#include "pipeline/analyze.h"
#include "pipeline/weight_methods.h"
#include "quant/act_quant.h"
#include "rotate/fuse.h"
#include "rotate/rotation.h"

namespace rs {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

FusePlan online_plan(const CayleySettings& s) {
    FusePlan p;
    p.r3 = s.r3;
    p.r3_on = s.r3.kind != RotationKind::Identity;
    p.r4 = s.r4;
    p.r4_on = s.r4.kind != RotationKind::Identity;
    return p;
}

CalibrationSettings resolved_calibration(const FitConfig& c) {
    CalibrationSettings s = c.calibration;
    if (s.corpus.empty()) s.corpus = default_calibration_corpus_name();
    return s;
}

void fit_procrustes(const FitConfig& c, const Model& model, Backend& backend, const std::vector<std::vector<int32_t>>& windows,
                    const Progress& progress, FitResult& out, R1Activations* captured) {
    const auto t0 = std::chrono::steady_clock::now();
    Model folded = model;
    fold_norms(folded);
    R1Activations acts = capture_r1_activations(folded, backend, windows, c.procrustes.tokens, {}, progress);
    out.seconds_prepare += seconds_since(t0);

    ProcrustesData data{&acts.rows, {}, acts.rows_per_call};
    data.weight.resize(acts.massive.size());
    for (size_t i = 0; i < acts.massive.size(); ++i) data.weight[i] = acts.massive[i] ? static_cast<float>(c.procrustes.alpha) : 1.0f;
    const int64_t d = model.cfg.d_model;
    const auto t1 = std::chrono::steady_clock::now();
    ProcrustesFit fit = refine_rotation(data, fit_start_rotation(c.start, c.block, d), c.activations,
                                        ProcrustesOptions{c.procrustes.rounds, c.block}, progress);
    out.seconds_fit = seconds_since(t1);
    // The same objective for the rotations a user would otherwise pick.
    for (const std::string& name : {std::string("none"), std::string("rhadamard:seed=0"),
                                    "block:" + std::to_string(c.block > 0 ? c.block : 32)}) {
        const RotationSpec spec = parse_rotation(name);
        if (spec.kind == RotationKind::BlockHadamard && d % spec.block != 0) continue;
        out.baselines.push_back({name, rotation_quant_loss(data, rotation_matrix(spec, d), c.activations)});
    }
    out.sites_start = r1_site_measures(acts, model.cfg.n_layers, fit_start_rotation(c.start, c.block, d), c.activations);
    out.sites_result = r1_site_measures(acts, model.cfg.n_layers, fit.rotation, c.activations);
    out.r1 = std::move(fit.rotation);
    out.loss = std::move(fit.loss);
    out.trace = std::move(fit.fixed_q_loss);
    out.orthogonality = fit.orthogonality;
    out.rows = acts.rows.rows();
    out.rows_per_call = acts.rows_per_call;
    out.massive_rows = acts.massive_rows;
    if (captured) *captured = std::move(acts);
}

void fit_cayley(const FitConfig& c, const Model& model, Backend& backend, const std::vector<std::vector<int32_t>>& windows,
                const Progress& progress, FitResult& out) {
    ActQuantConfig qc;
    qc.activations = c.activations;
    qc.kv = c.kv;
    FakeQuantActivations quant(model.cfg, qc);
    const auto t0 = std::chrono::steady_clock::now();
    // Norms folded and R3/R4 in place: the model the learned R1/R2 will be fused into.
    FuseReport fused;
    const Model learner = fuse_rotations(model, online_plan(c.cayley), progress, &fused);
    out.online = fused.summary();
    out.seconds_prepare += seconds_since(t0);
    CayleyOptions opt;
    opt.steps = c.cayley.steps;
    opt.lr = c.cayley.lr;
    opt.block = c.block;
    opt.learn_r2 = c.cayley.learn_r2;
    opt.eval_windows = c.cayley.eval_windows;
    const auto t1 = std::chrono::steady_clock::now();
    CayleyFit fit = learn_rotations(learner, &quant, windows, fit_start_rotation(c.start, c.block, model.cfg.d_model), {}, opt, progress);
    out.seconds_fit = seconds_since(t1);
    out.r1 = std::move(fit.r1);
    out.r2 = std::move(fit.r2);
    out.loss = std::move(fit.loss);
    out.trace = std::move(fit.step_size);
    out.orthogonality = fit.orthogonality;
    out.eval_start = fit.eval_start;
    out.eval_result = fit.eval_result;
    // The outlier measures on the first window's R1 rows (R3/R4 do not touch them).
    Model folded = model;
    fold_norms(folded);
    const R1Activations acts = capture_r1_activations(folded, backend, std::span(windows).first(1), 0, {}, progress);
    out.sites_start = r1_site_measures(acts, model.cfg.n_layers, fit_start_rotation(c.start, c.block, model.cfg.d_model), c.activations);
    out.sites_result = r1_site_measures(acts, model.cfg.n_layers, out.r1, c.activations);
}

}  // namespace

MatrixD fit_start_rotation(const RotationSpec& start, int block, int64_t d) {
    if (block > 0 && d % block != 0) fail_input("block", fmt::format("block size {} does not divide d_model {}", block, d));
    if (block == 0) return rotation_matrix(start, d);
    const MatrixD blocks = rotation_matrix(RotationSpec{RotationKind::BlockHadamard, block, 0}, d);
    if (start.kind != RotationKind::RandomHadamard) return blocks;
    return random_signs(start.seed, d).asDiagonal() * blocks;
}

void check_fit(const FitConfig& config, const ModelConfig& cfg) {
    check_fit_config(config, "fit");
    if (config.block > 0) {
        if (cfg.d_model % config.block != 0)
            fail_input("block", fmt::format("block size {} does not divide d_model {}", config.block, cfg.d_model));
        check_rotation_order(RotationSpec{RotationKind::BlockHadamard, config.block, 0}, config.block);
    } else {
        check_rotation_order(config.start, cfg.d_model);
    }
    if (config.method == FitMethod::Cayley) check_fuse_plan(cfg, online_plan(config.cayley));
    check_calibration(resolved_calibration(config), cfg, "calibration");
}

FitResult run_fit(const FitConfig& config, const Model& model, Backend& backend, const Tokenizer& tokenizer,
                  const Progress& progress, R1Activations* captured) {
    check_fit(config, model.cfg);
    FitResult out;
    const CalibrationSettings calibration = resolved_calibration(config);
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<std::vector<int32_t>> windows = calibration_windows(calibration, tokenizer, progress);
    std::vector<int32_t> ids;
    for (const auto& w : windows) ids.insert(ids.end(), w.begin(), w.end());
    out.calibration_corpus = calibration.corpus;
    out.calibration_sha256 = sha256_bytes(ids.data(), ids.size() * sizeof(int32_t));
    out.calibration_tokens = static_cast<int64_t>(ids.size());
    out.seconds_prepare = seconds_since(t0);
    if (config.method == FitMethod::Procrustes) fit_procrustes(config, model, backend, windows, progress, out, captured);
    else fit_cayley(config, model, backend, windows, progress, out);
    return out;
}

}  // namespace rs
