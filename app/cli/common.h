// Shared pieces of rotoscope-cli: exit codes, Ctrl-C handling, the stderr progress bar, and
// atomic writing of output files.
#pragma once
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "core/progress.h"
#include "experiment/recipe.h"
#include "model/model.h"

namespace rs::cli {

enum ExitCode { kExitOk = 0, kExitRuntime = 1, kExitBadInput = 2, kExitCancelled = 130 };

// Options of every command, accepted before the subcommand and after it
// (`rotoscope-cli -t 2 ppl ...` and `rotoscope-cli ppl ... -t 2`).
struct GlobalOptions {
    int threads = 0;              // 0: all cores
    std::string backend = "cpu";  // cpu, cuda or cuda:N
    bool timings = false;         // --timings: wall time per stage and peak memory, on stderr
};
GlobalOptions& global_options();
// Registers --backend on a command that computes, bound to global_options().backend.
void add_backend_option(CLI::App& cmd);
// Resolves global_options().backend on this machine (backend/backend.h resolve_backend): prints
// the chosen CUDA device, or the one line saying that it falls back to the cpu, on stderr.
void resolve_backend_option();
// Registers --calib-corpus/--calib-windows/--calib-ctx/--calib-seed bound to `settings`; `purpose`
// prefixes the help texts ("GPTQ ").
void add_calibration_options(CLI::App& cmd, CalibrationSettings& settings, const std::string& purpose = "");
// Registers --engine (model or layers) bound to `engine`.
CLI::Option* add_engine_option(CLI::App& cmd, std::string& engine);

// The token that Ctrl-C sets (the first press cancels cleanly, a second one exits at once).
CancelToken& interrupt_token();
void install_interrupt_handler();

// A progress callback drawing a one-line bar on stderr when it is a terminal (silent otherwise
// unless `verbose`), checking the interrupt token at every call.
Progress progress_bar(bool quiet = false);
void finish_progress_line();
// With --timings: the wall time spent in each stage (attributed step by step) and the peak
// resident memory of the process, on stderr.
void print_stage_timings();

// Refuses an output path that cannot be written (a directory, a missing or read-only parent)
// before any long work starts, so that a typo costs nothing and leaves nothing. "" passes.
void check_output_path(const std::string& path);

// Writes to `path` through a temporary file and a rename: a cancelled or failed run never
// leaves a partial output.
void write_file_atomic(const std::string& path, const std::string& content);

// `problems`: why the checkpoint cannot be loaded (ModelInfo::problems), empty when it can.
nlohmann::json model_summary_json(const ModelConfig& cfg, const TokenizerSpec& tok, const SourceInfo& src,
                                  const std::vector<std::string>& problems = {});
// One line saying what Rotoscope supports of this model, or why it cannot be loaded.
std::string support_verdict(const ModelConfig& cfg, const TokenizerSpec& tok, const SourceInfo& src,
                            const std::vector<std::string>& problems = {});

}  // namespace rs::cli
