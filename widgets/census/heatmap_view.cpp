#include "census/heatmap_view.h"

#include <QCheckBox>
#include <QEvent>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "census/census_text.h"
#include "census/explanation_label.h"
#include "census/max_pool_color_map.h"
#include "census/plot_style.h"
#include "census/site_selector.h"

namespace rs::gui {

namespace {

// Viridis (perceptually uniform, colour-blind safe): bright cells are the large ones.
QCPColorGradient viridis() {
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.00, QColor(68, 1, 84));
    g.setColorStopAt(0.25, QColor(59, 82, 139));
    g.setColorStopAt(0.50, QColor(33, 145, 140));
    g.setColorStopAt(0.75, QColor(94, 201, 98));
    g.setColorStopAt(1.00, QColor(253, 231, 37));
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    return g;
}

// How far mark() zooms in at most, in cells, so that the marked cell stands out.
constexpr double kMarkChannels = 160;
constexpr double kMarkRows = 48;

}  // namespace

HeatmapView::HeatmapView(QWidget* parent) : QWidget(parent) {
    explanation_ = new ExplanationLabel(this);
    selector_ = new SiteSelector(this);
    log_ = new QCheckBox(this);
    log_->setObjectName(QStringLiteral("log_check"));
    log_->setChecked(true);
    reset_ = new QPushButton(this);
    reset_->setObjectName(QStringLiteral("reset_zoom"));
    notice_ = new QLabel(this);
    notice_->setObjectName(QStringLiteral("notice"));
    notice_->setWordWrap(true);
    notice_->setVisible(false);

    plot_ = new QCustomPlot(this);
    style_plot(plot_);
    plot_->axisRect()->setupFullAxesBox(false);
    plot_->xAxis->grid()->setVisible(false);
    plot_->yAxis->grid()->setVisible(false);
    // Token 0 at the top, as text is read.
    plot_->yAxis->setRangeReversed(true);
    ticker_ = QSharedPointer<QCPAxisTickerText>::create();
    plot_->yAxis->setTicker(ticker_);
    plot_->yAxis->setSubTicks(false);
    map_ = new MaxPoolColorMap(plot_->xAxis, plot_->yAxis);
    map_->setInterpolate(false);
    map_->setTightBoundary(false);
    scale_ = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(0, 1, scale_);
    scale_->setType(QCPAxis::atRight);
    scale_->setBarWidth(14);
    map_->setColorScale(scale_);
    map_->setGradient(viridis());
    auto* group = new QCPMarginGroup(plot_);
    plot_->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    scale_->setMarginGroup(QCP::msBottom | QCP::msTop, group);

    ring_ = new QCPItemTracer(plot_);
    ring_->setStyle(QCPItemTracer::tsCircle);
    ring_->setSize(22);
    // A hollow ring: the marked cell itself stays visible inside it.
    ring_->setPen(QPen(QColor(235, 30, 60), 3));
    ring_->setVisible(false);
    message_ = add_plot_message(plot_);

    hover_ = new QLabel(this);
    hover_->setObjectName(QStringLiteral("hover"));
    hover_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* selectors = new QHBoxLayout;
    selectors->addWidget(selector_);
    selectors->addSpacing(12);
    selectors->addWidget(log_);
    selectors->addWidget(reset_);
    selectors->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation_);
    layout->addLayout(selectors);
    layout->addWidget(notice_);
    layout->addWidget(plot_, 1);
    layout->addWidget(hover_);

    connect(selector_, &SiteSelector::changed, this, &HeatmapView::rebuild);
    connect(log_, &QCheckBox::toggled, this, [this] {
        update_color_range();
        plot_->replot(QCustomPlot::rpQueuedReplot);
    });
    connect(reset_, &QPushButton::clicked, this, &HeatmapView::reset_zoom);
    // Which rows get a label depends on the zoom and on the plot's height, both final only when
    // the plot is about to draw.
    connect(plot_, &QCustomPlot::beforeReplot, this, &HeatmapView::update_token_ticks);
    connect(plot_, &QCustomPlot::mouseMove, this, &HeatmapView::on_mouse_move);
    retranslate();
}

void HeatmapView::set_report(const CensusReport* report) {
    report_ = report;
    mark_.reset();
    selector_->set_census(report ? &report->census : nullptr);
    rebuild();
}

void HeatmapView::set_site(int layer, CensusSite site) { selector_->set_site(layer, site); }
void HeatmapView::set_log_scale(bool on) { log_->setChecked(on); }
bool HeatmapView::log_scale() const { return log_->isChecked(); }

const SiteCensus* HeatmapView::site() const { return report_ ? selector_->current() : nullptr; }
int HeatmapView::rows() const { return site() ? static_cast<int>(site()->captured.rows()) : 0; }
int HeatmapView::cols() const { return site() ? static_cast<int>(site()->captured.cols()) : 0; }

void HeatmapView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void HeatmapView::retranslate() {
    explanation_->set_explanation(
        tr("|x| of every channel (columns) at every token (rows) of one calibration window, the one "
           "the census kept whole. Massive activations are the few bright cells: typically in one "
           "or two fixed channels, at the first token and at delimiters such as “.” or a newline "
           "(↵; ␣ marks a space). Scroll to zoom, drag to pan, hover over a cell to read it; "
           "clicking a row of the massive-activation table marks its cell here."));
    log_->setText(tr("&Log colour scale"));
    reset_->setText(tr("Show &all"));
    plot_->xAxis->setLabel(tr("channel"));
    plot_->yAxis->setLabel(tr("token (position)"));
    scale_->axis()->setLabel(tr("|x|"));
    rebuild();
}

void HeatmapView::rebuild() {
    const SiteCensus* s = site();
    const int nr = rows(), nc = cols();
    const bool have = nr > 0 && nc > 0;
    map_->setVisible(have);
    scale_->setVisible(have);
    show_axes(plot_, have);
    // No grid (cells are their own grid) and no legend (the colour scale explains the colours).
    plot_->xAxis->grid()->setVisible(false);
    plot_->yAxis->grid()->setVisible(false);
    plot_->legend->setVisible(false);
    if (!report_) {
        set_plot_message(message_, tr("Open a model and run a census, or open a report."));
    } else if (!s) {
        set_plot_message(message_, tr("The census has no data for this site."));
    } else if (!have) {
        set_plot_message(message_, tr("Nothing was captured: the census kept %n token(s) of its capture window.",
                                      nullptr, report_->census.config.capture_tokens));
    } else {
        set_plot_message(message_, QString());
    }
    if (have) {
        QCPColorMapData* d = map_->data();
        d->setSize(nc, nr);
        d->setRange(QCPRange(0, nc - 1), QCPRange(0, nr - 1));
        for (int r = 0; r < nr; ++r)
            for (int c = 0; c < nc; ++c) d->setCell(c, r, std::fabs(static_cast<double>(s->captured(r, c))));
    } else {
        map_->data()->clear();
    }
    update_color_range();
    plot_->xAxis->setRange(-0.5, std::max(nc, 1) - 0.5);
    plot_->yAxis->setRange(-0.5, std::max(nr, 1) - 0.5);
    marked_visible_ = false;
    if (have && mark_) {
        const int capture = report_->census.config.capture_window;
        const int window = mark_->window < 0 ? capture : mark_->window;
        marked_visible_ = window == capture && mark_->position >= 0 && mark_->position < nr && mark_->channel >= 0 &&
                          mark_->channel < nc;
        if (marked_visible_) {
            ring_->position->setCoords(mark_->channel, mark_->position);
            center_on(mark_->position, mark_->channel);
        }
    }
    ring_->setVisible(marked_visible_);
    update_token_ticks();
    update_notice();
    hover_->setText(have ? tr("Hover over a cell to read its token, channel and value.") : QString());
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapView::update_color_range() {
    const bool log = log_scale();
    double lo = INFINITY, hi = 0;
    const SiteCensus* s = site();
    if (s && rows() > 0 && cols() > 0) {
        for (Eigen::Index i = 0; i < s->captured.size(); ++i) {
            const double a = std::fabs(static_cast<double>(s->captured.data()[i]));
            if (!std::isfinite(a)) continue;
            hi = std::max(hi, a);
            if (a > 0) lo = std::min(lo, a);
        }
    }
    map_->setDataScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log) {
        set_log_axis(scale_->axis());
        if (!(hi > 0)) hi = 1;
        // Six decades are plenty; below that everything is "small" and shares the darkest colour.
        lo = std::isfinite(lo) ? std::max(lo, hi * 1e-6) : hi * 1e-3;
        if (lo >= hi) lo = hi / 10;
        map_->setDataRange(QCPRange(lo, hi));
    } else {
        set_linear_axis(scale_->axis());
        map_->setDataRange(QCPRange(0, hi > 0 ? hi : 1));
    }
}

void HeatmapView::update_token_ticks() {
    ticker_->clear();
    const int nr = rows();
    if (nr <= 0) return;
    const QCPRange range = plot_->yAxis->range();
    const int first = std::clamp(static_cast<int>(std::ceil(range.lower)), 0, nr - 1);
    const int last = std::clamp(static_cast<int>(std::floor(range.upper)), 0, nr - 1);
    // The axis rect is laid out only after this; the plot minus the x axis is close enough.
    const double height = std::max(60, plot_->height() - 90);
    const double row_px = height / std::max(1.0, range.size());
    const double needed = QFontMetrics(plot_->yAxis->tickLabelFont()).height() * 1.15;
    int k = 1;
    while (k * row_px < needed && k < nr) k *= 2;
    const Census& census = report_->census;
    for (int p = (first + k - 1) / k * k; p <= last; p += k)
        ticker_->addTick(p, QStringLiteral("%1  %2").arg(token_label(census, census.config.capture_window, p, -1, 14))
                                                    .arg(p));
}

void HeatmapView::update_notice() {
    QString text;
    if (mark_ && report_ && site()) {
        const int capture = report_->census.config.capture_window;
        const int window = mark_->window < 0 ? capture : mark_->window;
        if (marked_visible_) {
            text = tr("Marked: %1").arg(describe_cell(mark_->position, mark_->channel));
        } else if (rows() == 0 || cols() == 0) {
            text = tr("The cell (window %1, position %2, channel %3) cannot be shown: nothing was captured.")
                       .arg(window).arg(mark_->position).arg(mark_->channel);
        } else {
            text = tr("The exact cell (window %1, position %2, channel %3) is outside the captured rows: the "
                      "heatmap holds positions 0–%4 of window %5 only.")
                       .arg(window).arg(mark_->position).arg(mark_->channel).arg(rows() - 1).arg(capture);
        }
    }
    notice_->setText(text);
    notice_->setVisible(!text.isEmpty());
}

void HeatmapView::mark(int position, int channel, int window) {
    mark_ = Mark{position, channel, window};
    rebuild();
}

void HeatmapView::clear_mark() {
    mark_.reset();
    rebuild();
}

std::optional<std::pair<int, int>> HeatmapView::marked_cell() const {
    if (!mark_ || !marked_visible_) return std::nullopt;
    return std::make_pair(mark_->position, mark_->channel);
}

void HeatmapView::reset_zoom() {
    plot_->xAxis->setRange(-0.5, std::max(cols(), 1) - 0.5);
    plot_->yAxis->setRange(-0.5, std::max(rows(), 1) - 0.5);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapView::center_on(int position, int channel) {
    auto centred = [](double at, double width, double n) {
        double lo = at - width / 2;
        lo = std::clamp(lo, -0.5, std::max(-0.5, n - 0.5 - width));
        return QCPRange(lo, lo + width);
    };
    const double w = std::min({plot_->xAxis->range().size(), kMarkChannels, static_cast<double>(cols())});
    const double h = std::min({plot_->yAxis->range().size(), kMarkRows, static_cast<double>(rows())});
    plot_->xAxis->setRange(centred(channel, w, cols()));
    plot_->yAxis->setRange(centred(position, h, rows()));
}

QString HeatmapView::notice() const { return notice_->text(); }
QString HeatmapView::hover_text() const { return hover_->text(); }

QString HeatmapView::describe_cell(int position, int channel) const {
    const SiteCensus* s = site();
    if (!s || position < 0 || position >= rows() || channel < 0 || channel >= cols()) return QString();
    const Census& census = report_->census;
    const double v = s->captured(position, channel);
    return tr("token “%1” at position %2, channel %3: x = %4")
        .arg(token_label(census, census.config.capture_window, position, -1, 40))
        .arg(position)
        .arg(channel)
        .arg(format_number(v));
}

void HeatmapView::on_mouse_move(QMouseEvent* event) {
    if (rows() <= 0 || cols() <= 0) return;
    const QPointF p = event->position();
    if (!plot_->axisRect()->rect().contains(p.toPoint())) return;
    const int c = static_cast<int>(std::lround(plot_->xAxis->pixelToCoord(p.x())));
    const int r = static_cast<int>(std::lround(plot_->yAxis->pixelToCoord(p.y())));
    const QString text = describe_cell(r, c);
    if (!text.isEmpty()) hover_->setText(text);
}

}  // namespace rs::gui
