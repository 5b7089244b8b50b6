#include "job_status.h"

#include <QCoreApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>

#include "job_runner.h"
#include "model/roles.h"

namespace rs::gui {
namespace {
// The bar counts in thousandths: byte totals overflow its int range.
constexpr int kBarSteps = 1000;
// Up to this many steps the label shows "done / total" (windows, tensors); beyond, a percentage.
constexpr qint64 kMaxCountedSteps = 100000;
}  // namespace

JobStatus::JobStatus(JobRunner& runner, QWidget* parent) : QWidget(parent), runner_(runner) {
    setObjectName(QStringLiteral("job_status"));
    label_ = new QLabel(this);
    label_->setObjectName(QStringLiteral("job_stage"));
    bar_ = new QProgressBar(this);
    bar_->setObjectName(QStringLiteral("job_progress"));
    bar_->setRange(0, kBarSteps);
    bar_->setTextVisible(false);
    bar_->setFixedWidth(180);
    cancel_ = new QPushButton(this);
    cancel_->setObjectName(QStringLiteral("job_cancel"));
    connect(cancel_, &QPushButton::clicked, &runner_, &JobRunner::cancel);
    connect(cancel_, &QPushButton::clicked, this, [this] { cancel_->setEnabled(false); });

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label_);
    layout->addWidget(bar_);
    layout->addWidget(cancel_);

    connect(&runner_, &JobRunner::started, this, &JobStatus::on_started);
    connect(&runner_, &JobRunner::progress, this, &JobStatus::on_progress);
    connect(&runner_, &JobRunner::busy_changed, this, [this](bool busy) { setVisible(busy); });
    cancel_->setText(tr("Cancel"));
    hide();
}

QString JobStatus::stage_title(rs::Stage stage, int run, int runs) {
    const QString title = QCoreApplication::translate("Stage", rs::stage_title(stage));
    if (runs > 0) return tr("Run %1 of %2: %3").arg(QString::number(run), QString::number(runs), title);
    return title;
}

QString JobStatus::item_text(rs::Stage stage, const QString& item) {
    if (stage != rs::Stage::Gptq || item.isEmpty()) return {};
    // gptq_layers.cpp: "layer <l> <input>" before each input's solve, "layer <l> done" after the layer.
    static const QRegularExpression pattern(QStringLiteral("^layer (\\d+) (\\S+)$"));
    const QRegularExpressionMatch m = pattern.match(item);
    if (!m.hasMatch()) return item;
    const QString layer = m.captured(1), what = m.captured(2);
    if (what == QLatin1String("done")) return tr("layer %1 done").arg(layer);
    for (const rs::LinearInputTraits& t : rs::kLinearInputs)
        if (what == QLatin1String(t.name))
            return tr("layer %1: %2").arg(layer, QString::fromLatin1(rs::input_readers(t.input)).replace(u',', QStringLiteral(", ")));
    return item;
}

void JobStatus::on_started(const QString& title) {
    title_ = title;
    has_stage_ = false;
    run_ = runs_ = 0;
    done_ = total_ = 0;
    item_.clear();
    cancel_->setEnabled(true);
    bar_->setRange(0, 0);  // busy until the first progress report says how much there is
    update_label();
}

void JobStatus::on_progress(int stage, qint64 done, qint64 total, int run, int runs, const QString& item) {
    has_stage_ = stage >= 0 && stage < static_cast<int>(rs::Stage::Count);
    stage_ = static_cast<rs::Stage>(stage);
    item_ = item;
    run_ = run;
    runs_ = runs;
    done_ = done;
    total_ = total;
    if (total > 0) {
        bar_->setRange(0, kBarSteps);
        bar_->setValue(static_cast<int>(std::min<double>(1.0, static_cast<double>(done) / total) * kBarSteps));
    } else {
        bar_->setRange(0, 0);
    }
    update_label();
}

QString JobStatus::stage_text() const { return label_->text(); }

void JobStatus::update_label() {
    if (runner_.cancel_requested()) cancel_->setEnabled(false);
    QString text = title_;
    if (has_stage_) {
        const QLocale locale;
        QString amount;
        if (total_ > 0 && total_ <= kMaxCountedSteps)
            amount = tr("%1 of %2").arg(locale.toString(done_), locale.toString(total_));
        else if (total_ > 0)
            amount = tr("%1%").arg(static_cast<int>(100.0 * static_cast<double>(done_) / total_));
        text = amount.isEmpty() ? tr("%1: %2").arg(title_, stage_title(stage_, run_, runs_))
                                : tr("%1: %2, %3").arg(title_, stage_title(stage_, run_, runs_), amount);
        if (const QString item = item_text(stage_, item_); !item.isEmpty()) text = tr("%1 — %2").arg(text, item);
    }
    label_->setText(text);
}

void JobStatus::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        cancel_->setText(tr("Cancel"));
        update_label();
    }
    QWidget::changeEvent(event);
}

}  // namespace rs::gui
