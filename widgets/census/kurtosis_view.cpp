#include "census/kurtosis_view.h"

#include <QEvent>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "census/census_text.h"
#include "census/explanation_label.h"
#include "census/plot_style.h"

namespace rs::gui {

KurtosisView::KurtosisView(QWidget* parent) : QWidget(parent) {
    explanation_ = new ExplanationLabel(this);
    plot_ = new QCustomPlot(this);
    style_plot(plot_);
    set_log_axis(plot_->yAxis);
    put_legend_below(plot_);
    const QCPScatterStyle::ScatterShape shapes[6] = {QCPScatterStyle::ssCircle,  QCPScatterStyle::ssSquare,
                                                     QCPScatterStyle::ssDiamond, QCPScatterStyle::ssTriangle,
                                                     QCPScatterStyle::ssCross,   QCPScatterStyle::ssStar};
    for (CensusSite s : kAllCensusSites) {
        const int i = static_cast<int>(s);
        graphs_[i] = plot_->addGraph();
        graphs_[i]->setName(site_id(s));
        graphs_[i]->setPen(QPen(site_color(i), s == CensusSite::Residual ? 2.5 : 1.8));
        graphs_[i]->setScatterStyle(QCPScatterStyle(shapes[i], s == CensusSite::LmHeadIn ? 12 : 6));
    }
    // One point has no line to draw; it is its marker alone.
    graphs_[static_cast<int>(CensusSite::LmHeadIn)]->setLineStyle(QCPGraph::lsNone);
    graphs_[static_cast<int>(CensusSite::LmHeadIn)]->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssStar, QPen(site_color(5), 2.5), QBrush(), 14));
    normal_ = plot_->addGraph();
    normal_->setPen(QPen(QColor(110, 110, 110), 1.2, Qt::DashLine));
    message_ = add_plot_message(plot_);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation_);
    layout->addWidget(plot_, 1);
    retranslate();
}

void KurtosisView::set_report(const CensusReport* report) {
    report_ = report;
    rebuild();
}

void KurtosisView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void KurtosisView::retranslate() {
    explanation_->set_explanation(
        tr("Kurtosis says how heavy the tails of a distribution are: a normal distribution has 3 "
           "(dashed line), and a tensor where a few values are huge has far more. Heavy tails are "
           "what makes low-bit quantization hard: the scale must reach the rare large values, so "
           "the many small ones get only a few levels. Rotations (QuaRot, SpinQuant) bring the "
           "linear inputs back near 3; the residual stream itself is not rotated by them."));
    normal_->setName(tr("normal distribution (3)"));
    plot_->xAxis->setLabel(tr("layer"));
    plot_->yAxis->setLabel(tr("kurtosis (log scale)"));
    rebuild();
}

void KurtosisView::rebuild() {
    for (QCPGraph* g : graphs_) g->data()->clear();
    normal_->data()->clear();
    const Census* census = report_ ? &report_->census : nullptr;
    if (!census) {
        set_plot_message(message_, tr("Open a model and run a census, or open a report."));
        show_axes(plot_, false);
        plot_->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    show_axes(plot_, true);
    double lo = 3, hi = 3;
    for (const SiteCensus& s : census->sites) {
        const double k = s.kurtosis();
        if (!(k > 0) || !std::isfinite(k)) continue;
        const int x = s.site == CensusSite::LmHeadIn ? census->n_layers : s.layer;
        graphs_[static_cast<int>(s.site)]->addData(x, k);
        lo = std::min(lo, k);
        hi = std::max(hi, k);
    }
    bool any = false;
    for (QCPGraph* g : graphs_) any = any || !g->data()->isEmpty();
    set_plot_message(message_, any ? QString() : tr("No kurtosis values: the census saw no values."));
    normal_->addData(-0.5, 3.0);
    normal_->addData(census->n_layers + 0.5, 3.0);
    plot_->xAxis->setTicker(layer_ticker(census->n_layers, true, tr("LM head")));
    keep_tick_label_inside(plot_, tr("LM head"));
    plot_->xAxis->setRange(-0.5, census->n_layers + 0.5);
    plot_->yAxis->setRange(padded_log_range(lo, hi));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace rs::gui
