#include "experiment/experiment_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "calib/corpus.h"
#include "core/error.h"
#include "experiment/experiment_config.h"
#include "experiment/task_picker.h"
#include "experiment/weight_method_text.h"
#include "pipeline/analyze.h"
#include "pipeline/weight_methods.h"
#include "quant/format.h"
#include "report/fit_report.h"
#include "rotate/rotation.h"
#include "rotate/rotation_kinds.h"

namespace rs::gui {
namespace {
constexpr auto kPrefix = "experiment/";
constexpr auto kMatrixDirKey = "paths/last_matrix_dir";
constexpr auto kCorpusDirKey = "paths/last_corpus_dir";
constexpr auto kRotationDirKey = "paths/last_rotation_dir";

// The kind combo lists rs::kRotationKinds in table order; the settings store each kind's name.
rs::RotationKind kind_at(int index) { return rs::kRotationKinds[std::clamp<size_t>(index < 0 ? 0 : index, 0, std::size(rs::kRotationKinds) - 1)].kind; }
bool is_random(rs::RotationKind kind) { return rs::rotation_traits(kind).random; }

const char* placement_key(int p) {
    static const char* const keys[] = {"r1", "r2", "r3", "r4"};
    return keys[p];
}
const char* operand_key(int o) {
    static const char* const keys[] = {"w", "a", "kv"};
    return keys[o];
}

QString setting(const char* a, const char* b = nullptr) {
    QString key = QLatin1String(kPrefix) + QLatin1String(a);
    if (b) key += QLatin1Char('/') + QLatin1String(b);
    return key;
}

// The format names a spec may start with: the INT widths spelled out, then the other kinds.
QStringList format_names() {
    QStringList names;
    for (const rs::quant::FormatTraits& t : rs::quant::format_traits_table()) {
        if (t.kind == rs::quant::FormatKind::Int)
            for (int bits : {2, 3, 4, 8}) names << QStringLiteral("int%1").arg(bits);
        else
            names << QLatin1String(t.name);
    }
    return names;
}

}  // namespace

ExperimentPanel::ExperimentPanel(QWidget* parent) : QWidget(parent) {
    // ---- rotations ----
    rotation_box_ = new QGroupBox(this);
    auto* grid = new QGridLayout(rotation_box_);
    grid->setColumnStretch(1, 1);
    for (int p = 0; p < PlacementCount; ++p) {
        PlacementRow& row = rows_[p];
        const QString key = QLatin1String(placement_key(p));
        row.check = new QCheckBox(QStringLiteral("R%1").arg(p + 1), rotation_box_);  // a name, not translated
        row.check->setObjectName(key + QStringLiteral("_check"));
        row.kind = new QComboBox(rotation_box_);
        row.kind->setObjectName(key + QStringLiteral("_kind"));
        for (const rs::RotationKindTraits& k : rs::kRotationKinds) row.kind->addItem(QString(), QLatin1String(k.name));
        row.block = new QSpinBox(rotation_box_);
        row.block->setObjectName(key + QStringLiteral("_block"));
        row.block->setRange(1, 65536);
        row.block->setValue(32);
        // A kind that takes a file (a fitted or learned rotation) shows its path and a browse
        // button in place of the block size.
        row.path = new QLineEdit(rotation_box_);
        row.path->setObjectName(key + QStringLiteral("_path"));
        row.browse = new QToolButton(rotation_box_);
        row.browse->setObjectName(key + QStringLiteral("_browse"));
        row.browse->setText(QStringLiteral("…"));
        auto* extra = new QHBoxLayout;
        extra->setContentsMargins(0, 0, 0, 0);
        extra->addWidget(row.block);
        extra->addWidget(row.path, 1);
        extra->addWidget(row.browse);
        grid->addWidget(row.check, p, 0);
        grid->addWidget(row.kind, p, 1);
        grid->addLayout(extra, p, 2);
        connect(row.check, &QCheckBox::toggled, this, &ExperimentPanel::update_state);
        connect(row.kind, &QComboBox::currentIndexChanged, this, &ExperimentPanel::update_state);
        connect(row.block, &QSpinBox::valueChanged, this, &ExperimentPanel::update_state);
        connect(row.path, &QLineEdit::textChanged, this, &ExperimentPanel::update_state);
        connect(row.browse, &QToolButton::clicked, this, [this, p] { choose_rotation_file(static_cast<Placement>(p)); });
    }
    same_preset_ = new QPushButton(rotation_box_);
    same_preset_->setObjectName(QStringLiteral("same_rotation_preset"));
    connect(same_preset_, &QPushButton::clicked, this, &ExperimentPanel::apply_same_rotation_preset);
    grid->addWidget(same_preset_, PlacementCount, 0, 1, 3);

    // ---- smoothing ----
    smooth_box_ = new QGroupBox(this);
    smooth_ = new QCheckBox(smooth_box_);
    smooth_->setObjectName(QStringLiteral("smooth_check"));
    alpha_label_ = new QLabel(smooth_box_);
    alpha_ = new QDoubleSpinBox(smooth_box_);
    alpha_->setObjectName(QStringLiteral("smooth_alpha"));
    alpha_->setRange(0.0, 1.0);
    alpha_->setSingleStep(0.05);
    alpha_->setDecimals(2);
    alpha_->setValue(rs::SmoothConfig{}.alpha);
    smooth_down_ = new QCheckBox(QStringLiteral("down_proj"), smooth_box_);  // site names: not translated
    smooth_down_->setObjectName(QStringLiteral("smooth_down"));
    smooth_down_->setChecked(true);
    smooth_attn_ = new QCheckBox(QStringLiteral("q/k/v"), smooth_box_);
    smooth_attn_->setObjectName(QStringLiteral("smooth_attn"));
    smooth_mlp_ = new QCheckBox(QStringLiteral("gate/up"), smooth_box_);
    smooth_mlp_->setObjectName(QStringLiteral("smooth_mlp"));
    auto* smooth_top = new QHBoxLayout;
    smooth_top->addWidget(smooth_);
    smooth_top->addStretch(1);
    smooth_top->addWidget(alpha_label_);
    smooth_top->addWidget(alpha_);
    auto* smooth_sites = new QHBoxLayout;
    smooth_sites->setContentsMargins(18, 0, 0, 0);
    smooth_sites->addWidget(smooth_down_);
    smooth_sites->addWidget(smooth_attn_);
    smooth_sites->addWidget(smooth_mlp_);
    smooth_sites->addStretch(1);
    auto* smooth_layout = new QVBoxLayout(smooth_box_);
    smooth_layout->addLayout(smooth_top);
    smooth_layout->addLayout(smooth_sites);
    for (QCheckBox* c : {smooth_, smooth_down_, smooth_attn_, smooth_mlp_})
        connect(c, &QCheckBox::toggled, this, &ExperimentPanel::update_state);
    connect(alpha_, &QDoubleSpinBox::valueChanged, this, &ExperimentPanel::update_state);

    // ---- formats ----
    format_box_ = new QGroupBox(this);
    auto* format_grid = new QGridLayout(format_box_);
    format_grid->setColumnStretch(2, 1);
    const QStringList names = format_names();
    static const char* const labels[] = {"W", "A", "KV"};
    for (int o = 0; o < OperandCount; ++o) {
        FormatRow& row = formats_[o];
        const QString key = QLatin1String(operand_key(o));
        row.check = new QCheckBox(QLatin1String(labels[o]), format_box_);  // W/A/KV as in "W4A4KV4"
        row.check->setObjectName(key + QStringLiteral("_format_check"));
        row.name = new QComboBox(format_box_);
        row.name->setObjectName(key + QStringLiteral("_format"));
        row.name->addItems(names);
        row.options = new QLineEdit(format_box_);
        row.options->setObjectName(key + QStringLiteral("_format_options"));
        row.options->setClearButtonEnabled(true);
        row.error = new QLabel(format_box_);
        row.error->setObjectName(key + QStringLiteral("_format_error"));
        row.error->setWordWrap(true);
        row.error->setStyleSheet(QStringLiteral("color: #b3261e;"));
        row.error->hide();
        format_grid->addWidget(row.check, 2 * o, 0);
        format_grid->addWidget(row.name, 2 * o, 1);
        format_grid->addWidget(row.options, 2 * o, 2);
        format_grid->addWidget(row.error, 2 * o + 1, 1, 1, 2);
        connect(row.check, &QCheckBox::toggled, this, &ExperimentPanel::update_state);
        connect(row.name, &QComboBox::currentIndexChanged, this, &ExperimentPanel::update_state);
        connect(row.options, &QLineEdit::textChanged, this, &ExperimentPanel::update_state);
    }
    set_format(Weights, true, QStringLiteral("int4:channel"));
    set_format(Activations, true, QStringLiteral("int4:token"));
    set_format(KvCache, false, QStringLiteral("int4:asym"));

    // ---- weight method ----
    method_box_ = new QGroupBox(this);
    method_label_ = new QLabel(method_box_);
    method_ = new QComboBox(method_box_);
    method_->setObjectName(QStringLiteral("weight_method"));
    for (const rs::WeightMethodTraits& t : rs::kWeightMethods) method_->addItem(QString(), QLatin1String(t.key));
    connect(method_, &QComboBox::currentIndexChanged, this, &ExperimentPanel::update_state);
    auto* method_row = new QHBoxLayout;
    method_row->addWidget(method_label_);
    method_row->addWidget(method_, 1);

    gptq_box_ = new QGroupBox(method_box_);
    gptq_box_->setObjectName(QStringLiteral("gptq_options"));
    gptq_box_->setFlat(true);
    const rs::GptqOptions gptq_defaults;
    gptq_damp_label_ = new QLabel(gptq_box_);
    gptq_damp_ = new QDoubleSpinBox(gptq_box_);
    gptq_damp_->setObjectName(QStringLiteral("gptq_damp"));
    gptq_damp_->setRange(0.0, 10.0);  // the recipe grammar's range
    gptq_damp_->setDecimals(4);
    gptq_damp_->setSingleStep(0.005);
    gptq_damp_->setValue(gptq_defaults.damp);
    gptq_block_label_ = new QLabel(gptq_box_);
    gptq_block_ = new QSpinBox(gptq_box_);
    gptq_block_->setObjectName(QStringLiteral("gptq_block"));
    gptq_block_->setRange(1, 1 << 16);
    gptq_block_->setValue(gptq_defaults.block);
    gptq_act_order_ = new QCheckBox(gptq_box_);
    gptq_act_order_->setObjectName(QStringLiteral("gptq_act_order"));
    gptq_act_order_->setChecked(gptq_defaults.act_order);
    gptq_static_groups_ = new QCheckBox(gptq_box_);
    gptq_static_groups_->setObjectName(QStringLiteral("gptq_static_groups"));
    gptq_static_groups_->setChecked(gptq_defaults.static_groups);
    gptq_true_sequential_ = new QCheckBox(gptq_box_);
    gptq_true_sequential_->setObjectName(QStringLiteral("gptq_true_sequential"));
    gptq_true_sequential_->setChecked(gptq_defaults.true_sequential);
    connect(gptq_damp_, &QDoubleSpinBox::valueChanged, this, &ExperimentPanel::update_state);
    connect(gptq_block_, &QSpinBox::valueChanged, this, &ExperimentPanel::update_state);
    for (QCheckBox* c : {gptq_act_order_, gptq_static_groups_, gptq_true_sequential_})
        connect(c, &QCheckBox::toggled, this, &ExperimentPanel::update_state);

    // GPTQ's calibration set: its own text, windows and seed (not the census's).
    const rs::CalibrationSettings cal_defaults = rs::kDefaultGptqCalibration;
    gptq_calibration_label_ = new QLabel(gptq_box_);
    gptq_calibration_label_->setObjectName(QStringLiteral("gptq_calibration_heading"));
    QFont heading = gptq_calibration_label_->font();
    heading.setBold(true);
    gptq_calibration_label_->setFont(heading);
    gptq_corpus_label_ = new QLabel(gptq_box_);
    gptq_corpus_ = new QComboBox(gptq_box_);
    gptq_corpus_->setObjectName(QStringLiteral("gptq_corpus"));
    gptq_corpus_->setEditable(true);  // a corpus name, or the path of a text file
    gptq_corpus_->setInsertPolicy(QComboBox::NoInsert);
    for (const std::string& name : rs::corpus_names()) gptq_corpus_->addItem(QString::fromStdString(name));
    gptq_corpus_->setCurrentText(QString::fromStdString(cal_defaults.corpus.empty() ? rs::default_calibration_corpus_name()
                                                                                    : cal_defaults.corpus));
    connect(gptq_corpus_, &QComboBox::currentTextChanged, this, &ExperimentPanel::update_state);
    auto* gptq_browse = new QToolButton(gptq_box_);
    gptq_browse->setObjectName(QStringLiteral("gptq_corpus_browse"));
    gptq_browse->setText(QStringLiteral("…"));
    connect(gptq_browse, &QToolButton::clicked, this, [this] {
        QSettings settings;
        const QString file = QFileDialog::getOpenFileName(
            this, tr("GPTQ calibration text"), settings.value(QLatin1String(kCorpusDirKey)).toString(),
            tr("Text files (*.txt *.md *.raw);;All files (*)"));
        if (file.isEmpty()) return;
        settings.setValue(QLatin1String(kCorpusDirKey), QFileInfo(file).absolutePath());
        gptq_corpus_->setCurrentText(file);
    });
    auto* gptq_corpus_row = new QHBoxLayout;
    gptq_corpus_row->setContentsMargins(0, 0, 0, 0);
    gptq_corpus_row->addWidget(gptq_corpus_, 1);
    gptq_corpus_row->addWidget(gptq_browse);
    gptq_windows_label_ = new QLabel(gptq_box_);
    gptq_windows_ = new QSpinBox(gptq_box_);
    gptq_windows_->setObjectName(QStringLiteral("gptq_windows"));
    gptq_windows_->setRange(1, 1 << 20);
    gptq_windows_->setValue(cal_defaults.windows);
    gptq_ctx_label_ = new QLabel(gptq_box_);
    gptq_ctx_ = new QSpinBox(gptq_box_);
    gptq_ctx_->setObjectName(QStringLiteral("gptq_ctx"));
    gptq_ctx_->setRange(2, 1 << 20);
    gptq_ctx_->setValue(cal_defaults.ctx);
    gptq_seed_label_ = new QLabel(gptq_box_);
    gptq_seed_ = new QSpinBox(gptq_box_);
    gptq_seed_->setObjectName(QStringLiteral("gptq_seed"));
    gptq_seed_->setRange(0, std::numeric_limits<int>::max());
    gptq_seed_->setValue(static_cast<int>(cal_defaults.seed));
    for (QSpinBox* s : {gptq_windows_, gptq_ctx_, gptq_seed_})
        connect(s, &QSpinBox::valueChanged, this, &ExperimentPanel::update_state);

    auto* gptq_form = new QFormLayout(gptq_box_);
    gptq_form->setContentsMargins(0, 4, 0, 0);
    gptq_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    gptq_form->addRow(gptq_damp_label_, gptq_damp_);
    gptq_form->addRow(gptq_block_label_, gptq_block_);
    gptq_form->addRow(gptq_act_order_);
    gptq_form->addRow(gptq_static_groups_);
    gptq_form->addRow(gptq_true_sequential_);
    gptq_form->addRow(gptq_calibration_label_);
    gptq_form->addRow(gptq_corpus_label_, gptq_corpus_row);
    gptq_form->addRow(gptq_windows_label_, gptq_windows_);
    gptq_form->addRow(gptq_ctx_label_, gptq_ctx_);
    gptq_form->addRow(gptq_seed_label_, gptq_seed_);
    auto* method_layout = new QVBoxLayout(method_box_);
    method_layout->addLayout(method_row);
    method_layout->addWidget(gptq_box_);

    seeds_label_ = new QLabel(this);
    seeds_ = new QLineEdit(QStringLiteral("0"), this);
    seeds_->setObjectName(QStringLiteral("seeds_edit"));
    connect(seeds_, &QLineEdit::textChanged, this, &ExperimentPanel::update_state);

    // ---- evaluation ----
    eval_box_ = new QGroupBox(this);
    const rs::EvalSettings eval_defaults;
    corpus_ = new QComboBox(eval_box_);
    corpus_->setObjectName(QStringLiteral("eval_corpus"));
    corpus_->setEditable(true);  // a corpus name, or the path of a text file
    corpus_->setInsertPolicy(QComboBox::NoInsert);
    for (const std::string& name : rs::corpus_names()) corpus_->addItem(QString::fromStdString(name));
    corpus_->setCurrentText(QString::fromStdString(rs::default_corpus_name()));
    connect(corpus_, &QComboBox::currentTextChanged, this, &ExperimentPanel::update_state);
    auto* browse = new QToolButton(eval_box_);
    browse->setObjectName(QStringLiteral("eval_corpus_browse"));
    browse->setText(QStringLiteral("…"));
    connect(browse, &QToolButton::clicked, this, [this] {
        QSettings settings;
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Evaluation text"), settings.value(QLatin1String(kCorpusDirKey)).toString(),
            tr("Text files (*.txt *.md *.raw);;All files (*)"));
        if (file.isEmpty()) return;
        settings.setValue(QLatin1String(kCorpusDirKey), QFileInfo(file).absolutePath());
        corpus_->setCurrentText(file);
    });
    auto* corpus_row = new QHBoxLayout;
    corpus_row->setContentsMargins(0, 0, 0, 0);
    corpus_row->addWidget(corpus_, 1);
    corpus_row->addWidget(browse);
    ctx_ = new QSpinBox(eval_box_);
    ctx_->setObjectName(QStringLiteral("eval_ctx"));
    ctx_->setRange(4, 131072);
    ctx_->setValue(eval_defaults.ctx);
    windows_ = new QSpinBox(eval_box_);
    windows_->setObjectName(QStringLiteral("eval_windows"));
    windows_->setRange(0, 100000);
    windows_->setValue(eval_defaults.windows);
    probe_ = new QSpinBox(eval_box_);
    probe_->setObjectName(QStringLiteral("eval_probe_tokens"));
    probe_->setRange(0, 131072);
    probe_->setValue(eval_defaults.probe_tokens);
    for (QSpinBox* s : {ctx_, windows_, probe_}) connect(s, &QSpinBox::valueChanged, this, &ExperimentPanel::update_state);
    corpus_label_ = new QLabel(eval_box_);
    ctx_label_ = new QLabel(eval_box_);
    windows_label_ = new QLabel(eval_box_);
    probe_label_ = new QLabel(eval_box_);
    auto* eval_form = new QFormLayout(eval_box_);
    eval_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    eval_form->addRow(corpus_label_, corpus_row);
    eval_form->addRow(ctx_label_, ctx_);
    eval_form->addRow(windows_label_, windows_);
    eval_form->addRow(probe_label_, probe_);

    tasks_ = new TaskPicker(this);
    connect(tasks_, &TaskPicker::changed, this, &ExperimentPanel::update_state);

    // ---- what runs ----
    problem_label_ = new QLabel(this);
    problem_label_->setObjectName(QStringLiteral("experiment_problem"));
    problem_label_->setWordWrap(true);
    problem_label_->setTextFormat(Qt::PlainText);
    run_ = new QPushButton(this);
    run_->setObjectName(QStringLiteral("run_recipe_button"));
    connect(run_, &QPushButton::clicked, this, &ExperimentPanel::run_requested);
    run_matrix_ = new QPushButton(this);
    run_matrix_->setObjectName(QStringLiteral("run_matrix_button"));
    connect(run_matrix_, &QPushButton::clicked, this, &ExperimentPanel::choose_matrix_file);
    rotated_census_ = new QPushButton(this);
    rotated_census_->setObjectName(QStringLiteral("rotated_census_button"));
    connect(rotated_census_, &QPushButton::clicked, this, &ExperimentPanel::rotated_census_requested);

    auto* seeds_row = new QHBoxLayout;
    seeds_row->addWidget(seeds_label_);
    seeds_row->addWidget(seeds_, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(run_, 1);
    buttons->addWidget(run_matrix_, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(rotation_box_);
    layout->addWidget(smooth_box_);
    layout->addWidget(format_box_);
    layout->addWidget(method_box_);
    layout->addLayout(seeds_row);
    layout->addWidget(eval_box_);
    layout->addWidget(tasks_);
    layout->addWidget(problem_label_);
    layout->addLayout(buttons);
    layout->addWidget(rotated_census_);
    layout->addStretch(1);

    set_placement(R1, true, rs::RotationKind::RandomHadamard);
    set_placement(R2, false, rs::RotationKind::Hadamard);
    set_placement(R3, false, rs::RotationKind::Hadamard);
    set_placement(R4, true, rs::RotationKind::Hadamard);
    retranslate();
    update_state();
}

// ---- reading the widgets ----

bool ExperimentPanel::placement_on(Placement p) const {
    return rows_[p].check->isChecked() && kind_at(rows_[p].kind->currentIndex()) != rs::RotationKind::Identity;
}

rs::RotationSpec ExperimentPanel::placement_spec(Placement p, uint64_t seed) const {
    rs::RotationSpec spec;
    spec.kind = kind_at(rows_[p].kind->currentIndex());
    if (spec.kind == rs::RotationKind::BlockHadamard) spec.block = rows_[p].block->value();
    if (is_random(spec.kind)) spec.seed = seed;
    if (const rs::RotationKindTraits& t = rs::rotation_traits(spec.kind); t.takes_path) {
        // "fit.h5#/rotation/r1" names a dataset: split as a recipe's text is.
        const std::string text = rows_[p].path->text().trimmed().toStdString();
        spec.path = text;
        try {
            const rs::RotationSpec parsed = rs::parse_rotation(std::string(t.name) + ":" + text);
            spec.path = parsed.path;
            spec.dataset = parsed.dataset;
        } catch (const rs::Error&) {
            // An empty path: problem() asks for one.
        }
    }
    return spec;
}

bool ExperimentPanel::any_random_placement() const {
    for (int p = 0; p < PlacementCount; ++p)
        if (placement_on(static_cast<Placement>(p)) && is_random(placement_spec(static_cast<Placement>(p), 0).kind))
            return true;
    return false;
}

QString ExperimentPanel::format_text(Operand o) const {
    const FormatRow& row = formats_[o];
    const QString options = row.options->text().trimmed();
    return options.isEmpty() ? row.name->currentText() : row.name->currentText() + QLatin1Char(':') + options;
}

QString ExperimentPanel::format_problem(Operand o) const {
    try {
        rs::quant::parse_format_spec(format_text(o).toStdString());
        return {};
    } catch (const rs::Error& e) {
        return QString::fromStdString(e.what());
    }
}

std::vector<uint64_t> ExperimentPanel::seeds() const {
    std::vector<uint64_t> out;
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    for (const QString& part : seeds_->text().split(separators, Qt::SkipEmptyParts)) {
        bool ok = false;
        const qulonglong seed = part.toULongLong(&ok);
        if (!ok) return {};
        out.push_back(seed);
    }
    return out;
}

rs::Recipe ExperimentPanel::recipe() const {
    const std::vector<uint64_t> s = seeds();
    const uint64_t seed = s.empty() ? 0 : s.front();
    rs::Recipe r;
    rs::FusePlan& plan = r.rotation;
    const std::array<std::pair<rs::RotationSpec*, bool*>, PlacementCount> placements = {
        std::pair{&plan.r1, &plan.r1_on}, {&plan.r2, &plan.r2_on}, {&plan.r3, &plan.r3_on}, {&plan.r4, &plan.r4_on}};
    for (int p = 0; p < PlacementCount; ++p) {
        const auto placement = static_cast<Placement>(p);
        *placements[p].second = placement_on(placement);
        if (*placements[p].second) *placements[p].first = placement_spec(placement, seed);
    }
    r.smooth.on = smooth_->isChecked();
    if (r.smooth.on) {
        r.smooth.alpha = alpha_->value();
        r.smooth.down = smooth_down_->isChecked();
        r.smooth.attn = smooth_attn_->isChecked();
        r.smooth.mlp = smooth_mlp_->isChecked();
    }
    std::optional<rs::quant::FormatSpec>* targets[] = {&r.weights, &r.activations, &r.kv};
    for (int o = 0; o < OperandCount; ++o) {
        if (!formats_[o].check->isChecked()) continue;
        try {
            *targets[o] = rs::quant::parse_format_spec(format_text(static_cast<Operand>(o)).toStdString());
        } catch (const rs::Error&) {
            // problem() says so; the recipe leaves the operand unquantized meanwhile.
        }
    }
    // The method quantizes weights: without a weight format the recipe has none (as its JSON
    // form, which drops "method" and "gptq" then), and RTN carries no GPTQ options.
    if (r.weights) {
        r.method = weight_method();
        if (r.method == rs::WeightMethod::Gptq) r.gptq = gptq_options_value();
    }
    return r;
}

rs::WeightMethod ExperimentPanel::weight_method() const {
    const int i = std::clamp(method_->currentIndex(), 0, static_cast<int>(std::size(rs::kWeightMethods)) - 1);
    return rs::kWeightMethods[i].method;
}

rs::GptqOptions ExperimentPanel::gptq_options_value() const {
    rs::GptqOptions o;
    o.damp = gptq_damp_->value();
    o.block = gptq_block_->value();
    o.act_order = gptq_act_order_->isChecked();
    o.static_groups = gptq_static_groups_->isChecked();
    o.true_sequential = gptq_true_sequential_->isChecked();
    return o;
}

rs::CalibrationSettings ExperimentPanel::gptq_calibration() const {
    rs::CalibrationSettings c;
    c.corpus = gptq_corpus_->currentText().trimmed().toStdString();  // "" = the default calibration corpus
    c.windows = gptq_windows_->value();
    c.ctx = gptq_ctx_->value();
    c.seed = static_cast<uint64_t>(gptq_seed_->value());
    return c;
}

rs::RecipeMatrix ExperimentPanel::matrix() const {
    // Through the matrix JSON, so that the seeds, names and mean ± std groups come out exactly as
    // for `rotoscope-cli compare` with the same recipe.
    nlohmann::json j;
    j["eval"] = rs::eval_settings_to_json(eval_settings());
    const rs::CalibrationSettings cal = gptq_calibration();
    j["gptq_calibration"] = {{"corpus", cal.corpus}, {"windows", cal.windows}, {"ctx", cal.ctx}, {"seed", cal.seed}};
    j["recipes"] = nlohmann::json::array({rs::recipe_to_json(recipe())});
    if (any_random_placement()) j["seeds"] = seeds();
    try {
        return rs::matrix_from_json(j, "experiment panel");
    } catch (const rs::Error&) {
        return {};  // problem() says what is wrong
    }
}

rs::EvalSettings ExperimentPanel::eval_settings() const {
    rs::EvalSettings e;
    e.corpus = corpus_->currentText().trimmed().toStdString();
    e.ctx = ctx_->value();
    e.windows = windows_->value();
    e.probe_tokens = probe_->value();
    e.tasks = tasks_->settings();
    return e;
}

QString ExperimentPanel::problem() const {
    static const char* const names[] = {"W", "A", "KV"};
    for (int o = 0; o < OperandCount; ++o) {
        if (!formats_[o].check->isChecked()) continue;
        if (const QString p = format_problem(static_cast<Operand>(o)); !p.isEmpty())
            return tr("%1 format: %2").arg(QLatin1String(names[o]), p);
    }
    for (int p = 0; p < PlacementCount; ++p)
        if (placement_on(static_cast<Placement>(p)) && rs::rotation_traits(placement_spec(static_cast<Placement>(p), 0).kind).takes_path &&
            rows_[p].path->text().trimmed().isEmpty())
            return tr("R%1: choose the rotation file (written by rotoscope-cli fit-rotation or learn-rotation).").arg(p + 1);
    if (seeds_->text().trimmed().isEmpty()) return tr("Give at least one seed (for example 0, 1, 2).");
    const std::vector<uint64_t> s = seeds();
    if (s.empty()) return tr("Seeds must be whole numbers separated by commas, such as 0, 1, 2.");
    for (size_t i = 0; i < s.size(); ++i)
        for (size_t j = i + 1; j < s.size(); ++j)
            if (s[i] == s[j]) return tr("Seed %1 is listed twice.").arg(s[i]);
    if (smooth_->isChecked() && !smooth_down_->isChecked() && !smooth_attn_->isChecked() && !smooth_mlp_->isChecked())
        return tr("Smoothing needs at least one site.");
    if (corpus_->currentText().trimmed().isEmpty()) return tr("Choose the evaluation corpus.");
    if (const QString p = tasks_->problem(); !p.isEmpty()) return p;
    if (probe_->value() > ctx_->value())
        return tr("The probe reads at most one window: %1 tokens are more than the %2 of a window.")
            .arg(probe_->value())
            .arg(ctx_->value());
    if (model_config_) {
        // Seeds do not change any shape, so one recipe stands for all of them. The engine's own
        // checks, in its words: the recipe against the model's shapes (GPTQ's act-order with
        // fixed-block formats among them), then GPTQ's calibration windows against its context.
        const rs::Recipe r = recipe();
        try {
            rs::validate_recipe(r, *model_config_, "recipe");
            if (rs::recipe_needs_calibration(r)) rs::check_calibration(gptq_calibration(), *model_config_, "calibration");
        } catch (const rs::Error& e) {
            return QString::fromStdString(e.what());
        }
    }
    return {};
}

// ---- setting the widgets ----

void ExperimentPanel::set_model_config(std::optional<rs::ModelConfig> config) {
    model_config_ = std::move(config);
    update_state();
}

void ExperimentPanel::set_placement(Placement p, bool on, rs::RotationKind kind, int block, const QString& path) {
    PlacementRow& row = rows_[p];
    for (int i = 0; i < row.kind->count(); ++i)
        if (kind_at(i) == kind) row.kind->setCurrentIndex(i);
    if (block > 0) row.block->setValue(block);
    if (!path.isEmpty()) row.path->setText(path);
    row.check->setChecked(on);
    update_state();
}

void ExperimentPanel::set_format(Operand o, bool on, const QString& spec) {
    FormatRow& row = formats_[o];
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    const QString name = spec.left(colon).trimmed().toLower();
    const int index = row.name->findText(name);
    if (index >= 0) {
        row.name->setCurrentIndex(index);
        row.options->setText(colon < 0 ? QString() : spec.mid(colon + 1).trimmed());
    } else {
        // An unknown name stays visible, where the inline error points at it.
        row.options->setText(spec.trimmed());
    }
    row.check->setChecked(on);
    update_state();
}

void ExperimentPanel::set_seeds(const QString& text) { seeds_->setText(text); }

void ExperimentPanel::set_smoothing(bool on, double alpha, bool down, bool attn, bool mlp) {
    smooth_->setChecked(on);
    alpha_->setValue(alpha);
    smooth_down_->setChecked(down);
    smooth_attn_->setChecked(attn);
    smooth_mlp_->setChecked(mlp);
}

void ExperimentPanel::set_eval(const QString& corpus, int ctx, int windows, int probe_tokens) {
    corpus_->setCurrentText(corpus);
    ctx_->setValue(ctx);
    windows_->setValue(windows);
    probe_->setValue(probe_tokens);
}

void ExperimentPanel::set_weight_method(rs::WeightMethod method, const rs::GptqOptions& options) {
    for (size_t i = 0; i < std::size(rs::kWeightMethods); ++i)
        if (rs::kWeightMethods[i].method == method) method_->setCurrentIndex(static_cast<int>(i));
    gptq_damp_->setValue(options.damp);
    gptq_block_->setValue(options.block);
    gptq_act_order_->setChecked(options.act_order);
    gptq_static_groups_->setChecked(options.static_groups);
    gptq_true_sequential_->setChecked(options.true_sequential);
    update_state();
}

void ExperimentPanel::set_gptq_calibration(const rs::CalibrationSettings& calibration) {
    gptq_corpus_->setCurrentText(QString::fromStdString(calibration.corpus));
    gptq_windows_->setValue(calibration.windows);
    gptq_ctx_->setValue(calibration.ctx);
    gptq_seed_->setValue(static_cast<int>(std::min<uint64_t>(calibration.seed, std::numeric_limits<int>::max())));
    update_state();
}

void ExperimentPanel::apply_same_rotation_preset() {
    const rs::RotationKind kind = kind_at(rows_[R1].kind->currentIndex());
    const int block = rows_[R1].block->value();
    for (Placement p : {R1, R2, R4}) set_placement(p, true, kind, block, rows_[R1].path->text());
}

void ExperimentPanel::choose_rotation_file(Placement p) {
    QSettings settings;
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Rotation file"), settings.value(QLatin1String(kRotationDirKey)).toString(),
        tr("Rotations (*.h5 *.f64);;All files (*)"));
    if (file.isEmpty()) return;
    settings.setValue(QLatin1String(kRotationDirKey), QFileInfo(file).absolutePath());
    // A fit report holds R1 (and, when learned, one R2 per layer): name the dataset this
    // placement reads.
    QString text = file;
    if (rs::is_fit_report(file.toStdString()))
        text += QStringLiteral("#") + QString::fromLatin1(p == R2 ? rs::kFitR2Dataset : rs::kFitR1Dataset);
    rows_[p].path->setText(text);
}

void ExperimentPanel::set_run_enabled(bool enabled, const QString& why_not) {
    run_allowed_ = enabled;
    run_disabled_reason_ = enabled ? QString() : why_not;
    update_state();
}

void ExperimentPanel::update_state() {
    if (!run_) return;  // still being built
    for (int p = 0; p < PlacementCount; ++p) {
        const PlacementRow& row = rows_[p];
        const rs::RotationKindTraits& kind = rs::rotation_traits(kind_at(row.kind->currentIndex()));
        row.kind->setEnabled(row.check->isChecked());
        row.block->setEnabled(row.check->isChecked() && kind.takes_block);
        row.block->setVisible(!kind.takes_path);
        row.path->setVisible(kind.takes_path);
        row.browse->setVisible(kind.takes_path);
        row.path->setEnabled(row.check->isChecked());
        row.browse->setEnabled(row.check->isChecked());
    }
    for (QWidget* w : {static_cast<QWidget*>(alpha_), static_cast<QWidget*>(smooth_down_),
                       static_cast<QWidget*>(smooth_attn_), static_cast<QWidget*>(smooth_mlp_)})
        w->setEnabled(smooth_->isChecked());
    for (int o = 0; o < OperandCount; ++o) {
        const FormatRow& row = formats_[o];
        const bool on = row.check->isChecked();
        row.name->setEnabled(on);
        row.options->setEnabled(on);
        const QString error = on ? format_problem(static_cast<Operand>(o)) : QString();
        row.error->setText(error);
        row.error->setVisible(!error.isEmpty());
    }
    // The method quantizes weights: it waits for a weight format. GPTQ's options show only for GPTQ.
    const bool weights_on = formats_[Weights].check->isChecked();
    method_->setEnabled(weights_on);
    gptq_box_->setVisible(weight_method() == rs::WeightMethod::Gptq);
    gptq_box_->setEnabled(weights_on);

    const QString p = problem();
    run_->setEnabled(run_allowed_ && p.isEmpty());
    run_matrix_->setEnabled(run_allowed_);
    bool any_rotation = false;
    for (int i = 0; i < PlacementCount; ++i) any_rotation = any_rotation || placement_on(static_cast<Placement>(i));
    rotated_census_->setEnabled(run_allowed_ && p.isEmpty() && any_rotation);

    QString note;
    if (!p.isEmpty()) {
        note = p;
        problem_label_->setStyleSheet(QStringLiteral("color: #b3261e;"));
    } else {
        problem_label_->setStyleSheet(QString());
        if (!run_allowed_) {
            note = run_disabled_reason_;
        } else {
            const rs::Recipe r = recipe();
            const int runs = any_random_placement() ? static_cast<int>(seeds().size()) : 1;
            const QString bits = QString::fromStdString(rs::recipe_bits_label(r));
            const QString what = r.weights && r.method == rs::WeightMethod::Gptq ? tr("%1 with GPTQ").arg(bits) : bits;
            note = runs == 1 ? tr("One run of %1.").arg(what) : tr("%n runs of %1, one per seed.", nullptr, runs).arg(what);
        }
    }
    problem_label_->setText(note);
    problem_label_->setVisible(!note.isEmpty());
    run_->setToolTip(!p.isEmpty() ? p : !run_allowed_ ? run_disabled_reason_ : tr("Evaluate this recipe against the unquantized model."));
    rotated_census_->setToolTip(
        !any_rotation ? tr("Switch on at least one rotation (R1–R4) to see what it does to the activations.")
                      : tr("Run the census (with the calibration dock's settings) on the model with these rotations "
                           "fused, without quantizing, and compare it with the original census."));
}

void ExperimentPanel::choose_matrix_file() {
    QSettings settings;
    const QString file = QFileDialog::getOpenFileName(this, tr("Run a Recipe Matrix"),
                                                      settings.value(QLatin1String(kMatrixDirKey)).toString(),
                                                      tr("Recipe matrices (*.json);;All files (*)"));
    if (file.isEmpty()) return;
    settings.setValue(QLatin1String(kMatrixDirKey), QFileInfo(file).absolutePath());
    emit run_matrix_requested(file);
}

// ---- text ----

void ExperimentPanel::retranslate() {
    rotation_box_->setTitle(tr("Rotations"));
    const QString placement_tips[] = {
        tr("R1: the residual stream (d_model), fused into the embedding, every input linear, the o_proj and "
           "down_proj outputs and the LM head."),
        tr("R2: each attention head's V/O path (head_dim), fused into v_proj and o_proj."),
        tr("R3: online on Q and K after RoPE (head_dim); it cancels in QKᵀ and matters for the KV cache."),
        tr("R4: online before down_proj (d_ff); its inverse is fused into down_proj."),
    };
    for (int p = 0; p < PlacementCount; ++p) {
        for (int i = 0; i < rows_[p].kind->count(); ++i)
            rows_[p].kind->setItemText(i, QCoreApplication::translate("RotationKind", rs::kRotationKinds[i].title));
        rows_[p].check->setToolTip(placement_tips[p]);
        rows_[p].kind->setToolTip(placement_tips[p]);
        rows_[p].block->setToolTip(tr("The order of each diagonal Hadamard block; it must divide the dimension."));
        rows_[p].block->setPrefix(tr("block "));
        rows_[p].path->setPlaceholderText(tr("fit report#/rotation/r1, or a .f64 file"));
        rows_[p].path->setToolTip(tr("A fitted rotation: a fit report written by rotoscope-cli fit-rotation -o or "
                                     "learn-rotation -o, with the dataset after '#' (fit.h5#/rotation/r1, "
                                     "fit.h5#/rotation/r2), or a raw float64 file; at R2 it may hold one matrix per layer."));
        rows_[p].browse->setToolTip(tr("Choose the rotation file."));
    }
    same_preset_->setText(tr("Same at R1/R2/R4"));
    same_preset_->setToolTip(tr("Use R1's rotation at R2 and R4 too, as QuaRot does."));

    smooth_box_->setTitle(tr("Smoothing"));
    smooth_->setText(tr("Smooth before rotating"));
    smooth_->setToolTip(tr("SmoothQuant-style per-channel scales from calibration statistics; at down_proj this is "
                           "SmoothRot."));
    alpha_label_->setText(tr("α:"));
    alpha_->setToolTip(tr("Migration strength: 0 leaves the activations alone, 1 moves all of their range into the "
                          "weights."));

    format_box_->setTitle(tr("Number formats"));
    const QString format_tips[] = {tr("Weights of every linear, quantized once before evaluation with the weight method "
                                      "below: round to nearest (RTN) or GPTQ."),
                                   tr("Activations at every linear input, one scale per token."),
                                   tr("The K and V cache, one scale per token and head.")};
    for (int o = 0; o < OperandCount; ++o) {
        formats_[o].check->setToolTip(format_tips[o]);
        formats_[o].options->setPlaceholderText(tr("options, e.g. channel:mse"));
        formats_[o].options->setToolTip(
            tr("Options after the format name, separated by colons: sym/asym, tensor/channel/token/g128, clip0.9, "
               "mse; for MX formats floor/ceil/even/rceil."));
    }
    method_box_->setTitle(tr("Weight method"));
    method_label_->setText(tr("Method:"));
    for (int i = 0; i < method_->count(); ++i) method_->setItemText(i, weight_method_title(rs::kWeightMethods[i].method));
    const QString method_tip =
        tr("How the weights are quantized to their format. Round to nearest rounds every weight on its own. GPTQ "
           "quantizes each linear's weight column by column and spreads every column's rounding error over the "
           "columns not yet quantized, using the second moments (Hessian) of the linear's input on calibration text, "
           "so that the linear's output changes least. GPTQ needs a weight format and does not quantize the LM head.");
    method_label_->setToolTip(method_tip);
    method_->setToolTip(method_tip);
    gptq_box_->setTitle(tr("GPTQ"));
    gptq_damp_label_->setText(tr("Dampening:"));
    const QString damp_tip =
        tr("λ added to the Hessian's diagonal, as a fraction of its mean diagonal (0.01 = 1 %). More dampening makes the "
           "solve steadier and its result closer to round to nearest; when the Hessian is not positive definite it is "
           "raised tenfold (at most three times) and the run says so.");
    gptq_damp_label_->setToolTip(damp_tip);
    gptq_damp_->setToolTip(damp_tip);
    gptq_block_label_->setText(tr("Block size:"));
    const QString block_tip =
        tr("Columns solved per lazy batch: errors are spread column by column inside a block and onto the later columns "
           "once per block. A speed setting: the result changes only by floating-point rounding.");
    gptq_block_label_->setToolTip(block_tip);
    gptq_block_->setToolTip(block_tip);
    gptq_block_->setSuffix(tr(" columns"));
    gptq_act_order_->setText(tr("Act-order"));
    gptq_act_order_->setToolTip(
        tr("Quantize the columns of the most active inputs (largest Hessian diagonal) first, while the most columns are "
           "left to absorb their error. With fixed-block formats (MX, NVFP4, NF4) it needs static groups."));
    gptq_static_groups_->setText(tr("Static groups"));
    gptq_static_groups_->setToolTip(
        tr("Fit every scale group from the unquantized weights before the solve, instead of from the updated weights "
           "when the solve reaches the group. Needed for act-order with fixed-block formats."));
    gptq_true_sequential_->setText(tr("True sequential"));
    gptq_true_sequential_->setToolTip(
        tr("On: each linear's Hessian is taken on inputs computed through the linears of its layer already quantized "
           "(the GPTQ and QuaRot code). Off: every Hessian of a layer comes from one pass through its unquantized weights "
           "(llm-compressor)."));
    gptq_calibration_label_->setText(tr("Calibration set"));
    const QString calibration_tip =
        tr("The text GPTQ's Hessians are collected on: windows of this many tokens at seeded random offsets. The papers "
           "use 128 windows of 2048 tokens on a GPU.");
    gptq_calibration_label_->setToolTip(calibration_tip);
    gptq_corpus_label_->setText(tr("Corpus:"));
    gptq_corpus_->setToolTip(tr("A corpus name, or the path of a UTF-8 text file; empty: the default calibration corpus (%1).")
                                 .arg(QString::fromStdString(rs::default_calibration_corpus_name())));
    gptq_corpus_->lineEdit()->setPlaceholderText(QString::fromStdString(rs::default_calibration_corpus_name()));
    gptq_windows_label_->setText(tr("Windows:"));
    gptq_windows_->setToolTip(calibration_tip);
    gptq_ctx_label_->setText(tr("Tokens per window:"));
    gptq_ctx_->setToolTip(calibration_tip);
    gptq_seed_label_->setText(tr("Seed:"));
    gptq_seed_->setToolTip(tr("Chooses the windows' offsets in the text."));

    seeds_label_->setText(tr("Seeds:"));
    seeds_->setToolTip(tr("Random rotations run once per seed; the table then shows each run and the mean ± std."));

    eval_box_->setTitle(tr("Evaluation"));
    corpus_label_->setText(tr("Corpus:"));
    corpus_->setToolTip(tr("A corpus name, or the path of a UTF-8 text file."));
    ctx_label_->setText(tr("Tokens per window:"));
    windows_label_->setText(tr("Windows:"));
    windows_->setSpecialValueText(tr("all"));
    windows_->setToolTip(tr("Non-overlapping windows scored for perplexity and KL divergence."));
    probe_label_->setText(tr("Probe tokens:"));
    probe_->setSpecialValueText(tr("off"));
    probe_->setToolTip(tr("Tokens of the first window run through every linear alone, for the error histograms."));

    run_->setText(tr("Run recipe"));
    run_matrix_->setText(tr("Run matrix…"));
    run_matrix_->setToolTip(tr("Run every recipe of a matrix JSON file (rotations × formats × seeds)."));
    rotated_census_->setText(tr("Census after rotation"));
    update_state();
}

void ExperimentPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

// ---- settings ----

void ExperimentPanel::load_settings() {
    const QSettings s;
    for (int p = 0; p < PlacementCount; ++p) {
        const char* key = placement_key(p);
        const QString kind = s.value(setting(key, "kind")).toString();
        for (int i = 0; i < rows_[p].kind->count(); ++i)
            if (rows_[p].kind->itemData(i).toString() == kind) rows_[p].kind->setCurrentIndex(i);
        rows_[p].block->setValue(s.value(setting(key, "block"), rows_[p].block->value()).toInt());
        rows_[p].path->setText(s.value(setting(key, "path"), rows_[p].path->text()).toString());
        rows_[p].check->setChecked(s.value(setting(key, "on"), rows_[p].check->isChecked()).toBool());
    }
    for (int o = 0; o < OperandCount; ++o) {
        const char* key = operand_key(o);
        set_format(static_cast<Operand>(o), s.value(setting(key, "on"), formats_[o].check->isChecked()).toBool(),
                   s.value(setting(key, "spec"), format_text(static_cast<Operand>(o))).toString());
    }
    set_smoothing(s.value(setting("smooth", "on"), smooth_->isChecked()).toBool(),
                  s.value(setting("smooth", "alpha"), alpha_->value()).toDouble(),
                  s.value(setting("smooth", "down"), smooth_down_->isChecked()).toBool(),
                  s.value(setting("smooth", "attn"), smooth_attn_->isChecked()).toBool(),
                  s.value(setting("smooth", "mlp"), smooth_mlp_->isChecked()).toBool());
    const QString method = s.value(setting("method", "key"), method_->currentData()).toString();
    for (int i = 0; i < method_->count(); ++i)
        if (method_->itemData(i).toString() == method) method_->setCurrentIndex(i);
    gptq_damp_->setValue(s.value(setting("gptq", "damp"), gptq_damp_->value()).toDouble());
    gptq_block_->setValue(s.value(setting("gptq", "block"), gptq_block_->value()).toInt());
    gptq_act_order_->setChecked(s.value(setting("gptq", "act_order"), gptq_act_order_->isChecked()).toBool());
    gptq_static_groups_->setChecked(s.value(setting("gptq", "static_groups"), gptq_static_groups_->isChecked()).toBool());
    gptq_true_sequential_->setChecked(s.value(setting("gptq", "true_sequential"), gptq_true_sequential_->isChecked()).toBool());
    gptq_corpus_->setCurrentText(s.value(setting("gptq_calibration", "corpus"), gptq_corpus_->currentText()).toString());
    gptq_windows_->setValue(s.value(setting("gptq_calibration", "windows"), gptq_windows_->value()).toInt());
    gptq_ctx_->setValue(s.value(setting("gptq_calibration", "ctx"), gptq_ctx_->value()).toInt());
    gptq_seed_->setValue(s.value(setting("gptq_calibration", "seed"), gptq_seed_->value()).toInt());
    seeds_->setText(s.value(setting("seeds"), seeds_->text()).toString());
    set_eval(s.value(setting("eval", "corpus"), corpus_->currentText()).toString(),
             s.value(setting("eval", "ctx"), ctx_->value()).toInt(),
             s.value(setting("eval", "windows"), windows_->value()).toInt(),
             s.value(setting("eval", "probe_tokens"), probe_->value()).toInt());
    tasks_->load_settings();
    update_state();
}

void ExperimentPanel::save_settings() const {
    QSettings s;
    for (int p = 0; p < PlacementCount; ++p) {
        const char* key = placement_key(p);
        s.setValue(setting(key, "on"), rows_[p].check->isChecked());
        s.setValue(setting(key, "kind"), rows_[p].kind->currentData().toString());
        s.setValue(setting(key, "block"), rows_[p].block->value());
        s.setValue(setting(key, "path"), rows_[p].path->text());
    }
    for (int o = 0; o < OperandCount; ++o) {
        const char* key = operand_key(o);
        s.setValue(setting(key, "on"), formats_[o].check->isChecked());
        s.setValue(setting(key, "spec"), format_text(static_cast<Operand>(o)));
    }
    s.setValue(setting("smooth", "on"), smooth_->isChecked());
    s.setValue(setting("smooth", "alpha"), alpha_->value());
    s.setValue(setting("smooth", "down"), smooth_down_->isChecked());
    s.setValue(setting("smooth", "attn"), smooth_attn_->isChecked());
    s.setValue(setting("smooth", "mlp"), smooth_mlp_->isChecked());
    s.setValue(setting("method", "key"), method_->currentData().toString());
    s.setValue(setting("gptq", "damp"), gptq_damp_->value());
    s.setValue(setting("gptq", "block"), gptq_block_->value());
    s.setValue(setting("gptq", "act_order"), gptq_act_order_->isChecked());
    s.setValue(setting("gptq", "static_groups"), gptq_static_groups_->isChecked());
    s.setValue(setting("gptq", "true_sequential"), gptq_true_sequential_->isChecked());
    s.setValue(setting("gptq_calibration", "corpus"), gptq_corpus_->currentText());
    s.setValue(setting("gptq_calibration", "windows"), gptq_windows_->value());
    s.setValue(setting("gptq_calibration", "ctx"), gptq_ctx_->value());
    s.setValue(setting("gptq_calibration", "seed"), gptq_seed_->value());
    s.setValue(setting("seeds"), seeds_->text());
    s.setValue(setting("eval", "corpus"), corpus_->currentText());
    s.setValue(setting("eval", "ctx"), ctx_->value());
    s.setValue(setting("eval", "windows"), windows_->value());
    s.setValue(setting("eval", "probe_tokens"), probe_->value());
    tasks_->save_settings();
}

}  // namespace rs::gui
