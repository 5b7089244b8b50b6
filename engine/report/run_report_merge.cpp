#include "report/run_report_merge.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "backend/backend.h"
#include "core/error.h"
#include "core/json_io.h"
#include "experiment/experiment_config.h"

namespace rs {
namespace {

using nlohmann::json;

ExperimentConfig config_of(const ShardReport& s) {
    const std::string where = s.path + ": meta/config_json";
    return experiment_from_json(parse_json(s.report.meta.config_json, where), where);
}

// What must be equal between shards: the configuration without its shard, the backend's kind
// (shards may run on different devices of one kind).
json comparable(const ExperimentConfig& c) {
    json j = experiment_to_json(c);
    j.erase("shard");
    j["backend"] = parse_backend_spec(c.backend, "backend").kind;
    return j;
}

std::string first_difference(const json& a, const json& b) {
    for (const auto& [k, v] : a.items())
        if (!b.contains(k) || b[k] != v) return k;
    for (const auto& [k, v] : b.items())
        if (!a.contains(k)) return k;
    return "";
}

std::string file_hashes(const ModelIdentity& m) {
    std::string out;
    for (const FileHash& f : m.files) out += f.sha256 + ":" + std::to_string(f.bytes) + ";";
    return out;
}

}  // namespace

RunReport merge_run_reports(const std::vector<ShardReport>& shards) {
    if (shards.empty()) fail_input("merge", "no shard reports given");
    const ShardReport& first = shards.front();
    const ExperimentConfig base = config_of(first);
    const int n = base.shard.count;
    if (base.shard.whole()) fail_input(first.path, "is not a shard (it was run without --shard i/n)");
    const json base_json = comparable(base);
    const double ref = first.report.reference.full;

    std::vector<const ShardReport*> by_index(static_cast<size_t>(n), nullptr);
    for (const ShardReport& s : shards) {
        const ExperimentConfig c = config_of(s);
        const RunReport& r = s.report;
        if (c.shard.whole()) fail_input(s.path, "is not a shard (it was run without --shard i/n)");
        if (c.shard.count != n)
            fail_input(s.path, fmt::format("is shard {}/{}, but {} is one of {}", c.shard.index, c.shard.count, first.path, n));
        if (const std::string key = first_difference(comparable(c), base_json); !key.empty())
            fail_input(s.path, fmt::format("is a shard of a different experiment than {} (\"{}\" differs)", first.path, key));
        const ShardReport*& slot = by_index[static_cast<size_t>(c.shard.index)];
        if (slot) fail_input(s.path, fmt::format("shard {}/{} is given twice (also {})", c.shard.index, n, slot->path));
        slot = &s;
        if (file_hashes(r.model) != file_hashes(first.report.model))
            fail_input(s.path, fmt::format("was computed from other model files than {} (their SHA-256 differ)", first.path));
        if (r.corpus_sha256 != first.report.corpus_sha256 || r.eval_tokens != first.report.eval_tokens)
            fail_input(s.path, fmt::format("evaluated other tokens than {} (corpus hash or token count differs)", first.path));
        if (r.meta.git_commit != first.report.meta.git_commit || r.meta.tool_version != first.report.meta.tool_version)
            fail_input(s.path, fmt::format("was written by {} ({}), {} by {} ({}); merge reports of one build", r.meta.tool_version,
                                           r.meta.git_commit, first.path, first.report.meta.tool_version,
                                           first.report.meta.git_commit));
        // Same tokens, model and build: the unquantized model's perplexity agrees up to the
        // backend's summation order (devices of one kind may still differ in the last bits).
        if (!(std::abs(r.reference.full - ref) <= 1e-6 * std::abs(ref)))
            fail_input(s.path, fmt::format("its reference perplexity {:.9g} differs from {}'s {:.9g}", r.reference.full, first.path, ref));
    }
    for (int i = 0; i < n; ++i)
        if (!by_index[static_cast<size_t>(i)]) fail_input("merge", fmt::format("shard {}/{} is missing", i, n));

    const std::vector<Recipe>& recipes = base.matrix.recipes;
    std::vector<RunResult> runs(recipes.size());
    for (int i = 0; i < n; ++i) {
        const ShardReport& s = *by_index[static_cast<size_t>(i)];
        const std::vector<size_t> ks = shard_recipes(recipes.size(), Shard{i, n});
        if (s.report.runs.size() != ks.size())
            fail_input(s.path, fmt::format("holds {} runs; shard {}/{} of {} recipes has {}", s.report.runs.size(), i, n,
                                           recipes.size(), ks.size()));
        for (size_t j = 0; j < ks.size(); ++j) {
            const RunResult& run = s.report.runs[j];
            if (recipe_to_json(run.recipe) != recipe_to_json(recipes[ks[j]]))
                fail_input(s.path, fmt::format("run {} ({}) is not recipe {} of the matrix", j + 1, run.name, ks[j] + 1));
            runs[ks[j]] = run;
        }
    }

    RunReport out = first.report;
    ExperimentConfig whole = base;
    whole.shard = Shard{};
    const ReportMeta now = make_report_meta(first.report.meta.backend, dump_json(experiment_to_json(whole)));
    out.meta.config_json = now.config_json;
    out.meta.created_utc = now.created_utc;
    out.seeds = seeds_of_runs(base.matrix);
    out.runs = std::move(runs);
    return out;
}

}  // namespace rs
