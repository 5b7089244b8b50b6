// The weight methods of rs::kWeightMethods (experiment/recipe.h) as the user reads them: the
// table's titles, which the engine marks for lupdate, translated in the "WeightMethod" context.
#pragma once
#include <QCoreApplication>
#include <QString>

#include "experiment/recipe.h"

namespace rs::gui {

// "Round to nearest", "GPTQ", translated.
inline QString weight_method_title(rs::WeightMethod m) {
    return QCoreApplication::translate("WeightMethod", rs::weight_method_traits(m).title);
}

// "RTN", "GPTQ": the short name for tables and headers (the key, upper-cased; not translated).
inline QString weight_method_short_name(rs::WeightMethod m) {
    return QString::fromLatin1(rs::weight_method_traits(m).key).toUpper();
}

}  // namespace rs::gui
