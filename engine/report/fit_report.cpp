#include "report/fit_report.h"

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/json_io.h"
#include "io/contained_read.h"
#include "report/model_group.h"

namespace rs {
namespace {

constexpr const char* kFormat = "rotoscope-fit";

MatrixD from_row_major(const double* p, int64_t n) {
    return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(p, n, n);
}

struct BaselineRow {
    std::string rotation;
    double loss = 0;
};

std::vector<h5::Field<BaselineRow>> baseline_fields() {
    return {h5::field("rotation", &BaselineRow::rotation), h5::field("loss", &BaselineRow::loss)};
}

struct SiteRow {
    int32_t layer = 0;
    std::string site;
    double start_max_over_median = 0, start_kurtosis = 0, start_quant_error = 0;
    double result_max_over_median = 0, result_kurtosis = 0, result_quant_error = 0;
};

std::vector<h5::Field<SiteRow>> site_fields() {
    return {h5::field("layer", &SiteRow::layer),
            h5::field("site", &SiteRow::site),
            h5::field("start_max_over_median", &SiteRow::start_max_over_median),
            h5::field("start_kurtosis", &SiteRow::start_kurtosis),
            h5::field("start_quant_error", &SiteRow::start_quant_error),
            h5::field("result_max_over_median", &SiteRow::result_max_over_median),
            h5::field("result_kurtosis", &SiteRow::result_kurtosis),
            h5::field("result_quant_error", &SiteRow::result_quant_error)};
}

LinearInput site_of(const std::string& name, const std::string& where) {
    for (LinearInput s : kR1Sites)
        if (name == input_traits(s).name) return s;
    throw h5::FormatError(where + ": unknown R1 site '" + name + "'");
}

void write_body(H5::Group& root, const FitReport& rep) {
    const FitResult& r = rep.result;
    report::write_meta(root, rep.meta, kFitReportSchema,
                       dump_json(nlohmann::json{{"start", rep.config.start.seed}, {"calibration", rep.config.calibration.seed}}));
    report::write_model(root, rep.model);

    H5::Group rot = root.createGroup("rotation");
    const std::vector<double> r1 = r.r1_values();
    h5::write_matrix(rot, "r1", r1.data(), r.r1.rows(), r.r1.cols(),
                     {"1", "the fitted R1 (x <- x R1 on the residual stream), row-major; name it in a recipe as "
                           "\"r1\": \"file:THIS.h5#/rotation/r1\""});
    if (!r.r2.empty()) {
        const int64_t hd = r.r2.front().rows();
        const std::vector<double> r2 = r.r2_values();
        h5::write_raw(rot, "r2", h5::Kind::F64, r2.data(), {static_cast<int64_t>(r.r2.size()), hd, hd},
                      {"1", "the learned R2 of every layer [layer, head_dim, head_dim]; \"r2\": \"file:THIS.h5#/rotation/r2\""});
    }
    h5::set_f64(rot, "orthogonality", r.orthogonality);

    H5::Group fit = root.createGroup("fit");
    h5::set_str(fit, "method", fit_method_traits(rep.config.method).key);
    const bool cayley = rep.config.method == FitMethod::Cayley;
    h5::write_array(fit, "loss", r.loss,
                    cayley ? h5::Doc{"nats per token", "loss of each step's window before its update; the last entry: the result's"}
                           : h5::Doc{"squared error", "weighted quantization error at the start of each round; the last: the result's"});
    h5::write_array(fit, cayley ? "step_size" : "fixed_q_loss", r.trace,
                    cayley ? h5::Doc{"1", "the Cayley step size alpha of each step"}
                           : h5::Doc{"squared error", "the error after each round's step with that round's quantizer held fixed"});
    if (!cayley)
        h5::write_table(fit, "baselines", [&] {
            std::vector<BaselineRow> rows;
            for (const FitBaseline& b : r.baselines) rows.push_back({b.rotation, b.loss});
            return rows;
        }(), baseline_fields(), {"squared error", "the same objective for rotations that were not fitted"});
    if (r.sites_start.size() == r.sites_result.size() && !r.sites_start.empty()) {
        std::vector<SiteRow> rows;
        for (size_t i = 0; i < r.sites_start.size(); ++i) {
            const R1SiteMeasure &a = r.sites_start[i], &b = r.sites_result[i];
            rows.push_back({a.layer, input_traits(a.site).name, a.max_over_median, a.kurtosis, a.quant_error, b.max_over_median,
                            b.kurtosis, b.quant_error});
        }
        h5::write_table(fit, "sites", rows, site_fields(),
                        {"mixed", "per layer and R1 site: max |x| / median |x|, kurtosis and the activation format's "
                                  "relative squared error, under the start and under the fitted R1, on the same rows"});
    }
    h5::set_f64(fit, "eval_start", r.eval_start);
    h5::set_f64(fit, "eval_result", r.eval_result);
    h5::set_i64(fit, "rows", r.rows);
    h5::set_i64(fit, "rows_per_call", r.rows_per_call);
    h5::set_i64(fit, "massive_rows", r.massive_rows);
    h5::set_str(fit, "online", r.online);
    h5::set_str(fit, "calibration_corpus", r.calibration_corpus);
    h5::set_str(fit, "calibration_sha256", r.calibration_sha256);
    h5::set_i64(fit, "calibration_tokens", r.calibration_tokens);
    h5::set_f64(fit, "seconds_prepare", r.seconds_prepare);
    h5::set_f64(fit, "seconds_fit", r.seconds_fit);
}

FitReport read_unchecked(const std::string& path) {
    FitReport rep;
    report::read_report_file(path, kFormat, kFitReportSchema, "fit report",
                             [&](const H5::Group& root, const h5::Reader& reader, int schema, std::unique_lock<std::mutex>&) {
                                 rep.meta = report::read_meta(root, schema);
                                 rep.model = report::read_model(root, reader);
                                 rep.config = fit_config_from_json(parse_json(rep.meta.config_json, path + ": meta/config_json"),
                                                                   path + ": meta/config_json");
                                 FitResult& r = rep.result;
                                 const H5::Group rot = h5::open_group(root, "rotation");
                                 const int64_t d = rep.model.cfg.d_model, hd = rep.model.cfg.head_dim;
                                 const std::vector<double> r1 = reader.array<double>(rot, "r1", {d, d});
                                 r.r1 = from_row_major(r1.data(), d);
                                 if (h5::has_child(rot, "r2")) {
                                     const std::vector<double> r2 = reader.array<double>(rot, "r2", {rep.model.cfg.n_layers, hd, hd});
                                     for (int64_t l = 0; l < rep.model.cfg.n_layers; ++l) r.r2.push_back(from_row_major(r2.data() + l * hd * hd, hd));
                                 }
                                 r.orthogonality = h5::get_f64(rot, "orthogonality");
                                 const H5::Group fit = h5::open_group(root, "fit");
                                 const bool cayley = rep.config.method == FitMethod::Cayley;
                                 r.loss = reader.array<double>(fit, "loss", {-1});
                                 r.trace = reader.array<double>(fit, cayley ? "step_size" : "fixed_q_loss", {-1});
                                 if (!cayley)
                                     for (const BaselineRow& b : h5::read_table(reader, fit, "baselines", baseline_fields(), 64))
                                         r.baselines.push_back({b.rotation, b.loss});
                                 if (h5::has_child(fit, "sites"))
                                     for (const SiteRow& row : h5::read_table(reader, fit, "sites", site_fields(), int64_t{1} << 20)) {
                                         const LinearInput site = site_of(row.site, path + ": /fit/sites");
                                         r.sites_start.push_back({row.layer, site, row.start_max_over_median, row.start_kurtosis,
                                                                  row.start_quant_error});
                                         r.sites_result.push_back({row.layer, site, row.result_max_over_median, row.result_kurtosis,
                                                                   row.result_quant_error});
                                     }
                                 r.eval_start = h5::get_f64(fit, "eval_start");
                                 r.eval_result = h5::get_f64(fit, "eval_result");
                                 r.rows = h5::get_i64(fit, "rows");
                                 r.rows_per_call = h5::get_i64(fit, "rows_per_call");
                                 r.massive_rows = h5::get_i64(fit, "massive_rows");
                                 r.online = h5::get_str(fit, "online");
                                 r.calibration_corpus = h5::get_str(fit, "calibration_corpus");
                                 r.calibration_sha256 = h5::get_str(fit, "calibration_sha256");
                                 r.calibration_tokens = h5::get_i64(fit, "calibration_tokens");
                                 r.seconds_prepare = h5::get_f64(fit, "seconds_prepare");
                                 r.seconds_fit = h5::get_f64(fit, "seconds_fit");
                             });
    return rep;
}

}  // namespace

void write_fit_report(const std::string& path, const FitReport& report, const Progress& progress) {
    const int64_t d = report.model.cfg.d_model;
    if (report.result.r1.rows() != d || report.result.r1.cols() != d) fail_runtime("fit report: R1 is not d_model x d_model");
    // The last point where a cancel stops the fit: once written, the report stands.
    progress(Stage::WritingReport, 0, 1);
    report::write_report_file(path, kFormat, kFitReportSchema,
                              [&](H5::Group& root, std::unique_lock<std::mutex>&) { write_body(root, report); });
}

FitReport read_fit_report(const std::string& path, const Progress& progress) {
    h5::check_in_child(path, [&] { read_unchecked(path); }, progress);
    return read_unchecked(path);
}

bool is_fit_report(const std::string& path) {
    try {
        h5::check_in_child(path, [&] { report::report_format(path); });
    } catch (const Error&) {
        return false;
    }
    return report::report_format(path) == kFormat;
}

}  // namespace rs
