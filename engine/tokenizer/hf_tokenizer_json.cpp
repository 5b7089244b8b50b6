#include "tokenizer/hf_tokenizer_json.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/json_io.h"
#include "core/limits.h"
#include "core/untrusted_text.h"
#include "tokenizer/pretokenizer.h"

namespace rs {

namespace {

using nlohmann::json;

std::string read_text(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    if (!f) return {};
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::string type_of(const json& j) { return j.is_object() ? j.value("type", std::string()) : std::string(); }

// Flattens nested "Sequence" components (normalizers, pre_tokenizers, processors).
void flatten(const json& j, const char* list_key, std::vector<json>& out) {
    if (j.is_null()) return;
    if (type_of(j) == "Sequence" && j.contains(list_key)) {
        for (const auto& c : j[list_key]) flatten(c, list_key, out);
    } else {
        out.push_back(j);
    }
}

// tokenizer_config.json spells special tokens as a string or as {"content": ...}.
std::string token_content(const json& cfg, const char* key) {
    if (!cfg.is_object() || !cfg.contains(key)) return {};
    const json& v = cfg[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v["content"].is_string()) return v["content"].get<std::string>();
    return {};
}

int32_t config_id(const json& cfg, const char* key) {
    if (!cfg.is_object() || !cfg.contains(key)) return -1;
    const json& v = cfg[key];
    const json& first = v.is_array() && !v.empty() ? v[0] : v;
    return static_cast<int32_t>(json_int(first, 0, INT32_MAX).value_or(-1));
}

bool is_byte_level(const json& j) {
    std::vector<json> parts;
    flatten(j, "pretokenizers", parts);
    for (const auto& p : parts)
        if (type_of(p) == "ByteLevel") return true;
    return false;
}

std::string split_pattern(const json& split) {
    const json& p = split.value("pattern", json());
    if (p.is_object()) {
        if (p.contains("Regex")) return p["Regex"].get<std::string>();
        if (p.contains("String")) return p["String"].get<std::string>();
    }
    return {};
}

// Maps a byte-level pre_tokenizer to llama.cpp's pre name; anything unrecognised gets a
// descriptive "hf:..." name that make_tokenizer rejects, naming it for the user.
std::string byte_level_pre_name(const json& pre) {
    std::vector<json> parts;
    flatten(pre, "pretokenizers", parts);
    std::string shape;  // e.g. "Split(\w+)+ByteLevel(no_regex)", for the error message
    for (const auto& p : parts) {
        std::string t = type_of(p);
        if (t == "ByteLevel" && p.value("add_prefix_space", false)) t += "(add_prefix_space)";
        if (t == "ByteLevel" && !p.value("use_regex", true)) t += "(no_regex)";
        if (t == "Split") t += "(" + split_pattern(p) + ")";
        shape += (shape.empty() ? "" : "+") + t;
    }
    auto byte_level_ok = [](const json& bl, bool want_regex) {
        return !bl.value("add_prefix_space", false) && bl.value("use_regex", true) == want_regex;
    };
    if (parts.size() == 1 && type_of(parts[0]) == "ByteLevel" && byte_level_ok(parts[0], true)) return "gpt2";
    if (parts.size() == 2 && type_of(parts[0]) == "Digits" && parts[0].value("individual_digits", false) &&
        type_of(parts[1]) == "ByteLevel" && byte_level_ok(parts[1], true))
        return "smollm";
    if (parts.size() == 2 && type_of(parts[0]) == "Split" && type_of(parts[1]) == "ByteLevel" &&
        byte_level_ok(parts[1], false) && parts[0].value("behavior", std::string()) == "Isolated" &&
        !parts[0].value("invert", false)) {
        const std::string rx = split_pattern(parts[0]);
        if (rx == pre_regex::kLlama3) return "llama-bpe";
        if (rx == pre_regex::kQwen2) return "qwen2";
        if (rx == pre_regex::kGpt2) return "gpt2";
    }
    return "hf:" + (shape.empty() ? std::string("none") : shape);
}

TokenizerSpec spec_from_json(const std::string& tokenizer_json, const std::string& source,
                             const std::string& tokenizer_config, const std::string& model_config) {
    const json root = parse_json(tokenizer_json, source);
    const json tcfg = tokenizer_config.empty() ? json() : parse_json(tokenizer_config, source + " (tokenizer_config.json)");
    const json mcfg = model_config.empty() ? json() : parse_json(model_config, source + " (config.json)");

    TokenizerSpec spec;
    spec.source = source;
    if (!root.is_object() || !root.contains("model") || !root["model"].is_object())
        fail_input(source, "no \"model\" section; not a Hugging Face tokenizer.json");
    const json& model = root["model"];
    const std::string model_type = model.value("type", std::string("BPE"));
    if (model_type != "BPE")
        fail_input(source, "unsupported tokenizer model type " + in_quotes(model_type) + " (supported: BPE)");
    if (!model.value("continuing_subword_prefix", json()).is_null() &&
        !model["continuing_subword_prefix"].get<std::string>().empty())
        fail_input(source, "BPE with continuing_subword_prefix is not supported");
    if (!model.value("end_of_word_suffix", json()).is_null() && !model["end_of_word_suffix"].get<std::string>().empty())
        fail_input(source, "BPE with end_of_word_suffix is not supported");

    // Vocabulary plus added tokens; ids may leave holes, which become unused placeholders.
    static const json kEmptyObject = json::object(), kEmptyArray = json::array();
    const json& vocab = model.contains("vocab") ? model["vocab"] : kEmptyObject;
    const json& added = root.contains("added_tokens") ? root["added_tokens"] : kEmptyArray;
    if (!vocab.is_object()) fail_input(source, "model.vocab is not an object of token -> id");
    if (!added.is_array()) fail_input(source, "added_tokens is not a list");
    const int64_t id_limit = limit_max(Limit::Vocabulary) - 1;
    auto token_id = [&](const json& v, const std::string& what) {
        const auto id = json_int(v, 0, id_limit);
        if (!id) fail_input(source, "the id of " + what + " must be an integer in 0.." + std::to_string(id_limit) + ", not " + json_preview(v));
        return *id;
    };
    auto added_id = [&](const json& a) -> int64_t {
        if (!a.is_object() || !a.contains("id")) return -1;  // skipped, as before
        return token_id(a["id"], "added token " + json_preview(a.value("content", json())));
    };
    int64_t max_id = -1;
    for (const auto& [text, id] : vocab.items()) max_id = std::max<int64_t>(max_id, token_id(id, "token " + in_quotes(text)));
    for (const auto& a : added) max_id = std::max<int64_t>(max_id, added_id(a));
    if (max_id < 0) fail_input(source, "empty vocabulary");
    // Holes in the ids become placeholder tokens; a file may not make us build millions of them
    // from a few bytes, so they are bounded by what it lists.
    const int64_t listed = static_cast<int64_t>(vocab.size() + added.size());
    if (max_id + 1 - listed > std::max<int64_t>(listed, 65536))
        fail_input(source, "token id " + std::to_string(max_id) + " leaves " + std::to_string(max_id + 1 - listed) +
                               " ids unused among " + std::to_string(listed) + " listed tokens; not a real vocabulary");
    const size_t n = static_cast<size_t>(max_id) + 1;
    spec.tokens.assign(n, std::string());
    spec.token_types.assign(n, static_cast<int32_t>(TokenType::Unused));
    std::vector<bool> filled(n, false);
    for (const auto& [text, id] : vocab.items()) {
        const auto i = token_id(id, "token " + in_quotes(text));
        spec.tokens[i] = text;
        spec.token_types[i] = static_cast<int32_t>(TokenType::Normal);
        filled[i] = true;
    }
    for (const auto& a : added) {
        const int64_t i = added_id(a);
        if (i < 0) continue;
        spec.tokens[i] = a.value("content", std::string());
        spec.token_types[i] = static_cast<int32_t>(a.value("special", false) ? TokenType::Control : TokenType::UserDefined);
        filled[i] = true;
    }
    for (size_t i = 0; i < n; ++i)
        if (!filled[i]) spec.tokens[i] = "[PAD" + std::to_string(i) + "]";  // llama.cpp's converter does the same

    std::unordered_map<std::string, int32_t> ids;  // first id wins for duplicated texts
    for (size_t i = 0; i < n; ++i) ids.emplace(spec.tokens[i], static_cast<int32_t>(i));

    // Merges: "a b" strings in older files, ["a", "b"] pairs since tokenizers 0.20.
    for (const auto& m : model.contains("merges") ? model["merges"] : kEmptyArray) {
        if (m.is_string()) spec.merges.push_back(m.get<std::string>());
        else if (m.is_array() && m.size() == 2) spec.merges.push_back(m[0].get<std::string>() + " " + m[1].get<std::string>());
        else fail_input(source, "malformed BPE merge entry " + json_preview(m));
    }
    spec.ignore_merges = model.value("ignore_merges", false);

    // Normalizer: NFC is applied; Prepend("▁")/Replace(" ", "▁") are the SentencePiece spelling.
    std::vector<json> norms;
    flatten(root.value("normalizer", json()), "normalizers", norms);
    bool spm_spaces = false, prepend = false;
    for (const auto& nm : norms) {
        const std::string t = type_of(nm);
        if (t == "NFC") spec.nfc = true;
        else if (t == "Prepend") prepend = nm.value("prepend", std::string()) == "\xE2\x96\x81";
        else if (t == "Replace" && nm.value("content", std::string()) == "\xE2\x96\x81") spm_spaces = true;
        else fail_input(source, "unsupported normalizer " + in_quotes(t));
    }

    const json& pre = root.value("pre_tokenizer", json());
    const json& decoder = root.value("decoder", json());
    std::vector<json> pre_parts;
    flatten(pre, "pretokenizers", pre_parts);
    bool metaspace = false;
    for (const auto& p : pre_parts) {
        if (type_of(p) != "Metaspace") continue;
        metaspace = true;
        const std::string scheme = p.value("prepend_scheme", std::string());
        prepend = prepend || p.value("add_prefix_space", false) || scheme == "always" || scheme == "first";
    }

    if (is_byte_level(pre) || type_of(decoder) == "ByteLevel") {
        spec.kind = TokenizerKind::ByteLevelBpe;
        spec.pre = byte_level_pre_name(pre);
    } else if (model.value("byte_fallback", false) || spm_spaces || metaspace) {
        spec.kind = TokenizerKind::SentencePiece;
        spec.pre = "default";
        spec.add_space_prefix = prepend;
        for (size_t i = 0; i < n; ++i) {
            const std::string& t = spec.tokens[i];
            if (spec.token_types[i] == static_cast<int32_t>(TokenType::Normal) && t.size() == 6 &&
                t.rfind("<0x", 0) == 0 && t[5] == '>')
                spec.token_types[i] = static_cast<int32_t>(TokenType::Byte);
        }
        // SentencePiece merges by score; HF lists the same merges by rank, so a token made by
        // an earlier merge scores higher. Tokens no merge produces can only be reached last.
        spec.scores.assign(n, -1e9f);
        for (size_t r = 0; r < spec.merges.size(); ++r) {
            const std::string& m = spec.merges[r];
            const size_t sp = m.find(' ', 1);
            if (sp == std::string::npos) continue;
            auto it = ids.find(m.substr(0, sp) + m.substr(sp + 1));
            if (it != ids.end() && spec.scores[it->second] == -1e9f) spec.scores[it->second] = -static_cast<float>(r);
        }
        spec.merges.clear();
    } else {
        fail_input(source, "unsupported BPE tokenizer: neither byte-level nor SentencePiece-style spaces");
    }

    auto id_of = [&](const std::string& text) -> int32_t {
        auto it = text.empty() ? ids.end() : ids.find(text);
        return it == ids.end() ? -1 : it->second;
    };

    if (model.contains("unk_token") && model["unk_token"].is_string()) {
        spec.unk_id = id_of(model["unk_token"].get<std::string>());
        if (spec.unk_id >= 0 && spec.token_types[spec.unk_id] == static_cast<int32_t>(TokenType::Normal))
            spec.token_types[spec.unk_id] = static_cast<int32_t>(TokenType::Unknown);
    }

    // BOS/EOS from the post-processor template: specials before $A are prepended, after it appended.
    int32_t tpl_bos = -1, tpl_eos = -1;
    std::vector<json> procs;
    flatten(root.value("post_processor", json()), "processors", procs);
    for (const auto& p : procs) {
        if (type_of(p) != "TemplateProcessing" || !p.contains("single")) continue;
        bool seen_seq = false;
        for (const auto& item : p["single"]) {
            if (item.contains("Sequence")) {
                seen_seq = true;
            } else if (item.contains("SpecialToken")) {
                const std::string text = item["SpecialToken"].value("id", std::string());
                int32_t id = id_of(text);
                const json& st = p.value("special_tokens", json::object());
                if (st.contains(text) && st[text].contains("ids") && st[text]["ids"].is_array() && !st[text]["ids"].empty())
                    id = static_cast<int32_t>(json_int(st[text]["ids"][0], 0, INT32_MAX).value_or(-1));
                if (!seen_seq && tpl_bos < 0) tpl_bos = id;
                if (seen_seq && tpl_eos < 0) tpl_eos = id;
            }
        }
    }

    auto first_present = [&](std::initializer_list<const char*> texts) {
        for (const char* t : texts)
            if (int32_t id = id_of(t); id >= 0) return id;
        return -1;
    };
    auto pick = [&](std::initializer_list<int32_t> cands) {
        for (int32_t id : cands)
            if (id >= 0 && static_cast<size_t>(id) < n) return id;  // config.json ids may be stale
        return -1;
    };
    spec.bos_id = pick({id_of(token_content(tcfg, "bos_token")), tpl_bos, config_id(mcfg, "bos_token_id"),
                        first_present({"<s>", "<|begin_of_text|>", "<bos>", "<|startoftext|>"})});
    spec.eos_id = pick({id_of(token_content(tcfg, "eos_token")), tpl_eos, config_id(mcfg, "eos_token_id"),
                        first_present({"</s>", "<|end_of_text|>", "<eos>", "<|endoftext|>", "<|im_end|>"})});
    spec.pad_id = pick({id_of(token_content(tcfg, "pad_token")), config_id(mcfg, "pad_token_id")});
    if (spec.unk_id < 0) spec.unk_id = id_of(token_content(tcfg, "unk_token"));

    spec.add_bos = tcfg.is_object() && tcfg.contains("add_bos_token") && tcfg["add_bos_token"].is_boolean()
                       ? tcfg["add_bos_token"].get<bool>()
                       : tpl_bos >= 0;
    spec.add_eos = tcfg.is_object() && tcfg.contains("add_eos_token") && tcfg["add_eos_token"].is_boolean()
                       ? tcfg["add_eos_token"].get<bool>()
                       : tpl_eos >= 0;
    if (spec.add_bos && spec.bos_id < 0) spec.add_bos = false;
    if (spec.add_eos && spec.eos_id < 0) spec.add_eos = false;
    if (tcfg.is_object() && tcfg.contains("chat_template") && tcfg["chat_template"].is_string())
        spec.chat_template = tcfg["chat_template"].get<std::string>();
    return spec;
}

}  // namespace

TokenizerSpec tokenizer_spec_from_hf_json_text(const std::string& tokenizer_json, const std::string& source,
                                               const std::string& tokenizer_config,
                                               const std::string& model_config) {
    try {
        return spec_from_json(tokenizer_json, source, tokenizer_config, model_config);
    } catch (const json::exception& e) {
        // A field of the wrong JSON type somewhere (the optional fields are read with the
        // library's value(), which throws type_error for a value of another type).
        fail_input(source, "malformed tokenizer.json: " + json_error_detail(e));
    }
}

TokenizerSpec tokenizer_spec_from_hf_json(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) fail_input(path, "no such file");
    const std::string text = read_text(path);
    if (text.empty()) fail_input(path, "cannot read the file, or it is empty");
    const fs::path dir = fs::path(path).parent_path();
    return tokenizer_spec_from_hf_json_text(text, path, read_text(dir / "tokenizer_config.json"),
                                            read_text(dir / "config.json"));
}

}  // namespace rs
