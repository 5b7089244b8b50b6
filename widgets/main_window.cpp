#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <qcustomplot.h>

#include "backend/backend.h"
#include "i18n.h"

namespace rs::gui {
namespace {
constexpr auto kGeometryKey = "main_window/geometry";
constexpr auto kStateKey = "main_window/state";
// The one way to look at a model today; the hint shows it verbatim, so it is not translated.
constexpr auto kCliHint = "rotoscope-cli info default";
}  // namespace

MainWindow::MainWindow(Translations& translations, QWidget* parent)
    : QMainWindow(parent), translations_(translations) {
    setWindowTitle(QStringLiteral("Rotoscope"));
    create_menus();
    create_placeholder_plot();
    status_label_ = new QLabel(this);
    statusBar()->addWidget(status_label_, 1);
    retranslate();
    restore_window_state();
}

MainWindow::~MainWindow() = default;

void MainWindow::create_menus() {
    file_menu_ = menuBar()->addMenu(QString());
    file_menu_->setObjectName(QStringLiteral("menu_file"));
    quit_action_ = file_menu_->addAction(QString());
    quit_action_->setObjectName(QStringLiteral("action_quit"));
    quit_action_->setShortcut(QKeySequence::Quit);
    quit_action_->setMenuRole(QAction::QuitRole);
    // close() rather than qApp->quit(), so that closeEvent() saves the window state.
    connect(quit_action_, &QAction::triggered, this, &QWidget::close);

    view_menu_ = menuBar()->addMenu(QString());
    view_menu_->setObjectName(QStringLiteral("menu_view"));
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

    help_menu_ = menuBar()->addMenu(QString());
    help_menu_->setObjectName(QStringLiteral("menu_help"));
    about_action_ = help_menu_->addAction(QString());
    about_action_->setObjectName(QStringLiteral("action_about"));
    about_action_->setMenuRole(QAction::AboutRole);
    connect(about_action_, &QAction::triggered, this, &MainWindow::show_about);
    about_qt_action_ = help_menu_->addAction(QString());
    about_qt_action_->setObjectName(QStringLiteral("action_about_qt"));
    about_qt_action_->setMenuRole(QAction::AboutQtRole);
    connect(about_qt_action_, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::create_placeholder_plot() {
    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("plot"));
    // Empty axes without numbers: tick labels on a plot of nothing would suggest data.
    plot_->axisRect()->setupFullAxesBox();
    plot_->xAxis->setTickLabels(false);
    plot_->yAxis->setTickLabels(false);

    plot_->plotLayout()->insertRow(0);
    QFont title_font = font();
    title_font.setPointSizeF(title_font.pointSizeF() * 1.4);
    title_font.setBold(true);
    plot_title_ = new QCPTextElement(plot_, QString(), title_font);
    plot_->plotLayout()->addElement(0, 0, plot_title_);

    plot_hint_ = new QCPItemText(plot_);
    plot_hint_->position->setType(QCPItemPosition::ptAxisRectRatio);
    plot_hint_->position->setCoords(0.5, 0.5);
    plot_hint_->setPositionAlignment(Qt::AlignCenter);
    plot_hint_->setTextAlignment(Qt::AlignCenter);
    plot_hint_->setColor(palette().color(QPalette::PlaceholderText));
    plot_hint_->setClipToAxisRect(false);
    setCentralWidget(plot_);
}

void MainWindow::retranslate() {
    file_menu_->setTitle(tr("&File"));
    quit_action_->setText(tr("&Quit"));
    view_menu_->setTitle(tr("&View"));
    language_menu_->setTitle(tr("&Language"));
    system_language_action_->setText(tr("System"));
    help_menu_->setTitle(tr("&Help"));
    about_action_->setText(tr("&About Rotoscope"));
    about_qt_action_->setText(tr("About &Qt"));

    plot_title_->setText(tr("No model loaded"));
    plot_hint_->setText(tr("Loading a model in the window is not available yet.\n"
                           "Open a model from the command line for now:\n%1")
                            .arg(QLatin1String(kCliHint)));
    plot_->replot();
    status_label_->setText(tr("Ready"));
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
             tr("Git commit: %1").arg(QLatin1String(ROTOSCOPE_GIT_COMMIT)),
             tr("Built with Qt %1 and QCustomPlot %2")
                 .arg(QLatin1String(QT_VERSION_STR), QLatin1String(QCUSTOMPLOT_VERSION_STR)),
             cuda);
}

void MainWindow::show_about() { QMessageBox::about(this, tr("About Rotoscope"), about_text()); }

void MainWindow::restore_window_state() {
    const QSettings settings;
    if (!restoreGeometry(settings.value(QLatin1String(kGeometryKey)).toByteArray())) resize(1100, 700);
    restoreState(settings.value(QLatin1String(kStateKey)).toByteArray());
}

void MainWindow::save_window_state() const {
    QSettings settings;
    settings.setValue(QLatin1String(kGeometryKey), saveGeometry());
    settings.setValue(QLatin1String(kStateKey), saveState());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    save_window_state();
    QMainWindow::closeEvent(event);
}

}  // namespace rs::gui
