// The main window without a model: menus, docks, the empty census views, live language
// switching, About, and the window and panel state round trip through QSettings.
// Runs on QT_QPA_PLATFORM=offscreen. Loading and running things is in workbench_test.cpp.
#include <QActionGroup>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QThread>
#include <atomic>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

#include "calibration_panel.h"
#include "census/census_views.h"
#include "core/version.h"
#include "i18n.h"
#include "job_runner.h"
#include "job_status.h"
#include "main_window.h"
#include "message_bar.h"
#include "model_tree_model.h"

using rs::gui::JobRunner;
using rs::gui::JobStatus;
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
    static QString status_text(const MainWindow& w) {
        return w.findChild<QLabel*>(QStringLiteral("status_label"))->text();
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
        QCOMPARE(menu(w, "menu_run")->title(), QStringLiteral("&Run"));
        QCOMPARE(menu(w, "menu_language")->title(), QStringLiteral("&Language"));
        QCOMPARE(menu(w, "menu_language")->actions().size(), 4);
        QVERIFY(action(w, "action_quit"));
        QVERIFY(action(w, "action_open_model"));
        QVERIFY(action(w, "action_open_model_directory"));
        QVERIFY(action(w, "action_open_report"));
        QVERIFY(menu(w, "menu_recent"));
        QCOMPARE(action(w, "action_about")->text(), QStringLiteral("&About Rotoscope"));
        // File, View, Run, Help, and nothing else.
        QCOMPARE(w.menuBar()->actions().size(), 4);
    }

    void starts_empty_and_says_why_nothing_runs() {
        MainWindow w(translations_);
        QVERIFY(w.census_views());
        QVERIFY(w.centralWidget()->isAncestorOf(w.census_views()));
        QCOMPARE(w.census_views()->report(), nullptr);
        QCOMPARE(w.report(), nullptr);
        QVERIFY(!w.has_model());
        QCOMPARE(w.model_tree_model()->rowCount(), 0);
        QCOMPARE(status_text(w), QStringLiteral("No model loaded"));
        QCOMPARE(w.windowTitle(), QStringLiteral("Rotoscope"));
        QVERIFY(w.last_error().isEmpty());
        QVERIFY(w.message_bar()->isHidden());

        // Nothing to run or export yet, and the disabled button says why.
        QPushButton* run = w.calibration_panel()->run_button();
        QVERIFY(!run->isEnabled());
        QVERIFY2(run->toolTip().contains(QStringLiteral("Open a model")), qPrintable(run->toolTip()));
        QVERIFY(!action(w, "action_run_census")->isEnabled());
        QVERIFY(!action(w, "action_cancel")->isEnabled());
        QVERIFY(!action(w, "action_export_census")->isEnabled());
        QVERIFY(!action(w, "action_export_plot")->isEnabled());
        QVERIFY(!w.run_census());
        QVERIFY(!w.last_error().isEmpty());

        auto* model_dock = w.findChild<QDockWidget*>(QStringLiteral("dock_model"));
        auto* calibration_dock = w.findChild<QDockWidget*>(QStringLiteral("dock_calibration"));
        QVERIFY(model_dock && calibration_dock);
        QCOMPARE(model_dock->windowTitle(), QStringLiteral("Model"));
        QCOMPARE(calibration_dock->windowTitle(), QStringLiteral("Calibration"));
        QCOMPARE(w.dockWidgetArea(model_dock), Qt::LeftDockWidgetArea);
        QCOMPARE(w.dockWidgetArea(calibration_dock), Qt::LeftDockWidgetArea);
    }

    void calibration_defaults_follow_the_census_config() {
        MainWindow w(translations_);
        const rs::AnalyzeConfig c = w.calibration_panel()->config();
        // The documented defaults (issue 3): 32 windows of 512 tokens, seed 0, |x| > 100, ratio 1000.
        QCOMPARE(c.census.windows, 32);
        QCOMPARE(c.census.ctx, 512);
        QCOMPARE(c.census.seed, uint64_t{0});
        QCOMPARE(c.census.massive_abs, 100.0);
        QCOMPARE(c.census.massive_ratio, 1000.0);
        QCOMPARE(c.corpus, rs::default_calibration_corpus_name());
    }

    void opening_an_unknown_file_kind_is_an_error_in_the_bar() {
        MainWindow w(translations_);
        QVERIFY(!w.open_path(QStringLiteral("/nowhere/notes.docx")));
        QVERIFY(w.last_error().contains(QStringLiteral("/nowhere/notes.docx")));
        QVERIFY(!w.message_bar()->isHidden());
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
        QCOMPARE(status_text(w), QStringLiteral("Модель не загружена"));
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
        QVERIFY2(text.contains(QLatin1String(rs::git_commit())), qPrintable(text));
    }

    void window_geometry_round_trips() {
        QSize size;
        {
            MainWindow w(translations_);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            // Neither the default size nor below the docks' and views' minimum, which would clamp it.
            size = w.minimumSizeHint().expandedTo(QSize(812, 534)) + QSize(31, 17);
            QVERIFY(size != w.size());
            w.resize(size);
            action(w, "action_quit")->trigger();  // closes, and closeEvent() saves
            QVERIFY(!w.isVisible());
        }
        QVERIFY(QSettings().contains(QStringLiteral("main_window/geometry")));
        MainWindow again(translations_);
        QCOMPARE(again.size(), size);
    }

    void dock_layout_round_trips() {
        {
            MainWindow w(translations_);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.findChild<QDockWidget*>(QStringLiteral("dock_calibration"))->hide();
            w.close();
        }
        MainWindow again(translations_);
        QVERIFY(again.findChild<QDockWidget*>(QStringLiteral("dock_calibration"))->isHidden());
        QVERIFY(!again.findChild<QDockWidget*>(QStringLiteral("dock_model"))->isHidden());
    }

    void calibration_settings_round_trip() {
        const QString text_file = QStringLiteral("/data/calibration.txt");
        {
            MainWindow w(translations_);
            rs::gui::CalibrationPanel* p = w.calibration_panel();
            p->set_corpus(text_file);
            p->set_windows(7);
            p->set_ctx(99);
            p->set_seed(1234);
            p->set_capture_tokens(33);
            p->set_massive_thresholds(55.5, 321.0);
            w.close();
        }
        MainWindow again(translations_);
        const rs::AnalyzeConfig c = again.calibration_panel()->config();
        QVERIFY(again.calibration_panel()->uses_text_file());
        QCOMPARE(QString::fromStdString(c.corpus), text_file);
        QCOMPARE(c.census.windows, 7);
        QCOMPARE(c.census.ctx, 99);
        QCOMPARE(c.census.seed, uint64_t{1234});
        QCOMPARE(c.census.capture_tokens, 33);
        QCOMPARE(c.census.massive_abs, 55.5);
        QCOMPARE(c.census.massive_ratio, 321.0);

        // A named corpus is remembered by name.
        again.calibration_panel()->set_corpus(QStringLiteral("devils-dictionary"));
        again.close();
        MainWindow third(translations_);
        QVERIFY(!third.calibration_panel()->uses_text_file());
        QCOMPARE(third.calibration_panel()->corpus(), QStringLiteral("devils-dictionary"));
    }

    // Every stage of the engine's table reads as words, in English and translated.
    void every_engine_stage_has_a_title() {
        QCOMPARE(JobStatus::stage_title(rs::Stage::Fusing), QStringLiteral("Fusing rotations"));
        QCOMPARE(JobStatus::stage_title(rs::Stage::Loading), QStringLiteral("Loading weights"));
        QCOMPARE(JobStatus::stage_title(rs::Stage::Evaluating, 3, 12), QStringLiteral("Run 3 of 12: Evaluating the quantized model"));
        QCOMPARE(JobStatus::stage_title(rs::Stage::ProbingLinears, 1, 1), QStringLiteral("Run 1 of 1: Probing linears"));

        // The status bar shows it with the job's title and the count.
        JobRunner runner;
        JobStatus status(runner);
        std::atomic<bool> release{false};
        // A failed check returns early: the worker must still be let go.
        const auto let_go = qScopeGuard([&] { release = true; });
        QSignalSpy progress(&runner, &JobRunner::progress);
        QVERIFY(runner.start(QStringLiteral("Running recipes"), [&release](const rs::Progress& p) -> std::any {
            p.for_run(2, 6)(rs::Stage::QuantizingWeights, 3, 30);
            while (!release) QThread::msleep(5);
            return {};
        }));
        QVERIFY(progress.wait(10000));
        QCOMPARE(status.stage_text(), QStringLiteral("Running recipes: Run 2 of 6: Quantizing weights, 3 of 30"));
        release = true;
        runner.wait_for_worker();

        constexpr int n = static_cast<int>(rs::Stage::Count);
        QStringList english;
        for (int i = 0; i < n; ++i) {
            const QString title = JobStatus::stage_title(static_cast<rs::Stage>(i));
            QVERIFY2(!title.isEmpty() && title != QLatin1String(rs::stage_key(static_cast<rs::Stage>(i))), qPrintable(title));
            QVERIFY2(!english.contains(title), qPrintable(title));
            english << title;
        }
        QVERIFY(translations_.apply(QStringLiteral("ru")));
        const QString ru = JobStatus::stage_title(rs::Stage::Fusing, 2, 6);
        QVERIFY2(ru.contains(QLatin1String("2")) && ru.contains(QLatin1String("6")), qPrintable(ru));
        QVERIFY2(ru.contains(JobStatus::stage_title(rs::Stage::Fusing)), qPrintable(ru));
        QVERIFY2(!ru.contains(QLatin1String("Run")) && !ru.contains(QLatin1String("Fusing")), qPrintable(ru));
        // Every title is translated in both languages.
        for (const QString& language : {QStringLiteral("ru"), QStringLiteral("zh_CN")}) {
            QVERIFY(translations_.apply(language));
            for (int i = 0; i < n; ++i) {
                const QString title = JobStatus::stage_title(static_cast<rs::Stage>(i));
                QVERIFY2(!title.isEmpty() && title != english[i], qPrintable(language + QLatin1String(": ") + title));
            }
        }
    }

    // GPTQ's steps name the layer and the input it solves; the status line shows the linears.
    void gptq_steps_show_their_layer_and_linears() {
        QCOMPARE(JobStatus::item_text(rs::Stage::Gptq, QStringLiteral("layer 3 gate_up")), QStringLiteral("layer 3: gate_proj, up_proj"));
        QCOMPARE(JobStatus::item_text(rs::Stage::Gptq, QStringLiteral("layer 0 qkv")), QStringLiteral("layer 0: q_proj, k_proj, v_proj"));
        QCOMPARE(JobStatus::item_text(rs::Stage::Gptq, QStringLiteral("layer 12 o")), QStringLiteral("layer 12: o_proj"));
        QCOMPARE(JobStatus::item_text(rs::Stage::Gptq, QStringLiteral("layer 7 done")), QStringLiteral("layer 7 done"));
        QCOMPARE(JobStatus::item_text(rs::Stage::Gptq, QStringLiteral("something else")), QStringLiteral("something else"));
        // Stages of many small items show the count only.
        QVERIFY(JobStatus::item_text(rs::Stage::Loading, QStringLiteral("blk.0.attn_q.weight")).isEmpty());

        JobRunner runner;
        JobStatus status(runner);
        std::atomic<bool> release{false};
        const auto let_go = qScopeGuard([&] { release = true; });
        QSignalSpy progress(&runner, &JobRunner::progress);
        QVERIFY(runner.start(QStringLiteral("Experiment"), [&release](const rs::Progress& p) -> std::any {
            const rs::Progress run = p.for_run(1, 2);
            // Within a millisecond: the throttle passes each one all the same, since each names
            // the solve that runs until the next.
            run(rs::Stage::Gptq, 0, 8, "layer 0 qkv");
            run(rs::Stage::Gptq, 1, 8, "layer 0 o");
            run(rs::Stage::Gptq, 2, 8, "layer 0 gate_up");
            while (!release) QThread::msleep(5);
            return {};
        }));
        while (progress.count() < 3)
            if (!progress.wait(10000)) break;
        QCOMPARE(progress.count(), 3);
        QCOMPARE(progress.last().at(5).toString(), QStringLiteral("layer 0 gate_up"));
        QCOMPARE(status.stage_text(), QStringLiteral("Experiment: Run 1 of 2: GPTQ: capturing Hessians and solving, layer by "
                                                     "layer, 2 of 8 — layer 0: gate_proj, up_proj"));
        QVERIFY(translations_.apply(QStringLiteral("ru")));
        // LanguageChange is posted: the label changes once the event loop has run.
        QTRY_VERIFY(!status.stage_text().contains(QLatin1String("layer")));
        const QString ru = status.stage_text();
        QVERIFY2(ru.contains(QLatin1String("gate_proj, up_proj")) && ru.contains(QLatin1String("2")), qPrintable(ru));
        QVERIFY(translations_.apply(QStringLiteral("en")));
        release = true;
        runner.wait_for_worker();
    }
};

QTEST_MAIN(MainWindowTest)
#include "main_window_test.moc"
