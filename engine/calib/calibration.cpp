#include "calib/calibration.h"

#include <cstdio>
#include <string_view>

#include "core/error.h"
#include "core/sha256.h"
#include "tokenizer/unicode_utils.h"

namespace rs {
namespace {

// Token pieces end up in plots, tables and HDF5 strings, which all want valid UTF-8; a byte
// token or a piece that splits a multi-byte character is shown as <0xNN> per stray byte.
std::string readable_piece(const std::string& piece) {
    if (unicode::is_valid_utf8(piece)) return piece;
    std::string out;
    size_t pos = 0;
    while (pos < piece.size()) {
        const size_t start = pos;
        bool valid = false;
        unicode::next_code_point(piece, pos, &valid);
        if (valid) {
            out.append(piece, start, pos - start);
        } else {
            for (size_t i = start; i < pos; ++i) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "<0x%02X>", static_cast<unsigned char>(piece[i]));
                out += buf;
            }
        }
    }
    return out;
}

}  // namespace

CalibrationSet sample_windows(const Corpus& corpus, const Tokenizer& tokenizer, int n_windows, int ctx, uint64_t seed,
                              bool bos, const Progress& progress) {
    const std::string& where = corpus.path.empty() ? corpus.name : corpus.path;
    if (n_windows < 1) fail_input(where, "the number of calibration windows must be at least 1 (got " + std::to_string(n_windows) + ")");
    if (ctx < 2) fail_input(where, "the calibration window length must be at least 2 tokens (got " + std::to_string(ctx) + ")");

    CalibrationSet set;
    set.corpus_name = corpus.name;
    set.corpus_path = corpus.path;
    set.ctx = ctx;
    set.seed = seed;
    // A tokenizer without a BOS token cannot honour the request; the set records what was done.
    set.bos = bos && tokenizer.bos() >= 0;

    progress(Stage::Tokenizing, 0, 1);
    const std::vector<int32_t> ids = tokenizer.encode(corpus.text, /*add_special=*/false, /*parse_special=*/false);
    set.corpus_sha256 = sha256_bytes(corpus.text.data(), corpus.text.size());
    set.corpus_tokens = static_cast<int64_t>(ids.size());
    progress(Stage::Tokenizing, 1, 1);

    const int64_t body = set.bos ? ctx - 1 : ctx;
    if (set.corpus_tokens < body)
        fail_input(where, "has " + std::to_string(set.corpus_tokens) + " tokens, fewer than one window of " +
                              std::to_string(body));

    const std::string bos_text = set.bos ? readable_piece(tokenizer.token_to_piece(tokenizer.bos())) : std::string();
    SeededRng rng(seed);
    set.windows.resize(static_cast<size_t>(n_windows));
    for (CalibrationWindow& w : set.windows) {
        w.offset = static_cast<int64_t>(rng.below(static_cast<uint64_t>(set.corpus_tokens - body + 1)));
        w.tokens.reserve(static_cast<size_t>(ctx));
        w.texts.reserve(static_cast<size_t>(ctx));
        if (set.bos) {
            w.tokens.push_back(tokenizer.bos());
            w.texts.push_back(bos_text);
        }
        for (int64_t i = 0; i < body; ++i) {
            const int32_t id = ids[static_cast<size_t>(w.offset + i)];
            w.tokens.push_back(id);
            w.texts.push_back(readable_piece(tokenizer.token_to_piece(id)));
        }
    }
    return set;
}

}  // namespace rs
