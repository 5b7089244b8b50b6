#include "experiment/export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace rs::gui {
namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

ExportDialog::ExportDialog(const rs::Recipe& recipe, const rs::ModelConfig& cfg, QWidget* parent)
    : QDialog(parent), recipe_(recipe), cfg_(cfg) {
    setWindowTitle(tr("Export Model"));
    target_ = new QComboBox(this);
    for (const rs::ExportTargetTraits& t : rs::export_targets())
        target_->addItem(tr("%1 (%2)").arg(q(t.key), q(t.runtime)), static_cast<int>(t.target));
    dtype_ = new QComboBox(this);
    for (rs::ExportDtype d : {rs::ExportDtype::BF16, rs::ExportDtype::F16, rs::ExportDtype::F32})
        dtype_->addItem(q(rs::export_dtype_name(d)), static_cast<int>(d));
    dtype_->setToolTip(tr("Storage of the unquantized tensors (for hf: of every weight). f32 keeps Rotoscope's values exactly."));
    offline_ = new QCheckBox(tr("Leave out what the runtime cannot run (online rotations, activation and KV quantizers)"), this);
    verdict_ = new QLabel(this);
    verdict_->setWordWrap(true);
    verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    verdict_->setObjectName(QStringLiteral("export_verdict"));
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Export…"));

    auto* form = new QFormLayout;
    form->addRow(tr("Runtime:"), target_);
    form->addRow(tr("Float dtype:"), dtype_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Recipe: %1").arg(q(recipe.name.empty() ? rs::recipe_display_name(recipe) : recipe.name)), this));
    layout->addLayout(form);
    layout->addWidget(offline_);
    layout->addWidget(verdict_, 1);
    layout->addWidget(buttons_);

    connect(target_, &QComboBox::currentIndexChanged, this, &ExportDialog::update_verdict);
    connect(dtype_, &QComboBox::currentIndexChanged, this, &ExportDialog::update_verdict);
    connect(offline_, &QCheckBox::toggled, this, &ExportDialog::update_verdict);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // The first target that can express the recipe, when there is one.
    for (int i = 0; i < target_->count(); ++i) {
        rs::ExportOptions o = options();
        o.target = static_cast<rs::ExportTarget>(target_->itemData(i).toInt());
        if (rs::check_export(recipe_, cfg_, o).ok()) {
            target_->setCurrentIndex(i);
            break;
        }
    }
    update_verdict();
}

rs::ExportOptions ExportDialog::options() const {
    rs::ExportOptions o;
    o.target = static_cast<rs::ExportTarget>(target_->currentData().toInt());
    o.dtype = static_cast<rs::ExportDtype>(dtype_->currentData().toInt());
    o.offline_only = offline_->isChecked();
    return o;
}

void ExportDialog::set_target(rs::ExportTarget target) { target_->setCurrentIndex(target_->findData(static_cast<int>(target))); }
void ExportDialog::set_offline_only(bool on) { offline_->setChecked(on); }

QString ExportDialog::verdict_text() const { return verdict_->text(); }

bool ExportDialog::can_accept() const { return buttons_->button(QDialogButtonBox::Ok)->isEnabled(); }

void ExportDialog::update_verdict() {
    const rs::ExportVerdict v = rs::check_export(recipe_, cfg_, options());
    QStringList lines;
    lines << (v.ok() ? tr("This runtime can run the recipe as exported.") : tr("This runtime cannot run the recipe:"));
    // The verdicts are the engine's sentences, shown as they are.
    for (const std::string& c : v.cannot) lines << QStringLiteral("✗ ") + q(c);
    for (const std::string& n : v.notes) lines << QStringLiteral("· ") + q(n);
    verdict_->setText(lines.join(QLatin1Char('\n')));
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(v.ok());
}

}  // namespace rs::gui
