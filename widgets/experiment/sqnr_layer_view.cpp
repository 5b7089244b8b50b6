#include "experiment/sqnr_layer_view.h"

#include <QEvent>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "census/plot_style.h"
#include "pipeline/quantize.h"

namespace rs::gui {

QColor run_color(int position) {
    // Okabe & Ito without the yellow, which is unreadable as a thin line on white.
    static const QColor colors[] = {QColor(0, 114, 178), QColor(213, 94, 0),  QColor(0, 158, 115),
                                    QColor(204, 121, 167), QColor(230, 159, 0), QColor(86, 180, 233),
                                    QColor(0, 0, 0)};
    constexpr int n = static_cast<int>(std::size(colors));
    if (position >= 0 && position < n) return colors[position];
    // Past the palette: golden-angle hues stay apart however many runs are overlaid.
    return QColor::fromHsv(static_cast<int>(std::fmod(137.508 * position, 360.0)), 200, 190);
}

QString run_label(const RunResult& run, int index) {
    if (!run.name.empty()) return QString::fromStdString(run.name);
    return SqnrLayerView::tr("run %1").arg(index + 1);
}

SqnrLayerView::SqnrLayerView(QWidget* parent) : QWidget(parent) {
    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("sqnr_plot"));
    style_plot(plot_);
    put_legend_below(plot_);
    plot_->plotLayout()->insertRow(0);
    title_ = new QCPTextElement(plot_, QString(), QFont(plot_->font().family(), plot_->font().pointSize(), QFont::Bold));
    plot_->plotLayout()->addElement(0, 0, title_);
    plot_->plotLayout()->setRowStretchFactor(0, 0.001);
    marker_ = new QCPItemStraightLine(plot_);
    marker_->setPen(QPen(QColor(120, 120, 120), 1.2, Qt::DashLine));
    message_ = add_plot_message(plot_);
    // The plot is often short: five or more labels would crowd its y axis.
    plot_->yAxis->ticker()->setTickCount(4);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    retranslate();
}

QCPGraph* SqnrLayerView::run_graph(int i) const {
    return i >= 0 && i < run_graph_count() ? graphs_[static_cast<size_t>(i)] : nullptr;
}

void SqnrLayerView::set_runs(std::vector<std::shared_ptr<const RunResult>> runs, QStringList labels) {
    runs_ = std::move(runs);
    labels_ = std::move(labels);
    rebuild();
}

void SqnrLayerView::set_linear(int layer, Role role) {
    layer_ = layer;
    role_ = role;
    rebuild();
}

void SqnrLayerView::set_legend_visible(bool visible) {
    if (visible == legend_visible_) return;
    legend_visible_ = visible;
    QCPLegend* legend = plot_->legend;
    if (visible) {
        plot_->axisRect()->insetLayout()->take(legend);
        plot_->plotLayout()->addElement(plot_->plotLayout()->rowCount(), 0, legend);
        plot_->plotLayout()->setRowStretchFactor(plot_->plotLayout()->rowCount() - 1, 0.001);
    } else {
        // A hidden element of the plot layout would still keep its row; parked as an inset it
        // takes no room.
        plot_->plotLayout()->take(legend);
        plot_->plotLayout()->simplify();
        plot_->axisRect()->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignRight);
    }
    rebuild();
}

void SqnrLayerView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void SqnrLayerView::retranslate() {
    plot_->xAxis->setLabel(tr("layer"));
    rebuild();
}

void SqnrLayerView::rebuild() {
    plot_->clearGraphs();
    graphs_.clear();
    int n_layers = 0;
    bool any_probe = false;
    for (const auto& run : runs_) {
        if (!run) continue;
        for (const LinearError& e : run->linears) n_layers = std::max(n_layers, e.layer + 1);
        any_probe = any_probe || !run->linears.empty();
    }
    const bool head = role_ == Role::LmHead;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < runs_.size(); ++i) {
        if (!runs_[i]) continue;
        QCPGraph* g = plot_->addGraph();
        const QColor color = run_color(static_cast<int>(graphs_.size()));
        g->setPen(QPen(color, 2));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, Qt::white, 6));
        g->setName(i < static_cast<size_t>(labels_.size()) ? labels_[static_cast<int>(i)] : run_label(*runs_[i], static_cast<int>(i)));
        for (const LinearError& e : runs_[i]->linears) {
            if (e.role != role_ || !std::isfinite(e.output_sqnr_db)) continue;
            const double x = e.layer < 0 ? n_layers : e.layer;
            g->addData(x, e.output_sqnr_db);
            lo = std::min(lo, e.output_sqnr_db);
            hi = std::max(hi, e.output_sqnr_db);
        }
        graphs_.push_back(g);
    }
    const bool any = std::isfinite(lo);
    show_axes(plot_, any);
    plot_->legend->setVisible(any && legend_visible_);
    marker_->setVisible(any);
    if (runs_.empty()) set_plot_message(message_, tr("No runs to compare."));
    else if (!any_probe) set_plot_message(message_, tr("No per-linear probe data."));
    else if (!any) set_plot_message(message_, tr("No %1 was probed.").arg(QLatin1String(role_name(role_))));
    else set_plot_message(message_, QString());

    title_->setText(tr("Output SQNR of %1 in every layer (higher is better)").arg(QLatin1String(role_name(role_))));
    title_->setVisible(any);
    plot_->yAxis->setLabel(tr("SQNR (dB)"));
    plot_->xAxis->setTicker(layer_ticker(n_layers, head, tr("LM head")));
    if (any) {
        const double x = layer_ < 0 ? n_layers : layer_;
        marker_->point1->setCoords(x, 0);
        marker_->point2->setCoords(x, 1);
        const double pad = std::max(1.0, 0.08 * (hi - lo));
        plot_->yAxis->setRange(lo - pad, hi + pad);
        plot_->xAxis->setRange(head ? n_layers - 1.5 : -0.5, head ? n_layers + 0.5 : std::max(n_layers, 1) - 0.5);
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace rs::gui
