// Putting a sharded matrix back together: the run reports of `compare --shard i/n` (one per GPU,
// node or Slurm array task) become the one report the whole matrix would have written, runs in
// the matrix's order. Nothing is recomputed; what must agree is checked, one line per problem.
#pragma once
#include <string>
#include <vector>

#include "report/run_report.h"

namespace rs {

struct ShardReport {
    std::string path;  // for messages
    RunReport report;
};

// BadInput "<path>: ..." (one line) unless the reports are the n shards of one experiment, each
// exactly once: the same configuration (up to the shard and the CUDA device index), the same
// model files and evaluation tokens (by hash), the same build, the same reference perplexity,
// and every shard's runs the recipes its index names. The result's configuration is the whole
// matrix's (no shard); its meta is the first shard's, with the merge time.
RunReport merge_run_reports(const std::vector<ShardReport>& shards);

}  // namespace rs
