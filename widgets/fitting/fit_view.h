// The rotation-fitting view: the settings of a fit (DFRot's Procrustes refinement or SpinQuant's
// Cayley SGD, the format it is fitted for, block structure, steps, calibration), the loss curve
// drawn live while it runs (one point per round or step), and when it is done the per-site
// outlier measures of the start and of the fitted R1 side by side. The window runs the fit
// (rs::run_fit) on its worker; the result can be saved as a fit report and put into the
// experiment panel as R1 (and R2).
#pragma once
#include <QWidget>
#include <memory>
#include <optional>

#include "experiment/fit_config.h"
#include "report/fit_report.h"

class QCPGraph;
class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace rs::gui {

class FitSitesModel;

class FitView : public QWidget {
    Q_OBJECT
public:
    explicit FitView(QWidget* parent = nullptr);
    ~FitView() override;

    // The fit the form describes (model and backend are the window's); nullopt with `problem`
    // set (one translated line) when a field is invalid. Checks that need no model only.
    std::optional<FitConfig> config(QString* problem = nullptr) const;
    // Fills the form (from an opened fit report, or a test).
    void set_config(const FitConfig& c);

    // Whether Run may start (a model is loaded, no job runs), and why not.
    void set_run_enabled(bool enabled, const QString& why_not = QString());
    // A fit starts: the curve and the table are cleared.
    void begin_fit();
    // One point of the live curve: the loss after round or step `step`.
    void add_loss_point(int step, double loss);
    // The finished fit (or an opened report): the curve from its whole history, the site table,
    // the summary; Save is enabled. `saved_path` is where it is on disk ("" while unsaved).
    void set_result(std::shared_ptr<const FitReport> report, const QString& saved_path = QString());
    const std::shared_ptr<const FitReport>& result() const { return result_; }
    QString saved_path() const { return saved_path_; }

    QComboBox* method_combo() const { return method_; }
    QComboBox* format_combo() const { return format_; }
    QLineEdit* kv_edit() const { return kv_; }
    QSpinBox* block_spin() const { return block_; }
    QSpinBox* seed_spin() const { return seed_; }
    QSpinBox* steps_spin() const { return steps_; }
    QDoubleSpinBox* lr_spin() const { return lr_; }
    QDoubleSpinBox* alpha_spin() const { return alpha_; }
    QLineEdit* corpus_edit() const { return corpus_; }
    QSpinBox* windows_spin() const { return windows_; }
    QSpinBox* ctx_spin() const { return ctx_; }
    QPushButton* run_button() const { return run_; }
    QPushButton* save_button() const { return save_; }
    QPushButton* use_button() const { return use_; }
    QLabel* problem_label() const { return problem_; }
    QLabel* summary_label() const { return summary_; }
    QCustomPlot* plot() const { return plot_; }
    QCPGraph* loss_graph() const { return loss_; }
    FitSitesModel* sites_model() const { return sites_; }
    QTableView* sites_view() const { return table_; }

signals:
    // A point was added to the live curve.
    void loss_point_added(int step, double loss);
    void run_requested();
    void save_requested();
    // Put the saved report's rotations into the experiment panel (R1, and R2 when learned).
    void use_requested();

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void retranslate();
    void update_state();
    void update_summary();
    void replot();

    std::shared_ptr<const FitReport> result_;
    QString saved_path_;
    bool run_allowed_ = false;
    QString run_disabled_reason_;

    QLabel* intro_ = nullptr;
    QLabel* method_label_ = nullptr;
    QComboBox* method_ = nullptr;
    QLabel* format_label_ = nullptr;
    QComboBox* format_ = nullptr;
    QLabel* kv_label_ = nullptr;
    QLineEdit* kv_ = nullptr;
    QLabel* block_label_ = nullptr;
    QSpinBox* block_ = nullptr;
    QLabel* seed_label_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QLabel* steps_label_ = nullptr;
    QSpinBox* steps_ = nullptr;
    QLabel* lr_label_ = nullptr;
    QDoubleSpinBox* lr_ = nullptr;
    QLabel* alpha_label_ = nullptr;
    QDoubleSpinBox* alpha_ = nullptr;
    QLabel* corpus_label_ = nullptr;
    QLineEdit* corpus_ = nullptr;
    QLabel* windows_label_ = nullptr;
    QSpinBox* windows_ = nullptr;
    QLabel* ctx_label_ = nullptr;
    QSpinBox* ctx_ = nullptr;
    QLabel* problem_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* save_ = nullptr;
    QPushButton* use_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPGraph* loss_ = nullptr;
    QLabel* summary_ = nullptr;
    FitSitesModel* sites_ = nullptr;
    QSortFilterProxyModel* sorted_ = nullptr;
    QTableView* table_ = nullptr;
};

}  // namespace rs::gui
