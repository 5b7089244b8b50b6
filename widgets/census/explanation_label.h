// The "What am I seeing?" box at the top of every census view: a few sentences for students,
// word-wrapped rich text on a lightly tinted background. Views whose plots need the height give
// a one-line summary too: the box then starts folded to it, with a link that unfolds the rest.
#pragma once
#include <QLabel>

namespace rs::gui {

class ExplanationLabel : public QLabel {
    Q_OBJECT
public:
    explicit ExplanationLabel(QWidget* parent = nullptr);
    // `body` and `summary` are rich text; the translated "What am I seeing?" heading is put in
    // front. With a summary the label can be folded (and starts folded); without, it never is.
    void set_explanation(const QString& body, const QString& summary = QString());

    bool foldable() const { return !summary_.isEmpty(); }
    bool folded() const { return foldable() && folded_; }
    void set_folded(bool folded);

signals:
    void folded_changed(bool folded);

private:
    void on_link(const QString& link);
    void render();

    QString body_;
    QString summary_;
    bool folded_ = true;
};

}  // namespace rs::gui
