// The experiment results: the table model over synthetic RunResults (texts, numeric sorting in
// the view's proxy, the row → run mapping that drives the error histograms), CSV export equal to
// rs::summary_table_csv, Clear; and the main window opening a run report written by
// rs::write_run_report (File > Open and drag and drop) into the table, and exporting it again.
// Runs on QT_QPA_PLATFORM=offscreen.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>
#include <cmath>

#include "census/census_views.h"
#include "engine/support/tiny_model.h"
#include "experiment/error_histogram_view.h"
#include "experiment/experiment_view.h"
#include "experiment/results_table_model.h"
#include "i18n.h"
#include "job_runner.h"
#include "main_window.h"
#include "model_panel.h"
#include "report/run_report.h"

using rs::gui::ExperimentView;
using rs::gui::JobRunner;
using rs::gui::MainWindow;
using rs::gui::ResultsTableModel;

namespace {
constexpr int kJobTimeoutMs = 60000;

bool wait_idle(MainWindow& w) {
    JobRunner* runner = w.job_runner();
    QSignalSpy spy(runner, &JobRunner::busy_changed);
    while (runner->busy())
        if (!spy.wait(kJobTimeoutMs)) return !runner->busy();
    return true;
}

// A histogram of errors spread as a bell of the given width (in bins) around 0.
rs::ErrorHistogram bell(double width) {
    rs::ErrorHistogram h;
    h.rms = 1.0;
    h.counts.resize(rs::ErrorHistogram::kBins);
    for (int i = 0; i < rs::ErrorHistogram::kBins; ++i) {
        const double x = (i + 0.5 - rs::ErrorHistogram::kBins / 2.0) / width;
        h.counts[static_cast<size_t>(i)] = static_cast<int64_t>(std::llround(1000.0 * std::exp(-0.5 * x * x)));
    }
    h.max_abs = 0.1 * width;
    return h;
}

struct Numbers {
    const char* name;
    double ppl, kl_mean, kl_p99, top1, seconds;
    int seed;
};

std::shared_ptr<const rs::RunResult> make_run(const Numbers& n, double reference_ppl = 10.0) {
    auto r = std::make_shared<rs::RunResult>();
    r->recipe.rotation.r1_on = true;
    r->recipe.rotation.r1.kind = n.seed >= 0 ? rs::RotationKind::RandomHadamard : rs::RotationKind::Hadamard;
    r->recipe.rotation.r1.seed = n.seed >= 0 ? static_cast<uint64_t>(n.seed) : 0;
    r->recipe.weights = rs::quant::parse_format_spec("int4:channel");
    r->recipe.activations = rs::quant::parse_format_spec("int4:token");
    r->name = n.name;
    r->group = n.seed >= 0 ? std::string("rhadamard group") : std::string(n.name);
    r->seed = n.seed;
    r->metrics.reference.full = reference_ppl;
    r->metrics.reference.llamacpp = reference_ppl * 0.9;
    r->metrics.candidate.full = n.ppl;
    r->metrics.candidate.llamacpp = n.ppl * 0.9;
    r->metrics.kl.mean = n.kl_mean;
    r->metrics.kl.p50 = n.kl_mean / 2;
    r->metrics.kl.p99 = n.kl_p99;
    r->metrics.kl.max = n.kl_p99 * 3;
    r->metrics.kl.count = 62;
    r->metrics.top1_agreement = n.top1;
    r->metrics.scored_tokens = 62;
    r->metrics.windows = 2;
    r->fuse.plan = r->recipe.rotation;
    r->fuse.r1_order = 48;
    r->seconds_prepare = n.seconds / 4;
    r->seconds_eval = n.seconds * 3 / 4;
    for (const auto& [layer, role, site] : {std::tuple{0, rs::Role::AttnQ, rs::LinearInput::QKV},
                                           std::tuple{1, rs::Role::FfnDown, rs::LinearInput::Down}}) {
        rs::LinearError e;
        e.layer = layer;
        e.role = role;
        e.site = site;
        e.output_rel_error = 0.01 * n.ppl;
        e.output_sqnr_db = 30 - n.ppl;
        e.input_rel_error = 0.05;
        e.weight_rel_error = 0.08;
        e.input_error = bell(5 + n.ppl);
        e.weight_error = bell(8);
        r->linears.push_back(e);
    }
    return r;
}

// The table's rows: PPL order in the source would be 9.5, 10.25, 100, 2, 55.5; as text, "10.250" <
// "100.000" < "2.000" < "55.500" < "9.500", which a numeric sort must not produce.
const Numbers kRuns[] = {
    {"a", 9.5, 0.020, 0.30, 0.95, 1.5, -1},  {"b", 10.25, 0.041, 0.52, 0.91, 12.0, -1},
    {"c", 100.0, 1.700, 9.00, 0.31, 3.0, -1}, {"d", 2.0, 0.001, 0.01, 0.99, 100.0, -1},
    {"e", 55.5, 0.800, 4.20, 0.55, 0.25, -1},
};

std::vector<std::shared_ptr<const rs::RunResult>> table_runs() {
    std::vector<std::shared_ptr<const rs::RunResult>> out;
    for (const Numbers& n : kRuns) out.push_back(make_run(n));
    return out;
}

QStringList column_texts(QAbstractItemModel* model, int column, int role = Qt::DisplayRole) {
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row) out << model->index(row, column).data(role).toString();
    return out;
}

rs::RunReport synthetic_report() {
    rs::RunReport rep;
    rep.meta = rs::make_report_meta("cpu", "{}");
    rep.model.cfg = rs::testing::tiny_config(rs::Arch::Llama);
    rep.model.source.name = "tiny-report-model";
    rep.model.source.format = "gguf";
    rep.name = "synthetic-matrix";
    rep.eval.corpus = "wikitext2";
    rep.eval.ctx = 32;
    rep.eval.windows = 2;
    rep.eval.probe_tokens = 16;
    rep.corpus_name = "wikitext2";
    rep.eval_tokens = 64;
    rep.reference.full = 10.0;
    rep.reference.llamacpp = 9.0;
    rep.seeds = {0, 1};
    for (const Numbers& n : {Numbers{"R1 rhadamard:seed=0 · W int4 A int4:token", 11.0, 0.05, 0.6, 0.9, 2.0, 0},
                             Numbers{"R1 rhadamard:seed=1 · W int4 A int4:token", 11.4, 0.06, 0.7, 0.89, 2.1, 1},
                             Numbers{"no rotation · W int4 A int4:token", 25.0, 0.9, 5.0, 0.6, 1.0, -1}})
        rep.runs.push_back(*make_run(n, rep.reference.full));
    return rep;
}
}  // namespace

class ResultsTableTest : public QObject {
    Q_OBJECT

private:
    rs::gui::Translations translations_;
    QTemporaryDir dir_;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("Rotoscope"));
        QCoreApplication::setApplicationName(QStringLiteral("rotoscope-results-table-test"));
        QApplication::setQuitOnLastWindowClosed(false);
        QLocale::setDefault(QLocale::c());
        QVERIFY(translations_.apply(QStringLiteral("en")));
        QVERIFY(dir_.isValid());
    }

    void init() { QSettings().clear(); }
    void cleanup() { QSettings().clear(); }

    void model_shows_the_runs() {
        ResultsTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(ResultsTableModel::ColumnCount));
        for (const auto& run : table_runs()) model.append(run);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.headerData(ResultsTableModel::PplColumn, Qt::Horizontal).toString(), QStringLiteral("PPL"));

        for (int row = 0; row < 5; ++row) {
            const Numbers& n = kRuns[row];
            auto text = [&](int column) { return model.index(row, column).data().toString(); };
            QCOMPARE(text(ResultsTableModel::NameColumn), QLatin1String(n.name));
            QCOMPARE(text(ResultsTableModel::BitsColumn), QStringLiteral("W4A4KV16"));
            QCOMPARE(text(ResultsTableModel::PplColumn), QString::number(n.ppl, 'f', 3));
            const double delta = n.ppl - 10.0;
            QCOMPARE(text(ResultsTableModel::DeltaPplColumn),
                     (delta > 0 ? QStringLiteral("+") : QString()) + QString::number(delta, 'f', 3));
            QCOMPARE(text(ResultsTableModel::KlMeanColumn), QString::number(n.kl_mean, 'f', 4));
            QCOMPARE(text(ResultsTableModel::KlP99Column), QString::number(n.kl_p99, 'f', 4));
            QCOMPARE(text(ResultsTableModel::Top1Column), QString::number(100 * n.top1, 'f', 1));
            QCOMPARE(text(ResultsTableModel::TimeColumn), QString::number(n.seconds, 'f', 1));
            QCOMPARE(model.index(row, ResultsTableModel::TimeColumn).data(ResultsTableModel::SortRole).toDouble(), n.seconds);
            QCOMPARE(model.index(row, 0).data(ResultsTableModel::RunIndexRole).toInt(), row);
            QVERIFY(model.index(row, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("KL divergence")));
        }
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    // Runs that scored tasks bring one column per task, inserted as they arrive (the tester checks
    // the column insertion); runs without a task show a dash there.
    void task_columns_follow_the_runs() {
        ResultsTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto runs = table_runs();
        model.append(runs[0]);
        QCOMPARE(model.columnCount(), int(ResultsTableModel::ColumnCount));
        auto with_tasks = std::make_shared<rs::RunResult>(*runs[1]);
        rs::TaskScore piqa;
        piqa.task = "piqa";
        piqa.title = "PIQA";
        piqa.n = 16;
        piqa.acc = 0.4375;
        piqa.acc_stderr = 0.128;
        piqa.acc_norm = 0.5;
        piqa.acc_norm_stderr = 0.13;
        rs::TaskScore mmlu = piqa;
        mmlu.task = "mmlu";
        mmlu.title = "MMLU";
        mmlu.acc = 0.25;
        mmlu.acc_norm = rs::kNoScore;
        mmlu.categories = {{"stem", "", 12, 0.25, rs::kNoScore}};
        with_tasks->tasks = {piqa, mmlu};
        model.append(with_tasks);
        QCOMPARE(model.columnCount(), int(ResultsTableModel::ColumnCount) + 2);
        const int piqa_column = ResultsTableModel::ColumnCount, mmlu_column = ResultsTableModel::ColumnCount + 1;
        QCOMPARE(*model.task_of_column(piqa_column), std::string("piqa"));
        QVERIFY(model.task_of_column(ResultsTableModel::ExportColumn) == nullptr);
        QCOMPARE(model.headerData(piqa_column, Qt::Horizontal).toString(), QStringLiteral("PIQA %"));
        QCOMPARE(model.index(1, piqa_column).data().toString(), QStringLiteral("43.8"));
        QCOMPARE(model.index(1, piqa_column).data(ResultsTableModel::SortRole).toDouble(), 43.75);
        QCOMPARE(model.index(0, piqa_column).data().toString(), QStringLiteral("–"));
        QVERIFY(model.index(1, mmlu_column).data(Qt::ToolTipRole).toString().contains(QStringLiteral("stem")));
        QVERIFY(model.index(1, piqa_column).data(Qt::ToolTipRole).toString().contains(QStringLiteral("Length-normalized")));
        // A later run with the same tasks adds no column; Clear removes them with the rows.
        model.append(with_tasks);
        QCOMPARE(model.columnCount(), int(ResultsTableModel::ColumnCount) + 2);
        QVERIFY(QString::fromStdString(model.csv()).contains(QStringLiteral("piqa_acc")));
        model.clear();
        QCOMPARE(model.columnCount(), int(ResultsTableModel::ColumnCount));
    }

    void sorts_numerically() {
        ExperimentView view;
        QAbstractItemModelTester tester(view.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.set_runs(table_runs());
        // Arrival order until a column is chosen.
        QCOMPARE(column_texts(view.proxy(), ResultsTableModel::NameColumn),
                 (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d"), QStringLiteral("e")}));

        view.table_view()->sortByColumn(ResultsTableModel::PplColumn, Qt::AscendingOrder);
        QCOMPARE(column_texts(view.proxy(), ResultsTableModel::NameColumn),
                 (QStringList{QStringLiteral("d"), QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("e"), QStringLiteral("c")}));
        // ΔPPL is negative for d and a: still numeric, signs included.
        view.table_view()->sortByColumn(ResultsTableModel::DeltaPplColumn, Qt::DescendingOrder);
        QCOMPARE(column_texts(view.proxy(), ResultsTableModel::NameColumn),
                 (QStringList{QStringLiteral("c"), QStringLiteral("e"), QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("d")}));
        view.table_view()->sortByColumn(ResultsTableModel::TimeColumn, Qt::AscendingOrder);
        QCOMPARE(column_texts(view.proxy(), ResultsTableModel::NameColumn),
                 (QStringList{QStringLiteral("e"), QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("b"), QStringLiteral("d")}));
        view.table_view()->sortByColumn(ResultsTableModel::Top1Column, Qt::DescendingOrder);
        QCOMPARE(column_texts(view.proxy(), ResultsTableModel::NameColumn),
                 (QStringList{QStringLiteral("d"), QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("e"), QStringLiteral("c")}));

        // A run arriving while sorted lands in its place.
        view.append_run(make_run({"f", 5.0, 0.01, 0.1, 0.97, 7.0, -1}));
        QCOMPARE(column_texts(view.proxy(), ResultsTableModel::NameColumn).at(1), QStringLiteral("f"));
    }

    void selected_rows_drive_the_histograms() {
        ExperimentView view;
        view.set_runs(table_runs());
        // Nothing selected: every run is compared.
        QCOMPARE(view.histograms()->selected(), (QList<int>{0, 1, 2, 3, 4}));
        view.table_view()->sortByColumn(ResultsTableModel::PplColumn, Qt::DescendingOrder);  // c, e, b, a, d
        QItemSelection selection;
        for (int proxy_row : {0, 2}) {
            const QModelIndex i = view.proxy()->index(proxy_row, 0);
            selection.select(i, i.siblingAtColumn(ResultsTableModel::ColumnCount - 1));
        }
        view.table_view()->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        // Rows 0 and 2 of the sorted table are runs c (index 2) and b (index 1).
        QCOMPARE(view.selected_runs(), (QList<int>{2, 1}));
        QCOMPARE(view.histograms()->selected(), (QList<int>{2, 1}));
        QCOMPARE(view.histograms()->run_graph_count(), 2);

        view.select_runs({3});
        QCOMPARE(view.histograms()->selected(), QList<int>{3});
        view.table_view()->clearSelection();
        QCOMPARE(view.histograms()->selected().size(), 5);
    }

    void exports_csv_equal_to_the_engine_summary() {
        MainWindow w(translations_);
        QVERIFY(!w.export_results_csv(dir_.filePath(QStringLiteral("none.csv"))));  // nothing yet
        QVERIFY(!w.last_error().isEmpty());
        QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("none.csv"))));

        std::vector<rs::RunResult> values;
        for (const auto& run : table_runs()) {
            w.experiment_view()->append_run(run);
            values.push_back(*run);
        }
        QVERIFY(w.experiment_view()->export_csv_button()->isEnabled());
        const QString path = dir_.filePath(QStringLiteral("results.csv"));
        QVERIFY2(w.export_results_csv(path), qPrintable(w.last_error()));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray written = f.readAll();
        QCOMPARE(written, QByteArray::fromStdString(rs::summary_table_csv(values)));
        QCOMPARE(w.experiment_view()->results()->csv(), rs::summary_table_csv(values));
        // Whatever the engine's layout, every run is in it.
        for (const Numbers& n : kRuns) QVERIFY(written.contains(QByteArray(n.name)));

        // A folder that does not exist: one line naming the file.
        const QString bad = dir_.filePath(QStringLiteral("missing/results.csv"));
        QVERIFY(!w.export_results_csv(bad));
        QVERIFY(w.last_error().contains(bad));
    }

    void clear_empties_the_table() {
        ExperimentView view;
        view.set_runs(table_runs());
        QVERIFY(view.clear_button()->isEnabled());
        view.clear_button()->click();
        QCOMPARE(view.results()->rowCount(), 0);
        QVERIFY(!view.clear_button()->isEnabled());
        QVERIFY(!view.export_csv_button()->isEnabled());
        QVERIFY(!view.export_report_button()->isEnabled());
        QVERIFY(view.histograms()->selected().isEmpty());
    }

    void window_opens_a_run_report_into_the_table() {
        const rs::RunReport written = synthetic_report();
        const QString path = dir_.filePath(QStringLiteral("runs.h5"));
        rs::write_run_report(path.toStdString(), written);
        QVERIFY(rs::is_run_report(path.toStdString()));

        MainWindow w(translations_);
        QSignalSpy ready(&w, &MainWindow::run_report_ready);
        QSignalSpy census_ready(&w, &MainWindow::report_ready);
        QVERIFY(w.open_path(path));
        QVERIFY(wait_idle(w));
        QVERIFY2(ready.count() == 1, qPrintable(w.last_error()));
        QCOMPARE(census_ready.count(), 0);  // not a census
        QVERIFY(!w.report());

        ResultsTableModel* results = w.experiment_view()->results();
        QCOMPARE(results->rowCount(), int(written.runs.size()));
        for (size_t i = 0; i < written.runs.size(); ++i) {
            const rs::RunResult& r = *results->runs()[i];
            QCOMPARE(r.name, written.runs[i].name);
            QCOMPARE(r.seed, written.runs[i].seed);
            QCOMPARE(r.metrics.candidate.full, written.runs[i].metrics.candidate.full);
            QCOMPARE(r.metrics.kl.p99, written.runs[i].metrics.kl.p99);
            QVERIFY(r.recipe == written.runs[i].recipe);
            QCOMPARE(r.linears.size(), written.runs[i].linears.size());
            QCOMPARE(results->index(static_cast<int>(i), ResultsTableModel::DeltaPplColumn).data(ResultsTableModel::SortRole).toDouble(),
                     written.runs[i].metrics.candidate.full - written.reference.full);
        }
        QCOMPARE(w.census_views()->currentIndex(), w.experiments_tab());
        QVERIFY(w.experiment_view()->reference_label()->text().contains(QStringLiteral("10.000")));
        QVERIFY(w.experiment_view()->reference_label()->text().contains(QStringLiteral("runs.h5")));
        QVERIFY(w.windowTitle().contains(QStringLiteral("runs.h5")));
        QVERIFY(w.model_panel()->shows_report());
        QVERIFY(w.model_panel()->summary_text().contains(QStringLiteral("tiny-report-model")));
        // The histograms compare the report's runs: every one probed two linears.
        QCOMPARE(w.experiment_view()->histograms()->linears().size(), size_t(2));
        QVERIFY(w.experiment_view()->histograms()->run_graph_count() >= 1);

        // Export it again: the same runs come back.
        const QString again = dir_.filePath(QStringLiteral("again.h5"));
        QSignalSpy exported(&w, &MainWindow::report_exported);
        QVERIFY(w.export_run_report(again));
        QVERIFY(wait_idle(w));
        QVERIFY2(exported.count() == 1, qPrintable(w.last_error()));
        const rs::RunReport back = rs::read_run_report(again.toStdString());
        QCOMPARE(back.runs.size(), written.runs.size());
        for (size_t i = 0; i < back.runs.size(); ++i) {
            QCOMPARE(back.runs[i].name, written.runs[i].name);
            QCOMPARE(back.runs[i].metrics.top1_agreement, written.runs[i].metrics.top1_agreement);
        }
        QCOMPARE(back.reference.full, written.reference.full);
        QCOMPARE(back.seeds, written.seeds);
        QCOMPARE(back.eval.ctx, written.eval.ctx);
        QCOMPARE(back.model.source.name, written.model.source.name);
        QVERIFY(QString::fromStdString(back.meta.config_json).contains(QStringLiteral("recipes")));

        // Dropping a run report onto the window opens it too, replacing the table.
        w.experiment_view()->clear();
        QCOMPARE(results->rowCount(), 0);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(again)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        enter.setAccepted(false);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QVERIFY(wait_idle(w));
        QVERIFY2(ready.count() == 2, qPrintable(w.last_error()));
        QCOMPARE(results->rowCount(), int(written.runs.size()));
    }

    void broken_run_report_is_one_line() {
        MainWindow w(translations_);
        const QString path = dir_.filePath(QStringLiteral("truncated.h5"));
        rs::write_run_report(path.toStdString(), synthetic_report());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() / 2));
        f.close();
        QSignalSpy failed(&w, &MainWindow::job_failed);
        QVERIFY(w.open_path(path));
        QVERIFY(wait_idle(w));
        QCOMPARE(failed.count(), 1);
        QVERIFY(w.last_error().contains(path));
        QVERIFY(!w.last_error().contains(QLatin1Char('\n')));
        QCOMPARE(w.experiment_view()->results()->rowCount(), 0);
    }
};

QTEST_MAIN(ResultsTableTest)
#include "results_table_test.moc"
