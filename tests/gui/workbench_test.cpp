// The workbench end to end on a tiny generated model: the job runner, opening a model (tree of
// linears), a census on a text file (the plots hold the engine's numbers, and layer 0's input
// statistics match a naive recomputation from the weights), export and re-import of the HDF5
// report, broken reports and models, cancellation, recent files, drag and drop, plot export.
// Runs on QT_QPA_PLATFORM=offscreen; waits with QSignalSpy, never with sleeps.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>
#include <QtTest>
#include <atomic>
#include <cmath>
#include <nlohmann/json.hpp>
#include <qcustomplot.h>

#include "backend/backend.h"
#include "calibration_panel.h"
#include "census/census_views.h"
#include "census/channel_absmax_view.h"
#include "census/layer_curves_view.h"
#include "core/error.h"
#include "engine/support/model_files.h"
#include "engine/support/tiny_gguf.h"
#include "engine/support/tiny_model.h"
#include "i18n.h"
#include "job_runner.h"
#include "job_status.h"
#include "main_window.h"
#include "support/window_waits.h"
#include "message_bar.h"
#include "model_panel.h"
#include "model_tree_model.h"
#include "recent_files.h"
#include "report/census_report.h"

using rs::gui::JobRunner;
using rs::gui::testing::points;
using rs::gui::testing::wait_idle;
using rs::gui::MainWindow;

namespace {
constexpr int kJobTimeoutMs = 120000;

void write_bytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

QByteArray random_bytes(int n, quint32 seed) {
    QRandomGenerator rng(seed);
    QByteArray bytes(n, '\0');
    for (char& c : bytes) c = static_cast<char>(rng.bounded(256));
    return bytes;
}

}  // namespace

class WorkbenchTest : public QObject {
    Q_OBJECT

private:
    rs::gui::Translations translations_;
    QTemporaryDir dir_;
    rs::Model model_;
    QString model_path_;
    QString corpus_path_;

    QString path(const QString& name) const { return dir_.filePath(name); }

    void load_model(MainWindow& w, const QString& file) {
        QSignalSpy loaded(&w, &MainWindow::model_loaded);
        QVERIFY(w.open_model(file));
        QVERIFY(wait_idle(w));
        QVERIFY2(loaded.count() == 1, qPrintable(w.last_error()));
    }

    void run_small_census(MainWindow& w) {
        rs::gui::CalibrationPanel* panel = w.calibration_panel();
        panel->set_corpus(corpus_path_);
        panel->set_windows(2);
        panel->set_ctx(16);
        panel->set_seed(7);
        panel->set_capture_tokens(16);
        QSignalSpy ready(&w, &MainWindow::report_ready);
        QVERIFY(panel->run_button()->isEnabled());
        panel->run_button()->click();
        QVERIFY(w.job_runner()->busy());
        QVERIFY(wait_idle(w));
        QVERIFY2(ready.count() == 1, qPrintable(w.last_error()));
    }

    void open_report(MainWindow& w, const QString& file) {
        QSignalSpy ready(&w, &MainWindow::report_ready);
        QVERIFY(w.open_report(file));
        QVERIFY(wait_idle(w));
        QVERIFY2(ready.count() == 1, qPrintable(w.last_error()));
    }

    void save_screenshot(QWidget& w, const QString& name) {
        const QString dir = qEnvironmentVariable("ROTOSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty()) return;
        QDir().mkpath(dir);
        // The views replot with rpQueuedReplot: deliver those posted calls before grabbing.
        QCoreApplication::sendPostedEvents();
        QVERIFY(w.grab().save(QDir(dir).filePath(name)));
    }

    // The views must show the report's own numbers.
    void check_views_show(MainWindow& w, const rs::CensusReport& report) {
        rs::gui::CensusViews* views = w.census_views();
        QCOMPARE(views->report(), w.report());

        rs::gui::LayerCurvesView* curves = views->layer_curves();
        curves->set_site(rs::CensusSite::Residual);
        const auto top = points(curves->top_graph(0));
        const auto median = points(curves->median_graph());
        QCOMPARE(static_cast<int>(top.size()), report.census.n_layers);
        QCOMPARE(static_cast<int>(median.size()), report.census.n_layers);
        for (int l = 0; l < report.census.n_layers; ++l) {
            const rs::SiteCensus* s = report.census.find(l, rs::CensusSite::Residual);
            QVERIFY(s && !s->top.empty());
            QCOMPARE(top[l].first, double(l));
            // The curve is the mean over windows of each window's largest |x|.
            const size_t windows = s->window_top.size() / rs::SiteCensus::kWindowTop;
            QVERIFY(windows == report.census.calibration.windows.size());
            double sum = 0;
            for (size_t win = 0; win < windows; ++win) sum += s->window_top[win * rs::SiteCensus::kWindowTop];
            QCOMPARE(top[l].second, sum / static_cast<double>(windows));
            QVERIFY(top[l].second <= std::fabs(double(s->top[0].value)));
            QCOMPARE(median[l].second, s->median);
        }

        rs::gui::ChannelAbsmaxView* absmax = views->channel_absmax();
        for (const rs::CensusSite site : {rs::CensusSite::AttnIn, rs::CensusSite::DownIn}) {
            absmax->set_site(1, site);
            const rs::SiteCensus* s = report.census.find(1, site);
            QVERIFY(s);
            QCOMPARE(absmax->bars()->data()->size(), s->channels);
            for (auto it = absmax->bars()->data()->constBegin(); it != absmax->bars()->data()->constEnd(); ++it)
                QCOMPARE(it->value, double(s->channel_absmax[static_cast<size_t>(it->key)]));
        }
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("Rotoscope"));
        QCoreApplication::setApplicationName(QStringLiteral("rotoscope-workbench-test"));
        QApplication::setQuitOnLastWindowClosed(false);
        QVERIFY(translations_.apply(QStringLiteral("en")));
        QVERIFY(dir_.isValid());

        rs::ModelConfig c = rs::testing::tiny_config(rs::Arch::Llama);
        c.n_vocab = 260;
        c.max_context = 4096;
        model_ = rs::testing::random_model(c, 11);
        model_path_ = path(QStringLiteral("tiny.gguf"));
        rs::testing::write_model_gguf(model_, "llama", model_path_.toStdString(), [](rs::GgufWriter& w) {
            rs::testing::add_tiny_byte_bpe_tokenizer(w);
            w.set_string("general.name", "tiny-workbench");
        });

        // Enough varied text for 200 windows of 64 tokens to be drawn from.
        QString text;
        const QStringList words = {QStringLiteral("the"),    QStringLiteral("rotation"), QStringLiteral("of"),
                                   QStringLiteral("a"),      QStringLiteral("model"),    QStringLiteral("keeps"),
                                   QStringLiteral("outlier"), QStringLiteral("channels"), QStringLiteral("small,"),
                                   QStringLiteral("then"),   QStringLiteral("quantizes"), QStringLiteral("them.")};
        QRandomGenerator rng(3);
        for (int i = 0; i < 3000; ++i) text += words[rng.bounded(words.size())] + (i % 17 == 16 ? QStringLiteral("\n") : QStringLiteral(" "));
        corpus_path_ = path(QStringLiteral("corpus.txt"));
        write_bytes(corpus_path_, text.toUtf8());
    }

    void init() { QSettings().clear(); }
    void cleanup() { QSettings().clear(); }

    // ---- JobRunner on its own ----

    void job_runner_works_off_the_gui_thread() {
        JobRunner runner;
        QThread* worker_thread = nullptr;
        QThread* done_thread = nullptr;
        QSignalSpy finished(&runner, &JobRunner::finished);
        QVERIFY(runner.start(
            QStringLiteral("t"),
            [&](const rs::Progress&) -> std::any {
                worker_thread = QThread::currentThread();
                return 42;
            },
            [&](std::any& r) {
                done_thread = QThread::currentThread();
                QCOMPARE(std::any_cast<int>(r), 42);
            }));
        QVERIFY(runner.busy());
        // One job at a time.
        QVERIFY(!runner.start(QStringLiteral("second"), [](const rs::Progress&) -> std::any { return {}; }));
        QVERIFY(finished.wait(10000));
        QVERIFY(!runner.busy());
        QVERIFY(worker_thread && worker_thread != QThread::currentThread());
        QCOMPARE(done_thread, QThread::currentThread());
        QCOMPARE(std::any_cast<int>(finished.front().front().value<std::any>()), 42);
    }

    void job_runner_throttles_progress() {
        JobRunner runner;
        QSignalSpy progress(&runner, &JobRunner::progress);
        QSignalSpy finished(&runner, &JobRunner::finished);
        constexpr int kSteps = 200000;
        runner.start(QStringLiteral("t"), [](const rs::Progress& p) -> std::any {
            for (int i = 1; i <= kSteps; ++i) p(rs::Stage::Census, i, kSteps);
            return {};
        });
        QVERIFY(finished.wait(20000));
        // The first report of the stage and its last one always pass; most in between do not.
        QVERIFY(progress.count() >= 2);
        QVERIFY2(progress.count() < kSteps / 100, qPrintable(QString::number(progress.count())));
        QCOMPARE(progress.first().at(0).toInt(), static_cast<int>(rs::Stage::Census));
        QCOMPARE(progress.last().at(1).toLongLong(), qint64(kSteps));
        QCOMPARE(progress.last().at(2).toLongLong(), qint64(kSteps));
    }

    void job_runner_reports_errors() {
        JobRunner runner;
        QSignalSpy failed(&runner, &JobRunner::failed);
        QSignalSpy finished(&runner, &JobRunner::finished);
        bool done_ran = false;
        runner.start(
            QStringLiteral("t"),
            [](const rs::Progress&) -> std::any { rs::fail_input("/x/model.gguf", "bad magic"); },
            [&](std::any&) { done_ran = true; });
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.front().at(0).toString(), QStringLiteral("/x/model.gguf: bad magic"));
        QCOMPARE(failed.front().at(1).toBool(), false);
        QCOMPARE(finished.count(), 0);
        QVERIFY(!done_ran);
        QVERIFY(!runner.busy());
    }

    void job_runner_cancels() {
        JobRunner runner;
        QSignalSpy failed(&runner, &JobRunner::failed);
        QSignalSpy progress(&runner, &JobRunner::progress);
        std::atomic<bool> stopped_by_cancel{false};
        runner.start(QStringLiteral("t"), [&](const rs::Progress& p) -> std::any {
            // Runs until cancelled (bounded, so that a broken cancel fails instead of hanging).
            for (int64_t i = 0; i < (int64_t{1} << 40); ++i) {
                try {
                    p(rs::Stage::Census, i, 0);
                } catch (const rs::Error&) {
                    stopped_by_cancel = true;
                    throw;
                }
            }
            return {};
        });
        QVERIFY(progress.wait(10000));
        runner.cancel();
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.front().at(1).toBool(), true);
        QVERIFY(stopped_by_cancel);
    }

    void job_runner_destruction_cancels_and_waits() {
        std::atomic<bool> finished_work{false};
        {
            auto runner = std::make_unique<JobRunner>();
            QSignalSpy progress(runner.get(), &JobRunner::progress);
            runner->start(QStringLiteral("t"), [&](const rs::Progress& p) -> std::any {
                try {
                    for (int64_t i = 0;; ++i) p(rs::Stage::Census, i, 0);
                } catch (const rs::Error&) {
                    finished_work = true;
                    throw;
                }
            });
            QVERIFY(progress.wait(10000));
        }  // the destructor cancels, and returns only once the work has stopped
        QVERIFY(finished_work);
    }

    // ---- the window ----

    void opens_a_model_and_lists_its_linears() {
        MainWindow w(translations_);
        auto* status = w.findChild<rs::gui::JobStatus*>();
        QVERIFY(status && status->isHidden());
        QSignalSpy loaded(&w, &MainWindow::model_loaded);
        QVERIFY(w.open_model(model_path_));
        // While the job runs: the progress widgets show, and nothing else can be started.
        QVERIFY(!status->isHidden());
        QVERIFY(!w.open_model(model_path_));
        QVERIFY(w.last_error().contains(QStringLiteral("running")));
        QVERIFY(loaded.wait(kJobTimeoutMs));
        QVERIFY(wait_idle(w));
        QVERIFY(status->isHidden());
        QVERIFY(w.has_model());
        QVERIFY(w.last_error().isEmpty());
        QVERIFY(w.windowTitle().contains(QStringLiteral("tiny-workbench")));
        QVERIFY(w.model_panel()->summary_text().contains(QStringLiteral("llama")));
        QVERIFY(!w.model_panel()->shows_report());

        rs::gui::ModelTreeModel* tree = w.model_tree_model();
        QAbstractItemModelTester tester(tree, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const rs::ModelConfig& c = model_.cfg;
        QCOMPARE(tree->rowCount(), c.n_layers + 1);
        const qint64 q_out = qint64{c.n_heads} * c.head_dim, kv_out = qint64{c.n_kv_heads} * c.head_dim;
        // [out, in] per role, from the config (the spec of a Llama block), in Role order.
        const std::vector<std::tuple<QString, qint64, qint64>> expected = {
            {QStringLiteral("q_proj"), q_out, c.d_model},  {QStringLiteral("k_proj"), kv_out, c.d_model},
            {QStringLiteral("v_proj"), kv_out, c.d_model}, {QStringLiteral("o_proj"), c.d_model, q_out},
            {QStringLiteral("gate_proj"), c.d_ff, c.d_model}, {QStringLiteral("up_proj"), c.d_ff, c.d_model},
            {QStringLiteral("down_proj"), c.d_model, c.d_ff}};
        using Col = rs::gui::ModelTreeModel::Column;
        for (int l = 0; l < c.n_layers; ++l) {
            const QModelIndex layer = tree->index(l, 0);
            QCOMPARE(tree->data(layer).toString(), QStringLiteral("Layer %1").arg(l));
            QCOMPARE(tree->rowCount(layer), static_cast<int>(expected.size()));
            for (int r = 0; r < static_cast<int>(expected.size()); ++r) {
                const auto& [role, out, in] = expected[r];
                QCOMPARE(tree->data(tree->index(r, Col::NameColumn, layer)).toString(), role);
                QCOMPARE(tree->data(tree->index(r, Col::ShapeColumn, layer)).toString(),
                         QStringLiteral("%1 \u00d7 %2").arg(out).arg(in));
                QCOMPARE(tree->data(tree->index(r, Col::DtypeColumn, layer)).toString(), QStringLiteral("F32"));
                QCOMPARE(tree->data(tree->index(r, 0, layer), rs::gui::ModelTreeModel::OutRole).toLongLong(), out);
            }
        }
        const QModelIndex head = tree->index(c.n_layers, 0);
        QCOMPARE(tree->rowCount(head), 0);
        QCOMPARE(tree->data(head).toString(), QStringLiteral("LM head"));
        QCOMPARE(tree->data(tree->index(c.n_layers, Col::ShapeColumn)).toString(),
                 QStringLiteral("%1 \u00d7 %2").arg(c.n_vocab).arg(c.d_model));

        QVERIFY(w.calibration_panel()->run_button()->isEnabled());
        QCOMPARE(rs::gui::recent_files::load().value(0), QFileInfo(model_path_).absoluteFilePath());
    }

    void census_export_and_reopen() {
        MainWindow w(translations_);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        load_model(w, model_path_);
        run_small_census(w);
        const rs::CensusReport* report = w.report();
        QVERIFY(report);
        QVERIFY(w.last_error().isEmpty());

        // What was asked for is what ran.
        const rs::Census& census = report->census;
        QCOMPARE(static_cast<int>(census.calibration.windows.size()), 2);
        QCOMPARE(census.calibration.ctx, 16);
        QCOMPARE(census.calibration.seed, uint64_t{7});
        QCOMPARE(QString::fromStdString(census.calibration.corpus_path), corpus_path_);
        QCOMPARE(census.n_layers, model_.cfg.n_layers);
        check_views_show(w, *report);

        // Layer 0's attention input is RMSNorm(embedding) ⊙ attn_norm: recompute its channel
        // absmax over the calibration tokens from the weights, independently of the engine.
        const rs::SiteCensus* attn0 = census.find(0, rs::CensusSite::AttnIn);
        QVERIFY(attn0);
        const rs::Layer& L0 = model_.layers[0];
        std::vector<double> naive(static_cast<size_t>(model_.cfg.d_model), 0.0);
        for (const rs::CalibrationWindow& win : census.calibration.windows) {
            QCOMPARE(static_cast<int>(win.tokens.size()), 16);
            for (int32_t t : win.tokens) {
                double ms = 0;
                for (int i = 0; i < model_.cfg.d_model; ++i) ms += double(model_.tok_embd(t, i)) * model_.tok_embd(t, i);
                const double inv = 1.0 / std::sqrt(ms / model_.cfg.d_model + model_.cfg.rms_eps);
                for (int i = 0; i < model_.cfg.d_model; ++i)
                    naive[i] = std::max(naive[i], std::fabs(model_.tok_embd(t, i) * inv * L0.attn_norm[i]));
            }
        }
        w.census_views()->setCurrentIndex(rs::gui::CensusViews::ChannelAbsmaxTab);
        w.census_views()->channel_absmax()->set_site(0, rs::CensusSite::AttnIn);
        const auto* bars = w.census_views()->channel_absmax()->bars()->data().data();
        QCOMPARE(bars->size(), model_.cfg.d_model);
        for (auto it = bars->constBegin(); it != bars->constEnd(); ++it) {
            const double want = naive[static_cast<size_t>(it->key)];
            QVERIFY2(std::fabs(it->value - want) <= 1e-4 * want, qPrintable(QStringLiteral("channel %1: %2 vs %3")
                                                                               .arg(it->key).arg(it->value).arg(want)));
        }

        w.census_views()->setCurrentIndex(rs::gui::CensusViews::LayerCurvesTab);
        save_screenshot(w, QStringLiteral("workbench-census.png"));
        for (int tab = 1; tab < w.census_views()->count(); ++tab) {
            w.census_views()->setCurrentIndex(tab);
            save_screenshot(w, QStringLiteral("workbench-tab-%1.png").arg(tab));
        }

        // Plot export: PNG, SVG and PDF by the suffix; anything else is refused with a message.
        w.census_views()->setCurrentIndex(rs::gui::CensusViews::LayerCurvesTab);
        const QString png = path(QStringLiteral("curves.png"));
        QVERIFY(w.export_plot(png));
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 100 && image.height() > 100);
        const QString pdf = path(QStringLiteral("curves.pdf"));
        QVERIFY(w.export_plot(pdf));
        QFile pdf_file(pdf);
        QVERIFY(pdf_file.open(QIODevice::ReadOnly));
        QVERIFY(pdf_file.read(5) == "%PDF-");
        const QString svg = path(QStringLiteral("curves.svg"));
        QVERIFY(w.export_plot(svg));
        QFile svg_file(svg);
        QVERIFY(svg_file.open(QIODevice::ReadOnly));
        const QByteArray svg_text = svg_file.readAll();
        QVERIFY(svg_text.contains("<svg"));
        QVERIFY(svg_text.contains("<path") || svg_text.contains("<polyline"));
        QVERIFY(!w.export_plot(path(QStringLiteral("curves.bmpx"))));
        QVERIFY(w.last_error().contains(QStringLiteral("curves.bmpx")));

        // Census export, read back by the engine: the same numbers.
        const QString h5 = path(QStringLiteral("census.h5"));
        QSignalSpy exported(&w, &MainWindow::report_exported);
        QVERIFY(w.export_census(h5));
        QVERIFY(wait_idle(w));
        QVERIFY2(exported.count() == 1, qPrintable(w.last_error()));
        QCOMPARE(w.report_path(), h5);
        QVERIFY(w.windowTitle().contains(QStringLiteral("census.h5")));
        const rs::CensusReport back = rs::read_census_report(h5.toStdString());
        QCOMPARE(back.census.sites.size(), census.sites.size());
        for (size_t i = 0; i < census.sites.size(); ++i) {
            QCOMPARE(back.census.sites[i].layer, census.sites[i].layer);
            QVERIFY(back.census.sites[i].channel_absmax == census.sites[i].channel_absmax);
            QVERIFY(back.census.sites[i].token_absmax == census.sites[i].token_absmax);
            QCOMPARE(back.census.sites[i].massive_count, census.sites[i].massive_count);
        }
        QCOMPARE(back.model.linears.size(), report->model.linears.size());

        // A fresh window opens the exported report without the model.
        MainWindow fresh(translations_);
        open_report(fresh, h5);
        QVERIFY(!fresh.has_model());
        QVERIFY(fresh.model_panel()->shows_report());
        QCOMPARE(fresh.model_tree_model()->rowCount(), model_.cfg.n_layers + 1);
        QVERIFY(!fresh.calibration_panel()->run_button()->isEnabled());
        QVERIFY(!fresh.calibration_panel()->run_button()->toolTip().isEmpty());
        QVERIFY(fresh.windowTitle().contains(QStringLiteral("census.h5")));
        check_views_show(fresh, *fresh.report());
        fresh.resize(1400, 900);
        fresh.show();
        QVERIFY(QTest::qWaitForWindowExposed(&fresh));
        save_screenshot(fresh, QStringLiteral("workbench-report.png"));

        // Opening the report's own model keeps the report beside it.
        load_model(fresh, model_path_);
        QVERIFY(fresh.report());
        QVERIFY(!fresh.model_panel()->shows_report());
        QVERIFY(fresh.calibration_panel()->run_button()->isEnabled());

        const QStringList recent = rs::gui::recent_files::load();
        QVERIFY(recent.contains(QFileInfo(h5).absoluteFilePath()));
        QVERIFY(recent.contains(QFileInfo(model_path_).absoluteFilePath()));
        QVERIFY(recent.size() <= rs::gui::recent_files::kMax);

        // Broken reports: a clear message naming the file, and the report shown stays.
        QFile good(h5);
        QVERIFY(good.open(QIODevice::ReadOnly));
        const QByteArray good_bytes = good.readAll();
        const QByteArray hdf5_signature("\x89HDF\r\n\x1a\n", 8);
        const std::vector<std::pair<QString, QByteArray>> broken = {
            {QStringLiteral("random.h5"), random_bytes(4096, 1)},
            {QStringLiteral("foreign.h5"), hdf5_signature + random_bytes(4096, 2)},
            {QStringLiteral("truncated.h5"), good_bytes.left(good_bytes.size() / 2)},
            {QStringLiteral("empty.h5"), QByteArray()},
        };
        const rs::CensusReport* shown = fresh.report();
        for (const auto& [name, bytes] : broken) {
            const QString file = path(name);
            write_bytes(file, bytes);
            QSignalSpy failed(&fresh, &MainWindow::job_failed);
            QVERIFY(fresh.open_report(file));
            QVERIFY(wait_idle(fresh));
            QCOMPARE(failed.count(), 1);
            QCOMPARE(failed.front().at(1).toBool(), false);
            QVERIFY2(fresh.last_error().contains(file), qPrintable(fresh.last_error()));
            QCOMPARE(fresh.report(), shown);
        }
        // A report crafted to crash the HDF5 library (a dense-attribute B-tree edited with its
        // checksum recomputed): the library crashes in the child process that checks the file
        // first, and the window carries on with one line naming the file.
        const QString crafted =
            QStringLiteral(ROTOSCOPE_SOURCE_DIR "/tests/fuzz/regressions/run_report/hdf5-segv-dense-attribute-btree-leaf-1.h5");
        {
            QSignalSpy crashed(&fresh, &MainWindow::job_failed);
            QVERIFY(fresh.open_report(crafted));
            QVERIFY(wait_idle(fresh));
            QCOMPARE(crashed.count(), 1);
            QVERIFY2(fresh.last_error().contains(crafted), qPrintable(fresh.last_error()));
            QVERIFY2(fresh.last_error().contains(QStringLiteral("damaged report: reading it crashed the HDF5 library")),
                     qPrintable(fresh.last_error()));
            QCOMPARE(fresh.report(), shown);
        }
        QSignalSpy failed(&fresh, &MainWindow::job_failed);
        QVERIFY(fresh.open_report(path(QStringLiteral("missing.h5"))));
        QVERIFY(wait_idle(fresh));
        QCOMPARE(failed.count(), 1);
        QVERIFY(fresh.last_error().contains(QStringLiteral("missing.h5")));
    }

    void broken_model_is_reported_and_changes_nothing() {
        MainWindow w(translations_);
        const QString file = path(QStringLiteral("broken.gguf"));
        write_bytes(file, random_bytes(2048, 9));
        QSignalSpy failed(&w, &MainWindow::job_failed);
        QVERIFY(w.open_model(file));
        QVERIFY(wait_idle(w));
        QCOMPARE(failed.count(), 1);
        QVERIFY2(w.last_error().contains(file), qPrintable(w.last_error()));
        QVERIFY(!w.has_model());
        QCOMPARE(w.model_tree_model()->rowCount(), 0);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        save_screenshot(w, QStringLiteral("workbench-error.png"));
        QVERIFY(!rs::gui::recent_files::load().contains(QFileInfo(file).absoluteFilePath()));
    }

    void model_without_tokenizer_loads_but_cannot_run() {
        const QString file = path(QStringLiteral("no-tokenizer.gguf"));
        rs::testing::write_model_gguf(model_, "llama", file.toStdString());
        MainWindow w(translations_);
        load_model(w, file);
        QCOMPARE(w.model_tree_model()->rowCount(), model_.cfg.n_layers + 1);
        QPushButton* run = w.calibration_panel()->run_button();
        QVERIFY(!run->isEnabled());
        QVERIFY2(run->toolTip().contains(QStringLiteral("tokenizer")), qPrintable(run->toolTip()));
        QVERIFY(w.message_bar()->text().contains(file));
        QVERIFY(!w.run_census());
    }

    void opens_a_hugging_face_directory() {
        const QString hf = path(QStringLiteral("tiny-hf"));
        rs::testing::write_model_hf(model_, "LlamaForCausalLM", hf.toStdString(), 2);
        MainWindow w(translations_);
        QSignalSpy loaded(&w, &MainWindow::model_loaded);
        QVERIFY(w.open_path(hf));  // a directory is taken for a model
        QVERIFY(wait_idle(w));
        QVERIFY2(loaded.count() == 1, qPrintable(w.last_error()));
        QCOMPARE(w.model_tree_model()->rowCount(), model_.cfg.n_layers + 1);
        QVERIFY(w.model_panel()->summary_text().contains(QStringLiteral("safetensors")));
        QVERIFY(w.windowTitle().contains(QStringLiteral("tiny-hf")));
    }

    // Run > Device: the CPU and every CUDA device (or one disabled line saying why there is none);
    // a remembered CUDA device that is not there runs the job on the CPU, and the report says so.
    void a_missing_cuda_device_falls_back_to_the_cpu() {
        std::string why;
        const std::vector<rs::CudaDeviceInfo> devices = rs::cuda_devices(&why);
        const std::string absent = "cuda:" + std::to_string(devices.size());
        QSettings().setValue(QStringLiteral("backend"), QString::fromStdString(absent));
        MainWindow w(translations_);
        auto* device = w.findChild<QMenu*>(QStringLiteral("menu_device"));
        QVERIFY(device);
        QCOMPARE(device->title(), QStringLiteral("&Device"));
        emit device->aboutToShow();
        QAction* cpu = w.findChild<QAction*>(QStringLiteral("action_device_cpu"));
        QVERIFY(cpu && cpu->isEnabled());
        QVERIFY(!cpu->isChecked());  // the remembered choice is the absent device
        QCOMPARE(device->actions().size(), 1 + static_cast<int>(std::max<size_t>(devices.size(), 1)));
        if (devices.empty()) {
            QAction* none = w.findChild<QAction*>(QStringLiteral("action_device_none"));
            QVERIFY(none && !none->isEnabled());
            QVERIFY2(none->text().contains(QString::fromStdString(why)), qPrintable(none->text()));
        }
        load_model(w, model_path_);
        QSignalSpy message(w.statusBar(), &QStatusBar::messageChanged);
        run_small_census(w);
        QCOMPARE(QString::fromStdString(w.report()->meta.backend), QStringLiteral("cpu"));
        QCOMPARE(QString::fromStdString(nlohmann::json::parse(w.report()->meta.config_json)["backend"].get<std::string>()),
                 QStringLiteral("cpu"));
        bool said = false;
        for (const QList<QVariant>& m : message)
            said = said || m.at(0).toString() == QString::fromStdString(absent + " is not available (") +
                               (devices.empty() ? QString::fromStdString(why) : QString::number(devices.size()) + QStringLiteral(" CUDA device") + (devices.size() == 1 ? QString() : QStringLiteral("s"))) +
                               QStringLiteral("): running on the cpu backend");
        QVERIFY(said);
        // Choosing the CPU is remembered.
        emit device->aboutToShow();
        w.findChild<QAction*>(QStringLiteral("action_device_cpu"))->trigger();
        QCOMPARE(QSettings().value(QStringLiteral("backend")).toString(), QStringLiteral("cpu"));
        emit device->aboutToShow();
        QVERIFY(w.findChild<QAction*>(QStringLiteral("action_device_cpu"))->isChecked());
    }

    void cancelling_a_census_changes_nothing() {
        MainWindow w(translations_);
        load_model(w, model_path_);
        rs::gui::CalibrationPanel* panel = w.calibration_panel();
        panel->set_corpus(corpus_path_);
        panel->set_windows(200);
        panel->set_ctx(64);
        QSignalSpy progress(w.job_runner(), &JobRunner::progress);
        QSignalSpy failed(&w, &MainWindow::job_failed);
        QSignalSpy ready(&w, &MainWindow::report_ready);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.run_census());
        QVERIFY(progress.wait(kJobTimeoutMs));
        save_screenshot(w, QStringLiteral("workbench-running.png"));
        w.cancel();
        QVERIFY(wait_idle(w));
        QCOMPARE(ready.count(), 0);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.front().at(1).toBool(), true);
        QCOMPARE(w.report(), nullptr);
        QVERIFY(w.has_model());
        // A notice, not an error.
        QVERIFY(w.last_error().isEmpty());
        QVERIFY(w.message_bar()->text().contains(QStringLiteral("Cancelled")));
        QVERIFY(w.calibration_panel()->run_button()->isEnabled());
    }

    void missing_recent_file_is_removed_with_a_message() {
        const QString gone = path(QStringLiteral("gone.h5"));
        rs::gui::recent_files::add(model_path_);
        rs::gui::recent_files::add(gone);
        MainWindow w(translations_);
        auto* recent = w.findChild<QMenu*>(QStringLiteral("menu_recent"));
        QVERIFY(recent);
        emit recent->aboutToShow();
        QAction* entry = nullptr;
        for (QAction* a : recent->actions())
            if (a->data().toString() == QFileInfo(gone).absoluteFilePath()) entry = a;
        QVERIFY(entry);
        QVERIFY(entry->text().contains(QStringLiteral("gone.h5")));
        entry->trigger();
        QVERIFY(w.last_error().contains(gone));
        const QStringList left = rs::gui::recent_files::load();
        QVERIFY(!left.contains(QFileInfo(gone).absoluteFilePath()));
        QVERIFY(left.contains(QFileInfo(model_path_).absoluteFilePath()));

        // At most kMax entries, newest first.
        for (int i = 0; i < 15; ++i) rs::gui::recent_files::add(path(QStringLiteral("m%1.gguf").arg(i)));
        const QStringList capped = rs::gui::recent_files::load();
        QCOMPARE(capped.size(), rs::gui::recent_files::kMax);
        QVERIFY(capped.front().endsWith(QStringLiteral("m14.gguf")));
    }

    void dropping_a_model_opens_it() {
        MainWindow w(translations_);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(model_path_)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        enter.setAccepted(false);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QSignalSpy loaded(&w, &MainWindow::model_loaded);
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QVERIFY(wait_idle(w));
        QCOMPARE(loaded.count(), 1);

        // A file that is neither a model nor a report is not taken.
        QMimeData other;
        other.setUrls({QUrl::fromLocalFile(corpus_path_)});
        QDragEnterEvent refuse(QPoint(10, 10), Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
        refuse.setAccepted(false);
        QApplication::sendEvent(&w, &refuse);
        QVERIFY(!refuse.isAccepted());
    }
};

QTEST_MAIN(WorkbenchTest)
#include "workbench_test.moc"
