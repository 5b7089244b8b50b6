// The "Model" dock: what the model is (architecture, dimensions, source, tensor types) above a
// tree of its linear layers. It shows either a loaded model or a report's record of one, and
// says which.
#pragma once
#include <QWidget>
#include <optional>

#include "report/model_identity.h"

class QLabel;
class QTreeView;

namespace rs::gui {

class ModelTreeModel;

class ModelPanel : public QWidget {
    Q_OBJECT
public:
    enum class Origin { LoadedModel, Report };

    explicit ModelPanel(QWidget* parent = nullptr);

    void set_identity(const rs::ModelIdentity& identity, Origin origin);
    void clear();

    ModelTreeModel* tree_model() const { return tree_model_; }
    QTreeView* tree_view() const { return tree_view_; }
    // The summary as plain text, for tests.
    QString summary_text() const;
    bool shows_report() const { return identity_ && origin_ == Origin::Report; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    QString summary_html() const;

    std::optional<rs::ModelIdentity> identity_;
    Origin origin_ = Origin::LoadedModel;
    QLabel* summary_ = nullptr;
    QLabel* origin_note_ = nullptr;
    ModelTreeModel* tree_model_ = nullptr;
    QTreeView* tree_view_ = nullptr;
};

}  // namespace rs::gui
