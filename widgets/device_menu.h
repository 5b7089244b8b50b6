// Run > Device: where the jobs compute. The CPU (the reference) and every CUDA device with its
// name and free memory, read again each time the menu opens; the choice is remembered. Without
// CUDA the menu says why in one disabled line.
#pragma once
#include <QMenu>
#include <string>

class QActionGroup;

namespace rs::gui {

class DeviceMenu : public QMenu {
    Q_OBJECT
public:
    explicit DeviceMenu(QWidget* parent = nullptr);

    // The chosen backend as a spec ("cpu", "cuda:1"), what configurations store.
    std::string spec() const { return spec_; }
    void set_spec(const std::string& spec);
    void retranslate();

signals:
    void spec_changed();

private:
    void refill();

    std::string spec_ = "cpu";
    QActionGroup* group_ = nullptr;
};

}  // namespace rs::gui
