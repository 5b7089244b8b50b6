// The rotation-fitting view: its site table passes QAbstractItemModelTester and shows the
// engine's measures; the form builds the FitConfig and refuses bad settings in one line; in the
// window a fit runs on the worker with the loss curve drawn as it goes (the points are the fit's
// own losses), is saved as a fit report, reopened, and put into the experiment panel as R1/R2;
// Cancel stops it with nothing kept. Offscreen; waits with QSignalSpy, never with sleeps.
// ROTOSCOPE_SCREENSHOT_DIR=<dir> saves a PNG of the view after a fit.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <qcustomplot.h>

#include "census/census_views.h"
#include "engine/support/tiny_gguf.h"
#include "experiment/experiment_panel.h"
#include "fitting/fit_sites_model.h"
#include "fitting/fit_view.h"
#include "i18n.h"
#include "job_runner.h"
#include "main_window.h"
#include "support/window_waits.h"
#include "core/json_io.h"
#include "report/fit_report.h"

using rs::gui::testing::wait_idle;
using rs::gui::testing::points;
using rs::gui::FitSitesModel;
using rs::gui::FitView;
using rs::gui::JobRunner;
using rs::gui::MainWindow;

namespace {
constexpr int kJobTimeoutMs = 120000;

}  // namespace

class FitViewTest : public QObject {
    Q_OBJECT

private:
    rs::gui::Translations translations_;
    QTemporaryDir dir_;
    QString model_path_, corpus_path_;

    QString path(const QString& name) const { return dir_.filePath(name); }

    void load_model(MainWindow& w) {
        QSignalSpy loaded(&w, &MainWindow::model_loaded);
        QVERIFY(w.open_model(model_path_));
        QVERIFY(wait_idle(w));
        QVERIFY2(loaded.count() == 1, qPrintable(w.last_error()));
    }

    void set_small_cayley(FitView* v, int steps) {
        v->method_combo()->setCurrentIndex(v->method_combo()->findData(static_cast<int>(rs::FitMethod::Cayley)));
        v->format_combo()->setCurrentText(QStringLiteral("int4:token"));
        v->corpus_edit()->setText(corpus_path_);
        v->windows_spin()->setValue(2);
        v->ctx_spin()->setValue(24);
        v->steps_spin()->setValue(steps);
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("Rotoscope"));
        QCoreApplication::setApplicationName(QStringLiteral("rotoscope-fit-view-test"));
        QApplication::setQuitOnLastWindowClosed(false);
        QVERIFY(translations_.apply(QStringLiteral("en")));
        QVERIFY(dir_.isValid());
        model_path_ = path(QStringLiteral("tiny.gguf"));
        rs::testing::write_tiny_gguf(model_path_.toStdString(), 32, 2);
        corpus_path_ = path(QStringLiteral("corpus.txt"));
        rs::testing::write_tiny_corpus(corpus_path_.toStdString());
    }

    void sites_model_passes_the_tester_and_shows_the_measures() {
        FitSitesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.set_measures({{0, rs::LinearInput::QKV, 40.0, 12.5, 0.02}, {0, rs::LinearInput::GateUp, 8.0, 4.0, 0.01}},
                           {{0, rs::LinearInput::QKV, 6.0, 3.5, 0.005}, {0, rs::LinearInput::GateUp, 5.0, 3.2, 0.004}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(FitSitesModel::ColumnCount));
        QCOMPARE(model.data(model.index(0, FitSitesModel::SiteColumn)).toString(), QStringLiteral("qkv"));
        QCOMPARE(model.data(model.index(1, FitSitesModel::SiteColumn)).toString(), QStringLiteral("gate_up"));
        QCOMPARE(model.data(model.index(0, FitSitesModel::RatioStartColumn), FitSitesModel::SortRole).toDouble(), 40.0);
        QCOMPARE(model.data(model.index(0, FitSitesModel::RatioFittedColumn), FitSitesModel::SortRole).toDouble(), 6.0);
        QCOMPARE(model.data(model.index(1, FitSitesModel::ErrorFittedColumn), FitSitesModel::SortRole).toDouble(), 0.004);
        // Unequal lists: the common prefix.
        model.set_measures({{0, rs::LinearInput::QKV, 1, 1, 1}}, {});
        QCOMPARE(model.rowCount(), 0);
    }

    void the_form_builds_the_config_and_refuses_bad_settings() {
        FitView v;
        v.set_run_enabled(true);
        QString problem;
        std::optional<rs::FitConfig> c = v.config(&problem);
        QVERIFY2(c.has_value(), qPrintable(problem));
        QCOMPARE(c->method, rs::FitMethod::Procrustes);
        QCOMPARE(c->calibration.windows, 1);   // DFRot: one window of 2048 tokens
        QCOMPARE(c->calibration.ctx, 2048);
        QCOMPARE(c->procrustes.rounds, 100);
        QVERIFY(v.kv_edit()->isHidden());
        QVERIFY(v.run_button()->isEnabled());

        set_small_cayley(&v, 7);
        v.block_spin()->setValue(16);
        v.kv_edit()->setText(QStringLiteral("int4"));
        c = v.config(&problem);
        QVERIFY2(c.has_value(), qPrintable(problem));
        QCOMPARE(c->method, rs::FitMethod::Cayley);
        QCOMPARE(c->cayley.steps, 7);
        QCOMPARE(c->block, 16);
        QCOMPARE(QString::fromStdString(rs::quant::format_spec_name(*c->kv)), QStringLiteral("int4"));
        QCOMPARE(c->cayley.eval_windows, 2);  // at most the windows there are
        QVERIFY(!v.kv_edit()->isHidden());

        v.format_combo()->setCurrentText(QStringLiteral("int4:g16"));
        QVERIFY(!v.config(&problem).has_value());
        QVERIFY(problem.contains(QStringLiteral("per token")));
        QVERIFY(!v.problem_label()->isHidden());
        QVERIFY(!v.run_button()->isEnabled());
        v.format_combo()->setCurrentText(QStringLiteral("mxfp4"));
        v.block_spin()->setValue(7);  // no Hadamard matrix of order 7
        QVERIFY(!v.config(&problem).has_value());
        QVERIFY(!v.run_button()->isEnabled());

        // A configuration round-trips through the form.
        rs::FitConfig want;
        want.method = rs::FitMethod::Procrustes;
        want.activations = rs::quant::parse_format_spec("nvfp4");
        want.block = 32;
        want.procrustes.rounds = 9;
        want.procrustes.alpha = 50;
        want.calibration = {corpus_path_.toStdString(), 3, 128, 0};
        v.set_config(want);
        c = v.config(&problem);
        QVERIFY2(c.has_value(), qPrintable(problem));
        QCOMPARE(c->block, 32);
        QCOMPARE(c->procrustes.rounds, 9);
        QCOMPARE(c->procrustes.alpha, 50.0);
        QCOMPARE(c->calibration.windows, 3);
        QCOMPARE(QString::fromStdString(c->calibration.corpus), corpus_path_);
    }

    void a_fit_draws_its_curve_live_and_is_saved_reopened_and_used() {
        MainWindow w(translations_);
        w.resize(1300, 800);
        load_model(w);
        FitView* v = w.fit_view();
        set_small_cayley(v, 4);
        QVERIFY(v->run_button()->isEnabled());
        QSignalSpy finished(&w, &MainWindow::fit_finished);
        QSignalSpy progress(w.job_runner(), &JobRunner::progress);
        v->run_button()->click();
        QVERIFY(w.job_runner()->busy());
        QCOMPARE(w.census_views()->currentIndex(), w.fit_tab());
        QVERIFY(wait_idle(w));
        QVERIFY2(finished.count() == 1, qPrintable(w.last_error()));
        QVERIFY(progress.count() > 0);

        const std::shared_ptr<const rs::FitReport> rep = v->result();
        QVERIFY(rep);
        QCOMPARE(rep->config.cayley.steps, 4);
        QCOMPARE(static_cast<int>(rep->result.loss.size()), 5);
        const auto curve = points(v->loss_graph());
        QCOMPARE(static_cast<int>(curve.size()), 5);
        for (size_t k = 0; k < curve.size(); ++k) {
            QCOMPARE(curve[k].first, double(k));
            QCOMPARE(curve[k].second, rep->result.loss[k]);
        }
        QCOMPARE(v->sites_model()->rowCount(), 4);  // two layers x (qkv, gate_up)
        QVERIFY(!v->summary_label()->text().isEmpty());
        QVERIFY(v->save_button()->isEnabled());
        QVERIFY(!v->use_button()->isEnabled());  // not saved yet

        if (const QString dir = qEnvironmentVariable("ROTOSCOPE_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QDir().mkpath(dir);
            w.show();
            QCoreApplication::sendPostedEvents();
            QVERIFY(w.grab().save(QDir(dir).filePath(QStringLiteral("fit-view.png"))));
        }

        const QString file = path(QStringLiteral("fit.h5"));
        QSignalSpy saved(&w, &MainWindow::fit_report_saved);
        QVERIFY(w.save_fit_report(file));
        QVERIFY(wait_idle(w));
        QVERIFY2(saved.count() == 1, qPrintable(w.last_error()));
        const rs::FitReport back = rs::read_fit_report(file.toStdString());
        QVERIFY2(back.config == rep->config, (rs::dump_json(rs::fit_config_to_json(back.config)) + " vs " +
                                               rs::dump_json(rs::fit_config_to_json(rep->config))).c_str());
        QCOMPARE(back.result.loss, rep->result.loss);
        QVERIFY(v->use_button()->isEnabled());

        QVERIFY(w.use_fitted_rotation());
        const rs::Recipe recipe = w.experiment_panel()->recipe();
        QCOMPARE(QString::fromStdString(rs::rotation_name(recipe.rotation.r1)), QStringLiteral("file:") + file + QStringLiteral("#/rotation/r1"));
        QCOMPARE(QString::fromStdString(recipe.rotation.r2.dataset), QStringLiteral("/rotation/r2"));
        QVERIFY2(w.experiment_panel()->problem().isEmpty(), qPrintable(w.experiment_panel()->problem()));

        // Reopened, the report shows in the view with its curve and sites.
        MainWindow fresh(translations_);
        QSignalSpy reopened(&fresh, &MainWindow::fit_finished);
        QVERIFY(fresh.open_report(file));
        QVERIFY(wait_idle(fresh));
        QVERIFY2(reopened.count() == 1, qPrintable(fresh.last_error()));
        QCOMPARE(static_cast<int>(points(fresh.fit_view()->loss_graph()).size()), 5);
        QCOMPARE(fresh.fit_view()->sites_model()->rowCount(), 4);
        QCOMPARE(fresh.fit_view()->saved_path(), file);
        QCOMPARE(fresh.census_views()->currentIndex(), fresh.fit_tab());
    }

    void cancel_stops_a_fit_and_keeps_nothing() {
        MainWindow w(translations_);
        load_model(w);
        FitView* v = w.fit_view();
        set_small_cayley(v, 100000);
        QSignalSpy failed(&w, &MainWindow::job_failed);
        QSignalSpy point(v, &FitView::loss_point_added);
        QVERIFY(w.run_fit());
        // Cancel once the curve has its first point.
        QVERIFY(point.wait(kJobTimeoutMs));
        QVERIFY(!v->loss_graph()->data()->isEmpty());
        w.cancel();
        QVERIFY(wait_idle(w));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(1).toBool(), true);
        QVERIFY(!v->result());
        QVERIFY(!v->save_button()->isEnabled());
    }
};

QTEST_MAIN(FitViewTest)
#include "fit_view_test.moc"
