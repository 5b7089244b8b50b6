// The error-histogram comparison over hand-built RunResults: one step curve per selected run
// holding exactly the probe's bins (centres recomputed from the histogram's definition), a
// selector that lists exactly the probed linears, the input/weight switch, the table, the SQNR
// per layer plot, the empty states, and the layout: the histogram gets most of the height, legend
// entries are never cut off, the explanation folds.
// ROTOSCOPE_SCREENSHOT_DIR=<dir> also saves PNGs with histograms of simulated MXFP4 errors.
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QSignalSpy>
#include <QSplitter>
#include <QTableWidget>
#include <QtTest>
#include <cmath>
#include <qcustomplot.h>
#include <random>

#include "census/explanation_label.h"
#include "experiment/error_histogram_view.h"
#include "experiment/sqnr_layer_view.h"
#include "pipeline/quantize.h"
#include "quant/fake_quant.h"
#include "rotate/hadamard.h"

using namespace rs;
using namespace rs::gui;

namespace {

// A histogram whose every field depends on `seed`, with empty bins at both ends and inside.
ErrorHistogram pattern(int seed, double rms) {
    ErrorHistogram h;
    h.rms = rms;
    h.counts.assign(ErrorHistogram::kBins, 0);
    for (int i = 60; i < 140; ++i)
        if (i % 17 != 0) h.counts[static_cast<size_t>(i)] = (seed * 7 + i * 13) % 50 + 1;
    h.below = seed;
    h.above = 2 * seed + 1;
    h.zeros = h.counts[100];
    h.max_abs = 2.5 + seed;
    return h;
}

// Every error exactly zero: what the probe records for an unquantized tensor.
ErrorHistogram exact(int64_t n, double rms) {
    ErrorHistogram h;
    h.rms = rms;
    h.counts.assign(ErrorHistogram::kBins, 0);
    h.counts[ErrorHistogram::kBins / 2] = n;
    h.zeros = n;
    return h;
}

LinearError linear(int layer, Role role, int seed) {
    LinearError e;
    e.layer = layer;
    e.role = role;
    e.output_rel_error = 0.01 * seed;
    e.output_sqnr_db = 20.0 + seed + 0.5 * layer;
    e.input_rel_error = 0.1 + 0.01 * seed;
    e.weight_rel_error = 0.05 + 0.01 * seed;
    e.input_error = pattern(seed, 1.5 + seed);
    e.weight_error = pattern(seed + 100, 0.02 * (seed + 1));
    return e;
}

std::shared_ptr<RunResult> run(const std::string& name, std::vector<LinearError> linears) {
    auto r = std::make_shared<RunResult>();
    r->name = name;
    r->linears = std::move(linears);
    return r;
}

// Run A probed (0,q) (0,down) (1,q); run B (0,q) (1,up) and the LM head; run C nothing.
std::vector<std::shared_ptr<const RunResult>> three_runs() {
    return {run("none mxfp4", {linear(0, Role::AttnQ, 1), linear(0, Role::FfnDown, 2), linear(1, Role::AttnQ, 3)}),
            run("hadamard mxfp4", {linear(0, Role::AttnQ, 4), linear(1, Role::FfnUp, 5), linear(-1, Role::LmHead, 6)}),
            run("no probe", {})};
}

// Six runs with names as long as the default recipe names, all probing (0, q_proj).
std::vector<std::shared_ptr<const RunResult>> six_long_runs() {
    std::vector<std::shared_ptr<const RunResult>> out;
    for (int i = 0; i < 6; ++i)
        out.push_back(run("R1 rhadamard:seed=" + std::to_string(i) + " + R2 hadamard · W int4:channel A int4:token",
                          {linear(0, Role::AttnQ, i + 1), linear(1, Role::AttnQ, i + 2)}));
    return out;
}

double naive_centre(int i) { return -2.0 + 4.0 * (i + 0.5) / 200.0; }

void check_graph(const QCPGraph* g, const ErrorHistogram& h) {
    QVERIFY(g);
    QCOMPARE(g->dataCount(), ErrorHistogram::kBins);
    int i = 0;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it, ++i) {
        QVERIFY(std::fabs(it->key - naive_centre(i)) < 1e-12);
        QCOMPARE(it->value, static_cast<double>(h.counts[static_cast<size_t>(i)]));
    }
}

QList<int> combo_data(const QComboBox* c) {
    QList<int> out;
    for (int i = 0; i < c->count(); ++i) out.push_back(c->itemData(i).toInt());
    return out;
}

QList<int> roles(std::initializer_list<Role> rs) {
    QList<int> out;
    for (Role r : rs) out.push_back(static_cast<int>(r));
    return out;
}

std::vector<std::pair<double, double>> points(const QCPGraph* g) {
    std::vector<std::pair<double, double>> out;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) out.emplace_back(it->key, it->value);
    return out;
}

// Histogram of (q - x) / rms(x), binned the slow way, for the screenshots.
ErrorHistogram bin_errors(const std::vector<float>& x, const std::vector<float>& q) {
    ErrorHistogram h;
    h.counts.assign(ErrorHistogram::kBins, 0);
    double ss = 0;
    for (float v : x) ss += double(v) * v;
    h.rms = std::sqrt(ss / static_cast<double>(x.size()));
    for (size_t i = 0; i < x.size(); ++i) {
        const double e = (double(q[i]) - x[i]) / h.rms;
        h.max_abs = std::max(h.max_abs, std::fabs(e));
        if (e == 0) ++h.zeros;
        if (e < -2) ++h.below;
        else if (e >= 2) ++h.above;
        else ++h.counts[static_cast<size_t>(std::floor((e + 2) / 0.02))];
    }
    return h;
}

double rel_error(const std::vector<float>& x, const std::vector<float>& q) {
    double se = 0, sx = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        se += (double(q[i]) - x[i]) * (double(q[i]) - x[i]);
        sx += double(x[i]) * x[i];
    }
    return std::sqrt(se / sx);
}

// Three MXFP4 runs of a 4-layer model's linears: activations with two outlier channels, then the
// same rotated by a full and by a block-32 Hadamard.
std::vector<std::shared_ptr<const RunResult>> simulated_runs() {
    const int rows = 48, cols = 256;
    std::mt19937 rng(5);
    std::normal_distribution<float> n01;
    const auto mx = quant::parse_format_spec("mxfp4");
    const char* names[] = {"none · MXFP4", "R1 hadamard · MXFP4", "R1 block32 · MXFP4"};
    std::vector<std::shared_ptr<const RunResult>> runs;
    std::vector<std::vector<LinearError>> linears(3);
    for (int layer = 0; layer < 4; ++layer) {
        for (Role role : {Role::AttnQ, Role::AttnK, Role::AttnV, Role::AttnO, Role::FfnGate, Role::FfnUp, Role::FfnDown}) {
            MatrixRM x(rows, cols), w(64, cols);
            const float outlier = 8.0f + 6.0f * layer + (role == Role::FfnDown ? 30.0f : 0.0f);
            for (int r = 0; r < rows; ++r)
                for (int c = 0; c < cols; ++c) x(r, c) = n01(rng) * (c == 3 || c == 77 ? outlier : 1.0f);
            for (int i = 0; i < w.size(); ++i) w.data()[i] = n01(rng) * 0.05f;
            for (int k = 0; k < 3; ++k) {
                MatrixRM xr = x, wr = w;
                if (k == 1) {
                    fwht_rows(xr);
                    fwht_rows(wr);
                } else if (k == 2) {
                    Eigen::Map<MatrixRM> xb(xr.data(), rows * cols / 32, 32), wb(wr.data(), wr.size() / 32, 32);
                    fwht_rows(xb);
                    fwht_rows(wb);
                }
                std::vector<float> xv(xr.data(), xr.data() + xr.size()), wv(wr.data(), wr.data() + wr.size());
                const auto qx = quant::fake_quant(xv.data(), rows, cols, mx).dequant;
                const auto qw = quant::fake_quant(wv.data(), wr.rows(), cols, mx).dequant;
                LinearError e;
                e.layer = layer;
                e.role = role;
                e.input_error = bin_errors(xv, qx);
                e.weight_error = bin_errors(wv, qw);
                e.input_rel_error = rel_error(xv, qx);
                e.weight_rel_error = rel_error(wv, qw);
                e.output_rel_error = std::hypot(e.input_rel_error, e.weight_rel_error);
                e.output_sqnr_db = -20 * std::log10(e.output_rel_error);
                linears[static_cast<size_t>(k)].push_back(e);
            }
        }
    }
    for (int k = 0; k < 3; ++k) runs.push_back(run(names[k], linears[static_cast<size_t>(k)]));
    return runs;
}

}  // namespace

class ErrorHistogramViewTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QApplication::setQuitOnLastWindowClosed(false); }

    void selector_lists_exactly_the_probed_linears() {
        ErrorHistogramView v;
        v.set_runs(three_runs());
        QCOMPARE(v.selected(), QList<int>({0, 1, 2}));  // all by default
        QCOMPARE(combo_data(v.layer_combo()), QList<int>({0, 1, -1}));
        QCOMPARE(v.layer_combo()->itemText(2), QStringLiteral("LM head"));
        v.layer_combo()->setCurrentIndex(0);
        QCOMPARE(combo_data(v.role_combo()), roles({Role::AttnQ, Role::FfnDown}));
        QCOMPARE(v.role_combo()->itemText(1), QStringLiteral("down_proj"));
        v.layer_combo()->setCurrentIndex(1);
        QCOMPARE(combo_data(v.role_combo()), roles({Role::AttnQ, Role::FfnUp}));
        v.layer_combo()->setCurrentIndex(2);
        QCOMPARE(combo_data(v.role_combo()), roles({Role::LmHead}));
        QCOMPARE(v.linears().size(), size_t{5});  // (0, q_proj) is in both runs

        // Only run A: its three linears.
        v.set_selected({0});
        QCOMPARE(combo_data(v.layer_combo()), QList<int>({0, 1}));
        v.layer_combo()->setCurrentIndex(1);
        QCOMPARE(combo_data(v.role_combo()), roles({Role::AttnQ}));
        // Out-of-range and repeated indices are dropped.
        v.set_selected({1, 7, 1, -1});
        QCOMPARE(v.selected(), QList<int>({1}));
    }

    void one_curve_per_selected_run_with_the_bins() {
        const auto runs = three_runs();
        ErrorHistogramView v;
        v.set_runs(runs);
        v.set_selected({1, 0});
        v.select_linear(0, Role::AttnQ);
        QCOMPARE(v.layer(), 0);
        QCOMPARE(v.role(), Role::AttnQ);
        QVERIFY(!v.weight_error());
        QCOMPARE(v.run_graph_count(), 2);
        QCOMPARE(v.plot()->graphCount(), 2);
        // Selection order is legend order.
        check_graph(v.run_graph(0), runs[1]->linears[0].input_error);
        check_graph(v.run_graph(1), runs[0]->linears[0].input_error);
        QCOMPARE(v.run_graph(0)->name(), QStringLiteral("hadamard mxfp4"));
        QCOMPARE(v.run_graph(1)->name(), QStringLiteral("none mxfp4"));
        QVERIFY(v.run_graph(0)->pen().color() != v.run_graph(1)->pen().color());
        QVERIFY(!v.plot_message()->visible());
        QCOMPARE(v.plot()->xAxis->label(), QStringLiteral("error / RMS of the tensor"));

        // The table: one row per run with the chosen tensor's figures.
        QTableWidget* t = v.table();
        QCOMPARE(t->rowCount(), 2);
        const LinearError& b = runs[1]->linears[0];
        QCOMPARE(t->item(0, ErrorHistogramView::RunColumn)->text(), QStringLiteral("hadamard mxfp4"));
        QCOMPARE(t->item(0, ErrorHistogramView::RmsColumn)->data(Qt::UserRole).toDouble(), b.input_error.rms);
        QCOMPARE(t->item(0, ErrorHistogramView::RelErrorColumn)->data(Qt::UserRole).toDouble(), b.input_rel_error);
        QCOMPARE(t->item(0, ErrorHistogramView::BelowColumn)->data(Qt::UserRole).toDouble(), double(b.input_error.below));
        QCOMPARE(t->item(0, ErrorHistogramView::AboveColumn)->data(Qt::UserRole).toDouble(), double(b.input_error.above));
        QCOMPARE(t->item(0, ErrorHistogramView::OutputSqnrColumn)->data(Qt::UserRole).toDouble(), b.output_sqnr_db);
        QCOMPARE(t->item(0, ErrorHistogramView::MaxErrorColumn)->data(Qt::UserRole).toDouble(), b.input_error.max_abs);

        // The x range holds every non-empty bin (60..139) and stays symmetric.
        QVERIFY(v.plot()->xAxis->range().lower <= naive_centre(60));
        QVERIFY(v.plot()->xAxis->range().upper >= naive_centre(139));
        QCOMPARE(v.plot()->xAxis->range().lower, -v.plot()->xAxis->range().upper);
    }

    void weight_switch_and_log_axis_change_the_data_and_scale() {
        const auto runs = three_runs();
        ErrorHistogramView v;
        v.set_runs(runs);
        v.set_selected({0, 1});
        v.select_linear(0, Role::AttnQ);
        v.tensor_combo()->setCurrentIndex(1);
        QVERIFY(v.weight_error());
        check_graph(v.run_graph(0), runs[0]->linears[0].weight_error);
        check_graph(v.run_graph(1), runs[1]->linears[0].weight_error);
        QCOMPARE(v.table()->item(1, ErrorHistogramView::RmsColumn)->data(Qt::UserRole).toDouble(),
                 runs[1]->linears[0].weight_error.rms);
        v.set_weight_error(false);
        check_graph(v.run_graph(0), runs[0]->linears[0].input_error);

        QCOMPARE(v.plot()->yAxis->scaleType(), QCPAxis::stLinear);
        QCOMPARE(v.plot()->yAxis->range().lower, 0.0);
        v.log_y_check()->setChecked(true);
        QCOMPARE(v.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(v.plot()->yAxis->range().lower > 0);
        check_graph(v.run_graph(0), runs[0]->linears[0].input_error);
    }

    void a_run_without_the_linear_gets_an_empty_curve_and_dashes() {
        const auto runs = three_runs();
        ErrorHistogramView v;
        v.set_runs(runs);
        v.set_selected({0, 1});
        v.select_linear(1, Role::FfnUp);  // only run B has it
        QCOMPARE(v.run_graph(0)->dataCount(), 0);
        QVERIFY(v.run_graph(0)->name().contains(QStringLiteral("not probed")));
        check_graph(v.run_graph(1), runs[1]->linears[1].input_error);
        QCOMPARE(v.table()->item(0, ErrorHistogramView::RmsColumn)->text(), QStringLiteral("—"));
        QVERIFY(!v.plot_message()->visible());
    }

    void linear_changed_follows_the_choice() {
        ErrorHistogramView v;
        QSignalSpy spy(&v, &ErrorHistogramView::linear_changed);
        v.set_runs(three_runs());
        QCOMPARE(spy.count(), 1);  // the first linear shown: (0, q_proj)
        QCOMPARE(spy.last().at(0).toInt(), 0);
        QCOMPARE(spy.last().at(1).value<Role>(), Role::AttnQ);
        v.select_linear(0, Role::FfnDown);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.last().at(1).value<Role>(), Role::FfnDown);
        v.select_linear(0, Role::FfnDown);  // no change, no signal
        QCOMPARE(spy.count(), 2);
        v.layer_combo()->setCurrentIndex(v.layer_combo()->findData(-1));  // the user picks the LM head
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.last().at(0).toInt(), -1);
        QCOMPARE(spy.last().at(1).value<Role>(), Role::LmHead);
        // A linear nobody probed is remembered and shown once a run has it.
        v.set_selected({0});
        v.select_linear(-1, Role::LmHead);
        QVERIFY(v.layer() != -1);
        v.set_selected({0, 1});
        QCOMPARE(v.layer(), -1);
        QCOMPARE(v.role(), Role::LmHead);
    }

    void sqnr_per_layer_has_one_line_per_run() {
        const auto runs = three_runs();
        ErrorHistogramView v;
        v.set_runs(runs);
        v.set_selected({0, 1});
        v.select_linear(1, Role::AttnQ);
        SqnrLayerView* s = v.sqnr_view();
        QCOMPARE(s->run_graph_count(), 2);
        // Run A probed q_proj in layers 0 and 1, run B only in layer 0.
        const auto a = points(s->run_graph(0));
        QCOMPARE(a.size(), size_t{2});
        QCOMPARE(a[0], std::make_pair(0.0, runs[0]->linears[0].output_sqnr_db));
        QCOMPARE(a[1], std::make_pair(1.0, runs[0]->linears[2].output_sqnr_db));
        const auto b = points(s->run_graph(1));
        QCOMPARE(b.size(), size_t{1});
        QCOMPARE(b[0], std::make_pair(0.0, runs[1]->linears[0].output_sqnr_db));
        QCOMPARE(s->run_graph(0)->pen().color(), v.run_graph(0)->pen().color());
        QCOMPARE(s->run_graph(1)->name(), QStringLiteral("hadamard mxfp4"));
        // The LM head sits right of the last block layer (2 layers here).
        v.select_linear(-1, Role::LmHead);
        const auto head = points(s->run_graph(1));
        QCOMPARE(head.size(), size_t{1});
        QCOMPARE(head[0], std::make_pair(2.0, runs[1]->linears[2].output_sqnr_db));
        QCOMPARE(s->run_graph(0)->dataCount(), 0);
    }

    void empty_states_say_why() {
        ErrorHistogramView v;
        QVERIFY(v.plot_message()->visible());  // no runs yet
        QVERIFY(!v.plot_message()->text().isEmpty());
        QVERIFY(!v.plot()->xAxis->visible());

        const auto runs = three_runs();
        v.set_runs({runs[2]});  // a run without probe data
        QVERIFY(v.plot_message()->visible());
        QVERIFY(v.plot_message()->text().contains(QStringLiteral("probe")));
        QCOMPARE(v.layer_combo()->count(), 0);
        QVERIFY(!v.layer_combo()->isEnabled());
        QCOMPARE(v.run_graph_count(), 1);
        QCOMPARE(v.run_graph(0)->dataCount(), 0);
        QCOMPARE(v.table()->rowCount(), 1);

        // A W4A16 run: its input errors are all exact, so there is nothing to draw for the input.
        auto w_only = run("W4A16", {linear(0, Role::AttnQ, 1)});
        w_only->linears[0].input_error = exact(5000, 1.5);
        w_only->linears[0].input_rel_error = 0;
        v.set_runs({w_only});
        QCOMPARE(v.run_graph(0)->dataCount(), 0);
        QVERIFY(v.run_graph(0)->name().contains(QStringLiteral("not quantized")));
        QVERIFY(v.plot_message()->visible());
        QVERIFY(v.plot_message()->text().contains(QStringLiteral("input")));
        v.set_weight_error(true);
        QVERIFY(!v.plot_message()->visible());
        check_graph(v.run_graph(0), w_only->linears[0].weight_error);

        v.set_selected({});
        QVERIFY(v.plot_message()->visible());
        QCOMPARE(v.run_graph_count(), 0);
        v.set_runs({});
        QVERIFY(v.plot_message()->visible());
    }

    // On the Experiments tab of a 1500 × 950 window the view gets about 1000 × 620 pixels: the
    // histogram must get the largest share of it, the SQNR plot a usable one.
    void histogram_gets_most_of_the_height() {
        ErrorHistogramView v;
        v.resize(1000, 620);
        v.set_runs(six_long_runs());
        v.select_linear(0, Role::AttnQ);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        QCoreApplication::processEvents();
        QVERIFY(v.explanation()->folded());
        const int plot = v.plot()->height(), table = v.table()->height(), sqnr = v.sqnr_view()->height();
        const QString sizes = QStringLiteral("plot %1, table %2, sqnr %3 of %4").arg(plot).arg(table).arg(sqnr).arg(v.height());
        QVERIFY2(plot > table && plot > sqnr, qPrintable(sizes));
        QVERIFY2(plot >= 0.35 * v.height(), qPrintable(sizes));
        QVERIFY2(sqnr >= 0.18 * v.height(), qPrintable(sizes));
        // The table takes at most about a quarter, and never more than its rows need.
        QVERIFY2(table <= v.splitter()->height() / 4 + 2, qPrintable(sizes));
        QVERIFY2(table <= v.table()->maximumHeight(), qPrintable(sizes));

        // With few runs the table shrinks to its rows and the plots get the rest.
        v.set_selected({0, 1});
        QCoreApplication::processEvents();
        const int two_rows = v.table()->height();
        QVERIFY2(two_rows < table || table < v.splitter()->height() / 4, qPrintable(sizes));
        QVERIFY(v.plot()->height() >= plot);

        // Unfolding the explanation costs the plots some height, but the order stays.
        const int folded_height = v.explanation()->height();
        emit v.explanation()->linkActivated(QStringLiteral("#more"));
        QVERIFY(!v.explanation()->folded());
        QCoreApplication::processEvents();
        QVERIFY(v.explanation()->height() > folded_height);
        QVERIFY(v.plot()->height() > v.sqnr_view()->height());
    }

    // Long run names must not be squeezed into one legend row and cut off: the legend wraps into
    // as many columns as the plot's width holds.
    void legend_entries_are_never_cut() {
        ErrorHistogramView v;
        v.set_runs(six_long_runs());
        v.select_linear(0, Role::AttnQ);
        QCustomPlot* plot = v.plot();
        for (int width : {520, 900, 1600}) {
            v.resize(width, 700);
            v.show();
            QVERIFY(QTest::qWaitForWindowExposed(&v));
            QCoreApplication::processEvents();
            plot->replot();
            QCPLegend* legend = plot->legend;
            QVERIFY2(plot->width() <= width, qPrintable(QStringLiteral("%1 px wide in %2").arg(plot->width()).arg(width)));
            QCOMPARE(legend->itemCount() >= 6, true);
            for (int i = 0; i < legend->itemCount(); ++i) {
                QCPAbstractLegendItem* item = legend->item(i);
                if (!item) continue;
                const QRect r = item->outerRect();
                QVERIFY2(r.width() >= item->minimumOuterSizeHint().width(),
                         qPrintable(QStringLiteral("width %1: item %2 is %3 px, needs %4").arg(width).arg(i).arg(r.width()).arg(item->minimumOuterSizeHint().width())));
                QVERIFY2(plot->rect().contains(r), qPrintable(QStringLiteral("width %1: item %2 outside").arg(width).arg(i)));
            }
            if (width == 520) QVERIFY(legend->wrap() < 6);  // several rows at this width
            if (width == 1600) QVERIFY(legend->wrap() >= 3);
        }
        // The SQNR plot under the table leaves the colour key to the table and the histogram.
        QVERIFY(!v.sqnr_view()->plot()->legend->visible());
    }

    void explanation_folds_to_its_summary() {
        ExplanationLabel label;
        label.set_explanation(QStringLiteral("the whole long body"));
        QVERIFY(!label.foldable());
        QVERIFY(!label.folded());
        QVERIFY(label.text().contains(QStringLiteral("the whole long body")));
        QVERIFY(!label.text().contains(QStringLiteral("#more")));

        QSignalSpy spy(&label, &ExplanationLabel::folded_changed);
        label.set_explanation(QStringLiteral("the whole long body"), QStringLiteral("in short"));
        QVERIFY(label.folded());
        QVERIFY(label.text().contains(QStringLiteral("in short")));
        QVERIFY(!label.text().contains(QStringLiteral("the whole long body")));
        emit label.linkActivated(QStringLiteral("#more"));
        QVERIFY(!label.folded());
        QCOMPARE(spy.count(), 1);
        QVERIFY(label.text().contains(QStringLiteral("the whole long body")));
        QVERIFY(label.text().contains(QStringLiteral("#less")));
        // Retranslating keeps the state.
        label.set_explanation(QStringLiteral("der ganze Text"), QStringLiteral("kurz"));
        QVERIFY(label.text().contains(QStringLiteral("der ganze Text")));
        emit label.linkActivated(QStringLiteral("#less"));
        QVERIFY(label.folded());
        QVERIFY(label.text().contains(QStringLiteral("kurz")));
        QCOMPARE(spy.count(), 2);
    }

    void screenshots() {
        const QString dir = qEnvironmentVariable("ROTOSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty()) QSKIP("ROTOSCOPE_SCREENSHOT_DIR not set");
        QDir().mkpath(dir);
        ErrorHistogramView v;
        v.resize(1200, 900);
        v.set_runs(simulated_runs());
        v.select_linear(2, Role::FfnDown);
        v.show();
        QCoreApplication::processEvents();
        QVERIFY(v.grab().save(QDir(dir).filePath(QStringLiteral("error_histogram_input.png"))));
        v.set_log_y(true);
        QCoreApplication::processEvents();
        QVERIFY(v.grab().save(QDir(dir).filePath(QStringLiteral("error_histogram_input_log.png"))));
        v.set_log_y(false);
        v.set_weight_error(true);
        v.select_linear(1, Role::AttnQ);
        QCoreApplication::processEvents();
        QVERIFY(v.grab().save(QDir(dir).filePath(QStringLiteral("error_histogram_weight.png"))));
        v.set_runs({run("no probe", {})});
        QCoreApplication::processEvents();
        QVERIFY(v.grab().save(QDir(dir).filePath(QStringLiteral("error_histogram_empty.png"))));
    }
};

QTEST_MAIN(ErrorHistogramViewTest)
#include "error_histogram_view_test.moc"
