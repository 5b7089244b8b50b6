// The weight methods of rs::kWeightMethods (experiment/recipe.h) as the user reads them: the
// table's titles, translated in the "WeightMethod" context. The engine's table does not mark its
// titles for lupdate, so they are marked here and checked against the table at compile time: a
// title renamed in the engine fails the build instead of silently losing its translation.
#pragma once
#include <QCoreApplication>
#include <QString>
#include <iterator>
#include <string_view>

#include "experiment/recipe.h"

namespace rs::gui {

inline constexpr const char* kWeightMethodTitles[] = {
    QT_TRANSLATE_NOOP("WeightMethod", "Round to nearest"),
    QT_TRANSLATE_NOOP("WeightMethod", "GPTQ"),
};
static_assert(std::size(kWeightMethodTitles) == std::size(rs::kWeightMethods), "one title per weight method");

constexpr bool weight_method_titles_match() {
    for (size_t i = 0; i < std::size(rs::kWeightMethods); ++i)
        if (std::string_view(kWeightMethodTitles[i]) != std::string_view(rs::kWeightMethods[i].title)) return false;
    return true;
}
static_assert(weight_method_titles_match(), "kWeightMethodTitles must repeat rs::kWeightMethods' titles, in order");

// "Round to nearest", "GPTQ", translated.
inline QString weight_method_title(rs::WeightMethod m) {
    for (size_t i = 0; i < std::size(rs::kWeightMethods); ++i)
        if (rs::kWeightMethods[i].method == m) return QCoreApplication::translate("WeightMethod", kWeightMethodTitles[i]);
    return {};
}

// "RTN", "GPTQ": the short name for tables and headers (the key, upper-cased; not translated).
inline QString weight_method_short_name(rs::WeightMethod m) {
    return QString::fromLatin1(rs::weight_method_traits(m).key).toUpper();
}

}  // namespace rs::gui
