// The "Experiments" tab: the results table on top (sortable; select rows to compare them) and,
// below a splitter, three tabs on the same runs: the error histograms of the selected runs for one
// linear, GPTQ's gain over RTN per linear for the selected GPTQ run(s), and the matrix of two
// recipe fields × one metric over every run. The buttons ask the window to export or clear; the
// view itself runs nothing.
#pragma once
#include <QWidget>
#include <memory>
#include <vector>

#include "pipeline/quantize.h"

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QCustomPlot;
class QSplitter;
class QTabWidget;
class QTableView;

namespace rs::gui {

class ErrorHistogramView;
class ExplanationLabel;
class GptqGainView;
class ResultsMatrixView;
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
    GptqGainView* gptq_gain() const { return gain_; }
    ResultsMatrixView* matrix() const { return matrix_; }
    // The tabs under the table: HistogramsTab, GptqGainTab, MatrixTab.
    enum DetailTab { HistogramsTab, GptqGainTab, MatrixTab };
    QTabWidget* detail_tabs() const { return details_; }
    // The plot of the detail tab shown (null for the matrix, which exports itself).
    QCustomPlot* current_plot() const;
    QPushButton* export_csv_button() const { return export_csv_; }
    QPushButton* export_report_button() const { return export_report_; }
    // Exports the selected run's quantized model (enabled with exactly one run selected).
    QPushButton* export_model_button() const { return export_model_; }
    QPushButton* clear_button() const { return clear_; }
    QLabel* reference_label() const { return reference_; }

signals:
    void export_csv_requested();
    void export_report_requested();
    void export_model_requested();
    void selected_runs_changed();
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
    QTabWidget* details_ = nullptr;
    ErrorHistogramView* histograms_ = nullptr;
    GptqGainView* gain_ = nullptr;
    ResultsMatrixView* matrix_ = nullptr;
    QPushButton* export_csv_ = nullptr;
    QPushButton* export_report_ = nullptr;
    QPushButton* export_model_ = nullptr;
    QPushButton* clear_ = nullptr;
};

}  // namespace rs::gui
