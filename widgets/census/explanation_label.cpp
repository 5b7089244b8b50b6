#include "census/explanation_label.h"

#include <QDesktopServices>
#include <QUrl>

namespace rs::gui {

namespace {
// Fragment links that fold and unfold; every other link is opened in the browser.
constexpr auto kMore = "#more";
constexpr auto kLess = "#less";
}  // namespace

ExplanationLabel::ExplanationLabel(QWidget* parent) : QLabel(parent) {
    setObjectName(QStringLiteral("explanation"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    // Links are handled here: the fold links must not go to the desktop's browser.
    setOpenExternalLinks(false);
    setTextInteractionFlags(Qt::TextBrowserInteraction);
    connect(this, &QLabel::linkActivated, this, &ExplanationLabel::on_link);
    // Tinted with the palette's own colours so that a dark theme stays readable.
    setStyleSheet(QStringLiteral("QLabel#explanation { background: palette(alternate-base); "
                                 "border: 1px solid palette(mid); border-radius: 4px; padding: 6px; }"));
}

void ExplanationLabel::set_explanation(const QString& body, const QString& summary) {
    body_ = body;
    summary_ = summary;
    render();
}

void ExplanationLabel::set_folded(bool folded) {
    if (folded == folded_) return;
    folded_ = folded;
    render();
    emit folded_changed(folded);
}

void ExplanationLabel::on_link(const QString& link) {
    if (link == QLatin1String(kMore)) set_folded(false);
    else if (link == QLatin1String(kLess)) set_folded(true);
    else QDesktopServices::openUrl(QUrl(link));
}

void ExplanationLabel::render() {
    const QString heading = tr("What am I seeing?");
    if (!foldable()) {
        setText(QStringLiteral("<b>%1</b> %2").arg(heading, body_));
        return;
    }
    if (folded_)
        setText(QStringLiteral("<b>%1</b> %2 <a href=\"%3\">%4</a>").arg(heading, summary_, QLatin1String(kMore), tr("More…")));
    else
        setText(QStringLiteral("<b>%1</b> %2 <a href=\"%3\">%4</a>").arg(heading, body_, QLatin1String(kLess), tr("Less")));
}

}  // namespace rs::gui
