// How the census plots look, in one place: fonts, log axes, the legend under the plot, the
// layer axis, and the centred message a plot shows when it has nothing to draw.
#pragma once
#include <QSharedPointer>
#include <QString>

#include <qcustomplot.h>

namespace rs::gui {

// Fonts, margins and interactions shared by every census plot.
void style_plot(QCustomPlot* plot);

// Log10 scale with decade labels written 10^k.
void set_log_axis(QCPAxis* axis);
void set_linear_axis(QCPAxis* axis);

// Data bounds [lo, hi] (lo > 0) padded so that points never sit on the frame.
QCPRange padded_log_range(double lo, double hi);

// Moves the legend out of the axis rect into a row under it, laid out left to right, so that
// it never hides data. The legend is re-wrapped before every replot so that its entries are never
// cut off: as many columns as the plot's width holds, in rows under each other.
void put_legend_below(QCustomPlot* plot);
// That re-wrapping, once: the most columns (at most one per entry) whose widest entries fit the
// plot's width side by side.
void fit_legend_columns(QCustomPlot* plot);

// Ticks at block layers (every k-th when many) and, with `head`, "LM head" at x = n_layers.
QSharedPointer<QCPAxisTicker> layer_ticker(int n_layers, bool head, const QString& head_label = QString());

// Makes room right of the axis rect for half of `label`, a tick label centred on the x axis's
// last tick: QCustomPlot drops a tick label that would cross the widget's edge.
void keep_tick_label_inside(QCustomPlot* plot, const QString& label);

// Hides the axes, grid and legend of a plot that has nothing to show (its message stays).
void show_axes(QCustomPlot* plot, bool visible);

// A centred text item over the axis rect; empty text hides it. Created once per plot.
QCPItemText* add_plot_message(QCustomPlot* plot);
void set_plot_message(QCPItemText* message, const QString& text);

// Colours of the six census sites, a colour-blind-safe palette (Okabe & Ito).
QColor site_color(int site_index);

}  // namespace rs::gui
