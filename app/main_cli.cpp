// rotoscope-cli: a thin shell over the engine. Exit codes: 0 success, 1 runtime failure,
// 2 bad usage or bad input, 130 cancelled (Ctrl-C).
#include <omp.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/error.h"
#include "core/version.h"

int main(int argc, char** argv) {
    using namespace rs::cli;
    CLI::App app{"Rotoscope: rotation-based low-bit quantization workbench (command line)", "rotoscope-cli"};
    app.set_version_flag("--version", std::string("rotoscope-cli ") + ROTOSCOPE_VERSION + " (" + rs::git_commit() + ")");
    app.require_subcommand(1);
    // Global options; fallthrough lets a subcommand hand them up when they come after it.
    app.fallthrough();
    GlobalOptions& global = global_options();
    app.add_option("-t,--threads", global.threads, "CPU threads (default: all cores)")->check(CLI::Range(1, 1024));
    add_backend_option(app);
    app.add_flag("--timings", global.timings, "print the wall time of every stage and the peak resident memory on stderr");

    Action action;
    add_demo_command(app, action);
    add_info_command(app, action);
    add_tokenize_command(app, action);
    add_generate_command(app, action);
    add_ppl_command(app, action);
    add_analyze_command(app, action);
    add_report_command(app, action);
    add_fq_command(app, action);
    add_gptq_command(app, action);
    add_fit_command(app, action);
    add_learn_command(app, action);
    add_refit_command(app, action);
    add_quantize_command(app, action);
    add_compare_command(app, action);
    add_export_command(app, action);
    add_tasks_command(app, action);
    add_merge_command(app, action);
    add_devices_command(app, action);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "rotoscope-cli: %s\n", e.what());
        return kExitBadInput;
    }
    if (global.threads > 0) omp_set_num_threads(global.threads);
    install_interrupt_handler();
    try {
        // Only commands that compute read it; resolving it touches the CUDA driver only when
        // a CUDA backend was asked for.
        if (global.backend != "cpu") resolve_backend_option();
        const int rc = action();
        print_stage_timings();
        return rc;
    } catch (const rs::Error& e) {
        finish_progress_line();
        std::fprintf(stderr, "rotoscope-cli: %s\n", e.what());
        switch (e.kind()) {
            case rs::ErrorKind::BadInput: return kExitBadInput;
            case rs::ErrorKind::Cancelled: return kExitCancelled;
            case rs::ErrorKind::Runtime: return kExitRuntime;
        }
    } catch (const std::bad_alloc&) {
        finish_progress_line();
        std::fprintf(stderr, "rotoscope-cli: out of memory\n");
    } catch (const std::exception& e) {
        finish_progress_line();
        std::fprintf(stderr, "rotoscope-cli: %s\n", e.what());
    }
    return kExitRuntime;
}
