// Calibration windows: N windows of L tokens drawn from a tokenized corpus at offsets chosen by
// a seeded generator. The generator is our own (splitmix64), not std::uniform_int_distribution,
// whose output differs between standard libraries: a seed must name the same windows everywhere.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "calib/corpus.h"
#include "core/progress.h"
#include "core/rng.h"
#include "tokenizer/tokenizer.h"

namespace rs {

struct CalibrationWindow {
    int64_t offset = 0;                // index of the window's first corpus token (BOS excluded)
    std::vector<int32_t> tokens;       // exactly ctx ids; tokens[0] is BOS when bos was added
    std::vector<std::string> texts;    // the vocabulary piece of each token, for plots and tables
};

struct CalibrationSet {
    std::string corpus_name;    // the name asked for, or the path
    std::string corpus_path;    // the file read
    std::string corpus_sha256;  // of the corpus text as read (UTF-8 bytes)
    int64_t corpus_tokens = 0;  // tokens in the whole corpus (without BOS)
    int ctx = 0;
    uint64_t seed = 0;
    bool bos = false;  // a BOS token was put in front of every window
    std::vector<CalibrationWindow> windows;
};

// Tokenizes `corpus` (without BOS) and draws `n_windows` windows of `ctx` tokens. With `bos`,
// each window is BOS followed by ctx-1 corpus tokens. Each offset is drawn independently and
// uniformly from [0, corpus_tokens - body] (as GPTQ and QuaRot sample calibration data), so
// windows may overlap; they are listed in the order drawn. BadInput when the corpus is shorter
// than one window.
CalibrationSet sample_windows(const Corpus& corpus, const Tokenizer& tokenizer, int n_windows, int ctx, uint64_t seed,
                              bool bos, const Progress& progress = {});

}  // namespace rs
