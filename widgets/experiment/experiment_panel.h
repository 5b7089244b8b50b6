// The "Experiment" dock: which rotations (R1–R4, each with its own kind and block size), whether
// to smooth first, which number formats for weights, activations and KV cache, how the weights are
// quantized (round to nearest, or GPTQ with its options and calibration set), which seeds, and
// on which tokens to evaluate. Like the calibration dock it edits settings only; the window runs
// what it describes. Anything that would make the run fail (a malformed format, a block size the
// loaded model cannot take) disables Run and says why, before any work starts.
#pragma once
#include <QWidget>
#include <array>
#include <optional>
#include <vector>

#include "experiment/recipe.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace rs::gui {

class TaskPicker;

class ExperimentPanel : public QWidget {
    Q_OBJECT
public:
    enum Placement { R1, R2, R3, R4, PlacementCount };
    enum Operand { Weights, Activations, KvCache, OperandCount };

    explicit ExperimentPanel(QWidget* parent = nullptr);

    // The recipe the widgets describe, random rotations seeded with the first seed.
    // Meaningful only when problem() is empty.
    rs::Recipe recipe() const;
    // What "Run recipe" runs: recipe() once, or once per seed when a rotation is random; with
    // eval_settings() and gptq_calibration().
    rs::RecipeMatrix matrix() const;
    rs::EvalSettings eval_settings() const;
    // GPTQ's calibration set (RecipeMatrix::gptq_calibration); corpus "" = the default one.
    rs::CalibrationSettings gptq_calibration() const;
    // The seeds of the seeds field ("0, 1, 2"); empty when it does not parse.
    std::vector<uint64_t> seeds() const;
    // Empty when recipe() can run; otherwise what to fix, as one sentence.
    QString problem() const;

    // With a model, problem() also checks the recipe against its shapes (rs::validate_recipe).
    void set_model_config(std::optional<rs::ModelConfig> config);

    // Setters for the window, the tests and the saved settings.
    // `path`: the file of a kind that takes one (a fitted or learned rotation, "file:PATH").
    void set_placement(Placement p, bool on, rs::RotationKind kind, int block = 32, const QString& path = {});
    void set_format(Operand o, bool on, const QString& spec);  // spec: "int4:token", "mxfp4", ...
    void set_seeds(const QString& text);
    void set_smoothing(bool on, double alpha, bool down, bool attn, bool mlp);
    void set_eval(const QString& corpus, int ctx, int windows, int probe_tokens);
    // The weight method and GPTQ's options (ignored, but kept, for RTN).
    void set_weight_method(rs::WeightMethod method, const rs::GptqOptions& options = {});
    void set_gptq_calibration(const rs::CalibrationSettings& calibration);
    // Copies R1's kind and block size to R2 and R4 and switches the three on.
    void apply_same_rotation_preset();

    // Enables the run buttons; `why_not` (no model, a job running) wins over problem().
    void set_run_enabled(bool enabled, const QString& why_not = {});

    QCheckBox* placement_check(Placement p) const { return rows_[p].check; }
    QComboBox* kind_combo(Placement p) const { return rows_[p].kind; }
    QSpinBox* block_spin(Placement p) const { return rows_[p].block; }
    QCheckBox* format_check(Operand o) const { return formats_[o].check; }
    QComboBox* format_combo(Operand o) const { return formats_[o].name; }
    QLineEdit* format_options(Operand o) const { return formats_[o].options; }
    QLabel* format_error(Operand o) const { return formats_[o].error; }
    QLineEdit* seeds_edit() const { return seeds_; }
    QCheckBox* smooth_check() const { return smooth_; }
    QDoubleSpinBox* alpha_spin() const { return alpha_; }
    QComboBox* corpus_combo() const { return corpus_; }
    QSpinBox* ctx_spin() const { return ctx_; }
    QSpinBox* windows_spin() const { return windows_; }
    QSpinBox* probe_spin() const { return probe_; }
    TaskPicker* task_picker() const { return tasks_; }
    QComboBox* method_combo() const { return method_; }
    // The GPTQ options and calibration widgets (hidden unless the method is GPTQ).
    QGroupBox* gptq_options() const { return gptq_box_; }
    QDoubleSpinBox* gptq_damp_spin() const { return gptq_damp_; }
    QSpinBox* gptq_block_spin() const { return gptq_block_; }
    QCheckBox* gptq_act_order_check() const { return gptq_act_order_; }
    QCheckBox* gptq_static_groups_check() const { return gptq_static_groups_; }
    QCheckBox* gptq_true_sequential_check() const { return gptq_true_sequential_; }
    QComboBox* gptq_corpus_combo() const { return gptq_corpus_; }
    QSpinBox* gptq_windows_spin() const { return gptq_windows_; }
    QSpinBox* gptq_ctx_spin() const { return gptq_ctx_; }
    QSpinBox* gptq_seed_spin() const { return gptq_seed_; }
    QPushButton* run_button() const { return run_; }
    QPushButton* run_matrix_button() const { return run_matrix_; }
    QPushButton* rotated_census_button() const { return rotated_census_; }
    QLabel* problem_label() const { return problem_label_; }

    void load_settings();
    void save_settings() const;

signals:
    void run_requested();
    void run_matrix_requested(const QString& path);
    void rotated_census_requested();

protected:
    void changeEvent(QEvent* event) override;

private:
    struct PlacementRow {
        QCheckBox* check = nullptr;
        QComboBox* kind = nullptr;
        QSpinBox* block = nullptr;
        QLineEdit* path = nullptr;      // the file of a kind that takes one
        QToolButton* browse = nullptr;
    };
    struct FormatRow {
        QCheckBox* check = nullptr;
        QComboBox* name = nullptr;
        QLineEdit* options = nullptr;
        QLabel* error = nullptr;
    };

    void retranslate();
    void update_state();
    void choose_matrix_file();
    void choose_rotation_file(Placement p);
    // The spec text of a format row ("int4:token"), and its parse error ("" when it parses).
    QString format_text(Operand o) const;
    QString format_problem(Operand o) const;
    rs::RotationSpec placement_spec(Placement p, uint64_t seed) const;
    bool placement_on(Placement p) const;
    bool any_random_placement() const;
    rs::WeightMethod weight_method() const;
    rs::GptqOptions gptq_options_value() const;

    std::array<PlacementRow, PlacementCount> rows_;
    std::array<FormatRow, OperandCount> formats_;
    QGroupBox* rotation_box_ = nullptr;
    QGroupBox* smooth_box_ = nullptr;
    QGroupBox* format_box_ = nullptr;
    QGroupBox* eval_box_ = nullptr;
    QGroupBox* method_box_ = nullptr;
    QLabel* method_label_ = nullptr;
    QComboBox* method_ = nullptr;
    QGroupBox* gptq_box_ = nullptr;
    QLabel* gptq_damp_label_ = nullptr;
    QDoubleSpinBox* gptq_damp_ = nullptr;
    QLabel* gptq_block_label_ = nullptr;
    QSpinBox* gptq_block_ = nullptr;
    QCheckBox* gptq_act_order_ = nullptr;
    QCheckBox* gptq_static_groups_ = nullptr;
    QCheckBox* gptq_true_sequential_ = nullptr;
    QLabel* gptq_calibration_label_ = nullptr;
    QLabel* gptq_corpus_label_ = nullptr;
    QComboBox* gptq_corpus_ = nullptr;
    QLabel* gptq_windows_label_ = nullptr;
    QSpinBox* gptq_windows_ = nullptr;
    QLabel* gptq_ctx_label_ = nullptr;
    QSpinBox* gptq_ctx_ = nullptr;
    QLabel* gptq_seed_label_ = nullptr;
    QSpinBox* gptq_seed_ = nullptr;
    QPushButton* same_preset_ = nullptr;
    QCheckBox* smooth_ = nullptr;
    QDoubleSpinBox* alpha_ = nullptr;
    QCheckBox* smooth_down_ = nullptr;
    QCheckBox* smooth_attn_ = nullptr;
    QCheckBox* smooth_mlp_ = nullptr;
    QLabel* alpha_label_ = nullptr;
    QLabel* seeds_label_ = nullptr;
    QLineEdit* seeds_ = nullptr;
    QLabel* corpus_label_ = nullptr;
    QComboBox* corpus_ = nullptr;
    QLabel* ctx_label_ = nullptr;
    QSpinBox* ctx_ = nullptr;
    QLabel* windows_label_ = nullptr;
    QSpinBox* windows_ = nullptr;
    QLabel* probe_label_ = nullptr;
    QSpinBox* probe_ = nullptr;
    TaskPicker* tasks_ = nullptr;
    QLabel* problem_label_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* run_matrix_ = nullptr;
    QPushButton* rotated_census_ = nullptr;
    std::optional<rs::ModelConfig> model_config_;
    bool run_allowed_ = false;
    QString run_disabled_reason_;
};

}  // namespace rs::gui
