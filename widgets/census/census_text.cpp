#include "census/census_text.h"

#include <QLocale>

#include <cmath>

namespace rs::gui {

QString site_id(CensusSite site) { return QString::fromLatin1(census_site_name(site)); }

QString site_display_name(CensusSite site) {
    const QString readers = QString::fromLatin1(census_site_readers(site));
    if (readers.isEmpty()) return site_id(site);
    return QStringLiteral("%1 (%2)").arg(site_id(site), readers);
}

QString visible_token_text(const std::string& piece, int max_chars) {
    const QString raw = QString::fromUtf8(piece.data(), static_cast<qsizetype>(piece.size()));
    QString out;
    out.reserve(raw.size());
    for (const QChar ch : raw) {
        switch (ch.unicode()) {
            case u' ':
            case 0x0120:  // 'Ġ': byte-level BPE's space
            case 0x2581:  // '▁': SentencePiece's space
                out += QChar(0x2423);  // '␣'
                break;
            case u'\n':
            case 0x010A:  // 'Ċ': byte-level BPE's newline
                out += QChar(0x21B5);  // '↵'
                break;
            case u'\t':
            case 0x0109:  // 'ĉ': byte-level BPE's tab
                out += QChar(0x21E5);  // '⇥'
                break;
            default:
                out += (ch.category() == QChar::Other_Control) ? QChar(0x00B7) : ch;
        }
    }
    if (max_chars > 0 && out.size() > max_chars) out = out.left(max_chars - 1) + QChar(0x2026);
    return out;
}

QString token_label(const Census& census, int window, int position, int32_t token_id, int max_chars) {
    const auto& windows = census.calibration.windows;
    if (window >= 0 && window < static_cast<int>(windows.size())) {
        const auto& texts = windows[static_cast<size_t>(window)].texts;
        if (position >= 0 && position < static_cast<int>(texts.size()))
            return visible_token_text(texts[static_cast<size_t>(position)], max_chars);
        const auto& tokens = windows[static_cast<size_t>(window)].tokens;
        if (token_id < 0 && position >= 0 && position < static_cast<int>(tokens.size()))
            token_id = tokens[static_cast<size_t>(position)];
    }
    return token_id >= 0 ? QStringLiteral("#%1").arg(token_id) : QStringLiteral("?");
}

QString format_number(double v) {
    if (!std::isfinite(v)) return v > 0 ? QStringLiteral("∞") : v < 0 ? QStringLiteral("-∞") : QStringLiteral("NaN");
    const double a = std::fabs(v);
    if (a == 0) return QStringLiteral("0");
    // In the GUI's language (a decimal comma in Russian, as on the plots' axes and in the
    // results table), without group separators, which would read as list separators here.
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() | QLocale::OmitGroupSeparator);
    if (a >= 1e5 || a < 1e-4) return locale.toString(v, 'e', 3);
    // Five significant digits: 1580, 596.63, 8.3, 0.18 (no trailing zeros).
    return locale.toString(v, 'g', 5);
}

}  // namespace rs::gui
