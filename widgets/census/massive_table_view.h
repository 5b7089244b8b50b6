// Tab 6: every massive activation the census listed, in a sortable, filterable table. Clicking a
// row asks for its cell on the heatmap (entry_activated).
#pragma once
#include <QWidget>

#include "report/census_report.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QModelIndex;
class QTableView;

namespace rs::gui {

class ExplanationLabel;
class MassiveFilterProxy;
class MassiveTableModel;

class MassiveTableView : public QWidget {
    Q_OBJECT
public:
    explicit MassiveTableView(QWidget* parent = nullptr);

    void set_report(const CensusReport* report);  // not owned; nullptr clears

    QTableView* table() const { return table_; }
    MassiveTableModel* model() const { return model_; }
    MassiveFilterProxy* proxy() const { return proxy_; }
    QLineEdit* filter_edit() const { return filter_; }
    // "All sites" (data -1), then every site (data int(CensusSite)).
    QComboBox* site_filter() const { return site_filter_; }
    // Above the table: a summary, or why the table is empty (with the census thresholds).
    QLabel* hint_label() const { return hint_; }

signals:
    // A row was clicked or activated (Enter, double click): the entry's site and cell. Emitted
    // once per click and again on activation; showing the same cell twice is harmless.
    void entry_activated(int layer, rs::CensusSite site, int window, int position, int channel);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void update_hint();
    void on_row(const QModelIndex& proxy_index);

    const CensusReport* report_ = nullptr;
    ExplanationLabel* explanation_ = nullptr;
    QLabel* filter_label_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QLabel* site_label_ = nullptr;
    QComboBox* site_filter_ = nullptr;
    QLabel* hint_ = nullptr;
    QTableView* table_ = nullptr;
    MassiveTableModel* model_ = nullptr;
    MassiveFilterProxy* proxy_ = nullptr;
};

}  // namespace rs::gui
