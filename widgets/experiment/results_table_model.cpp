#include "experiment/results_table_model.h"

#include <QLocale>
#include <algorithm>
#include <cmath>

#include "export/export_target.h"

namespace rs::gui {
namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

double ppl_delta(const rs::RunResult& r) { return r.metrics.candidate.full - r.metrics.reference.full; }
double total_seconds(const rs::RunResult& r) { return r.seconds_prepare + r.seconds_eval; }
}  // namespace

ResultsTableModel::ResultsTableModel(QObject* parent) : QAbstractTableModel(parent) {}

std::vector<std::string> ResultsTableModel::new_tasks(const std::vector<std::shared_ptr<const rs::RunResult>>& runs) const {
    std::vector<std::string> keys;
    for (const auto& r : runs)
        for (const rs::TaskScore& t : r->tasks)
            if (std::find(task_keys_.begin(), task_keys_.end(), t.task) == task_keys_.end() &&
                std::find(keys.begin(), keys.end(), t.task) == keys.end())
                keys.push_back(t.task);
    return keys;
}

const std::string* ResultsTableModel::task_of_column(int column) const {
    const int i = column - ColumnCount;
    return i >= 0 && i < static_cast<int>(task_keys_.size()) ? &task_keys_[static_cast<size_t>(i)] : nullptr;
}

void ResultsTableModel::append(std::shared_ptr<const rs::RunResult> run) {
    if (!run) return;
    if (const auto keys = new_tasks({run}); !keys.empty()) {
        const int first = ColumnCount + static_cast<int>(task_keys_.size());
        beginInsertColumns({}, first, first + static_cast<int>(keys.size()) - 1);
        task_keys_.insert(task_keys_.end(), keys.begin(), keys.end());
        endInsertColumns();
    }
    const int row = static_cast<int>(runs_.size());
    beginInsertRows({}, row, row);
    runs_.push_back(std::move(run));
    endInsertRows();
}

void ResultsTableModel::set_runs(std::vector<std::shared_ptr<const rs::RunResult>> runs) {
    beginResetModel();
    verdicts_.clear();
    runs_ = std::move(runs);
    std::erase(runs_, nullptr);
    task_keys_.clear();
    task_keys_ = new_tasks(runs_);
    endResetModel();
}

void ResultsTableModel::clear() { set_runs({}); }

void ResultsTableModel::set_model_config(const rs::ModelConfig& cfg) {
    cfg_ = cfg;
    verdicts_.clear();
    if (!runs_.empty()) emit dataChanged(index(0, ExportColumn), index(rowCount() - 1, ExportColumn));
}

const std::vector<rs::ExportVerdict>& ResultsTableModel::verdicts(const rs::RunResult& r) const {
    auto it = verdicts_.find(&r);
    if (it == verdicts_.end()) it = verdicts_.emplace(&r, rs::check_all_exports(r.recipe, cfg_, {})).first;
    return it->second;
}

QString ResultsTableModel::export_text(const rs::RunResult& r) const {
    QStringList parts;
    for (const rs::ExportVerdict& v : verdicts(r))
        parts << QStringLiteral("%1 %2").arg(QString::fromUtf8(rs::export_target_traits(v.target).key),
                                             v.ok() ? QStringLiteral("✓") : QStringLiteral("✗"));
    return parts.join(QStringLiteral("  "));
}

QString ResultsTableModel::export_tooltip(const rs::RunResult& r) const {
    QStringList lines;
    for (const rs::ExportVerdict& v : verdicts(r)) {
        const rs::ExportTargetTraits& t = rs::export_target_traits(v.target);
        lines << (v.ok() ? tr("%1 (%2): can export").arg(q(t.key), q(t.runtime))
                         : tr("%1 (%2): cannot export").arg(q(t.key), q(t.runtime)));
        // The verdicts are the engine's sentences; they are not translated.
        for (const std::string& c : v.cannot) lines << QStringLiteral("  ✗ ") + q(c);
        for (const std::string& n : v.notes) lines << QStringLiteral("  · ") + q(n);
    }
    return lines.join(QLatin1Char('\n'));
}

std::vector<rs::RunResult> ResultsTableModel::run_values() const {
    std::vector<rs::RunResult> out;
    out.reserve(runs_.size());
    for (const auto& r : runs_) out.push_back(*r);
    return out;
}

std::string ResultsTableModel::csv() const { return rs::summary_table_csv(run_values()); }

int ResultsTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(runs_.size());
}

int ResultsTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount + static_cast<int>(task_keys_.size());
}

QVariant ResultsTableModel::task_data(const rs::RunResult& r, const std::string& task, int role) const {
    const rs::TaskScore* t = nullptr;
    for (const auto& s : r.tasks)
        if (s.task == task) t = &s;
    if (role == Qt::TextAlignmentRole) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (!t) return role == Qt::DisplayRole ? QVariant(QStringLiteral("–")) : QVariant();
    const QLocale locale;
    switch (role) {
        case SortRole: return 100.0 * t->acc;
        case Qt::DisplayRole: return locale.toString(100.0 * t->acc, 'f', 1);
        case Qt::ToolTipRole: {
            QStringList lines;
            lines << tr("%1: accuracy %2 ± %3 % over %4 questions, %5-shot")
                         .arg(q(t->title), locale.toString(100.0 * t->acc, 'f', 2), locale.toString(100.0 * t->acc_stderr, 'f', 2))
                         .arg(t->n)
                         .arg(t->shots);
            if (std::isfinite(t->acc_norm))
                lines << tr("Length-normalized accuracy %1 ± %2 %")
                             .arg(locale.toString(100.0 * t->acc_norm, 'f', 2), locale.toString(100.0 * t->acc_norm_stderr, 'f', 2));
            if (std::isfinite(t->ppl)) lines << tr("Perplexity of the last words %1").arg(locale.toString(t->ppl, 'f', 3));
            for (const auto& c : t->categories)
                lines << QStringLiteral("  %1: %2 % (%3)").arg(q(c.name), locale.toString(100.0 * c.acc, 'f', 1)).arg(c.n);
            if (!t->missing_subjects.empty())
                lines << tr("%1 subjects had no file; the average is over the %2 present")
                             .arg(t->missing_subjects.size())
                             .arg(t->subjects.size());
            if (t->truncated) lines << tr("%1 questions lost the start of their prompt to the window").arg(t->truncated);
            return lines.join(QLatin1Char('\n'));
        }
        default: return {};
    }
}

QVariant ResultsTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(runs_.size()) || index.column() >= columnCount()) return {};
    const rs::RunResult& r = *runs_[static_cast<size_t>(index.row())];
    const int column = index.column();
    if (role == RunIndexRole) return index.row();
    if (const std::string* task = task_of_column(column)) return task_data(r, *task, role);
    if (role == SortRole) {
        switch (column) {
            case NameColumn: return q(r.name);
            case BitsColumn: return q(rs::recipe_bits_label(r.recipe));
            case PplColumn: return r.metrics.candidate.full;
            case DeltaPplColumn: return ppl_delta(r);
            case KlMeanColumn: return r.metrics.kl.mean;
            case KlP99Column: return r.metrics.kl.p99;
            case Top1Column: return 100.0 * r.metrics.top1_agreement;
            case TimeColumn: return total_seconds(r);
            case ExportColumn: {
                int ok = 0;
                for (const rs::ExportVerdict& v : verdicts(r)) ok += v.ok() ? 1 : 0;
                return ok;
            }
            default: return {};
        }
    }
    if (role == Qt::DisplayRole) {
        const QLocale locale;
        switch (column) {
            case NameColumn: return q(r.name);
            case BitsColumn: return q(rs::recipe_bits_label(r.recipe));
            case PplColumn: return locale.toString(r.metrics.candidate.full, 'f', 3);
            case DeltaPplColumn: {
                const double d = ppl_delta(r);
                // The sign is the point of this column; QLocale drops a "+".
                return (d > 0 ? QStringLiteral("+") : QString()) + locale.toString(d, 'f', 3);
            }
            case KlMeanColumn: return locale.toString(r.metrics.kl.mean, 'f', 4);
            case KlP99Column: return locale.toString(r.metrics.kl.p99, 'f', 4);
            case Top1Column: return locale.toString(100.0 * r.metrics.top1_agreement, 'f', 1);
            case TimeColumn: return locale.toString(total_seconds(r), 'f', 1);
            case ExportColumn: return export_text(r);
            default: return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return column <= BitsColumn || column == ExportColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                                              : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) return column == ExportColumn ? export_tooltip(r) : tooltip(r);
    return {};
}

QString ResultsTableModel::tooltip(const rs::RunResult& r) const {
    const QLocale locale;
    QStringList lines;
    lines << q(r.name);
    if (r.seed >= 0) lines << tr("Seed: %1").arg(r.seed);
    if (!r.fuse.summary().empty()) lines << tr("Rotations: %1").arg(q(r.fuse.summary()));
    lines << tr("Perplexity %1 (unquantized %2); llama.cpp protocol %3 (unquantized %4)")
                 .arg(locale.toString(r.metrics.candidate.full, 'f', 3),
                      locale.toString(r.metrics.reference.full, 'f', 3),
                      locale.toString(r.metrics.candidate.llamacpp, 'f', 3),
                      locale.toString(r.metrics.reference.llamacpp, 'f', 3));
    lines << tr("KL divergence: mean %1, median %2, p99 %3, max %4 nats over %5 tokens")
                 .arg(locale.toString(r.metrics.kl.mean, 'f', 4), locale.toString(r.metrics.kl.p50, 'f', 4),
                      locale.toString(r.metrics.kl.p99, 'f', 4), locale.toString(r.metrics.kl.max, 'f', 4),
                      locale.toString(r.metrics.scored_tokens));
    // The spread over seeds says whether a difference between two recipes is more than luck.
    if (!r.group.empty()) {
        std::vector<rs::RunResult> group;
        for (const auto& other : runs_)
            if (other->group == r.group) group.push_back(*other);
        if (group.size() > 1) {
            const rs::GroupSummary g = rs::summarize_groups(group).front();
            lines << tr("%1 runs of this recipe: perplexity %2 ± %3, KL %4 ± %5, top-1 %6 ± %7 %")
                         .arg(g.runs)
                         .arg(locale.toString(g.ppl_mean, 'f', 3), locale.toString(g.ppl_std, 'f', 3),
                              locale.toString(g.kl_mean, 'f', 4), locale.toString(g.kl_std, 'f', 4),
                              locale.toString(100 * g.top1_mean, 'f', 1), locale.toString(100 * g.top1_std, 'f', 1));
        }
    }
    // GPTQ's warnings (dampening raised for a Hessian that was not positive definite).
    if (r.weights && !r.weights->warnings.empty()) {
        QStringList warnings;
        for (const std::string& w : r.weights->warnings) warnings << q(w);
        lines << tr("Weight quantization warnings: %1").arg(warnings.join(QStringLiteral("; ")));
    }
    lines << tr("Time: %1 s preparing (smoothing, rotation, weight quantization), %2 s evaluating")
                 .arg(locale.toString(r.seconds_prepare, 'f', 1), locale.toString(r.seconds_eval, 'f', 1));
    return lines.join(QLatin1Char('\n'));
}

QVariant ResultsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return QAbstractTableModel::headerData(section, orientation, role);
    if (const std::string* task = task_of_column(section)) {
        const rs::TaskDef* def = rs::find_task(*task);
        const QString title = def ? QString::fromUtf8(def->title) : q(*task);
        if (role == Qt::DisplayRole) return tr("%1 %").arg(title);
        if (role == Qt::ToolTipRole)
            return tr("Accuracy on %1, scored as lm-eval-harness does (docs/tasks.md).").arg(title);
        return {};
    }
    if (role == Qt::DisplayRole) {
        switch (section) {
            case NameColumn: return tr("Recipe");
            case BitsColumn: return tr("Bits");
            case PplColumn: return tr("PPL");
            case DeltaPplColumn: return tr("ΔPPL");
            case KlMeanColumn: return tr("KL mean");
            case KlP99Column: return tr("KL p99");
            case Top1Column: return tr("Top-1 %");
            case TimeColumn: return tr("Time, s");
            case ExportColumn: return tr("Export");
            default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case PplColumn: return tr("Perplexity of the quantized model (every position after the first of each window).");
            case DeltaPplColumn: return tr("Perplexity minus the unquantized model's on the same tokens.");
            case KlMeanColumn: return tr("Mean KL divergence from the unquantized model's next-token distribution, in nats.");
            case KlP99Column: return tr("99th percentile of the per-token KL divergence: the bad tokens.");
            case Top1Column: return tr("How often the quantized model's most likely next token is the unquantized model's.");
            case TimeColumn: return tr("Preparation (smoothing, rotation, weight quantization) plus evaluation.");
            case ExportColumn: return tr("Which runtimes can run this recipe as exported: hf (transformers), compressed-tensors (vLLM), gguf (llama.cpp).");
            default: return {};
        }
    }
    return {};
}

}  // namespace rs::gui
