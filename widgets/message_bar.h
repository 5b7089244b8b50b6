// A non-modal bar at the top of the window for errors and notices: an icon, the text, and a
// close button. Unlike a message box it neither blocks the window nor needs a click to go on,
// and tests can read what it says.
#pragma once
#include <QFrame>

class QLabel;
class QToolButton;

namespace rs::gui {

class MessageBar : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Error, Warning, Info };

    explicit MessageBar(QWidget* parent = nullptr);

    void show_message(Kind kind, const QString& text);
    void dismiss();

    Kind kind() const { return kind_; }
    // The text shown, or empty when the bar is closed.
    QString text() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void apply_style();

    Kind kind_ = Kind::Info;
    QLabel* icon_ = nullptr;
    QLabel* text_ = nullptr;
    QToolButton* close_ = nullptr;
};

}  // namespace rs::gui
