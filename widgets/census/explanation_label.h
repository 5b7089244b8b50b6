// The "What am I seeing?" box at the top of every census view: a few sentences for students,
// word-wrapped rich text on a lightly tinted background.
#pragma once
#include <QLabel>

namespace rs::gui {

class ExplanationLabel : public QLabel {
    Q_OBJECT
public:
    explicit ExplanationLabel(QWidget* parent = nullptr);
    // `body` is rich text; the translated "What am I seeing?" heading is put in front.
    void set_explanation(const QString& body);
};

}  // namespace rs::gui
