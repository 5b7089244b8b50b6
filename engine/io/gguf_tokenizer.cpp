#include "io/gguf_tokenizer.h"

#include "core/error.h"
#include "core/untrusted_text.h"

namespace rs {

namespace {

const GgufArray& required_array(const GgufFile& f, const std::string& key, GgufValueType elem, const std::string& model) {
    const GgufArray* a = f.get_array(key);
    if (!a) fail_input(f.path(), key + " is missing or not an array (required by tokenizer model " + in_quotes(model) + ")");
    if (a->elem_type != elem)
        fail_input(f.path(), key + " must be an array of " + gguf_value_type_name(elem) + ", not of " +
                                 gguf_value_type_name(a->elem_type));
    return *a;
}

// Optional per-token arrays must line up with the vocabulary, or every id lookup goes wrong.
const GgufArray* optional_array(const GgufFile& f, const std::string& key, bool want_integer, size_t n_tokens) {
    const GgufArray* a = f.get_array(key);
    if (!a) {
        if (f.has(key)) fail_input(f.path(), key + " must be an array");
        return nullptr;
    }
    const bool numeric = a->elem_type != GgufValueType::STRING && a->elem_type != GgufValueType::ARRAY;
    const bool integer = numeric && a->elem_type != GgufValueType::F32 && a->elem_type != GgufValueType::F64;
    if (!numeric || (want_integer && !integer))
        fail_input(f.path(), key + " has elements of type " + gguf_value_type_name(a->elem_type) + " (expected " +
                                 (want_integer ? "integers" : "numbers") + ")");
    if (a->size() != n_tokens)
        fail_input(f.path(), key + " has " + std::to_string(a->size()) + " entries but tokenizer.ggml.tokens has " +
                                 std::to_string(n_tokens));
    return a;
}

void read_id(const GgufFile& f, const std::string& key, size_t n_tokens, int32_t& id) {
    const auto v = f.get_int(key);
    if (v && *v >= 0 && static_cast<uint64_t>(*v) < n_tokens) id = static_cast<int32_t>(*v);
}

void read_flag(const GgufFile& f, const std::string& key, bool& flag) {
    if (const auto v = f.get_bool(key)) flag = *v;
}

}  // namespace

TokenizerSpec tokenizer_spec_from_gguf(const GgufFile& f) {
    TokenizerSpec spec;
    spec.source = f.path();
    if (!f.has("tokenizer.ggml.model")) return spec;
    const auto model = f.get_string("tokenizer.ggml.model");
    if (!model) fail_input(f.path(), "tokenizer.ggml.model must be a string");
    if (*model == "none") return spec;
    if (*model == "gpt2") {
        spec.kind = TokenizerKind::ByteLevelBpe;
    } else if (*model == "llama") {
        spec.kind = TokenizerKind::SentencePiece;
    } else {
        fail_input(f.path(), "unsupported tokenizer model " + in_quotes(*model) + " (supported: gpt2, llama)");
    }

    spec.tokens = required_array(f, "tokenizer.ggml.tokens", GgufValueType::STRING, *model).strings;
    const size_t n = spec.tokens.size();
    if (n == 0) fail_input(f.path(), "tokenizer.ggml.tokens is empty");
    if (n > static_cast<size_t>(INT32_MAX)) fail_input(f.path(), "tokenizer.ggml.tokens has too many entries");

    if (const GgufArray* s = optional_array(f, "tokenizer.ggml.scores", false, n)) {
        spec.scores.reserve(n);
        for (double v : s->numbers) spec.scores.push_back(static_cast<float>(v));
    }
    if (const GgufArray* t = optional_array(f, "tokenizer.ggml.token_type", true, n)) {
        spec.token_types.reserve(n);
        for (int64_t v : t->ints) spec.token_types.push_back(static_cast<int32_t>(v));
    }
    if (spec.kind == TokenizerKind::ByteLevelBpe) {
        spec.merges = required_array(f, "tokenizer.ggml.merges", GgufValueType::STRING, *model).strings;
    } else if (const GgufArray* m = f.get_array("tokenizer.ggml.merges"); m && m->elem_type == GgufValueType::STRING) {
        spec.merges = m->strings;  // some SentencePiece converters ship merges too; harmless to keep
    }

    if (f.has("tokenizer.ggml.pre")) {
        const auto pre = f.get_string("tokenizer.ggml.pre");
        if (!pre) fail_input(f.path(), "tokenizer.ggml.pre must be a string");
        spec.pre = *pre;
    }

    if (spec.kind == TokenizerKind::SentencePiece) {
        // llama.cpp's SPM defaults (Llama-2 numbering) apply when the file does not say.
        spec.bos_id = n > 1 ? 1 : -1;
        spec.eos_id = n > 2 ? 2 : -1;
        spec.unk_id = 0;
        spec.add_bos = true;
        spec.add_space_prefix = true;
    } else {
        spec.add_bos = spec.pre == "llama-bpe" || spec.pre == "llama3" || spec.pre == "llama-v3";
        spec.add_space_prefix = false;
        // llama.cpp's pre-tokenizer switches that the spec models explicitly.
        spec.ignore_merges = spec.pre == "llama-bpe" || spec.pre == "llama3" || spec.pre == "llama-v3";
        spec.nfc = spec.pre == "qwen2";
    }
    read_id(f, "tokenizer.ggml.bos_token_id", n, spec.bos_id);
    read_id(f, "tokenizer.ggml.eos_token_id", n, spec.eos_id);
    read_id(f, "tokenizer.ggml.unknown_token_id", n, spec.unk_id);
    read_id(f, "tokenizer.ggml.padding_token_id", n, spec.pad_id);
    read_flag(f, "tokenizer.ggml.add_bos_token", spec.add_bos);
    read_flag(f, "tokenizer.ggml.add_eos_token", spec.add_eos);
    read_flag(f, "tokenizer.ggml.add_space_prefix", spec.add_space_prefix);
    spec.chat_template = f.get_string("tokenizer.chat_template").value_or("");
    return spec;
}

}  // namespace rs
