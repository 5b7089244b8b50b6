// The "Matrix" view of the results: pick the row and column fields of the recipes (rotation ×
// formats by default), the metric, and whether the weight method splits each column; the cells
// show mean ± std over the runs falling into them, coloured from best (green) to worst (orange).
// Export PNG… and Export CSV… ask the window for a file; save_png() and the model's csv() write.
#pragma once
#include <QWidget>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace rs {
struct RunResult;
}

namespace rs::gui {

class ExplanationLabel;
class ResultsMatrixModel;

class ResultsMatrixView : public QWidget {
    Q_OBJECT
public:
    explicit ResultsMatrixView(QWidget* parent = nullptr);

    void set_runs(std::vector<std::shared_ptr<const RunResult>> runs);

    // The matrix as a picture: a title line (metric, fields) over the whole table, every row and
    // column (not just the visible part), at twice the screen resolution. False when it cannot
    // be written.
    bool save_png(const QString& path) const;
    QImage render_image(qreal scale = 2.0) const;

    ResultsMatrixModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    QComboBox* row_combo() const { return rows_; }
    QComboBox* column_combo() const { return columns_; }
    QComboBox* metric_combo() const { return metric_; }
    QCheckBox* split_check() const { return split_; }
    QPushButton* export_png_button() const { return export_png_; }
    QPushButton* export_csv_button() const { return export_csv_; }
    QLabel* note_label() const { return note_; }

signals:
    void export_png_requested();
    void export_csv_requested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void apply_choices();
    void update_state();
    QString title_text() const;

    ResultsMatrixModel* model_ = nullptr;
    ExplanationLabel* explanation_ = nullptr;
    QLabel* rows_label_ = nullptr;
    QComboBox* rows_ = nullptr;
    QLabel* columns_label_ = nullptr;
    QComboBox* columns_ = nullptr;
    QLabel* metric_label_ = nullptr;
    QComboBox* metric_ = nullptr;
    QCheckBox* split_ = nullptr;
    QPushButton* export_png_ = nullptr;
    QPushButton* export_csv_ = nullptr;
    QLabel* note_ = nullptr;
    QTableView* table_ = nullptr;
};

}  // namespace rs::gui
