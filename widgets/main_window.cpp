#include "main_window.h"

#include <QSvgGenerator>
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "backend/backend.h"
#include "calibration_panel.h"
#include "census/census_views.h"
#include "core/version.h"
#include "i18n.h"
#include "job_runner.h"
#include "job_status.h"
#include "message_bar.h"
#include "model/loader.h"
#include "model_panel.h"
#include "model_tree_model.h"
#include "pipeline/analyze.h"
#include "recent_files.h"
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

QString q(const std::string& s) { return QString::fromStdString(s); }

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

    message_bar_ = new MessageBar(this);
    census_views_ = new CensusViews(this);
    census_views_->setObjectName(QStringLiteral("census_views"));
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
    file_menu_->addSeparator();
    file_menu_->addAction(quit_action_);
    // The bundled model may be fetched while the window is open.
    connect(file_menu_, &QMenu::aboutToShow, this, &MainWindow::update_actions);

    view_menu_ = menuBar()->addMenu(QString());
    view_menu_->setObjectName(QStringLiteral("menu_view"));
    view_menu_->addAction(model_dock_->toggleViewAction());
    view_menu_->addAction(calibration_dock_->toggleViewAction());
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
    run_menu_->addAction(cancel_action_);

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
    quit_action_->setText(tr("&Quit"));
    view_menu_->setTitle(tr("&View"));
    language_menu_->setTitle(tr("&Language"));
    system_language_action_->setText(tr("System"));
    run_menu_->setTitle(tr("&Run"));
    run_census_action_->setText(tr("Run &Census"));
    cancel_action_->setText(tr("C&ancel"));
    help_menu_->setTitle(tr("&Help"));
    about_action_->setText(tr("&About Rotoscope"));
    about_qt_action_->setText(tr("About &Qt"));
    model_dock_->setWindowTitle(tr("Model"));
    calibration_dock_->setWindowTitle(tr("Calibration"));
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
    export_census_action_->setEnabled(!busy && report_);
    export_plot_action_->setEnabled(!busy && report_ && census_views_->current_plot());
    cancel_action_->setEnabled(busy);

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
}

void MainWindow::update_title() {
    QString name;
    if (report_ && !report_path_.isEmpty())
        name = QFileInfo(report_path_).fileName();
    else if (loaded_)
        name = model_name(loaded_->identity);
    else if (report_)
        name = model_name(report_->model);
    setWindowTitle(name.isEmpty() ? QStringLiteral("Rotoscope") : tr("%1 — Rotoscope").arg(name));
}

void MainWindow::update_status_text() {
    QStringList parts;
    if (loaded_)
        parts << tr("Model: %1").arg(model_name(loaded_->identity));
    else
        parts << tr("No model loaded");
    if (report_) {
        const rs::Census& c = report_->census;
        parts << tr("Census: %1 windows × %2 tokens of %3")
                     .arg(c.calibration.windows.size())
                     .arg(c.calibration.ctx)
                     .arg(QFileInfo(q(c.calibration.corpus_name)).fileName());
    }
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
    if (cancelled)
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
            show_error(tr("%1: not a model (.gguf or a model directory) or a census report (.h5)").arg(path));
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
        return std::shared_ptr<const CensusReport>(
            std::make_shared<const CensusReport>(rs::read_census_report(file, progress)));
    };
    auto done = [this, path](std::any& result) {
        auto report = std::any_cast<std::shared_ptr<const CensusReport>>(result);
        // Keep the loaded model only when the report was made from it.
        if (loaded_ && !same_checkpoint(report->model, loaded_->identity)) loaded_.reset();
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
    census_views_->set_report(report_);
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
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Census Report"), last_dir(kReportDirKey),
                                                      tr("Census reports (*.h5 *.hdf5);;All files (*)"));
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
    config.backend = "cpu";
    failure_context_ = tr("The census failed");
    auto work = [loaded = loaded_, config](const rs::Progress& progress) -> std::any {
        const std::unique_ptr<rs::Backend> backend = rs::make_cpu_backend();
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
    if (!report_) {
        show_error(tr("There is no census to export yet: run one or open a report."));
        return false;
    }
    message_bar_->dismiss();
    failure_context_ = tr("Could not export the census");
    auto work = [report = report_, file = path.toStdString()](const rs::Progress& progress) -> std::any {
        rs::write_census_report(file, *report, progress);
        return {};
    };
    auto done = [this, path](std::any&) {
        report_path_ = path;
        recent_files::add(path);
        remember_dir(kReportDirKey, path);
        update_title();
        statusBar()->showMessage(tr("Saved the census to %1.").arg(path), 5000);
        emit report_exported(path);
    };
    return runner_->start(tr("Exporting the census"), std::move(work), std::move(done));
}

void MainWindow::choose_census_export() {
    QString start = report_path_;
    if (start.isEmpty()) {
        const QString base = report_ ? model_name(report_->model) : QString();
        start = QDir(last_dir(kReportDirKey)).filePath((base.isEmpty() ? QStringLiteral("census") : base + QStringLiteral("-census")) +
                                                       QStringLiteral(".h5"));
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
    if (!report_ || !plot) {
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
    }
}

void MainWindow::save_window_state() const {
    QSettings settings;
    settings.setValue(QLatin1String(kGeometryKey), saveGeometry());
    settings.setValue(QLatin1String(kStateKey), saveState());
    calibration_panel_->save_settings();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    save_window_state();
    // Closing means leaving: a running job is not worth keeping the process alive for.
    runner_->cancel();
    QMainWindow::closeEvent(event);
}

}  // namespace rs::gui
