#include "format_lab/format_lab.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "census/census_text.h"
#include "census/explanation_label.h"
#include "census/plot_style.h"
#include "format_lab/scale_text.h"
#include "model/roles.h"

namespace rs::gui {

namespace {

const Linear& linear_of(const Model& m, int layer, Role role) { return rs::linear_of(m, layer, role_traits(role)); }

float amax_of(const std::vector<float>& v) {
    float a = 0;
    for (float x : v) a = std::max(a, std::fabs(x));
    return a;
}

QTableWidgetItem* cell(const QString& text, const QVariant& exact = QVariant()) {
    auto* item = new QTableWidgetItem(text);
    if (exact.isValid()) item->setData(Qt::UserRole, exact);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

// A short vertical stroke, the tick of one representable value.
QCPScatterStyle tick_style(const QColor& color) {
    QPainterPath path;
    // Taller than the rounded-value discs drawn on the same line, so that covered ticks still show.
    path.moveTo(0, -10);
    path.lineTo(0, 10);
    QPen pen(color, 1.3);
    pen.setCosmetic(true);
    return QCPScatterStyle(path, pen, Qt::NoBrush, 6);
}

}  // namespace

FormatLab::FormatLab(QWidget* parent) : QWidget(parent) {
    explanation_ = new ExplanationLabel(this);

    // ---- source
    source_label_ = new QLabel(this);
    source_combo_ = new QComboBox(this);
    source_combo_->setObjectName(QStringLiteral("source_combo"));
    for (int i = 0; i < 3; ++i) source_combo_->addItem(QString(), i);
    source_label_->setBuddy(source_combo_);
    source_stack_ = new QStackedWidget(this);

    auto* weight_page = new QWidget(source_stack_);
    layer_label_ = new QLabel(weight_page);
    layer_spin_ = new QSpinBox(weight_page);
    layer_spin_->setObjectName(QStringLiteral("layer_spin"));
    layer_label_->setBuddy(layer_spin_);
    role_label_ = new QLabel(weight_page);
    role_combo_ = new QComboBox(weight_page);
    role_combo_->setObjectName(QStringLiteral("role_combo"));
    for (const RoleTraits& r : kRoles) role_combo_->addItem(QLatin1String(r.name), static_cast<int>(r.role));
    role_label_->setBuddy(role_combo_);
    row_label_ = new QLabel(weight_page);
    row_spin_ = new QSpinBox(weight_page);
    row_spin_->setObjectName(QStringLiteral("row_spin"));
    row_label_->setBuddy(row_spin_);
    auto* weight_layout = new QHBoxLayout(weight_page);
    weight_layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget* w : std::initializer_list<QWidget*>{layer_label_, layer_spin_, role_label_, role_combo_, row_label_, row_spin_})
        weight_layout->addWidget(w);
    source_stack_->addWidget(weight_page);

    given_info_ = new QLabel(source_stack_);
    source_stack_->addWidget(given_info_);

    typed_edit_ = new QLineEdit(source_stack_);
    typed_edit_->setObjectName(QStringLiteral("typed_values"));
    typed_edit_->setText(QStringLiteral("0.31, -1.2, 0.05, 2.6, -0.74, 5.0, 0.25, -3.5, 1.25, -0.02, 0.9, -1.7"));
    source_stack_->addWidget(typed_edit_);

    block_label_ = new QLabel(this);
    block_spin_ = new QSpinBox(this);
    block_spin_->setObjectName(QStringLiteral("block_spin"));
    block_label_->setBuddy(block_spin_);
    block_info_ = new QLabel(this);

    // ---- format
    format_label_ = new QLabel(this);
    format_combo_ = new QComboBox(this);
    format_combo_->setObjectName(QStringLiteral("format_combo"));
    format_combo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    format_label_->setBuddy(format_combo_);
    spec_label_ = new QLabel(this);
    spec_edit_ = new QLineEdit(QStringLiteral("mxfp4"), this);
    spec_edit_->setObjectName(QStringLiteral("spec_edit"));
    spec_label_->setBuddy(spec_edit_);
    group_label_ = new QLabel(this);
    group_spin_ = new QSpinBox(this);
    group_spin_->setObjectName(QStringLiteral("group_spin"));
    group_spin_->setRange(1, 4096);
    group_spin_->setValue(32);
    group_label_->setBuddy(group_spin_);
    error_ = new QLabel(this);
    error_->setObjectName(QStringLiteral("error"));
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("QLabel#error { color: #b00020; }"));
    error_->setVisible(false);

    // ---- number line
    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("number_line"));
    style_plot(plot_);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->axisRect()->setRangeDrag(Qt::Horizontal);
    plot_->axisRect()->setRangeZoom(Qt::Horizontal);
    plot_->yAxis->setVisible(false);
    plot_->yAxis->grid()->setVisible(false);
    plot_->yAxis->setRange(-0.55, 1.45);
    put_legend_below(plot_);
    auto* axis_line = new QCPItemStraightLine(plot_);
    axis_line->point1->setCoords(0, 0);
    axis_line->point2->setCoords(1, 0);
    axis_line->setPen(QPen(QColor(150, 150, 150), 1));
    grid_ = plot_->addGraph();
    grid_->setLineStyle(QCPGraph::lsNone);
    grid_->setScatterStyle(tick_style(QColor(70, 70, 70)));
    values_ = plot_->addGraph();
    values_->setLineStyle(QCPGraph::lsNone);
    values_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(0, 114, 178), Qt::white, 8));
    rounded_ = plot_->addGraph();
    rounded_->setLineStyle(QCPGraph::lsNone);
    rounded_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(213, 94, 0), 7));
    message_ = add_plot_message(plot_);

    scale_text_ = new QLabel(this);
    scale_text_->setObjectName(QStringLiteral("scale_text"));
    scale_text_->setWordWrap(true);
    scale_text_->setTextFormat(Qt::RichText);
    scale_text_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    scale_text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    scale_text_->setMargin(4);
    auto* scale_scroll = new QScrollArea(this);
    scale_scroll->setWidget(scale_text_);
    scale_scroll->setWidgetResizable(true);
    scale_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scale_scroll->setMinimumWidth(280);

    table_ = new QTableWidget(0, ColumnCount, this);
    table_->setObjectName(QStringLiteral("element_table"));
    table_->verticalHeader()->setVisible(false);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("summary"));
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::RichText);

    // ---- layout
    auto* source_row = new QHBoxLayout;
    source_row->addWidget(source_label_);
    source_row->addWidget(source_combo_);
    source_row->addWidget(source_stack_, 1);
    source_row->addSpacing(12);
    source_row->addWidget(block_label_);
    source_row->addWidget(block_spin_);
    source_row->addWidget(block_info_);
    auto* format_row = new QHBoxLayout;
    format_row->addWidget(format_label_);
    format_row->addWidget(format_combo_);
    format_row->addSpacing(12);
    format_row->addWidget(spec_label_);
    format_row->addWidget(spec_edit_, 1);
    format_row->addSpacing(12);
    format_row->addWidget(group_label_);
    format_row->addWidget(group_spin_);
    auto* details = new QSplitter(Qt::Horizontal, this);
    details->setChildrenCollapsible(false);
    details->addWidget(scale_scroll);
    details->addWidget(table_);
    details->setStretchFactor(0, 1);
    details->setStretchFactor(1, 1);
    details->setSizes({480, 620});
    plot_->setMinimumHeight(200);
    auto* body = new QSplitter(Qt::Vertical, this);
    body->setChildrenCollapsible(false);
    body->addWidget(plot_);
    body->addWidget(details);
    body->setStretchFactor(0, 2);
    body->setStretchFactor(1, 3);
    body->setSizes({260, 400});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation_);
    layout->addLayout(source_row);
    layout->addLayout(format_row);
    layout->addWidget(error_);
    layout->addWidget(body, 1);
    layout->addWidget(summary_);

    connect(source_combo_, &QComboBox::currentIndexChanged, this, &FormatLab::on_source_picked);
    connect(layer_spin_, &QSpinBox::valueChanged, this, &FormatLab::on_weight_picked);
    connect(role_combo_, &QComboBox::currentIndexChanged, this, &FormatLab::on_weight_picked);
    connect(row_spin_, &QSpinBox::valueChanged, this, &FormatLab::recompute);
    connect(typed_edit_, &QLineEdit::textChanged, this, &FormatLab::recompute);
    connect(block_spin_, &QSpinBox::valueChanged, this, &FormatLab::recompute);
    connect(format_combo_, &QComboBox::currentIndexChanged, this, &FormatLab::on_format_picked);
    connect(spec_edit_, &QLineEdit::textChanged, this, &FormatLab::on_spec_edited);
    connect(group_spin_, &QSpinBox::valueChanged, this, &FormatLab::recompute);

    updating_ = true;
    source_combo_->setCurrentIndex(TypedSource);
    source_stack_->setCurrentIndex(TypedSource);
    updating_ = false;
    update_availability();
    retranslate();  // fills the format combo and computes the first block
}

FormatLab::~FormatLab() = default;

void FormatLab::build_format_combo() {
    const QString current = format_combo_->currentData().toString();
    const bool was = updating_;
    updating_ = true;
    format_combo_->clear();
    for (const quant::FormatTraits& t : quant::format_traits_table()) {
        const QString name = QLatin1String(t.name);
        if (t.kind == quant::FormatKind::Int) {
            for (int bits : {2, 3, 4, 8})
                format_combo_->addItem(tr("%1 — integers, one FP32 scale per group").arg(name + QString::number(bits)),
                                       name + QString::number(bits));
        } else if (t.kind == quant::FormatKind::Fp8E4M3 || t.kind == quant::FormatKind::Fp8E5M2) {
            format_combo_->addItem(tr("%1 — 8-bit floats, one FP32 scale per group").arg(name), name);
        } else if (t.mx) {
            quant::FormatSpec s = quant::default_format_spec(t.kind);
            format_combo_->addItem(tr("%1 — %2 elements, blocks of 32, power-of-two (E8M0) scale").arg(name, element_name(s)), name);
        } else if (t.kind == quant::FormatKind::Nvfp4) {
            format_combo_->addItem(tr("%1 — E2M1 elements, blocks of 16, E4M3 scale × FP32 tensor scale").arg(name), name);
        } else {
            format_combo_->addItem(tr("%1 — 16 normal-quantile levels, blocks of 64, absmax scale").arg(name), name);
        }
    }
    const QString head = spec_edit_->text().trimmed().section(QLatin1Char(':'), 0, 0);
    int i = format_combo_->findData(head);
    if (i < 0) i = format_combo_->findData(current);
    format_combo_->setCurrentIndex(std::max(i, 0));
    updating_ = was;
}

void FormatLab::set_model(std::shared_ptr<const Model> model) {
    model_ = std::move(model);
    amax_of_ = nullptr;
    updating_ = true;
    if (model_) {
        layer_spin_->setRange(0, std::max(0, model_->cfg.n_layers - 1));
        if (source() == TypedSource) source_combo_->setCurrentIndex(WeightSource);
    } else if (source() == WeightSource) {
        source_combo_->setCurrentIndex(given_.empty() ? TypedSource : GivenSource);
    }
    source_stack_->setCurrentIndex(source_combo_->currentIndex());
    updating_ = false;
    update_availability();
    on_weight_picked();
}

void FormatLab::set_values(const std::vector<float>& values, const QString& source_label) {
    given_ = values;
    given_label_ = source_label;
    update_availability();
    updating_ = true;
    if (!given_.empty()) {
        source_combo_->setCurrentIndex(GivenSource);
        block_spin_->setValue(0);
    } else if (source() == GivenSource) {
        source_combo_->setCurrentIndex(model_ ? WeightSource : TypedSource);
    }
    source_stack_->setCurrentIndex(source_combo_->currentIndex());
    updating_ = false;
    retranslate();
}

void FormatLab::set_source(Source source) {
    if (source == WeightSource && !model_) return;
    if (source == GivenSource && given_.empty()) return;
    source_combo_->setCurrentIndex(source);
}

FormatLab::Source FormatLab::source() const { return static_cast<Source>(source_combo_->currentIndex()); }

void FormatLab::select_weight(int layer, Role role, int row) {
    if (!model_) return;
    updating_ = true;
    source_combo_->setCurrentIndex(WeightSource);
    source_stack_->setCurrentIndex(WeightSource);
    layer_spin_->setValue(layer);
    role_combo_->setCurrentIndex(role_combo_->findData(static_cast<int>(role)));
    updating_ = false;
    on_weight_picked();
    row_spin_->setValue(row);
    recompute();
}

void FormatLab::set_block_index(int block) { block_spin_->setValue(block); }

void FormatLab::set_format(const QString& spec) { spec_edit_->setText(spec); }

void FormatLab::update_availability() {
    auto* items = qobject_cast<QStandardItemModel*>(source_combo_->model());
    if (!items) return;
    items->item(WeightSource)->setEnabled(model_ != nullptr);
    items->item(GivenSource)->setEnabled(!given_.empty());
}

void FormatLab::on_source_picked() {
    source_stack_->setCurrentIndex(source_combo_->currentIndex());
    if (updating_) return;
    const bool was = updating_;
    updating_ = true;
    block_spin_->setValue(0);
    updating_ = was;
    recompute();
}

void FormatLab::on_weight_picked() {
    const Role role = static_cast<Role>(role_combo_->currentData().toInt());
    layer_spin_->setEnabled(role != Role::LmHead);
    if (model_) {
        const bool was = updating_;
        updating_ = true;
        const int layer = std::clamp(layer_spin_->value(), 0, std::max(0, model_->cfg.n_layers - 1));
        const bool has = role == Role::LmHead || layer < static_cast<int>(model_->layers.size());
        row_spin_->setRange(0, has ? std::max<int>(0, static_cast<int>(linear_of(*model_, layer, role).out()) - 1) : 0);
        updating_ = was;
    }
    recompute();
}

void FormatLab::on_format_picked() {
    if (updating_) return;
    spec_edit_->setText(format_combo_->currentData().toString());
}

void FormatLab::on_spec_edited() {
    const bool was = updating_;
    updating_ = true;
    // The combo follows the name even while an option is still being typed wrong.
    const QString head = spec_edit_->text().trimmed().section(QLatin1Char(':'), 0, 0);
    const int i = format_combo_->findData(head);
    if (i >= 0) format_combo_->setCurrentIndex(i);
    try {
        const quant::FormatSpec spec = quant::parse_format_spec(spec_edit_->text().trimmed().toStdString());
        // "g<N>" in the spec sets the block length of INT and FP8.
        if (spec.granularity == quant::Granularity::Group && spec.group > 0) group_spin_->setValue(spec.group);
    } catch (const std::exception&) {
        // recompute() shows the message.
    }
    updating_ = was;
    recompute();
}

bool FormatLab::source_values(std::vector<float>& values, float& tensor_amax, QString& tensor_name) {
    switch (source()) {
        case WeightSource: {
            if (!model_) {
                show_error(tr("No model is open: pick another source."));
                return false;
            }
            const Role role = static_cast<Role>(role_combo_->currentData().toInt());
            const int layer = layer_spin_->value();
            if (role != Role::LmHead && layer >= static_cast<int>(model_->layers.size())) {
                show_error(tr("The model has no layer %1.").arg(layer));
                return false;
            }
            const Linear& lin = linear_of(*model_, layer, role);
            const int row = row_spin_->value();
            if (row >= lin.out() || lin.in() == 0) {
                show_error(tr("%1 has no row %2.").arg(QLatin1String(role_name(role))).arg(row));
                return false;
            }
            values.assign(lin.w.row(row).data(), lin.w.row(row).data() + lin.in());
            if (amax_of_ != &lin) {
                amax_of_ = &lin;
                weight_amax_ = lin.w.size() > 0 ? lin.w.cwiseAbs().maxCoeff() : 0.0f;
            }
            tensor_amax = weight_amax_;
            tensor_name = role == Role::LmHead ? tr("the whole weight matrix of lm_head")
                                               : tr("the whole weight matrix of %1 in layer %2")
                                                     .arg(QLatin1String(role_name(role))).arg(layer);
            return true;
        }
        case GivenSource:
            values = given_;
            tensor_amax = amax_of(given_);
            tensor_name = tr("all the given values");
            if (values.empty()) {
                show_error(tr("No values were given: pick another source."));
                return false;
            }
            return true;
        case TypedSource: {
            const QStringList parts =
                typed_edit_->text().split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
            for (const QString& p : parts) {
                bool ok = false;
                const float v = QLocale::c().toFloat(p, &ok);
                if (!ok) {
                    show_error(tr("\"%1\" is not a number. Type numbers separated by commas, such as 0.5, -1.25, 3.").arg(p));
                    return false;
                }
                values.push_back(v);
            }
            if (values.empty()) {
                show_error(tr("Type some numbers separated by commas, such as 0.5, -1.25, 3."));
                return false;
            }
            tensor_amax = amax_of(values);
            tensor_name = tr("all the typed values");
            return true;
        }
    }
    return false;
}

void FormatLab::show_error(const QString& text) {
    error_->setText(text);
    error_->setVisible(!text.isEmpty());
}

void FormatLab::recompute() {
    if (updating_) return;
    block_.reset();

    std::optional<quant::FormatSpec> spec;
    QString spec_error;
    try {
        spec = quant::parse_format_spec(spec_edit_->text().trimmed().toStdString());
    } catch (const std::exception& e) {
        spec_error = QString::fromUtf8(e.what());
    }
    int length = group_spin_->value();
    if (spec) {
        const int fixed = quant::format_traits(spec->kind).block;
        group_spin_->setEnabled(fixed == 0);
        group_label_->setEnabled(fixed == 0);
        if (fixed > 0) length = fixed;
    }

    std::vector<float> values;
    float tensor_amax = 0;
    QString tensor_name;
    bool ok = source_values(values, tensor_amax, tensor_name);
    if (ok && !spec) {
        show_error(tr("Format: %1").arg(spec_error));
        ok = false;
    }

    std::vector<float> x;
    int real = 0;
    int start = 0;
    if (ok) {
        const int n = static_cast<int>(values.size());
        const int blocks = std::max(1, (n + length - 1) / length);
        const bool was = updating_;
        updating_ = true;
        block_spin_->setRange(0, blocks - 1);
        updating_ = was;
        start = block_spin_->value() * length;
        real = std::clamp(n - start, 0, length);
        x.assign(values.begin() + start, values.begin() + start + real);
        x.resize(static_cast<size_t>(length), 0.0f);
        block_info_->setText(real < length
                                 ? tr("values %1–%2 of %3, padded with %4 zeros").arg(start).arg(start + real - 1).arg(n).arg(length - real)
                                 : tr("values %1–%2 of %3").arg(start).arg(start + real - 1).arg(n));
        try {
            block_ = quantize_block(std::move(x), real, *spec, tensor_amax);
            show_error(QString());
        } catch (const std::exception& e) {
            show_error(tr("Cannot quantize this block: %1").arg(QString::fromUtf8(e.what())));
            ok = false;
        }
    }
    if (!ok) {
        block_info_->clear();
        grid_->data()->clear();
        values_->data()->clear();
        rounded_->data()->clear();
        for (QCPItemLine* l : links_) plot_->removeItem(l);
        links_.clear();
        set_plot_message(message_, tr("Nothing to show: see the message above."));
        plot_->legend->setVisible(false);
        scale_text_->clear();
        table_->setRowCount(0);
        summary_->clear();
        plot_->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    set_plot_message(message_, QString());
    plot_->legend->setVisible(true);
    scale_text_->setText(tr("<b>How the scale was chosen</b>") + ScaleText::describe(*block_, tensor_name));
    draw(*block_);
    fill_table(*block_, start);
}

void FormatLab::draw(const LabBlock& b) {
    const std::vector<double> grid = format_grid(b.spec, b.multiplier, b.zero_point);
    QVector<double> keys(grid.begin(), grid.end()), zeros(static_cast<int>(grid.size()), 0.0);
    grid_->setData(keys, zeros);
    grid_->setName(tr("grid: the %1 values %2 can give this block").arg(grid.size()).arg(element_name(b.spec)));

    for (QCPItemLine* l : links_) plot_->removeItem(l);
    links_.clear();
    QVector<double> xs, ones, qs, zero_row;
    double extent = 0;
    for (int i = 0; i < b.real; ++i) {
        const double x = b.x[static_cast<size_t>(i)];
        const double q = b.result.dequant[static_cast<size_t>(i)];
        xs.push_back(x);
        ones.push_back(1.0);
        qs.push_back(q);
        zero_row.push_back(0.0);
        extent = std::max({extent, std::fabs(x), std::fabs(q)});
        auto* link = new QCPItemLine(plot_);
        link->start->setCoords(x, 0.93);
        link->end->setCoords(q, 0.08);
        link->setPen(QPen(QColor(120, 120, 120, 150), 1));
        link->setHead(QCPLineEnding(QCPLineEnding::esSpikeArrow, 6, 8));
        links_.push_back(link);
    }
    values_->setData(xs, ones);
    rounded_->setData(qs, zero_row);
    values_->setName(tr("the block's values"));
    rounded_->setName(tr("rounded (dequantized) values"));
    if (!grid.empty()) extent = std::max({extent, std::fabs(grid.front()), std::fabs(grid.back())});
    if (!(extent > 0)) extent = 1;
    plot_->xAxis->setRange(-extent * 1.06, extent * 1.06);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void FormatLab::fill_table(const LabBlock& b, int first_column) {
    const int n = static_cast<int>(b.x.size());
    table_->setRowCount(n);
    double se = 0, sx = 0, max_err = 0;
    int max_at = -1;
    for (int i = 0; i < n; ++i) {
        const double x = b.x[static_cast<size_t>(i)];
        const double q = b.result.dequant[static_cast<size_t>(i)];
        const int32_t code = b.result.codes[static_cast<size_t>(i)];
        const double err = q - x;
        const bool pad = i >= b.real;
        table_->setItem(i, IndexColumn, cell(pad ? tr("pad") : QString::number(first_column + i), first_column + i));
        table_->setItem(i, ValueColumn, cell(format_number(x), x));
        table_->setItem(i, ScaledColumn, b.multiplier > 0 ? cell(format_number(x / b.multiplier), x / b.multiplier)
                                                          : cell(QStringLiteral("—")));
        table_->setItem(i, CodeColumn, cell(code_text(b.spec, code), code));
        table_->setItem(i, DequantColumn, cell(format_number(q), q));
        table_->setItem(i, ErrorColumn, cell(format_number(err), err));
        if (pad) {
            for (int c = 0; c < ColumnCount; ++c) {
                table_->item(i, c)->setForeground(QColor(140, 140, 140));
                table_->item(i, c)->setToolTip(tr("Zero padding: the source has no more values for this block."));
            }
            continue;
        }
        se += err * err;
        sx += x * x;
        if (std::fabs(err) > max_err || max_at < 0) {
            max_err = std::fabs(err);
            max_at = i;
        }
    }
    if (max_at >= 0 && max_err > 0) {
        QFont bold = table_->font();
        bold.setBold(true);
        table_->item(max_at, ErrorColumn)->setFont(bold);
    }
    table_->resizeColumnsToContents();

    const int m = std::max(1, b.real);
    const QString sqnr = se == 0 ? tr("∞ (exact)")
                         : sx == 0 ? tr("undefined (all values are 0)")
                                   : tr("%1 dB").arg(format_number(10 * std::log10(sx / se)));
    summary_->setText(tr("<b>This block:</b> mean squared error %1 · max |error| %2 (element %3) · SQNR %4 · "
                         "relative error ‖Q(x) − x‖ / ‖x‖ = %5")
                          .arg(format_number(se / m), format_number(max_err),
                               max_at >= 0 ? QString::number(first_column + max_at) : QStringLiteral("—"), sqnr,
                               sx > 0 ? format_number(std::sqrt(se / sx)) : QStringLiteral("—")));
}

void FormatLab::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void FormatLab::retranslate() {
    explanation_->set_explanation(
        tr("A low-bit format can store only a few different values. Here one block of real numbers goes "
           "through a format step by step. The block shares one scale, chosen from its largest magnitude "
           "(left below); the scale stretches the format's few element values into the grid of ticks on "
           "the number line. Every value (blue, top) moves to the nearest tick (orange, bottom), and the "
           "arrows show how far. The table lists each element's code, the bits a real encoder would store, "
           "and its error. Try a block with one large outlier: the scale grows to fit it, the ticks spread "
           "apart, and the small values round to zero. Rotations exist to avoid exactly that."));
    source_label_->setText(tr("&Source:"));
    source_combo_->setItemText(WeightSource, tr("model weight"));
    source_combo_->setItemText(GivenSource, tr("given values"));
    source_combo_->setItemText(TypedSource, tr("typed values"));
    layer_label_->setText(tr("&Layer:"));
    role_label_->setText(tr("&Weight:"));
    row_label_->setText(tr("&Row:"));
    given_info_->setText(given_.empty() ? QString()
                                        : tr("%1 (%2 values)").arg(given_label_).arg(given_.size()));
    typed_edit_->setPlaceholderText(tr("numbers separated by commas"));
    block_label_->setText(tr("&Block:"));
    format_label_->setText(tr("&Format:"));
    spec_label_->setText(tr("O&ptions:"));
    spec_edit_->setToolTip(tr("The format string, for example int4:asym, int8:clip0.9, fp8_e4m3, mxfp4:ceil, nvfp4."));
    group_label_->setText(tr("&Group size:"));
    group_spin_->setToolTip(tr("INT and FP8 have no fixed block: the values sharing one scale. The block formats fix it."));
    plot_->xAxis->setLabel(tr("value"));
    table_->setHorizontalHeaderLabels(
        {tr("Index"), tr("Value x"), tr("x / scale"), tr("Code"), tr("Dequantized"), tr("Error")});
    build_format_combo();
    recompute();
}

}  // namespace rs::gui
