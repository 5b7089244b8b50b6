#include "experiment/results_matrix_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include "census/explanation_label.h"
#include "experiment/results_matrix_model.h"
#include "pipeline/quantize.h"

namespace rs::gui {
namespace {
// Columns as wide as their widest text plus some air: cells of "12.345 ± 0.067" side by side
// are hard to tell apart without it.
void fit_columns(QTableView& view) {
    view.resizeColumnsToContents();
    const int air = view.fontMetrics().horizontalAdvance(QLatin1Char('0')) * 2;
    for (int c = 0; c < view.model()->columnCount(); ++c) view.setColumnWidth(c, view.columnWidth(c) + air);
}
}  // namespace

ResultsMatrixView::ResultsMatrixView(QWidget* parent) : QWidget(parent) {
    model_ = new ResultsMatrixModel(this);
    explanation_ = new ExplanationLabel(this);

    auto make_combo = [this](const QString& name, int count) {
        auto* combo = new QComboBox(this);
        combo->setObjectName(name);
        for (int i = 0; i < count; ++i) combo->addItem(QString(), i);
        connect(combo, &QComboBox::currentIndexChanged, this, &ResultsMatrixView::apply_choices);
        return combo;
    };
    rows_label_ = new QLabel(this);
    rows_ = make_combo(QStringLiteral("matrix_rows"), ResultsMatrixModel::FieldCount);
    columns_label_ = new QLabel(this);
    columns_ = make_combo(QStringLiteral("matrix_columns"), ResultsMatrixModel::FieldCount);
    metric_label_ = new QLabel(this);
    metric_ = make_combo(QStringLiteral("matrix_metric"), ResultsMatrixModel::MetricCount);
    split_ = new QCheckBox(this);
    split_->setObjectName(QStringLiteral("matrix_split_by_method"));
    split_->setChecked(model_->split_by_method());
    connect(split_, &QCheckBox::toggled, this, &ResultsMatrixView::apply_choices);

    export_png_ = new QPushButton(this);
    export_png_->setObjectName(QStringLiteral("matrix_export_png"));
    connect(export_png_, &QPushButton::clicked, this, &ResultsMatrixView::export_png_requested);
    export_csv_ = new QPushButton(this);
    export_csv_->setObjectName(QStringLiteral("matrix_export_csv"));
    connect(export_csv_, &QPushButton::clicked, this, &ResultsMatrixView::export_csv_requested);

    note_ = new QLabel(this);
    note_->setObjectName(QStringLiteral("matrix_note"));
    note_->setWordWrap(true);

    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("results_matrix"));
    table_->setModel(model_);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->setWordWrap(false);
    table_->setShowGrid(true);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Every change of fields, metric or runs resets the model: the columns are fitted again.
    connect(model_, &QAbstractItemModel::modelReset, this, [this] { fit_columns(*table_); });
    table_->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    table_->verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    auto* choices = new QHBoxLayout;
    choices->addWidget(rows_label_);
    choices->addWidget(rows_);
    choices->addSpacing(8);
    choices->addWidget(columns_label_);
    choices->addWidget(columns_);
    choices->addSpacing(8);
    choices->addWidget(metric_label_);
    choices->addWidget(metric_);
    choices->addSpacing(8);
    choices->addWidget(split_);
    choices->addStretch(1);
    choices->addWidget(export_png_);
    choices->addWidget(export_csv_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(explanation_);
    layout->addLayout(choices);
    layout->addWidget(note_);
    layout->addWidget(table_, 1);
    // The model's defaults (rotation × formats, PPL), once every widget exists.
    rows_->setCurrentIndex(model_->row_field());
    columns_->setCurrentIndex(model_->column_field());
    metric_->setCurrentIndex(model_->metric());
    retranslate();
}

void ResultsMatrixView::set_runs(std::vector<std::shared_ptr<const RunResult>> runs) {
    model_->set_runs(std::move(runs));
    update_state();
}

void ResultsMatrixView::apply_choices() {
    model_->set_row_field(static_cast<ResultsMatrixModel::Field>(std::max(0, rows_->currentIndex())));
    model_->set_column_field(static_cast<ResultsMatrixModel::Field>(std::max(0, columns_->currentIndex())));
    model_->set_metric(static_cast<ResultsMatrixModel::Metric>(std::max(0, metric_->currentIndex())));
    model_->set_split_by_method(split_->isChecked());
    update_state();
}

void ResultsMatrixView::update_state() {
    const bool any = !model_->runs().empty();
    export_png_->setEnabled(any);
    export_csv_->setEnabled(any);
    // The method as an axis already separates RTN from GPTQ.
    const bool method_axis =
        model_->row_field() == ResultsMatrixModel::MethodField || model_->column_field() == ResultsMatrixModel::MethodField;
    split_->setEnabled(!method_axis);
    QString note;
    if (!any) {
        note = tr("No runs yet: run a recipe or a matrix, or open a run report.");
    } else {
        note = tr("%n run(s) in %1 × %2 cells; each cell is the mean ± sample std of %3 over its runs (the seeds of a "
                  "recipe, and every recipe sharing the two fields). Green is the best cell, orange the worst.",
                  nullptr, static_cast<int>(model_->runs().size()))
                   .arg(model_->rowCount())
                   .arg(model_->columnCount())
                   .arg(ResultsMatrixModel::metric_title(model_->metric()));
        if (model_->row_field() == model_->column_field())
            note += QLatin1Char(' ') + tr("Rows and columns are the same field: only the diagonal is filled.");
    }
    note_->setText(note);
}

QString ResultsMatrixView::title_text() const {
    QString columns = ResultsMatrixModel::field_title(model_->column_field());
    if (model_->columns_split()) columns = tr("%1, split by weight method").arg(columns);
    return tr("%1 — rows: %2; columns: %3")
        .arg(ResultsMatrixModel::metric_title(model_->metric()), ResultsMatrixModel::field_title(model_->row_field()), columns);
}

QImage ResultsMatrixView::render_image(qreal scale) const {
    // A view of its own, sized to show every cell: the one on screen may be scrolled or clipped.
    QTableView view;
    view.setAttribute(Qt::WA_DontShowOnScreen);
    view.setFont(table_->font());
    view.setModel(model_);
    view.setWordWrap(false);
    view.setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view.setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view.horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    view.verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    fit_columns(view);
    view.resizeRowsToContents();
    const int frame = 2 * view.frameWidth();
    const QSize table(view.verticalHeader()->sizeHint().width() + view.horizontalHeader()->length() + frame,
                      view.horizontalHeader()->sizeHint().height() + view.verticalHeader()->length() + frame);
    view.resize(table);

    QFont title_font = font();
    title_font.setBold(true);
    const QFontMetrics title_metrics(title_font), metrics(font());
    const QString title = title_text();
    const QString legend = tr("mean ± std over the runs in each cell; green best, orange worst");
    const int margin = 10;
    const int width = std::max({table.width(), title_metrics.horizontalAdvance(title), metrics.horizontalAdvance(legend)}) + 2 * margin;
    const int top = margin + title_metrics.height() + metrics.height() + 6;
    const int height = top + table.height() + margin;

    QImage image(QSize(width, height) * scale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setPen(Qt::black);
    painter.setFont(title_font);
    painter.drawText(QPoint(margin, margin + title_metrics.ascent()), title);
    painter.setFont(font());
    painter.setPen(QColor(70, 70, 70));
    painter.drawText(QPoint(margin, margin + title_metrics.height() + 2 + metrics.ascent()), legend);
    view.render(&painter, QPoint(margin, top));
    painter.end();
    return image;
}

bool ResultsMatrixView::save_png(const QString& path) const {
    if (model_->runs().empty()) return false;
    return render_image().save(path, "PNG");
}

void ResultsMatrixView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void ResultsMatrixView::retranslate() {
    explanation_->set_explanation(
        tr("The results table folded into a matrix: choose which two recipe fields make the rows and the columns, and "
           "which metric fills the cells. A cell averages every run whose recipe has that row's and that column's value "
           "(the seeds of a random rotation, and any other recipes that share the two fields; the tooltip lists them) "
           "and shows mean ± sample standard deviation. Colours run from the best cell (green) to the worst (orange), "
           "on a log scale for perplexity and KL. With <i>Split by weight method</i>, RTN and GPTQ runs of one column "
           "stand side by side."),
        tr("The runs as a matrix of two recipe fields, one metric per cell (mean ± std over the runs in it)."));
    rows_label_->setText(tr("Rows:"));
    columns_label_->setText(tr("Columns:"));
    metric_label_->setText(tr("Metric:"));
    for (int i = 0; i < ResultsMatrixModel::FieldCount; ++i) {
        rows_->setItemText(i, ResultsMatrixModel::field_title(static_cast<ResultsMatrixModel::Field>(i)));
        columns_->setItemText(i, ResultsMatrixModel::field_title(static_cast<ResultsMatrixModel::Field>(i)));
    }
    for (int i = 0; i < ResultsMatrixModel::MetricCount; ++i)
        metric_->setItemText(i, ResultsMatrixModel::metric_title(static_cast<ResultsMatrixModel::Metric>(i)));
    split_->setText(tr("Split by weight method"));
    split_->setToolTip(tr("Each column once per weight method (RTN, GPTQ and its options), side by side, when the runs "
                          "use more than one."));
    export_png_->setText(tr("Export PNG…"));
    export_png_->setToolTip(tr("The whole matrix as a picture, with its metric and fields as a title."));
    export_csv_->setText(tr("Export CSV…"));
    export_csv_->setToolTip(tr("The matrix as CSV: per column the mean, the standard deviation and the number of runs."));
    model_->retranslate();
    update_state();
}

}  // namespace rs::gui
