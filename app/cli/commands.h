// The subcommands of rotoscope-cli. Each registers its options on the CLI11 app and returns the
// action to run once parsing succeeded; actions return an exit code and throw rs::Error.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace rs::cli {

using Action = std::function<int()>;

void add_info_command(CLI::App& app, Action& action);
void add_tokenize_command(CLI::App& app, Action& action);
void add_generate_command(CLI::App& app, Action& action);
void add_ppl_command(CLI::App& app, Action& action);
void add_demo_command(CLI::App& app, Action& action);
void add_analyze_command(CLI::App& app, Action& action);
void add_report_command(CLI::App& app, Action& action);
void add_fq_command(CLI::App& app, Action& action);
void add_gptq_command(CLI::App& app, Action& action);
void add_fit_command(CLI::App& app, Action& action);
void add_learn_command(CLI::App& app, Action& action);
void add_refit_command(CLI::App& app, Action& action);
void add_quantize_command(CLI::App& app, Action& action);
void add_compare_command(CLI::App& app, Action& action);
void add_export_command(CLI::App& app, Action& action);
void add_tasks_command(CLI::App& app, Action& action);
void add_merge_command(CLI::App& app, Action& action);
void add_devices_command(CLI::App& app, Action& action);

// `report` on a run report (written by quantize or compare): the result of a single run, or the
// summary table of a matrix; as JSON when asked. Returns the exit code.
int print_run_report(const std::string& path, bool json);

}  // namespace rs::cli
