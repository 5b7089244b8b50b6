#include "experiment/results_matrix_model.h"

#include <QCoreApplication>
#include <QLocale>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "experiment/weight_method_text.h"
#include "pipeline/quantize.h"
#include "rotate/fuse.h"
#include "rotate/rotation_kinds.h"
#include "rotate/smooth.h"

namespace rs::gui {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const QString kNone = QStringLiteral("—");

// A rotation as the recipe names write it, without seeds: the seeds are what a cell averages.
QString rotation_text(const rs::RotationSpec& s) {
    const rs::RotationKindTraits& t = rs::rotation_traits(s.kind);
    return t.takes_block ? QStringLiteral("%1%2").arg(QLatin1String(t.name)).arg(s.block) : QLatin1String(t.name);
}

QString plan_text(const rs::FusePlan& p) {
    if (!p.any()) return QLatin1String(rs::rotation_traits(rs::RotationKind::Identity).name);
    // R1, R2 and R4 alike and R3 off: one kind, as a rotation string means.
    if (p.r1_on && p.r2_on && p.r4_on && !p.r3_on && p.r1.kind == p.r2.kind && p.r1.kind == p.r4.kind &&
        p.r1.block == p.r2.block && p.r1.block == p.r4.block)
        return rotation_text(p.r1);
    QStringList parts;
    for (const rs::PlacementTraits& t : rs::kPlacements)
        if (p.*t.on) parts << QStringLiteral("%1 %2").arg(QLatin1String(t.name), rotation_text(p.*t.spec));
    return parts.join(QStringLiteral(" + "));
}

QString format_text(const std::optional<rs::quant::FormatSpec>& f) {
    return f ? QString::fromStdString(rs::quant::format_spec_name(*f)) : kNone;
}

// "GPTQ" with the options that differ from the defaults: "GPTQ (act-order, static groups)".
QString method_text(const rs::Recipe& r) {
    if (!r.weights) return kNone;
    QString s = weight_method_short_name(r.method);
    if (r.method != rs::WeightMethod::Gptq) return s;
    const rs::GptqOptions d;
    QStringList options;
    if (r.gptq.damp != d.damp) options << QStringLiteral("damp %1").arg(r.gptq.damp);
    if (r.gptq.block != d.block) options << QStringLiteral("block %1").arg(r.gptq.block);
    if (r.gptq.act_order) options << QStringLiteral("act-order");
    if (r.gptq.static_groups) options << QStringLiteral("static groups");
    if (!r.gptq.true_sequential) options << QStringLiteral("layer-wise Hessians");
    if (!options.isEmpty()) s += QStringLiteral(" (%1)").arg(options.join(QStringLiteral(", ")));
    return s;
}

QColor mix(const QColor& a, const QColor& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t));
}

std::string csv_field(const QString& s) {
    std::string t = s.toStdString();
    if (t.find_first_of(",\"\n") == std::string::npos) return t;
    std::string quoted = "\"";
    for (char c : t) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}
}  // namespace

ResultsMatrixModel::ResultsMatrixModel(QObject* parent) : QAbstractTableModel(parent) {}

void ResultsMatrixModel::set_runs(std::vector<std::shared_ptr<const rs::RunResult>> runs) {
    std::erase(runs, nullptr);
    runs_ = std::move(runs);
    rebuild();
}

void ResultsMatrixModel::set_row_field(Field f) {
    if (f == row_field_ || f < 0 || f >= FieldCount) return;
    row_field_ = f;
    rebuild();
}

void ResultsMatrixModel::set_column_field(Field f) {
    if (f == column_field_ || f < 0 || f >= FieldCount) return;
    column_field_ = f;
    rebuild();
}

void ResultsMatrixModel::set_metric(Metric m) {
    if (m == metric_ || m < 0 || m >= MetricCount) return;
    metric_ = m;
    rebuild();
}

void ResultsMatrixModel::set_split_by_method(bool split) {
    if (split == split_) return;
    split_ = split;
    rebuild();
}

bool ResultsMatrixModel::columns_split() const {
    if (!split_ || row_field_ == MethodField || column_field_ == MethodField) return false;
    for (const auto& r : runs_)
        if (field_value(MethodField, *r) != field_value(MethodField, *runs_.front())) return true;
    return false;
}

QString ResultsMatrixModel::field_title(Field f) {
    switch (f) {
        case RotationField: return tr("Rotation");
        case SmoothingField: return tr("Smoothing");
        case FormatsField: return tr("Formats (W, A, KV)");
        case WeightsField: return tr("Weight format");
        case ActivationsField: return tr("Activation format");
        case KvField: return tr("KV cache format");
        case MethodField: return tr("Weight method");
        case BitsField: return tr("Bits");
        default: return {};
    }
}

QString ResultsMatrixModel::metric_title(Metric m) {
    switch (m) {
        case PplMetric: return tr("PPL");
        case DeltaPplMetric: return tr("ΔPPL");
        case KlMeanMetric: return tr("KL mean");
        case Top1Metric: return tr("Top-1 %");
        default: return {};
    }
}

const char* ResultsMatrixModel::field_key(Field f) {
    static const char* const keys[] = {"rotation", "smoothing", "formats", "w", "a", "kv", "method", "bits"};
    return f >= 0 && f < FieldCount ? keys[f] : "";
}

const char* ResultsMatrixModel::metric_key(Metric m) {
    static const char* const keys[] = {"ppl", "delta_ppl", "kl_mean", "top1_pct"};
    return m >= 0 && m < MetricCount ? keys[m] : "";
}

QString ResultsMatrixModel::field_value(Field f, const rs::RunResult& run) {
    const rs::Recipe& r = run.recipe;
    switch (f) {
        case RotationField: return plan_text(r.rotation);
        case SmoothingField: {
            if (!r.smooth.on) return kNone;
            QStringList sites;
            for (const rs::SmoothSiteTraits& t : rs::kSmoothSites)
                if (r.smooth.*t.on) sites << QLatin1String(t.name);
            return QStringLiteral("α=%1 %2").arg(r.smooth.alpha).arg(sites.join(u'+'));
        }
        case FormatsField: {
            QStringList parts;
            if (r.weights) parts << QStringLiteral("W ") + format_text(r.weights);
            if (r.activations) parts << QStringLiteral("A ") + format_text(r.activations);
            if (r.kv) parts << QStringLiteral("KV ") + format_text(r.kv);
            return parts.isEmpty() ? kNone : parts.join(u' ');
        }
        case WeightsField: return format_text(r.weights);
        case ActivationsField: return format_text(r.activations);
        case KvField: return format_text(r.kv);
        case MethodField: return method_text(r);
        case BitsField: return QString::fromStdString(rs::recipe_bits_label(r));
        default: return {};
    }
}

double ResultsMatrixModel::metric_value(Metric m, const rs::RunResult& run) {
    switch (m) {
        case PplMetric: return run.metrics.candidate.full;
        case DeltaPplMetric: return run.metrics.candidate.full - run.metrics.reference.full;
        case KlMeanMetric: return run.metrics.kl.mean;
        case Top1Metric: return 100.0 * run.metrics.top1_agreement;
        default: return kNaN;
    }
}

bool ResultsMatrixModel::lower_is_better(Metric m) { return m != Top1Metric; }

void ResultsMatrixModel::rebuild() {
    beginResetModel();
    row_labels_.clear();
    column_labels_.clear();
    cells_.clear();
    const bool split = columns_split();
    std::vector<std::pair<int, int>> place;  // per run: (row, column)
    place.reserve(runs_.size());
    for (const auto& run : runs_) {
        const QString row = field_value(row_field_, *run);
        QString column = field_value(column_field_, *run);
        if (split) column += QStringLiteral(" · ") + field_value(MethodField, *run);
        qsizetype r = row_labels_.indexOf(row), c = column_labels_.indexOf(column);
        if (r < 0) {
            r = row_labels_.size();
            row_labels_ << row;
        }
        if (c < 0) {
            c = column_labels_.size();
            column_labels_ << column;
        }
        place.emplace_back(static_cast<int>(r), static_cast<int>(c));
    }
    const size_t n_columns = static_cast<size_t>(column_labels_.size());
    cells_.resize(static_cast<size_t>(row_labels_.size()) * n_columns);
    for (size_t i = 0; i < runs_.size(); ++i)
        cells_[static_cast<size_t>(place[i].first) * n_columns + static_cast<size_t>(place[i].second)].runs.push_back(static_cast<int>(i));

    // Mean and sample standard deviation (as rs::summarize_groups) of the runs with a finite value.
    best_ = INFINITY;
    worst_ = -INFINITY;
    const bool log_scale = metric_ == PplMetric || metric_ == KlMeanMetric;
    for (Cell& cell : cells_) {
        std::vector<double> xs;
        for (int i : cell.runs)
            if (const double x = metric_value(metric_, *runs_[static_cast<size_t>(i)]); std::isfinite(x)) xs.push_back(x);
        if (xs.empty()) {
            cell.mean = cell.std = kNaN;
            continue;
        }
        double sum = 0;
        for (double x : xs) sum += x;
        cell.mean = sum / static_cast<double>(xs.size());
        double ss = 0;
        for (double x : xs) ss += (x - cell.mean) * (x - cell.mean);
        cell.std = xs.size() > 1 ? std::sqrt(ss / static_cast<double>(xs.size() - 1)) : 0.0;
        // Perplexity and KL spread over decades: coloured on a log scale.
        const double v = log_scale && cell.mean > 0 ? std::log(cell.mean) : cell.mean;
        const double goodness = lower_is_better(metric_) ? v : -v;
        best_ = std::min(best_, goodness);
        worst_ = std::max(worst_, goodness);
    }
    endResetModel();
}

const ResultsMatrixModel::Cell* ResultsMatrixModel::cell(int row, int column) const {
    if (row < 0 || column < 0 || row >= rowCount() || column >= columnCount()) return nullptr;
    const Cell& c = cells_[static_cast<size_t>(row) * static_cast<size_t>(column_labels_.size()) + static_cast<size_t>(column)];
    return c.runs.empty() ? nullptr : &c;
}

QColor ResultsMatrixModel::cell_color(int row, int column) const {
    const Cell* c = cell(row, column);
    if (!c || !std::isfinite(c->mean)) return {};
    // Light tints, so that black text stays readable on every one of them.
    static const QColor good(183, 225, 186), middle(255, 243, 196), bad(246, 183, 160);
    const bool log_scale = metric_ == PplMetric || metric_ == KlMeanMetric;
    const double v = log_scale && c->mean > 0 ? std::log(c->mean) : c->mean;
    const double goodness = lower_is_better(metric_) ? v : -v;
    if (!(worst_ > best_)) return middle;
    const double t = (goodness - best_) / (worst_ - best_);
    return t < 0.5 ? mix(good, middle, 2 * t) : mix(middle, bad, 2 * t - 1);
}

QString ResultsMatrixModel::format_value(double x) const {
    const QLocale locale;
    switch (metric_) {
        case PplMetric: return locale.toString(x, 'f', 3);
        case DeltaPplMetric: return (x > 0 ? QStringLiteral("+") : QString()) + locale.toString(x, 'f', 3);
        case KlMeanMetric: return locale.toString(x, 'f', 4);
        case Top1Metric: return locale.toString(x, 'f', 1);
        default: return {};
    }
}

int ResultsMatrixModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(row_labels_.size()); }

int ResultsMatrixModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(column_labels_.size());
}

QVariant ResultsMatrixModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) return {};
    const Cell* c = cell(index.row(), index.column());
    switch (role) {
        case MeanRole: return c ? c->mean : kNaN;
        case StdRole: return c ? c->std : kNaN;
        case CountRole: return c ? static_cast<int>(c->runs.size()) : 0;
        case RunsRole: {
            QList<int> runs;
            if (c) runs = QList<int>(c->runs.begin(), c->runs.end());
            return QVariant::fromValue(runs);
        }
        case Qt::DisplayRole: {
            if (!c || !std::isfinite(c->mean)) return QString();
            if (c->runs.size() < 2) return format_value(c->mean);
            // The spread never carries a sign of its own.
            const QString spread = metric_ == DeltaPplMetric ? QLocale().toString(c->std, 'f', 3) : format_value(c->std);
            return tr("%1 ± %2").arg(format_value(c->mean), spread);
        }
        case Qt::BackgroundRole: {
            const QColor color = cell_color(index.row(), index.column());
            return color.isValid() ? QVariant(color) : QVariant();
        }
        case Qt::ForegroundRole: return c ? QVariant(QColor(Qt::black)) : QVariant();
        case Qt::TextAlignmentRole: return QVariant(Qt::AlignCenter);
        case Qt::ToolTipRole: {
            if (!c) return tr("No run has this combination.");
            QStringList lines;
            lines << tr("%1 × %2").arg(row_labels_[index.row()], column_labels_[index.column()]);
            lines << tr("%1: %2 over %n run(s)", nullptr, static_cast<int>(c->runs.size()))
                         .arg(metric_title(metric_), data(index, Qt::DisplayRole).toString());
            for (int i : c->runs) {
                const rs::RunResult& r = *runs_[static_cast<size_t>(i)];
                lines << QStringLiteral("  %1 — %2").arg(QString::fromStdString(r.name), format_value(metric_value(metric_, r)));
            }
            return lines.join(QLatin1Char('\n'));
        }
        default: return {};
    }
}

QVariant ResultsMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const {
    const QStringList& labels = orientation == Qt::Horizontal ? column_labels_ : row_labels_;
    if (section < 0 || section >= labels.size()) return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) return labels[section];
    if (role == Qt::ToolTipRole) {
        const Field f = orientation == Qt::Horizontal ? column_field_ : row_field_;
        QString tip = tr("%1: %2").arg(field_title(f), labels[section]);
        if (orientation == Qt::Horizontal && columns_split()) tip += QLatin1Char('\n') + tr("Split by weight method.");
        return tip;
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

void ResultsMatrixModel::retranslate() {
    // Labels hold untranslated names (formats, rotations); tooltips and headers are read at
    // paint time; the display texts use the locale's number format.
    if (rowCount() > 0 && columnCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    if (columnCount() > 0) emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    if (rowCount() > 0) emit headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
}

std::string ResultsMatrixModel::csv() const {
    auto number = [](double x) { return std::isfinite(x) ? fmt::format("{:.6g}", x) : std::string(); };
    std::string out = csv_field(QStringLiteral("%1 \\ %2").arg(QLatin1String(field_key(row_field_)), QLatin1String(field_key(column_field_))));
    for (const QString& column : column_labels_) {
        out += ',' + csv_field(column + QLatin1Char(' ') + QLatin1String(metric_key(metric_)) + QStringLiteral(" mean"));
        out += ',' + csv_field(column + QLatin1Char(' ') + QLatin1String(metric_key(metric_)) + QStringLiteral(" std"));
        out += ',' + csv_field(column + QStringLiteral(" runs"));
    }
    out += '\n';
    for (int r = 0; r < rowCount(); ++r) {
        out += csv_field(row_labels_[r]);
        for (int c = 0; c < columnCount(); ++c) {
            const Cell* cl = cell(r, c);
            out += ',' + (cl ? number(cl->mean) : std::string());
            out += ',' + (cl ? number(cl->std) : std::string());
            out += ',' + (cl ? std::to_string(cl->runs.size()) : std::string());
        }
        out += '\n';
    }
    return out;
}

}  // namespace rs::gui
