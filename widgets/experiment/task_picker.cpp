#include "experiment/task_picker.h"

#include <QCheckBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>

#include "tasks/task_table.h"

namespace rs::gui {
namespace {

QString setting(const char* key) { return QStringLiteral("experiment/tasks/") + QLatin1String(key); }

}  // namespace

TaskPicker::TaskPicker(QWidget* parent) : QGroupBox(parent) {
    setObjectName(QStringLiteral("task_picker"));
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    int i = 0;
    for (const rs::TaskDef& def : rs::task_table()) {
        auto* check = new QCheckBox(QString::fromUtf8(def.title), this);
        check->setObjectName(QStringLiteral("task_") + QLatin1String(def.key));
        connect(check, &QCheckBox::toggled, this, &TaskPicker::changed);
        grid->addWidget(check, i / 2, i % 2);
        checks_.push_back(check);
        ++i;
    }
    data_ = new QLineEdit(this);
    data_->setObjectName(QStringLiteral("task_data"));
    connect(data_, &QLineEdit::textChanged, this, &TaskPicker::changed);
    browse_ = new QToolButton(this);
    browse_->setText(QStringLiteral("…"));
    connect(browse_, &QToolButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Task data folder"), data_->text());
        if (!dir.isEmpty()) data_->setText(dir);
    });
    auto* data_row = new QHBoxLayout;
    data_row->setContentsMargins(0, 0, 0, 0);
    data_row->addWidget(data_, 1);
    data_row->addWidget(browse_);
    shots_ = new QSpinBox(this);
    shots_->setObjectName(QStringLiteral("task_shots"));
    shots_->setRange(-1, 64);
    shots_->setValue(-1);
    limit_ = new QSpinBox(this);
    limit_->setObjectName(QStringLiteral("task_limit"));
    limit_->setRange(0, 1 << 20);
    for (QSpinBox* s : {shots_, limit_}) connect(s, &QSpinBox::valueChanged, this, &TaskPicker::changed);
    data_label_ = new QLabel(this);
    shots_label_ = new QLabel(this);
    limit_label_ = new QLabel(this);
    auto* form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(grid);
    form->addRow(data_label_, data_row);
    form->addRow(shots_label_, shots_);
    form->addRow(limit_label_, limit_);
    retranslate();
}

QCheckBox* TaskPicker::task_check(const char* key) const {
    const auto table = rs::task_table();
    for (size_t i = 0; i < table.size(); ++i)
        if (std::string_view(table[i].key) == key) return checks_[i];
    return nullptr;
}

rs::TaskSettings TaskPicker::settings() const {
    rs::TaskSettings s;
    const auto table = rs::task_table();
    for (size_t i = 0; i < table.size(); ++i)
        if (checks_[i]->isChecked()) s.tasks.push_back(table[i].key);
    if (s.tasks.empty()) return {};
    s.data = data_->text().trimmed().toStdString();
    s.shots = shots_->value();
    s.limit = limit_->value();
    return s;
}

void TaskPicker::set_settings(const rs::TaskSettings& s) {
    const auto table = rs::task_table();
    for (size_t i = 0; i < table.size(); ++i)
        checks_[i]->setChecked(std::find(s.tasks.begin(), s.tasks.end(), table[i].key) != s.tasks.end());
    if (!s.tasks.empty()) {
        data_->setText(QString::fromStdString(s.data));
        shots_->setValue(s.shots);
        limit_->setValue(s.limit);
    }
}

QString TaskPicker::problem() const {
    const rs::TaskSettings s = settings();
    if (s.tasks.empty()) return {};
    if (s.data.empty()) return tr("Choose the folder holding the task files.");
    if (!QFileInfo(QString::fromStdString(s.data)).isDir())
        return tr("The task data folder %1 does not exist.").arg(QString::fromStdString(s.data));
    return {};
}

void TaskPicker::retranslate() {
    setTitle(tr("Tasks"));
    setToolTip(tr("Accuracy on multiple-choice and completion tasks, scored as lm-eval-harness does, for every run."));
    data_label_->setText(tr("Data folder:"));
    data_->setPlaceholderText(tr("a folder with mmlu/, arc/, hellaswag/, …"));
    data_->setToolTip(tr("Your copy of the task files, in the original releases' layouts (see docs/tasks.md)."));
    browse_->setToolTip(tr("Choose the task data folder"));
    shots_label_->setText(tr("Shots:"));
    shots_->setSpecialValueText(tr("task default"));
    shots_->setToolTip(tr("Few-shot examples per question; by default 5 for MMLU and C-Eval, none for the others."));
    limit_label_->setText(tr("Questions:"));
    limit_->setSpecialValueText(tr("all"));
    limit_->setToolTip(tr("Score only the first questions of each task (of each subject for MMLU and C-Eval)."));
}

void TaskPicker::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QGroupBox::changeEvent(event);
}

void TaskPicker::load_settings() {
    const QSettings q;
    rs::TaskSettings s;
    for (const QString& key : q.value(setting("tasks")).toStringList()) s.tasks.push_back(key.toStdString());
    s.data = q.value(setting("data")).toString().toStdString();
    s.shots = q.value(setting("shots"), -1).toInt();
    s.limit = q.value(setting("limit"), 0).toInt();
    set_settings(s);
    if (s.tasks.empty()) data_->setText(QString::fromStdString(s.data));
}

void TaskPicker::save_settings() const {
    QSettings q;
    QStringList keys;
    const auto table = rs::task_table();
    for (size_t i = 0; i < table.size(); ++i)
        if (checks_[i]->isChecked()) keys << QLatin1String(table[i].key);
    q.setValue(setting("tasks"), keys);
    q.setValue(setting("data"), data_->text());
    q.setValue(setting("shots"), shots_->value());
    q.setValue(setting("limit"), limit_->value());
}

}  // namespace rs::gui
