#include "experiment/gptq_gain_model.h"

#include <QLocale>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "pipeline/quantize.h"

namespace rs::gui {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QString run_letter(int run) { return run == 0 ? QStringLiteral("A") : QStringLiteral("B"); }
}  // namespace

GptqGainModel::GptqGainModel(QObject* parent) : QAbstractTableModel(parent) {}

bool GptqGainModel::has_losses(const rs::RunResult& run) {
    if (!run.weights) return false;
    return std::any_of(run.weights->linears.begin(), run.weights->linears.end(),
                       [](const rs::LinearQuantError& e) { return std::isfinite(e.proxy_loss); });
}

void GptqGainModel::set_runs(std::vector<std::shared_ptr<const rs::RunResult>> runs) {
    std::erase_if(runs, [](const auto& r) { return !r || !has_losses(*r); });
    if (runs.size() > kMaxRuns) runs.resize(kMaxRuns);
    beginResetModel();
    runs_ = std::move(runs);
    // (layer, role) sorts as the rows should: layers ascending, then Role order; the LM head
    // (layer -1) after the last layer.
    auto key = [](int layer, Role role) { return std::pair{layer < 0 ? std::numeric_limits<int>::max() : layer, static_cast<int>(role)}; };
    std::map<std::pair<int, int>, Row> by_linear;
    for (size_t i = 0; i < runs_.size(); ++i)
        for (const rs::LinearQuantError& e : runs_[i]->weights->linears) {
            if (!std::isfinite(e.proxy_loss)) continue;
            auto [it, added] = by_linear.try_emplace(key(e.layer, e.role));
            if (added) {
                it->second.layer = e.layer;
                it->second.role = e.role;
                it->second.gptq.fill(kNaN);
                it->second.rtn.fill(kNaN);
            }
            it->second.gptq[i] = e.proxy_loss;
            it->second.rtn[i] = e.proxy_loss_rtn;
        }
    rows_.clear();
    rows_.reserve(by_linear.size());
    for (auto& [k, row] : by_linear) rows_.push_back(row);
    endResetModel();
}

double GptqGainModel::ratio(int row, int run) const {
    if (row < 0 || row >= static_cast<int>(rows_.size()) || run < 0 || run >= static_cast<int>(runs_.size())) return kNaN;
    const Row& r = rows_[static_cast<size_t>(row)];
    const double g = r.gptq[static_cast<size_t>(run)], t = r.rtn[static_cast<size_t>(run)];
    if (!std::isfinite(g) || !std::isfinite(t) || t <= 0) return kNaN;
    return g / t;
}

double GptqGainModel::geometric_mean_ratio(int run) const {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < rowCount(); ++i)
        if (const double x = ratio(i, run); std::isfinite(x) && x > 0) {
            sum += std::log(x);
            ++n;
        }
    return n > 0 ? std::exp(sum / n) : kNaN;
}

int GptqGainModel::ratio_count(int run) const {
    int n = 0;
    for (int i = 0; i < rowCount(); ++i)
        if (const double x = ratio(i, run); std::isfinite(x) && x > 0) ++n;
    return n;
}

int GptqGainModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }

int GptqGainModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : FirstRunColumn + ColumnsPerRun * static_cast<int>(runs_.size());
}

QVariant GptqGainModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount()) return {};
    const Row& r = rows_[static_cast<size_t>(index.row())];
    const int column = index.column();
    const int run = column >= FirstRunColumn ? (column - FirstRunColumn) / ColumnsPerRun : -1;
    const int what = column >= FirstRunColumn ? (column - FirstRunColumn) % ColumnsPerRun : -1;
    auto value = [&]() -> double {
        if (what == GptqLoss) return r.gptq[static_cast<size_t>(run)];
        if (what == RtnLoss) return r.rtn[static_cast<size_t>(run)];
        return ratio(index.row(), run);
    };
    if (role == ValueRole) {
        if (column == LayerColumn) return r.layer;
        if (column == LinearColumn) return static_cast<int>(r.role);
        return value();
    }
    if (role == Qt::DisplayRole) {
        if (column == LayerColumn) return r.layer < 0 ? tr("LM head") : QString::number(r.layer);
        if (column == LinearColumn) return QLatin1String(role_name(r.role));
        const double x = value();
        if (!std::isfinite(x)) return QStringLiteral("—");
        const QLocale locale;
        if (what == Ratio) return locale.toString(x, 'f', 3);
        return locale.toString(x, 'g', 4);
    }
    if (role == Qt::TextAlignmentRole)
        return column < FirstRunColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && what == Ratio) {
        const double x = value();
        if (!std::isfinite(x)) return {};
        const QLocale locale;
        return x <= 1 ? tr("GPTQ's proxy loss is %1 % of RTN's: GPTQ removes %2 % of the output error on the calibration set.")
                            .arg(locale.toString(100 * x, 'f', 1), locale.toString(100 * (1 - x), 'f', 1))
                      : tr("GPTQ's proxy loss is %1 times RTN's: worse than rounding to nearest here.").arg(locale.toString(x, 'f', 2));
    }
    return {};
}

QVariant GptqGainModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    const int run = section >= FirstRunColumn ? (section - FirstRunColumn) / ColumnsPerRun : -1;
    const int what = section >= FirstRunColumn ? (section - FirstRunColumn) % ColumnsPerRun : -1;
    if (role == Qt::DisplayRole) {
        if (section == LayerColumn) return tr("Layer");
        if (section == LinearColumn) return tr("Linear");
        const QString title = what == GptqLoss ? tr("GPTQ loss") : what == RtnLoss ? tr("RTN loss") : tr("GPTQ / RTN");
        return runs_.size() > 1 ? tr("%1: %2").arg(run_letter(run), title) : title;
    }
    if (role == Qt::ToolTipRole && what >= 0) {
        const QString name = QString::fromStdString(runs_[static_cast<size_t>(run)]->name);
        if (what == GptqLoss)
            return tr("%1\nGPTQ's proxy loss tr((W − Q) H (W − Q)ᵀ): the linear's output error on the calibration inputs "
                      "that GPTQ minimizes (H = 2/n Σ xᵀx).").arg(name);
        if (what == RtnLoss)
            return tr("%1\nThe same proxy loss for round to nearest with the same format, on the same Hessian.").arg(name);
        return tr("%1\nGPTQ's loss divided by RTN's: below 1, GPTQ's weight changes the output less.").arg(name);
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

void GptqGainModel::retranslate() {
    if (columnCount() > 0) emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    if (rowCount() > 0) emit dataChanged(index(0, LayerColumn), index(rowCount() - 1, LayerColumn), {Qt::DisplayRole});
}

}  // namespace rs::gui
