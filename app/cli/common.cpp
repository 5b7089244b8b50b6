#include "cli/common.h"

#include <sys/resource.h>
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "backend/backend.h"
#include "core/error.h"
#include "core/progress_stages.h"
#include "core/untrusted_text.h"
#include "tokenizer/tokenizer_spec.h"

namespace rs::cli {
namespace {

volatile std::sig_atomic_t g_interrupts = 0;

void on_sigint(int) {
    if (++g_interrupts > 1) _exit(kExitCancelled);
    interrupt_token().cancel();
}

bool g_bar_drawn = false;

// Seconds per stage for --timings: the time since the previous step is the current step's stage's.
struct StageClock {
    std::mutex mutex;
    std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
    double seconds[static_cast<size_t>(rs::Stage::Count)] = {};
    bool seen[static_cast<size_t>(rs::Stage::Count)] = {};
    void step(rs::Stage s) {
        const std::lock_guard lock(mutex);
        const auto now = std::chrono::steady_clock::now();
        seconds[static_cast<size_t>(s)] += std::chrono::duration<double>(now - last).count();
        seen[static_cast<size_t>(s)] = true;
        last = now;
    }
};
StageClock& stage_clock() {
    static StageClock c;
    return c;
}

}  // namespace

CancelToken& interrupt_token() {
    static CancelToken token;
    return token;
}

void install_interrupt_handler() {
    struct sigaction sa {};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

GlobalOptions& global_options() {
    static GlobalOptions g;
    return g;
}

CLI::Option* add_engine_option(CLI::App& cmd, std::string& engine) {
    return cmd
        .add_option("--engine", engine,
                    "model: load the model whole in fp32 (every feature); layers: read and run it one decoder layer at a "
                    "time, for checkpoints larger than memory (docs/layer-engine.md)")
        ->check(CLI::IsMember({"model", "layers"}))
        ->capture_default_str();
}

void add_calibration_options(CLI::App& cmd, CalibrationSettings& settings, const std::string& purpose) {
    cmd.add_option("--calib-corpus", settings.corpus, purpose + "calibration corpus or text file (default: wikitext2-train when present)");
    cmd.add_option("--calib-windows", settings.windows, purpose + "calibration windows")->check(CLI::Range(1, 1 << 20))->capture_default_str();
    cmd.add_option("--calib-ctx", settings.ctx, "tokens per " + purpose + "calibration window")->check(CLI::Range(2, 1 << 20))->capture_default_str();
    cmd.add_option("--calib-seed", settings.seed, "seed of the " + purpose + "calibration window sampling")->capture_default_str();
}

void add_backend_option(CLI::App& cmd) {
    cmd.add_option("--backend", global_options().backend,
                   "cpu, cuda or cuda:N (device N); without a usable CUDA device: the cpu, with one line saying so "
                   "(rotoscope-cli devices lists them)")
        ->check(
            [](const std::string& text) {
                try {
                    parse_backend_spec(text, "");  // CLI11 names the option
                    return std::string();
                } catch (const Error& e) {
                    return std::string(e.what());
                }
            },
            "BACKEND")
        ->capture_default_str();
}

void resolve_backend_option() {
    GlobalOptions& g = global_options();
    const BackendResolution r = resolve_backend(g.backend);
    if (!r.note.empty()) std::fprintf(stderr, "rotoscope-cli: %s\n", r.note.c_str());
    if (!r.device.empty()) std::fprintf(stderr, "rotoscope-cli: %s: %s\n", r.spec.c_str(), r.device.c_str());
    g.backend = r.spec;
}

Progress progress_bar(bool quiet) {
    Progress p;
    p.cancel = &interrupt_token();
    const bool timings = global_options().timings;
    if (quiet || !isatty(STDERR_FILENO)) {
        if (timings) p.report = [](const rs::ProgressStep& step) { stage_clock().step(step.stage); };
        return p;
    }
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    p.report = [last, timings](const rs::ProgressStep& step) {
        if (timings) stage_clock().step(step.stage);
        const int64_t done = step.done, total = step.total;
        const auto now = std::chrono::steady_clock::now();
        if (done != total && now - *last < std::chrono::milliseconds(100)) return;
        *last = now;
        constexpr int kWidth = 30;
        const double frac = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
        const int fill = static_cast<int>(frac * kWidth);
        std::string label = step.runs > 0 ? fmt::format("[{}/{}] {}", step.run, step.runs, rs::stage_title(step.stage))
                                          : std::string(rs::stage_title(step.stage));
        if (!step.item.empty()) label += " " + rs::printable(step.item, 40);
        if (label.size() > 40) label.resize(40);
        std::fprintf(stderr, "\r\033[K%-40s [%s%s] %3d%% (%lld/%lld)", label.c_str(), std::string(fill, '#').c_str(),
                     std::string(kWidth - fill, '.').c_str(), static_cast<int>(frac * 100), static_cast<long long>(done),
                     static_cast<long long>(total));
        std::fflush(stderr);
        g_bar_drawn = true;
    };
    return p;
}

void print_stage_timings() {
    if (!global_options().timings) return;
    StageClock& c = stage_clock();
    const std::lock_guard lock(c.mutex);
    std::fprintf(stderr, "stage timings (wall seconds):\n");
    double total = 0;
    for (size_t i = 0; i < static_cast<size_t>(rs::Stage::Count); ++i) {
        if (!c.seen[i]) continue;
        std::fprintf(stderr, "  %-24s %9.1f\n", rs::stage_key(static_cast<rs::Stage>(i)), c.seconds[i]);
        total += c.seconds[i];
    }
    std::fprintf(stderr, "  %-24s %9.1f\n", "total", total);
    struct rusage ru {};
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        std::fprintf(stderr, "peak resident memory: %.0f MiB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
}

void finish_progress_line() {
    if (g_bar_drawn) std::fprintf(stderr, "\r\033[K");
    g_bar_drawn = false;
}

void check_output_path(const std::string& path) {
    if (path.empty()) return;
    namespace fs = std::filesystem;
    const fs::path p(path);
    std::error_code ec;
    if (fs::is_directory(p, ec)) fail_input(path, "is a directory, not an output file name");
    const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    if (!fs::is_directory(dir, ec)) fail_input(path, "output directory does not exist");
    if (::access(dir.c_str(), W_OK) != 0) fail_input(path, "output directory is not writable");
}

void write_file_atomic(const std::string& path, const std::string& content) {
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) fail_input(path, "cannot write output file");
        out << content;
        out.flush();
        if (!out) {
            std::filesystem::remove(tmp);
            fail_runtime(path + ": write failed");
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp);
        fail_runtime(path + ": cannot rename temporary file (" + ec.message() + ")");
    }
}

nlohmann::json model_summary_json(const ModelConfig& c, const TokenizerSpec& tok, const SourceInfo& s,
                                  const std::vector<std::string>& problems) {
    nlohmann::json j;
    j["path"] = s.path;
    j["format"] = s.format;
    j["name"] = s.name;
    j["architecture"] = arch_name(c.arch);
    j["file_type"] = s.file_type;
    j["dims"] = {{"n_vocab", c.n_vocab},   {"d_model", c.d_model},       {"n_layers", c.n_layers},
                 {"n_heads", c.n_heads},   {"n_kv_heads", c.n_kv_heads}, {"head_dim", c.head_dim},
                 {"d_ff", c.d_ff},         {"max_context", c.max_context}};
    j["rms_eps"] = c.rms_eps;
    j["rope_theta"] = c.rope_theta;
    j["rope_scaling"] = c.rope_scaling ? nlohmann::json(c.rope_scaling->type) : nlohmann::json(nullptr);
    j["tied_embeddings"] = c.tied_embeddings;
    j["qkv_bias"] = c.qkv_bias;
    j["qk_norm"] = c.qk_norm;
    j["tensor_count"] = s.tensor_count;
    j["dtypes"] = s.dtype_counts;
    j["parameter_count"] = s.parameter_count;
    j["tokenizer"] = {{"kind", tokenizer_kind_name(tok.kind)}, {"pre", tok.pre},      {"n_tokens", tok.tokens.size()},
                      {"n_merges", tok.merges.size()},          {"bos_id", tok.bos_id}, {"eos_id", tok.eos_id},
                      {"add_bos", tok.add_bos}};
    j["loadable"] = problems.empty();
    j["problems"] = problems;
    j["verdict"] = support_verdict(c, tok, s, problems);
    return j;
}

std::string support_verdict(const ModelConfig& c, const TokenizerSpec& tok, const SourceInfo& s,
                            const std::vector<std::string>& problems) {
    if (!problems.empty()) {
        std::string v = "cannot be loaded: ";
        for (size_t i = 0; i < problems.size(); ++i) v += (i ? "; " : "") + problems[i];
        return v;
    }
    std::string dtypes;
    for (const auto& [name, n] : s.dtype_counts) dtypes += (dtypes.empty() ? "" : "/") + name;
    std::string v = std::string("supported: ") + arch_name(c.arch) + " forward pass, perplexity and generation on the CPU, weights " +
                    dtypes + " dequantized to fp32";
    if (tok.kind == TokenizerKind::None) v += "; no tokenizer in the file, so text commands are unavailable";
    return v;
}

}  // namespace rs::cli
