// The workbench window: the "Model" and "Calibration" docks on the left, the census views in the
// middle, a message bar above them for errors and notices, and the running job's progress in the
// status bar. Every engine call (loading, census, reading and writing reports) runs on the
// JobRunner's worker thread; the window only starts jobs and shows their results.
#pragma once
#include <QMainWindow>
#include <memory>

#include "report/census_report.h"

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;

namespace rs::gui {

class CalibrationPanel;
class CensusViews;
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
    bool open_report(const QString& path);
    bool open_path(const QString& path);  // either, told apart by file_kind()
    bool run_census();
    bool export_census(const QString& path);
    bool export_plot(const QString& path);  // synchronous; PNG, PDF or JPG by the suffix
    void cancel();

    JobRunner* job_runner() const { return runner_; }
    CensusViews* census_views() const { return census_views_; }
    ModelPanel* model_panel() const { return model_panel_; }
    ModelTreeModel* model_tree_model() const;
    CalibrationPanel* calibration_panel() const { return calibration_panel_; }
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
    void choose_language(const QString& code);
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
    void on_job_failed(const QString& message, bool cancelled);
    void show_error(const QString& text);

    Translations& translations_;
    JobRunner* runner_ = nullptr;
    JobStatus* job_status_ = nullptr;

    std::shared_ptr<const Loaded> loaded_;
    std::shared_ptr<const CensusReport> report_;
    QString report_path_;
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
    QAction* open_model_action_ = nullptr;
    QAction* open_model_dir_action_ = nullptr;
    QAction* open_default_model_action_ = nullptr;
    QAction* open_report_action_ = nullptr;
    QAction* export_census_action_ = nullptr;
    QAction* export_plot_action_ = nullptr;
    QAction* quit_action_ = nullptr;
    QAction* run_census_action_ = nullptr;
    QAction* cancel_action_ = nullptr;
    QAction* about_action_ = nullptr;
    QAction* about_qt_action_ = nullptr;
    QAction* system_language_action_ = nullptr;
    QActionGroup* language_group_ = nullptr;

    QDockWidget* model_dock_ = nullptr;
    QDockWidget* calibration_dock_ = nullptr;
    ModelPanel* model_panel_ = nullptr;
    CalibrationPanel* calibration_panel_ = nullptr;
    CensusViews* census_views_ = nullptr;
    MessageBar* message_bar_ = nullptr;
    QLabel* status_label_ = nullptr;
};

}  // namespace rs::gui
