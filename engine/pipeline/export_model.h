// Export a recipe's quantized model for a runtime (export/export_target.h): the checkpoint is read
// layer by layer through the same stack an experiment runs (fused rotations, then RTN or GPTQ
// weights), and each layer's tensors, with the codes and scales the method chose, go to the
// target's writer as the layer is made. The output is written under a temporary name beside it
// and renamed over it at the end: a failed or cancelled export leaves nothing, and an existing
// output is replaced only on success.
#pragma once
#include <string>
#include <vector>

#include "core/progress.h"
#include "experiment/recipe.h"
#include "export/export_target.h"

namespace rs {

struct ExportRequest {
    std::string model;  // a .gguf, a Hugging Face directory or "default"
    Recipe recipe;
    ExportOptions options;
    std::string out;
    CalibrationSettings gptq_calibration = kDefaultGptqCalibration;  // method gptq
    std::string backend = "cpu";
};

struct ExportResult {
    std::string out;
    ExportVerdict verdict;
    std::vector<std::string> files;  // names inside `out` (or its own name for one file)
    int64_t tensors = 0;
    uint64_t bytes = 0;  // on disk
    double seconds = 0;
};

// Every target's verdict on the request's recipe for its model (nothing is computed or written).
std::vector<ExportVerdict> check_export_request(const ExportRequest& request);

// BadInput, one line, before any work: a recipe the target cannot express (the verdict's first
// line), an output path that cannot be written. Progress: the method's own stages (GPTQ), then
// Stage::Exporting per layer; cancellable between layers.
ExportResult run_export(const ExportRequest& request, const Progress& progress = {});

}  // namespace rs
