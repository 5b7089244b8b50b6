// The outlier measures of a rotation fit as a table: one row per layer and R1 site (the q/k/v
// and gate/up inputs), each measure under the start and under the fitted rotation side by side.
#pragma once
#include <QAbstractTableModel>
#include <vector>

#include "fit/r1_site_measures.h"

namespace rs::gui {

class FitSitesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        LayerColumn,
        SiteColumn,
        RatioStartColumn,
        RatioFittedColumn,
        KurtosisStartColumn,
        KurtosisFittedColumn,
        ErrorStartColumn,
        ErrorFittedColumn,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole;  // the number itself (double), or the site's name

    explicit FitSitesModel(QObject* parent = nullptr);

    // Pairs start[i] with fitted[i] (the fit result's two lists, same order); unequal lengths
    // show the common prefix.
    void set_measures(std::vector<R1SiteMeasure> start, std::vector<R1SiteMeasure> fitted);
    void clear();

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void retranslate();

private:
    std::vector<R1SiteMeasure> start_, fitted_;
};

}  // namespace rs::gui
