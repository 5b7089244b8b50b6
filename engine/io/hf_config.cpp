#include "io/hf_config.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/error.h"
#include "core/json_io.h"
#include "core/limits.h"
#include "core/untrusted_text.h"

namespace rs {

namespace {

using nlohmann::json;

struct ArchRow {
    const char* cls;
    const char* model_type;
    Arch arch;
    int default_context;  // transformers' per-class max_position_embeddings default
};
constexpr ArchRow kArchs[] = {
    {"LlamaForCausalLM", "llama", Arch::Llama, 2048},
    {"MistralForCausalLM", "mistral", Arch::Mistral, 4096 * 32},
    {"Qwen2ForCausalLM", "qwen2", Arch::Qwen2, 32768},
    {"Qwen3ForCausalLM", "qwen3", Arch::Qwen3, 32768},
};

const ArchRow& arch_row(Arch arch) {
    for (const ArchRow& r : kArchs)
        if (r.arch == arch) return r;
    fail_runtime(std::string("no Hugging Face class for architecture ") + arch_name(arch));
}

// Typed access to one JSON object. A null value counts as absent, as in transformers, where
// `"rope_scaling": null` or `"head_dim": null` mean "use the default".
class Keys {
public:
    Keys(const json& obj, const std::string& src, std::string prefix = "")
        : obj_(obj), src_(src), prefix_(std::move(prefix)) {}

    const json* get(const char* key) const {
        auto it = obj_.find(key);
        return (it == obj_.end() || it->is_null()) ? nullptr : &*it;
    }
    [[noreturn]] void fail(const char* key, const std::string& problem) const {
        fail_input(src_, "key '" + prefix_ + key + "' " + problem);
    }
    [[noreturn]] void wrong_type(const char* key, const char* want, const json& v) const {
        fail(key, std::string("must be ") + want + ", but is the " + v.type_name() + " " + json_preview(v));
    }

    std::optional<int64_t> opt_int(const char* key) const {
        const json* v = get(key);
        if (!v) return std::nullopt;
        // 576.0 still names an integer; 576.5 does not.
        if (auto x = json_int(*v, INT64_MIN, INT64_MAX, true)) return x;
        if (v->is_number_integer()) fail(key, "is too large");
        wrong_type(key, "an integer", *v);
    }
    int64_t req_int(const char* key) const {
        auto v = opt_int(key);
        if (!v) fail(key, "is missing");
        return *v;
    }
    // A dimension or count: positive and within its row of the limits table.
    int dim(const char* key, Limit limit, std::optional<int64_t> fallback = std::nullopt) const {
        auto v = opt_int(key);
        if (!v && !fallback) fail(key, "is missing");
        return static_cast<int>(check_limit(limit, v ? *v : *fallback, src_, "key '" + prefix_ + key + "'"));
    }
    std::optional<double> opt_num(const char* key) const {
        const json* v = get(key);
        if (!v) return std::nullopt;
        if (!v->is_number()) wrong_type(key, "a number", *v);
        return v->get<double>();  // finite: the parser refuses 1e400 and JSON has no NaN
    }
    std::optional<bool> opt_bool(const char* key) const {
        const json* v = get(key);
        if (!v) return std::nullopt;
        if (!v->is_boolean()) wrong_type(key, "true or false", *v);
        return v->get<bool>();
    }
    std::optional<std::string> opt_str(const char* key) const {
        const json* v = get(key);
        if (!v) return std::nullopt;
        if (!v->is_string()) wrong_type(key, "a string", *v);
        return v->get<std::string>();
    }
    const json* opt_object(const char* key) const {
        const json* v = get(key);
        if (v && !v->is_object()) wrong_type(key, "an object", *v);
        return v;
    }

private:
    const json& obj_;
    const std::string& src_;
    std::string prefix_;
};

float positive_float(const Keys& k, const char* key, double fallback) {
    const double v = k.opt_num(key).value_or(fallback);
    if (!std::isfinite(v) || v <= 0 || v > 3.0e38) k.fail(key, "must be a positive finite number, but is " + std::to_string(v));
    return static_cast<float>(v);
}

const ArchRow& pick_arch(const Keys& k, const std::string& src) {
    std::string supported;
    for (const auto& r : kArchs) supported += std::string(supported.empty() ? "" : ", ") + r.cls;
    if (const json* a = k.get("architectures")) {
        if (!a->is_array()) k.wrong_type("architectures", "a list of class names", *a);
        for (const auto& name : *a) {
            if (!name.is_string()) k.wrong_type("architectures", "a list of class names", *a);
            for (const auto& r : kArchs)
                if (name.get<std::string>() == r.cls) return r;
        }
        if (!a->empty())
            fail_input(src, "unsupported architecture " + in_quotes((*a)[0].get<std::string>()) + " (supported: " + supported + ")");
    }
    // Some hand-written or converted configs carry only model_type.
    if (auto mt = k.opt_str("model_type")) {
        for (const auto& r : kArchs)
            if (*mt == r.model_type) return r;
        fail_input(src, "unsupported model_type " + in_quotes(*mt) + " (supported: llama, mistral, qwen2, qwen3)");
    }
    fail_input(src, "names no architecture (neither 'architectures' nor 'model_type' is set)");
}

// rope_scaling (transformers 4) or rope_parameters (transformers 5); "type" is the pre-4.45 key.
std::optional<RopeScaling> parse_rope_scaling(const json& obj, const std::string& src, const char* where,
                                              bool type_required) {
    const Keys k(obj, src, std::string(where) + ".");
    auto type = k.opt_str("rope_type");
    if (!type) type = k.opt_str("type");
    if (!type) {
        if (type_required) k.fail("rope_type", "is missing");
        return std::nullopt;
    }
    if (*type == "default") return std::nullopt;
    if (*type != "linear" && *type != "llama3")
        fail_input(src, std::string("key '") + where + "' asks for rope type " + in_quotes(*type) +
                            ", which is not supported (supported: default, linear, llama3)");
    RopeScaling s;
    s.type = *type;
    if (!k.opt_num("factor")) k.fail("factor", "is missing");
    s.factor = positive_float(k, "factor", 1.0);
    if (s.type == "llama3") {
        s.low_freq_factor = positive_float(k, "low_freq_factor", 1.0);
        s.high_freq_factor = positive_float(k, "high_freq_factor", 4.0);
        s.original_context = k.dim("original_max_position_embeddings", Limit::Context, 8192);
        // The llama3 formula divides by (high - low).
        if (!(s.high_freq_factor > s.low_freq_factor))
            k.fail("high_freq_factor", "must be larger than low_freq_factor");
    }
    return s;
}

}  // namespace

HfConfig parse_hf_config_text(const std::string& json_text, const std::string& src) {
    const json j = parse_json(json_text, src);
    if (!j.is_object()) fail_input(src, "is not a JSON object");
    const Keys k(j, src);

    HfConfig h;
    const ArchRow& arch = pick_arch(k, src);
    h.architecture = arch.cls;
    h.model_type = k.opt_str("model_type").value_or("");
    if (auto d = k.opt_str("torch_dtype")) h.torch_dtype = *d;
    else h.torch_dtype = k.opt_str("dtype").value_or("");

    if (auto act = k.opt_str("hidden_act"); act && *act != "silu" && *act != "swish")
        k.fail("hidden_act", "is " + in_quotes(*act) + ", but only silu is supported");

    ModelConfig& c = h.cfg;
    c.arch = arch.arch;
    c.n_vocab = k.dim("vocab_size", Limit::Vocabulary);
    c.d_model = k.dim("hidden_size", Limit::ModelWidth);
    c.n_layers = k.dim("num_hidden_layers", Limit::Layers);
    c.n_heads = k.dim("num_attention_heads", Limit::Heads);
    c.n_kv_heads = k.dim("num_key_value_heads", Limit::Heads, c.n_heads);
    c.d_ff = k.dim("intermediate_size", Limit::FfnWidth);
    c.max_context = k.dim("max_position_embeddings", Limit::Context, arch.default_context);
    c.rms_eps = positive_float(k, "rms_norm_eps", 1e-6);
    if (!k.get("head_dim") && arch.arch != Arch::Qwen3 && c.d_model % c.n_heads != 0)
        fail_input(src, "hidden_size " + std::to_string(c.d_model) + " is not divisible by num_attention_heads " +
                            std::to_string(c.n_heads) + " and no head_dim is given");
    // Qwen3Config defaults head_dim to 128 rather than hidden/heads.
    c.head_dim = k.dim("head_dim", Limit::HeadDim, arch.arch == Arch::Qwen3 ? 128 : c.d_model / c.n_heads);
    if (c.n_heads % c.n_kv_heads != 0)
        fail_input(src, "num_attention_heads " + std::to_string(c.n_heads) + " is not a multiple of num_key_value_heads " +
                            std::to_string(c.n_kv_heads));
    if (c.head_dim % 2 != 0)
        fail_input(src, "head_dim " + std::to_string(c.head_dim) + " must be even for rotary embeddings");

    const json* rope_params = k.opt_object("rope_parameters");
    double theta = 10000.0;
    if (k.get("rope_theta")) {
        theta = *k.opt_num("rope_theta");
    } else if (rope_params) {
        theta = Keys(*rope_params, src, "rope_parameters.").opt_num("rope_theta").value_or(theta);
    }
    if (!std::isfinite(theta) || theta <= 0 || theta > 3.0e38)
        fail_input(src, "key 'rope_theta' must be a positive finite number, but is " + std::to_string(theta));
    c.rope_theta = static_cast<float>(theta);
    if (const json* rs = k.opt_object("rope_scaling"))
        c.rope_scaling = parse_rope_scaling(*rs, src, "rope_scaling", true);
    else if (rope_params)
        c.rope_scaling = parse_rope_scaling(*rope_params, src, "rope_parameters", false);
    c.rope_style = RopeStyle::Neox;  // HF checkpoints use rotate_half for all four families

    // transformers' per-class default for these four is false; the loader also treats a missing
    // lm_head.weight as tied.
    c.tied_embeddings = k.opt_bool("tie_word_embeddings").value_or(false);
    h.attention_bias = k.opt_bool("attention_bias").value_or(false);
    h.mlp_bias = k.opt_bool("mlp_bias").value_or(false);
    c.qkv_bias = arch.arch == Arch::Qwen2 || h.attention_bias;
    c.qk_norm = arch.arch == Arch::Qwen3;

    if (arch.arch == Arch::Mistral) {
        h.sliding_window = k.opt_int("sliding_window").value_or(0);
    } else if (arch.arch == Arch::Qwen2 || arch.arch == Arch::Qwen3) {
        if (k.opt_bool("use_sliding_window").value_or(false)) h.sliding_window = k.opt_int("sliding_window").value_or(0);
    }
    if (h.sliding_window < 0) k.fail("sliding_window", "must not be negative");

    h.bos_token_id = k.opt_int("bos_token_id").value_or(-1);
    if (const json* eos = k.get("eos_token_id")) {
        if (eos->is_array()) {
            for (const auto& e : *eos) {
                const auto id = json_int(e, INT64_MIN, INT64_MAX);
                if (!id) k.wrong_type("eos_token_id", "an integer or a list of integers", *eos);
                h.eos_token_ids.push_back(*id);
            }
        } else {
            h.eos_token_ids.push_back(k.req_int("eos_token_id"));
        }
    }
    return h;
}

HfConfig parse_hf_config(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) fail_input(path, "cannot open (" + ec.message() + ")");
    // Real configs are a few KB; refuse to slurp something that is clearly not one.
    if (size > (16u << 20)) fail_input(path, "is larger than 16 MB; not a config.json");
    std::ifstream in(path, std::ios::binary);
    std::string text(static_cast<size_t>(size), '\0');
    if (!in || !in.read(text.data(), static_cast<std::streamsize>(size))) fail_input(path, "cannot read");
    return parse_hf_config_text(text, path);
}

const char* hf_architecture_class(Arch arch) { return arch_row(arch).cls; }
const char* hf_model_type(Arch arch) { return arch_row(arch).model_type; }

}  // namespace rs
