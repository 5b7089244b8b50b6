#include "census/plot_style.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace rs::gui {

namespace {
constexpr int kMinPlotWidth = 240;
}  // namespace

void style_plot(QCustomPlot* plot) {
    plot->setNoAntialiasingOnDrag(true);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    QFont label_font = plot->font();
    label_font.setPointSizeF(label_font.pointSizeF() + 1);
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        axis->setLabelFont(label_font);
        axis->grid()->setPen(QPen(QColor(0, 0, 0, 40), 0, Qt::DotLine));
        axis->grid()->setSubGridPen(QPen(QColor(0, 0, 0, 18), 0, Qt::DotLine));
    }
    plot->legend->setBorderPen(QPen(QColor(0, 0, 0, 60)));
}

void set_log_axis(QCPAxis* axis) {
    axis->setScaleType(QCPAxis::stLogarithmic);
    auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
    ticker->setLogBase(10);
    ticker->setSubTickCount(8);
    axis->setTicker(ticker);
    // "eb": 10 with a superscript exponent, QCustomPlot's "beautiful" powers.
    axis->setNumberFormat(QStringLiteral("eb"));
    axis->setNumberPrecision(0);
    axis->grid()->setSubGridVisible(true);
}

void set_linear_axis(QCPAxis* axis) {
    axis->setScaleType(QCPAxis::stLinear);
    axis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    axis->setNumberFormat(QStringLiteral("gb"));
    axis->setNumberPrecision(6);
    axis->grid()->setSubGridVisible(false);
}

QCPRange padded_log_range(double lo, double hi) {
    if (!(lo > 0) || !std::isfinite(lo)) lo = 1e-3;
    if (!(hi > 0) || !std::isfinite(hi)) hi = 1;
    if (hi < lo) std::swap(lo, hi);
    return QCPRange(lo / 2.5, hi * 2.5);
}

void fit_legend_columns(QCustomPlot* plot) {
    QCPLegend* legend = plot->legend;
    const int n = legend->elementCount();
    if (n == 0) return;
    std::vector<int> widths;
    widths.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        if (QCPLayoutElement* e = legend->elementAt(i)) widths.push_back(e->minimumOuterSizeHint().width());
    const QMargins outer = legend->margins();
    const QMargins layout = plot->plotLayout()->margins();
    const int room = plot->width() - outer.left() - outer.right() - layout.left() - layout.right();
    // The most columns whose widest items, side by side, still fit: items fill rows left to
    // right, so item i sits in column i % columns.
    int columns = static_cast<int>(widths.size());
    for (; columns > 1; --columns) {
        int total = (columns - 1) * legend->columnSpacing();
        for (int c = 0; c < columns; ++c) {
            int widest = 0;
            for (size_t i = static_cast<size_t>(c); i < widths.size(); i += static_cast<size_t>(columns))
                widest = std::max(widest, widths[i]);
            total += widest;
        }
        if (total <= room) break;
    }
    if (columns == legend->wrap() && legend->columnCount() <= columns) return;
    legend->setWrap(columns);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
}

void put_legend_below(QCustomPlot* plot) {
    plot->legend->setVisible(true);
    if (plot->plotLayout()->hasElement(1, 0)) return;
    plot->axisRect()->insetLayout()->take(plot->legend);
    plot->plotLayout()->addElement(1, 0, plot->legend);
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot->legend->setWrap(7);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setMargins(QMargins(6, 0, 6, 4));
    // The legend row takes only the height it needs.
    plot->plotLayout()->setRowStretchFactor(1, 0.001);
    // Long entries (run names) would otherwise be squeezed into one row and cut off. Every
    // resize and every change of the graphs ends in a replot, so this catches both.
    QObject::connect(plot, &QCustomPlot::beforeReplot, plot, [plot] { fit_legend_columns(plot); });
    // QCustomPlot's minimum size hint is its layout's, so a legend row wider than the window
    // would force the widget that wide before the legend could be wrapped to fit. An explicit
    // minimum width takes precedence over the hint in layouts.
    if (plot->minimumWidth() == 0) plot->setMinimumWidth(kMinPlotWidth);
}

QSharedPointer<QCPAxisTicker> layer_ticker(int n_layers, bool head, const QString& head_label) {
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const int step = n_layers <= 40 ? 1 : n_layers <= 100 ? 5 : 10;
    for (int l = 0; l < n_layers; l += step) {
        // With a head label right after the last layer, the last block label would collide.
        if (head && step == 1 && n_layers > 24 && l == n_layers - 1) continue;
        ticker->addTick(l, QString::number(l));
    }
    if (head) ticker->addTick(n_layers, head_label);
    ticker->setSubTickCount(step - 1);
    return ticker;
}

void keep_tick_label_inside(QCustomPlot* plot, const QString& label) {
    const QFontMetrics metrics(plot->xAxis->tickLabelFont());
    QMargins margins = plot->axisRect()->minimumMargins();
    margins.setRight(metrics.horizontalAdvance(label) / 2 + 6);
    plot->axisRect()->setMinimumMargins(margins);
}

void show_axes(QCustomPlot* plot, bool visible) {
    plot->xAxis->setVisible(visible);
    plot->yAxis->setVisible(visible);
    plot->xAxis->grid()->setVisible(visible);
    plot->yAxis->grid()->setVisible(visible);
    plot->legend->setVisible(visible);
}

QCPItemText* add_plot_message(QCustomPlot* plot) {
    auto* text = new QCPItemText(plot);
    text->setObjectName(QStringLiteral("plot_message"));
    text->position->setType(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(0.5, 0.5);
    text->setPositionAlignment(Qt::AlignCenter);
    text->setTextAlignment(Qt::AlignCenter);
    text->setClipToAxisRect(false);
    text->setLayer(QStringLiteral("overlay"));
    QFont f = plot->font();
    f.setPointSizeF(f.pointSizeF() + 2);
    text->setFont(f);
    text->setColor(QColor(90, 90, 90));
    text->setBrush(QColor(255, 255, 255, 230));
    text->setPadding(QMargins(12, 8, 12, 8));
    text->setVisible(false);
    return text;
}

void set_plot_message(QCPItemText* message, const QString& text) {
    message->setText(text);
    message->setVisible(!text.isEmpty());
}

QColor site_color(int site_index) {
    static const QColor colors[] = {QColor(0, 114, 178),  QColor(230, 159, 0), QColor(0, 158, 115),
                                    QColor(204, 121, 167), QColor(213, 94, 0), QColor(86, 180, 233)};
    return colors[std::clamp(site_index, 0, 5)];
}

}  // namespace rs::gui
