#include "experiment/experiment_view.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include "census/explanation_label.h"
#include "experiment/error_histogram_view.h"
#include "experiment/gptq_gain_view.h"
#include "experiment/results_matrix_view.h"
#include "experiment/results_table_model.h"

namespace rs::gui {

ExperimentView::ExperimentView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("experiment_view"));
    results_ = new ResultsTableModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(results_);
    proxy_->setSortRole(ResultsTableModel::SortRole);

    explanation_ = new ExplanationLabel(this);
    reference_ = new QLabel(this);
    reference_->setObjectName(QStringLiteral("experiment_reference"));
    reference_->setWordWrap(true);
    export_csv_ = new QPushButton(this);
    export_csv_->setObjectName(QStringLiteral("export_results_csv"));
    connect(export_csv_, &QPushButton::clicked, this, &ExperimentView::export_csv_requested);
    export_report_ = new QPushButton(this);
    export_report_->setObjectName(QStringLiteral("export_run_report"));
    connect(export_report_, &QPushButton::clicked, this, &ExperimentView::export_report_requested);
    export_model_ = new QPushButton(this);
    export_model_->setObjectName(QStringLiteral("export_model"));
    export_model_->setEnabled(false);
    connect(export_model_, &QPushButton::clicked, this, &ExperimentView::export_model_requested);
    clear_ = new QPushButton(this);
    clear_->setObjectName(QStringLiteral("clear_results"));
    connect(clear_, &QPushButton::clicked, this, &ExperimentView::clear);

    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("results_table"));
    table_->setModel(proxy_);
    // Arrival order until a header is clicked.
    table_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    table_->setSortingEnabled(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    // Compact rows: the histograms below need the height more than the rows need the air.
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(ResultsTableModel::NameColumn, QHeaderView::Stretch);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ExperimentView::selection_updated);

    details_ = new QTabWidget(this);
    details_->setObjectName(QStringLiteral("experiment_details"));
    details_->setDocumentMode(true);
    histograms_ = new ErrorHistogramView(details_);
    histograms_->setObjectName(QStringLiteral("error_histograms"));
    gain_ = new GptqGainView(details_);
    gain_->setObjectName(QStringLiteral("gptq_gain"));
    matrix_ = new ResultsMatrixView(details_);
    matrix_->setObjectName(QStringLiteral("results_matrix_view"));
    details_->insertTab(HistogramsTab, histograms_, QString());
    details_->insertTab(GptqGainTab, gain_, QString());
    details_->insertTab(MatrixTab, matrix_, QString());

    auto* top = new QWidget(this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(reference_, 1);
    buttons->addWidget(export_csv_);
    buttons->addWidget(export_report_);
    buttons->addWidget(export_model_);
    buttons->addWidget(clear_);
    auto* top_layout = new QVBoxLayout(top);
    top_layout->setContentsMargins(0, 0, 0, 0);
    top_layout->addWidget(explanation_);
    top_layout->addLayout(buttons);
    top_layout->addWidget(table_, 1);

    splitter_ = new QSplitter(Qt::Vertical, this);
    splitter_->setObjectName(QStringLiteral("experiment_splitter"));
    splitter_->addWidget(top);
    splitter_->addWidget(details_);
    // The histograms carry their own selectors, table and SQNR plot: they need most of the
    // height; with the explanation folded, half a dozen rows of results fit in the rest.
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 3);
    splitter_->setSizes({230, 770});
    splitter_->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(splitter_);

    retranslate();
    runs_updated();
}

void ExperimentView::append_run(std::shared_ptr<const rs::RunResult> run) {
    results_->append(std::move(run));
    runs_updated();
}

void ExperimentView::set_runs(std::vector<std::shared_ptr<const rs::RunResult>> runs) {
    results_->set_runs(std::move(runs));
    runs_updated();
}

void ExperimentView::clear() {
    results_->clear();
    runs_updated();
}

void ExperimentView::set_reference_text(const QString& text) {
    reference_text_ = text;
    retranslate();
}

void ExperimentView::runs_updated() {
    const bool any = !results_->runs().empty();
    export_csv_->setEnabled(any);
    export_report_->setEnabled(any);
    clear_->setEnabled(any);
    histograms_->set_runs(results_->runs());
    gain_->set_runs(results_->runs());
    matrix_->set_runs(results_->runs());
    selection_updated();
    retranslate();  // the empty-table hint
    emit runs_changed();
}

QList<int> ExperimentView::selected_runs() const {
    QList<int> out;
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    QList<int> proxy_rows;
    for (const QModelIndex& index : rows) proxy_rows << index.row();
    std::sort(proxy_rows.begin(), proxy_rows.end());
    for (int row : proxy_rows) out << proxy_->index(row, 0).data(ResultsTableModel::RunIndexRole).toInt();
    return out;
}

void ExperimentView::select_runs(const QList<int>& run_indices) {
    QItemSelection selection;
    for (int run : run_indices) {
        if (run < 0 || run >= results_->rowCount()) continue;
        const QModelIndex source = results_->index(run, 0);
        const QModelIndex index = proxy_->mapFromSource(source);
        selection.select(index, index.siblingAtColumn(ResultsTableModel::ColumnCount - 1));
    }
    table_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void ExperimentView::selection_updated() {
    QList<int> runs = selected_runs();
    // Nothing selected: compare everything there is.
    if (runs.isEmpty())
        for (int i = 0; i < results_->rowCount(); ++i) runs << i;
    histograms_->set_selected(runs);
    gain_->set_selected(runs);
    emit selected_runs_changed();
}

QCustomPlot* ExperimentView::current_plot() const {
    switch (details_->currentIndex()) {
        case HistogramsTab: return histograms_->plot();
        case GptqGainTab: return gain_->plot();
        default: return nullptr;
    }
}

void ExperimentView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void ExperimentView::retranslate() {
    explanation_->set_explanation(
        tr("Each row is one run: the model rotated and fake-quantized as its recipe says, evaluated on the same tokens "
           "as the unquantized model. Lower perplexity and KL divergence and a higher top-1 agreement are better. "
           "Click a column to sort; select two or more rows to overlay their error histograms below."),
        tr("Each row is one run, scored against the unquantized model on the same tokens; select rows to compare "
           "their error histograms below."));
    export_csv_->setText(tr("Export CSV…"));
    export_csv_->setToolTip(tr("The summary table, one row per run and one per recipe over its seeds."));
    export_report_->setText(tr("Export Report…"));
    export_report_->setToolTip(tr("An HDF5 run report with every run's metrics, per-linear errors and histograms."));
    export_model_->setText(tr("Export Model…"));
    export_model_->setToolTip(tr("Write the selected run's quantized model for transformers, vLLM (compressed-tensors) or "
                                 "llama.cpp (GGUF); the recipe is run again on the model file."));
    clear_->setText(tr("Clear"));
    details_->setTabText(HistogramsTab, tr("Error histograms"));
    details_->setTabToolTip(HistogramsTab, tr("The quantization errors of one linear in the selected runs."));
    details_->setTabText(GptqGainTab, tr("GPTQ gain"));
    details_->setTabToolTip(GptqGainTab, tr("GPTQ's proxy loss against round to nearest's, per layer and linear."));
    details_->setTabText(MatrixTab, tr("Matrix"));
    details_->setTabToolTip(MatrixTab, tr("Every run as a matrix of two recipe fields, one metric per cell."));
    if (!reference_text_.isEmpty())
        reference_->setText(reference_text_);
    else if (results_->runs().empty())
        reference_->setText(tr("No runs yet: run a recipe from the Experiment dock, or open a run report."));
    else
        reference_->clear();
    // Header texts come from the model's tr() at paint time.
    emit results_->headerDataChanged(Qt::Horizontal, 0, results_->columnCount() - 1);
}

}  // namespace rs::gui
