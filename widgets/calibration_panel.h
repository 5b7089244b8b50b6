// The "Calibration" dock: which text the census reads (a named corpus or a text file), how many
// windows of how many tokens, the seed that picks them, and, under "Advanced", the capture and
// massive-activation settings. It edits settings only; the window runs the census.
#pragma once
#include <QWidget>

#include "pipeline/analyze.h"

class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace rs::gui {

class CalibrationPanel : public QWidget {
    Q_OBJECT
public:
    explicit CalibrationPanel(QWidget* parent = nullptr);

    // corpus and census settings; the caller fills in model and backend.
    rs::AnalyzeConfig config() const;
    // Empty when config() can run; otherwise what to fix, as a sentence.
    QString problem() const;

    // A corpus name from the list, or the path of a text file (selects "Text file…").
    void set_corpus(const QString& name_or_path);
    QString corpus() const;
    bool uses_text_file() const;
    void set_windows(int windows);
    void set_ctx(int ctx);
    void set_seed(int seed);
    void set_capture_tokens(int tokens);
    void set_massive_thresholds(double abs, double ratio);
    void set_advanced_visible(bool visible);

    // Enables "Run census"; `why_not` becomes the tooltip of a disabled button.
    void set_run_enabled(bool enabled, const QString& why_not = {});

    QComboBox* corpus_combo() const { return corpus_combo_; }
    QSpinBox* windows_spin() const { return windows_; }
    QSpinBox* ctx_spin() const { return ctx_; }
    QSpinBox* seed_spin() const { return seed_; }
    QSpinBox* capture_tokens_spin() const { return capture_tokens_; }
    QDoubleSpinBox* massive_abs_spin() const { return massive_abs_; }
    QDoubleSpinBox* massive_ratio_spin() const { return massive_ratio_; }
    QPushButton* run_button() const { return run_; }

    void load_settings();
    void save_settings() const;

signals:
    void run_requested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void corpus_activated(int index);
    void choose_text_file();
    void update_text_file_row();
    void update_run_tooltip();

    QComboBox* corpus_combo_ = nullptr;
    QWidget* text_file_row_ = nullptr;
    QLineEdit* text_file_ = nullptr;
    QPushButton* browse_ = nullptr;
    QSpinBox* windows_ = nullptr;
    QSpinBox* ctx_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QToolButton* advanced_toggle_ = nullptr;
    QWidget* advanced_ = nullptr;
    QSpinBox* capture_window_ = nullptr;
    QSpinBox* capture_tokens_ = nullptr;
    QDoubleSpinBox* massive_abs_ = nullptr;
    QDoubleSpinBox* massive_ratio_ = nullptr;
    QPushButton* run_ = nullptr;
    QLabel* corpus_label_ = nullptr;
    QLabel* windows_label_ = nullptr;
    QLabel* ctx_label_ = nullptr;
    QLabel* seed_label_ = nullptr;
    QLabel* capture_window_label_ = nullptr;
    QLabel* capture_tokens_label_ = nullptr;
    QLabel* massive_abs_label_ = nullptr;
    QLabel* massive_ratio_label_ = nullptr;
    QString run_disabled_reason_;
    int last_named_corpus_ = 0;  // the combo row to go back to when the file picker is cancelled
};

}  // namespace rs::gui
