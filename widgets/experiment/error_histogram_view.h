// Compares the quantization-error histograms of two or more runs for one linear: one step curve
// per run over the same x unit (error / RMS of the unquantized tensor, which an orthogonal
// rotation does not change), a table of each run's error figures, and under it the output SQNR
// of that kind of linear across the layers. The view only reads RunResults; it runs nothing.
#pragma once
#include <QList>
#include <QWidget>
#include <memory>
#include <utility>
#include <vector>

#include "model/model.h"

class QCheckBox;
class QComboBox;
class QCPGraph;
class QCPItemText;
class QCustomPlot;
class QLabel;
class QSplitter;
class QTableWidget;

namespace rs {
struct RunResult;
struct LinearError;
}  // namespace rs

namespace rs::gui {

class ExplanationLabel;
class SqnrLayerView;

class ErrorHistogramView : public QWidget {
    Q_OBJECT
public:
    enum Column { RunColumn, RmsColumn, RelErrorColumn, MaxErrorColumn, BelowColumn, AboveColumn,
                  OutputRelErrorColumn, OutputSqnrColumn, ColumnCount };

    explicit ErrorHistogramView(QWidget* parent = nullptr);
    ~ErrorHistogramView() override;

    // Every run that may be compared. The selection keeps the indices still in range; when none
    // is left, every run is selected.
    void set_runs(std::vector<std::shared_ptr<const RunResult>> runs);
    // Indices into the runs to overlay, in legend order; out-of-range and repeated ones are dropped.
    void set_selected(const QList<int>& run_indices);
    QList<int> selected() const { return selected_; }
    // Picks a linear (layer -1: the LM head). A linear no selected run probed is remembered and
    // picked as soon as one does.
    void select_linear(int layer, Role role);
    int layer() const;
    Role role() const;
    // The (layer, role) pairs of the selector: every linear that at least one selected run probed,
    // layers ascending with the LM head last, roles in Role order.
    const std::vector<std::pair<int, Role>>& linears() const { return linears_; }

    // false: the error of the linear's input (activation quantization); true: of its weight.
    void set_weight_error(bool weight);
    bool weight_error() const;
    void set_log_y(bool log);

    QComboBox* layer_combo() const { return layer_combo_; }
    QComboBox* role_combo() const { return role_combo_; }
    QComboBox* tensor_combo() const { return tensor_combo_; }
    QCheckBox* log_y_check() const { return log_y_; }
    QCustomPlot* plot() const { return plot_; }
    // One step curve (lsStepCenter) per selected run, in selection order: the bin centres
    // -kRange + (i + 0.5)·2·kRange/kBins as keys and the counts as values, every bin. Empty when
    // the run did not probe the linear or left the tensor unquantized (every error 0).
    QCPGraph* run_graph(int i) const;
    int run_graph_count() const;
    // The centred text over the plot; hidden when there are curves to see.
    QCPItemText* plot_message() const { return message_; }
    // One row per selected run, columns as in Column.
    QTableWidget* table() const { return table_; }
    SqnrLayerView* sqnr_view() const { return sqnr_; }
    ExplanationLabel* explanation() const { return explanation_; }
    // Plot, table and SQNR plot, top to bottom.
    QSplitter* splitter() const { return splitter_; }

signals:
    void linear_changed(int layer, Role role);

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslate();
    void refill_selectors();
    void fill_roles();
    void on_layer_picked();
    void on_role_picked();
    void rebuild();
    // The table's height for all its rows (a handful of runs need no scroll bar).
    void update_table_height();
    // Until the user moves a handle: the table its rows (at most a quarter), and the rest split
    // between the histogram and the SQNR plot.
    void fit_splitter();
    const LinearError* find(const RunResult& run) const;
    std::vector<std::shared_ptr<const RunResult>> selected_runs() const;

    std::vector<std::shared_ptr<const RunResult>> runs_;
    QList<int> selected_;
    std::vector<std::pair<int, Role>> linears_;
    // What the user (or select_linear) asked for; the combos show it when it is available.
    int wanted_layer_ = 0;
    Role wanted_role_ = Role::AttnQ;
    // The linear last announced by linear_changed.
    std::pair<int, Role> shown_{-2, Role::AttnQ};
    bool updating_ = false;

    ExplanationLabel* explanation_ = nullptr;
    QLabel* layer_label_ = nullptr;
    QComboBox* layer_combo_ = nullptr;
    QLabel* role_label_ = nullptr;
    QComboBox* role_combo_ = nullptr;
    QLabel* tensor_label_ = nullptr;
    QComboBox* tensor_combo_ = nullptr;
    QCheckBox* log_y_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPItemText* message_ = nullptr;
    std::vector<QCPGraph*> graphs_;
    QTableWidget* table_ = nullptr;
    SqnrLayerView* sqnr_ = nullptr;
    QSplitter* splitter_ = nullptr;
    int table_wanted_height_ = 0;
    bool user_sized_ = false;
};

}  // namespace rs::gui
