#include "census/massive_table_model.h"

#include <climits>
#include <cmath>
#include <limits>

#include "census/census_text.h"

namespace rs::gui {

MassiveTableModel::MassiveTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void MassiveTableModel::set_report(const CensusReport* report) {
    beginResetModel();
    rows_.clear();
    found_ = 0;
    if (report) {
        const Census& census = report->census;
        size_t n = 0;
        for (const SiteCensus& s : census.sites) n += s.massive.size();
        rows_.reserve(n);
        for (const SiteCensus& s : census.sites) {
            found_ += s.massive_count;
            for (const ActivationEntry& e : s.massive) {
                Row r;
                r.layer = s.layer;
                r.site = s.site;
                r.window = e.window;
                r.position = e.position;
                r.token = e.token;
                r.channel = e.channel;
                r.value = e.value;
                r.median = e.median;
                r.ratio = e.median > 0 ? std::fabs(static_cast<double>(e.value)) / e.median
                                       : std::numeric_limits<double>::infinity();
                r.text = token_label(census, e.window, e.position, e.token, 40);
                r.search = search_text(r);
                rows_.push_back(std::move(r));
            }
        }
    }
    endResetModel();
}

void MassiveTableModel::retranslate() {
    for (Row& r : rows_) r.search = search_text(r);
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!rows_.empty()) emit dataChanged(index(0, LayerColumn), index(rowCount() - 1, LayerColumn));
}

int MassiveTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int MassiveTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString MassiveTableModel::display(const Row& r, int column) const {
    switch (column) {
        case LayerColumn: return r.layer < 0 ? tr("LM head") : QString::number(r.layer);
        case SiteColumn: return site_id(r.site);
        case WindowColumn: return QString::number(r.window);
        case PositionColumn: return QString::number(r.position);
        case TokenColumn: return r.text;
        case ChannelColumn: return QString::number(r.channel);
        case ValueColumn: return format_number(r.value);
        case MedianColumn: return format_number(r.median);
        case RatioColumn: return std::isfinite(r.ratio) ? QString::number(r.ratio, 'f', 0) : QStringLiteral("∞");
        default: return QString();
    }
}

QString MassiveTableModel::search_text(const Row& r) const {
    QStringList parts;
    for (int c = 0; c < ColumnCount; ++c) parts << display(r, c);
    return parts.join(QLatin1Char('\n')).toLower();
}

QVariant MassiveTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = rows_[static_cast<size_t>(index.row())];
    const int column = index.column();
    switch (role) {
        case Qt::DisplayRole: return display(r, column);
        case Qt::ToolTipRole:
            if (column == TokenColumn) return tr("token id %1: “%2”").arg(r.token).arg(r.text);
            if (column == RatioColumn) return tr("|value| / median of |x| over the hidden state it was found in");
            return {};
        case Qt::TextAlignmentRole:
            if (column == SiteColumn || column == TokenColumn) return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        case SortRole:
            switch (column) {
                // The LM head reads after the last block.
                case LayerColumn: return r.layer < 0 ? INT_MAX : r.layer;
                case SiteColumn: return static_cast<int>(r.site);
                case WindowColumn: return r.window;
                case PositionColumn: return r.position;
                case TokenColumn: return r.text;
                case ChannelColumn: return r.channel;
                case ValueColumn: return static_cast<double>(r.value);
                case MedianColumn: return static_cast<double>(r.median);
                case RatioColumn: return r.ratio;
                default: return {};
            }
        case SiteRole: return static_cast<int>(r.site);
        case SearchRole: return r.search;
        default: return {};
    }
}

QVariant MassiveTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
            case LayerColumn: return tr("Layer");
            case SiteColumn: return tr("Site");
            case WindowColumn: return tr("Window");
            case PositionColumn: return tr("Position");
            case TokenColumn: return tr("Token");
            case ChannelColumn: return tr("Channel");
            case ValueColumn: return tr("Value");
            case MedianColumn: return tr("Median |x|");
            case RatioColumn: return tr("|Value| / median");
            default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case WindowColumn: return tr("Calibration window the value was seen in");
            case PositionColumn: return tr("Token position in that window");
            case MedianColumn: return tr("Median |x| of the hidden state (all tokens and channels of the window)");
            default: return {};
        }
    }
    return {};
}

MassiveFilterProxy::MassiveFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(MassiveTableModel::SortRole);
}

void MassiveFilterProxy::set_text(const QString& text) {
    const QStringList words = text.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words == words_) return;
    words_ = words;
    invalidateFilter();
}

void MassiveFilterProxy::set_site(int site) {
    if (site == site_) return;
    site_ = site;
    invalidateFilter();
}

bool MassiveFilterProxy::filterAcceptsRow(int source_row, const QModelIndex& source_parent) const {
    const QModelIndex i = sourceModel()->index(source_row, 0, source_parent);
    if (site_ >= 0 && i.data(MassiveTableModel::SiteRole).toInt() != site_) return false;
    if (words_.isEmpty()) return true;
    const QString search = i.data(MassiveTableModel::SearchRole).toString();
    for (const QString& w : words_)
        if (!search.contains(w)) return false;
    return true;
}

}  // namespace rs::gui
