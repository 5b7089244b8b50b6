// rotoscope: the desktop workbench. Everything but start-up lives in the widgets library.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QImageReader>

#include <QDir>
#include <QDockWidget>
#include <QTimer>
#include <cstdio>
#include <memory>
#include <qcustomplot.h>

#include "census/census_views.h"
#include "i18n.h"
#include "main_window.h"

namespace {
QIcon app_icon() {
    QIcon icon;
    // The SVG needs Qt's SVG image plugin, which not every install has; the PNGs always load.
    if (QImageReader::supportedImageFormats().contains("svg")) icon.addFile(QStringLiteral(":/icons/rotoscope.svg"));
    for (int size : {32, 64, 256}) icon.addFile(QStringLiteral(":/icons/rotoscope-%1.png").arg(size));
    return icon;
}
// --screenshots DIR: opens the files given on the command line one after the other (a model, on
// which a census with the calibration panel's settings is run first; census reports; run reports,
// whose runs fill the Experiments tab), then saves the whole window with each tab in front (the
// census tabs, Experiments, Format lab) as DIR/<n>-tab.png and quits (exit 1 when a job failed).
// For the user guide's pictures and for checking the GUI end to end on a real model under Xvfb.
void take_screenshots_when_ready(rs::gui::MainWindow& window, const QString& dir, const QStringList& files) {
    QDir().mkpath(dir);
    auto pending = std::make_shared<QStringList>(files.mid(1));
    auto grab_all = [&window, dir] {
        // One event-loop turn for the views' queued replots before the first grab.
        QTimer::singleShot(200, &window, [&window, dir] {
            auto* views = window.census_views();
            for (int i = 0; i < views->count(); ++i) {
                views->setCurrentIndex(i);
                // The experiment panel belongs in the picture of the experiment tabs.
                if (i == window.experiments_tab() || i == window.format_lab_tab())
                    if (auto* dock = window.findChild<QDockWidget*>(QStringLiteral("dock_experiment"))) dock->raise();
                QCoreApplication::processEvents();  // a one-shot tool, not the GUI's event handling
                for (auto* plot : views->widget(i)->findChildren<QCustomPlot*>()) plot->replot();
                QCoreApplication::processEvents();
                window.grab().save(QDir(dir).filePath(QStringLiteral("%1-tab.png").arg(i + 1)));
            }
            QCoreApplication::exit(0);
        });
    };
    // Each opened file hands over to the next; the last one takes the pictures.
    auto next = [&window, pending, grab_all] {
        if (pending->isEmpty()) {
            grab_all();
            return;
        }
        const QString file = pending->takeFirst();
        QMetaObject::invokeMethod(&window, [&window, file] {
            if (!window.open_path(file)) QCoreApplication::exit(1);
        }, Qt::QueuedConnection);
    };
    QObject::connect(&window, &rs::gui::MainWindow::model_loaded, &window, [&window] {
        if (!window.run_census()) QCoreApplication::exit(1);
    });
    QObject::connect(&window, &rs::gui::MainWindow::report_ready, &window, next);
    QObject::connect(&window, &rs::gui::MainWindow::run_report_ready, &window, next);
    QObject::connect(&window, &rs::gui::MainWindow::job_failed, &window, [](const QString& message, bool) {
        fprintf(stderr, "rotoscope: %s\n", qPrintable(message));
        QCoreApplication::exit(1);
    });
}
}  // namespace

int main(int argc, char** argv) {
    // Before anything reads QSettings: these name the settings file.
    QCoreApplication::setOrganizationName(QStringLiteral("Rotoscope"));
    QCoreApplication::setApplicationName(QStringLiteral("rotoscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ROTOSCOPE_VERSION));
    QApplication app(argc, argv);
    QApplication::setWindowIcon(app_icon());

    rs::gui::Translations translations;
    translations.apply(rs::gui::saved_language());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Rotoscope: rotation-based low-bit quantization workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("A model (.gguf or a Hugging Face directory), a census report or a run report "
                                                "(.h5) to open; with --screenshots, several, opened in turn."),
                                 QStringLiteral("[file...]"));
    QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                   QStringLiteral("Open the files, save a PNG of the window per tab into DIR, and quit."),
                                   QStringLiteral("DIR"));
    parser.addOption(screenshots);
    parser.process(app);

    rs::gui::MainWindow window(translations);
    if (parser.isSet(screenshots)) {
        window.resize(1500, 950);
        take_screenshots_when_ready(window, parser.value(screenshots), parser.positionalArguments());
    }
    window.show();
    // Opened once the event loop runs, so that the window appears first and shows the progress.
    if (const QStringList files = parser.positionalArguments(); !files.isEmpty())
        QMetaObject::invokeMethod(&window, [&window, file = files.front()] { window.open_path(file); }, Qt::QueuedConnection);
    return app.exec();
}
