// The format lab, a teaching tool: one block of real values (a weight row of the model, values
// another view hands over such as a captured activation row, or numbers typed in) goes through one
// number format step by step: the format's grid of representable values at the block's scale on a
// number line with the values and where they round to, how the scale was chosen, a per-element
// table (value, scaled value, code, dequantized value, error) and the block's error summary.
// Every number comes from rs::quant::fake_quant on the block.
#pragma once
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

#include "format_lab/lab_block.h"
#include "model/model.h"

class QComboBox;
class QCPGraph;
class QCPItemLine;
class QCPItemText;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStackedWidget;
class QTableWidget;

namespace rs::gui {

class ExplanationLabel;

class FormatLab : public QWidget {
    Q_OBJECT
public:
    enum Source { WeightSource, GivenSource, TypedSource };
    enum Column { IndexColumn, ValueColumn, ScaledColumn, CodeColumn, DequantColumn, ErrorColumn, ColumnCount };

    explicit FormatLab(QWidget* parent = nullptr);
    ~FormatLab() override;

    // The weights source (null: no model; the weight source is then unavailable). A model given
    // while the typed values are shown switches to its weights.
    void set_model(std::shared_ptr<const Model> model);
    // Values to take blocks from, e.g. a captured activation row; switches to them.
    void set_values(const std::vector<float>& values, const QString& source_label);

    void set_source(Source source);  // ignored when that source has nothing
    Source source() const;
    // Weight source: layer (ignored for the LM head), role, row of W [out, in]; block index along the row.
    void select_weight(int layer, Role role, int row);
    void set_block_index(int block);
    // A format string ("mxfp4", "int4:asym", ...), as if typed into the spec field.
    void set_format(const QString& spec);

    // The block last quantized; nullopt while the format string or the typed values are invalid.
    const std::optional<LabBlock>& block() const { return block_; }

    QComboBox* source_combo() const { return source_combo_; }
    QSpinBox* layer_spin() const { return layer_spin_; }
    QComboBox* role_combo() const { return role_combo_; }
    QSpinBox* row_spin() const { return row_spin_; }
    QLineEdit* typed_edit() const { return typed_edit_; }
    QSpinBox* block_spin() const { return block_spin_; }
    QComboBox* format_combo() const { return format_combo_; }
    QLineEdit* spec_edit() const { return spec_edit_; }
    QSpinBox* group_spin() const { return group_spin_; }
    // The inline error under the source and format controls; hidden when all is well.
    QLabel* error_label() const { return error_; }
    QCustomPlot* plot() const { return plot_; }
    // The number line: one point at y = 0 per distinct representable value (times the scale),
    // the block's values at y = 1 and their dequantized values at y = 0.
    QCPGraph* grid_graph() const { return grid_; }
    QCPGraph* value_graph() const { return values_; }
    QCPGraph* rounded_graph() const { return rounded_; }
    QLabel* scale_label() const { return scale_text_; }
    // One row per block element (padding included); Qt::UserRole holds the exact number (the code
    // in CodeColumn).
    QTableWidget* table() const { return table_; }
    QLabel* summary_label() const { return summary_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void build_format_combo();
    void on_source_picked();
    void on_format_picked();
    void on_spec_edited();
    void on_weight_picked();
    void update_availability();
    void recompute();
    void show_error(const QString& text);
    void draw(const LabBlock& b);
    void fill_table(const LabBlock& b, int first_column);
    // The source values and, for NVFP4, the tensor amax and its name; false with the error shown.
    bool source_values(std::vector<float>& values, float& tensor_amax, QString& tensor_name);

    std::shared_ptr<const Model> model_;
    std::vector<float> given_;
    QString given_label_;
    std::optional<LabBlock> block_;
    std::optional<quant::FormatSpec> spec_;
    // max |W| of the weight shown, which NVFP4's tensor scale needs; cached per linear.
    const Linear* amax_of_ = nullptr;
    float weight_amax_ = 0;
    bool updating_ = false;

    ExplanationLabel* explanation_ = nullptr;
    QLabel* source_label_ = nullptr;
    QComboBox* source_combo_ = nullptr;
    QStackedWidget* source_stack_ = nullptr;
    QLabel* layer_label_ = nullptr;
    QSpinBox* layer_spin_ = nullptr;
    QLabel* role_label_ = nullptr;
    QComboBox* role_combo_ = nullptr;
    QLabel* row_label_ = nullptr;
    QSpinBox* row_spin_ = nullptr;
    QLabel* given_info_ = nullptr;
    QLineEdit* typed_edit_ = nullptr;
    QLabel* block_label_ = nullptr;
    QSpinBox* block_spin_ = nullptr;
    QLabel* block_info_ = nullptr;
    QLabel* format_label_ = nullptr;
    QComboBox* format_combo_ = nullptr;
    QLabel* spec_label_ = nullptr;
    QLineEdit* spec_edit_ = nullptr;
    QLabel* group_label_ = nullptr;
    QSpinBox* group_spin_ = nullptr;
    QLabel* error_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPGraph* grid_ = nullptr;
    QCPGraph* values_ = nullptr;
    QCPGraph* rounded_ = nullptr;
    std::vector<QCPItemLine*> links_;  // value -> rounded value, one per element
    QCPItemText* message_ = nullptr;
    QLabel* scale_text_ = nullptr;
    QTableWidget* table_ = nullptr;
    QLabel* summary_ = nullptr;
};

}  // namespace rs::gui
