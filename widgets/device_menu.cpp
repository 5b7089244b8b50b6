#include "device_menu.h"

#include <QActionGroup>
#include <QSettings>

#include "backend/backend.h"
#include "core/error.h"

namespace rs::gui {
namespace {

constexpr const char* kSettingsKey = "backend";

}  // namespace

DeviceMenu::DeviceMenu(QWidget* parent) : QMenu(parent) {
    setObjectName(QStringLiteral("menu_device"));
    setToolTipsVisible(true);
    group_ = new QActionGroup(this);
    group_->setExclusive(true);
    const std::string saved = QSettings().value(QLatin1String(kSettingsKey), QStringLiteral("cpu")).toString().toStdString();
    try {
        spec_ = parse_backend_spec(saved, "settings").text();
    } catch (const Error&) {
        spec_ = "cpu";  // a setting from elsewhere that does not parse: the reference
    }
    connect(this, &QMenu::aboutToShow, this, &DeviceMenu::refill);
    retranslate();
}

void DeviceMenu::retranslate() {
    setTitle(tr("&Device"));
    refill();
}

void DeviceMenu::set_spec(const std::string& spec) {
    if (spec == spec_) return;
    spec_ = spec;
    QSettings().setValue(QLatin1String(kSettingsKey), QString::fromStdString(spec_));
    refill();
    emit spec_changed();
}

void DeviceMenu::refill() {
    // The old entries go later (refill may run inside one's triggered signal); nameless, so that
    // nothing finds them meanwhile.
    for (QAction* a : actions()) {
        group_->removeAction(a);
        removeAction(a);
        a->setObjectName(QString());
        a->deleteLater();
    }
    auto add = [this](const QString& text, const std::string& spec, bool enabled) {
        QAction* a = addAction(text);
        a->setObjectName(QStringLiteral("action_device_") + QString::fromStdString(spec).replace(QLatin1Char(':'), QLatin1Char('_')));
        a->setCheckable(true);
        a->setEnabled(enabled);
        a->setChecked(enabled && spec == spec_);
        group_->addAction(a);
        connect(a, &QAction::triggered, this, [this, spec] { set_spec(spec); });
        return a;
    };
    add(tr("CPU (reference)"), "cpu", true);
    std::string why;
    const std::vector<CudaDeviceInfo> devices = cuda_devices(&why);
    for (const CudaDeviceInfo& d : devices)
        add(QStringLiteral("cuda:%1 — %2").arg(d.index).arg(QString::fromStdString(describe_device(d))),
            BackendSpec{"cuda", d.index, true}.text(), true);
    if (devices.empty()) {
        QAction* none = addAction(tr("CUDA: not available (%1)").arg(QString::fromStdString(why)));
        none->setObjectName(QStringLiteral("action_device_none"));
        none->setEnabled(false);
    }
}

}  // namespace rs::gui
