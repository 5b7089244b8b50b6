// The table behind Stage: key and English title of every stage, in enum order. The titles are
// marked for Qt's lupdate (this header is listed among the GUI's translation sources) without
// making the engine depend on Qt.
#pragma once
#include <iterator>

#include "core/progress.h"

#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(context, text) text
#endif

namespace rs {

struct StageTraits {
    Stage stage;
    const char* key;
    const char* title;
};

inline constexpr StageTraits kStageTraits[] = {
    {Stage::Loading, "loading", QT_TRANSLATE_NOOP("Stage", "Loading weights")},
    {Stage::Hashing, "hashing", QT_TRANSLATE_NOOP("Stage", "Hashing files")},
    {Stage::Tokenizing, "tokenizing", QT_TRANSLATE_NOOP("Stage", "Tokenizing the corpus")},
    {Stage::Census, "census", QT_TRANSLATE_NOOP("Stage", "Running windows")},
    {Stage::SmoothingCalibration, "smoothing calibration", QT_TRANSLATE_NOOP("Stage", "Collecting smoothing statistics")},
    {Stage::Smoothing, "smoothing", QT_TRANSLATE_NOOP("Stage", "Smoothing")},
    {Stage::FittingRotation, "fitting rotation", QT_TRANSLATE_NOOP("Stage", "Fitting the rotation")},
    {Stage::Fusing, "fuse", QT_TRANSLATE_NOOP("Stage", "Fusing rotations")},
    {Stage::QuantizingWeights, "quantizing weights", QT_TRANSLATE_NOOP("Stage", "Quantizing weights")},
    {Stage::Gptq, "gptq", QT_TRANSLATE_NOOP("Stage", "GPTQ: capturing Hessians and solving, layer by layer")},
    {Stage::Reference, "reference", QT_TRANSLATE_NOOP("Stage", "Reference logits (unquantized model)")},
    {Stage::Evaluating, "evaluating", QT_TRANSLATE_NOOP("Stage", "Evaluating the quantized model")},
    {Stage::ProbingLinears, "probing linears", QT_TRANSLATE_NOOP("Stage", "Probing linears")},
    {Stage::Perplexity, "perplexity", QT_TRANSLATE_NOOP("Stage", "Perplexity")},
    {Stage::Generating, "generate", QT_TRANSLATE_NOOP("Stage", "Generating text")},
    {Stage::WritingReport, "writing report", QT_TRANSLATE_NOOP("Stage", "Writing the report")},
    {Stage::ReadingReport, "reading report", QT_TRANSLATE_NOOP("Stage", "Reading the report")},
    {Stage::Exporting, "exporting", QT_TRANSLATE_NOOP("Stage", "Writing the exported model")},
    {Stage::Tasks, "tasks", QT_TRANSLATE_NOOP("Stage", "Evaluating tasks")},
    {Stage::ActivationRanges, "activation ranges", QT_TRANSLATE_NOOP("Stage", "Calibrating activation ranges")},
};
static_assert(std::size(kStageTraits) == static_cast<size_t>(Stage::Count), "one row per Stage");

constexpr bool stage_table_in_enum_order() {
    for (size_t i = 0; i < std::size(kStageTraits); ++i)
        if (static_cast<size_t>(kStageTraits[i].stage) != i) return false;
    return true;
}
static_assert(stage_table_in_enum_order(), "rows in enum order: the table is indexed by Stage");

}  // namespace rs
