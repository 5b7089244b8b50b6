// Small text helpers shared by the census views: how sites, layers, tokens and numbers read on
// screen. Site names are the report's identifiers ("attn_in", ...) and stay untranslated.
#pragma once
#include <QString>
#include <string>

#include "calib/census.h"

namespace rs::gui {

// "attn_in (q_proj,k_proj,v_proj)", "residual": the identifier and the linear layers that read it.
QString site_display_name(CensusSite site);
// The bare identifier, "attn_in".
QString site_id(CensusSite site);

// A token piece with its whitespace made visible: ' ' -> '␣', '\n' -> '↵', '\t' -> '⇥', also the
// byte-level BPE markers 'Ġ', 'Ċ', 'ĉ' and SentencePiece's '▁', and other control characters
// -> '·'. Longer than max_chars (> 0) is cut with '…'.
QString visible_token_text(const std::string& piece, int max_chars = 0);

// The text of token `position` of calibration window `window`, made visible; "#<id>" when the
// report holds no text for it.
QString token_label(const Census& census, int window, int position, int32_t token_id = -1, int max_chars = 0);

// Five significant digits without trailing zeros (1580, 8.3, 0.0123) in the default locale's
// decimal point, without group separators; exponent form only below 1e-4 or from 1e5 on.
QString format_number(double v);

}  // namespace rs::gui
