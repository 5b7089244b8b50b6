#include "main_window.h"

#include <QSvgGenerator>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <qcustomplot.h>

#include "backend/backend.h"
#include "device_menu.h"
#include "calibration_panel.h"
#include "census/census_views.h"
#include "core/json_io.h"
#include "core/version.h"
#include "experiment/error_histogram_view.h"
#include "experiment/experiment_panel.h"
#include "experiment/experiment_view.h"
#include "experiment/export_dialog.h"
#include "pipeline/analyze.h"
#include "pipeline/export_model.h"
#include "experiment/results_matrix_model.h"
#include "experiment/results_matrix_view.h"
#include "experiment/results_table_model.h"
#include "fitting/fit_view.h"
#include "format_lab/format_lab.h"
#include "i18n.h"
#include "job_runner.h"
#include "job_status.h"
#include "message_bar.h"
#include "model/loader.h"
#include "model_panel.h"
#include "model_tree_model.h"
#include "pipeline/analyze.h"
#include "pipeline/fit_rotation.h"
#include "report/fit_report.h"
#include "recent_files.h"
#include "rotate/fuse.h"
#include "rotate/rotation.h"
#include "tokenizer/tokenizer.h"

namespace rs::gui {

struct MainWindow::Loaded {
    std::shared_ptr<const rs::Model> model;
    std::shared_ptr<const rs::Tokenizer> tokenizer;  // null when the checkpoint's cannot be built
    QString tokenizer_error;
    rs::ModelIdentity identity;
    QString path;  // as opened
};

namespace {
constexpr auto kGeometryKey = "main_window/geometry";
constexpr auto kStateKey = "main_window/state";
constexpr auto kModelDirKey = "paths/last_model_dir";
constexpr auto kReportDirKey = "paths/last_report_dir";
constexpr auto kExportDirKey = "paths/last_export_dir";
constexpr auto kResultsDirKey = "paths/last_results_dir";

QString q(const std::string& s) { return QString::fromStdString(s); }

// Scrolls its widget vertically only, and asks for the width the widget needs: a language with
// longer words then widens the dock instead of cutting off the panel's right edge.
class VerticalScrollArea : public QScrollArea {
public:
    using QScrollArea::QScrollArea;

    QSize minimumSizeHint() const override {
        QSize hint = QScrollArea::minimumSizeHint();
        if (widget())
            hint.setWidth(widget()->minimumSizeHint().width() + verticalScrollBar()->sizeHint().width() +
                          2 * frameWidth());
        return hint;
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        // The widget's layout changed (new texts after a language switch): the dock re-asks.
        if (watched == widget() && event->type() == QEvent::LayoutRequest) updateGeometry();
        return QScrollArea::eventFilter(watched, event);
    }
};

// Two identities describe the same checkpoint when their files hash alike: then a report and a
// loaded model belong together and may be shown side by side.
bool same_checkpoint(const rs::ModelIdentity& a, const rs::ModelIdentity& b) {
    if (a.files.empty() || a.files.size() != b.files.size()) return false;
    for (size_t i = 0; i < a.files.size(); ++i)
        if (a.files[i].sha256.empty() || a.files[i].sha256 != b.files[i].sha256) return false;
    return true;
}

QString model_name(const rs::ModelIdentity& identity) {
    if (!identity.source.name.empty()) return q(identity.source.name);
    return QFileInfo(q(identity.source.path)).fileName();
}

// "R1 rhadamard:seed=0, R4 block32": the rotations of a plan, as the census source combo names them.
QString rotation_label(const rs::FusePlan& plan) {
    QStringList parts;
    const std::pair<const rs::RotationSpec*, bool> placements[] = {
        {&plan.r1, plan.r1_on}, {&plan.r2, plan.r2_on}, {&plan.r3, plan.r3_on}, {&plan.r4, plan.r4_on}};
    for (int i = 0; i < 4; ++i)
        if (placements[i].second)
            parts << QStringLiteral("R%1 %2").arg(i + 1).arg(q(rs::rotation_name(*placements[i].first)));
    return parts.join(QStringLiteral(", "));
}

QString last_dir(const char* key) { return QSettings().value(QLatin1String(key)).toString(); }
void remember_dir(const char* key, const QString& path) {
    const QFileInfo info(path);
    QSettings().setValue(QLatin1String(key), info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}
}  // namespace

MainWindow::MainWindow(Translations& translations, QWidget* parent)
    : QMainWindow(parent), translations_(translations) {
    setObjectName(QStringLiteral("main_window"));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    runner_ = new JobRunner(this);
    connect(runner_, &JobRunner::failed, this, &MainWindow::on_job_failed);
    connect(runner_, &JobRunner::busy_changed, this, &MainWindow::update_actions);
    connect(runner_, &JobRunner::started, this, [this] { runs_this_job_ = 0; });

    message_bar_ = new MessageBar(this);
    census_views_ = new CensusViews(this);
    census_views_->setObjectName(QStringLiteral("census_views"));
    // The experiment tabs sit beside the census tabs: one row of tabs, one place to look.
    experiment_view_ = new ExperimentView(census_views_);
    experiments_tab_ = census_views_->addTab(experiment_view_, QString());
    format_lab_ = new FormatLab(census_views_);
    format_lab_->setObjectName(QStringLiteral("format_lab"));
    format_lab_tab_ = census_views_->addTab(format_lab_, QString());
    fit_view_ = new FitView(census_views_);
    fit_view_->setObjectName(QStringLiteral("fit_view"));
    fit_tab_ = census_views_->addTab(fit_view_, QString());
    connect(fit_view_, &FitView::run_requested, this, &MainWindow::run_fit);
    connect(fit_view_, &FitView::save_requested, this, &MainWindow::choose_fit_report_save);
    connect(fit_view_, &FitView::use_requested, this, &MainWindow::use_fitted_rotation);
    connect(experiment_view_, &ExperimentView::export_csv_requested, this, &MainWindow::choose_results_csv_export);
    connect(experiment_view_, &ExperimentView::export_report_requested, this, &MainWindow::choose_run_report_export);
    connect(experiment_view_, &ExperimentView::export_model_requested, this, &MainWindow::choose_run_model_export);
    connect(experiment_view_, &ExperimentView::selected_runs_changed, this, &MainWindow::update_actions);
    connect(experiment_view_, &ExperimentView::runs_changed, this, [this] {
        if (experiment_view_->results()->runs().empty()) {
            results_header_ = {};
            run_report_path_.clear();
            table_config_.reset();
            table_mixed_ = false;
        }
        update_experiment_reference();
        update_actions();
    });
    connect(experiment_view_->histograms(), &ErrorHistogramView::linear_changed, this, &MainWindow::on_linear_changed);
    connect(experiment_view_->matrix(), &ResultsMatrixView::export_png_requested, this, [this] { choose_matrix_export(true); });
    connect(experiment_view_->matrix(), &ResultsMatrixView::export_csv_requested, this, [this] { choose_matrix_export(false); });
    connect(this, &MainWindow::run_result_arrived, this, &MainWindow::on_run_result, Qt::QueuedConnection);

    // "Census of: original / after rotation", in the tab bar's corner while a census tab is in front.
    census_source_box_ = new QWidget(census_views_);
    census_source_label_ = new QLabel(census_source_box_);
    census_source_ = new QComboBox(census_source_box_);
    census_source_->setObjectName(QStringLiteral("census_source"));
    census_source_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    // Long rotation names must not push the census tabs into scroll arrows; the tooltip has it all.
    census_source_->setMaximumWidth(340);
    auto* source_layout = new QHBoxLayout(census_source_box_);
    source_layout->setContentsMargins(4, 0, 4, 0);
    source_layout->addWidget(census_source_label_);
    source_layout->addWidget(census_source_);
    census_views_->setCornerWidget(census_source_box_, Qt::TopRightCorner);
    connect(census_source_, &QComboBox::activated, this, [this](int index) {
        const int rotated = census_source_->itemData(index).toInt();
        if (rotated < 0) show_census(false);
        else show_rotated_census(rotated);
    });
    connect(census_views_, &QTabWidget::currentChanged, this, &MainWindow::update_actions);
    auto* central = new QWidget(this);
    auto* central_layout = new QVBoxLayout(central);
    central_layout->setContentsMargins(4, 4, 4, 0);
    central_layout->setSpacing(4);
    central_layout->addWidget(message_bar_);
    central_layout->addWidget(census_views_, 1);
    setCentralWidget(central);

    create_docks();
    create_actions();
    create_menus();

    status_label_ = new QLabel(this);
    status_label_->setObjectName(QStringLiteral("status_label"));
    statusBar()->addWidget(status_label_, 1);
    job_status_ = new JobStatus(*runner_, this);
    statusBar()->addPermanentWidget(job_status_);

    calibration_panel_->load_settings();
    experiment_panel_->load_settings();
    update_census_source();
    retranslate();
    restore_window_state();
}

MainWindow::~MainWindow() {
    // The worker may still use what a job captured; stop it before anything is torn down.
    runner_->cancel();
    runner_->wait_for_worker();
}

ModelTreeModel* MainWindow::model_tree_model() const { return model_panel_->tree_model(); }

void MainWindow::create_docks() {
    model_panel_ = new ModelPanel(this);
    model_dock_ = new QDockWidget(this);
    model_dock_->setObjectName(QStringLiteral("dock_model"));
    model_dock_->setWidget(model_panel_);
    model_dock_->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, model_dock_);

    calibration_panel_ = new CalibrationPanel(this);
    calibration_dock_ = new QDockWidget(this);
    calibration_dock_->setObjectName(QStringLiteral("dock_calibration"));
    calibration_dock_->setWidget(calibration_panel_);
    calibration_dock_->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, calibration_dock_);
    connect(calibration_panel_, &CalibrationPanel::run_requested, this, &MainWindow::run_census);

    experiment_panel_ = new ExperimentPanel(this);
    experiment_panel_->setObjectName(QStringLiteral("experiment_panel"));
    // The panel is taller than most screens leave to a dock.
    auto* scroll = new VerticalScrollArea(this);
    scroll->setWidget(experiment_panel_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    experiment_dock_ = new QDockWidget(this);
    experiment_dock_->setObjectName(QStringLiteral("dock_experiment"));
    experiment_dock_->setWidget(scroll);
    experiment_dock_->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, experiment_dock_);
    // Beside the model tree, which matters less while experimenting.
    tabifyDockWidget(model_dock_, experiment_dock_);
    model_dock_->raise();
    connect(experiment_panel_, &ExperimentPanel::run_requested, this, &MainWindow::run_experiment);
    connect(experiment_panel_, &ExperimentPanel::run_matrix_requested, this, &MainWindow::run_matrix_file);
    connect(experiment_panel_, &ExperimentPanel::rotated_census_requested, this, &MainWindow::run_rotated_census);
}

void MainWindow::create_actions() {
    auto make = [this](const char* name) {
        auto* action = new QAction(this);
        action->setObjectName(QLatin1String(name));
        return action;
    };
    open_model_action_ = make("action_open_model");
    open_model_action_->setShortcut(QKeySequence::Open);
    connect(open_model_action_, &QAction::triggered, this, &MainWindow::choose_model_file);
    open_model_dir_action_ = make("action_open_model_directory");
    connect(open_model_dir_action_, &QAction::triggered, this, &MainWindow::choose_model_directory);
    open_default_model_action_ = make("action_open_default_model");
    connect(open_default_model_action_, &QAction::triggered, this, &MainWindow::open_default_model);
    open_report_action_ = make("action_open_report");
    open_report_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(open_report_action_, &QAction::triggered, this, &MainWindow::choose_report_file);
    export_census_action_ = make("action_export_census");
    export_census_action_->setShortcut(QKeySequence::Save);
    connect(export_census_action_, &QAction::triggered, this, &MainWindow::choose_census_export);
    export_plot_action_ = make("action_export_plot");
    export_plot_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(export_plot_action_, &QAction::triggered, this, &MainWindow::choose_plot_export);
    quit_action_ = make("action_quit");
    quit_action_->setShortcut(QKeySequence::Quit);
    quit_action_->setMenuRole(QAction::QuitRole);
    // close() rather than qApp->quit(), so that closeEvent() saves the window state.
    connect(quit_action_, &QAction::triggered, this, &QWidget::close);

    run_census_action_ = make("action_run_census");
    run_census_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(run_census_action_, &QAction::triggered, this, &MainWindow::run_census);
    run_experiment_action_ = make("action_run_experiment");
    run_experiment_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(run_experiment_action_, &QAction::triggered, this, &MainWindow::run_experiment);
    run_matrix_action_ = make("action_run_matrix");
    connect(run_matrix_action_, &QAction::triggered, this, [this] { experiment_panel_->run_matrix_button()->click(); });
    rotated_census_action_ = make("action_rotated_census");
    connect(rotated_census_action_, &QAction::triggered, this, &MainWindow::run_rotated_census);
    export_results_action_ = make("action_export_results_csv");
    connect(export_results_action_, &QAction::triggered, this, &MainWindow::choose_results_csv_export);
    export_run_report_action_ = make("action_export_run_report");
    connect(export_run_report_action_, &QAction::triggered, this, &MainWindow::choose_run_report_export);
    cancel_action_ = make("action_cancel");
    cancel_action_->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(cancel_action_, &QAction::triggered, this, &MainWindow::cancel);

    about_action_ = make("action_about");
    about_action_->setMenuRole(QAction::AboutRole);
    connect(about_action_, &QAction::triggered, this, &MainWindow::show_about);
    about_qt_action_ = make("action_about_qt");
    about_qt_action_->setMenuRole(QAction::AboutQtRole);
    connect(about_qt_action_, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::create_menus() {
    file_menu_ = menuBar()->addMenu(QString());
    file_menu_->setObjectName(QStringLiteral("menu_file"));
    file_menu_->addAction(open_model_action_);
    file_menu_->addAction(open_model_dir_action_);
    file_menu_->addAction(open_default_model_action_);
    file_menu_->addAction(open_report_action_);
    recent_menu_ = file_menu_->addMenu(QString());
    recent_menu_->setObjectName(QStringLiteral("menu_recent"));
    recent_menu_->setToolTipsVisible(true);
    connect(recent_menu_, &QMenu::aboutToShow, this, &MainWindow::fill_recent_menu);
    file_menu_->addSeparator();
    file_menu_->addAction(export_census_action_);
    file_menu_->addAction(export_plot_action_);
    file_menu_->addAction(export_results_action_);
    file_menu_->addAction(export_run_report_action_);
    file_menu_->addSeparator();
    file_menu_->addAction(quit_action_);
    // The bundled model may be fetched while the window is open.
    connect(file_menu_, &QMenu::aboutToShow, this, &MainWindow::update_actions);

    view_menu_ = menuBar()->addMenu(QString());
    view_menu_->setObjectName(QStringLiteral("menu_view"));
    view_menu_->addAction(model_dock_->toggleViewAction());
    view_menu_->addAction(calibration_dock_->toggleViewAction());
    view_menu_->addAction(experiment_dock_->toggleViewAction());
    view_menu_->addSeparator();
    language_menu_ = view_menu_->addMenu(QString());
    language_menu_->setObjectName(QStringLiteral("menu_language"));
    language_group_ = new QActionGroup(this);
    language_group_->setExclusive(true);
    for (const Language& language : languages()) {
        QAction* action = language_menu_->addAction(language.native_name);
        action->setObjectName(QStringLiteral("action_language_") +
                              (language.code.isEmpty() ? QStringLiteral("system") : language.code));
        action->setCheckable(true);
        action->setChecked(language.code == translations_.current());
        language_group_->addAction(action);
        if (language.code.isEmpty()) system_language_action_ = action;
        connect(action, &QAction::triggered, this, [this, code = language.code] { choose_language(code); });
    }

    run_menu_ = menuBar()->addMenu(QString());
    run_menu_->setObjectName(QStringLiteral("menu_run"));
    run_menu_->setToolTipsVisible(true);
    run_menu_->addAction(run_census_action_);
    run_menu_->addSeparator();
    run_menu_->addAction(run_experiment_action_);
    run_menu_->addAction(run_matrix_action_);
    run_menu_->addAction(rotated_census_action_);
    run_menu_->addSeparator();
    run_menu_->addAction(cancel_action_);
    run_menu_->addSeparator();
    device_menu_ = new DeviceMenu(run_menu_);
    run_menu_->addMenu(device_menu_);

    help_menu_ = menuBar()->addMenu(QString());
    help_menu_->setObjectName(QStringLiteral("menu_help"));
    help_menu_->addAction(about_action_);
    help_menu_->addAction(about_qt_action_);
}

void MainWindow::retranslate() {
    file_menu_->setTitle(tr("&File"));
    open_model_action_->setText(tr("&Open Model…"));
    open_model_dir_action_->setText(tr("Open Model &Directory…"));
    open_default_model_action_->setText(tr("Open De&fault Model"));
    open_report_action_->setText(tr("Open &Report…"));
    recent_menu_->setTitle(tr("Open Re&cent"));
    export_census_action_->setText(tr("&Export Census…"));
    export_plot_action_->setText(tr("Export &Plot…"));
    export_results_action_->setText(tr("Export Results as &CSV…"));
    export_run_report_action_->setText(tr("Export R&un Report…"));
    quit_action_->setText(tr("&Quit"));
    view_menu_->setTitle(tr("&View"));
    language_menu_->setTitle(tr("&Language"));
    system_language_action_->setText(tr("System"));
    run_menu_->setTitle(tr("&Run"));
    run_census_action_->setText(tr("Run &Census"));
    run_experiment_action_->setText(tr("Run &Recipe"));
    run_matrix_action_->setText(tr("Run &Matrix…"));
    rotated_census_action_->setText(tr("Census &after Rotation"));
    cancel_action_->setText(tr("C&ancel"));
    device_menu_->retranslate();
    help_menu_->setTitle(tr("&Help"));
    about_action_->setText(tr("&About Rotoscope"));
    about_qt_action_->setText(tr("About &Qt"));
    model_dock_->setWindowTitle(tr("Model"));
    calibration_dock_->setWindowTitle(tr("Calibration"));
    experiment_dock_->setWindowTitle(tr("Experiment"));
    census_views_->setTabText(experiments_tab_, tr("Experiments"));
    census_views_->setTabToolTip(experiments_tab_, tr("Results of the quantized runs and their error histograms"));
    census_views_->setTabText(format_lab_tab_, tr("Format lab"));
    census_views_->setTabToolTip(format_lab_tab_, tr("One block of values through a number format, step by step"));
    census_views_->setTabText(fit_tab_, tr("Rotation fitting"));
    census_views_->setTabToolTip(fit_tab_, tr("Fit R1 (and R2) to the model's activations for a format, and watch the loss"));
    census_source_label_->setText(tr("Census of:"));
    update_census_source();
    update_actions();
    update_title();
    update_status_text();
}

void MainWindow::update_actions() {
    const bool busy = runner_->busy();
    // "Still running" is stale once the job has ended (unless something else replaced it).
    if (!busy && !busy_notice_.isEmpty()) {
        if (message_bar_->text() == busy_notice_) message_bar_->dismiss();
        busy_notice_.clear();
    }
    for (QAction* a : {open_model_action_, open_model_dir_action_, open_default_model_action_, open_report_action_})
        a->setEnabled(!busy);
    recent_menu_->setEnabled(!busy);
    open_default_model_action_->setVisible(QFileInfo::exists(q(rs::default_model_path())));
    const bool census_tab = census_tab_in_front();
    export_census_action_->setEnabled(!busy && shown_report());
    export_plot_action_->setEnabled(census_tab ? shown_report() && census_views_->current_plot() : true);
    const bool any_runs = !experiment_view_->results()->runs().empty();
    export_results_action_->setEnabled(any_runs);
    export_run_report_action_->setEnabled(!busy && any_runs);
    experiment_view_->export_report_button()->setEnabled(!busy && any_runs);
    experiment_view_->export_model_button()->setEnabled(!busy && experiment_view_->selected_runs().size() == 1);
    cancel_action_->setEnabled(busy);
    census_source_box_->setVisible(census_tab && rotated_report_);

    QString why_not;
    if (!loaded_)
        why_not = report_ ? tr("Open the model to run a census: a report holds the census, not the model.")
                          : tr("Open a model to run a census.");
    else if (!loaded_->tokenizer)
        why_not = tr("This model's tokenizer cannot be used: %1").arg(loaded_->tokenizer_error);
    else if (busy)
        why_not = tr("A job is running.");
    calibration_panel_->set_run_enabled(why_not.isEmpty(), why_not);
    run_census_action_->setEnabled(why_not.isEmpty());
    run_census_action_->setToolTip(why_not.isEmpty() ? tr("Run the activation census of the loaded model.") : why_not);

    const QString no_experiment = why_no_experiment();
    experiment_panel_->set_run_enabled(no_experiment.isEmpty(), no_experiment);
    fit_view_->set_run_enabled(no_experiment.isEmpty(), no_experiment);
    run_experiment_action_->setEnabled(experiment_panel_->run_button()->isEnabled());
    run_matrix_action_->setEnabled(no_experiment.isEmpty());
    rotated_census_action_->setEnabled(experiment_panel_->rotated_census_button()->isEnabled());
}

QString MainWindow::why_no_experiment() const {
    if (!loaded_)
        return tr("Open a model to run experiments: a report holds results, not the model.");
    if (!loaded_->tokenizer) return tr("This model's tokenizer cannot be used: %1").arg(loaded_->tokenizer_error);
    if (runner_->busy()) return tr("A job is running.");
    return {};
}

void MainWindow::update_title() {
    QString name;
    if (report_ && !report_path_.isEmpty())
        name = QFileInfo(report_path_).fileName();
    else if (loaded_)
        name = model_name(loaded_->identity);
    else if (report_)
        name = model_name(report_->model);
    else if (!run_report_path_.isEmpty())
        name = QFileInfo(run_report_path_).fileName();
    setWindowTitle(name.isEmpty() ? QStringLiteral("Rotoscope") : tr("%1 — Rotoscope").arg(name));
}

void MainWindow::update_status_text() {
    QStringList parts;
    if (loaded_)
        parts << tr("Model: %1").arg(model_name(loaded_->identity));
    else
        parts << tr("No model loaded");
    if (const CensusReport* shown = shown_report()) {
        const rs::Census& c = shown->census;
        parts << tr("Census: %1 windows × %2 tokens of %3")
                     .arg(c.calibration.windows.size())
                     .arg(c.calibration.ctx)
                     .arg(QFileInfo(q(c.calibration.corpus_name)).fileName());
        if (showing_rotated_) parts << tr("after rotation: %1").arg(rotated_label_);
    }
    if (const size_t runs = experiment_view_->results()->runs().size(); runs > 0)
        parts << tr("Runs in the table: %1").arg(runs);
    status_label_->setText(parts.join(QStringLiteral("  ·  ")));
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::choose_language(const QString& code) {
    save_language(code);
    // Installing the translators posts LanguageChange, and changeEvent() retranslates: no restart.
    if (!translations_.apply(code))
        statusBar()->showMessage(tr("No translation for this language; showing English."), 5000);
}

std::string MainWindow::job_backend() {
    const rs::BackendResolution r = rs::resolve_backend(device_menu_->spec(), "Run > Device");
    if (!r.note.empty()) statusBar()->showMessage(QString::fromStdString(r.note), 10000);
    return r.spec;
}

QString MainWindow::about_text() const {
#ifdef ROTOSCOPE_HAVE_CUDA
    const QString cuda = rs::cuda_backend_available() ? tr("CUDA backend: built in, a device is available")
                                                      : tr("CUDA backend: built in, but no CUDA device found");
#else
    const QString cuda = tr("CUDA backend: not built in (CPU only)");
#endif
    return QStringLiteral("<h3>Rotoscope %1</h3><p>%2</p><p>%3<br/>%4<br/>%5</p>")
        .arg(QLatin1String(ROTOSCOPE_VERSION),
             tr("A workbench for rotation-based low-bit quantization of large language models."),
             tr("Git commit: %1").arg(QLatin1String(rs::git_commit())),
             tr("Built with Qt %1 and QCustomPlot %2")
                 .arg(QLatin1String(QT_VERSION_STR), QLatin1String(QCUSTOMPLOT_VERSION_STR)),
             cuda);
}

void MainWindow::show_about() { QMessageBox::about(this, tr("About Rotoscope"), about_text()); }

// ---- errors and notices ----

QString MainWindow::last_error() const {
    return message_bar_->kind() == MessageBar::Kind::Info ? QString() : message_bar_->text();
}

void MainWindow::show_error(const QString& text) { message_bar_->show_message(MessageBar::Kind::Error, text); }

bool MainWindow::ensure_idle() {
    if (!runner_->busy()) return true;
    busy_notice_ = tr("%1 is still running; wait for it or cancel it first.").arg(runner_->title());
    message_bar_->show_message(MessageBar::Kind::Warning, busy_notice_);
    return false;
}

void MainWindow::on_job_failed(const QString& message, bool cancelled) {
    if (cancelled && runs_this_job_ > 0)
        message_bar_->show_message(MessageBar::Kind::Info, tr("Cancelled: %1. The runs that finished stay in the table: %2.")
                                                               .arg(runner_->title())
                                                               .arg(runs_this_job_));
    else if (cancelled)
        message_bar_->show_message(MessageBar::Kind::Info, tr("Cancelled: %1. Nothing was changed.").arg(runner_->title()));
    else
        show_error(tr("%1: %2").arg(failure_context_, message));
    update_actions();
    emit job_failed(message, cancelled);
}

void MainWindow::cancel() { runner_->cancel(); }

// ---- opening ----

bool MainWindow::open_path(const QString& path) {
    switch (file_kind(path)) {
        case FileKind::Model:
            return open_model(path);
        case FileKind::Report:
            return open_report(path);
        case FileKind::Unknown:
        default:
            show_error(tr("%1: not a model (.gguf or a model directory) or a report (.h5)").arg(path));
            return false;
    }
}

bool MainWindow::open_model(const QString& path) {
    if (!ensure_idle()) return false;
    if (path.isEmpty()) {
        show_error(tr("No model given."));
        return false;
    }
    message_bar_->dismiss();
    // Engine errors name the file as given, so the message bar and the path agree.
    failure_context_ = tr("Could not open the model");
    const std::string spec = path.toStdString();
    auto work = [spec, path](const rs::Progress& progress) -> std::any {
        auto loaded = std::make_shared<Loaded>();
        auto model = std::make_shared<const rs::Model>(rs::load_model(spec, progress));
        try {
            loaded->tokenizer = rs::make_tokenizer(model->tokenizer);
        } catch (const rs::Error& e) {
            // The weights are still worth looking at; the census needs the tokenizer.
            loaded->tokenizer_error = QString::fromStdString(e.what());
        }
        loaded->identity = rs::identify_model(*model, progress);
        loaded->model = std::move(model);
        loaded->path = path;
        return std::shared_ptr<const Loaded>(std::move(loaded));
    };
    auto done = [this, path](std::any& result) {
        loaded_ = std::any_cast<std::shared_ptr<const Loaded>>(result);
        // A census of another checkpoint would contradict the model panel beside it.
        if (report_ && !same_checkpoint(report_->model, loaded_->identity)) set_report(nullptr, {});
        model_changed();
        model_panel_->set_identity(loaded_->identity, ModelPanel::Origin::LoadedModel);
        recent_files::add(path);
        remember_dir(kModelDirKey, path);
        if (!loaded_->tokenizer)
            message_bar_->show_message(MessageBar::Kind::Warning,
                                       tr("%1: the model loaded, but its tokenizer cannot be used, so no census can "
                                          "run: %2")
                                           .arg(path, loaded_->tokenizer_error));
        update_actions();
        update_title();
        update_status_text();
        emit model_loaded();
    };
    return runner_->start(tr("Opening %1").arg(QFileInfo(path).fileName()), std::move(work), std::move(done));
}

bool MainWindow::open_report(const QString& path) {
    if (!ensure_idle()) return false;
    message_bar_->dismiss();
    failure_context_ = tr("Could not open the report");
    const std::string file = path.toStdString();
    auto work = [file](const rs::Progress& progress) -> std::any {
        // A run report holds quantized runs for the results table, a census report the census.
        if (rs::is_run_report(file))
            return std::shared_ptr<const rs::RunReport>(std::make_shared<const rs::RunReport>(rs::read_run_report(file, progress)));
        // A fit report opens in the rotation-fitting view (its curve, sites and settings).
        if (rs::is_fit_report(file))
            return std::shared_ptr<const rs::FitReport>(std::make_shared<const rs::FitReport>(rs::read_fit_report(file, progress)));
        return std::shared_ptr<const CensusReport>(
            std::make_shared<const CensusReport>(rs::read_census_report(file, progress)));
    };
    auto done = [this, path](std::any& result) {
        if (result.type() == typeid(std::shared_ptr<const rs::RunReport>)) {
            set_run_report(std::any_cast<std::shared_ptr<const rs::RunReport>>(result), path);
            return;
        }
        if (result.type() == typeid(std::shared_ptr<const rs::FitReport>)) {
            fit_view_->set_result(std::any_cast<std::shared_ptr<const rs::FitReport>>(result), path);
            census_views_->setCurrentIndex(fit_tab_);
            recent_files::add(path);
            remember_dir(kReportDirKey, path);
            emit fit_finished();
            return;
        }
        auto report = std::any_cast<std::shared_ptr<const CensusReport>>(result);
        // Keep the loaded model only when the report was made from it.
        if (loaded_ && !same_checkpoint(report->model, loaded_->identity)) {
            loaded_.reset();
            model_changed();
        }
        if (loaded_)
            model_panel_->set_identity(loaded_->identity, ModelPanel::Origin::LoadedModel);
        else
            model_panel_->set_identity(report->model, ModelPanel::Origin::Report);
        set_report(std::move(report), path);
        recent_files::add(path);
        remember_dir(kReportDirKey, path);
        emit report_ready();
    };
    return runner_->start(tr("Opening %1").arg(QFileInfo(path).fileName()), std::move(work), std::move(done));
}

void MainWindow::set_report(std::shared_ptr<const CensusReport> report, const QString& path) {
    report_ = std::move(report);
    report_path_ = report_ ? path : QString();
    // A new census is what the user wants to see; the rotated one stays a click away.
    showing_rotated_ = !report_ && rotated_report_;
    update_census_source();
    update_actions();
    update_title();
    update_status_text();
}

void MainWindow::choose_model_file() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Model"), last_dir(kModelDirKey),
                                                      tr("GGUF models (*.gguf);;All files (*)"));
    if (!file.isEmpty()) open_model(file);
}

void MainWindow::choose_model_directory() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Model Directory (config.json, *.safetensors)"),
                                                          last_dir(kModelDirKey));
    if (!dir.isEmpty()) open_model(dir);
}

void MainWindow::open_default_model() { open_model(q(rs::default_model_path())); }

void MainWindow::choose_report_file() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Report"), last_dir(kReportDirKey),
                                                      tr("Census and run reports (*.h5 *.hdf5);;All files (*)"));
    if (!file.isEmpty()) open_report(file);
}

void MainWindow::fill_recent_menu() {
    recent_menu_->clear();
    const QStringList files = recent_files::load();
    for (int i = 0; i < files.size(); ++i) {
        const QString& path = files[i];
        const QFileInfo info(path);
        const QString entry = file_kind(path) == FileKind::Report ? tr("%1 (report)").arg(info.fileName())
                                                                  : tr("%1 (model)").arg(info.fileName());
        // The first ten entries get a mnemonic: &1 ... &9, 1&0.
        const QString number = i < 9 ? QStringLiteral("&%1").arg(i + 1) : QStringLiteral("1&0");
        QAction* action = recent_menu_->addAction(QStringLiteral("%1  %2").arg(number, entry));
        action->setToolTip(path);
        action->setData(path);
        connect(action, &QAction::triggered, this, [this, path] { open_recent(path); });
    }
    if (files.isEmpty()) recent_menu_->addAction(tr("No recent files"))->setEnabled(false);
    recent_menu_->addSeparator();
    QAction* clear = recent_menu_->addAction(tr("&Clear List"));
    clear->setObjectName(QStringLiteral("action_clear_recent"));
    clear->setEnabled(!files.isEmpty());
    connect(clear, &QAction::triggered, this, [] { recent_files::clear(); });
}

void MainWindow::open_recent(const QString& path) {
    if (!QFileInfo::exists(path)) {
        recent_files::remove(path);
        message_bar_->show_message(MessageBar::Kind::Warning,
                                   tr("%1 no longer exists; it was removed from the recent files.").arg(path));
        return;
    }
    open_path(path);
}

// ---- census ----

bool MainWindow::run_census() {
    if (!ensure_idle()) return false;
    if (!loaded_ || !loaded_->tokenizer) {
        show_error(calibration_panel_->run_button()->toolTip());
        return false;
    }
    if (const QString problem = calibration_panel_->problem(); !problem.isEmpty()) {
        show_error(problem);
        return false;
    }
    message_bar_->dismiss();
    calibration_panel_->save_settings();
    rs::AnalyzeConfig config = calibration_panel_->config();
    config.model = loaded_->path.toStdString();
    config.backend = job_backend();
    failure_context_ = tr("The census failed");
    auto work = [loaded = loaded_, config](const rs::Progress& progress) -> std::any {
        const std::unique_ptr<rs::Backend> backend = rs::make_backend(config.backend);
        return std::shared_ptr<const CensusReport>(std::make_shared<const CensusReport>(
            rs::analyze_loaded(*loaded->model, *loaded->tokenizer, *backend, config, progress)));
    };
    auto done = [this](std::any& result) {
        set_report(std::any_cast<std::shared_ptr<const CensusReport>>(result), {});
        statusBar()->showMessage(tr("Census finished in %1 s.").arg(report_->census.seconds, 0, 'f', 1), 5000);
        emit report_ready();
    };
    return runner_->start(tr("Census"), std::move(work), std::move(done));
}

// ---- export ----

bool MainWindow::export_census(const QString& path) {
    if (!ensure_idle()) return false;
    if (!shown_report()) {
        show_error(tr("There is no census to export yet: run one or open a report."));
        return false;
    }
    message_bar_->dismiss();
    failure_context_ = tr("Could not export the census");
    const bool rotated = showing_rotated_;
    auto work = [report = rotated ? rotated_report_ : report_, file = path.toStdString()](const rs::Progress& progress) -> std::any {
        rs::write_census_report(file, *report, progress);
        return {};
    };
    auto done = [this, path, rotated](std::any&) {
        if (!rotated) report_path_ = path;
        recent_files::add(path);
        remember_dir(kReportDirKey, path);
        update_title();
        statusBar()->showMessage(tr("Saved the census to %1.").arg(path), 5000);
        emit report_exported(path);
    };
    return runner_->start(tr("Exporting the census"), std::move(work), std::move(done));
}

void MainWindow::choose_census_export() {
    QString start = showing_rotated_ ? QString() : report_path_;
    if (start.isEmpty()) {
        const CensusReport* shown = shown_report();
        const QString base = shown ? model_name(shown->model) : QString();
        const QString name = showing_rotated_ ? QStringLiteral("rotated-census.h5") : QStringLiteral("census.h5");
        start = QDir(last_dir(kReportDirKey)).filePath(base.isEmpty() ? name : base + QLatin1Char('-') + name);
    }
    QString file = QFileDialog::getSaveFileName(this, tr("Export Census"), start, tr("Census reports (*.h5)"));
    if (file.isEmpty()) return;
    if (QFileInfo(file).suffix().isEmpty()) file += QStringLiteral(".h5");
    export_census(file);
}

namespace {
// QCustomPlot has no SVG writer of its own; its painter renders into Qt's SVG generator.
bool save_svg(QCustomPlot* plot, const QString& path) {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(plot->size());
    svg.setViewBox(QRect(QPoint(0, 0), plot->size()));
    svg.setTitle(QStringLiteral("Rotoscope"));
    QCPPainter painter;
    if (!painter.begin(&svg)) return false;
    plot->toPainter(&painter, plot->width(), plot->height());
    return painter.end();
}
}  // namespace

bool MainWindow::export_plot(const QString& path) {
    QCustomPlot* plot = census_views_->current_plot();
    if (census_views_->currentIndex() == experiments_tab_) {
        // The matrix is a table, not a plot: it exports as a picture of its own.
        if (experiment_view_->detail_tabs()->currentIndex() == ExperimentView::MatrixTab) {
            const QString suffix = QFileInfo(path).suffix().toLower();
            if (suffix != QLatin1String("png")) {
                show_error(tr("%1: the matrix exports as a PNG picture (or with Export CSV… as a table)").arg(path));
                return false;
            }
            return export_matrix_png(path);
        }
        plot = experiment_view_->current_plot();
    }
    else if (census_views_->currentIndex() == format_lab_tab_)
        plot = format_lab_->plot();
    else if (census_views_->currentIndex() == fit_tab_)
        plot = fit_view_->plot();
    else if (!shown_report())
        plot = nullptr;
    if (!plot) {
        show_error(tr("There is no plot to export: open a census and pick a tab with a plot."));
        return false;
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool ok = false;
    // Twice the screen resolution: exported figures end up in slides and papers.
    if (suffix == QLatin1String("png"))
        ok = plot->savePng(path, 0, 0, 2.0);
    else if (suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg"))
        ok = plot->saveJpg(path, 0, 0, 2.0, 92);
    else if (suffix == QLatin1String("pdf"))
        ok = plot->savePdf(path);
    else if (suffix == QLatin1String("svg"))
        ok = save_svg(plot, path);
    else {
        show_error(tr("%1: unknown image format; use .png, .svg, .pdf or .jpg").arg(path));
        return false;
    }
    if (!ok) {
        show_error(tr("%1: could not write the image").arg(path));
        return false;
    }
    remember_dir(kExportDirKey, path);
    statusBar()->showMessage(tr("Saved the plot to %1.").arg(path), 5000);
    return true;
}

void MainWindow::choose_plot_export() {
    const QString png = tr("PNG image (*.png)"), svg = tr("SVG drawing (*.svg)"), pdf = tr("PDF document (*.pdf)"),
                  jpg = tr("JPEG image (*.jpg *.jpeg)");
    QString filter = png;
    const QString start = QDir(last_dir(kExportDirKey)).filePath(census_views_->tabText(census_views_->currentIndex()));
    QString file = QFileDialog::getSaveFileName(this, tr("Export Plot"), start,
                                                QStringList{png, svg, pdf, jpg}.join(QStringLiteral(";;")), &filter);
    if (file.isEmpty()) return;
    if (QFileInfo(file).suffix().isEmpty())
        file += filter == pdf   ? QStringLiteral(".pdf")
                : filter == jpg ? QStringLiteral(".jpg")
                : filter == svg ? QStringLiteral(".svg")
                                : QStringLiteral(".png");
    export_plot(file);
}

// ---- drag and drop ----

namespace {
QString dropped_path(const QMimeData* mime) {
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1) return {};
    const QUrl url = mime->urls().front();
    if (!url.isLocalFile()) return {};
    const QString path = url.toLocalFile();
    return file_kind(path) == FileKind::Unknown ? QString() : path;
}
}  // namespace

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!dropped_path(event->mimeData()).isEmpty() && !runner_->busy()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString path = dropped_path(event->mimeData());
    if (path.isEmpty()) return;
    event->acceptProposedAction();
    open_path(path);
}

// ---- window state ----

void MainWindow::restore_window_state() {
    const QSettings settings;
    if (!restoreGeometry(settings.value(QLatin1String(kGeometryKey)).toByteArray())) resize(1280, 800);
    if (!restoreState(settings.value(QLatin1String(kStateKey)).toByteArray())) {
        resizeDocks({model_dock_}, {380}, Qt::Horizontal);
        resizeDocks({model_dock_, calibration_dock_}, {520, 280}, Qt::Vertical);
        model_dock_->raise();
    }
}

void MainWindow::save_window_state() const {
    QSettings settings;
    settings.setValue(QLatin1String(kGeometryKey), saveGeometry());
    settings.setValue(QLatin1String(kStateKey), saveState());
    calibration_panel_->save_settings();
    experiment_panel_->save_settings();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    save_window_state();
    // Closing means leaving: a running job is not worth keeping the process alive for.
    runner_->cancel();
    QMainWindow::closeEvent(event);
}

// ---- census after rotation ----

const CensusReport* MainWindow::shown_report() const {
    return showing_rotated_ ? rotated_report_.get() : report_.get();
}

bool MainWindow::shows_rotated_census() const { return showing_rotated_ && rotated_report_; }

bool MainWindow::show_rotated_census(int index) {
    if (index < 0 || index >= rotated_census_count()) return false;
    rotated_label_ = rotated_censuses_[static_cast<size_t>(index)].first;
    rotated_report_ = rotated_censuses_[static_cast<size_t>(index)].second;
    return show_census(true);
}

bool MainWindow::show_census(bool rotated) {
    if (rotated ? !rotated_report_ : !report_) return false;
    showing_rotated_ = rotated;
    update_census_source();
    update_actions();
    update_status_text();
    return true;
}

void MainWindow::update_census_source() {
    if (!census_source_) return;
    census_source_->clear();
    if (report_) census_source_->addItem(tr("original"), -1);
    int current = -1;
    for (size_t i = 0; i < rotated_censuses_.size(); ++i) {
        const auto& [label, census] = rotated_censuses_[i];
        census_source_->addItem(tr("after rotation: %1").arg(label), static_cast<int>(i));
        census_source_->setItemData(census_source_->count() - 1, label, Qt::ToolTipRole);
        if (census == rotated_report_) current = static_cast<int>(i);
    }
    census_source_->setCurrentIndex(census_source_->findData(showing_rotated_ ? current : -1));
    census_source_->setToolTip(tr("Which census the tabs show: of the model as loaded, or with the experiment "
                                  "panel's rotations fused (nothing quantized); each rotation run keeps its census, so "
                                  "rotations can be compared by switching here."));
    // The views' plots follow the report; switching back and forth keeps both censuses.
    std::shared_ptr<const CensusReport> shown = showing_rotated_ ? rotated_report_ : report_;
    if (census_views_->report() != shown.get()) census_views_->set_report(std::move(shown));
    census_source_box_->setVisible(rotated_report_ && census_tab_in_front());
}

bool MainWindow::run_rotated_census() {
    if (!ensure_idle()) return false;
    if (const QString why = why_no_experiment(); !why.isEmpty()) {
        show_error(why);
        return false;
    }
    if (const QString problem = experiment_panel_->problem(); !problem.isEmpty()) {
        show_error(problem);
        return false;
    }
    if (const QString problem = calibration_panel_->problem(); !problem.isEmpty()) {
        show_error(problem);
        return false;
    }
    const rs::Recipe recipe = experiment_panel_->recipe();
    if (!recipe.rotation.any()) {
        show_error(tr("Switch on at least one rotation (R1–R4) for a census after rotation."));
        return false;
    }
    try {
        rs::check_fuse_plan(loaded_->model->cfg, recipe.rotation);
    } catch (const rs::Error& e) {
        show_error(q(e.what()));
        return false;
    }
    message_bar_->dismiss();
    calibration_panel_->save_settings();
    experiment_panel_->save_settings();
    rs::AnalyzeConfig config = calibration_panel_->config();
    config.model = loaded_->path.toStdString();
    config.backend = job_backend();
    failure_context_ = tr("The census after rotation failed");
    const QString label = rotation_label(recipe.rotation);
    config.rotation = recipe.rotation;
    auto work = [loaded = loaded_, config](const rs::Progress& progress) -> std::any {
        const std::unique_ptr<rs::Backend> backend = rs::make_backend(config.backend);
        rs::CensusReport report = rs::analyze_loaded(*loaded->model, *loaded->tokenizer, *backend, config, progress);
        return std::shared_ptr<const CensusReport>(std::make_shared<const CensusReport>(std::move(report)));
    };
    auto done = [this, label](std::any& result) {
        auto census = std::any_cast<std::shared_ptr<const CensusReport>>(result);
        // One entry per rotation: running the same rotations again replaces theirs; the oldest goes
        // when the list is full.
        std::erase_if(rotated_censuses_, [&](const auto& e) { return e.first == label; });
        if (static_cast<int>(rotated_censuses_.size()) >= kMaxRotatedCensuses) rotated_censuses_.erase(rotated_censuses_.begin());
        rotated_censuses_.emplace_back(label, census);
        rotated_report_ = std::move(census);
        rotated_label_ = label;
        show_census(true);
        if (!census_tab_in_front()) census_views_->setCurrentIndex(CensusViews::HeatmapTab);
        statusBar()->showMessage(tr("Census after rotation finished in %1 s.").arg(rotated_report_->census.seconds, 0, 'f', 1),
                                 5000);
        emit rotated_census_ready();
    };
    return runner_->start(tr("Census after rotation"), std::move(work), std::move(done));
}

// ---- experiments ----

void MainWindow::model_changed() {
    // The session holds the old model's reference logits; the rotated census was of the old model.
    session_.reset();
    rotated_censuses_.clear();
    rotated_report_.reset();
    rotated_label_.clear();
    showing_rotated_ = false;
    update_census_source();
    format_lab_->set_model(loaded_ ? loaded_->model : nullptr);
    fit_view_->set_result(nullptr);  // a fit of the previous model
    experiment_panel_->set_model_config(loaded_ ? std::optional<rs::ModelConfig>(loaded_->model->cfg) : std::nullopt);
}

bool MainWindow::run_experiment() {
    if (!ensure_idle()) return false;
    if (const QString why = why_no_experiment(); !why.isEmpty()) {
        show_error(why);
        return false;
    }
    if (const QString problem = experiment_panel_->problem(); !problem.isEmpty()) {
        show_error(problem);
        return false;
    }
    experiment_panel_->save_settings();
    calibration_panel_->save_settings();
    // Smoothing statistics come from the calibration dock's text, like the census.
    const rs::AnalyzeConfig calibration = calibration_panel_->config();
    rs::SmoothCalibration smoothing;
    smoothing.corpus = calibration.corpus;
    smoothing.windows = calibration.census.windows;
    smoothing.ctx = calibration.census.ctx;
    smoothing.seed = calibration.census.seed;
    const rs::RecipeMatrix matrix = experiment_panel_->matrix();
    QStringList seeds;
    for (uint64_t seed : matrix.seeds) seeds << QString::number(seed);
    const QString title = matrix.recipes.size() == 1 ? tr("Experiment") : tr("Experiment (seeds %1)").arg(seeds.join(QStringLiteral(", ")));
    return start_experiment(matrix, smoothing, title);
}

bool MainWindow::run_matrix_file(const QString& path) {
    if (!ensure_idle()) return false;
    if (const QString why = why_no_experiment(); !why.isEmpty()) {
        show_error(why);
        return false;
    }
    // A malformed matrix, or one this model cannot run, is refused before any work starts.
    rs::RecipeMatrix matrix;
    try {
        matrix = rs::load_matrix_file(path.toStdString());
        for (size_t i = 0; i < matrix.recipes.size(); ++i)
            rs::validate_recipe(matrix.recipes[i], loaded_->model->cfg,
                                path.toStdString() + " recipe " + std::to_string(i + 1));
    } catch (const rs::Error& e) {
        show_error(tr("Could not run the matrix: %1").arg(q(e.what())));
        return false;
    }
    if (matrix.recipes.empty()) {
        show_error(tr("%1: the matrix holds no recipes").arg(path));
        return false;
    }
    const QString name = matrix.name.empty() ? QFileInfo(path).completeBaseName() : q(matrix.name);
    return start_experiment(matrix, matrix.smooth_calibration, tr("Matrix %1").arg(name));
}

bool MainWindow::start_experiment(const rs::RecipeMatrix& matrix, const rs::SmoothCalibration& smoothing,
                                  const QString& title) {
    message_bar_->dismiss();
    failure_context_ = tr("The experiment failed");
    runs_this_job_ = 0;
    // The one configuration of this job: what the report stores and what reproduces it.
    rs::ExperimentConfig config;
    config.model = loaded_->path.toStdString();
    config.backend = job_backend();
    // Another device: new reference logits too (they are the backend's numbers).
    if (!session_ || session_->backend_spec() != config.backend)
        session_ = std::make_shared<ExperimentSession>(loaded_->model, loaded_->tokenizer, loaded_->identity, config.backend);
    config.matrix = matrix;
    config.matrix.smooth_calibration = smoothing;
    // The census on screen, when it is of this model, can stand in for the smoothing calibration
    // pass (the runner checks that its windows are the ones asked for).
    std::shared_ptr<const rs::Census> census;
    if (report_ && same_checkpoint(report_->model, loaded_->identity)) census = std::shared_ptr<const rs::Census>(report_, &report_->census);
    session_->runner().set_calibration_census(census);
    auto work = [this, session = session_, config](const rs::Progress& progress) -> std::any {
        rs::ExperimentRunner& runner = session->runner();
        const rs::RunReport report = runner.run(config, progress, [this, &runner, &config](const rs::RunResult& run) {
            emit run_result_arrived(std::make_shared<const rs::RunResult>(run), std::make_shared<const rs::RunReport>(runner.header()),
                                    std::make_shared<const rs::ExperimentConfig>(config));
        });
        return static_cast<int>(report.runs.size());
    };
    auto done = [this, name = matrix.name](std::any& result) {
        const int runs = std::any_cast<int>(result);
        if (!name.empty()) results_header_.name = name;
        statusBar()->showMessage(tr("Finished runs: %1.").arg(runs), 5000);
        emit experiment_finished(runs);
    };
    return runner_->start(title, std::move(work), std::move(done));
}

namespace {
// Whether runs of `a` and of `b` share one experiment's settings (and may share one report):
// model, backend, evaluation tokens, the smoothing calibration when a run smooths, and GPTQ's
// calibration when a run uses GPTQ.
bool same_setting(const rs::ExperimentConfig& a, const rs::ExperimentConfig& b, bool smoothing, bool gptq) {
    return a.model == b.model && a.backend == b.backend && a.matrix.eval == b.matrix.eval &&
           (!smoothing || a.matrix.smooth_calibration == b.matrix.smooth_calibration) &&
           (!gptq || a.matrix.gptq_calibration == b.matrix.gptq_calibration);
}
bool any_smoothing(const rs::RecipeMatrix& m) {
    return std::any_of(m.recipes.begin(), m.recipes.end(), [](const rs::Recipe& r) { return r.smooth.on; });
}
}  // namespace

void MainWindow::on_run_result(std::shared_ptr<const rs::RunResult> run, std::shared_ptr<const rs::RunReport> header,
                               std::shared_ptr<const rs::ExperimentConfig> config) {
    if (!run) return;
    ++runs_this_job_;
    const bool smoothing = run->recipe.smooth.on || (table_config_ && any_smoothing(table_config_->matrix));
    const bool run_gptq = (run->recipe.weights && run->recipe.method == rs::WeightMethod::Gptq) || run->recipe.static_activations();
    const bool gptq = run_gptq || (table_config_ && rs::uses_calibration(table_config_->matrix));
    const bool first = experiment_view_->results()->runs().empty();
    if (first) {
        table_config_ = *config;
        table_config_->matrix = {};
        table_config_->matrix.eval = config->matrix.eval;
        table_config_->matrix.smooth_calibration = config->matrix.smooth_calibration;
        table_config_->matrix.gptq_calibration = config->matrix.gptq_calibration;
        table_mixed_ = false;
    } else if (!table_config_ || !same_setting(*table_config_, *config, smoothing, gptq)) {
        // The table now holds runs of two settings; a run report holds one (export refuses).
        table_mixed_ = true;
    }
    if (table_config_ && !table_mixed_) {
        rs::RecipeMatrix& m = table_config_->matrix;
        m.recipes.push_back(run->recipe);
        m.seed_of.push_back(run->seed);
        m.group_of.push_back(run->group);
        if (run->recipe.smooth.on) m.smooth_calibration = config->matrix.smooth_calibration;
        if (run_gptq) m.gptq_calibration = config->matrix.gptq_calibration;
    }
    // The header describes the latest runs' evaluation (a report has one; see docs/gui.md).
    const std::vector<uint64_t> seeds = results_header_.seeds;
    const bool same_source = run_report_path_.isEmpty() && !first && results_header_.eval == header->eval;
    results_header_ = *header;
    results_header_.runs.clear();
    run_report_path_.clear();
    if (same_source) {
        // Same source as before: only the seeds grow.
        results_header_.seeds = seeds;
        if (run->seed >= 0 && std::find(seeds.begin(), seeds.end(), static_cast<uint64_t>(run->seed)) == seeds.end())
            results_header_.seeds.push_back(static_cast<uint64_t>(run->seed));
    }
    results_header_.reference = run->metrics.reference;
    experiment_view_->results()->set_model_config(results_header_.model.cfg);
    experiment_view_->append_run(std::move(run));
    update_experiment_reference();
    update_status_text();
    emit run_result_added();
}

void MainWindow::set_run_report(std::shared_ptr<const rs::RunReport> report, const QString& path) {
    results_header_ = *report;
    results_header_.runs.clear();
    std::vector<std::shared_ptr<const rs::RunResult>> runs;
    runs.reserve(report->runs.size());
    for (const rs::RunResult& r : report->runs) runs.push_back(std::make_shared<const rs::RunResult>(r));
    experiment_view_->set_runs(std::move(runs));
    run_report_path_ = path;  // after set_runs, which forgets the header of an empty table
    results_header_ = *report;
    results_header_.runs.clear();
    experiment_view_->results()->set_model_config(results_header_.model.cfg);
    // Its stored configuration, when it has one of this kind, keeps describing the table.
    table_config_.reset();
    table_mixed_ = false;
    try {
        table_config_ = rs::experiment_from_json(rs::parse_json(report->meta.config_json, "configuration"), "configuration");
        if (table_config_->matrix.recipes.size() != report->runs.size()) table_config_.reset();
    } catch (const rs::Error&) {
        table_config_.reset();
    }
    if (!table_config_) {
        // Written by an older version: what the report says, with the default smoothing
        // calibration (older reports did not record it).
        rs::ExperimentConfig c;
        c.model = report->model.source.path.empty() ? std::string("default") : report->model.source.path;
        c.backend = report->meta.backend.empty() ? std::string("cpu") : report->meta.backend;
        c.matrix.name = report->name;
        c.matrix.eval = report->eval;
        for (const rs::RunResult& r : report->runs) {
            c.matrix.recipes.push_back(r.recipe);
            c.matrix.seed_of.push_back(r.seed);
            c.matrix.group_of.push_back(r.group);
        }
        table_config_ = std::move(c);
    }
    // With nothing else on screen, the model panel shows the report's record of the model.
    if (!loaded_ && !report_) model_panel_->set_identity(report->model, ModelPanel::Origin::Report);
    census_views_->setCurrentIndex(experiments_tab_);
    recent_files::add(path);
    remember_dir(kReportDirKey, path);
    update_experiment_reference();
    update_actions();
    update_title();
    update_status_text();
    emit run_report_ready();
}

void MainWindow::update_experiment_reference() {
    if (experiment_view_->results()->runs().empty()) {
        experiment_view_->set_reference_text({});
        return;
    }
    const rs::RunReport& h = results_header_;
    const QLocale locale;
    QString corpus = QFileInfo(q(h.corpus_name)).fileName();
    if (corpus.isEmpty()) corpus = q(h.corpus_name);
    QString text = tr("Unquantized model: perplexity %1 (llama.cpp protocol %2) on %3 tokens of %4.")
                       .arg(locale.toString(h.reference.full, 'f', 3), locale.toString(h.reference.llamacpp, 'f', 3),
                            locale.toString(static_cast<qlonglong>(h.eval_tokens)), corpus);
    if (!run_report_path_.isEmpty()) text += QLatin1Char(' ') + tr("From %1.").arg(QFileInfo(run_report_path_).fileName());
    experiment_view_->set_reference_text(text);
}

bool MainWindow::export_results_csv(const QString& path) {
    const auto& runs = experiment_view_->results()->runs();
    if (runs.empty()) {
        show_error(tr("There are no results to export yet: run a recipe or open a run report."));
        return false;
    }
    QSaveFile file(path);
    const std::string csv = experiment_view_->results()->csv();
    if (!file.open(QIODevice::WriteOnly) || file.write(csv.data(), static_cast<qint64>(csv.size())) != static_cast<qint64>(csv.size()) ||
        !file.commit()) {
        show_error(tr("%1: could not write the file (%2)").arg(path, file.errorString()));
        return false;
    }
    remember_dir(kResultsDirKey, path);
    statusBar()->showMessage(tr("Saved the results to %1.").arg(path), 5000);
    return true;
}

bool MainWindow::export_matrix_png(const QString& path) {
    if (experiment_view_->results()->runs().empty()) {
        show_error(tr("There are no results to export yet: run a recipe or open a run report."));
        return false;
    }
    if (!experiment_view_->matrix()->save_png(path)) {
        show_error(tr("%1: could not write the image").arg(path));
        return false;
    }
    remember_dir(kExportDirKey, path);
    statusBar()->showMessage(tr("Saved the matrix to %1.").arg(path), 5000);
    return true;
}

bool MainWindow::export_matrix_csv(const QString& path) {
    if (experiment_view_->results()->runs().empty()) {
        show_error(tr("There are no results to export yet: run a recipe or open a run report."));
        return false;
    }
    QSaveFile file(path);
    const std::string csv = experiment_view_->matrix()->model()->csv();
    if (!file.open(QIODevice::WriteOnly) || file.write(csv.data(), static_cast<qint64>(csv.size())) != static_cast<qint64>(csv.size()) ||
        !file.commit()) {
        show_error(tr("%1: could not write the file (%2)").arg(path, file.errorString()));
        return false;
    }
    remember_dir(kResultsDirKey, path);
    statusBar()->showMessage(tr("Saved the matrix to %1.").arg(path), 5000);
    return true;
}

void MainWindow::choose_matrix_export(bool png) {
    const QString name = png ? QStringLiteral("matrix.png") : QStringLiteral("matrix.csv");
    const QString start = QDir(last_dir(png ? kExportDirKey : kResultsDirKey)).filePath(name);
    QString file = png ? QFileDialog::getSaveFileName(this, tr("Export Matrix"), start, tr("PNG image (*.png)"))
                       : QFileDialog::getSaveFileName(this, tr("Export Matrix"), start, tr("CSV tables (*.csv)"));
    if (file.isEmpty()) return;
    if (QFileInfo(file).suffix().isEmpty()) file += png ? QStringLiteral(".png") : QStringLiteral(".csv");
    if (png)
        export_matrix_png(file);
    else
        export_matrix_csv(file);
}

bool MainWindow::export_run_report(const QString& path) {
    if (!ensure_idle()) return false;
    if (experiment_view_->results()->runs().empty()) {
        show_error(tr("There are no results to export yet: run a recipe or open a run report."));
        return false;
    }
    message_bar_->dismiss();
    failure_context_ = tr("Could not export the run report");
    if (table_mixed_) {
        show_error(tr("The table holds runs with different models, evaluation, smoothing or GPTQ calibration settings; a run "
                      "report holds one experiment. Clear the table and run the recipes again with one setting."));
        return false;
    }
    auto report = std::make_shared<rs::RunReport>(results_header_);
    report->runs = experiment_view_->results()->run_values();
    if (table_config_) {
        rs::ExperimentConfig config = *table_config_;
        config.matrix.name = results_header_.name;
        report->meta = rs::make_report_meta(config.backend, rs::dump_json(rs::experiment_to_json(config)));
        report->seeds = rs::seeds_of_runs(config.matrix);
    }
    // Without a configuration of its own (a report from an older version), the table keeps the
    // one it was read with.
    report->meta.schema = rs::kRunReportSchema;
    auto work = [report, file = path.toStdString()](const rs::Progress& progress) -> std::any {
        rs::write_run_report(file, *report, progress);
        return {};
    };
    auto done = [this, path](std::any&) {
        recent_files::add(path);
        remember_dir(kResultsDirKey, path);
        statusBar()->showMessage(tr("Saved the run report to %1.").arg(path), 5000);
        emit report_exported(path);
    };
    return runner_->start(tr("Exporting the run report"), std::move(work), std::move(done));
}

void MainWindow::choose_results_csv_export() {
    const QString start = QDir(last_dir(kResultsDirKey)).filePath(QStringLiteral("results.csv"));
    QString file = QFileDialog::getSaveFileName(this, tr("Export Results"), start, tr("CSV tables (*.csv)"));
    if (file.isEmpty()) return;
    if (QFileInfo(file).suffix().isEmpty()) file += QStringLiteral(".csv");
    export_results_csv(file);
}

void MainWindow::choose_run_report_export() {
    const QString start = run_report_path_.isEmpty() ? QDir(last_dir(kResultsDirKey)).filePath(QStringLiteral("runs.h5"))
                                                     : run_report_path_;
    QString file = QFileDialog::getSaveFileName(this, tr("Export Run Report"), start, tr("Run reports (*.h5)"));
    if (file.isEmpty()) return;
    if (QFileInfo(file).suffix().isEmpty()) file += QStringLiteral(".h5");
    export_run_report(file);
}

QString MainWindow::runs_model_path() const {
    if (!results_header_.model.source.path.empty()) return q(results_header_.model.source.path);
    return loaded_ ? loaded_->path : QString();
}

bool MainWindow::export_run_model(int run, const QString& path, const rs::ExportOptions& options) {
    if (!ensure_idle()) return false;
    const auto& runs = experiment_view_->results()->runs();
    if (run < 0 || run >= static_cast<int>(runs.size())) {
        show_error(tr("Select one run in the results table to export its model."));
        return false;
    }
    const QString model = runs_model_path();
    if (model.isEmpty()) {
        show_error(tr("The model these runs were computed on is not known; open it first."));
        return false;
    }
    message_bar_->dismiss();
    failure_context_ = tr("Could not export the model");
    rs::ExportRequest request;
    request.model = model.toStdString();
    request.recipe = runs[static_cast<size_t>(run)]->recipe;
    request.options = options;
    request.out = path.toStdString();
    if (table_config_) request.gptq_calibration = table_config_->matrix.gptq_calibration;
    if (request.gptq_calibration.corpus.empty()) request.gptq_calibration.corpus = rs::default_calibration_corpus_name();
    request.backend = table_config_ ? table_config_->backend : std::string("cpu");
    auto work = [request](const rs::Progress& progress) -> std::any { return rs::run_export(request, progress); };
    auto done = [this, path](std::any& result) {
        const auto& r = std::any_cast<const rs::ExportResult&>(result);
        statusBar()->showMessage(tr("Exported the model to %1 (%2 MB).").arg(path).arg(static_cast<double>(r.bytes) / 1e6, 0, 'f', 1),
                                 8000);
        emit model_exported(path);
    };
    return runner_->start(tr("Exporting the model"), std::move(work), std::move(done));
}

void MainWindow::choose_run_model_export() {
    const QList<int> selected = experiment_view_->selected_runs();
    if (selected.size() != 1) {
        show_error(tr("Select one run in the results table to export its model."));
        return;
    }
    const rs::RunResult& run = *experiment_view_->results()->runs()[static_cast<size_t>(selected.front())];
    ExportDialog dialog(run.recipe, results_header_.model.cfg, this);
    if (dialog.exec() != QDialog::Accepted) return;
    const rs::ExportOptions options = dialog.options();
    const bool file = !rs::export_target_traits(options.target).directory;
    QString name = q(run.name);
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    const QString start = QDir(last_dir(kExportDirKey)).filePath(file ? name + QStringLiteral(".gguf") : name);
    QString out = QFileDialog::getSaveFileName(this, tr("Export Model"), start,
                                               file ? tr("GGUF files (*.gguf)") : tr("Model directories (*)"));
    if (out.isEmpty()) return;
    if (file && QFileInfo(out).suffix().isEmpty()) out += QStringLiteral(".gguf");
    remember_dir(kExportDirKey, out);
    export_run_model(selected.front(), out, options);
}

void MainWindow::on_linear_changed(int layer, rs::Role role) {
    // The format lab follows the compared linear, so its weights can be looked at block by block.
    if (format_lab_->source() == FormatLab::WeightSource && loaded_) format_lab_->select_weight(std::max(0, layer), role, 0);
}

// ---- rotation fitting ----

bool MainWindow::census_tab_in_front() const {
    const int tab = census_views_->currentIndex();
    return tab != experiments_tab_ && tab != format_lab_tab_ && tab != fit_tab_;
}

bool MainWindow::run_fit() {
    if (!ensure_idle()) return false;
    if (const QString why = why_no_experiment(); !why.isEmpty()) {
        show_error(why);
        return false;
    }
    QString problem;
    std::optional<rs::FitConfig> config = fit_view_->config(&problem);
    if (!config) {
        show_error(problem);
        return false;
    }
    config->model = loaded_->path.toStdString();
    config->backend = job_backend();
    try {
        rs::check_fit(*config, loaded_->model->cfg);
    } catch (const rs::Error& e) {
        show_error(q(e.what()));
        return false;
    }
    message_bar_->dismiss();
    failure_context_ = tr("The rotation fit failed");
    fit_view_->begin_fit();
    census_views_->setCurrentIndex(fit_tab_);
    auto work = [loaded = loaded_, config = *config, view = fit_view_](const rs::Progress& progress) -> std::any {
        // Each round's or step's loss goes to the curve by a queued call, besides the progress bar.
        rs::Progress with_curve{[sink = progress.report, view](const rs::ProgressStep& s) {
                                    if (s.stage == rs::Stage::FittingRotation && std::isfinite(s.value)) {
                                        const int step = static_cast<int>(s.done);
                                        const double loss = s.value;
                                        QMetaObject::invokeMethod(view, [view, step, loss] { view->add_loss_point(step, loss); },
                                                                  Qt::QueuedConnection);
                                    }
                                    if (sink) sink(s);
                                },
                                progress.cancel};
        const std::unique_ptr<rs::Backend> backend = rs::make_backend(config.backend);
        rs::FitConfig c = config;
        rs::FitResult r = rs::run_fit(c, *loaded->model, *backend, *loaded->tokenizer, with_curve);
        c.calibration.corpus = r.calibration_corpus;  // the stored configuration names the corpus used
        auto report = std::make_shared<rs::FitReport>(
            rs::FitReport{rs::make_report_meta(c.backend, rs::dump_json(rs::fit_config_to_json(c))), loaded->identity, c, std::move(r)});
        return std::shared_ptr<const rs::FitReport>(std::move(report));
    };
    auto done = [this](std::any& result) {
        fit_view_->set_result(std::any_cast<std::shared_ptr<const rs::FitReport>>(result));
        statusBar()->showMessage(tr("Rotation fit finished in %1 s.").arg(fit_view_->result()->result.seconds_fit, 0, 'f', 1), 5000);
        emit fit_finished();
    };
    return runner_->start(tr("Fitting the rotation"), std::move(work), std::move(done));
}

bool MainWindow::save_fit_report(const QString& path) {
    if (!ensure_idle()) return false;
    const std::shared_ptr<const rs::FitReport> report = fit_view_->result();
    if (!report) {
        show_error(tr("There is no fitted rotation to save yet: run a fit first."));
        return false;
    }
    message_bar_->dismiss();
    failure_context_ = tr("Could not save the fit report");
    auto work = [report, file = path.toStdString()](const rs::Progress& progress) -> std::any {
        rs::write_fit_report(file, *report, progress);
        return {};
    };
    auto done = [this, report, path](std::any&) {
        remember_dir(kResultsDirKey, path);
        fit_view_->set_result(report, path);
        statusBar()->showMessage(tr("Saved %1.").arg(path), 5000);
        emit fit_report_saved(path);
    };
    return runner_->start(tr("Saving the fit report"), std::move(work), std::move(done));
}

void MainWindow::choose_fit_report_save() {
    const QString start = QDir(last_dir(kResultsDirKey)).filePath(QStringLiteral("fit.h5"));
    QString file = QFileDialog::getSaveFileName(this, tr("Save Fit Report"), start, tr("Fit reports (*.h5)"));
    if (file.isEmpty()) return;
    if (QFileInfo(file).suffix().isEmpty()) file += QStringLiteral(".h5");
    save_fit_report(file);
}

bool MainWindow::use_fitted_rotation() {
    const std::shared_ptr<const rs::FitReport> report = fit_view_->result();
    const QString path = fit_view_->saved_path();
    if (!report || path.isEmpty()) {
        show_error(tr("Save the fit report first: recipes name a fitted rotation by the report's path."));
        return false;
    }
    experiment_panel_->set_placement(ExperimentPanel::R1, true, rs::RotationKind::File, 0,
                                     path + QStringLiteral("#") + QString::fromLatin1(rs::kFitR1Dataset));
    if (!report->result.r2.empty())
        experiment_panel_->set_placement(ExperimentPanel::R2, true, rs::RotationKind::File, 0,
                                         path + QStringLiteral("#") + QString::fromLatin1(rs::kFitR2Dataset));
    statusBar()->showMessage(tr("The experiment panel now uses the fitted rotation."), 5000);
    return true;
}

}  // namespace rs::gui
