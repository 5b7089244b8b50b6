#include "message_bar.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace rs::gui {
namespace {
struct Colors {
    const char* background;
    const char* border;
};
// Pale fills with a darker edge, readable on light and dark palettes alike because the text
// colour is set with them.
Colors colors_of(MessageBar::Kind kind) {
    switch (kind) {
        case MessageBar::Kind::Error:
            return {"#fde7e9", "#d9534f"};
        case MessageBar::Kind::Warning:
            return {"#fff4d6", "#e0a800"};
        case MessageBar::Kind::Info:
        default:
            return {"#e6f0fb", "#4a86c5"};
    }
}
}  // namespace

MessageBar::MessageBar(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("message_bar"));
    icon_ = new QLabel(this);
    text_ = new QLabel(this);
    text_->setObjectName(QStringLiteral("message_text"));
    text_->setWordWrap(true);
    text_->setTextFormat(Qt::PlainText);
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    close_ = new QToolButton(this);
    close_->setObjectName(QStringLiteral("message_close"));
    close_->setAutoRaise(true);
    close_->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    connect(close_, &QToolButton::clicked, this, &MessageBar::dismiss);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(icon_, 0, Qt::AlignTop);
    layout->addWidget(text_, 1);
    layout->addWidget(close_, 0, Qt::AlignTop);
    close_->setToolTip(tr("Close"));
    hide();
}

void MessageBar::show_message(Kind kind, const QString& text) {
    kind_ = kind;
    text_->setText(text);
    apply_style();
    show();
}

void MessageBar::dismiss() {
    text_->clear();
    hide();
}

QString MessageBar::text() const { return isHidden() ? QString() : text_->text(); }

void MessageBar::apply_style() {
    const QStyle::StandardPixmap pixmap = kind_ == Kind::Error     ? QStyle::SP_MessageBoxCritical
                                          : kind_ == Kind::Warning ? QStyle::SP_MessageBoxWarning
                                                                   : QStyle::SP_MessageBoxInformation;
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    icon_->setPixmap(style()->standardIcon(pixmap).pixmap(size, size));
    const Colors c = colors_of(kind_);
    setStyleSheet(QStringLiteral("QFrame#message_bar { background: %1; border: 1px solid %2; border-radius: 3px; }"
                                 "QFrame#message_bar QLabel { color: #202020; background: transparent; }")
                      .arg(QLatin1String(c.background), QLatin1String(c.border)));
}

void MessageBar::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) close_->setToolTip(tr("Close"));
    QFrame::changeEvent(event);
}

}  // namespace rs::gui
