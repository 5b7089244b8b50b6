// The "Experiments" tab: the results table on top (sortable; select rows to compare them) and,
// below a splitter, the error histograms of the selected runs for one linear. The buttons ask
// the window to export or clear; the view itself runs nothing.
#pragma once
#include <QWidget>
#include <memory>
#include <vector>

#include "pipeline/quantize.h"

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;

namespace rs::gui {

class ErrorHistogramView;
class ExplanationLabel;
class ResultsTableModel;

class ExperimentView : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentView(QWidget* parent = nullptr);

    void append_run(std::shared_ptr<const rs::RunResult> run);
    void set_runs(std::vector<std::shared_ptr<const rs::RunResult>> runs);
    void clear();
    // One line over the table: what the runs are compared with ("unquantized: PPL 12.3 on …").
    void set_reference_text(const QString& text);

    // Indices into results()->runs() of the selected rows, in table order.
    QList<int> selected_runs() const;
    void select_runs(const QList<int>& run_indices);

    ResultsTableModel* results() const { return results_; }
    QSortFilterProxyModel* proxy() const { return proxy_; }
    QTableView* table_view() const { return table_; }
    ErrorHistogramView* histograms() const { return histograms_; }
    QPushButton* export_csv_button() const { return export_csv_; }
    QPushButton* export_report_button() const { return export_report_; }
    QPushButton* clear_button() const { return clear_; }
    QLabel* reference_label() const { return reference_; }

signals:
    void export_csv_requested();
    void export_report_requested();
    void runs_changed();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void runs_updated();
    void selection_updated();

    ResultsTableModel* results_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    ExplanationLabel* explanation_ = nullptr;
    QLabel* reference_ = nullptr;
    QString reference_text_;
    QTableView* table_ = nullptr;
    QSplitter* splitter_ = nullptr;
    ErrorHistogramView* histograms_ = nullptr;
    QPushButton* export_csv_ = nullptr;
    QPushButton* export_report_ = nullptr;
    QPushButton* clear_ = nullptr;
};

}  // namespace rs::gui
