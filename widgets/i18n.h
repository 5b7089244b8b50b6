// Which language the GUI speaks. Our strings come from :/i18n/rotoscope_<lang>.qm (compiled from
// translations/*.ts and embedded by qt_add_translations); Qt's own strings (standard buttons,
// file dialogs) from qtbase_<lang>.qm in Qt's translations folder, so that a Russian window
// does not offer an English "Cancel".
#pragma once
#include <QList>
#include <QLocale>
#include <QString>
#include <QTranslator>

namespace rs::gui {

struct Language {
    QString code;         // "" follows the system locale; otherwise a QLocale name: "en", "ru", "zh_CN"
    QString native_name;  // in its own language, so it can be found whatever the UI language is
};

// The choices in View > Language, "follow the system" first (its name is empty: the menu
// translates it).
QList<Language> languages();

// The choice persisted in QSettings ("" when the user never chose).
QString saved_language();
void save_language(const QString& code);

// Owns the installed translators. Installing or removing one makes Qt post
// QEvent::LanguageChange to every window, which retranslates itself in changeEvent().
class Translations {
public:
    Translations() = default;
    Translations(const Translations&) = delete;
    Translations& operator=(const Translations&) = delete;

    // Switches to `code` (see Language::code), replacing what was installed before.
    // Returns false when there is no translation for it; the GUI is then in English.
    bool apply(const QString& code);
    // The code last given to apply().
    QString current() const { return current_; }

private:
    void uninstall();

    QTranslator ours_;
    QTranslator qt_;
    bool ours_installed_ = false;
    bool qt_installed_ = false;
    QString current_;
};

}  // namespace rs::gui
