// Merging shard reports without running anything: synthetic reports of a four-recipe matrix in
// two shards; what merge must refuse, one line naming the file each.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/json_io.h"
#include "experiment/experiment_config.h"
#include "report/run_report_merge.h"

namespace rs {
namespace {
using nlohmann::json;

ExperimentConfig four_recipes() {
    ExperimentConfig c;
    c.backend = "cuda";
    c.matrix = matrix_from_json(json{{"name", "m"},
                                     {"eval", {{"corpus", "wikitext2"}, {"ctx", 64}, {"windows", 2}}},
                                     {"rotations", json::array({"none", "hadamard"})},
                                     {"formats", json::array({"int4", "int8"})}},
                                "m.json");
    return c;
}

ShardReport shard(int i, int n, const ExperimentConfig& base = four_recipes()) {
    ExperimentConfig c = base;
    c.shard = {i, n};
    ShardReport s;
    s.path = "shard" + std::to_string(i) + ".h5";
    RunReport& r = s.report;
    r.meta = make_report_meta("cuda:0", dump_json(experiment_to_json(c)));
    r.name = c.matrix.name;
    r.model.files = {FileHash{"/node" + std::to_string(i) + "/model.gguf", "ab12", 1000}};
    r.corpus_sha256 = "cd34";
    r.eval_tokens = 128;
    r.reference.full = 12.5;
    const RecipeMatrix part = shard_matrix(c.matrix, c.shard);
    for (size_t k = 0; k < part.recipes.size(); ++k) {
        RunResult run = new_run_result(part.recipes[k]);
        run.metrics.candidate.full = 100.0 + static_cast<double>(shard_recipes(c.matrix.recipes.size(), c.shard)[k]);
        r.runs.push_back(run);
    }
    return s;
}

std::string merge_error(const std::vector<ShardReport>& shards) {
    try {
        merge_run_reports(shards);
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput);
        return e.what();
    }
    return "(merged)";
}

TEST(Shard, ParsesIOfNAndSplitsTheRecipesRoundRobin) {
    EXPECT_EQ(parse_shard("0/1", "--shard"), (Shard{0, 1}));
    EXPECT_EQ(parse_shard("3/4", "--shard"), (Shard{3, 4}));
    for (const char* bad : {"4/4", "", "/", "1/", "/2", "-1/2", "1/-2", "1/0", "x/2", "1/2x", "1 /2", "0/4097"}) {
        try {
            parse_shard(bad, "--shard");
            ADD_FAILURE() << bad;
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("--shard"), std::string::npos) << e.what();
        }
    }
    EXPECT_EQ(shard_recipes(7, {1, 3}), (std::vector<size_t>{1, 4}));
    EXPECT_EQ(shard_recipes(7, {0, 1}).size(), 7u);
    EXPECT_TRUE(shard_recipes(2, {2, 3}).empty());
    const ExperimentConfig c = four_recipes();
    const RecipeMatrix part = shard_matrix(c.matrix, {1, 2});
    ASSERT_EQ(part.recipes.size(), 2u);
    EXPECT_EQ(recipe_to_json(part.recipes[1]), recipe_to_json(c.matrix.recipes[3]));
    EXPECT_EQ(part.group_of[0], c.matrix.group_of[1]);
}

TEST(Shard, TravelsInTheConfigurationJson) {
    ExperimentConfig c = four_recipes();
    EXPECT_FALSE(experiment_to_json(c).contains("shard"));
    c.shard = {2, 5};
    const json j = experiment_to_json(c);
    EXPECT_EQ(j["shard"], (json{{"index", 2}, {"count", 5}}));
    EXPECT_EQ(experiment_from_json(j, "x").shard, (Shard{2, 5}));
    for (const json& bad : {json{{"index", 5}, {"count", 5}}, json{{"index", 0}}, json("0/2"), json{{"index", 0.5}, {"count", 2}}}) {
        json k = j;
        k["shard"] = bad;
        EXPECT_THROW(experiment_from_json(k, "x"), Error) << bad;
    }
}

TEST(MergeRunReports, PutsTheRunsBackInMatrixOrder) {
    const RunReport m = merge_run_reports({shard(1, 2), shard(0, 2)});
    ASSERT_EQ(m.runs.size(), 4u);
    const ExperimentConfig c = four_recipes();
    for (size_t k = 0; k < 4; ++k) {
        EXPECT_EQ(m.runs[k].metrics.candidate.full, 100.0 + static_cast<double>(k));
        EXPECT_EQ(recipe_to_json(m.runs[k].recipe), recipe_to_json(c.matrix.recipes[k]));
    }
    EXPECT_FALSE(json::parse(m.meta.config_json).contains("shard"));
    EXPECT_EQ(m.reference.full, 12.5);
}

TEST(MergeRunReports, RefusesWhatDoesNotBelongTogether) {
    EXPECT_NE(merge_error({}).find("no shard reports"), std::string::npos);
    EXPECT_NE(merge_error({shard(0, 2)}).find("shard 1/2 is missing"), std::string::npos);
    EXPECT_NE(merge_error({shard(0, 2), shard(0, 2)}).find("shard0.h5: shard 0/2 is given twice"), std::string::npos);
    EXPECT_NE(merge_error({shard(0, 2), shard(1, 3)}).find("shard1.h5: is shard 1/3"), std::string::npos);

    ShardReport whole = shard(0, 2);
    whole.report.meta.config_json = dump_json(experiment_to_json(four_recipes()));
    EXPECT_NE(merge_error({whole, shard(1, 2)}).find("is not a shard"), std::string::npos);

    ExperimentConfig other = four_recipes();
    other.matrix.eval.ctx = 32;
    EXPECT_NE(merge_error({shard(0, 2), shard(1, 2, other)}).find("shard1.h5: is a shard of a different experiment than shard0.h5 (\"eval\" differs)"),
              std::string::npos);

    // Another device of the same kind is fine; another kind is not.
    ExperimentConfig device1 = four_recipes();
    device1.backend = "cuda:1";
    EXPECT_NO_THROW(merge_run_reports({shard(0, 2), shard(1, 2, device1)}));
    ExperimentConfig cpu = four_recipes();
    cpu.backend = "cpu";
    EXPECT_NE(merge_error({shard(0, 2), shard(1, 2, cpu)}).find("\"backend\" differs"), std::string::npos);

    ShardReport s = shard(1, 2);
    s.report.model.files[0].sha256 = "ffff";
    EXPECT_NE(merge_error({shard(0, 2), s}).find("shard1.h5: was computed from other model files"), std::string::npos);
    s = shard(1, 2);
    s.report.corpus_sha256 = "0000";
    EXPECT_NE(merge_error({shard(0, 2), s}).find("evaluated other tokens"), std::string::npos);
    s = shard(1, 2);
    s.report.meta.git_commit = "deadbeef";
    EXPECT_NE(merge_error({shard(0, 2), s}).find("merge reports of one build"), std::string::npos);
    s = shard(1, 2);
    s.report.reference.full = 12.6;
    EXPECT_NE(merge_error({shard(0, 2), s}).find("its reference perplexity 12.6 differs"), std::string::npos);
    s = shard(1, 2);
    s.report.runs.pop_back();
    EXPECT_NE(merge_error({shard(0, 2), s}).find("holds 1 runs; shard 1/2 of 4 recipes has 2"), std::string::npos);
    s = shard(1, 2);
    std::swap(s.report.runs[0], s.report.runs[1]);
    EXPECT_NE(merge_error({shard(0, 2), s}).find("is not recipe 2 of the matrix"), std::string::npos);
}

}  // namespace
}  // namespace rs
