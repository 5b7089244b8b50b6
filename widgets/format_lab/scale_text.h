// The format lab's step-by-step account of how one block's scale was chosen and how its elements
// were rounded, with this block's numbers filled in. It restates what fake_quant.cpp does for each
// format (its rules are quoted in fake_quant.h); the numbers that matter (scale, scale byte, zero
// point) are read from the QuantResult, not recomputed.
#pragma once
#include <QCoreApplication>
#include <QString>

#include "format_lab/lab_block.h"

namespace rs::gui {

class ScaleText {
    Q_DECLARE_TR_FUNCTIONS(rs::gui::ScaleText)
public:
    // Rich text: a numbered list of steps. `tensor_source` names what the NVFP4 tensor amax was
    // taken over ("the weight matrix", ...).
    static QString describe(const LabBlock& block, const QString& tensor_source);
};

}  // namespace rs::gui
