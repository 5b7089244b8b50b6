#include "fitting/fit_view.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <cmath>

#include <qcustomplot.h>

#include "census/plot_style.h"
#include "core/error.h"
#include "fitting/fit_sites_model.h"
#include "pipeline/analyze.h"
#include "quant/act_quant.h"
#include "quant/format.h"
#include "rotate/rotation.h"

namespace rs::gui {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

// The activation formats offered first; any format string may be typed.
constexpr const char* kFormats[] = {"int4:token", "mxfp4", "nvfp4", "int8:token", "fp8_e4m3", "mxfp6_e2m3"};

}  // namespace

FitView::FitView(QWidget* parent) : QWidget(parent) {
    intro_ = new QLabel(this);
    intro_->setWordWrap(true);

    auto* form = new QFormLayout;
    method_ = new QComboBox(this);
    method_->setObjectName(QStringLiteral("fit_method"));
    for (const FitMethodTraits& t : kFitMethods) method_->addItem(QString(), static_cast<int>(t.method));
    format_ = new QComboBox(this);
    format_->setObjectName(QStringLiteral("fit_format"));
    format_->setEditable(true);
    for (const char* f : kFormats) format_->addItem(QString::fromLatin1(f));
    kv_ = new QLineEdit(this);
    kv_->setObjectName(QStringLiteral("fit_kv"));
    block_ = new QSpinBox(this);
    block_->setObjectName(QStringLiteral("fit_block"));
    block_->setRange(0, 1 << 14);
    block_->setValue(0);
    seed_ = new QSpinBox(this);
    seed_->setObjectName(QStringLiteral("fit_seed"));
    seed_->setRange(0, std::numeric_limits<int>::max());
    steps_ = new QSpinBox(this);
    steps_->setObjectName(QStringLiteral("fit_steps"));
    steps_->setRange(0, 1000000);
    steps_->setValue(100);
    lr_ = new QDoubleSpinBox(this);
    lr_->setObjectName(QStringLiteral("fit_lr"));
    lr_->setDecimals(4);
    lr_->setRange(0.0001, 1000.0);
    lr_->setValue(CayleySettings{}.lr);
    alpha_ = new QDoubleSpinBox(this);
    alpha_->setObjectName(QStringLiteral("fit_alpha"));
    alpha_->setDecimals(1);
    alpha_->setRange(0.0, 1e6);
    alpha_->setValue(ProcrustesSettings{}.alpha);
    corpus_ = new QLineEdit(this);
    corpus_->setObjectName(QStringLiteral("fit_corpus"));
    windows_ = new QSpinBox(this);
    windows_->setObjectName(QStringLiteral("fit_windows"));
    windows_->setRange(1, 1 << 20);
    ctx_ = new QSpinBox(this);
    ctx_->setObjectName(QStringLiteral("fit_ctx"));
    ctx_->setRange(2, 1 << 20);
    method_label_ = new QLabel(this);
    format_label_ = new QLabel(this);
    kv_label_ = new QLabel(this);
    block_label_ = new QLabel(this);
    seed_label_ = new QLabel(this);
    steps_label_ = new QLabel(this);
    lr_label_ = new QLabel(this);
    alpha_label_ = new QLabel(this);
    corpus_label_ = new QLabel(this);
    windows_label_ = new QLabel(this);
    ctx_label_ = new QLabel(this);
    form->addRow(method_label_, method_);
    form->addRow(format_label_, format_);
    form->addRow(kv_label_, kv_);
    form->addRow(block_label_, block_);
    form->addRow(seed_label_, seed_);
    form->addRow(steps_label_, steps_);
    form->addRow(lr_label_, lr_);
    form->addRow(alpha_label_, alpha_);
    form->addRow(corpus_label_, corpus_);
    form->addRow(windows_label_, windows_);
    form->addRow(ctx_label_, ctx_);

    problem_ = new QLabel(this);
    problem_->setObjectName(QStringLiteral("fit_problem"));
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("color: #b00020;"));
    run_ = new QPushButton(this);
    run_->setObjectName(QStringLiteral("fit_run"));
    save_ = new QPushButton(this);
    save_->setObjectName(QStringLiteral("fit_save"));
    use_ = new QPushButton(this);
    use_->setObjectName(QStringLiteral("fit_use"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(run_);
    buttons->addWidget(save_);
    buttons->addWidget(use_);
    buttons->addStretch(1);

    auto* left = new QWidget(this);
    left->setMaximumWidth(480);
    auto* left_layout = new QVBoxLayout(left);
    left_layout->addWidget(intro_);
    left_layout->addLayout(form);
    left_layout->addWidget(problem_);
    left_layout->addLayout(buttons);
    left_layout->addStretch(1);

    plot_ = new QCustomPlot(this);
    plot_->setObjectName(QStringLiteral("fit_plot"));
    plot_->setMinimumHeight(220);
    style_plot(plot_);
    loss_ = plot_->addGraph();
    loss_->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 1.5));
    loss_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 3));
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("fit_summary"));
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    sites_ = new FitSitesModel(this);
    sorted_ = new QSortFilterProxyModel(this);
    sorted_->setSourceModel(sites_);
    sorted_->setSortRole(FitSitesModel::SortRole);
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("fit_sites"));
    table_->setModel(sorted_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->verticalHeader()->hide();

    auto* right = new QSplitter(Qt::Vertical, this);
    auto* top = new QWidget(right);
    auto* top_layout = new QVBoxLayout(top);
    top_layout->setContentsMargins(0, 0, 0, 0);
    top_layout->addWidget(plot_, 1);
    top_layout->addWidget(summary_);
    right->addWidget(top);
    right->addWidget(table_);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(method_, &QComboBox::currentIndexChanged, this, [this] {
        const CalibrationSettings d = default_fit_calibration(static_cast<FitMethod>(method_->currentData().toInt()));
        windows_->setValue(d.windows);
        ctx_->setValue(d.ctx);
        update_state();
    });
    connect(format_, &QComboBox::currentTextChanged, this, &FitView::update_state);
    connect(kv_, &QLineEdit::textChanged, this, &FitView::update_state);
    connect(block_, &QSpinBox::valueChanged, this, &FitView::update_state);
    connect(windows_, &QSpinBox::valueChanged, this, &FitView::update_state);
    connect(run_, &QPushButton::clicked, this, &FitView::run_requested);
    connect(save_, &QPushButton::clicked, this, &FitView::save_requested);
    connect(use_, &QPushButton::clicked, this, &FitView::use_requested);

    const CalibrationSettings d = default_fit_calibration(FitMethod::Procrustes);
    windows_->setValue(d.windows);
    ctx_->setValue(d.ctx);
    retranslate();
    update_state();
}

FitView::~FitView() = default;

std::optional<FitConfig> FitView::config(QString* problem) const {
    FitConfig c;
    c.method = static_cast<FitMethod>(method_->currentData().toInt());
    c.calibration = default_fit_calibration(c.method);
    c.calibration.corpus = corpus_->text().trimmed().toStdString();
    c.calibration.windows = windows_->value();
    c.calibration.ctx = ctx_->value();
    c.block = block_->value();
    c.start = RotationSpec{RotationKind::RandomHadamard, 0, static_cast<uint64_t>(seed_->value())};
    // Only the chosen method's settings: the other's stay at their defaults, as a stored
    // configuration reads back.
    if (c.method == FitMethod::Procrustes) {
        c.procrustes.rounds = steps_->value();
        c.procrustes.alpha = alpha_->value();
    } else {
        c.cayley.steps = steps_->value();
        c.cayley.lr = lr_->value();
        c.cayley.eval_windows = std::min(c.cayley.eval_windows, c.calibration.windows);
    }
    try {
        c.activations = per_token_spec(quant::parse_format_spec(format_->currentText().trimmed().toStdString()), "format",
                                       "activation");
        const QString kv = kv_->text().trimmed();
        if (c.method == FitMethod::Cayley && !kv.isEmpty()) c.kv = quant::parse_format_spec(kv.toStdString());
        if (c.block > 0) check_rotation_order(RotationSpec{RotationKind::BlockHadamard, c.block, 0}, c.block);
        check_fit_config(c, "fit");
    } catch (const Error& e) {
        if (problem) *problem = q(e.what());
        return std::nullopt;
    }
    return c;
}

void FitView::set_config(const FitConfig& c) {
    for (int i = 0; i < method_->count(); ++i)
        if (method_->itemData(i).toInt() == static_cast<int>(c.method)) method_->setCurrentIndex(i);
    format_->setCurrentText(q(quant::format_spec_name(c.activations)));
    kv_->setText(c.kv ? q(quant::format_spec_name(*c.kv)) : QString());
    block_->setValue(c.block);
    seed_->setValue(static_cast<int>(std::min<uint64_t>(c.start.seed, std::numeric_limits<int>::max())));
    steps_->setValue(c.method == FitMethod::Procrustes ? c.procrustes.rounds : c.cayley.steps);
    lr_->setValue(c.cayley.lr);
    alpha_->setValue(c.procrustes.alpha);
    corpus_->setText(q(c.calibration.corpus));
    windows_->setValue(c.calibration.windows);
    ctx_->setValue(c.calibration.ctx);
    update_state();
}

void FitView::set_run_enabled(bool enabled, const QString& why_not) {
    run_allowed_ = enabled;
    run_disabled_reason_ = why_not;
    update_state();
}

void FitView::begin_fit() {
    result_.reset();
    saved_path_.clear();
    loss_->data()->clear();
    sites_->clear();
    summary_->clear();
    replot();
    update_state();
}

void FitView::add_loss_point(int step, double loss) {
    if (!std::isfinite(loss)) return;
    loss_->addData(step, loss);
    replot();
    emit loss_point_added(step, loss);
}

void FitView::set_result(std::shared_ptr<const FitReport> report, const QString& saved_path) {
    result_ = std::move(report);
    saved_path_ = saved_path;
    loss_->data()->clear();
    sites_->clear();
    if (result_) {
        const std::vector<double>& l = result_->result.loss;
        for (size_t k = 0; k < l.size(); ++k) loss_->addData(static_cast<double>(k), l[k]);
        sites_->set_measures(result_->result.sites_start, result_->result.sites_result);
        set_config(result_->config);
    }
    replot();
    update_summary();
    update_state();
}

void FitView::replot() {
    bool found = false;
    const QCPRange x = loss_->data()->keyRange(found);
    if (found) {
        plot_->xAxis->setRange(x.lower - 0.5, std::max(x.upper, x.lower + 1.0) + 0.5);
        bool any = false;
        QCPRange y = loss_->data()->valueRange(any);
        if (any) {
            const double pad = std::max(1e-12, 0.05 * (y.upper - y.lower));
            plot_->yAxis->setRange(y.lower - pad, y.upper + pad);
        }
    }
    // A hidden plot has no paint buffer to draw into: it replots when shown (showEvent).
    if (plot_->isVisible()) plot_->replot(QCustomPlot::rpQueuedReplot);
}

void FitView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void FitView::update_state() {
    const auto method = static_cast<FitMethod>(method_->currentData().toInt());
    const bool cayley = method == FitMethod::Cayley;
    kv_label_->setVisible(cayley);
    kv_->setVisible(cayley);
    lr_label_->setVisible(cayley);
    lr_->setVisible(cayley);
    alpha_label_->setVisible(!cayley);
    alpha_->setVisible(!cayley);
    steps_label_->setText(cayley ? tr("Steps") : tr("Rounds"));
    QString problem;
    const bool valid = config(&problem).has_value();
    problem_->setText(valid ? QString() : problem);
    problem_->setVisible(!valid);
    run_->setEnabled(valid && run_allowed_);
    run_->setToolTip(!run_allowed_ ? run_disabled_reason_ : valid ? tr("Fit the rotation on the loaded model.") : problem);
    save_->setEnabled(result_ != nullptr && run_allowed_);
    use_->setEnabled(result_ != nullptr && !saved_path_.isEmpty());
    use_->setToolTip(saved_path_.isEmpty() ? tr("Save the fit report first: recipes name a fitted rotation by the report's path.")
                                           : tr("Use %1 as R1 (and R2) in the experiment panel.").arg(saved_path_));
}

void FitView::update_summary() {
    if (!result_) {
        summary_->clear();
        return;
    }
    const FitResult& r = result_->result;
    const QLocale locale;
    const bool cayley = result_->config.method == FitMethod::Cayley;
    QString text;
    if (r.loss.size() >= 2) {
        const QString first = locale.toString(r.loss.front(), 'g', 6), last = locale.toString(r.loss.back(), 'g', 6);
        const QString change = locale.toString(100.0 * (r.loss.back() / r.loss.front() - 1.0), 'f', 2);
        text = cayley ? tr("Loss (nats per token) %1 at the first step, %2 after %3 steps.").arg(first, last).arg(r.loss.size() - 1)
                      : tr("Weighted quantization error %1 at the start, %2 after %3 rounds (%4 %).")
                            .arg(first, last)
                            .arg(r.loss.size() - 1)
                            .arg(change);
    }
    if (cayley && r.eval_start > 0)
        text += QLatin1Char(' ') + tr("On the first calibration windows: start %1, learned %2.")
                                       .arg(locale.toString(r.eval_start, 'f', 4), locale.toString(r.eval_result, 'f', 4));
    text += QLatin1Char(' ') + tr("max |RᵀR − I| = %1.").arg(locale.toString(r.orthogonality, 'g', 3));
    if (!saved_path_.isEmpty()) text += QLatin1Char(' ') + tr("Saved as %1.").arg(saved_path_);
    summary_->setText(text);
}

void FitView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void FitView::retranslate() {
    intro_->setText(tr("Fit R1 to the model's own activations for one activation format: DFRot refines it by "
                       "alternating Procrustes on the activation quantizer's error; SpinQuant learns R1 and one R2 per "
                       "layer by Cayley SGD on the loss of the fake-quantized model. A block size fits a block-diagonal R1 "
                       "(for example 32 for MXFP4). The curve shows the loss of every round or step as it runs."));
    method_label_->setText(tr("Method"));
    for (int i = 0; i < method_->count(); ++i)
        method_->setItemText(i, QCoreApplication::translate("FitMethod", kFitMethods[i].title));
    format_label_->setText(tr("Activation format"));
    format_->setToolTip(tr("The activation format the rotation is fitted for: INT/FP8 per token, or a block format."));
    kv_label_->setText(tr("KV format"));
    kv_->setPlaceholderText(tr("16 bits"));
    block_label_->setText(tr("Block size"));
    block_->setSpecialValueText(tr("dense"));
    block_->setToolTip(tr("Fit a block-diagonal R1 with blocks of this size (it must divide d_model); dense: one d_model × d_model rotation."));
    seed_label_->setText(tr("Start seed"));
    seed_->setToolTip(tr("Both methods start from a random Hadamard rotation drawn from this seed."));
    lr_label_->setText(tr("Learning rate"));
    alpha_label_->setText(tr("Massive-token weight α"));
    corpus_label_->setText(tr("Calibration corpus"));
    corpus_->setPlaceholderText(tr("default (%1)").arg(q(default_calibration_corpus_name())));
    corpus_->setToolTip(tr("A corpus name or the path of a UTF-8 text file; empty: the default calibration corpus."));
    windows_label_->setText(tr("Calibration windows"));
    ctx_label_->setText(tr("Tokens per window"));
    run_->setText(tr("Fit"));
    save_->setText(tr("Save fit report…"));
    use_->setText(tr("Use in experiment"));
    plot_->xAxis->setLabel(tr("Round or step"));
    plot_->yAxis->setLabel(tr("Loss"));
    sites_->retranslate();
    update_state();
    update_summary();
}

}  // namespace rs::gui
