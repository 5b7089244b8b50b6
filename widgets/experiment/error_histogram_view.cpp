#include "experiment/error_histogram_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "census/census_text.h"
#include "census/explanation_label.h"
#include "census/plot_style.h"
#include "experiment/sqnr_layer_view.h"
#include "pipeline/quantize.h"

namespace rs::gui {

namespace {

constexpr int kBins = ErrorHistogram::kBins;
constexpr double kRange = ErrorHistogram::kRange;
constexpr double kBinWidth = 2 * kRange / kBins;
// The histogram's and the SQNR plot's shares of the height the table leaves.
constexpr int kPlotShare = 600;
constexpr int kSqnrShare = 360;
// A run name wider than this is elided in the middle (the tooltip has it whole).
constexpr int kRunColumnMax = 300;

double bin_centre(int i) { return -kRange + (i + 0.5) * kBinWidth; }

// Layers ascending, the LM head (-1) after them.
bool layer_before(int a, int b) {
    if ((a < 0) != (b < 0)) return b < 0;
    return a < b;
}

// Every error exactly zero: the run left this tensor unquantized.
bool all_exact(const ErrorHistogram& h) {
    if (h.below != 0 || h.above != 0) return false;
    int64_t total = 0;
    for (int64_t c : h.counts) total += c;
    return total == h.zeros;
}

int64_t total_of(const ErrorHistogram& h) {
    int64_t total = h.below + h.above;
    for (int64_t c : h.counts) total += c;
    return total;
}

QTableWidgetItem* number_item(double v, const QString& text = QString()) {
    auto* item = new QTableWidgetItem(text.isEmpty() ? format_number(v) : text);
    item->setData(Qt::UserRole, v);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

}  // namespace

ErrorHistogramView::ErrorHistogramView(QWidget* parent) : QWidget(parent) {
    explanation_ = new ExplanationLabel(this);

    layer_label_ = new QLabel(this);
    layer_combo_ = new QComboBox(this);
    layer_combo_->setObjectName(QStringLiteral("layer_combo"));
    layer_combo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    layer_label_->setBuddy(layer_combo_);
    role_label_ = new QLabel(this);
    role_combo_ = new QComboBox(this);
    role_combo_->setObjectName(QStringLiteral("role_combo"));
    role_combo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    role_label_->setBuddy(role_combo_);
    tensor_label_ = new QLabel(this);
    tensor_combo_ = new QComboBox(this);
    tensor_combo_->setObjectName(QStringLiteral("tensor_combo"));
    tensor_combo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    tensor_combo_->addItem(QString(), false);
    tensor_combo_->addItem(QString(), true);
    tensor_label_->setBuddy(tensor_combo_);
    log_y_ = new QCheckBox(this);
    log_y_->setObjectName(QStringLiteral("log_y"));

    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("error_histogram_plot"));
    style_plot(plot_);
    put_legend_below(plot_);
    message_ = add_plot_message(plot_);

    table_ = new QTableWidget(0, ColumnCount, this);
    table_->setObjectName(QStringLiteral("run_table"));
    table_->verticalHeader()->setVisible(false);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
    table_->setWordWrap(false);
    table_->setTextElideMode(Qt::ElideMiddle);
    table_->setSizeAdjustPolicy(QAbstractScrollArea::AdjustIgnored);

    sqnr_ = new SqnrLayerView(this);
    // The table right above lists the runs with their colours, and the histogram's legend
    // too: a third copy under the SQNR plot would only take its height.
    sqnr_->set_legend_visible(false);

    auto* selectors = new QHBoxLayout;
    selectors->addWidget(layer_label_);
    selectors->addWidget(layer_combo_);
    selectors->addSpacing(12);
    selectors->addWidget(role_label_);
    selectors->addWidget(role_combo_);
    selectors->addSpacing(12);
    selectors->addWidget(tensor_label_);
    selectors->addWidget(tensor_combo_);
    selectors->addSpacing(12);
    selectors->addWidget(log_y_);
    selectors->addStretch(1);

    // The histogram is what this view is for: fit_splitter() gives the table (the runs' colour
    // key and figures) its rows, at most a quarter, and splits the rest 5 : 3 between the
    // histogram and the SQNR plot. Once the user moves a handle, the stretch factors take over.
    splitter_ = new QSplitter(Qt::Vertical, this);
    splitter_->setObjectName(QStringLiteral("histogram_splitter"));
    splitter_->setChildrenCollapsible(false);
    splitter_->addWidget(plot_);
    splitter_->addWidget(table_);
    splitter_->addWidget(sqnr_);
    splitter_->setStretchFactor(0, 5);
    splitter_->setStretchFactor(1, 0);
    splitter_->setStretchFactor(2, 3);
    plot_->setMinimumHeight(160);
    sqnr_->setMinimumHeight(120);
    splitter_->setSizes({kPlotShare, 0, kSqnrShare});

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation_);
    layout->addLayout(selectors);
    layout->addWidget(splitter_, 1);
    // Once the user has moved a handle, the heights are theirs.
    connect(splitter_, &QSplitter::splitterMoved, this, [this] { user_sized_ = true; });
    splitter_->installEventFilter(this);
    table_->installEventFilter(this);

    connect(layer_combo_, &QComboBox::currentIndexChanged, this, &ErrorHistogramView::on_layer_picked);
    connect(role_combo_, &QComboBox::currentIndexChanged, this, &ErrorHistogramView::on_role_picked);
    connect(tensor_combo_, &QComboBox::currentIndexChanged, this, &ErrorHistogramView::rebuild);
    connect(log_y_, &QCheckBox::toggled, this, &ErrorHistogramView::rebuild);
    retranslate();
}

ErrorHistogramView::~ErrorHistogramView() = default;

void ErrorHistogramView::set_runs(std::vector<std::shared_ptr<const RunResult>> runs) {
    runs_ = std::move(runs);
    QList<int> kept;
    for (int i : selected_)
        if (i >= 0 && i < static_cast<int>(runs_.size())) kept.push_back(i);
    if (kept.isEmpty())
        for (int i = 0; i < static_cast<int>(runs_.size()); ++i) kept.push_back(i);
    selected_ = kept;
    refill_selectors();
    rebuild();
}

void ErrorHistogramView::set_selected(const QList<int>& run_indices) {
    selected_.clear();
    for (int i : run_indices)
        if (i >= 0 && i < static_cast<int>(runs_.size()) && !selected_.contains(i)) selected_.push_back(i);
    refill_selectors();
    rebuild();
}

void ErrorHistogramView::select_linear(int layer, Role role) {
    wanted_layer_ = layer;
    wanted_role_ = role;
    refill_selectors();
    rebuild();
}

int ErrorHistogramView::layer() const {
    return layer_combo_->count() > 0 ? layer_combo_->currentData().toInt() : wanted_layer_;
}

Role ErrorHistogramView::role() const {
    return role_combo_->count() > 0 ? static_cast<Role>(role_combo_->currentData().toInt()) : wanted_role_;
}

void ErrorHistogramView::set_weight_error(bool weight) { tensor_combo_->setCurrentIndex(weight ? 1 : 0); }

bool ErrorHistogramView::weight_error() const { return tensor_combo_->currentIndex() == 1; }

void ErrorHistogramView::set_log_y(bool log) { log_y_->setChecked(log); }

QCPGraph* ErrorHistogramView::run_graph(int i) const {
    return i >= 0 && i < run_graph_count() ? graphs_[static_cast<size_t>(i)] : nullptr;
}

int ErrorHistogramView::run_graph_count() const { return static_cast<int>(graphs_.size()); }

std::vector<std::shared_ptr<const RunResult>> ErrorHistogramView::selected_runs() const {
    std::vector<std::shared_ptr<const RunResult>> out;
    for (int i : selected_) out.push_back(runs_[static_cast<size_t>(i)]);
    return out;
}

const LinearError* ErrorHistogramView::find(const RunResult& run) const {
    const int l = layer();
    const Role r = role();
    for (const LinearError& e : run.linears)
        if (e.layer == l && e.role == r) return &e;
    return nullptr;
}

void ErrorHistogramView::refill_selectors() {
    linears_.clear();
    for (const auto& run : selected_runs()) {
        if (!run) continue;
        for (const LinearError& e : run->linears) linears_.emplace_back(e.layer, e.role);
    }
    std::sort(linears_.begin(), linears_.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return layer_before(a.first, b.first);
        return static_cast<int>(a.second) < static_cast<int>(b.second);
    });
    linears_.erase(std::unique(linears_.begin(), linears_.end()), linears_.end());

    updating_ = true;
    layer_combo_->clear();
    for (const auto& [l, r] : linears_) {
        if (layer_combo_->findData(l) >= 0) continue;
        layer_combo_->addItem(l < 0 ? tr("LM head") : QString::number(l), l);
    }
    const int i = layer_combo_->findData(wanted_layer_);
    layer_combo_->setCurrentIndex(i >= 0 ? i : 0);
    layer_combo_->setEnabled(layer_combo_->count() > 0);
    fill_roles();
    updating_ = false;
}

void ErrorHistogramView::fill_roles() {
    const bool was_updating = updating_;
    updating_ = true;
    role_combo_->clear();
    if (layer_combo_->count() > 0) {
        const int l = layer_combo_->currentData().toInt();
        for (const auto& [layer, r] : linears_)
            if (layer == l) role_combo_->addItem(QLatin1String(role_name(r)), static_cast<int>(r));
    }
    const int i = role_combo_->findData(static_cast<int>(wanted_role_));
    role_combo_->setCurrentIndex(i >= 0 ? i : 0);
    role_combo_->setEnabled(role_combo_->count() > 0);
    updating_ = was_updating;
}

void ErrorHistogramView::on_layer_picked() {
    if (updating_) return;
    wanted_layer_ = layer_combo_->currentData().toInt();
    fill_roles();
    rebuild();
}

void ErrorHistogramView::on_role_picked() {
    if (updating_) return;
    wanted_role_ = static_cast<Role>(role_combo_->currentData().toInt());
    rebuild();
}

void ErrorHistogramView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void ErrorHistogramView::retranslate() {
    explanation_->set_explanation(
        tr("Each curve is one run: how the quantization errors e = Q(t) − t of one linear layer's "
           "input activations (or of its weights) are spread. The errors are divided by the RMS of the "
           "unquantized tensor t. An orthogonal rotation changes the values but not their RMS (it keeps "
           "lengths), so this unit means the same for every rotation, and the curves of differently "
           "rotated runs can be laid over each other. A narrow curve means small errors; wide shoulders, "
           "or errors beyond ±2 RMS (counted in the table), usually come from an outlier that stretched "
           "a shared scale. Below: the output SQNR of the same kind of linear in every layer (higher is "
           "better; the dashed line marks the chosen layer)."),
        tr("Each curve is one run: how the quantization errors of one linear's input (or weights) are spread, "
           "in units of the tensor's RMS. Narrower is better."));
    layer_label_->setText(tr("&Layer:"));
    role_label_->setText(tr("Li&near:"));
    tensor_label_->setText(tr("&Error of:"));
    tensor_combo_->setItemText(0, tr("input activations"));
    tensor_combo_->setItemText(1, tr("weights"));
    log_y_->setText(tr("Log &y axis"));
    const int head = layer_combo_->findData(-1);
    if (head >= 0) layer_combo_->setItemText(head, tr("LM head"));
    plot_->xAxis->setLabel(tr("error / RMS of the tensor"));
    // Two-line headers keep the eight columns within the width of the plots above.
    table_->setHorizontalHeaderLabels({tr("Run"), tr("RMS of\nthe tensor"), tr("Relative\nerror"),
                                       tr("Max |error|\n/ RMS"), tr("Below\n−2 RMS"), tr("Above\n+2 RMS"),
                                       tr("Output\nrelative error"), tr("Output\nSQNR (dB)")});
    rebuild();
}

void ErrorHistogramView::update_table_height() {
    const int row = table_->verticalHeader()->defaultSectionSize();
    const int chrome = table_->horizontalHeader()->sizeHint().height() + 2 * table_->frameWidth() + 2;
    int wanted = chrome + std::max(1, table_->rowCount()) * row;
    if (table_->horizontalHeader()->length() > table_->width() - 2 * table_->frameWidth())
        wanted += table_->horizontalScrollBar()->sizeHint().height();
    table_wanted_height_ = wanted;
    table_->setMinimumHeight(std::min(wanted, chrome + row));
    table_->setMaximumHeight(wanted);
}

void ErrorHistogramView::fit_splitter() {
    if (user_sized_) return;
    const int total = splitter_->height() - 2 * splitter_->handleWidth();
    if (total <= 0) return;
    // The table keeps its rows unless they would take more than a quarter of the height.
    const int table_height = std::max(table_->minimumHeight(), std::min(table_wanted_height_, total / 4));
    const int rest = std::max(0, total - table_height);
    const int plot_height = rest * kPlotShare / (kPlotShare + kSqnrShare);
    splitter_->setSizes({plot_height, table_height, rest - plot_height});
}

bool ErrorHistogramView::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Resize) {
        if (watched == table_) update_table_height();
        fit_splitter();
    }
    return QWidget::eventFilter(watched, event);
}

void ErrorHistogramView::rebuild() {
    const bool weight = weight_error();
    const bool log_y = log_y_->isChecked();
    const auto runs = selected_runs();
    QStringList labels;
    for (size_t i = 0; i < runs.size(); ++i)
        labels.push_back(runs[i] ? run_label(*runs[i], selected_[static_cast<int>(i)]) : QString());

    plot_->clearGraphs();
    graphs_.clear();
    table_->setRowCount(static_cast<int>(runs.size()));
    int lo_bin = kBins, hi_bin = -1;
    double y_max = 0;
    for (size_t k = 0; k < runs.size(); ++k) {
        const int row = static_cast<int>(k);
        const QColor color = run_color(row);
        QCPGraph* g = plot_->addGraph();
        g->setLineStyle(QCPGraph::lsStepCenter);
        g->setPen(QPen(color, 2));
        g->setBrush(QColor(color.red(), color.green(), color.blue(), 28));
        graphs_.push_back(g);

        auto* name_item = new QTableWidgetItem(labels[row]);
        name_item->setToolTip(labels[row]);
        name_item->setData(Qt::DecorationRole, color);
        name_item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        table_->setItem(row, RunColumn, name_item);

        const LinearError* e = runs[k] ? find(*runs[k]) : nullptr;
        const ErrorHistogram* h = e ? (weight ? &e->weight_error : &e->input_error) : nullptr;
        const bool exact = h && all_exact(*h);
        QString name = labels[row];
        if (!e) name = tr("%1 (not probed)").arg(labels[row]);
        else if (exact) name = tr("%1 (not quantized)").arg(labels[row]);
        g->setName(name);

        if (h && !exact) {
            QVector<double> keys, values;
            const int n = std::min<int>(kBins, static_cast<int>(h->counts.size()));
            for (int i = 0; i < n; ++i) {
                const auto c = static_cast<double>(h->counts[static_cast<size_t>(i)]);
                keys.push_back(bin_centre(i));
                values.push_back(c);
                if (c > 0) {
                    lo_bin = std::min(lo_bin, i);
                    hi_bin = std::max(hi_bin, i);
                    y_max = std::max(y_max, c);
                }
            }
            g->setData(keys, values, true);
        }

        if (!e) {
            for (int c = RmsColumn; c < ColumnCount; ++c) {
                auto* item = new QTableWidgetItem(QStringLiteral("—"));
                item->setToolTip(tr("This run did not probe this linear."));
                item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
                table_->setItem(row, c, item);
            }
            continue;
        }
        const double total = std::max<double>(1, static_cast<double>(total_of(*h)));
        auto share = [&](int64_t n) {
            return tr("%1 (%2%)").arg(n).arg(QLocale().toString(100.0 * static_cast<double>(n) / total, 'g', 2));
        };
        table_->setItem(row, RmsColumn, number_item(h->rms));
        table_->setItem(row, RelErrorColumn, number_item(weight ? e->weight_rel_error : e->input_rel_error));
        table_->setItem(row, MaxErrorColumn, number_item(h->max_abs));
        table_->setItem(row, BelowColumn, number_item(static_cast<double>(h->below), share(h->below)));
        table_->setItem(row, AboveColumn, number_item(static_cast<double>(h->above), share(h->above)));
        table_->setItem(row, OutputRelErrorColumn, number_item(e->output_rel_error));
        table_->setItem(row, OutputSqnrColumn, number_item(e->output_sqnr_db));
    }
    table_->resizeColumnsToContents();
    if (table_->columnWidth(RunColumn) > kRunColumnMax) table_->setColumnWidth(RunColumn, kRunColumnMax);
    update_table_height();
    fit_splitter();

    const bool any = hi_bin >= 0;
    QString message;
    if (runs_.empty()) message = tr("No runs yet. Run recipes in the experiment panel, then pick the runs to compare.");
    else if (runs.empty()) message = tr("Pick one or more runs to compare.");
    else if (linears_.empty())
        message = tr("The selected runs hold no per-linear probe data:\nthey ran with the probe off (probe tokens = 0).");
    else if (!any)
        message = weight ? tr("None of the selected runs quantizes the weights of this linear.")
                         : tr("None of the selected runs quantizes the input of this linear.");
    set_plot_message(message_, message);
    show_axes(plot_, any);

    if (log_y) {
        set_log_axis(plot_->yAxis);
        plot_->yAxis->setLabel(tr("values per bin (log scale)"));
    } else {
        set_linear_axis(plot_->yAxis);
        plot_->yAxis->setLabel(tr("values per bin"));
    }
    // Step brushes fill towards zero, which a log axis places far below the plot.
    for (QCPGraph* g : graphs_)
        if (log_y) g->setBrush(Qt::NoBrush);
    if (any) {
        // Symmetric about zero, just wide enough for the outermost non-empty bin.
        const double half = std::min(kRange, std::max({std::fabs(bin_centre(lo_bin)), std::fabs(bin_centre(hi_bin)), 0.05}) + 2 * kBinWidth);
        plot_->xAxis->setRange(-half, half);
        if (log_y) plot_->yAxis->setRange(0.7, y_max * 2.5);
        else plot_->yAxis->setRange(0, y_max * 1.08);
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);

    sqnr_->set_runs(runs, labels);
    sqnr_->set_linear(layer(), role());

    const std::pair<int, Role> now{layer(), role()};
    if (!linears_.empty() && now != shown_) {
        shown_ = now;
        emit linear_changed(now.first, now.second);
    }
}

}  // namespace rs::gui
