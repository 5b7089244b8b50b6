#include "census/explanation_label.h"

namespace rs::gui {

ExplanationLabel::ExplanationLabel(QWidget* parent) : QLabel(parent) {
    setObjectName(QStringLiteral("explanation"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setOpenExternalLinks(true);
    setTextInteractionFlags(Qt::TextBrowserInteraction);
    // Tinted with the palette's own colours so that a dark theme stays readable.
    setStyleSheet(QStringLiteral("QLabel#explanation { background: palette(alternate-base); "
                                 "border: 1px solid palette(mid); border-radius: 4px; padding: 6px; }"));
}

void ExplanationLabel::set_explanation(const QString& body) {
    setText(QStringLiteral("<b>%1</b> %2").arg(tr("What am I seeing?"), body));
}

}  // namespace rs::gui
