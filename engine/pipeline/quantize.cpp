#include "pipeline/quantize.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "calib/calibration.h"
#include "calib/corpus.h"
#include "core/error.h"
#include "core/untrusted_text.h"
#include "pipeline/analyze.h"
#include "quant/act_quant.h"
#include "rotate/smooth.h"
#include "runtime/forward.h"

namespace rs {
namespace {

// Above this the reference logits are recomputed beside every candidate instead of cached
// (a long evaluation of a large vocabulary would not fit in memory).
constexpr int64_t kMaxCachedReferenceBytes = int64_t{4} << 30;

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The seed of the first random placement, -1 when the plan has none (RunResult::seed).
int random_seed_of(const FusePlan& p) {
    const std::pair<bool, const RotationSpec*> all[] = {{p.r1_on, &p.r1}, {p.r2_on, &p.r2}, {p.r3_on, &p.r3}, {p.r4_on, &p.r4}};
    for (const auto& [on, spec] : all)
        if (on && (spec->kind == RotationKind::RandomHadamard || spec->kind == RotationKind::RandomOrthogonal))
            return static_cast<int>(spec->seed);
    return -1;
}

int site_mask(const SmoothConfig& s) { return (s.down ? 1 : 0) | (s.attn ? 2 : 0) | (s.mlp ? 4 : 0); }

}  // namespace

struct QuantizeSession::Impl {
    const Model& model;
    const Tokenizer& tokenizer;
    Backend& backend;
    EvalSettings eval;
    SmoothCalibration smooth_calibration;
    std::string corpus_name, corpus_path;
    std::vector<int32_t> tokens;
    std::optional<ReferenceLogits> reference;                        // the original model's, on first use
    std::optional<std::vector<std::vector<int32_t>>> smooth_windows; // tokenized on first use
    std::map<int, SmoothStats> smooth_stats;                         // by the sites collected

    Impl(const Model& m, const Tokenizer& t, Backend& b, EvalSettings e, SmoothCalibration s)
        : model(m), tokenizer(t), backend(b), eval(std::move(e)), smooth_calibration(std::move(s)) {}

    CompareOptions compare_options() const { return CompareOptions{eval.ctx, eval.windows}; }

    const SmoothStats& stats_for(const SmoothConfig& config, const Progress& progress) {
        const int mask = site_mask(config);
        if (const auto it = smooth_stats.find(mask); it != smooth_stats.end()) return it->second;
        if (!smooth_windows) {
            const Corpus corpus =
                load_corpus(smooth_calibration.corpus.empty() ? default_calibration_corpus_name() : smooth_calibration.corpus);
            progress("tokenizing", 0, 1);
            const bool bos = tokenizer.add_bos() && tokenizer.bos() >= 0;
            CalibrationSet set = sample_windows(corpus, tokenizer, smooth_calibration.windows, smooth_calibration.ctx,
                                                smooth_calibration.seed, bos, progress);
            progress("tokenizing", 1, 1);
            std::vector<std::vector<int32_t>> windows;
            for (CalibrationWindow& w : set.windows) windows.push_back(std::move(w.tokens));
            smooth_windows = std::move(windows);
        }
        SmoothStats stats = collect_smooth_stats(model, backend, *smooth_windows, config, progress);
        return smooth_stats.emplace(mask, std::move(stats)).first->second;
    }
};

QuantizeSession::QuantizeSession(const Model& model, const Tokenizer& tokenizer, Backend& backend, EvalSettings eval,
                                 SmoothCalibration smooth_calibration)
    : impl_(std::make_unique<Impl>(model, tokenizer, backend, std::move(eval), std::move(smooth_calibration))) {
    const EvalSettings& e = impl_->eval;
    if (e.ctx < 4) fail_input("eval", fmt::format("ctx must be at least 4 tokens, got {}", e.ctx));
    if (e.windows < 0) fail_input("eval", fmt::format("windows must be 0 (all) or more, got {}", e.windows));
    if (e.probe_tokens < 0) fail_input("eval", fmt::format("probe_tokens must be 0 (off) or more, got {}", e.probe_tokens));
    if (e.ctx > model.cfg.max_context)
        fail_input("eval", fmt::format("ctx {} exceeds the model's context of {}", e.ctx, model.cfg.max_context));
    const Corpus corpus = load_corpus(e.corpus.empty() ? default_corpus_name() : e.corpus);
    impl_->corpus_name = corpus.name;
    impl_->corpus_path = corpus.path;
    impl_->tokens = tokenizer.encode(corpus.text, true, false);
    if (static_cast<int64_t>(impl_->tokens.size()) < e.ctx)
        fail_input(corpus.name, fmt::format("has {} tokens, fewer than one evaluation window of {}", impl_->tokens.size(), e.ctx));
}

QuantizeSession::~QuantizeSession() = default;

const EvalSettings& QuantizeSession::eval() const { return impl_->eval; }
const std::vector<int32_t>& QuantizeSession::eval_tokens() const { return impl_->tokens; }
std::string QuantizeSession::corpus_name() const { return impl_->corpus_name; }
std::string QuantizeSession::corpus_path() const { return impl_->corpus_path; }

void QuantizeSession::validate(const Recipe& recipe, const std::string& where) const {
    validate_recipe(recipe, impl_->model.cfg, where);
    const std::string name = recipe.name.empty() ? recipe_display_name(recipe) : recipe.name;
    auto fail = [&](const std::string& problem) { fail_input(where, "recipe " + in_quotes(name) + ": " + problem); };
    if (recipe.rotation.any() && impl_->model.online.any())
        fail("the model already carries online rotations (it was rotated before); start from the unrotated model");
    if (recipe.smooth.on) {
        const SmoothCalibration& s = impl_->smooth_calibration;
        if (s.windows < 1) fail(fmt::format("smoothing calibration needs at least 1 window, got {}", s.windows));
        if (s.ctx < 2) fail(fmt::format("smoothing calibration windows need at least 2 tokens, got {}", s.ctx));
        if (s.ctx > impl_->model.cfg.max_context)
            fail(fmt::format("smoothing calibration ctx {} exceeds the model's context of {}", s.ctx,
                             impl_->model.cfg.max_context));
    }
}

RunResult QuantizeSession::run(const Recipe& recipe, const Progress& progress) {
    validate(recipe, "");
    Impl& s = *impl_;
    RunResult result;
    result.recipe = recipe;
    result.name = recipe.name.empty() ? recipe_display_name(recipe) : recipe.name;
    result.group = result.name;
    result.seed = random_seed_of(recipe.rotation);

    const auto t_prepare = std::chrono::steady_clock::now();
    // One-off work that later runs reuse (smoothing statistics, reference logits) is kept out of
    // this run's times, so that the first recipe of a matrix is not charged for it.
    double excluded = 0;
    // The chain original -> smoothed -> rotated -> weight-quantized, holding only what is still needed.
    const Model* cur = &s.model;
    std::optional<Model> smoothed, rotated, quantized;
    if (recipe.smooth.on) {
        const auto t_stats = std::chrono::steady_clock::now();
        const bool cached = s.smooth_stats.count(site_mask(recipe.smooth)) != 0;
        const SmoothStats& stats = s.stats_for(recipe.smooth, progress);
        if (!cached) excluded += seconds_since(t_stats);
        progress("smoothing", 0, 1);
        smoothed = apply_smoothing(*cur, recipe.smooth, stats);
        cur = &*smoothed;
        progress("smoothing", 1, 1);
    }
    // Without rotations the norms stay unfolded: the baseline quantizes the weights as shipped.
    if (recipe.rotation.any()) {
        rotated = fuse_rotations(*cur, recipe.rotation, progress, &result.fuse);
        smoothed.reset();
        cur = &*rotated;
    }
    if (recipe.weights) {
        WeightQuantReport report;
        quantized = quantize_weights_rtn(*cur, *recipe.weights, recipe.quantize_lm_head, progress, &report);
        result.weights = std::move(report);
    }
    const Model& candidate_model = quantized ? *quantized : *cur;
    std::optional<FakeQuantActivations> transform;
    if (recipe.activations || recipe.kv)
        transform.emplace(s.model.cfg, ActQuantConfig{recipe.activations, recipe.kv, recipe.quantize_lm_head});
    result.seconds_prepare = seconds_since(t_prepare) - excluded;

    const auto t_eval = std::chrono::steady_clock::now();
    Forward candidate(candidate_model, s.backend);
    if (transform) candidate.set_activation_transform(&*transform);
    const CompareOptions options = s.compare_options();
    double reference_seconds = 0;
    if (reference_logits_bytes(s.model.cfg.n_vocab, static_cast<int64_t>(s.tokens.size()), options) <= kMaxCachedReferenceBytes) {
        if (!s.reference) {
            const auto t_ref = std::chrono::steady_clock::now();
            Forward original(s.model, s.backend);
            s.reference = compute_reference_logits(original, s.tokens, options, progress);
            reference_seconds = seconds_since(t_ref);
        }
        result.metrics = compare_to_reference(*s.reference, candidate, s.tokens, progress);
    } else {
        Forward original(s.model, s.backend);
        result.metrics = compare_logits(original, candidate, s.tokens, options, progress);
    }
    if (s.eval.probe_tokens > 0) {
        const size_t n = std::min({static_cast<size_t>(s.eval.probe_tokens), static_cast<size_t>(s.eval.ctx), s.tokens.size()});
        result.linears = probe_linear_errors(*cur, candidate_model, transform ? &*transform : nullptr,
                                             std::span<const int32_t>(s.tokens.data(), n), s.backend, progress);
    }
    result.seconds_eval = seconds_since(t_eval) - reference_seconds;
    return result;
}

std::vector<RunResult> run_matrix(QuantizeSession& session, const RecipeMatrix& matrix, const Progress& progress,
                                  const std::function<void(const RunResult&)>& on_result) {
    const std::string where = matrix.name.empty() ? std::string("matrix") : matrix.name;
    for (const Recipe& r : matrix.recipes) session.validate(r, where);
    const size_t n = matrix.recipes.size();
    std::vector<RunResult> results;
    results.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        Progress step;
        step.cancel = progress.cancel;
        const std::string prefix = fmt::format("[{}/{}] ", i + 1, n);
        if (progress.report)
            step.report = [&progress, &prefix](std::string_view stage, int64_t done, int64_t total) {
                progress.report(prefix + std::string(stage), done, total);
            };
        if (progress.cancel) progress.cancel->check();
        RunResult r = session.run(matrix.recipes[i], step);
        if (i < matrix.group_of.size()) r.group = matrix.group_of[i];
        if (i < matrix.seed_of.size()) r.seed = matrix.seed_of[i];
        if (on_result) on_result(r);
        results.push_back(std::move(r));
    }
    return results;
}

std::vector<GroupSummary> summarize_groups(const std::vector<RunResult>& runs) {
    std::vector<GroupSummary> out;
    std::map<std::string, std::vector<const RunResult*>> members;
    for (const RunResult& r : runs) {
        const std::string& g = r.group.empty() ? r.name : r.group;
        auto& list = members[g];
        if (list.empty()) out.push_back(GroupSummary{g});
        list.push_back(&r);
    }
    auto mean_std = [](const std::vector<double>& v, double& mean, double& sd) {
        mean = 0;
        for (double x : v) mean += x;
        mean /= static_cast<double>(v.size());
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        sd = v.size() > 1 ? std::sqrt(ss / static_cast<double>(v.size() - 1)) : 0.0;
    };
    for (GroupSummary& g : out) {
        const auto& list = members[g.group];
        g.runs = static_cast<int>(list.size());
        std::vector<double> ppl, kl, top1;
        for (const RunResult* r : list) {
            ppl.push_back(r->metrics.candidate.full);
            kl.push_back(r->metrics.kl.mean);
            top1.push_back(r->metrics.top1_agreement);
        }
        mean_std(ppl, g.ppl_mean, g.ppl_std);
        mean_std(kl, g.kl_mean, g.kl_std);
        mean_std(top1, g.top1_mean, g.top1_std);
    }
    return out;
}

namespace {

// Display width of UTF-8 text: names carry "·" and "α", one column but two bytes each.
size_t text_width(const std::string& s) {
    size_t w = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++w;
    return w;
}

// Rows of cells as aligned text: the first column left-aligned, the others right-aligned.
std::string aligned(const std::vector<std::vector<std::string>>& rows) {
    std::vector<size_t> width;
    for (const auto& row : rows)
        for (size_t c = 0; c < row.size(); ++c) {
            if (width.size() <= c) width.push_back(0);
            width[c] = std::max(width[c], text_width(row[c]));
        }
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (size_t c = 0; c < row.size(); ++c) {
            const std::string pad(width[c] - text_width(row[c]), ' ');
            if (c > 0) line += "  ";
            line += c == 0 ? row[c] + pad : pad + row[c];
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    return out;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

}  // namespace

std::string summary_table_text(const std::vector<RunResult>& runs, double reference_ppl) {
    std::vector<std::vector<std::string>> rows{{"name", "bits", "PPL", "ΔPPL", "KL mean", "KL p99", "top-1 %", "time s"}};
    for (const RunResult& r : runs) {
        const LogitComparison& m = r.metrics;
        rows.push_back({r.name, recipe_bits_label(r.recipe), fmt::format("{:.4f}", m.candidate.full),
                        fmt::format("{:+.4f}", m.candidate.full - reference_ppl), fmt::format("{:.5f}", m.kl.mean),
                        fmt::format("{:.5f}", m.kl.p99), fmt::format("{:.2f}", 100.0 * m.top1_agreement),
                        fmt::format("{:.1f}", r.seconds_prepare + r.seconds_eval)});
    }
    std::string out = fmt::format("reference PPL {:.4f}\n", reference_ppl) + aligned(rows);
    std::vector<std::vector<std::string>> groups{{"group", "runs", "PPL", "KL mean", "top-1 %"}};
    for (const GroupSummary& g : summarize_groups(runs)) {
        if (g.runs < 2) continue;
        groups.push_back({g.group, std::to_string(g.runs), fmt::format("{:.4f} ± {:.4f}", g.ppl_mean, g.ppl_std),
                          fmt::format("{:.5f} ± {:.5f}", g.kl_mean, g.kl_std),
                          fmt::format("{:.2f} ± {:.2f}", 100.0 * g.top1_mean, 100.0 * g.top1_std)});
    }
    if (groups.size() > 1) out += "\nmean ± std over seeds\n" + aligned(groups);
    return out;
}

std::string summary_table_csv(const std::vector<RunResult>& runs) {
    std::string out =
        "name,group,seed,bits,w,a,kv,ppl,ppl_stderr,ppl_llamacpp,reference_ppl,kl_mean,kl_p50,kl_p90,kl_p99,kl_max,"
        "top1_agreement,scored_tokens,seconds_prepare,seconds_eval\n";
    auto spec = [](const std::optional<quant::FormatSpec>& f) { return f ? quant::format_spec_name(*f) : std::string(); };
    for (const RunResult& r : runs) {
        const LogitComparison& m = r.metrics;
        out += fmt::format("{},{},{},{},{},{},{},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{},{:.3f},{:.3f}\n",
                           csv_field(r.name), csv_field(r.group), r.seed, recipe_bits_label(r.recipe),
                           csv_field(spec(r.recipe.weights)), csv_field(spec(r.recipe.activations)),
                           csv_field(spec(r.recipe.kv)), m.candidate.full, m.candidate.full_stderr, m.candidate.llamacpp,
                           m.reference.full, m.kl.mean, m.kl.p50, m.kl.p90, m.kl.p99, m.kl.max, m.top1_agreement,
                           m.scored_tokens, r.seconds_prepare, r.seconds_eval);
    }
    return out;
}

}  // namespace rs
