#include "experiment/gptq_gain_view.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "census/explanation_label.h"
#include "census/plot_style.h"
#include "experiment/gptq_gain_model.h"
#include "experiment/sqnr_layer_view.h"
#include "pipeline/quantize.h"

namespace rs::gui {
namespace {
// One colour per linear role (the seven Okabe & Ito colours of the run palette).
QColor role_color(Role role) { return run_color(static_cast<int>(role)); }

// The seven roles sit side by side around their layer's tick, so that equal values stay apart.
double dodged_x(int layer, int n_layers, Role role) {
    const double x = layer < 0 ? n_layers : layer;
    return x + (static_cast<int>(role) - 3) * 0.07;
}
}  // namespace

GptqGainView::GptqGainView(QWidget* parent) : QWidget(parent) {
    model_ = new GptqGainModel(this);
    explanation_ = new ExplanationLabel(this);

    mode_label_ = new QLabel(this);
    mode_ = new QComboBox(this);
    mode_->setObjectName(QStringLiteral("gptq_gain_mode"));
    mode_->addItem(QString());
    mode_->addItem(QString());
    connect(mode_, &QComboBox::currentIndexChanged, this, &GptqGainView::rebuild);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("gptq_gain_summary"));
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::PlainText);
    auto* controls = new QHBoxLayout;
    controls->addWidget(mode_label_);
    controls->addWidget(mode_);
    controls->addSpacing(12);
    controls->addWidget(summary_, 10);
    controls->addStretch(1);  // the room, while there is no summary

    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("gptq_gain_plot"));
    plot_->setMinimumHeight(180);
    style_plot(plot_);
    put_legend_below(plot_);
    plot_->plotLayout()->insertRow(0);
    title_ = new QCPTextElement(plot_, QString(), QFont(plot_->font().family(), plot_->font().pointSize(), QFont::Bold));
    plot_->plotLayout()->addElement(0, 0, title_);
    plot_->plotLayout()->setRowStretchFactor(0, 0.001);
    set_log_axis(plot_->yAxis);
    one_ = new QCPItemStraightLine(plot_);
    one_->setPen(QPen(QColor(110, 110, 110), 1.2, Qt::DashLine));
    message_ = add_plot_message(plot_);
    // Centred in the widget: with nothing drawn the legend row is empty, and an empty legend
    // caps the width of the layout column (and of the axis rect) at the hidden title's width.
    message_->position->setType(QCPItemPosition::ptViewportRatio);
    message_->position->setCoords(0.5, 0.5);  // setType converted them, from an axis rect not laid out yet

    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("gptq_gain_table"));
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    splitter_ = new QSplitter(Qt::Vertical, this);
    splitter_->setObjectName(QStringLiteral("gptq_gain_splitter"));
    splitter_->addWidget(plot_);
    splitter_->addWidget(table_);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 2);
    // The plot takes three fifths of the height (the sizes are scaled to the space there is).
    splitter_->setSizes({3000, 2000});
    splitter_->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(explanation_);
    layout->addLayout(controls);
    layout->addWidget(splitter_, 1);
    retranslate();
}

void GptqGainView::set_runs(std::vector<std::shared_ptr<const RunResult>> runs) {
    runs_ = std::move(runs);
    std::erase(runs_, nullptr);
    const int n = static_cast<int>(runs_.size());
    selected_.removeIf([n](int i) { return i < 0 || i >= n; });
    rebuild();
}

void GptqGainView::set_selected(const QList<int>& run_indices) {
    selected_ = run_indices;
    const int n = static_cast<int>(runs_.size());
    selected_.removeIf([n](int i) { return i < 0 || i >= n; });
    rebuild();
}

void GptqGainView::set_mode(Mode mode) { mode_->setCurrentIndex(mode); }

GptqGainView::Mode GptqGainView::mode() const { return mode_->currentIndex() == LossMode ? LossMode : RatioMode; }

QCPGraph* GptqGainView::graph(int run, Role role, bool rtn) const {
    const auto it = graphs_.find({run, static_cast<int>(role), rtn});
    return it == graphs_.end() ? nullptr : it->second;
}

void GptqGainView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void GptqGainView::retranslate() {
    explanation_->set_explanation(
        tr("GPTQ quantizes a linear's weight column by column and pushes each column's rounding error onto the columns "
           "not yet quantized, so that the linear's output on the calibration text changes as little as possible. The "
           "<i>proxy loss</i> tr((W − Q) H (W − Q)ᵀ) measures that output error with H, the second moment of the "
           "linear's input. Here it is compared with the proxy loss of round to nearest (RTN) with the same format on "
           "the same H, per layer and linear: a ratio below 1 is what GPTQ gains. Select one GPTQ run in the table, or "
           "two to compare their gains (the second drawn dashed)."),
        tr("GPTQ's proxy loss against round to nearest's, per layer and linear, for the GPTQ run selected above (or two)."));
    mode_label_->setText(tr("Show:"));
    mode_->setItemText(RatioMode, tr("Ratio GPTQ / RTN"));
    mode_->setItemText(LossMode, tr("Proxy losses"));
    mode_->setToolTip(tr("The ratio of the two proxy losses per linear (for one or two runs), or the two losses of the "
                         "first run themselves."));
    plot_->xAxis->setLabel(tr("layer"));
    model_->retranslate();
    rebuild();
}

QString GptqGainView::empty_text() const {
    if (runs_.empty()) return tr("No runs yet: run a recipe with the GPTQ weight method.");
    QList<int> candidates = selected_;
    if (candidates.isEmpty())
        for (int i = 0; i < static_cast<int>(runs_.size()); ++i) candidates << i;
    bool any_gptq = false;
    for (int i : candidates) {
        const RunResult& r = *runs_[static_cast<size_t>(i)];
        any_gptq = any_gptq || (r.recipe.weights && r.recipe.method == WeightMethod::Gptq);
    }
    // Short lines: the message is centred over the plot and does not wrap by itself.
    if (any_gptq) return tr("The selected GPTQ run carries no proxy losses\n(a report written without them).");
    if (candidates.size() == 1) {
        const RunResult& r = *runs_[static_cast<size_t>(candidates.front())];
        if (!r.recipe.weights)
            return tr("%1\nleaves the weights unquantized: there is no GPTQ gain to show.").arg(run_label(r, candidates.front()));
        return tr("%1\nrounds its weights to nearest (RTN).\nGPTQ's gain is measured on GPTQ runs: select one in the table.")
            .arg(run_label(r, candidates.front()));
    }
    return tr("None of these runs uses GPTQ: their weights are rounded to nearest (RTN).\nSelect a GPTQ run in the table.");
}

void GptqGainView::rebuild() {
    // The runs shown: the first two selected (everything when nothing is) that carry the losses.
    QList<int> candidates = selected_;
    if (candidates.isEmpty())
        for (int i = 0; i < static_cast<int>(runs_.size()); ++i) candidates << i;
    shown_.clear();
    std::vector<std::shared_ptr<const RunResult>> shown_runs;
    for (int i : candidates) {
        if (shown_.size() >= GptqGainModel::kMaxRuns) break;
        if (!GptqGainModel::has_losses(*runs_[static_cast<size_t>(i)])) continue;
        shown_ << i;
        shown_runs.push_back(runs_[static_cast<size_t>(i)]);
    }
    model_->set_runs(shown_runs);

    plot_->clearGraphs();
    graphs_.clear();
    const QLocale locale;
    const bool ratio_mode = mode() == RatioMode;
    int n_layers = 0;
    bool head = false;
    for (const GptqGainModel::Row& row : model_->rows()) {
        n_layers = std::max(n_layers, row.layer + 1);
        head = head || row.layer < 0;
    }
    double lo = INFINITY, hi = -INFINITY;
    auto add_graph = [&](int run, Role role, bool rtn, Qt::PenStyle style, QCPScatterStyle::ScatterShape shape,
                         const QString& name, bool in_legend) {
        QCPGraph* g = plot_->addGraph();
        const QColor color = role_color(role);
        g->setPen(QPen(color, style == Qt::SolidLine ? 2.0 : 1.6, style));
        g->setScatterStyle(QCPScatterStyle(shape, color, style == Qt::SolidLine ? color : QColor(Qt::white), 6));
        g->setName(name);
        if (!in_legend) g->removeFromLegend();
        graphs_[{run, static_cast<int>(role), rtn}] = g;
        return g;
    };
    for (const RoleTraits& t : kRoles) {
        const Role role = t.role;
        const QString name = QLatin1String(t.name);
        const int runs = ratio_mode ? static_cast<int>(shown_runs.size()) : std::min<int>(1, static_cast<int>(shown_runs.size()));
        for (int run = 0; run < runs; ++run) {
            for (bool rtn : {false, true}) {
                if (ratio_mode && rtn) continue;
                QCPGraph* g = nullptr;
                for (int i = 0; i < model_->rowCount(); ++i) {
                    const GptqGainModel::Row& row = model_->rows()[static_cast<size_t>(i)];
                    if (row.role != role) continue;
                    const double y = ratio_mode ? model_->ratio(i, run) : (rtn ? row.rtn : row.gptq)[static_cast<size_t>(run)];
                    if (!std::isfinite(y) || y <= 0) continue;
                    if (!g) {
                        const bool dashed = ratio_mode ? run == 1 : rtn;
                        g = add_graph(run, role, rtn, dashed ? Qt::DashLine : Qt::SolidLine,
                                      dashed ? QCPScatterStyle::ssSquare : QCPScatterStyle::ssCircle, name, !dashed);
                    }
                    g->addData(dodged_x(row.layer, n_layers, role), y);
                    lo = std::min(lo, y);
                    hi = std::max(hi, y);
                }
            }
        }
    }

    const bool any = std::isfinite(lo);
    show_axes(plot_, any);
    set_plot_message(message_, any ? QString() : empty_text());
    title_->setVisible(any);
    one_->setVisible(any && ratio_mode);
    if (ratio_mode) {
        title_->setText(tr("GPTQ's proxy loss ÷ RTN's, per layer (below the dashed line at 1, GPTQ is better)"));
        plot_->yAxis->setLabel(tr("GPTQ / RTN"));
    } else {
        title_->setText(shown_runs.size() > 1
                            ? tr("Proxy loss per layer of run A: GPTQ (solid) and RTN with the same format (dashed)")
                            : tr("Proxy loss per layer: GPTQ (solid) and RTN with the same format (dashed)"));
        plot_->yAxis->setLabel(tr("proxy loss"));
    }
    plot_->xAxis->setTicker(layer_ticker(n_layers, head, tr("LM head")));
    if (any) {
        if (ratio_mode) {
            // The line at 1 stays in view: whether GPTQ helps at all is the first question.
            lo = std::min(lo, 1.0);
            hi = std::max(hi, 1.0);
            one_->point1->setCoords(0, 1);
            one_->point2->setCoords(1, 1);
        }
        if (ratio_mode) {
            // Ratios span a decade or two: 1-2-5 ticks read better than powers of ten, which the
            // log ticker fills in with crowded linear labels on so short a range.
            const QCPRange range(lo / 1.6, hi * 1.6);
            auto ticker = QSharedPointer<QCPAxisTickerText>::create();
            for (double decade = 1e-6; decade <= 1e6; decade *= 10)
                for (double m : {1.0, 2.0, 5.0})
                    if (const double t = m * decade; t >= range.lower && t <= range.upper) ticker->addTick(t, locale.toString(t, 'g', 3));
            ticker->setSubTickCount(0);
            plot_->yAxis->setTicker(ticker);
            plot_->yAxis->setRange(range);
        } else {
            set_log_axis(plot_->yAxis);
            plot_->yAxis->setRange(padded_log_range(lo, hi));
        }
        plot_->xAxis->setRange(-0.5, (head ? n_layers + 1 : std::max(n_layers, 1)) - 0.5);
    }

    // The line over the plot: which runs, and GPTQ's typical gain in each.
    QStringList parts;
    for (int run = 0; run < static_cast<int>(shown_runs.size()); ++run) {
        const RunResult& r = *shown_runs[static_cast<size_t>(run)];
        const QString label = run_label(r, shown_[run]);
        const double g = model_->geometric_mean_ratio(run);
        QString part = std::isfinite(g)
                           ? tr("%1: GPTQ / RTN %2 (geometric mean over %n linears)", nullptr, model_->ratio_count(run))
                                 .arg(label, locale.toString(g, 'f', 3))
                           : label;
        // With two runs the ratio plot tells them apart by line style; the losses plot draws A only.
        if (shown_runs.size() > 1)
            part = ratio_mode ? (run == 0 ? tr("A (solid) %1") : tr("B (dashed) %1")).arg(part)
                              : (run == 0 ? tr("A %1") : tr("B %1 (in the table only)")).arg(part);
        if (r.weights && !r.weights->warnings.empty())
            part += QLatin1Char(' ') + tr("[%n warning(s): %1]", nullptr, static_cast<int>(r.weights->warnings.size()))
                                           .arg(QString::fromStdString(r.weights->warnings.front()));
        parts << part;
    }
    summary_->setText(parts.join(QStringLiteral("\n")));
    summary_->setVisible(!parts.isEmpty());
    table_->setVisible(model_->rowCount() > 0);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace rs::gui
