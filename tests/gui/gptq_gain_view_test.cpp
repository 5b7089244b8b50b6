// The "GPTQ gain" view over hand-built RunResults: its table model (checked with
// QAbstractItemModelTester) lists every solved linear of one or two GPTQ runs with both proxy
// losses and their ratio; the plot draws one series per role (the ratio, or the first run's two
// losses) at the layers, on a log axis with the line at 1; RTN runs get the empty-state text, and
// the selection decides which runs are shown. Through the Experiments tab, the table's selection
// drives it. ROTOSCOPE_SCREENSHOT_DIR=<dir> saves PNGs of the view.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>
#include <cmath>
#include <qcustomplot.h>

#include "experiment/experiment_view.h"
#include "experiment/gptq_gain_model.h"
#include "experiment/gptq_gain_view.h"
#include "pipeline/quantize.h"
#include "quant/format.h"

using namespace rs;
using namespace rs::gui;

namespace {
constexpr int kLayers = 4;

// GPTQ's loss of (layer, role) in a run: RTN's times a ratio that depends on both, smaller for
// the later layers; `scale` makes a second run differ.
double rtn_loss(int layer, Role role) { return 10.0 * (1 + static_cast<int>(role)) * std::pow(3.0, layer); }
double gptq_ratio(int layer, Role role, double scale) { return scale * (0.3 + 0.05 * static_cast<int>(role)) / (1 + 0.2 * layer); }

std::shared_ptr<RunResult> gptq_run(const std::string& name, double scale, int layers = kLayers) {
    auto r = std::make_shared<RunResult>();
    r->name = name;
    r->recipe.weights = quant::parse_format_spec("int4:channel");
    r->recipe.method = WeightMethod::Gptq;
    WeightQuantReport w;
    w.spec = *r->recipe.weights;
    for (int l = 0; l < layers; ++l)
        for (const RoleTraits& t : kLayerRoles) {
            LinearQuantError e;
            e.layer = l;
            e.role = t.role;
            e.role_name = t.name;
            e.proxy_loss_rtn = rtn_loss(l, t.role);
            e.proxy_loss = e.proxy_loss_rtn * gptq_ratio(l, t.role, scale);
            w.linears.push_back(e);
        }
    r->weights = w;
    return r;
}

std::shared_ptr<RunResult> rtn_run(const std::string& name) {
    auto r = std::make_shared<RunResult>();
    r->name = name;
    r->recipe.weights = quant::parse_format_spec("int4:channel");
    WeightQuantReport w;
    w.spec = *r->recipe.weights;
    for (int l = 0; l < kLayers; ++l) {
        LinearQuantError e;  // RTN: the proxy losses stay NaN
        e.layer = l;
        e.role = Role::AttnQ;
        w.linears.push_back(e);
    }
    r->weights = w;
    return r;
}

std::vector<std::pair<double, double>> points(const QCPGraph* g) {
    std::vector<std::pair<double, double>> out;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) out.emplace_back(it->key, it->value);
    return out;
}
}  // namespace

class GptqGainViewTest : public QObject {
    Q_OBJECT

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
    void initTestCase() { QApplication::setQuitOnLastWindowClosed(false); }

    void the_model_lists_both_losses_and_their_ratio() {
        GptqGainModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(GptqGainModel::FirstRunColumn));

        // An RTN run and a null run are dropped; the GPTQ run stays.
        model.set_runs({rtn_run("rtn"), nullptr, gptq_run("gptq", 1.0)});
        QCOMPARE(model.runs().size(), size_t(1));
        QCOMPARE(model.rowCount(), kLayers * 7);
        QCOMPARE(model.columnCount(), GptqGainModel::FirstRunColumn + GptqGainModel::ColumnsPerRun);
        // Layer order, then Role order.
        for (int i = 0; i < model.rowCount(); ++i) {
            const int layer = i / 7;
            const Role role = static_cast<Role>(i % 7);
            QCOMPARE(model.index(i, GptqGainModel::LayerColumn).data(GptqGainModel::ValueRole).toInt(), layer);
            QCOMPARE(model.index(i, GptqGainModel::LinearColumn).data().toString(), QLatin1String(role_name(role)));
            const double rtn = rtn_loss(layer, role), ratio = gptq_ratio(layer, role, 1.0);
            QCOMPARE(model.index(i, GptqGainModel::FirstRunColumn + GptqGainModel::RtnLoss).data(GptqGainModel::ValueRole).toDouble(), rtn);
            QVERIFY(std::fabs(model.index(i, GptqGainModel::FirstRunColumn + GptqGainModel::GptqLoss).data(GptqGainModel::ValueRole).toDouble() -
                              rtn * ratio) <= 1e-9 * rtn);
            QVERIFY(std::fabs(model.ratio(i, 0) - ratio) < 1e-12);
            QVERIFY(std::fabs(model.index(i, GptqGainModel::FirstRunColumn + GptqGainModel::Ratio).data(GptqGainModel::ValueRole).toDouble() -
                              ratio) < 1e-12);
            QVERIFY(!model.index(i, GptqGainModel::FirstRunColumn + GptqGainModel::Ratio).data(Qt::ToolTipRole).toString().isEmpty());
        }
        // The geometric mean of the ratios.
        double sum = 0;
        for (int l = 0; l < kLayers; ++l)
            for (const RoleTraits& t : kLayerRoles) sum += std::log(gptq_ratio(l, t.role, 1.0));
        QVERIFY(std::fabs(model.geometric_mean_ratio(0) - std::exp(sum / (7 * kLayers))) < 1e-12);
        QCOMPARE(model.ratio_count(0), 7 * kLayers);
        QCOMPARE(model.headerData(GptqGainModel::FirstRunColumn + GptqGainModel::Ratio, Qt::Horizontal).toString(),
                 QStringLiteral("GPTQ / RTN"));

        // Two runs: A and B columns; a run with fewer layers leaves its cells empty (NaN, "—").
        model.set_runs({gptq_run("a", 1.0), gptq_run("b", 0.5, 2), gptq_run("c (ignored)", 2.0)});
        QCOMPARE(model.runs().size(), size_t(2));
        QCOMPARE(model.columnCount(), GptqGainModel::FirstRunColumn + 2 * GptqGainModel::ColumnsPerRun);
        QCOMPARE(model.rowCount(), kLayers * 7);
        QVERIFY(model.headerData(GptqGainModel::FirstRunColumn, Qt::Horizontal).toString().startsWith(QLatin1String("A")));
        QVERIFY(model.headerData(GptqGainModel::FirstRunColumn + GptqGainModel::ColumnsPerRun, Qt::Horizontal)
                    .toString()
                    .startsWith(QLatin1String("B")));
        const int b_ratio = GptqGainModel::FirstRunColumn + GptqGainModel::ColumnsPerRun + GptqGainModel::Ratio;
        QVERIFY(std::fabs(model.ratio(0, 1) - gptq_ratio(0, Role::AttnQ, 0.5)) < 1e-12);
        QVERIFY(std::isnan(model.ratio(7 * 3, 1)));  // layer 3: B has none
        QCOMPARE(model.index(7 * 3, b_ratio).data().toString(), QStringLiteral("—"));
        QCOMPARE(model.ratio_count(1), 2 * 7);

        model.set_runs({});
        QCOMPARE(model.rowCount(), 0);
    }

    void the_plot_draws_one_series_per_role() {
        GptqGainView v;
        QAbstractItemModelTester tester(v.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        v.resize(1100, 800);
        v.set_runs({gptq_run("gptq a", 1.0), rtn_run("rtn"), gptq_run("gptq b", 0.5)});
        QVERIFY(v.plot()->yAxis->scaleType() == QCPAxis::stLogarithmic);

        // Nothing selected: the first GPTQ runs there are (the RTN run is skipped).
        QCOMPARE(v.shown(), (QList<int>{0, 2}));
        QCOMPARE(v.mode(), GptqGainView::RatioMode);
        QVERIFY(!v.plot_message()->visible());
        for (const RoleTraits& t : kLayerRoles) {
            for (int run = 0; run < 2; ++run) {
                const QCPGraph* g = v.graph(run, t.role);
                QVERIFY(g);
                const auto pts = points(g);
                QCOMPARE(pts.size(), size_t(kLayers));
                for (int l = 0; l < kLayers; ++l) {
                    QVERIFY(std::fabs(pts[static_cast<size_t>(l)].first - l) < 0.5);  // at its layer, a little apart
                    QVERIFY(std::fabs(pts[static_cast<size_t>(l)].second - gptq_ratio(l, t.role, run == 0 ? 1.0 : 0.5)) < 1e-12);
                }
            }
            // The second run is dashed, the first solid.
            QCOMPARE(v.graph(0, t.role)->pen().style(), Qt::SolidLine);
            QCOMPARE(v.graph(1, t.role)->pen().style(), Qt::DashLine);
            QVERIFY(v.graph(0, t.role)->pen().color() == v.graph(1, t.role)->pen().color());
        }
        QCOMPARE(v.plot()->graphCount(), 14);
        // Roles apart: seven colours.
        QSet<QRgb> colors;
        for (const RoleTraits& t : kLayerRoles) colors.insert(v.graph(0, t.role)->pen().color().rgb());
        QCOMPARE(colors.size(), 7);
        // The line at 1 is inside the range.
        QVERIFY(v.plot()->yAxis->range().contains(1.0));
        QVERIFY(v.summary_label()->text().contains(QLatin1String("gptq a")));
        QVERIFY(v.summary_label()->text().contains(QLatin1String("gptq b")));
        save_screenshot(v, QStringLiteral("gptq_gain_ratio.png"));

        // The losses of the first run: GPTQ solid, RTN dashed.
        v.set_mode(GptqGainView::LossMode);
        QCOMPARE(v.plot()->graphCount(), 14);
        for (const RoleTraits& t : kLayerRoles) {
            const auto gptq = points(v.graph(0, t.role, false));
            const auto rtn = points(v.graph(0, t.role, true));
            QCOMPARE(rtn.size(), size_t(kLayers));
            for (int l = 0; l < kLayers; ++l) {
                QCOMPARE(rtn[static_cast<size_t>(l)].second, rtn_loss(l, t.role));
                QVERIFY(gptq[static_cast<size_t>(l)].second < rtn[static_cast<size_t>(l)].second);
            }
            QCOMPARE(v.graph(0, t.role, true)->pen().style(), Qt::DashLine);
            QVERIFY(!v.graph(1, t.role));
        }
        QVERIFY(v.plot()->yAxis->range().contains(rtn_loss(kLayers - 1, Role::FfnDown)));
        save_screenshot(v, QStringLiteral("gptq_gain_losses.png"));
        v.set_mode(GptqGainView::RatioMode);

        // One selected GPTQ run.
        v.set_selected({2});
        QCOMPARE(v.shown(), QList<int>{2});
        QCOMPARE(v.plot()->graphCount(), 7);
        QCOMPARE(v.model()->columnCount(), GptqGainModel::FirstRunColumn + GptqGainModel::ColumnsPerRun);
        QVERIFY(v.table()->isVisibleTo(&v));
    }

    void rtn_runs_get_the_empty_state() {
        GptqGainView v;
        v.resize(700, 450);
        v.set_runs({});
        QVERIFY(v.plot_message()->visible());
        QVERIFY(!v.plot_message()->text().isEmpty());

        v.set_runs({rtn_run("int4 rtn"), gptq_run("gptq", 1.0)});
        v.set_selected({0});
        QVERIFY(v.shown().isEmpty());
        QCOMPARE(v.plot()->graphCount(), 0);
        QVERIFY(v.plot_message()->visible());
        QVERIFY2(v.plot_message()->text().contains(QLatin1String("int4 rtn")), qPrintable(v.plot_message()->text()));
        QVERIFY2(v.plot_message()->text().contains(QLatin1String("RTN")), qPrintable(v.plot_message()->text()));
        QVERIFY(!v.plot()->xAxis->visible());
        QVERIFY(!v.table()->isVisibleTo(&v));
        QCOMPARE(v.model()->rowCount(), 0);
        save_screenshot(v, QStringLiteral("gptq_gain_rtn.png"));

        // Selecting the GPTQ run as well shows it.
        v.set_selected({0, 1});
        QCOMPARE(v.shown(), QList<int>{1});
        QVERIFY(!v.plot_message()->visible());
        // Out-of-range indices are dropped.
        v.set_selected({7});
        QCOMPARE(v.shown(), QList<int>{1});
    }

    void the_table_selection_drives_it() {
        ExperimentView view;
        view.resize(1200, 900);
        view.set_runs({gptq_run("gptq a", 1.0), rtn_run("rtn"), gptq_run("gptq b", 0.7)});
        GptqGainView* gain = view.gptq_gain();
        QCOMPARE(view.detail_tabs()->widget(ExperimentView::GptqGainTab), gain);
        QCOMPARE(gain->shown(), (QList<int>{0, 2}));
        view.select_runs({2});
        QCOMPARE(gain->shown(), QList<int>{2});
        view.select_runs({1});
        QVERIFY(gain->shown().isEmpty());
        QVERIFY(gain->plot_message()->visible());
        view.detail_tabs()->setCurrentIndex(ExperimentView::GptqGainTab);
        QCOMPARE(view.current_plot(), gain->plot());
        view.select_runs({0});
        save_screenshot(view, QStringLiteral("experiments_gptq_gain_tab.png"));
        view.clear();
        QVERIFY(gain->shown().isEmpty());
        QCOMPARE(gain->model()->rowCount(), 0);
    }
};

QTEST_MAIN(GptqGainViewTest)
#include "gptq_gain_view_test.moc"
