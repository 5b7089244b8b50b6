// The run report in HDF5 (`quantize` and `compare`); the layout is documented in
// docs/report-format.md, "Run reports".
#include "report/run_report.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "core/json_io.h"
#include "core/untrusted_text.h"
#include "io/contained_read.h"
#include "io/hdf5_io.h"
#include "report/model_group.h"
#include "rotate/rotation.h"

namespace rs {
namespace {

using report::report_unlocked;

constexpr const char* kFormat = "rotoscope-run";
constexpr Stage kWriteStage = Stage::WritingReport;
constexpr Stage kReadStage = Stage::ReadingReport;
// Runs are looked up by name (see read_runs); the cap keeps a corrupt count from sending the
// reader through billions of lookups.
constexpr int kMaxRuns = 1 << 20;
constexpr int64_t kAnyRows = std::numeric_limits<int64_t>::max();
constexpr int kBins = ErrorHistogram::kBins;

// ---------------------------------------------------------------- table rows

// One row: the run's LogitComparison.
struct MetricsRow {
    double reference_ppl_full = 0, reference_ppl_llamacpp = 0, reference_ppl_full_stderr = 0;
    double ppl_full = 0, ppl_llamacpp = 0, ppl_full_stderr = 0;
    double kl_mean = 0, kl_max = 0, kl_p50 = 0, kl_p90 = 0, kl_p99 = 0, kl_p999 = 0;
    int64_t kl_count = 0;
    double top1 = 0;
    int64_t scored_tokens = 0;
    int32_t windows = 0;
    double seconds = 0;
};
std::vector<h5::Field<MetricsRow>> metrics_fields() {
    using R = MetricsRow;
    return {h5::field("reference_ppl_full", &R::reference_ppl_full),
            h5::field("reference_ppl_llamacpp", &R::reference_ppl_llamacpp),
            h5::field("reference_ppl_full_stderr", &R::reference_ppl_full_stderr),
            h5::field("ppl_full", &R::ppl_full),
            h5::field("ppl_llamacpp", &R::ppl_llamacpp),
            h5::field("ppl_full_stderr", &R::ppl_full_stderr),
            h5::field("kl_mean", &R::kl_mean),
            h5::field("kl_max", &R::kl_max),
            h5::field("kl_p50", &R::kl_p50),
            h5::field("kl_p90", &R::kl_p90),
            h5::field("kl_p99", &R::kl_p99),
            h5::field("kl_p999", &R::kl_p999),
            h5::field("kl_count", &R::kl_count),
            h5::field("top1", &R::top1),
            h5::field("scored_tokens", &R::scored_tokens),
            h5::field("windows", &R::windows),
            h5::field("seconds", &R::seconds)};
}

MetricsRow metrics_row(const LogitComparison& m) {
    MetricsRow r;
    r.reference_ppl_full = m.reference.full;
    r.reference_ppl_llamacpp = m.reference.llamacpp;
    r.reference_ppl_full_stderr = m.reference.full_stderr;
    r.ppl_full = m.candidate.full;
    r.ppl_llamacpp = m.candidate.llamacpp;
    r.ppl_full_stderr = m.candidate.full_stderr;
    r.kl_mean = m.kl.mean;
    r.kl_max = m.kl.max;
    r.kl_p50 = m.kl.p50;
    r.kl_p90 = m.kl.p90;
    r.kl_p99 = m.kl.p99;
    r.kl_p999 = m.kl.p999;
    r.kl_count = m.kl.count;
    r.top1 = m.top1_agreement;
    r.scored_tokens = m.scored_tokens;
    r.windows = m.windows;
    r.seconds = m.seconds;
    return r;
}

LogitComparison comparison_of(const MetricsRow& r) {
    LogitComparison m;
    m.reference = {r.reference_ppl_full, r.reference_ppl_llamacpp, r.reference_ppl_full_stderr};
    m.candidate = {r.ppl_full, r.ppl_llamacpp, r.ppl_full_stderr};
    m.kl = {r.kl_mean, r.kl_max, r.kl_p50, r.kl_p90, r.kl_p99, r.kl_p999, r.kl_count};
    m.top1_agreement = r.top1;
    m.scored_tokens = r.scored_tokens;
    m.windows = r.windows;
    m.seconds = r.seconds;
    return m;
}

struct WeightRow {
    int32_t layer = 0;
    std::string role;
    int64_t rows = 0, cols = 0;
    double rel_error = 0, sqnr_db = 0;
};
std::vector<h5::Field<WeightRow>> weight_fields() {
    return {h5::field("layer", &WeightRow::layer),         h5::field("role", &WeightRow::role),
            h5::field("rows", &WeightRow::rows),           h5::field("cols", &WeightRow::cols),
            h5::field("rel_error", &WeightRow::rel_error), h5::field("sqnr_db", &WeightRow::sqnr_db)};
}

// GPTQ runs: the proxy losses of each linear (GPTQ's and RTN's with the same format).
struct GptqRow {
    int32_t layer = 0;
    std::string role;
    double proxy_loss = 0, proxy_loss_rtn = 0;
};
std::vector<h5::Field<GptqRow>> gptq_fields() {
    return {h5::field("layer", &GptqRow::layer), h5::field("role", &GptqRow::role),
            h5::field("proxy_loss", &GptqRow::proxy_loss), h5::field("proxy_loss_rtn", &GptqRow::proxy_loss_rtn)};
}

struct LinearRow {
    int32_t layer = 0;
    std::string role, site;
    double output_rel_error = 0, output_sqnr_db = 0, input_rel_error = 0, weight_rel_error = 0;
    double input_rms = 0;
    int64_t input_below = 0, input_above = 0, input_zeros = 0;
    double input_max_abs = 0;
    double weight_rms = 0;
    int64_t weight_below = 0, weight_above = 0, weight_zeros = 0;
    double weight_max_abs = 0;
};
std::vector<h5::Field<LinearRow>> linear_fields() {
    using R = LinearRow;
    return {h5::field("layer", &R::layer),
            h5::field("role", &R::role),
            h5::field("site", &R::site),
            h5::field("output_rel_error", &R::output_rel_error),
            h5::field("output_sqnr_db", &R::output_sqnr_db),
            h5::field("input_rel_error", &R::input_rel_error),
            h5::field("weight_rel_error", &R::weight_rel_error),
            h5::field("input_rms", &R::input_rms),
            h5::field("input_below", &R::input_below),
            h5::field("input_above", &R::input_above),
            h5::field("input_zeros", &R::input_zeros),
            h5::field("input_max_abs", &R::input_max_abs),
            h5::field("weight_rms", &R::weight_rms),
            h5::field("weight_below", &R::weight_below),
            h5::field("weight_above", &R::weight_above),
            h5::field("weight_zeros", &R::weight_zeros),
            h5::field("weight_max_abs", &R::weight_max_abs)};
}

struct SummaryRow {
    std::string name, group;
    int32_t seed = -1;
    std::string bits;
    double ppl_full = 0, ppl_llamacpp = 0, kl_mean = 0, kl_p99 = 0, kl_max = 0, top1 = 0, seconds = 0;
};
std::vector<h5::Field<SummaryRow>> summary_fields() {
    using R = SummaryRow;
    return {h5::field("name", &R::name),         h5::field("group", &R::group),
            h5::field("seed", &R::seed),         h5::field("bits", &R::bits),
            h5::field("ppl_full", &R::ppl_full), h5::field("ppl_llamacpp", &R::ppl_llamacpp),
            h5::field("kl_mean", &R::kl_mean),   h5::field("kl_p99", &R::kl_p99),
            h5::field("kl_max", &R::kl_max),     h5::field("top1", &R::top1),
            h5::field("seconds", &R::seconds)};
}

std::vector<h5::Field<GroupSummary>> group_fields() {
    using G = GroupSummary;
    return {h5::field("group", &G::group),         h5::field("runs", &G::runs),
            h5::field("ppl_mean", &G::ppl_mean),   h5::field("ppl_std", &G::ppl_std),
            h5::field("kl_mean", &G::kl_mean),     h5::field("kl_std", &G::kl_std),
            h5::field("top1_mean", &G::top1_mean), h5::field("top1_std", &G::top1_std)};
}

// Task accuracy: one row per task, one per subject or category of a task.
struct TaskRow {
    std::string task, title;
    int32_t shots = 0, n = 0, truncated = 0;
    double acc = 0, acc_stderr = 0, acc_norm = 0, acc_norm_stderr = 0, ppl = 0;
    int64_t tokens = 0;
    double seconds = 0;
};
std::vector<h5::Field<TaskRow>> task_fields() {
    using R = TaskRow;
    return {h5::field("task", &R::task),         h5::field("title", &R::title),
            h5::field("shots", &R::shots),       h5::field("n", &R::n),
            h5::field("truncated", &R::truncated), h5::field("acc", &R::acc),
            h5::field("acc_stderr", &R::acc_stderr), h5::field("acc_norm", &R::acc_norm),
            h5::field("acc_norm_stderr", &R::acc_norm_stderr), h5::field("ppl", &R::ppl),
            h5::field("tokens", &R::tokens),     h5::field("seconds", &R::seconds)};
}
struct TaskGroupRow {
    std::string task, kind, name, category;
    int32_t n = 0;
    double acc = 0, acc_norm = 0;
};
std::vector<h5::Field<TaskGroupRow>> task_group_fields() {
    using R = TaskGroupRow;
    return {h5::field("task", &R::task), h5::field("kind", &R::kind),        h5::field("name", &R::name),
            h5::field("category", &R::category), h5::field("n", &R::n), h5::field("acc", &R::acc),
            h5::field("acc_norm", &R::acc_norm)};
}

// ---------------------------------------------------------------- names

std::string run_group_name(size_t i) { return fmt::format("run_{:03d}", i); }

Role role_from(const std::string& name, const std::string& where) {
    for (Role r : {Role::AttnQ, Role::AttnK, Role::AttnV, Role::AttnO, Role::FfnGate, Role::FfnUp, Role::FfnDown, Role::LmHead})
        if (name == role_name(r)) return r;
    throw h5::FormatError(where + ": unknown role '" + name + "'");
}

LinearInput site_from(const std::string& name, const std::string& where) {
    for (const LinearInputTraits& s : kLinearInputs)
        if (name == s.name) return s.input;
    throw h5::FormatError(where + ": unknown site '" + name + "'");
}

std::string placement_text(bool on, const RotationSpec& spec) { return on ? rotation_name(spec) : "none"; }

void placement_from(const std::string& text, const std::string& where, bool& on, RotationSpec& spec) {
    try {
        spec = parse_rotation(text);
    } catch (const Error& e) {
        throw h5::FormatError(where + ": " + e.what());
    }
    on = spec.kind != RotationKind::Identity;
    if (!on) spec = RotationSpec{};
}

// ---------------------------------------------------------------- writing

void check_run(const RunResult& r, size_t i) {
    const std::string where = fmt::format("run {} ('{}')", i + 1, r.name);
    auto check_hist = [&](const ErrorHistogram& h, const char* what, size_t l) {
        if (!h.counts.empty() && static_cast<int>(h.counts.size()) != kBins)
            fail_runtime(fmt::format("{}: linear {} {} histogram has {} bins, expected {}", where, l, what, h.counts.size(), kBins));
    };
    for (size_t l = 0; l < r.linears.size(); ++l) {
        check_hist(r.linears[l].input_error, "input", l);
        check_hist(r.linears[l].weight_error, "weight", l);
    }
    if (r.seed < -1) fail_runtime(fmt::format("{}: seed {} (expected -1 or a seed)", where, r.seed));
}

void write_eval(H5::Group& root, const RunReport& rep) {
    H5::Group g = root.createGroup("eval");
    h5::set_str(g, "corpus", rep.eval.corpus);
    h5::set_str(g, "corpus_name", rep.corpus_name);
    h5::set_str(g, "corpus_path", rep.corpus_path);
    h5::set_str(g, "corpus_sha256", rep.corpus_sha256);
    h5::set_i32(g, "ctx", rep.eval.ctx);
    h5::set_i32(g, "windows", rep.eval.windows);
    h5::set_i32(g, "probe_tokens", rep.eval.probe_tokens);
    h5::set_i64(g, "eval_tokens", rep.eval_tokens);
    h5::set_f64(g, "reference_ppl_full", rep.reference.full);
    h5::set_f64(g, "reference_ppl_llamacpp", rep.reference.llamacpp);
    h5::set_f64(g, "reference_ppl_full_stderr", rep.reference.full_stderr);
    if (!rep.eval.tasks.tasks.empty()) {
        nlohmann::json tasks = nlohmann::json::object();
        task_settings_to_json(rep.eval.tasks, tasks);
        h5::set_str(g, "tasks_json", dump_json(tasks));
    }
}

void write_histograms(H5::Group& g, const char* name, const std::vector<LinearError>& linears,
                      const ErrorHistogram LinearError::*which, const h5::Doc& doc) {
    std::vector<int64_t> m(linears.size() * kBins, 0);
    for (size_t l = 0; l < linears.size(); ++l) {
        const std::vector<int64_t>& c = (linears[l].*which).counts;
        if (!c.empty()) std::copy(c.begin(), c.end(), m.begin() + static_cast<std::ptrdiff_t>(l * kBins));
    }
    h5::write_matrix(g, name, m.data(), static_cast<int64_t>(linears.size()), kBins, doc);
}

void write_tasks(H5::Group& run, const std::vector<TaskScore>& tasks) {
    if (tasks.empty()) return;
    H5::Group g = run.createGroup("tasks");
    std::vector<TaskRow> rows;
    std::vector<TaskGroupRow> groups;
    for (const TaskScore& t : tasks) {
        rows.push_back({t.task, t.title, t.shots, t.n, t.truncated, t.acc, t.acc_stderr, t.acc_norm, t.acc_norm_stderr, t.ppl,
                        t.tokens, t.seconds});
        for (const GroupScore& s : t.subjects) groups.push_back({t.task, "subject", s.name, s.category, s.n, s.acc, s.acc_norm});
        for (const GroupScore& c : t.categories) groups.push_back({t.task, "category", c.name, "", c.n, c.acc, c.acc_norm});
        H5::Group q = g.createGroup(t.task);
        h5::set_str(q, "files", [&] {
            std::string s;
            for (const auto& f : t.files) s += (s.empty() ? "" : "\n") + f;
            return s;
        }());
        h5::write_array(q, "gold", t.gold, {"index", "per question: the correct choice"});
        h5::write_array(q, "pred", t.pred, {"index", "per question: the choice of highest log-likelihood (LAMBADA: 0)"});
        h5::write_array(q, "choice_offset", t.choice_offset,
                        {"index", "question i's choices are ll[choice_offset[i] .. choice_offset[i + 1])"});
        h5::write_array(q, "ll", t.ll, {"nats", "per choice: summed log-likelihood of its continuation"});
        h5::write_array(q, "greedy", t.greedy, {"flag", "per choice: every continuation token was the argmax"});
    }
    h5::write_table(g, "scores", rows, task_fields(),
                    {"mixed", "per task: shots, questions, questions truncated to the window, accuracy and acc_norm "
                              "(NaN when the task has none) with standard errors, LAMBADA perplexity (NaN otherwise), "
                              "tokens through the forward pass, seconds"});
    h5::write_table(g, "groups", groups, task_group_fields(),
                    {"mixed", "MMLU / C-Eval: accuracy per subject (with its category) and per category"});
}

std::vector<TaskScore> read_tasks(const H5::Group& run, const h5::Reader& reader) {
    std::vector<TaskScore> out;
    if (!h5::has_child(run, "tasks")) return out;
    const H5::Group g = h5::open_group(run, "tasks");
    const std::string where = g.getObjName();
    const auto groups = h5::read_table(reader, g, "groups", task_group_fields(), kAnyRows);
    for (const TaskRow& row : h5::read_table(reader, g, "scores", task_fields(), kAnyRows)) {
        if (!find_task(row.task)) throw h5::FormatError(where + ": unknown task " + in_quotes(row.task));
        if (row.n < 0 || row.shots < 0) throw h5::FormatError(where + ": negative counts for task " + row.task);
        TaskScore t;
        t.task = row.task;
        t.title = row.title;
        t.shots = row.shots;
        t.n = row.n;
        t.truncated = row.truncated;
        t.acc = row.acc;
        t.acc_stderr = row.acc_stderr;
        t.acc_norm = row.acc_norm;
        t.acc_norm_stderr = row.acc_norm_stderr;
        t.ppl = row.ppl;
        t.tokens = row.tokens;
        t.seconds = row.seconds;
        for (const TaskGroupRow& x : groups) {
            if (x.task != row.task) continue;
            GroupScore s{x.name, x.category, x.n, x.acc, x.acc_norm};
            (x.kind == "subject" ? t.subjects : t.categories).push_back(std::move(s));
        }
        const H5::Group q = h5::open_group(g, row.task);
        std::stringstream files(h5::get_str(q, "files"));
        for (std::string line; std::getline(files, line);) t.files.push_back(line);
        t.gold = reader.array<int32_t>(q, "gold", {row.n});
        t.pred = reader.array<int32_t>(q, "pred", {row.n});
        t.choice_offset = reader.array<int32_t>(q, "choice_offset", {int64_t{row.n} + 1});
        h5::Shape found;
        t.ll = reader.array<double>(q, "ll", {-1}, &found);
        t.greedy = reader.array<uint8_t>(q, "greedy", {found[0]});
        for (size_t i = 0; i + 1 < t.choice_offset.size(); ++i)
            if (t.choice_offset[i] < 0 || t.choice_offset[i] > t.choice_offset[i + 1] ||
                (i + 2 == t.choice_offset.size() && t.choice_offset[i + 1] != found[0]))
                throw h5::FormatError(where + "/" + row.task + "/choice_offset: not increasing offsets into ll");
        if (t.choice_offset.front() != 0) throw h5::FormatError(where + "/" + row.task + "/choice_offset: does not start at 0");
        out.push_back(std::move(t));
    }
    return out;
}

void write_run(H5::Group& runs, const RunResult& r, size_t i) {
    H5::Group g = runs.createGroup(run_group_name(i));
    h5::set_str(g, "name", r.name);
    h5::set_str(g, "group", r.group);
    h5::set_i32(g, "seed", r.seed);
    h5::set_str(g, "recipe_json", dump_json(recipe_to_json(r.recipe)));
    h5::set_str(g, "bits", recipe_bits_label(r.recipe));
    h5::set_str(g, "fuse_summary", r.fuse.summary());
    for (const PlacementTraits& p : kPlacements) {
        h5::set_str(g, fmt::format("fuse_{}", p.key), placement_text(r.fuse.plan.*p.on, r.fuse.plan.*p.spec));
        h5::set_i64(g, fmt::format("fuse_{}_order", p.key), r.fuse.*p.order);
    }
    h5::set_i32(g, "norms_folded", r.fuse.norms_folded);
    h5::set_f64(g, "seconds_prepare", r.seconds_prepare);
    h5::set_f64(g, "seconds_eval", r.seconds_eval);
    h5::set_bool(g, "weights_quantized", r.weights.has_value());
    h5::set_str(g, "weights_format", r.weights ? quant::format_spec_name(r.weights->spec) : "");

    h5::write_table(g, "metrics", std::vector<MetricsRow>{metrics_row(r.metrics)}, metrics_fields(),
                    {"mixed", "one row: reference and quantized perplexity (Full and llama.cpp protocols), KL(P_ref || P_q) "
                              "summary in nats, top-1 agreement (fraction), scored tokens, windows, evaluation seconds"});
    if (r.weights) {
        std::vector<WeightRow> rows;
        for (const LinearQuantError& e : r.weights->linears)
            rows.push_back({e.layer, role_name(e.role), e.rows, e.cols, e.rel_error, e.sqnr_db});
        h5::write_table(g, "weights", rows, weight_fields(),
                        {"mixed", "per linear weight quantization error: layer (-1 = LM head), role, weight shape, "
                                  "||W - Q||/||W||, SQNR in dB (+inf when exact)"});
        std::vector<GptqRow> gptq;
        for (const LinearQuantError& e : r.weights->linears)
            if (std::isfinite(e.proxy_loss)) gptq.push_back({e.layer, role_name(e.role), e.proxy_loss, e.proxy_loss_rtn});
        if (!gptq.empty())
            h5::write_table(g, "gptq", gptq, gptq_fields(),
                            {"mixed", "per linear GPTQ proxy loss tr((W - Q) H (W - Q)^T) on the calibration Hessian "
                                      "H = 2/n sum x^T x, of GPTQ's weight and of RTN's with the same format"});
        if (!r.weights->warnings.empty()) {
            std::string joined;
            for (const std::string& w : r.weights->warnings) joined += (joined.empty() ? "" : "\n") + w;
            h5::set_str(g, "weights_warnings", joined);
        }
    }
    std::vector<LinearRow> rows;
    for (const LinearError& e : r.linears) {
        LinearRow x;
        x.layer = e.layer;
        x.role = role_name(e.role);
        x.site = linear_input_name(e.site);
        x.output_rel_error = e.output_rel_error;
        x.output_sqnr_db = e.output_sqnr_db;
        x.input_rel_error = e.input_rel_error;
        x.weight_rel_error = e.weight_rel_error;
        x.input_rms = e.input_error.rms;
        x.input_below = e.input_error.below;
        x.input_above = e.input_error.above;
        x.input_zeros = e.input_error.zeros;
        x.input_max_abs = e.input_error.max_abs;
        x.weight_rms = e.weight_error.rms;
        x.weight_below = e.weight_error.below;
        x.weight_above = e.weight_error.above;
        x.weight_zeros = e.weight_error.zeros;
        x.weight_max_abs = e.weight_error.max_abs;
        rows.push_back(std::move(x));
    }
    h5::write_table(g, "linears", rows, linear_fields(),
                    {"mixed", "per linear probe: output relative error and SQNR (dB, +inf when exact), input and weight "
                              "relative errors, and the error histograms' rms unit, under/overflow, exact zeros, max |e|/rms"});
    write_histograms(g, "input_histograms", r.linears, &LinearError::input_error,
                     {"values", "per linear: counts of (Q_a(x) - x) / rms(x) in the bins of /runs/histogram_edges"});
    write_histograms(g, "weight_histograms", r.linears, &LinearError::weight_error,
                     {"values", "per linear: counts of (Q_w(W) - W) / rms(W) in the bins of /runs/histogram_edges"});
    write_tasks(g, r.tasks);
}

void write_summary(H5::Group& root, const RunReport& rep) {
    std::vector<SummaryRow> rows;
    for (const RunResult& r : rep.runs) {
        const LogitComparison& m = r.metrics;
        rows.push_back({r.name, r.group, r.seed, recipe_bits_label(r.recipe), m.candidate.full, m.candidate.llamacpp, m.kl.mean,
                        m.kl.p99, m.kl.max, m.top1_agreement, r.seconds_prepare + r.seconds_eval});
    }
    h5::write_table(root, "summary", rows, summary_fields(),
                    {"mixed", "one row per run: perplexity (Full, llama.cpp), KL mean/p99/max in nats, top-1 agreement "
                              "(fraction), seconds (prepare + evaluate); seed -1 = no random rotation"});
    h5::write_table(root, "summary_groups", summarize_groups(rep.runs), group_fields(),
                    {"mixed", "runs sharing a group (a recipe over seeds): mean and sample standard deviation of "
                              "Full perplexity, KL mean and top-1 agreement"});
}

void write_body(H5::Group& root, const RunReport& rep, std::unique_lock<std::mutex>& held, const Progress& progress) {
    h5::set_str(root, "name", rep.name);
    report::write_meta(root, rep.meta, kRunReportSchema, dump_json(nlohmann::json{{"rotation", rep.seeds}}));
    report::write_model(root, rep.model);
    write_eval(root, rep);
    h5::write_array(root, "seeds", rep.seeds, {"seed", "the rotation seeds of the matrix, as given"});
    write_summary(root, rep);

    H5::Group runs = root.createGroup("runs");
    h5::set_i32(runs, "count", static_cast<int32_t>(rep.runs.size()));
    std::vector<double> edges(kBins + 1);
    for (int i = 0; i <= kBins; ++i) edges[i] = -ErrorHistogram::kRange + 2 * ErrorHistogram::kRange * i / kBins;
    h5::write_array(runs, "histogram_edges", edges,
                    {"rms", "error histogram bin edges in units of the tensor's rms: bin i covers [edges[i], edges[i+1])"});
    const int64_t n = static_cast<int64_t>(rep.runs.size());
    report_unlocked(held, progress, kWriteStage, 0, n);
    for (int64_t i = 0; i < n; ++i) {
        write_run(runs, rep.runs[i], static_cast<size_t>(i));
        report_unlocked(held, progress, kWriteStage, i + 1, n);
    }
}

// ---------------------------------------------------------------- reading

void read_eval(const H5::Group& root, RunReport& rep) {
    H5::Group g = h5::open_group(root, "eval");
    rep.eval.corpus = h5::get_str(g, "corpus");
    rep.corpus_name = h5::get_str(g, "corpus_name");
    rep.corpus_path = h5::get_str(g, "corpus_path");
    rep.corpus_sha256 = h5::get_str(g, "corpus_sha256");
    rep.eval.ctx = h5::get_i32(g, "ctx");
    rep.eval.windows = h5::get_i32(g, "windows");
    rep.eval.probe_tokens = h5::get_i32(g, "probe_tokens");
    rep.eval_tokens = h5::get_i64(g, "eval_tokens");
    rep.reference.full = h5::get_f64(g, "reference_ppl_full");
    rep.reference.llamacpp = h5::get_f64(g, "reference_ppl_llamacpp");
    rep.reference.full_stderr = h5::get_f64(g, "reference_ppl_full_stderr");
    if (h5::has_attr(g, "tasks_json")) {
        const std::string where = g.getObjName() + "/tasks_json";
        try {
            task_settings_from_json(parse_json(h5::get_str(g, "tasks_json"), where), rep.eval.tasks, where);
        } catch (const Error& e) {
            throw h5::FormatError(e.what());
        }
    }
}

ErrorHistogram histogram_of(const std::vector<int64_t>& m, size_t l, double rms, int64_t below, int64_t above, int64_t zeros,
                            double max_abs) {
    ErrorHistogram h;
    h.rms = rms;
    h.counts.assign(m.begin() + static_cast<std::ptrdiff_t>(l * kBins), m.begin() + static_cast<std::ptrdiff_t>((l + 1) * kBins));
    h.below = below;
    h.above = above;
    h.zeros = zeros;
    h.max_abs = max_abs;
    return h;
}

RunResult read_run(const H5::Group& g, const h5::Reader& reader) {
    const std::string where = g.getObjName();
    RunResult r;
    r.name = h5::get_str(g, "name");
    r.group = h5::get_str(g, "group");
    r.seed = h5::get_i32(g, "seed");
    if (r.seed < -1) throw h5::FormatError(where + ": seed " + std::to_string(r.seed));
    const std::string recipe_text = h5::get_str(g, "recipe_json");
    try {
        r.recipe = recipe_from_json(parse_json(recipe_text, where + "/recipe_json"), where + "/recipe_json");
    } catch (const Error& e) {
        throw h5::FormatError(e.what());
    }
    FusePlan& plan = r.fuse.plan;
    for (const PlacementTraits& p : kPlacements) {
        const std::string key = fmt::format("fuse_{}", p.key);
        placement_from(h5::get_str(g, key), where + ": " + key, plan.*p.on, plan.*p.spec);
        r.fuse.*p.order = h5::get_i64(g, key + "_order");
    }
    r.fuse.norms_folded = h5::get_i32(g, "norms_folded");
    r.seconds_prepare = h5::get_f64(g, "seconds_prepare");
    r.seconds_eval = h5::get_f64(g, "seconds_eval");

    const std::vector<MetricsRow> metrics = h5::read_table(reader, g, "metrics", metrics_fields(), 1);
    if (metrics.size() != 1) throw h5::FormatError(where + "/metrics: expected one row, found " + std::to_string(metrics.size()));
    r.metrics = comparison_of(metrics[0]);

    if (h5::get_bool(g, "weights_quantized")) {
        WeightQuantReport w;
        try {
            w.spec = quant::parse_format_spec(h5::get_str(g, "weights_format"));
        } catch (const Error& e) {
            throw h5::FormatError(where + ": attribute 'weights_format': " + e.what());
        }
        for (const WeightRow& row : h5::read_table(reader, g, "weights", weight_fields(), kAnyRows)) {
            LinearQuantError e;
            e.layer = row.layer;
            e.role = role_from(row.role, where + "/weights");
            e.role_name = role_name(e.role);
            e.rows = row.rows;
            e.cols = row.cols;
            e.rel_error = row.rel_error;
            e.sqnr_db = row.sqnr_db;
            w.linears.push_back(e);
        }
        if (h5::has_child(g, "gptq"))
            for (const GptqRow& row : h5::read_table(reader, g, "gptq", gptq_fields(), kAnyRows)) {
                const Role role = role_from(row.role, where + "/gptq");
                for (LinearQuantError& e : w.linears)
                    if (e.layer == row.layer && e.role == role) {
                        e.proxy_loss = row.proxy_loss;
                        e.proxy_loss_rtn = row.proxy_loss_rtn;
                    }
            }
        if (h5::has_attr(g, "weights_warnings")) {
            std::stringstream lines(h5::get_str(g, "weights_warnings"));
            for (std::string line; std::getline(lines, line);) w.warnings.push_back(line);
        }
        r.weights = std::move(w);
    }

    const std::vector<LinearRow> rows = h5::read_table(reader, g, "linears", linear_fields(), kAnyRows);
    const int64_t n = static_cast<int64_t>(rows.size());
    const std::vector<int64_t> in_h = reader.array<int64_t>(g, "input_histograms", {n, kBins});
    const std::vector<int64_t> w_h = reader.array<int64_t>(g, "weight_histograms", {n, kBins});
    r.linears.reserve(rows.size());
    for (size_t l = 0; l < rows.size(); ++l) {
        const LinearRow& x = rows[l];
        LinearError e;
        e.layer = x.layer;
        e.role = role_from(x.role, where + "/linears");
        e.site = site_from(x.site, where + "/linears");
        e.output_rel_error = x.output_rel_error;
        e.output_sqnr_db = x.output_sqnr_db;
        e.input_rel_error = x.input_rel_error;
        e.weight_rel_error = x.weight_rel_error;
        e.input_error = histogram_of(in_h, l, x.input_rms, x.input_below, x.input_above, x.input_zeros, x.input_max_abs);
        e.weight_error = histogram_of(w_h, l, x.weight_rms, x.weight_below, x.weight_above, x.weight_zeros, x.weight_max_abs);
        r.linears.push_back(std::move(e));
    }
    r.tasks = read_tasks(g, reader);
    return r;
}

void read_runs(const H5::Group& root, const h5::Reader& reader, RunReport& rep, std::unique_lock<std::mutex>& held,
               const Progress& progress) {
    H5::Group g = h5::open_group(root, "runs");
    const int32_t n = h5::get_i32(g, "count");
    if (n < 0 || n > kMaxRuns)
        throw h5::FormatError(fmt::format("/runs: count = {}, expected 0..{}", n, kMaxRuns));
    const std::vector<double> edges = reader.array<double>(g, "histogram_edges", {kBins + 1});
    // A different grid is a different schema.
    if (edges.front() != -ErrorHistogram::kRange || edges.back() != ErrorHistogram::kRange)
        throw h5::FormatError(fmt::format("/runs/histogram_edges: runs from {} to {}, expected {} to {}", edges.front(), edges.back(),
                                          -ErrorHistogram::kRange, ErrorHistogram::kRange));
    report_unlocked(held, progress, kReadStage, 0, n);
    // Looked up by name rather than listed: HDF5 1.10 frees uninitialised memory when a damaged
    // link message stops it listing a group's links.
    for (int32_t i = 0; i < n; ++i) {
        rep.runs.push_back(read_run(h5::open_group(g, run_group_name(static_cast<size_t>(i))), reader));
        report_unlocked(held, progress, kReadStage, i + 1, n);
    }
}

// The summary tables repeat what the runs hold, for readers that want only the table; they must
// agree with the runs.
void check_summary(const H5::Group& root, const h5::Reader& reader, const RunReport& rep) {
    const std::vector<SummaryRow> rows = h5::read_table(reader, root, "summary", summary_fields(), kAnyRows);
    if (rows.size() != rep.runs.size())
        throw h5::FormatError(fmt::format("/summary: {} rows for {} runs", rows.size(), rep.runs.size()));
    for (size_t i = 0; i < rows.size(); ++i)
        if (rows[i].name != rep.runs[i].name || rows[i].group != rep.runs[i].group || rows[i].seed != rep.runs[i].seed)
            throw h5::FormatError(fmt::format("/summary: row {} names run '{}', the runs say '{}'", i, rows[i].name, rep.runs[i].name));
    h5::read_table(reader, root, "summary_groups", group_fields(), static_cast<int64_t>(rep.runs.size()));
}

}  // namespace

void write_run_report(const std::string& path, const RunReport& report, const Progress& progress) {
    if (report.runs.size() > static_cast<size_t>(kMaxRuns))
        fail_runtime(fmt::format("{} runs, more than the {} a report may hold", report.runs.size(), kMaxRuns));
    for (size_t i = 0; i < report.runs.size(); ++i) check_run(report.runs[i], i);
    report::write_report_file(path, kFormat, kRunReportSchema, [&](H5::Group& root, std::unique_lock<std::mutex>& held) {
        write_body(root, report, held, progress);
    });
}

namespace {

RunReport read_run_report_unchecked(const std::string& path, const Progress& progress) {
    RunReport rep;
    report::read_report_file(path, kFormat, kRunReportSchema, "run report",
                             [&](const H5::Group& root, const h5::Reader& reader, int schema, std::unique_lock<std::mutex>& held) {
                                 rep.name = h5::get_str(root, "name");
                                 rep.meta = report::read_meta(root, schema);
                                 rep.model = report::read_model(root, reader);
                                 read_eval(root, rep);
                                 rep.seeds = reader.array<uint64_t>(root, "seeds", {-1});
                                 read_runs(root, reader, rep, held, progress);
                                 check_summary(root, reader, rep);
                             });
    return rep;
}

}  // namespace

RunReport read_run_report(const std::string& path, const Progress& progress) {
    // No progress callback in the child (see read_census_report).
    h5::check_in_child(path, [&] { read_run_report_unchecked(path, {}); }, progress);
    return read_run_report_unchecked(path, progress);
}

bool is_run_report(const std::string& path) {
    try {
        h5::check_in_child(path, [&] { report::report_format(path); });
    } catch (const Error&) {
        return false;  // the reader that follows says what is wrong with the file
    }
    return report::report_format(path) == kFormat;
}

}  // namespace rs
