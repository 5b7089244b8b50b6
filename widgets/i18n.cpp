#include "i18n.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>

namespace rs::gui {
namespace {
constexpr auto kLanguageKey = "ui/language";
}

QList<Language> languages() {
    return {
        {QString(), QString()},
        {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("ru"), QStringLiteral("Русский")},
        {QStringLiteral("zh_CN"), QStringLiteral("简体中文")},
    };
}

QString saved_language() { return QSettings().value(QLatin1String(kLanguageKey)).toString(); }

void save_language(const QString& code) { QSettings().setValue(QLatin1String(kLanguageKey), code); }

void Translations::uninstall() {
    if (ours_installed_) QCoreApplication::removeTranslator(&ours_);
    if (qt_installed_) QCoreApplication::removeTranslator(&qt_);
    ours_installed_ = qt_installed_ = false;
}

bool Translations::apply(const QString& code) {
    uninstall();
    current_ = code;
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    // Numbers in spin boxes and plots follow the chosen language too, not only the words.
    QLocale::setDefault(locale);
    // The source strings are English: nothing to load, and nothing missing.
    if (locale.language() == QLocale::English || locale.language() == QLocale::C) return true;

    // load(QLocale, ...) walks locale.uiLanguages(), so "ru_UA" still finds rotoscope_ru.qm.
    const QString ui = QStringLiteral(":/i18n");
    if (ours_.load(locale, QStringLiteral("rotoscope"), QStringLiteral("_"), ui))
        ours_installed_ = QCoreApplication::installTranslator(&ours_);
    // Qt's own catalogue is optional (Debian ships it in qt6-translations-l10n).
    if (qt_.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        qt_installed_ = QCoreApplication::installTranslator(&qt_);
    return ours_installed_;
}

}  // namespace rs::gui
