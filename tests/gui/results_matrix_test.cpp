// The matrix view of the results over synthetic RunResults: rotation × formats by default, RTN and
// GPTQ side by side, mean ± sample std over the seeds of a cell, the other fields and metrics as
// axes, colours from best to worst, the CSV and the PNG; the model is checked with
// QAbstractItemModelTester through every change. Through the window: a run report written by
// rs::write_run_report opens into the matrix (and its GPTQ proxy losses into the GPTQ gain view),
// and File > Export writes the matrix as PNG and CSV. ROTOSCOPE_SCREENSHOT_DIR=<dir> saves PNGs.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <qcustomplot.h>

#include "engine/support/tiny_model.h"
#include "experiment/experiment_view.h"
#include "experiment/gptq_gain_model.h"
#include "experiment/gptq_gain_view.h"
#include "experiment/results_matrix_model.h"
#include "experiment/results_matrix_view.h"
#include "i18n.h"
#include "job_runner.h"
#include "main_window.h"
#include "pipeline/quantize.h"
#include "quant/format.h"
#include "report/run_report.h"

using namespace rs;
using namespace rs::gui;
using M = ResultsMatrixModel;

namespace {
constexpr int kJobTimeoutMs = 60000;

bool wait_idle(MainWindow& w) {
    JobRunner* runner = w.job_runner();
    QSignalSpy spy(runner, &JobRunner::busy_changed);
    while (runner->busy())
        if (!spy.wait(kJobTimeoutMs)) return !runner->busy();
    return true;
}

enum class Rot { None, Hadamard, RandomHadamard };
const char* const kFormats[] = {"int4:channel", "mxfp4"};

// PPL of a run: the rotation's base (a random Hadamard's depends on its seed), +1 for MXFP4,
// -0.5 for GPTQ. KL and top-1 follow from it.
double ppl_of(Rot rot, int seed, int format, bool gptq) {
    const double base = rot == Rot::None ? 20.0 : rot == Rot::Hadamard ? 12.0 : 11.0 + 0.1 * seed;
    return base + format - (gptq ? 0.5 : 0.0);
}

std::shared_ptr<RunResult> make_run(Rot rot, int seed, int format, bool gptq, const GptqOptions& options = {}) {
    auto r = std::make_shared<RunResult>();
    FusePlan& p = r->recipe.rotation;
    if (rot != Rot::None) {
        RotationSpec s;
        s.kind = rot == Rot::Hadamard ? RotationKind::Hadamard : RotationKind::RandomHadamard;
        s.seed = rot == Rot::RandomHadamard ? static_cast<uint64_t>(seed) : 0;
        p.r1 = p.r2 = p.r4 = s;
        p.r1_on = p.r2_on = p.r4_on = true;
    }
    r->recipe.weights = quant::parse_format_spec(kFormats[format]);
    r->recipe.activations = quant::parse_format_spec(format == 0 ? "int4:token" : "mxfp4");
    if (gptq) {
        r->recipe.method = WeightMethod::Gptq;
        r->recipe.gptq = options;
    }
    r->seed = rot == Rot::RandomHadamard ? seed : -1;
    r->name = recipe_display_name(r->recipe);
    r->group = new_run_result(r->recipe).group;
    const double ppl = ppl_of(rot, seed, format, gptq);
    r->metrics.reference.full = 10.0;
    r->metrics.reference.llamacpp = 9.0;
    r->metrics.candidate.full = ppl;
    r->metrics.candidate.llamacpp = ppl * 0.9;
    r->metrics.kl.mean = 0.01 * (ppl - 10.0);
    r->metrics.kl.p99 = 0.1 * (ppl - 10.0);
    r->metrics.top1_agreement = 1.0 - 0.02 * (ppl - 10.0);
    r->metrics.scored_tokens = 62;
    r->metrics.kl.count = 62;
    r->metrics.windows = 2;
    r->fuse.plan = p;
    WeightQuantReport w;
    w.spec = *r->recipe.weights;
    for (int l = 0; l < 2; ++l)
        for (const RoleTraits& t : kLayerRoles) {
            LinearQuantError e;
            e.layer = l;
            e.role = t.role;
            e.role_name = t.name;
            e.rows = 48;
            e.cols = 48;
            e.rel_error = 0.1;
            e.sqnr_db = 20;
            if (gptq) {
                e.proxy_loss_rtn = 5.0 * (l + 1) * (1 + static_cast<int>(t.role));
                e.proxy_loss = 0.4 * e.proxy_loss_rtn;
            }
            w.linears.push_back(e);
        }
    r->weights = w;
    return r;
}

// none, hadamard and rhadamard (seeds 0, 1, 2) × int4, mxfp4 × RTN, GPTQ: 20 runs.
std::vector<std::shared_ptr<const RunResult>> matrix_runs() {
    std::vector<std::shared_ptr<const RunResult>> out;
    for (Rot rot : {Rot::None, Rot::Hadamard, Rot::RandomHadamard})
        for (int format = 0; format < 2; ++format)
            for (bool gptq : {false, true})
                for (int seed = 0; seed < (rot == Rot::RandomHadamard ? 3 : 1); ++seed)
                    out.push_back(make_run(rot, seed, format, gptq));
    return out;
}

// A format as recipes name it ("int4:channel" is written "int4": per channel is the weights' default).
QString canon(const char* spec) { return QString::fromStdString(quant::format_spec_name(quant::parse_format_spec(spec))); }

int column_of(const M& m, const QString& label) { return static_cast<int>(m.column_labels().indexOf(label)); }
int row_of(const M& m, const QString& label) { return static_cast<int>(m.row_labels().indexOf(label)); }
}  // namespace

class ResultsMatrixTest : public QObject {
    Q_OBJECT

    rs::gui::Translations translations_;
    QTemporaryDir dir_;

    void save_screenshot(QWidget& w, const QString& name) {
        const QString dir = qEnvironmentVariable("ROTOSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty()) return;
        QDir().mkpath(dir);
        w.show();
        QCoreApplication::sendPostedEvents();
        // The first grab lays the widgets out at their final sizes; the plots then draw at those
        // sizes (their own replots are queued).
        w.grab();
        for (QCustomPlot* p : w.findChildren<QCustomPlot*>())
            if (p->isVisible()) p->replot();
        QVERIFY(w.grab().save(QDir(dir).filePath(name)));
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("Rotoscope"));
        QCoreApplication::setApplicationName(QStringLiteral("rotoscope-results-matrix-test"));
        QApplication::setQuitOnLastWindowClosed(false);
        QVERIFY(translations_.apply(QStringLiteral("en")));
        QVERIFY(dir_.isValid());
    }
    void init() { QSettings().clear(); }

    void rotation_by_format_with_methods_side_by_side() {
        M m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(m.rowCount(), 0);
        QCOMPARE(m.columnCount(), 0);
        m.set_runs(matrix_runs());
        QCOMPARE(m.row_field(), M::RotationField);
        QCOMPARE(m.column_field(), M::FormatsField);
        QVERIFY(m.columns_split());
        QCOMPARE(m.row_labels(), (QStringList{QStringLiteral("none"), QStringLiteral("hadamard"), QStringLiteral("rhadamard")}));
        const QString int4 = QStringLiteral("W %1 A %2").arg(canon("int4:channel"), canon("int4:token"));
        const QString mx = QStringLiteral("W mxfp4 A mxfp4");
        QCOMPARE(m.column_labels(), (QStringList{int4 + QStringLiteral(" · RTN"), int4 + QStringLiteral(" · GPTQ"),
                                                 mx + QStringLiteral(" · RTN"), mx + QStringLiteral(" · GPTQ")}));
        QCOMPARE(m.headerData(0, Qt::Vertical).toString(), QStringLiteral("none"));
        QCOMPARE(m.headerData(1, Qt::Horizontal).toString(), int4 + QStringLiteral(" · GPTQ"));

        // Random Hadamard, INT4, RTN: the three seeds 11.0, 11.1, 11.2.
        const QModelIndex seeds = m.index(row_of(m, QStringLiteral("rhadamard")), column_of(m, int4 + QStringLiteral(" · RTN")));
        QCOMPARE(seeds.data(M::CountRole).toInt(), 3);
        QVERIFY(std::fabs(seeds.data(M::MeanRole).toDouble() - 11.1) < 1e-12);
        QVERIFY(std::fabs(seeds.data(M::StdRole).toDouble() - 0.1) < 1e-12);
        QCOMPARE(seeds.data().toString(), QStringLiteral("11.100 ± 0.100"));
        QCOMPARE(seeds.data(M::RunsRole).value<QList<int>>().size(), 3);
        QVERIFY(seeds.data(Qt::ToolTipRole).toString().contains(QStringLiteral("seed=2")));
        // One run: the mean alone.
        const QModelIndex one = m.index(row_of(m, QStringLiteral("none")), column_of(m, mx + QStringLiteral(" · GPTQ")));
        QCOMPARE(one.data(M::CountRole).toInt(), 1);
        QCOMPARE(one.data().toString(), QStringLiteral("20.500"));
        QCOMPARE(one.data(M::StdRole).toDouble(), 0.0);
        // Every run is in exactly one cell.
        int total = 0;
        for (int r = 0; r < m.rowCount(); ++r)
            for (int c = 0; c < m.columnCount(); ++c) total += m.index(r, c).data(M::CountRole).toInt();
        QCOMPARE(total, 20);

        // Colours: the best cell (rhadamard, INT4, GPTQ: 10.6) green, the worst (none, MXFP4, RTN: 21) orange.
        const QColor best = m.cell_color(row_of(m, QStringLiteral("rhadamard")), column_of(m, int4 + QStringLiteral(" · GPTQ")));
        const QColor worst = m.cell_color(row_of(m, QStringLiteral("none")), column_of(m, mx + QStringLiteral(" · RTN")));
        QVERIFY(best.green() > best.red());
        QVERIFY(worst.red() > worst.green());
        QCOMPARE(m.index(0, 0).data(Qt::BackgroundRole).value<QColor>(), m.cell_color(0, 0));
        QCOMPARE(m.index(0, 0).data(Qt::ForegroundRole).value<QColor>(), QColor(Qt::black));

        // Unsplit: RTN and GPTQ of a column together.
        m.set_split_by_method(false);
        QVERIFY(!m.columns_split());
        QCOMPARE(m.column_labels(), (QStringList{int4, mx}));
        QCOMPARE(m.index(row_of(m, QStringLiteral("rhadamard")), 0).data(M::CountRole).toInt(), 6);
        m.set_split_by_method(true);

        // The method as an axis: no split on top of it.
        m.set_column_field(M::MethodField);
        QVERIFY(!m.columns_split());
        QCOMPARE(m.column_labels(), (QStringList{QStringLiteral("RTN"), QStringLiteral("GPTQ")}));
        QCOMPARE(m.index(row_of(m, QStringLiteral("hadamard")), 1).data(M::CountRole).toInt(), 2);
        QVERIFY(std::fabs(m.index(row_of(m, QStringLiteral("hadamard")), 1).data(M::MeanRole).toDouble() - 12.0) < 1e-12);

        // Other fields and metrics.
        m.set_row_field(M::WeightsField);
        QCOMPARE(m.row_labels(), (QStringList{canon("int4:channel"), QStringLiteral("mxfp4")}));
        m.set_metric(M::Top1Metric);
        QVERIFY(!M::lower_is_better(M::Top1Metric));
        // Top-1 is better high: the best cell is green again.
        const QModelIndex top = m.index(0, 1);  // int4, GPTQ: the lowest PPL, the highest top-1
        QVERIFY(m.cell_color(0, 1).green() > m.cell_color(0, 1).red());
        QVERIFY(top.data(M::MeanRole).toDouble() > m.index(1, 0).data(M::MeanRole).toDouble());
        m.set_metric(M::DeltaPplMetric);
        QVERIFY(m.index(0, 0).data().toString().startsWith(QLatin1Char('+')));
        m.set_metric(M::KlMeanMetric);
        m.set_row_field(M::BitsField);
        QCOMPARE(m.row_labels(), (QStringList{QStringLiteral("W4A4KV16")}));
        m.set_row_field(M::SmoothingField);
        QCOMPARE(m.row_labels(), QStringList{QStringLiteral("—")});
        // The same field twice: the diagonal only.
        m.set_row_field(M::MethodField);
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.index(0, 1).data(M::CountRole).toInt(), 0);
        QVERIFY(m.index(0, 1).data().toString().isEmpty());
        QVERIFY(!m.cell_color(0, 1).isValid());

        m.set_runs({});
        QCOMPARE(m.rowCount(), 0);
        QCOMPARE(m.columnCount(), 0);
    }

    void gptq_options_are_part_of_the_method() {
        M m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        GptqOptions act;
        act.act_order = true;
        act.static_groups = true;
        m.set_runs({make_run(Rot::Hadamard, 0, 0, false), make_run(Rot::Hadamard, 0, 0, true), make_run(Rot::Hadamard, 0, 0, true, act)});
        m.set_column_field(M::MethodField);
        QCOMPARE(m.column_labels(), (QStringList{QStringLiteral("RTN"), QStringLiteral("GPTQ"), QStringLiteral("GPTQ (act-order, static groups)")}));
        QCOMPARE(M::field_value(M::MethodField, *make_run(Rot::None, 0, 0, false)), QStringLiteral("RTN"));
    }

    void csv_holds_mean_std_and_runs() {
        M m;
        m.set_runs(matrix_runs());
        m.set_split_by_method(false);
        const QStringList lines = QString::fromStdString(m.csv()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 3);
        const QString int4 = QStringLiteral("W %1 A %2").arg(canon("int4:channel"), canon("int4:token"));
        QCOMPARE(lines[0], QStringLiteral("rotation \\ formats,%1 ppl mean,%1 ppl std,%1 runs,W mxfp4 A mxfp4 ppl mean,"
                                          "W mxfp4 A mxfp4 ppl std,W mxfp4 A mxfp4 runs").arg(int4));
        // hadamard: INT4 12 and 11.5 (RTN, GPTQ), MXFP4 13 and 12.5.
        const QStringList had = lines[2].split(QLatin1Char(','));
        QCOMPARE(had[0], QStringLiteral("hadamard"));
        QCOMPARE(had[1].toDouble(), 11.75);
        QVERIFY(std::fabs(had[2].toDouble() - std::sqrt(0.125)) < 1e-5);
        QCOMPARE(had[3], QStringLiteral("2"));
        QCOMPARE(had[4].toDouble(), 12.75);
        QCOMPARE(had[6], QStringLiteral("2"));
        // A field with a comma is quoted.
        GptqOptions damp;
        damp.damp = 0.05;
        damp.act_order = true;
        m.set_runs({make_run(Rot::None, 0, 0, true, damp)});
        m.set_column_field(M::MethodField);
        QVERIFY2(QString::fromStdString(m.csv()).contains(QStringLiteral("\"GPTQ (damp 0.05, act-order) ppl mean\"")),
                 m.csv().c_str());
    }

    void the_view_chooses_and_renders() {
        ResultsMatrixView v;
        QAbstractItemModelTester tester(v.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        v.resize(1100, 500);
        QVERIFY(!v.export_png_button()->isEnabled());
        QVERIFY(!v.save_png(dir_.filePath(QStringLiteral("empty.png"))));
        v.set_runs(matrix_runs());
        QVERIFY(v.export_png_button()->isEnabled());
        QCOMPARE(v.row_combo()->currentIndex(), int(M::RotationField));
        QCOMPARE(v.column_combo()->currentIndex(), int(M::FormatsField));
        QCOMPARE(v.row_combo()->count(), int(M::FieldCount));
        QCOMPARE(v.metric_combo()->count(), int(M::MetricCount));
        QCOMPARE(v.model()->columnCount(), 4);
        QVERIFY(v.note_label()->text().contains(QLatin1String("20")));
        save_screenshot(v, QStringLiteral("results_matrix.png"));

        v.metric_combo()->setCurrentIndex(M::KlMeanMetric);
        QCOMPARE(v.model()->metric(), M::KlMeanMetric);
        v.split_check()->setChecked(false);
        QCOMPARE(v.model()->columnCount(), 2);
        v.split_check()->setChecked(true);
        v.column_combo()->setCurrentIndex(M::MethodField);
        QVERIFY(!v.split_check()->isEnabled());
        v.column_combo()->setCurrentIndex(M::WeightsField);
        QVERIFY(v.split_check()->isEnabled());

        // The picture holds the whole table, however small the widget.
        v.resize(300, 200);
        const QImage image = v.render_image(1.0);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 300);
        const QString png = dir_.filePath(QStringLiteral("matrix.png"));
        QVERIFY(v.save_png(png));
        QImage back(png);
        QVERIFY(!back.isNull());
        QCOMPARE(back.width(), 2 * image.width());
        const QString shots = qEnvironmentVariable("ROTOSCOPE_SCREENSHOT_DIR");
        if (!shots.isEmpty()) QVERIFY(v.save_png(QDir(shots).filePath(QStringLiteral("results_matrix_export.png"))));
    }

    void a_run_report_opens_into_the_matrix_and_exports() {
        RunReport rep;
        rep.meta = make_report_meta("cpu", "{}");
        rep.model.cfg = testing::tiny_config(Arch::Llama);
        rep.model.source.name = "tiny-report-model";
        rep.model.source.format = "gguf";
        rep.name = "synthetic-gptq-matrix";
        rep.eval.corpus = "wikitext2";
        rep.eval.ctx = 32;
        rep.eval.windows = 2;
        rep.reference.full = 10.0;
        rep.reference.llamacpp = 9.0;
        rep.seeds = {0, 1, 2};
        for (const auto& r : matrix_runs()) rep.runs.push_back(*r);
        const QString path = dir_.filePath(QStringLiteral("gptq-runs.h5"));
        write_run_report(path.toStdString(), rep);

        MainWindow w(translations_);
        QSignalSpy ready(&w, &MainWindow::run_report_ready);
        QVERIFY(w.open_path(path));
        QVERIFY(wait_idle(w));
        QVERIFY2(ready.count() == 1, qPrintable(w.last_error()));
        ExperimentView* view = w.experiment_view();
        QCOMPARE(view->matrix()->model()->runs().size(), size_t(20));
        QCOMPARE(view->matrix()->model()->rowCount(), 3);
        QCOMPARE(view->matrix()->model()->columnCount(), 4);
        // The proxy losses came through the report: the gain view shows the first GPTQ runs.
        GptqGainView* gain = view->gptq_gain();
        QCOMPARE(gain->shown().size(), 2);
        QCOMPARE(gain->model()->rowCount(), 14);
        QVERIFY(std::fabs(gain->model()->ratio(0, 0) - 0.4) < 1e-12);

        view->detail_tabs()->setCurrentIndex(ExperimentView::MatrixTab);
        w.resize(1400, 900);
        save_screenshot(w, QStringLiteral("experiments_matrix_tab.png"));
        const QString csv_path = dir_.filePath(QStringLiteral("matrix.csv"));
        QVERIFY2(w.export_matrix_csv(csv_path), qPrintable(w.last_error()));
        QFile csv(csv_path);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().toStdString(), view->matrix()->model()->csv());
        // Export Plot on the matrix tab: a PNG of the matrix; other image kinds are refused.
        const QString png = dir_.filePath(QStringLiteral("matrix-plot.png"));
        QVERIFY2(w.export_plot(png), qPrintable(w.last_error()));
        QVERIFY(!QImage(png).isNull());
        QVERIFY(!w.export_plot(dir_.filePath(QStringLiteral("matrix.svg"))));
        QVERIFY(w.last_error().contains(QLatin1String("PNG")));
        // On the GPTQ gain tab, Export Plot saves its plot.
        view->detail_tabs()->setCurrentIndex(ExperimentView::GptqGainTab);
        save_screenshot(w, QStringLiteral("experiments_gptq_gain_from_report.png"));
        const QString gain_png = dir_.filePath(QStringLiteral("gain.png"));
        QVERIFY2(w.export_plot(gain_png), qPrintable(w.last_error()));
        QVERIFY(!QImage(gain_png).isNull());

        view->clear();
        QVERIFY(!w.export_matrix_csv(dir_.filePath(QStringLiteral("nothing.csv"))));
        QCOMPARE(view->matrix()->model()->rowCount(), 0);
    }
};

QTEST_MAIN(ResultsMatrixTest)
#include "results_matrix_test.moc"
