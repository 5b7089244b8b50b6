// rotoscope: the desktop workbench. Everything but start-up lives in the widgets library.
#include <QApplication>
#include <QIcon>
#include <QImageReader>

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

    rs::gui::MainWindow window(translations);
    window.show();
    return app.exec();
}
