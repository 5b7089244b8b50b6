// The six census views over a hand-built CensusReport: every plot must hold exactly the report's
// numbers (checked against naive recomputations), the table must sort, filter and lead to the
// heatmap cell, and nothing may break on an empty report or a language change.
// ROTOSCOPE_SCREENSHOT_DIR=<dir> also saves a 1200x800 PNG of every tab (a realistic-size report).
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <map>
#include <qcustomplot.h>
#include <set>

#include "census/census_views.h"
#include "census/channel_absmax_view.h"
#include "census/heatmap_view.h"
#include "census/histogram_view.h"
#include "census/kurtosis_view.h"
#include "census/layer_curves_view.h"
#include "census/massive_table_model.h"
#include "census/massive_table_view.h"
#include "census/max_pool_color_map.h"
#include "census/site_selector.h"
#include "i18n.h"

using namespace rs;
using namespace rs::gui;

namespace {

constexpr int kLayers = 3;
constexpr int kCaptureRows = 8;
constexpr int kWindows = 4;  // make_report's calibration windows
constexpr int kCaptureWindow = 1;

// Token texts of every window: byte-level and SentencePiece markers, raw whitespace, plain words.
const char* const kTexts[16] = {"<s>", " the", "Ġcat", "\n", "\t", "sat", "▁on", "Ċ",
                                ".",   " a",   "mat",  "!",  " and", "ran", " off", "?"};
// kTexts as the heatmap axis must show them.
const char* const kVisible[16] = {"<s>", "␣the", "␣cat", "↵", "⇥", "sat", "␣on", "↵",
                                  ".",   "␣a",   "mat",  "!", "␣and", "ran", "␣off", "?"};

int channels_of(CensusSite s) { return s == CensusSite::DownIn ? 48 : 32; }

// Kurtosis the synthetic moments are built to have.
double wanted_kurtosis(int layer, CensusSite s) { return 3.0 + 10.0 * std::max(layer, 0) + static_cast<int>(s); }

ActivationEntry entry(float value, float median, int window, int position, int channel) {
    ActivationEntry e;
    e.value = value;
    e.median = median;
    e.window = window;
    e.position = position;
    e.token = 1000 + position;
    e.channel = channel;
    return e;
}

SiteCensus make_site(int layer, CensusSite site, int capture_rows) {
    SiteCensus s;
    s.layer = layer;
    s.site = site;
    s.channels = channels_of(site);
    const int L = std::max(layer, 0), k = static_cast<int>(site);
    for (int c = 0; c < s.channels; ++c) s.channel_absmax.push_back(1.0f + 0.1f * static_cast<float>((c * 7 + L * 3 + k) % 11));
    s.channel_absmax[3] = 400.0f + 100.0f * static_cast<float>(L);  // a massive channel
    s.channel_absmax[17] = 40.0f;                                   // an outlier at 5x, not at 50x
    s.channel_mean.assign(static_cast<size_t>(s.channels), 0.0);
    s.channel_rms.assign(static_cast<size_t>(s.channels), 1.0);
    s.channel_kurtosis.assign(static_cast<size_t>(s.channels), 3.0);
    s.absmax = *std::max_element(s.channel_absmax.begin(), s.channel_absmax.end());
    // n * m4 / m2^2 = wanted_kurtosis.
    s.moments.n = 1000;
    s.moments.m2 = 1000.0 * (1 + L);
    s.moments.m4 = 1000.0 * wanted_kurtosis(layer, site) * (1 + L) * (1 + L);
    s.count = 1000;
    s.median = 0.5 + 0.1 * L + 0.01 * k;
    const float base = 500.0f + 100.0f * static_cast<float>(L) + 10.0f * static_cast<float>(k);
    s.top = {entry(-base, 0, 1, 0, 3), entry(0.6f * base, 0, 0, 2, 17), entry(-0.4f * base, 0, 2, 5, 3),
             entry(0.1f * base, 0, 3, 9, 8)};
    // Each window's own three largest |x| (the per-layer curves average these).
    for (int w = 0; w < kWindows; ++w)
        for (float f : {1.0f, 0.6f, 0.4f}) s.window_top.push_back(f * base * (1.0f + 0.25f * static_cast<float>(w)));

    // Runs 96..97 and 100, the last bin, and negatives at 96 and 101: gaps and both ends.
    s.histogram.pos[96] = 50 + static_cast<uint64_t>(L);
    s.histogram.pos[97] = 20;
    s.histogram.pos[100] = 5;
    s.histogram.pos[LogHistogram::kBins - 1] = 2;
    s.histogram.neg[96] = 40;
    s.histogram.neg[101] = 1;
    s.histogram.zeros = 3;
    s.histogram.underflow = 1;

    s.captured = MatrixRM(capture_rows, s.channels);
    for (int r = 0; r < capture_rows; ++r)
        for (int c = 0; c < s.channels; ++c)
            s.captured(r, c) = 0.1f * static_cast<float>((r * 31 + c * 17 + k) % 13 - 6) + 0.05f;
    if (capture_rows > 0) s.captured(0, 3) = -base;
    return s;
}

// 3 layers, every site, 4 windows x 16 tokens, 8 captured rows of window 1, 7 massive entries.
std::shared_ptr<CensusReport> make_report(int capture_rows = kCaptureRows) {
    auto report = std::make_shared<CensusReport>();
    Census& c = report->census;
    c.n_layers = kLayers;
    c.config.windows = 4;
    c.config.ctx = 16;
    c.config.capture_window = kCaptureWindow;
    c.config.capture_tokens = capture_rows;
    c.calibration.ctx = 16;
    for (int w = 0; w < 4; ++w) {
        CalibrationWindow win;
        for (int p = 0; p < 16; ++p) {
            win.tokens.push_back(1000 + p);
            win.texts.emplace_back(kTexts[p]);
        }
        c.calibration.windows.push_back(win);
    }
    for (int l = 0; l < kLayers; ++l)
        for (CensusSite s : kAllCensusSites)
            if (s != CensusSite::LmHeadIn) c.sites.push_back(make_site(l, s, capture_rows));
    c.sites.push_back(make_site(-1, CensusSite::LmHeadIn, capture_rows));

    auto site = [&](int l, CensusSite s) -> SiteCensus& {
        for (SiteCensus& x : c.sites)
            if (x.layer == l && x.site == s) return x;
        throw std::logic_error("no site");
    };
    SiteCensus& r1 = site(1, CensusSite::Residual);
    r1.massive = {entry(-500, 0.4f, 1, 0, 3), entry(350, 0.3f, 1, 4, 17), entry(260, 0.2f, 0, 2, 3),
                  entry(210, 0.2f, 1, 12, 3)};
    r1.massive_count = 9;  // more found than listed
    SiteCensus& r2 = site(2, CensusSite::Residual);
    r2.massive = {entry(-600, 0.5f, 1, 0, 3), entry(-150, 0.1f, 1, 1, 3)};
    r2.massive_count = 2;
    SiteCensus& d1 = site(1, CensusSite::DownIn);
    d1.massive = {entry(120, 0.05f, 1, 2, 40)};
    d1.massive_count = 1;
    return report;
}

// A report the size of a 1.5B model's census, for the screenshots and the timing.
std::shared_ptr<CensusReport> make_big_report() {
    auto report = std::make_shared<CensusReport>();
    Census& c = report->census;
    c.n_layers = 28;
    c.config.windows = 8;
    c.config.ctx = 512;
    c.config.capture_tokens = 128;
    const char* words[] = {" the", " of", ",", " model", ".", "\n", " and", " a", " to", " in", "ing", " is"};
    for (int w = 0; w < 8; ++w) {
        CalibrationWindow win;
        for (int p = 0; p < 512; ++p) {
            win.tokens.push_back(p);
            win.texts.emplace_back(p == 0 ? "<|endoftext|>" : words[(p * 7 + w) % 12]);
        }
        c.calibration.windows.push_back(win);
    }
    SeededRng rng(7);
    auto uniform = [&] { return static_cast<double>(rng.next() >> 11) * 0x1.0p-53; };
    auto gauss = [&] { return std::sqrt(-2 * std::log(uniform() + 1e-12)) * std::cos(6.283185307 * uniform()); };
    for (int l = -1; l < c.n_layers; ++l) {
        for (CensusSite site : kAllCensusSites) {
            if ((l < 0) != (site == CensusSite::LmHeadIn)) continue;
            SiteCensus s;
            s.layer = l;
            s.site = site;
            s.channels = site == CensusSite::DownIn ? 8960 : 1536;
            const bool massive = l >= 2 && (site == CensusSite::Residual || site == CensusSite::MlpIn);
            const double scale = 0.2 + 0.05 * std::max(l, 0);
            s.channel_absmax.resize(static_cast<size_t>(s.channels));
            for (int ch = 0; ch < s.channels; ++ch)
                s.channel_absmax[static_cast<size_t>(ch)] = static_cast<float>(scale * (3 + std::fabs(gauss())));
            for (int ch : {131, 1234}) s.channel_absmax[static_cast<size_t>(ch)] *= massive ? 400.f : 6.f;
            s.median = scale * 0.6;
            const double peak = massive ? 1500 + 40 * l : scale * 60;
            for (int r = 0; r < 16; ++r) s.top.push_back(entry(static_cast<float>(peak / (1 + 0.3 * r)), 0, 0, r, 1234));
            for (int w = 0; w < c.config.windows; ++w)
                for (int r = 0; r < SiteCensus::kWindowTop; ++r) s.window_top.push_back(static_cast<float>(peak / (1 + 0.3 * r)));
            s.moments.n = 1e6;
            s.moments.m2 = 1e6;
            s.moments.m4 = 1e6 * (massive ? 800.0 + 10 * l : 4.0 + 0.5 * std::max(l, 0) + static_cast<int>(site));
            for (int i = 0; i < 30000; ++i) s.histogram.add(static_cast<float>(gauss() * scale));
            if (massive)
                for (int i = 0; i < 40; ++i) s.histogram.add(static_cast<float>(peak * (0.5 + uniform())));
            const int rows = 128, cols = std::min(s.channels, 1536);
            s.captured = MatrixRM(rows, cols);
            for (int r = 0; r < rows; ++r)
                for (int ch = 0; ch < cols; ++ch) s.captured(r, ch) = static_cast<float>(gauss() * scale);
            if (massive) {
                for (int r : {0, 17, 45})
                    for (int ch : {131, 1234}) {
                        const float v = static_cast<float>(peak * (r == 0 ? 1.0 : 0.3) * (ch == 131 ? -1 : 1));
                        s.captured(r, ch) = v;
                        s.massive.push_back(entry(v, static_cast<float>(s.median), 0, r, ch));
                    }
                for (int w = 1; w < 8; ++w)
                    for (int i = 0; i < 12; ++i)
                        s.massive.push_back(entry(static_cast<float>(peak * (0.3 + 0.05 * i)), static_cast<float>(s.median), w,
                                                  i * 37 % 512, i % 2 ? 131 : 1234));
                s.massive_count = s.massive.size();
            }
            c.sites.push_back(std::move(s));
        }
    }
    // The LM head input last, as the census orders it.
    std::rotate(c.sites.begin(), c.sites.begin() + 1, c.sites.end());
    return report;
}

const SiteCensus& site_of(const CensusReport& r, int layer, CensusSite s) {
    const SiteCensus* p = r.census.find(layer, s);
    if (!p) qFatal("synthetic report lacks a site");
    return *p;
}

std::vector<std::pair<double, double>> points(const QCPGraph* g, bool finite_only = true) {
    std::vector<std::pair<double, double>> out;
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
        if (!finite_only || std::isfinite(it->value)) out.emplace_back(it->key, it->value);
    return out;
}

std::vector<std::pair<double, double>> bar_points(const QCPBars* b) {
    std::vector<std::pair<double, double>> out;
    for (auto it = b->data()->constBegin(); it != b->data()->constEnd(); ++it) out.emplace_back(it->key, it->value);
    return out;
}

QCPItemText* plot_message(QCustomPlot* plot) {
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto* t = qobject_cast<QCPItemText*>(plot->item(i)); t && t->objectName() == QLatin1String("plot_message"))
            return t;
    return nullptr;
}

// Median with the two middle values averaged, written out the slow way.
double naive_median(std::vector<float> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (static_cast<double>(v[n / 2 - 1]) + v[n / 2]);
}

// The log2 grid from its definition: bin i starts at 2^(kMinExp + i/4) * (1 + (i%4)/4).
double naive_edge(int i) {
    return std::ldexp(1.0 + (i % LogHistogram::kSubBins) / static_cast<double>(LogHistogram::kSubBins),
                      LogHistogram::kMinExp + i / LogHistogram::kSubBins);
}

int find_proxy_row(const MassiveTableView* v, int layer, CensusSite site, int window, int position, int channel) {
    for (int r = 0; r < v->proxy()->rowCount(); ++r) {
        const auto& row = v->model()->row(v->proxy()->mapToSource(v->proxy()->index(r, 0)).row());
        if (row.layer == layer && row.site == site && row.window == window && row.position == position &&
            row.channel == channel)
            return r;
    }
    return -1;
}

}  // namespace

class CensusViewsTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QApplication::setQuitOnLastWindowClosed(false); }

    void layer_curves_hold_top_magnitudes_and_median() {
        auto report = make_report();
        LayerCurvesView v;
        v.set_report(report.get());
        QCOMPARE(v.site(), CensusSite::Residual);
        for (CensusSite site : {CensusSite::Residual, CensusSite::AttnIn, CensusSite::DownIn}) {
            v.set_site(site);
            for (int rank = 0; rank < 3; ++rank) {
                const auto pts = points(v.top_graph(rank));
                QCOMPARE(pts.size(), size_t(kLayers));
                for (int l = 0; l < kLayers; ++l) {
                    QCOMPARE(pts[size_t(l)].first, double(l));
                    const auto& wt = site_of(*report, l, site).window_top;
                    double sum = 0;
                    for (int w = 0; w < kWindows; ++w) sum += wt[size_t(w * 3 + rank)];
                    QCOMPARE(pts[size_t(l)].second, sum / kWindows);
                }
            }
            const auto med = points(v.median_graph());
            QCOMPARE(med.size(), size_t(kLayers));
            for (int l = 0; l < kLayers; ++l) QCOMPARE(med[size_t(l)].second, site_of(*report, l, site).median);
        }
        QCOMPARE(v.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(!plot_message(v.plot())->visible());
        // The threshold line sits at massive_abs.
        QCOMPARE(points(v.threshold_graph()).front().second, report->census.config.massive_abs);
    }

    void channel_absmax_bars_and_outliers() {
        auto report = make_report();
        ChannelAbsmaxView v;
        v.set_report(report.get());
        v.set_site(1, CensusSite::DownIn);
        const SiteCensus& s = site_of(*report, 1, CensusSite::DownIn);
        const auto bars = bar_points(v.bars());
        QCOMPARE(bars.size(), s.channel_absmax.size());
        for (size_t c = 0; c < bars.size(); ++c) {
            QCOMPARE(bars[c].first, double(c));
            QCOMPARE(bars[c].second, double(s.channel_absmax[c]));
        }
        for (double factor : {5.0, 50.0, 1000.0}) {
            v.set_factor(factor);
            const double threshold = factor * naive_median(s.channel_absmax);
            std::vector<int> expected;
            for (int c = 0; c < s.channels; ++c)
                if (s.channel_absmax[size_t(c)] > threshold) expected.push_back(c);
            std::sort(expected.begin(), expected.end(),
                      [&](int a, int b) { return s.channel_absmax[size_t(a)] > s.channel_absmax[size_t(b)]; });
            QCOMPARE(v.outlier_channels(), expected);
            QCOMPARE(v.threshold(), threshold);
            const auto obars = bar_points(v.outlier_bars());
            QCOMPARE(obars.size(), expected.size());
            for (const auto& [key, value] : obars) QCOMPARE(value, double(s.channel_absmax[size_t(key)]));
            if (expected.empty()) QVERIFY(v.outlier_label()->text().contains(QStringLiteral("No outlier")));
            for (int c : expected) QVERIFY(v.outlier_label()->text().contains(QStringLiteral("%1 (").arg(c)));
        }
        // The log scale keeps every (positive) bar and the same outliers.
        v.set_log_scale(true);
        QCOMPARE(v.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(bar_points(v.bars()).size(), s.channel_absmax.size());
        QVERIFY(v.bars()->baseValue() > 0);
        v.set_log_scale(false);
        QCOMPARE(v.bars()->baseValue(), 0.0);
        // At 5x both planted channels are outliers, largest first; at 50x only the massive one.
        v.set_factor(5);
        QCOMPARE(v.outlier_channels(), (std::vector<int>{3, 17}));
        v.set_factor(50);
        QCOMPARE(v.outlier_channels(), (std::vector<int>{3}));
    }

    void heatmap_cells_ticks_and_hover() {
        auto report = make_report();
        HeatmapView v;
        v.resize(1200, 800);
        v.set_report(report.get());
        v.set_site(2, CensusSite::MlpIn);
        const SiteCensus& s = site_of(*report, 2, CensusSite::MlpIn);
        QCPColorMapData* d = v.color_map()->data();
        QCOMPARE(d->keySize(), s.channels);
        QCOMPARE(d->valueSize(), kCaptureRows);
        for (int r = 0; r < kCaptureRows; ++r)
            for (int c = 0; c < s.channels; ++c) QCOMPARE(d->cell(c, r), std::fabs(double(s.captured(r, c))));
        QVERIFY(v.log_scale());
        QCOMPARE(v.color_map()->dataScaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(v.color_map()->dataRange().upper, std::fabs(double(s.captured(0, 3))));
        v.set_log_scale(false);
        QCOMPARE(v.color_map()->dataScaleType(), QCPAxis::stLinear);
        QCOMPARE(v.color_map()->dataRange().lower, 0.0);

        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        v.plot()->replot();
        // Eight rows on a tall plot: every token labelled, whitespace made visible.
        const QMap<double, QString> ticks = v.token_ticker()->ticks();
        QCOMPARE(ticks.size(), kCaptureRows);
        for (int p = 0; p < kCaptureRows; ++p)
            QCOMPARE(ticks.value(p), QStringLiteral("%1  %2").arg(QString::fromUtf8(kVisible[p])).arg(p));

        // Hovering reads the cell under the mouse.
        const QPointF at(v.plot()->xAxis->coordToPixel(17), v.plot()->yAxis->coordToPixel(4));
        QMouseEvent move(QEvent::MouseMove, at, v.plot()->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(v.plot(), &move);
        QCOMPARE(v.hover_text(), v.describe_cell(4, 17));
        QVERIFY(v.hover_text().contains(QStringLiteral("⇥")));  // position 4 is a tab
        QVERIFY(v.hover_text().contains(QStringLiteral("channel 17")));
    }

    void heatmap_mark_inside_and_outside_the_capture() {
        auto report = make_report();
        HeatmapView v;
        v.resize(1200, 800);
        v.set_report(report.get());
        v.set_site(1, CensusSite::Residual);
        v.mark(4, 17);
        QCOMPARE(v.marked_cell(), std::make_optional(std::make_pair(4, 17)));
        QVERIFY(v.notice().contains(QStringLiteral("channel 17")));
        QVERIFY(v.plot()->xAxis->range().contains(17));
        QVERIFY(v.plot()->yAxis->range().contains(4));
        // The mark follows the token and channel through the layers.
        v.set_site(2, CensusSite::Residual);
        QCOMPARE(v.marked_cell(), std::make_optional(std::make_pair(4, 17)));
        // Another window than the captured one, or a row past the capture: no marker, a notice.
        v.mark(2, 3, 0);
        QVERIFY(!v.marked_cell());
        QVERIFY(v.notice().contains(QStringLiteral("outside the captured rows")));
        v.mark(12, 3, kCaptureWindow);
        QVERIFY(!v.marked_cell());
        QVERIFY(v.notice().contains(QStringLiteral("outside the captured rows")));
        v.clear_mark();
        QVERIFY(v.notice().isEmpty());
    }

    void heatmap_says_when_nothing_was_captured() {
        auto report = make_report(0);
        HeatmapView v;
        v.set_report(report.get());
        QCPItemText* message = plot_message(v.plot());
        QVERIFY(message && message->visible());
        QVERIFY(message->text().contains(QStringLiteral("Nothing was captured")));
        QVERIFY(!v.color_map()->visible());
        v.mark(0, 3);
        QVERIFY(!v.marked_cell());
    }

    void heatmap_keeps_a_single_massive_channel_visible() {
        // 1536 channels on ~1000 pixels: a one-channel spike must still light its pixel.
        auto report = make_big_report();
        HeatmapView v;
        v.resize(1200, 800);
        v.set_report(report.get());
        v.set_site(5, CensusSite::Residual);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        v.plot()->replot();
        auto* map = static_cast<MaxPoolColorMap*>(v.color_map());
        QVERIFY(map->last_image_size().width() < 1536);  // pooled
        const QImage image = v.plot()->toPixmap().toImage();
        for (int channel : {131, 1234}) {
            const int x = int(std::lround(v.plot()->xAxis->coordToPixel(channel)));
            const int y = int(std::lround(v.plot()->yAxis->coordToPixel(0)));
            // The top of the gradient (yellow) somewhere in the pixel's neighbourhood.
            bool bright = false;
            for (int dx = -1; dx <= 1; ++dx) {
                const QColor px = image.pixelColor(x + dx, y);
                bright = bright || (px.red() > 200 && px.green() > 200 && px.blue() < 120);
            }
            QVERIFY2(bright, qPrintable(QStringLiteral("channel %1 vanished").arg(channel)));
        }
    }

    void kurtosis_curves() {
        auto report = make_report();
        KurtosisView v;
        v.set_report(report.get());
        for (CensusSite site : kAllCensusSites) {
            const auto pts = points(v.graph(site));
            if (site == CensusSite::LmHeadIn) {
                QCOMPARE(pts.size(), size_t(1));
                QCOMPARE(pts[0].first, double(kLayers));
                QCOMPARE(pts[0].second, site_of(*report, -1, site).kurtosis());
                QVERIFY(std::fabs(pts[0].second - wanted_kurtosis(-1, site)) < 1e-9);
                continue;
            }
            QCOMPARE(pts.size(), size_t(kLayers));
            for (int l = 0; l < kLayers; ++l) {
                QCOMPARE(pts[size_t(l)].first, double(l));
                QCOMPARE(pts[size_t(l)].second, site_of(*report, l, site).kurtosis());
                QVERIFY(std::fabs(pts[size_t(l)].second - wanted_kurtosis(l, site)) < 1e-9);
            }
        }
        QCOMPARE(v.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    }

    void histogram_steps_at_bin_edges() {
        auto report = make_report();
        HistogramView v;
        v.set_report(report.get());
        v.set_site(2, CensusSite::OIn);
        const SiteCensus& s = site_of(*report, 2, CensusSite::OIn);
        for (bool positive : {true, false}) {
            const auto& counts = positive ? s.histogram.pos : s.histogram.neg;
            const QCPGraph* g = positive ? v.positive_graph() : v.negative_graph();
            std::vector<std::pair<double, double>> expected;
            for (int i = 0; i < LogHistogram::kBins; ++i)
                if (counts[size_t(i)]) expected.emplace_back(naive_edge(i), double(counts[size_t(i)]));
            QCOMPARE(points(g), expected);
            // Each run of non-empty bins is closed at its upper edge by a gap (NaN).
            std::vector<double> gaps;
            for (const auto& [key, value] : points(g, false))
                if (std::isnan(value)) gaps.push_back(key);
            std::vector<double> expected_gaps;
            for (int i = 0; i < LogHistogram::kBins; ++i)
                if (counts[size_t(i)] && (i + 1 == LogHistogram::kBins || !counts[size_t(i + 1)]))
                    expected_gaps.push_back(naive_edge(i + 1));
            QCOMPARE(gaps, expected_gaps);
        }
        QCOMPARE(v.plot()->xAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(v.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(v.summary_label()->text().contains(QStringLiteral("3 exact zeros")));
    }

    void site_selector_couples_the_lm_head() {
        auto report = make_report();
        SiteSelector sel;
        sel.set_census(&report->census);
        QSignalSpy spy(&sel, &SiteSelector::changed);
        QCOMPARE(sel.layer_combo()->count(), kLayers + 1);
        sel.site_combo()->setCurrentIndex(sel.site_combo()->findData(int(CensusSite::LmHeadIn)));
        QCOMPARE(sel.layer(), -1);
        QCOMPARE(sel.current(), report->census.find(-1, CensusSite::LmHeadIn));
        sel.layer_combo()->setCurrentIndex(2);
        QCOMPARE(sel.layer(), 2);
        QVERIFY(sel.site() != CensusSite::LmHeadIn);
        QCOMPARE(spy.count(), 2);
    }

    void table_lists_sorts_and_filters() {
        auto report = make_report();
        MassiveTableView v;
        QAbstractItemModelTester model_tester(v.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxy_tester(v.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        v.set_report(report.get());
        size_t total = 0;
        for (const SiteCensus& s : report->census.sites) total += s.massive.size();
        QCOMPARE(size_t(v.model()->rowCount()), total);
        QCOMPARE(size_t(v.proxy()->rowCount()), total);
        QCOMPARE(v.model()->columnCount(), int(MassiveTableModel::ColumnCount));
        QVERIFY(v.hint_label()->text().contains(QStringLiteral("%1 massive").arg(total)));
        QVERIFY(v.hint_label()->text().contains(QStringLiteral("12 found")));  // 9 + 2 + 1

        // Numeric sort (as text "-150" < "-500" < "120" would be wrong).
        v.table()->sortByColumn(MassiveTableModel::ValueColumn, Qt::AscendingOrder);
        std::vector<float> expected;
        for (const SiteCensus& s : report->census.sites)
            for (const ActivationEntry& e : s.massive) expected.push_back(e.value);
        std::sort(expected.begin(), expected.end());
        for (int r = 0; r < v.proxy()->rowCount(); ++r) {
            const int src = v.proxy()->mapToSource(v.proxy()->index(r, 0)).row();
            QCOMPARE(v.model()->row(src).value, expected[size_t(r)]);
        }
        // Ratio column = |value| / median.
        for (int r = 0; r < v.model()->rowCount(); ++r) {
            const auto& row = v.model()->row(r);
            QCOMPARE(v.model()->index(r, MassiveTableModel::RatioColumn).data(MassiveTableModel::SortRole).toDouble(),
                     std::fabs(double(row.value)) / row.median);
        }

        // Filters: by site name, by token text, by a number, by the site combo, and combined.
        auto count_after = [&](const QString& text, int site) {
            v.filter_edit()->setText(text);
            v.site_filter()->setCurrentIndex(v.site_filter()->findData(site));
            return v.proxy()->rowCount();
        };
        QCOMPARE(count_after(QStringLiteral("down_in"), -1), 1);
        QCOMPARE(count_after(QStringLiteral("DOWN_IN"), -1), 1);
        QCOMPARE(count_after(QStringLiteral("<s>"), -1), 2);  // position 0: layer 1 and layer 2 residual
        QCOMPARE(count_after(QStringLiteral("␣cat"), -1), 2);  // position 2, in window 0 and window 1
        QCOMPARE(count_after(QStringLiteral("␣the"), -1), 1);  // position 1
        QCOMPARE(count_after(QStringLiteral("350"), -1), 1);
        QCOMPARE(count_after(QString(), int(CensusSite::Residual)), 6);
        QCOMPARE(count_after(QStringLiteral("<s>"), int(CensusSite::Residual)), 2);
        QCOMPARE(count_after(QStringLiteral("<s>"), int(CensusSite::DownIn)), 0);
        QVERIFY(v.hint_label()->text().contains(QStringLiteral("No row matches")));
        QCOMPARE(count_after(QString(), -1), int(total));
    }

    void table_empty_state_names_the_thresholds() {
        auto report = make_report();
        for (SiteCensus& s : report->census.sites) {
            s.massive.clear();
            s.massive_count = 0;
        }
        report->census.config.massive_abs = 123;
        report->census.config.massive_ratio = 4567;
        MassiveTableView v;
        v.set_report(report.get());
        QCOMPARE(v.model()->rowCount(), 0);
        QVERIFY(v.hint_label()->text().contains(QStringLiteral("No massive activations")));
        QVERIFY(v.hint_label()->text().contains(QStringLiteral("123")));
        QVERIFY(v.hint_label()->text().contains(QStringLiteral("4567")));
    }

    void clicking_a_row_marks_the_heatmap() {
        auto report = make_report();
        CensusViews views;
        views.resize(1200, 800);
        views.set_report(report);
        views.show();
        QVERIFY(QTest::qWaitForWindowExposed(&views));
        views.setCurrentIndex(CensusViews::MassiveTableTab);
        QVERIFY(!views.current_plot());
        MassiveTableView* t = views.massive_table();
        QSignalSpy spy(t, &MassiveTableView::entry_activated);

        auto click = [&](int proxy_row) {
            const QRect rect = t->table()->visualRect(t->proxy()->index(proxy_row, MassiveTableModel::TokenColumn));
            QVERIFY(rect.isValid());
            QTest::mouseClick(t->table()->viewport(), Qt::LeftButton, Qt::NoModifier, rect.center());
        };
        const int inside = find_proxy_row(t, 1, CensusSite::Residual, 1, 4, 17);
        QVERIFY(inside >= 0);
        click(inside);
        QVERIFY(spy.count() >= 1);
        const QList<QVariant> args = spy.takeFirst();
        QCOMPARE(args.at(0).toInt(), 1);
        QCOMPARE(args.at(1).value<CensusSite>(), CensusSite::Residual);
        QCOMPARE(args.at(3).toInt(), 4);
        QCOMPARE(args.at(4).toInt(), 17);
        QCOMPARE(views.currentIndex(), int(CensusViews::HeatmapTab));
        QCOMPARE(views.current_plot(), views.heatmap()->plot());
        QCOMPARE(views.heatmap()->selector()->layer(), 1);
        QCOMPARE(views.heatmap()->selector()->site(), CensusSite::Residual);
        QCOMPARE(views.heatmap()->marked_cell(), std::make_optional(std::make_pair(4, 17)));

        // A value of another window: the heatmap switches site but says the cell is not captured.
        views.setCurrentIndex(CensusViews::MassiveTableTab);
        const int outside = find_proxy_row(t, 1, CensusSite::Residual, 0, 2, 3);
        QVERIFY(outside >= 0);
        views.heatmap()->set_site(0, CensusSite::AttnIn);
        click(outside);
        QCOMPARE(views.currentIndex(), int(CensusViews::HeatmapTab));
        QCOMPARE(views.heatmap()->selector()->site(), CensusSite::Residual);
        QVERIFY(!views.heatmap()->marked_cell());
        QVERIFY(views.heatmap()->notice().contains(QStringLiteral("outside the captured rows")));

        // show_heatmap always means the captured window.
        views.setCurrentIndex(CensusViews::KurtosisTab);
        views.show_heatmap(2, CensusSite::Residual, 0, 3);
        QCOMPARE(views.currentIndex(), int(CensusViews::HeatmapTab));
        QCOMPARE(views.heatmap()->marked_cell(), std::make_optional(std::make_pair(0, 3)));
    }

    void null_report_clears_every_view() {
        auto report = make_report();
        CensusViews views;
        views.set_report(report);
        views.set_report(nullptr);
        QVERIFY(!views.report());
        for (QCustomPlot* plot : {views.layer_curves()->plot(), views.channel_absmax()->plot(), views.heatmap()->plot(),
                                  views.kurtosis()->plot(), views.histogram()->plot()}) {
            QCPItemText* message = plot_message(plot);
            QVERIFY(message && message->visible());
            QVERIFY(message->text().contains(QStringLiteral("Open a model")));
        }
        for (int r = 0; r < 3; ++r) QVERIFY(views.layer_curves()->top_graph(r)->data()->isEmpty());
        QVERIFY(views.channel_absmax()->bars()->data()->isEmpty());
        QVERIFY(views.channel_absmax()->outlier_channels().empty());
        QVERIFY(!views.heatmap()->color_map()->visible());
        QVERIFY(views.kurtosis()->graph(CensusSite::Residual)->data()->isEmpty());
        QVERIFY(views.histogram()->positive_graph()->data()->isEmpty());
        QCOMPARE(views.massive_table()->model()->rowCount(), 0);
        QVERIFY(views.massive_table()->hint_label()->text().contains(QStringLiteral("Open a model")));
        // And back.
        views.set_report(report);
        QCOMPARE(views.massive_table()->model()->rowCount(), 7);
    }

    void language_change_keeps_the_data() {
        auto report = make_report();
        CensusViews views;
        views.set_report(report);
        views.show_heatmap(1, CensusSite::Residual, 4, 17);
        Translations translations;
        translations.apply(QStringLiteral("ru"));
        QEvent change(QEvent::LanguageChange);
        QCoreApplication::sendEvent(&views, &change);
        for (QWidget* w : views.findChildren<QWidget*>()) QCoreApplication::sendEvent(w, &change);
        translations.apply(QStringLiteral("en"));
        QCoreApplication::processEvents();
        QCOMPARE(views.tabText(CensusViews::HeatmapTab), QStringLiteral("Heatmap"));
        QCOMPARE(views.massive_table()->model()->rowCount(), 7);
        QCOMPARE(views.heatmap()->marked_cell(), std::make_optional(std::make_pair(4, 17)));
        QCOMPARE(points(views.layer_curves()->top_graph(0)).size(), size_t(kLayers));
    }

    void realistic_report_updates_quickly_and_screenshots() {
        auto report = make_big_report();
        CensusViews views;
        views.resize(1200, 800);
        views.show();
        QVERIFY(QTest::qWaitForWindowExposed(&views));
        QElapsedTimer timer;
        timer.start();
        views.set_report(report);
        for (int tab = 0; tab < views.count(); ++tab) {
            views.setCurrentIndex(tab);
            if (QCustomPlot* plot = views.current_plot()) plot->replot();
        }
        const qint64 ms = timer.elapsed();
        qInfo("set_report + one replot of every tab, realistic size: %lld ms", static_cast<long long>(ms));
        // "Instantly" on a developer machine is well under a second; this only catches a blow-up.
        QVERIFY2(ms < 5000, qPrintable(QStringLiteral("%1 ms").arg(ms)));
        QVERIFY(views.massive_table()->model()->rowCount() > 1000);

        const QString dir = qEnvironmentVariable("ROTOSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty()) return;
        QDir().mkpath(dir);
        views.channel_absmax()->set_site(5, CensusSite::Residual);
        views.histogram()->set_site(5, CensusSite::Residual);
        views.show_heatmap(5, CensusSite::Residual, 17, 1234);
        const char* names[] = {"layer_curves", "channel_absmax", "heatmap", "kurtosis", "histogram", "massive_table"};
        for (int tab = 0; tab < views.count(); ++tab) {
            views.setCurrentIndex(tab);
            if (QCustomPlot* plot = views.current_plot()) plot->replot();
            QVERIFY(views.grab().save(QDir(dir).filePath(QStringLiteral("census_%1.png").arg(QLatin1String(names[tab])))));
        }
        views.channel_absmax()->set_log_scale(true);
        views.setCurrentIndex(CensusViews::ChannelAbsmaxTab);
        views.channel_absmax()->plot()->replot();
        QVERIFY(views.grab().save(QDir(dir).filePath(QStringLiteral("census_channel_absmax_log.png"))));
        views.heatmap()->reset_zoom();
        views.setCurrentIndex(CensusViews::HeatmapTab);
        views.heatmap()->plot()->replot();
        QVERIFY(views.grab().save(QDir(dir).filePath(QStringLiteral("census_heatmap_full.png"))));
        // The small report too: few layers and channels must still look right.
        views.set_report(make_report());
        views.setCurrentIndex(CensusViews::HeatmapTab);
        views.heatmap()->plot()->replot();
        QVERIFY(views.grab().save(QDir(dir).filePath(QStringLiteral("census_heatmap_small.png"))));
        views.set_report(nullptr);
        views.setCurrentIndex(CensusViews::LayerCurvesTab);
        views.layer_curves()->plot()->replot();
        QVERIFY(views.grab().save(QDir(dir).filePath(QStringLiteral("census_empty.png"))));
    }
};

QTEST_MAIN(CensusViewsTest)
#include "census_views_test.moc"
