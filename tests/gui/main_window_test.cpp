// The main window shell: menus, the placeholder plot, live language switching, About, and the
// window geometry round trip through QSettings. Runs on QT_QPA_PLATFORM=offscreen.
#include <QActionGroup>
#include <QApplication>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>
#include <qcustomplot.h>

#include "i18n.h"
#include "main_window.h"

using rs::gui::MainWindow;

class MainWindowTest : public QObject {
    Q_OBJECT

private:
    rs::gui::Translations translations_;

    static QMenu* menu(const MainWindow& w, const char* name) {
        return w.findChild<QMenu*>(QLatin1String(name));
    }
    static QAction* action(const MainWindow& w, const char* name) {
        return w.findChild<QAction*>(QLatin1String(name));
    }

private slots:
    void initTestCase() {
        // Keep the developer's real settings out of it: test mode puts QSettings under ~/.qttest.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("Rotoscope"));
        QCoreApplication::setApplicationName(QStringLiteral("rotoscope"));
        // Closing the only window must not end the test run.
        QApplication::setQuitOnLastWindowClosed(false);
    }

    void init() {
        QSettings().clear();
        QVERIFY(translations_.apply(QStringLiteral("en")));
    }

    void cleanup() {
        translations_.apply(QStringLiteral("en"));
        QSettings().clear();
    }

    void has_the_menus() {
        MainWindow w(translations_);
        QCOMPARE(menu(w, "menu_file")->title(), QStringLiteral("&File"));
        QCOMPARE(menu(w, "menu_view")->title(), QStringLiteral("&View"));
        QCOMPARE(menu(w, "menu_help")->title(), QStringLiteral("&Help"));
        QCOMPARE(menu(w, "menu_language")->title(), QStringLiteral("&Language"));
        QCOMPARE(menu(w, "menu_language")->actions().size(), 4);
        QVERIFY(action(w, "action_quit"));
        QCOMPARE(action(w, "action_about")->text(), QStringLiteral("&About Rotoscope"));
        // The menu bar shows exactly File, View, Help: no placeholder entries.
        QCOMPARE(w.menuBar()->actions().size(), 3);
    }

    void central_widget_is_a_placeholder_plot() {
        MainWindow w(translations_);
        auto* plot = qobject_cast<QCustomPlot*>(w.centralWidget());
        QVERIFY(plot);
        auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0));
        QVERIFY(title);
        QCOMPARE(title->text(), QStringLiteral("No model loaded"));
        QCOMPARE(plot->graphCount(), 0);
        QCOMPARE(plot->itemCount(), 1);
        auto* hint = qobject_cast<QCPItemText*>(plot->item(0));
        QVERIFY(hint);
        QVERIFY(hint->text().contains(QStringLiteral("rotoscope-cli info default")));
    }

    void translations_are_embedded() {
        QVERIFY(QFile::exists(QStringLiteral(":/i18n/rotoscope_ru.qm")));
        QVERIFY(QFile::exists(QStringLiteral(":/i18n/rotoscope_zh_CN.qm")));
        QVERIFY(QFile::exists(QStringLiteral(":/icons/rotoscope.svg")));
    }

    void switching_to_russian_retranslates_live() {
        MainWindow w(translations_);
        action(w, "action_language_ru")->trigger();
        QCOMPARE(translations_.current(), QStringLiteral("ru"));
        QCOMPARE(rs::gui::saved_language(), QStringLiteral("ru"));
        QVERIFY(action(w, "action_language_ru")->isChecked());
        // LanguageChange is posted, so the titles change once the event loop has run.
        QTRY_COMPARE(menu(w, "menu_file")->title(), QStringLiteral("&Файл"));
        QCOMPARE(menu(w, "menu_help")->title(), QStringLiteral("&Справка"));
        auto* plot = qobject_cast<QCustomPlot*>(w.centralWidget());
        QCOMPARE(qobject_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0))->text(),
                 QStringLiteral("Модель не загружена"));
        // The language names stay in their own language.
        QCOMPARE(action(w, "action_language_zh_CN")->text(), QStringLiteral("简体中文"));

        action(w, "action_language_en")->trigger();
        QTRY_COMPARE(menu(w, "menu_file")->title(), QStringLiteral("&File"));
    }

    void switching_to_chinese_retranslates_live() {
        MainWindow w(translations_);
        action(w, "action_language_zh_CN")->trigger();
        QTRY_COMPARE(menu(w, "menu_file")->title(), QStringLiteral("文件(&F)"));
        QCOMPARE(action(w, "action_language_system")->text(), QStringLiteral("跟随系统"));
    }

    void saved_language_is_checked_at_start() {
        rs::gui::save_language(QStringLiteral("ru"));
        QVERIFY(translations_.apply(rs::gui::saved_language()));
        MainWindow w(translations_);
        QVERIFY(action(w, "action_language_ru")->isChecked());
        QCOMPARE(menu(w, "menu_file")->title(), QStringLiteral("&Файл"));
    }

    void about_names_version_and_commit() {
        MainWindow w(translations_);
        const QString text = w.about_text();
        QVERIFY2(text.contains(QLatin1String(ROTOSCOPE_VERSION)), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String(ROTOSCOPE_GIT_COMMIT)), qPrintable(text));
    }

    void window_geometry_round_trips() {
        {
            MainWindow w(translations_);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.resize(812, 534);
            action(w, "action_quit")->trigger();  // closes, and closeEvent() saves
            QVERIFY(!w.isVisible());
        }
        QVERIFY(QSettings().contains(QStringLiteral("main_window/geometry")));
        MainWindow again(translations_);
        QCOMPARE(again.size(), QSize(812, 534));
    }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
