#include "tokenizer/hf_tokenizer_writer.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "core/error.h"
#include "core/untrusted_text.h"
#include "tokenizer/pretokenizer.h"

namespace rs {
namespace {

using json = nlohmann::json;

json byte_level(bool use_regex) {
    return {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", use_regex}};
}

// The pre_tokenizer section that tokenizer/hf_tokenizer_json.cpp maps back to `pre`.
json pre_tokenizer(const TokenizerSpec& spec) {
    const std::string& pre = spec.pre;
    if (pre == "gpt2" || pre == "default") return byte_level(true);
    if (pre == "smollm")
        return {{"type", "Sequence"},
                {"pretokenizers", json::array({{{"type", "Digits"}, {"individual_digits", true}}, byte_level(true)})}};
    const char* regex = pre == "llama-bpe" ? pre_regex::kLlama3 : pre == "qwen2" ? pre_regex::kQwen2 : nullptr;
    if (!regex)
        fail_input(spec.source, "no tokenizer.json spelling for the pre-tokenizer " + in_quotes(pre) +
                                    " (known: gpt2, smollm, llama-bpe, qwen2)");
    json split{{"type", "Split"}, {"pattern", {{"Regex", regex}}}, {"behavior", "Isolated"}, {"invert", false}};
    return {{"type", "Sequence"}, {"pretokenizers", json::array({split, byte_level(false)})}};
}

bool is_added(int32_t type) {
    return type == static_cast<int32_t>(TokenType::Control) || type == static_cast<int32_t>(TokenType::UserDefined);
}

int32_t type_of(const TokenizerSpec& spec, size_t i) {
    return i < spec.token_types.size() ? spec.token_types[i] : static_cast<int32_t>(TokenType::Normal);
}

std::string text_of(const TokenizerSpec& spec, int32_t id) {
    return id >= 0 && static_cast<size_t>(id) < spec.tokens.size() ? spec.tokens[static_cast<size_t>(id)] : std::string();
}

// SentencePiece keeps scores, HF's BPE ranked merges: every split of a piece into two pieces of
// the vocabulary is a merge, ranked by the merged piece's score (highest first; ties by id), the
// splits of one piece by the ids of their halves. This is transformers' SentencePieceExtractor,
// and it is how Llama-2's tokenizer.json was made from its tokenizer.model.
json spm_merges(const TokenizerSpec& spec) {
    std::unordered_map<std::string, int32_t> ids;
    for (size_t i = 0; i < spec.tokens.size(); ++i) ids.emplace(spec.tokens[i], static_cast<int32_t>(i));
    struct Merge {
        float score;
        int32_t merged, left, right;
    };
    std::vector<Merge> merges;
    for (size_t i = 0; i < spec.tokens.size(); ++i) {
        const std::string& t = spec.tokens[i];
        const float score = i < spec.scores.size() ? spec.scores[i] : 0.0f;
        std::vector<Merge> local;
        for (size_t cut = 1; cut < t.size(); ++cut) {
            if ((static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) continue;  // inside a code point
            const auto l = ids.find(t.substr(0, cut)), r = ids.find(t.substr(cut));
            if (l != ids.end() && r != ids.end()) local.push_back({score, static_cast<int32_t>(i), l->second, r->second});
        }
        std::sort(local.begin(), local.end(),
                  [](const Merge& a, const Merge& b) { return std::tie(a.left, a.right) < std::tie(b.left, b.right); });
        merges.insert(merges.end(), local.begin(), local.end());
    }
    std::stable_sort(merges.begin(), merges.end(), [](const Merge& a, const Merge& b) { return a.score > b.score; });
    json out = json::array();
    for (const Merge& m : merges)
        out.push_back(json::array({spec.tokens[static_cast<size_t>(m.left)], spec.tokens[static_cast<size_t>(m.right)]}));
    return out;
}

json post_processor(const TokenizerSpec& spec, json fallback) {
    if (!spec.add_bos && !spec.add_eos) return fallback;
    json single = json::array(), pair = json::array(), specials = json::object();
    auto special = [&](int32_t id, int type_id, json& seq) {
        const std::string t = text_of(spec, id);
        seq.push_back({{"SpecialToken", {{"id", t}, {"type_id", type_id}}}});
        specials[t] = {{"id", t}, {"ids", json::array({id})}, {"tokens", json::array({t})}};
    };
    if (spec.add_bos) special(spec.bos_id, 0, single);
    single.push_back({{"Sequence", {{"id", "A"}, {"type_id", 0}}}});
    if (spec.add_eos) special(spec.eos_id, 0, single);
    if (spec.add_bos) special(spec.bos_id, 0, pair);
    pair.push_back({{"Sequence", {{"id", "A"}, {"type_id", 0}}}});
    if (spec.add_eos) special(spec.eos_id, 0, pair);
    if (spec.add_bos) special(spec.bos_id, 1, pair);
    pair.push_back({{"Sequence", {{"id", "B"}, {"type_id", 1}}}});
    if (spec.add_eos) special(spec.eos_id, 1, pair);
    return {{"type", "TemplateProcessing"}, {"single", single}, {"pair", pair}, {"special_tokens", specials}};
}

}  // namespace

json hf_tokenizer_json(const TokenizerSpec& spec) {
    if (spec.kind == TokenizerKind::None) fail_input(spec.source, "the model carries no tokenizer to write");
    json vocab = json::object();
    json added = json::array();
    for (size_t i = 0; i < spec.tokens.size(); ++i) {
        // Later duplicates of a text cannot be in a map; the reader keeps the first id as well.
        if (!vocab.contains(spec.tokens[i])) vocab[spec.tokens[i]] = i;
        const int32_t t = type_of(spec, i);
        if (!is_added(t)) continue;
        added.push_back({{"id", i},
                         {"content", spec.tokens[i]},
                         {"single_word", false},
                         {"lstrip", false},
                         {"rstrip", false},
                         {"normalized", false},
                         {"special", t == static_cast<int32_t>(TokenType::Control)}});
    }
    const bool spm = spec.kind == TokenizerKind::SentencePiece;
    const json post = post_processor(
        spec, spm ? json(nullptr)
                  : json{{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", false}, {"use_regex", true}});
    json merges = json::array();
    if (spm) merges = spm_merges(spec);
    for (const std::string& m : spec.merges) {
        const size_t sp = m.find(' ', 1);
        if (sp == std::string::npos) fail_input(spec.source, "malformed merge " + in_quotes(m));
        merges.push_back(json::array({m.substr(0, sp), m.substr(sp + 1)}));
    }
    const std::string unk = text_of(spec, spec.unk_id);
    // What both kinds share; the kind's normalizer, pre-tokenizer, decoder and flags follow.
    json doc = {{"version", "1.0"},
                {"truncation", nullptr},
                {"padding", nullptr},
                {"added_tokens", added},
                {"post_processor", post},
                {"model",
                 {{"type", "BPE"},
                  {"dropout", nullptr},
                  {"unk_token", unk.empty() ? json(nullptr) : json(unk)},
                  {"continuing_subword_prefix", nullptr},
                  {"end_of_word_suffix", nullptr},
                  {"fuse_unk", false},
                  {"byte_fallback", false},
                  {"ignore_merges", false},
                  {"vocab", vocab},
                  {"merges", merges}}}};
    if (spm) {
        // Llama-2's tokenizer.json: spaces spelled U+2581 (and one prepended), bytes the vocabulary
        // lacks as <0xNN> tokens; the decoder undoes both.
        const std::string space = "\xE2\x96\x81";
        json norms = json::array();
        if (spec.add_space_prefix) norms.push_back({{"type", "Prepend"}, {"prepend", space}});
        norms.push_back({{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", space}});
        json decoders = json::array({{{"type", "Replace"}, {"pattern", {{"String", space}}}, {"content", " "}},
                                     {{"type", "ByteFallback"}},
                                     {{"type", "Fuse"}}});
        if (spec.add_space_prefix) decoders.push_back({{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}});
        doc["normalizer"] = {{"type", "Sequence"}, {"normalizers", norms}};
        doc["pre_tokenizer"] = nullptr;
        doc["decoder"] = {{"type", "Sequence"}, {"decoders", decoders}};
        doc["model"]["fuse_unk"] = true;
        doc["model"]["byte_fallback"] = true;
        return doc;
    }
    doc["normalizer"] = spec.nfc ? json{{"type", "NFC"}} : json(nullptr);
    doc["pre_tokenizer"] = pre_tokenizer(spec);
    doc["decoder"] = {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}};
    doc["model"]["ignore_merges"] = spec.ignore_merges;
    return doc;
}

json hf_tokenizer_config(const TokenizerSpec& spec, int64_t model_max_length, const std::string& chat_template) {
    json decoder = json::object();
    for (size_t i = 0; i < spec.tokens.size(); ++i) {
        const int32_t t = type_of(spec, i);
        if (!is_added(t)) continue;
        decoder[std::to_string(i)] = {{"content", spec.tokens[i]},
                                      {"lstrip", false},
                                      {"normalized", false},
                                      {"rstrip", false},
                                      {"single_word", false},
                                      {"special", t == static_cast<int32_t>(TokenType::Control)}};
    }
    json c = {{"add_bos_token", spec.add_bos},
              {"add_eos_token", spec.add_eos},
              {"added_tokens_decoder", decoder},
              {"clean_up_tokenization_spaces", false},
              {"model_max_length", model_max_length},
              {"tokenizer_class", "PreTrainedTokenizerFast"}};
    auto token = [&](const char* key, int32_t id) {
        const std::string t = text_of(spec, id);
        c[key] = t.empty() ? json(nullptr) : json(t);
    };
    token("bos_token", spec.bos_id);
    token("eos_token", spec.eos_id);
    token("unk_token", spec.unk_id);
    token("pad_token", spec.pad_id);
    if (!chat_template.empty()) c["chat_template"] = chat_template;
    return c;
}

}  // namespace rs
