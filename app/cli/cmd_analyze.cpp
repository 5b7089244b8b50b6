// rotoscope-cli analyze: the activation census of a model on calibration windows, written as an
// HDF5 report (docs/report-format.md), with a short text summary of where the outliers live.
// rotoscope-cli report: the same summary of a report file, without the model.
#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/error.h"
#include "core/json_io.h"
#include "experiment/recipe.h"
#include "pipeline/analyze.h"
#include "report/run_report.h"

namespace rs::cli {
namespace {

// Shows whitespace and control bytes so that a token like "\n" or " the" reads unambiguously.
std::string visible_token(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c == ' ') out += "\u2423";
        else if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        else out += c;
    }
    return out;
}

const std::string& token_text_at(const Census& census, const ActivationEntry& e) {
    static const std::string kUnknown = "?";
    const auto& w = census.calibration.windows;
    if (e.window < 0 || e.window >= static_cast<int>(w.size())) return kUnknown;
    const auto& texts = w[e.window].texts;
    return e.position >= 0 && e.position < static_cast<int>(texts.size()) ? texts[e.position] : kUnknown;
}

// The largest listed massive value (the list may be capped to zero entries by the config).
double max_massive(const SiteCensus& s) {
    return s.massive.empty() ? static_cast<double>(s.absmax) : std::fabs(static_cast<double>(s.massive.front().value));
}

std::string site_label(const SiteCensus& s) {
    return s.layer < 0 ? std::string("output ") + census_site_name(s.site)
                       : fmt::format("layer {:>2} {}", s.layer, census_site_name(s.site));
}

// Per site with massive activations: which channels and which token positions carry them.
struct MassiveSummary {
    const SiteCensus* site;
    std::map<int, uint64_t> channels;                  // channel -> listed entries
    std::map<int, std::map<std::string, int>> positions;  // position -> token text -> entries
};

std::vector<MassiveSummary> summarize_massive(const Census& census) {
    std::vector<MassiveSummary> out;
    for (const auto& s : census.sites) {
        if (s.massive_count == 0) continue;
        MassiveSummary m{&s, {}, {}};
        for (const auto& e : s.massive) {
            ++m.channels[e.channel];
            ++m.positions[e.position][token_text_at(census, e)];
        }
        out.push_back(std::move(m));
    }
    return out;
}

std::string channels_text(const MassiveSummary& m) {
    std::string t;
    for (const auto& [c, n] : m.channels) t += fmt::format("{}{}", t.empty() ? "" : ",", c);
    return t;
}

std::string positions_text(const MassiveSummary& m, size_t max_items = 4) {
    std::string t;
    size_t i = 0;
    for (const auto& [pos, texts] : m.positions) {
        if (i++ == max_items) {
            t += fmt::format(" +{} more", m.positions.size() - max_items);
            break;
        }
        // The most frequent text at this position (positions are per window, texts may differ).
        auto best = std::max_element(texts.begin(), texts.end(), [](auto& a, auto& b) { return a.second < b.second; });
        t += fmt::format("{}{} {}", t.empty() ? "" : ", ", pos, visible_token(best->first));
        if (texts.size() > 1) t += fmt::format(" (+{} texts)", texts.size() - 1);
    }
    return t;
}

// The `n` sites with the largest kurtosis, largest first.
std::vector<const SiteCensus*> worst_kurtosis(const Census& census, size_t n) {
    std::vector<const SiteCensus*> sites;
    for (const auto& s : census.sites) sites.push_back(&s);
    std::sort(sites.begin(), sites.end(), [](auto* a, auto* b) { return a->kurtosis() > b->kurtosis(); });
    if (sites.size() > n) sites.resize(n);
    return sites;
}

nlohmann::json summary_json(const CensusReport& r, const std::string& output) {
    const Census& c = r.census;
    nlohmann::json massive = nlohmann::json::array();
    for (const auto& m : summarize_massive(c)) {
        nlohmann::json chans = nlohmann::json::array(), pos = nlohmann::json::array();
        for (const auto& [ch, n] : m.channels) chans.push_back({{"channel", ch}, {"entries", n}});
        for (const auto& [p, texts] : m.positions)
            for (const auto& [text, n] : texts) pos.push_back({{"position", p}, {"token", text}, {"entries", n}});
        massive.push_back({{"layer", m.site->layer},
                           {"site", census_site_name(m.site->site)},
                           {"count", m.site->massive_count},
                           {"max_abs", max_massive(*m.site)},
                           {"median", m.site->median},
                           {"channels", chans},
                           {"positions", pos}});
    }
    nlohmann::json kurt = nlohmann::json::array();
    for (const SiteCensus* s : worst_kurtosis(c, 5))
        kurt.push_back({{"layer", s->layer}, {"site", census_site_name(s->site)}, {"kurtosis", s->kurtosis()}});
    return {{"model", r.model.source.path},
            {"corpus", c.calibration.corpus_name},
            {"windows", c.calibration.windows.size()},
            {"ctx", c.calibration.ctx},
            {"seed", c.calibration.seed},
            {"sites", c.sites.size()},
            {"seconds", c.seconds},
            {"massive", massive},
            {"worst_kurtosis", kurt},
            {"report", output}};
}

void print_summary(const CensusReport& r, const std::string& output) {
    const Census& c = r.census;
    fmt::print("census         {} windows x {} tokens of {} (seed {}), {} sites, {:.1f} s\n", c.calibration.windows.size(),
               c.calibration.ctx, c.calibration.corpus_name, c.calibration.seed, c.sites.size(), c.seconds);
    const auto massive = summarize_massive(c);
    if (massive.empty()) {
        fmt::print("massive        none (|x| > {} and >= {}x the median of its hidden state)\n", c.config.massive_abs,
                   c.config.massive_ratio);
    } else {
        fmt::print("massive activations (|x| > {} and >= {}x the median of its hidden state):\n", c.config.massive_abs,
                   c.config.massive_ratio);
        fmt::print("  {:<20} {:>6} {:>10} {:>9}  {:<14} {}\n", "site", "count", "max |x|", "median", "channels",
                   "positions (token)");
        for (const auto& m : massive)
            fmt::print("  {:<20} {:>6} {:>10.1f} {:>9.4f}  {:<14} {}\n", site_label(*m.site), m.site->massive_count,
                       max_massive(*m.site), m.site->median, channels_text(m), positions_text(m));
    }
    fmt::print("worst kurtosis (Pearson; a normal distribution has 3):\n");
    for (const SiteCensus* worst : worst_kurtosis(c, 5)) {
        const SiteCensus& s = *worst;
        const auto top_ch = std::max_element(s.channel_absmax.begin(), s.channel_absmax.end()) - s.channel_absmax.begin();
        fmt::print("  {:<20} {:>10.1f}   absmax {:.1f} in channel {}\n", site_label(s), s.kurtosis(), s.absmax, top_ch);
    }
    if (!output.empty()) {
        std::error_code ec;
        const auto bytes = std::filesystem::file_size(output, ec);
        fmt::print("report         {} ({:.1f} MB)\n", output, ec ? 0.0 : static_cast<double>(bytes) / 1e6);
    }
}

}  // namespace

void add_analyze_command(CLI::App& app, Action& action) {
    struct Opts {
        AnalyzeConfig config;
        std::string text_file, output, recipe, rotation;
        bool json = false, no_bos = false;
    };
    auto o = std::make_shared<Opts>();
    CensusConfig& cc = o->config.census;
    auto* cmd = app.add_subcommand("analyze", "Activation census: outliers and massive activations, layer by layer (HDF5 report)");
    cmd->add_option("MODEL", o->config.model, "a .gguf file, a Hugging Face model directory, or 'default'")->required();
    auto* co = cmd->add_option("--corpus", o->config.corpus,
                               "calibration corpus: wikitext2-train, wikitext2, devils-dictionary (default: wikitext2-train when present, else devils-dictionary)");
    auto* tf = cmd->add_option("--text-file", o->text_file, "calibrate on this UTF-8 text file instead");
    tf->excludes(co);
    cmd->add_option("--windows", cc.windows, "calibration windows")->check(CLI::Range(1, 100000))->capture_default_str();
    cmd->add_option("--ctx", cc.ctx, "tokens per window")->check(CLI::Range(2, 1 << 20))->capture_default_str();
    cmd->add_option("--seed", cc.seed, "seed of the window sampling (recorded in the report)")->capture_default_str();
    cmd->add_flag("--no-bos", o->no_bos, "do not put BOS in front of each window");
    cmd->add_option("--top-k", cc.top_k, "largest magnitudes kept per site")->check(CLI::Range(1, 100000))->capture_default_str();
    cmd->add_option("--massive-abs", cc.massive_abs, "massive activation: |x| above this")->check(CLI::NonNegativeNumber)->capture_default_str();
    cmd->add_option("--massive-ratio", cc.massive_ratio, "massive activation: |x| at least this many times the median |x| of its hidden state")
        ->check(CLI::Range(1.0, 1e30))->capture_default_str();
    cmd->add_option("--capture-window", cc.capture_window, "window whose token x channel values are kept for heatmaps")
        ->check(CLI::NonNegativeNumber)->capture_default_str();
    cmd->add_option("--capture-tokens", cc.capture_tokens, "first tokens of that window kept (0: none)")
        ->check(CLI::NonNegativeNumber)->capture_default_str();
    auto* rf = cmd->add_option("--recipe", o->recipe,
                               "census of the model rotated by this recipe's rotations (R1-R4; its formats and smoothing are not applied)");
    cmd->add_option("--rotation", o->rotation, "census of the model rotated at R1, R2 and R4 by this kind: hadamard, rhadamard:seed=N, block32, orthogonal")
        ->excludes(rf);
    add_backend_option(*cmd);
    add_engine_option(*cmd, o->config.engine);
    cmd->add_option("-o,--output", o->output, "write the HDF5 report here (atomically, only on success)");
    cmd->add_flag("--json", o->json, "print the summary as JSON");
    cmd->callback([o, &action] {
        action = [o] {
            if (!o->text_file.empty()) o->config.corpus = o->text_file;
            o->config.backend = global_options().backend;
            if (!o->recipe.empty()) o->config.rotation = load_recipe_file(o->recipe).rotation;
            if (!o->rotation.empty()) o->config.rotation = rotation_from_json(o->rotation, "--rotation");
            if ((!o->recipe.empty() || !o->rotation.empty()) && !o->config.rotation.any())
                fail_input(o->recipe.empty() ? "--rotation" : o->recipe, "no rotation to apply: the census after rotation needs R1-R4 on");
            o->config.census.bos = !o->no_bos;
            validate_census_config(o->config.census, "analyze");
            check_output_path(o->output);
            const Progress progress = progress_bar(o->json);
            const CensusReport report = analyze(o->config, progress);
            if (!o->output.empty()) write_census_report(o->output, report, progress);
            finish_progress_line();
            if (o->json) fmt::print("{}\n", dump_json(summary_json(report, o->output), 2));
            else print_summary(report, o->output);
            return 0;
        };
    });
}

void add_report_command(CLI::App& app, Action& action) {
    struct Opts {
        std::string path;
        bool json = false;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = app.add_subcommand("report", "Summarize a report (.h5): a census (analyze) or a run report (quantize, compare)");
    cmd->add_option("REPORT", o->path, "an HDF5 census or run report")->required();
    cmd->add_flag("--json", o->json, "print the summary as JSON");
    cmd->callback([o, &action] {
        action = [o] {
            if (is_run_report(o->path)) return print_run_report(o->path, o->json);
            const CensusReport report = read_census_report(o->path, progress_bar(o->json));
            finish_progress_line();
            if (o->json) {
                nlohmann::json j = summary_json(report, o->path);
                j["created_utc"] = report.meta.created_utc;
                j["tool_version"] = report.meta.tool_version;
                j["git_commit"] = report.meta.git_commit;
                fmt::print("{}\n", dump_json(j, 2));
            } else {
                fmt::print("written        {} by {} {} ({}), {} backend\n", report.meta.created_utc, report.meta.tool,
                           report.meta.tool_version, report.meta.git_commit, report.meta.backend);
                fmt::print("model          {} ({}, {} layers)\n", report.model.source.name, report.model.source.path,
                           report.model.cfg.n_layers);
                print_summary(report, "");
            }
            return 0;
        };
    });
}

}  // namespace rs::cli
