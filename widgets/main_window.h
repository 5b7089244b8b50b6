// The workbench window: the "Model", "Calibration" and "Experiment" docks on the left, the census
// views in the middle with the "Experiments" (results and error histograms) and "Format lab" tabs
// beside them, a message bar above them for errors and notices, and the running job's progress in
// the status bar. Every engine call (loading, census, quantized runs, reading and writing reports)
// runs on the JobRunner's worker thread; the window only starts jobs and shows their results.
#pragma once
#include <QMainWindow>
#include <memory>
#include <optional>

#include "experiment/experiment_config.h"
#include "experiment/experiment_session.h"
#include "export/export_target.h"
#include "pipeline/quantize.h"
#include "report/census_report.h"
#include "report/run_report.h"

class QAction;
class QActionGroup;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;

namespace rs::gui {

class CalibrationPanel;
class DeviceMenu;
class CensusViews;
class ExperimentPanel;
class ExperimentView;
class FitView;
class FormatLab;
class JobRunner;
class JobStatus;
class MessageBar;
class ModelPanel;
class ModelTreeModel;
class Translations;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `translations` must outlive the window; View > Language switches it.
    explicit MainWindow(Translations& translations, QWidget* parent = nullptr);
    ~MainWindow() override;

    // The text of Help > About (rich text), public so that tests can read it without a modal dialog.
    QString about_text() const;

    // The actions behind the menus, without their file dialogs. Each returns false, and says why
    // in the message bar, when it cannot start (a job is running, nothing to export, ...).
    // Jobs finish later: model_loaded(), report_ready(), report_exported() or job_failed().
    bool open_model(const QString& path);  // a .gguf file or a Hugging Face model directory
    // A census report, or a run report (rs::is_run_report), whose runs then fill the results table.
    bool open_report(const QString& path);
    bool open_path(const QString& path);  // either, told apart by file_kind()
    bool run_census();
    bool export_census(const QString& path);  // the census shown (original or after rotation)
    bool export_plot(const QString& path);  // synchronous; PNG, PDF or JPG by the suffix
    void cancel();

    // The experiment panel's recipe, once per seed when a rotation is random. Each finished run
    // is added to the results table as it arrives (run_result_added); experiment_finished() at the end.
    bool run_experiment();
    // Every recipe of a matrix JSON file, on the matrix's own evaluation settings.
    bool run_matrix_file(const QString& path);
    // A census (calibration dock settings) of the loaded model with the panel's rotations fused and
    // nothing quantized; shown beside the original census (census_source_combo()).
    bool run_rotated_census();
    // The rotation-fitting view's fit on the loaded model (worker job; the loss curve is drawn as
    // it runs); saving it as a fit report; putting the saved report's rotations into the
    // experiment panel (R1, and R2 when learned).
    bool run_fit();
    bool save_fit_report(const QString& path);
    bool use_fitted_rotation();
    bool export_results_csv(const QString& path);  // synchronous; rs::summary_table_csv
    // The Experiments tab's matrix as shown (fields, metric, split): a PNG, or its CSV. Synchronous.
    bool export_matrix_png(const QString& path);
    bool export_matrix_csv(const QString& path);
    bool export_run_report(const QString& path);   // HDF5, on the worker
    // The quantized model of run `run` (an index into the results table's runs) for a runtime
    // (rs::run_export on the worker: the recipe is run again on the model file, with the GPTQ
    // calibration the run used). Finishes with model_exported() or job_failed().
    bool export_run_model(int run, const QString& path, const rs::ExportOptions& options);
    // Which census the census views show; false when there is no such census.
    bool show_census(bool rotated);

    JobRunner* job_runner() const { return runner_; }
    CensusViews* census_views() const { return census_views_; }
    ModelPanel* model_panel() const { return model_panel_; }
    ModelTreeModel* model_tree_model() const;
    CalibrationPanel* calibration_panel() const { return calibration_panel_; }
    ExperimentPanel* experiment_panel() const { return experiment_panel_; }
    ExperimentView* experiment_view() const { return experiment_view_; }
    FormatLab* format_lab() const { return format_lab_; }
    FitView* fit_view() const { return fit_view_; }
    // "Census of: original / after rotation: …", in the census tabs' corner: the original census
    // and every census after rotation of this model (the last kMaxRotatedCensuses, one per
    // rotation), so that a fitted rotation and a random Hadamard can be looked at in turn.
    QComboBox* census_source_combo() const { return census_source_; }
    const CensusReport* rotated_report() const { return rotated_report_.get(); }
    bool shows_rotated_census() const;
    int rotated_census_count() const { return static_cast<int>(rotated_censuses_.size()); }
    // Shows the index-th census after rotation (in the order they were run); false when none.
    bool show_rotated_census(int index);
    // The central tabs beside the census views.
    int experiments_tab() const { return experiments_tab_; }
    int format_lab_tab() const { return format_lab_tab_; }
    int fit_tab() const { return fit_tab_; }
    MessageBar* message_bar() const { return message_bar_; }
    // The error the message bar shows; empty when it shows none (or a notice).
    QString last_error() const;
    bool has_model() const { return loaded_ != nullptr; }
    const CensusReport* report() const { return report_.get(); }
    // The file the current report was read from or exported to; empty for an unsaved census.
    QString report_path() const { return report_path_; }

signals:
    void model_loaded();
    void report_ready();  // a census finished or a report was opened
    void report_exported(const QString& path);
    void job_failed(const QString& message, bool cancelled);
    void run_result_added();            // one more row in the results table
    void experiment_finished(int runs); // a recipe or matrix job ended without error
    void run_report_ready();            // a run report was opened
    void rotated_census_ready();
    void fit_finished();
    void fit_report_saved(const QString& path);
    void model_exported(const QString& path);

    // From the worker to the GUI thread, one per finished run (queued connection), with the
    // report header of its evaluation and the configuration of its job.
    void run_result_arrived(std::shared_ptr<const rs::RunResult> run, std::shared_ptr<const rs::RunReport> header,
                            std::shared_ptr<const rs::ExperimentConfig> config);

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    struct Loaded;  // a loaded model with its tokenizer and identity

    void create_actions();
    void create_menus();
    void create_docks();
    void retranslate();
    void update_actions();
    void update_title();
    void update_status_text();
    // The device menu's backend as a job will run it: the spec itself, or "cpu" with the fallback
    // line shown in the status bar when the chosen CUDA device is not there.
    std::string job_backend();
    void choose_language(const QString& code);
    void choose_matrix_export(bool png);
    void show_about();
    void restore_window_state();
    void save_window_state() const;

    void choose_model_file();
    void choose_model_directory();
    void choose_report_file();
    void choose_census_export();
    void choose_plot_export();
    void open_default_model();
    void open_recent(const QString& path);
    void fill_recent_menu();

    // Refuses (with a notice) while a job runs.
    bool ensure_idle();
    void set_report(std::shared_ptr<const CensusReport> report, const QString& path);
    void set_run_report(std::shared_ptr<const rs::RunReport> report, const QString& path);
    // Shows report_ or rotated_report_ as census_source_ says, and refills the combo.
    void update_census_source();
    // The loaded model changed (or went): what was computed from the old one goes with it.
    void model_changed();
    void update_experiment_reference();
    bool start_experiment(const rs::RecipeMatrix& matrix, const rs::SmoothCalibration& smoothing, const QString& title);
    // Why no experiment can run now (no model, unusable tokenizer, a job running); empty when one can.
    QString why_no_experiment() const;
    void choose_results_csv_export();
    void choose_run_report_export();
    void choose_run_model_export();
    // The model file the table's runs were computed on: the loaded model's, else the report's.
    QString runs_model_path() const;
    void choose_fit_report_save();
    // Whether the tab in front is one of the census views (not experiments, format lab, fitting).
    bool census_tab_in_front() const;
    void on_linear_changed(int layer, rs::Role role);
    void on_run_result(std::shared_ptr<const rs::RunResult> run, std::shared_ptr<const rs::RunReport> header,
                       std::shared_ptr<const rs::ExperimentConfig> config);
    const CensusReport* shown_report() const;
    void on_job_failed(const QString& message, bool cancelled);
    void show_error(const QString& text);

    Translations& translations_;
    JobRunner* runner_ = nullptr;
    JobStatus* job_status_ = nullptr;

    std::shared_ptr<const Loaded> loaded_;
    std::shared_ptr<const CensusReport> report_;
    QString report_path_;
    // The census of the model after the experiment panel's rotations, and which rotations: the one
    // chosen among rotated_censuses_ (label, census; a rotation run again replaces its entry).
    static constexpr int kMaxRotatedCensuses = 6;
    std::vector<std::pair<QString, std::shared_ptr<const CensusReport>>> rotated_censuses_;
    std::shared_ptr<const CensusReport> rotated_report_;
    QString rotated_label_;
    bool showing_rotated_ = false;
    // Shared by the experiment jobs of one loaded model (reference logits computed once).
    std::shared_ptr<ExperimentSession> session_;
    // Everything a run report holds but the runs: of the latest runs' source (a session or a file).
    rs::RunReport results_header_;
    // The experiment the table's runs make up (their recipes, in order), stored in an exported
    // report so that `rotoscope-cli compare REPORT.h5` runs it again; empty for a report's runs.
    std::optional<rs::ExperimentConfig> table_config_;
    bool table_mixed_ = false;  // runs of different settings: no one configuration describes them
    QString run_report_path_;  // the run report the table was read from, if it was
    int runs_this_job_ = 0;    // rows the running experiment job has added so far
    // What the failure of the running job means to the user, e.g. "Could not open the report".
    QString failure_context_;
    // The "a job is still running" notice, dismissed when the job ends.
    QString busy_notice_;

    QMenu* file_menu_ = nullptr;
    QMenu* recent_menu_ = nullptr;
    QMenu* view_menu_ = nullptr;
    QMenu* language_menu_ = nullptr;
    QMenu* run_menu_ = nullptr;
    QMenu* help_menu_ = nullptr;
    DeviceMenu* device_menu_ = nullptr;
    QAction* open_model_action_ = nullptr;
    QAction* open_model_dir_action_ = nullptr;
    QAction* open_default_model_action_ = nullptr;
    QAction* open_report_action_ = nullptr;
    QAction* export_census_action_ = nullptr;
    QAction* export_plot_action_ = nullptr;
    QAction* quit_action_ = nullptr;
    QAction* run_census_action_ = nullptr;
    QAction* run_experiment_action_ = nullptr;
    QAction* run_matrix_action_ = nullptr;
    QAction* rotated_census_action_ = nullptr;
    QAction* export_results_action_ = nullptr;
    QAction* export_run_report_action_ = nullptr;
    QAction* cancel_action_ = nullptr;
    QAction* about_action_ = nullptr;
    QAction* about_qt_action_ = nullptr;
    QAction* system_language_action_ = nullptr;
    QActionGroup* language_group_ = nullptr;

    QDockWidget* model_dock_ = nullptr;
    QDockWidget* calibration_dock_ = nullptr;
    QDockWidget* experiment_dock_ = nullptr;
    ModelPanel* model_panel_ = nullptr;
    CalibrationPanel* calibration_panel_ = nullptr;
    ExperimentPanel* experiment_panel_ = nullptr;
    CensusViews* census_views_ = nullptr;
    ExperimentView* experiment_view_ = nullptr;
    FormatLab* format_lab_ = nullptr;
    QWidget* census_source_box_ = nullptr;
    QLabel* census_source_label_ = nullptr;
    QComboBox* census_source_ = nullptr;
    int experiments_tab_ = -1;
    int format_lab_tab_ = -1;
    FitView* fit_view_ = nullptr;
    int fit_tab_ = -1;
    MessageBar* message_bar_ = nullptr;
    QLabel* status_label_ = nullptr;
};

}  // namespace rs::gui
