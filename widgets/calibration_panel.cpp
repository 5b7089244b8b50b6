#include "calibration_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <climits>

#include "calib/corpus.h"

namespace rs::gui {
namespace {
// Item data of the "Text file…" entry; corpus names are the data of the others.
const QString kTextFileItem = QStringLiteral(":text-file:");

constexpr auto kCorpusKey = "calibration/corpus";
constexpr auto kTextFileKey = "calibration/text_file";
constexpr auto kWindowsKey = "calibration/windows";
constexpr auto kCtxKey = "calibration/ctx";
constexpr auto kSeedKey = "calibration/seed";
constexpr auto kCaptureWindowKey = "calibration/capture_window";
constexpr auto kCaptureTokensKey = "calibration/capture_tokens";
constexpr auto kMassiveAbsKey = "calibration/massive_abs";
constexpr auto kMassiveRatioKey = "calibration/massive_ratio";
constexpr auto kAdvancedKey = "calibration/advanced_open";
constexpr auto kLastDirKey = "paths/last_corpus_dir";

QLabel* new_label(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return label;
}
}  // namespace

CalibrationPanel::CalibrationPanel(QWidget* parent) : QWidget(parent) {
    const rs::CensusConfig defaults;

    corpus_combo_ = new QComboBox(this);
    corpus_combo_->setObjectName(QStringLiteral("corpus_combo"));
    for (const std::string& name : rs::corpus_names()) {
        const QString q = QString::fromStdString(name);
        corpus_combo_->addItem(q, q);  // corpus names are identifiers: not translated
    }
    corpus_combo_->addItem(QString(), kTextFileItem);
    connect(corpus_combo_, &QComboBox::activated, this, &CalibrationPanel::corpus_activated);

    text_file_row_ = new QWidget(this);
    text_file_ = new QLineEdit(text_file_row_);
    text_file_->setObjectName(QStringLiteral("corpus_text_file"));
    text_file_->setClearButtonEnabled(true);
    browse_ = new QPushButton(text_file_row_);
    browse_->setObjectName(QStringLiteral("corpus_browse"));
    connect(browse_, &QPushButton::clicked, this, &CalibrationPanel::choose_text_file);
    connect(text_file_, &QLineEdit::textChanged, this, [this](const QString& text) {
        text_file_->setToolTip(text);  // the field is narrower than most paths
        update_run_tooltip();
    });
    auto* file_layout = new QHBoxLayout(text_file_row_);
    file_layout->setContentsMargins(0, 0, 0, 0);
    file_layout->addWidget(text_file_, 1);
    file_layout->addWidget(browse_);

    windows_ = new QSpinBox(this);
    windows_->setObjectName(QStringLiteral("windows_spin"));
    windows_->setRange(1, 100000);
    windows_->setValue(defaults.windows);
    ctx_ = new QSpinBox(this);
    ctx_->setObjectName(QStringLiteral("ctx_spin"));
    ctx_->setRange(2, 131072);
    ctx_->setValue(defaults.ctx);
    seed_ = new QSpinBox(this);
    seed_->setObjectName(QStringLiteral("seed_spin"));
    seed_->setRange(0, INT_MAX);
    seed_->setValue(static_cast<int>(defaults.seed));

    advanced_toggle_ = new QToolButton(this);
    advanced_toggle_->setObjectName(QStringLiteral("advanced_toggle"));
    advanced_toggle_->setCheckable(true);
    advanced_toggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    advanced_toggle_->setAutoRaise(true);
    advanced_toggle_->setArrowType(Qt::RightArrow);
    connect(advanced_toggle_, &QToolButton::toggled, this, &CalibrationPanel::set_advanced_visible);

    advanced_ = new QWidget(this);
    advanced_->setObjectName(QStringLiteral("advanced_settings"));
    capture_window_ = new QSpinBox(advanced_);
    capture_window_->setObjectName(QStringLiteral("capture_window_spin"));
    capture_window_->setRange(0, windows_->maximum() - 1);
    capture_window_->setValue(defaults.capture_window);
    capture_tokens_ = new QSpinBox(advanced_);
    capture_tokens_->setObjectName(QStringLiteral("capture_tokens_spin"));
    capture_tokens_->setRange(1, 8192);
    capture_tokens_->setValue(defaults.capture_tokens);
    massive_abs_ = new QDoubleSpinBox(advanced_);
    massive_abs_->setObjectName(QStringLiteral("massive_abs_spin"));
    massive_abs_->setRange(0.0, 1e9);
    massive_abs_->setDecimals(1);
    massive_abs_->setValue(defaults.massive_abs);
    massive_ratio_ = new QDoubleSpinBox(advanced_);
    massive_ratio_->setObjectName(QStringLiteral("massive_ratio_spin"));
    massive_ratio_->setRange(1.0, 1e9);
    massive_ratio_->setDecimals(1);
    massive_ratio_->setValue(defaults.massive_ratio);
    // The captured window must be one of the windows drawn.
    connect(windows_, &QSpinBox::valueChanged, this, [this](int n) { capture_window_->setMaximum(n - 1); });

    capture_window_label_ = new_label(advanced_);
    capture_tokens_label_ = new_label(advanced_);
    massive_abs_label_ = new_label(advanced_);
    massive_ratio_label_ = new_label(advanced_);
    auto* advanced_form = new QFormLayout(advanced_);
    advanced_form->setContentsMargins(12, 0, 0, 0);
    advanced_form->addRow(capture_window_label_, capture_window_);
    advanced_form->addRow(capture_tokens_label_, capture_tokens_);
    advanced_form->addRow(massive_abs_label_, massive_abs_);
    advanced_form->addRow(massive_ratio_label_, massive_ratio_);
    advanced_->setVisible(false);

    run_ = new QPushButton(this);
    run_->setObjectName(QStringLiteral("run_census_button"));
    run_->setDefault(true);
    connect(run_, &QPushButton::clicked, this, &CalibrationPanel::run_requested);

    corpus_label_ = new_label(this);
    windows_label_ = new_label(this);
    ctx_label_ = new_label(this);
    seed_label_ = new_label(this);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(corpus_label_, corpus_combo_);
    form->addRow(QString(), text_file_row_);
    form->addRow(windows_label_, windows_);
    form->addRow(ctx_label_, ctx_);
    form->addRow(seed_label_, seed_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(form);
    layout->addWidget(advanced_toggle_);
    layout->addWidget(advanced_);
    layout->addWidget(run_);
    layout->addStretch(1);

    update_text_file_row();
    retranslate();
}

rs::AnalyzeConfig CalibrationPanel::config() const {
    rs::AnalyzeConfig config;
    config.corpus = corpus().toStdString();
    config.census.windows = windows_->value();
    config.census.ctx = ctx_->value();
    config.census.seed = static_cast<uint64_t>(seed_->value());
    config.census.capture_window = capture_window_->value();
    config.census.capture_tokens = std::min(capture_tokens_->value(), ctx_->value());
    config.census.massive_abs = massive_abs_->value();
    config.census.massive_ratio = massive_ratio_->value();
    return config;
}

QString CalibrationPanel::problem() const {
    if (uses_text_file() && text_file_->text().trimmed().isEmpty())
        return tr("Choose the text file to calibrate on.");
    return {};
}

bool CalibrationPanel::uses_text_file() const { return corpus_combo_->currentData().toString() == kTextFileItem; }

QString CalibrationPanel::corpus() const {
    return uses_text_file() ? text_file_->text().trimmed() : corpus_combo_->currentData().toString();
}

void CalibrationPanel::set_corpus(const QString& name_or_path) {
    const int named = corpus_combo_->findData(name_or_path);
    if (named >= 0 && name_or_path != kTextFileItem) {
        corpus_combo_->setCurrentIndex(named);
        last_named_corpus_ = named;
    } else {
        corpus_combo_->setCurrentIndex(corpus_combo_->findData(kTextFileItem));
        text_file_->setText(name_or_path);
    }
    update_text_file_row();
    update_run_tooltip();
}

void CalibrationPanel::set_windows(int windows) { windows_->setValue(windows); }
void CalibrationPanel::set_ctx(int ctx) { ctx_->setValue(ctx); }
void CalibrationPanel::set_seed(int seed) { seed_->setValue(seed); }
void CalibrationPanel::set_capture_tokens(int tokens) { capture_tokens_->setValue(tokens); }
void CalibrationPanel::set_massive_thresholds(double abs, double ratio) {
    massive_abs_->setValue(abs);
    massive_ratio_->setValue(ratio);
}

void CalibrationPanel::set_advanced_visible(bool visible) {
    advanced_->setVisible(visible);
    advanced_toggle_->setArrowType(visible ? Qt::DownArrow : Qt::RightArrow);
    if (advanced_toggle_->isChecked() != visible) advanced_toggle_->setChecked(visible);
}

void CalibrationPanel::corpus_activated(int index) {
    if (corpus_combo_->itemData(index).toString() != kTextFileItem) {
        last_named_corpus_ = index;
    } else if (text_file_->text().isEmpty()) {
        choose_text_file();
    }
    update_text_file_row();
    update_run_tooltip();
}

void CalibrationPanel::choose_text_file() {
    QSettings settings;
    const QString start = text_file_->text().isEmpty() ? settings.value(QLatin1String(kLastDirKey)).toString()
                                                        : QFileInfo(text_file_->text()).absolutePath();
    const QString file = QFileDialog::getOpenFileName(this, tr("Calibration text"), start,
                                                      tr("Text files (*.txt *.md *.raw);;All files (*)"));
    if (file.isEmpty()) {
        // Cancelled with no file chosen before: go back to the corpus that was selected.
        if (text_file_->text().isEmpty()) corpus_combo_->setCurrentIndex(last_named_corpus_);
    } else {
        settings.setValue(QLatin1String(kLastDirKey), QFileInfo(file).absolutePath());
        set_corpus(file);
    }
    update_text_file_row();
}

void CalibrationPanel::update_text_file_row() { text_file_row_->setVisible(uses_text_file()); }

void CalibrationPanel::set_run_enabled(bool enabled, const QString& why_not) {
    run_disabled_reason_ = enabled ? QString() : why_not;
    run_->setEnabled(enabled);
    update_run_tooltip();
}

void CalibrationPanel::update_run_tooltip() {
    if (!run_disabled_reason_.isEmpty())
        run_->setToolTip(run_disabled_reason_);
    else if (const QString p = problem(); !p.isEmpty())
        run_->setToolTip(p);
    else
        run_->setToolTip(tr("Run the activation census of the loaded model on %1 windows of %2 tokens.")
                             .arg(windows_->value())
                             .arg(ctx_->value()));
}

void CalibrationPanel::retranslate() {
    corpus_label_->setText(tr("Corpus:"));
    corpus_combo_->setItemText(corpus_combo_->findData(kTextFileItem), tr("Text file…"));
    corpus_combo_->setToolTip(tr("The text the calibration windows are drawn from."));
    text_file_->setPlaceholderText(tr("Path of a UTF-8 text file"));
    browse_->setText(tr("Browse…"));
    windows_label_->setText(tr("Windows:"));
    windows_->setToolTip(tr("How many windows of text run through the model."));
    ctx_label_->setText(tr("Tokens per window:"));
    ctx_->setToolTip(tr("The length of each window, in tokens (the first may be the BOS token)."));
    seed_label_->setText(tr("Seed:"));
    seed_->setToolTip(tr("Picks where the windows start; the same seed picks the same windows."));
    advanced_toggle_->setText(tr("Advanced"));
    capture_window_label_->setText(tr("Captured window:"));
    capture_window_->setToolTip(tr("The window whose token × channel values are kept for the heatmap."));
    capture_tokens_label_->setText(tr("Captured tokens:"));
    capture_tokens_->setToolTip(tr("How many tokens of the captured window the heatmap shows."));
    massive_abs_label_->setText(tr("Massive if |x| >"));
    massive_abs_->setToolTip(tr("A massive activation exceeds this magnitude (Sun et al. 2024 use 100)."));
    massive_ratio_label_->setText(tr("and |x| / median ≥"));
    massive_ratio_->setToolTip(
        tr("…and is this many times the median magnitude of its hidden state (Sun et al. 2024 use 1000)."));
    run_->setText(tr("Run census"));
    update_run_tooltip();
}

void CalibrationPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void CalibrationPanel::load_settings() {
    const QSettings s;
    const rs::CensusConfig defaults;
    const QString text_file = s.value(QLatin1String(kTextFileKey)).toString();
    if (!text_file.isEmpty()) text_file_->setText(text_file);
    const QString corpus = s.value(QLatin1String(kCorpusKey)).toString();
    if (corpus == kTextFileItem) {
        corpus_combo_->setCurrentIndex(corpus_combo_->findData(kTextFileItem));
        update_text_file_row();
    } else
        set_corpus(corpus.isEmpty() ? QString::fromStdString(rs::default_calibration_corpus_name()) : corpus);
    windows_->setValue(s.value(QLatin1String(kWindowsKey), defaults.windows).toInt());
    ctx_->setValue(s.value(QLatin1String(kCtxKey), defaults.ctx).toInt());
    seed_->setValue(s.value(QLatin1String(kSeedKey), static_cast<int>(defaults.seed)).toInt());
    capture_window_->setValue(s.value(QLatin1String(kCaptureWindowKey), defaults.capture_window).toInt());
    capture_tokens_->setValue(s.value(QLatin1String(kCaptureTokensKey), defaults.capture_tokens).toInt());
    massive_abs_->setValue(s.value(QLatin1String(kMassiveAbsKey), defaults.massive_abs).toDouble());
    massive_ratio_->setValue(s.value(QLatin1String(kMassiveRatioKey), defaults.massive_ratio).toDouble());
    set_advanced_visible(s.value(QLatin1String(kAdvancedKey), false).toBool());
}

void CalibrationPanel::save_settings() const {
    QSettings s;
    s.setValue(QLatin1String(kCorpusKey), uses_text_file() ? kTextFileItem : corpus());
    s.setValue(QLatin1String(kTextFileKey), text_file_->text());
    s.setValue(QLatin1String(kWindowsKey), windows_->value());
    s.setValue(QLatin1String(kCtxKey), ctx_->value());
    s.setValue(QLatin1String(kSeedKey), seed_->value());
    s.setValue(QLatin1String(kCaptureWindowKey), capture_window_->value());
    s.setValue(QLatin1String(kCaptureTokensKey), capture_tokens_->value());
    s.setValue(QLatin1String(kMassiveAbsKey), massive_abs_->value());
    s.setValue(QLatin1String(kMassiveRatioKey), massive_ratio_->value());
    s.setValue(QLatin1String(kAdvancedKey), advanced_toggle_->isChecked());
}

}  // namespace rs::gui
