#include "fitting/fit_sites_model.h"

#include <QLocale>
#include <algorithm>

#include "model/roles.h"

namespace rs::gui {

FitSitesModel::FitSitesModel(QObject* parent) : QAbstractTableModel(parent) {}

void FitSitesModel::set_measures(std::vector<R1SiteMeasure> start, std::vector<R1SiteMeasure> fitted) {
    beginResetModel();
    const size_t n = std::min(start.size(), fitted.size());
    start.resize(n);
    fitted.resize(n);
    start_ = std::move(start);
    fitted_ = std::move(fitted);
    endResetModel();
}

void FitSitesModel::clear() { set_measures({}, {}); }

int FitSitesModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(start_.size()); }

int FitSitesModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant FitSitesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) return {};
    const R1SiteMeasure& a = start_[static_cast<size_t>(index.row())];
    const R1SiteMeasure& b = fitted_[static_cast<size_t>(index.row())];
    const auto number = [&]() -> double {
        switch (index.column()) {
            case RatioStartColumn: return a.max_over_median;
            case RatioFittedColumn: return b.max_over_median;
            case KurtosisStartColumn: return a.kurtosis;
            case KurtosisFittedColumn: return b.kurtosis;
            case ErrorStartColumn: return a.quant_error;
            case ErrorFittedColumn: return b.quant_error;
            default: return a.layer;
        }
    };
    if (role == Qt::TextAlignmentRole)
        return index.column() == SiteColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (index.column() == SiteColumn) {
        if (role == Qt::DisplayRole || role == SortRole) return QString::fromLatin1(input_traits(a.site).name);
        return {};
    }
    if (role == SortRole) return number();
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    const QLocale locale;
    switch (index.column()) {
        case LayerColumn: return QString::number(a.layer);
        case RatioStartColumn:
        case RatioFittedColumn: return locale.toString(number(), 'f', 1);
        case KurtosisStartColumn:
        case KurtosisFittedColumn: return locale.toString(number(), 'f', 2);
        default: return locale.toString(number(), 'g', 4);
    }
}

QVariant FitSitesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
            case LayerColumn: return tr("Layer");
            case SiteColumn: return tr("Site");
            case RatioStartColumn: return tr("max/median, start");
            case RatioFittedColumn: return tr("max/median, fitted");
            case KurtosisStartColumn: return tr("Kurtosis, start");
            case KurtosisFittedColumn: return tr("Kurtosis, fitted");
            case ErrorStartColumn: return tr("Format error, start");
            case ErrorFittedColumn: return tr("Format error, fitted");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case RatioStartColumn:
            case RatioFittedColumn: return tr("Largest |x| over the median |x| of the site's activations (after R1): outliers.");
            case KurtosisStartColumn:
            case KurtosisFittedColumn: return tr("Kurtosis of the site's activations after R1 (3 for a Gaussian).");
            case ErrorStartColumn:
            case ErrorFittedColumn: return tr("‖x − Q(x)‖² / ‖x‖²: the share of the activations' energy the format loses.");
        }
    }
    return {};
}

void FitSitesModel::retranslate() {
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

}  // namespace rs::gui
