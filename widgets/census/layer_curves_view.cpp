#include "census/layer_curves_view.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "census/census_text.h"
#include "census/explanation_label.h"
#include "census/plot_style.h"

namespace rs::gui {

LayerCurvesView::LayerCurvesView(QWidget* parent) : QWidget(parent) {
    explanation_ = new ExplanationLabel(this);
    site_label_ = new QLabel(this);
    site_ = new QComboBox(this);
    site_->setObjectName(QStringLiteral("site_combo"));
    site_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (CensusSite s : kAllCensusSites)
        if (s != CensusSite::LmHeadIn) site_->addItem(site_display_name(s), static_cast<int>(s));
    site_->setCurrentIndex(site_->findData(static_cast<int>(CensusSite::Residual)));
    site_label_->setBuddy(site_);

    plot_ = new QCustomPlot(this);
    style_plot(plot_);
    set_log_axis(plot_->yAxis);
    put_legend_below(plot_);
    // Hot colours for the largest values, grey for the median they are compared with.
    const QColor colors[3] = {QColor(200, 30, 30), QColor(235, 120, 20), QColor(200, 170, 0)};
    for (int r = 0; r < 3; ++r) {
        top_[r] = plot_->addGraph();
        top_[r]->setPen(QPen(colors[r], r == 0 ? 2.5 : 1.6));
        top_[r]->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, r == 0 ? 6 : 5));
    }
    median_ = plot_->addGraph();
    median_->setPen(QPen(QColor(60, 60, 60), 2));
    median_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 5));
    threshold_ = plot_->addGraph();
    threshold_->setPen(QPen(QColor(120, 120, 120), 1.2, Qt::DashLine));
    message_ = add_plot_message(plot_);

    auto* selectors = new QHBoxLayout;
    selectors->addWidget(site_label_);
    selectors->addWidget(site_);
    selectors->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation_);
    layout->addLayout(selectors);
    layout->addWidget(plot_, 1);

    connect(site_, &QComboBox::currentIndexChanged, this, &LayerCurvesView::rebuild);
    retranslate();
}

void LayerCurvesView::set_report(const CensusReport* report) {
    report_ = report;
    rebuild();
}

void LayerCurvesView::set_site(CensusSite site) {
    const int i = site_->findData(static_cast<int>(site));
    if (i >= 0) site_->setCurrentIndex(i);
}

CensusSite LayerCurvesView::site() const { return static_cast<CensusSite>(site_->currentData().toInt()); }

void LayerCurvesView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void LayerCurvesView::retranslate() {
    explanation_->set_explanation(
        tr("For every layer, the three largest magnitudes |x| of a hidden state at the chosen site "
           "(one calibration window), averaged over the windows, and the median |x|. <i>Massive activations</i> "
           "(Sun et al. 2024) are a handful of values thousands of times larger than the median: "
           "they appear suddenly at one early layer and then persist in the residual stream, so the "
           "top curves jump while the median stays flat. Such values wreck a shared quantization "
           "scale."));
    site_label_->setText(tr("&Site:"));
    top_[0]->setName(tr("largest |x|"));
    top_[1]->setName(tr("2nd largest |x|"));
    top_[2]->setName(tr("3rd largest |x|"));
    median_->setName(tr("median |x|"));
    plot_->xAxis->setLabel(tr("layer"));
    plot_->yAxis->setLabel(tr("|x| (log scale)"));
    rebuild();
}

void LayerCurvesView::rebuild() {
    for (QCPGraph* g : top_) g->data()->clear();
    median_->data()->clear();
    threshold_->data()->clear();
    const Census* census = report_ ? &report_->census : nullptr;
    site_->setEnabled(census != nullptr);
    if (!census || census->n_layers <= 0) {
        threshold_->setVisible(false);
        threshold_->removeFromLegend();
        set_plot_message(message_, census ? tr("The census holds no layers.")
                                          : tr("Open a model and run a census, or open a report."));
        show_axes(plot_, false);
        plot_->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    show_axes(plot_, true);
    const CensusSite site = this->site();
    double lo = INFINITY, hi = 0;
    auto add = [&](QCPGraph* g, int layer, double v) {
        // A log axis cannot show 0; a layer without a value is left as a gap.
        if (!(v > 0) || !std::isfinite(v)) return;
        g->addData(layer, v);
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    };
    for (int l = 0; l < census->n_layers; ++l) {
        const SiteCensus* s = census->find(l, site);
        if (!s) continue;
        // Top values per window, as Sun et al. plot them for one sequence: over all windows the
        // largest values would be the same channel at the same position in different windows.
        const size_t windows = s->window_top.size() / SiteCensus::kWindowTop;
        for (int r = 0; r < SiteCensus::kWindowTop && r < 3 && windows > 0; ++r) {
            double sum = 0;
            for (size_t w = 0; w < windows; ++w) sum += s->window_top[w * SiteCensus::kWindowTop + static_cast<size_t>(r)];
            add(top_[r], l, sum / static_cast<double>(windows));
        }
        add(median_, l, s->median);
    }
    const double threshold = census->config.massive_abs;
    threshold_->setVisible(threshold > 0);
    if (threshold > 0) {
        threshold_->addData(-0.5, threshold);
        threshold_->addData(census->n_layers - 0.5, threshold);
        threshold_->setName(tr("massive threshold |x| = %1").arg(format_number(threshold)));
        threshold_->addToLegend();
        lo = std::min(lo, threshold);
        hi = std::max(hi, threshold);
    } else {
        threshold_->removeFromLegend();
    }
    set_plot_message(message_, top_[0]->data()->isEmpty() && median_->data()->isEmpty()
                                   ? tr("No values were recorded at %1.").arg(site_id(site))
                                   : QString());
    plot_->xAxis->setTicker(layer_ticker(census->n_layers, false));
    plot_->xAxis->setRange(-0.5, census->n_layers - 0.5);
    plot_->yAxis->setRange(padded_log_range(lo, hi));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace rs::gui
