// Export a run's quantized model: the target runtime, the float dtype and whether to leave out
// what the target cannot run, with every target's verdict on the run's recipe shown as the choice
// changes (rs::check_export). OK is enabled only when the chosen target can express the recipe.
#pragma once
#include <QDialog>

#include "experiment/recipe.h"
#include "export/export_target.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;

namespace rs::gui {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const rs::Recipe& recipe, const rs::ModelConfig& cfg, QWidget* parent = nullptr);

    rs::ExportOptions options() const;
    void set_target(rs::ExportTarget target);
    void set_offline_only(bool on);
    // The verdict shown for the chosen target (what the dialog says, as plain text).
    QString verdict_text() const;
    bool can_accept() const;

private:
    void update_verdict();

    rs::Recipe recipe_;
    rs::ModelConfig cfg_;
    QComboBox* target_ = nullptr;
    QComboBox* dtype_ = nullptr;
    QCheckBox* offline_ = nullptr;
    QLabel* verdict_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace rs::gui
