#include "experiment/run_result.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include <fmt/format.h>

namespace rs {

RunResult new_run_result(const Recipe& recipe) {
    RunResult result;
    result.recipe = recipe;
    result.name = recipe.name.empty() ? recipe_display_name(recipe) : recipe.name;
    result.group = result.name;
    result.seed = first_random_seed(recipe.rotation);
    return result;
}

std::vector<GroupSummary> summarize_groups(const std::vector<RunResult>& runs) {
    std::vector<GroupSummary> out;
    std::map<std::string, std::vector<const RunResult*>> members;
    for (const RunResult& r : runs) {
        const std::string& g = r.group.empty() ? r.name : r.group;
        auto& list = members[g];
        if (list.empty()) out.push_back(GroupSummary{g});
        list.push_back(&r);
    }
    auto mean_std = [](const std::vector<double>& v, double& mean, double& sd) {
        mean = 0;
        for (double x : v) mean += x;
        mean /= static_cast<double>(v.size());
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        sd = v.size() > 1 ? std::sqrt(ss / static_cast<double>(v.size() - 1)) : 0.0;
    };
    for (GroupSummary& g : out) {
        const auto& list = members[g.group];
        g.runs = static_cast<int>(list.size());
        std::vector<double> ppl, kl, top1;
        for (const RunResult* r : list) {
            ppl.push_back(r->metrics.candidate.full);
            kl.push_back(r->metrics.kl.mean);
            top1.push_back(r->metrics.top1_agreement);
        }
        mean_std(ppl, g.ppl_mean, g.ppl_std);
        mean_std(kl, g.kl_mean, g.kl_std);
        mean_std(top1, g.top1_mean, g.top1_std);
    }
    return out;
}

namespace {

// Display width of UTF-8 text: names carry "·" and "α", one column but two bytes each.
size_t text_width(const std::string& s) {
    size_t w = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++w;
    return w;
}

// Rows of cells as aligned text: the first column left-aligned, the others right-aligned.
std::string aligned(const std::vector<std::vector<std::string>>& rows) {
    std::vector<size_t> width;
    for (const auto& row : rows)
        for (size_t c = 0; c < row.size(); ++c) {
            if (width.size() <= c) width.push_back(0);
            width[c] = std::max(width[c], text_width(row[c]));
        }
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (size_t c = 0; c < row.size(); ++c) {
            const std::string pad(width[c] - text_width(row[c]), ' ');
            if (c > 0) line += "  ";
            line += c == 0 ? row[c] + pad : pad + row[c];
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    return out;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

}  // namespace

namespace {

// The tasks any run scored, in order of first appearance (the columns of the summaries).
std::vector<std::string> task_columns(const std::vector<RunResult>& runs) {
    std::vector<std::string> keys;
    for (const RunResult& r : runs)
        for (const TaskScore& t : r.tasks)
            if (std::find(keys.begin(), keys.end(), t.task) == keys.end()) keys.push_back(t.task);
    return keys;
}

const TaskScore* task_of(const RunResult& r, const std::string& key) {
    for (const TaskScore& t : r.tasks)
        if (t.task == key) return &t;
    return nullptr;
}

}  // namespace

std::string summary_table_text(const std::vector<RunResult>& runs, double reference_ppl) {
    const std::vector<std::string> tasks = task_columns(runs);
    std::vector<std::vector<std::string>> rows{{"name", "bits", "PPL", "ΔPPL", "KL mean", "KL p99", "top-1 %"}};
    for (const auto& t : tasks) rows[0].push_back(t + " %");
    rows[0].push_back("time s");
    for (const RunResult& r : runs) {
        const LogitComparison& m = r.metrics;
        rows.push_back({r.name, recipe_bits_label(r.recipe), fmt::format("{:.4f}", m.candidate.full),
                        fmt::format("{:+.4f}", m.candidate.full - reference_ppl), fmt::format("{:.5f}", m.kl.mean),
                        fmt::format("{:.5f}", m.kl.p99), fmt::format("{:.2f}", 100.0 * m.top1_agreement)});
        for (const auto& key : tasks) {
            const TaskScore* t = task_of(r, key);
            rows.back().push_back(t ? fmt::format("{:.2f}", 100.0 * t->acc) : "-");
        }
        rows.back().push_back(fmt::format("{:.1f}", r.seconds_prepare + r.seconds_eval));
    }
    std::string out = fmt::format("reference PPL {:.4f}\n", reference_ppl) + aligned(rows);
    std::vector<std::vector<std::string>> groups{{"group", "runs", "PPL", "KL mean", "top-1 %"}};
    for (const GroupSummary& g : summarize_groups(runs)) {
        if (g.runs < 2) continue;
        groups.push_back({g.group, std::to_string(g.runs), fmt::format("{:.4f} ± {:.4f}", g.ppl_mean, g.ppl_std),
                          fmt::format("{:.5f} ± {:.5f}", g.kl_mean, g.kl_std),
                          fmt::format("{:.2f} ± {:.2f}", 100.0 * g.top1_mean, 100.0 * g.top1_std)});
    }
    if (groups.size() > 1) out += "\nmean ± std over seeds\n" + aligned(groups);
    return out;
}

std::string summary_table_csv(const std::vector<RunResult>& runs) {
    std::string out =
        "name,group,seed,bits,w,a,kv,ppl,ppl_stderr,ppl_llamacpp,reference_ppl,kl_mean,kl_p50,kl_p90,kl_p99,kl_max,"
        "top1_agreement,scored_tokens,seconds_prepare,seconds_eval";
    const std::vector<std::string> tasks = task_columns(runs);
    for (const auto& t : tasks) out += fmt::format(",{0}_n,{0}_acc,{0}_acc_stderr,{0}_acc_norm,{0}_ppl", t);
    out += "\n";
    auto spec = [](const std::optional<quant::FormatSpec>& f) { return f ? quant::format_spec_name(*f) : std::string(); };
    for (const RunResult& r : runs) {
        const LogitComparison& m = r.metrics;
        out += fmt::format("{},{},{},{},{},{},{},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{},{:.3f},{:.3f}\n",
                           csv_field(r.name), csv_field(r.group), r.seed, recipe_bits_label(r.recipe),
                           csv_field(spec(r.recipe.weights)), csv_field(spec(r.recipe.activations)),
                           csv_field(spec(r.recipe.kv)), m.candidate.full, m.candidate.full_stderr, m.candidate.llamacpp,
                           m.reference.full, m.kl.mean, m.kl.p50, m.kl.p90, m.kl.p99, m.kl.max, m.top1_agreement,
                           m.scored_tokens, r.seconds_prepare, r.seconds_eval);
        out.pop_back();
        for (const auto& key : tasks) {
            const TaskScore* t = task_of(r, key);
            auto cell = [](double v) { return std::isfinite(v) ? fmt::format("{:.8g}", v) : std::string(); };
            out += t ? fmt::format(",{},{},{},{},{}", t->n, cell(t->acc), cell(t->acc_stderr), cell(t->acc_norm), cell(t->ppl))
                     : std::string(",,,,,");
        }
        out += "\n";
    }
    return out;
}

}  // namespace rs
