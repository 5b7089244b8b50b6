// The massive activations of a census as a table: one row per listed entry of every site, and a
// proxy that filters by text and site and sorts by the numbers themselves (SortRole).
#pragma once
#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <vector>

#include "report/census_report.h"

namespace rs::gui {

class MassiveTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        LayerColumn,
        SiteColumn,
        WindowColumn,
        PositionColumn,
        TokenColumn,
        ChannelColumn,
        ValueColumn,
        MedianColumn,
        RatioColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole,  // a number (double) for numeric columns, the text otherwise
        SiteRole,                 // int(CensusSite) of the row, any column
        SearchRole,               // lower-case text of the whole row, for the filter
    };

    struct Row {
        int layer = 0;  // -1 for the LM head
        CensusSite site = CensusSite::AttnIn;
        int window = 0, position = 0, token = 0, channel = 0;
        float value = 0, median = 0;
        double ratio = 0;  // |value| / median; +inf when the median is 0
        QString text;      // the token, whitespace made visible
        QString search;
    };

    explicit MassiveTableModel(QObject* parent = nullptr);

    // Lists every ActivationEntry of every SiteCensus::massive (not owned; nullptr empties).
    void set_report(const CensusReport* report);
    const Row& row(int r) const { return rows_[static_cast<size_t>(r)]; }
    // Massive values found in all, listed or not (the census keeps at most max_massive_per_site
    // per site).
    uint64_t found() const { return found_; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Re-emits headers and cells whose text is translated.
    void retranslate();

private:
    QString display(const Row& row, int column) const;
    QString search_text(const Row& row) const;

    std::vector<Row> rows_;
    uint64_t found_ = 0;
};

// Sorts by MassiveTableModel::SortRole; keeps rows whose SearchRole contains every word of the
// filter text (case-insensitive) and, when a site is chosen, rows of that site.
class MassiveFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit MassiveFilterProxy(QObject* parent = nullptr);
    void set_text(const QString& text);
    // -1: every site; otherwise int(CensusSite).
    void set_site(int site);

protected:
    bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;

private:
    QStringList words_;
    int site_ = -1;
};

}  // namespace rs::gui
