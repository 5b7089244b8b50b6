#include "census/histogram_view.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>
#include <qcustomplot.h>

#include "census/census_text.h"
#include "census/explanation_label.h"
#include "census/plot_style.h"
#include "census/site_selector.h"

namespace rs::gui {

namespace {

// Fills `g` with the step curve of `counts` (see HistogramView::positive_graph).
void fill_steps(QCPGraph* g, const std::vector<uint64_t>& counts, double& x_lo, double& x_hi, double& y_hi) {
    QVector<double> keys, values;
    const int n = std::min<int>(LogHistogram::kBins, static_cast<int>(counts.size()));
    for (int i = 0; i < n; ++i) {
        const uint64_t c = counts[static_cast<size_t>(i)];
        if (c == 0) continue;
        keys.push_back(LogHistogram::bin_lower_edge(i));
        values.push_back(static_cast<double>(c));
        x_lo = std::min(x_lo, LogHistogram::bin_lower_edge(i));
        x_hi = std::max(x_hi, LogHistogram::bin_lower_edge(i + 1));
        y_hi = std::max(y_hi, static_cast<double>(c));
        if (i + 1 >= n || counts[static_cast<size_t>(i + 1)] == 0) {
            keys.push_back(LogHistogram::bin_lower_edge(i + 1));
            values.push_back(std::numeric_limits<double>::quiet_NaN());
        }
    }
    g->setData(keys, values, true);
}

}  // namespace

HistogramView::HistogramView(QWidget* parent) : QWidget(parent) {
    explanation_ = new ExplanationLabel(this);
    selector_ = new SiteSelector(this);
    plot_ = new QCustomPlot(this);
    style_plot(plot_);
    set_log_axis(plot_->xAxis);
    set_log_axis(plot_->yAxis);
    put_legend_below(plot_);
    pos_ = plot_->addGraph();
    pos_->setLineStyle(QCPGraph::lsStepLeft);
    pos_->setPen(QPen(QColor(0, 114, 178), 2));
    pos_->setBrush(QColor(0, 114, 178, 50));
    neg_ = plot_->addGraph();
    neg_->setLineStyle(QCPGraph::lsStepLeft);
    neg_->setPen(QPen(QColor(213, 94, 0), 2));
    neg_->setBrush(QColor(213, 94, 0, 50));
    threshold_ = new QCPItemStraightLine(plot_);
    threshold_->setPen(QPen(QColor(110, 110, 110), 1.2, Qt::DashLine));
    threshold_text_ = new QCPItemText(plot_);
    threshold_text_->position->setTypeX(QCPItemPosition::ptAbsolute);
    threshold_text_->position->setParentAnchorX(threshold_->point1);
    threshold_text_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    threshold_text_->position->setCoords(4, 0.03);
    threshold_text_->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    threshold_text_->setColor(QColor(90, 90, 90));
    message_ = add_plot_message(plot_);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("summary"));
    summary_->setWordWrap(true);

    auto* selectors = new QHBoxLayout;
    selectors->addWidget(selector_);
    selectors->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation_);
    layout->addLayout(selectors);
    layout->addWidget(plot_, 1);
    layout->addWidget(summary_);

    connect(selector_, &SiteSelector::changed, this, &HistogramView::rebuild);
    retranslate();
}

void HistogramView::set_report(const CensusReport* report) {
    report_ = report;
    selector_->set_census(report ? &report->census : nullptr);
    rebuild();
}

void HistogramView::set_site(int layer, CensusSite site) { selector_->set_site(layer, site); }

void HistogramView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void HistogramView::retranslate() {
    explanation_->set_explanation(
        tr("How many values of this site have each magnitude |x|, positive (blue) and negative "
           "(orange) apart. Both axes are logarithmic. The census counts on a log2 grid: every "
           "octave [2<sup>e</sup>, 2<sup>e+1</sup>), such as [1, 2) or [2, 4), is split into 4 "
           "equal bins, so equal steps to the right multiply |x|. Most values form one hump; "
           "massive activations are the thin tail far to the right. Empty bins leave a gap."));
    pos_->setName(tr("positive values"));
    neg_->setName(tr("negative values"));
    plot_->xAxis->setLabel(tr("|x| (log scale, lower bin edge)"));
    plot_->yAxis->setLabel(tr("values in the bin (log scale)"));
    rebuild();
}

void HistogramView::rebuild() {
    const SiteCensus* s = report_ ? selector_->current() : nullptr;
    double x_lo = INFINITY, x_hi = 0, y_hi = 1;
    if (s) {
        fill_steps(pos_, s->histogram.pos, x_lo, x_hi, y_hi);
        fill_steps(neg_, s->histogram.neg, x_lo, x_hi, y_hi);
    } else {
        pos_->data()->clear();
        neg_->data()->clear();
    }
    const bool any = !pos_->data()->isEmpty() || !neg_->data()->isEmpty();
    if (!report_) set_plot_message(message_, tr("Open a model and run a census, or open a report."));
    else if (!s) set_plot_message(message_, tr("The census has no data for this site."));
    else if (!any) set_plot_message(message_, tr("No value of this site falls on the histogram grid."));
    else set_plot_message(message_, QString());
    show_axes(plot_, any);

    const double massive = report_ ? report_->census.config.massive_abs : 0;
    const bool show_threshold = any && massive > 0;
    threshold_->setVisible(show_threshold);
    threshold_text_->setVisible(show_threshold);
    if (show_threshold) {
        threshold_->point1->setCoords(massive, 1);
        threshold_->point2->setCoords(massive, 10);
        threshold_text_->setText(tr("massive\nthreshold\n%1").arg(format_number(massive)));
        x_hi = std::max(x_hi, massive * 2);
    }

    if (s) {
        const LogHistogram& h = s->histogram;
        summary_->setText(
            tr("%1 values in all. Not on the grid: %2 exact zeros, %3 below 2<sup>%4</sup>, %5 at or above "
               "2<sup>%6</sup>, %7 NaN or infinite.")
                .arg(h.total())
                .arg(h.zeros)
                .arg(h.underflow)
                .arg(LogHistogram::kMinExp)
                .arg(h.overflow)
                .arg(LogHistogram::kMaxExp)
                .arg(h.nonfinite));
    } else {
        summary_->clear();
    }
    if (any) {
        // Keep the threshold line and its label inside the plot when it lies beyond the data.
        if (show_threshold) x_hi = std::max(x_hi, massive * 8);
        plot_->xAxis->setRange(x_lo / 1.5, x_hi * 1.5);
        plot_->yAxis->setRange(0.6, y_hi * 3);
    } else {
        plot_->xAxis->setRange(1e-3, 1e3);
        plot_->yAxis->setRange(1, 1e6);
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace rs::gui
