#include "model/checkpoint.h"

#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "io/gguf.h"
#include "io/gguf_tokenizer.h"
#include "io/hf_config.h"
#include "io/safetensors.h"
#include "model/arch_tensors.h"
#include "model/gguf_config.h"
#include "model/loader.h"
#include "model/roles.h"
#include "model/tensor_plan.h"
#include "model/tensor_source.h"
#include "tokenizer/hf_tokenizer_json.h"

namespace rs {
namespace fs = std::filesystem;
namespace {

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

// The checkpoint slot of each linear role.
struct LinearSlot {
    Role role;
    Slot slot;
};
constexpr LinearSlot kLinearSlots[] = {
    {Role::AttnQ, Slot::Q},      {Role::AttnK, Slot::K},  {Role::AttnV, Slot::V},      {Role::AttnO, Slot::O},
    {Role::FfnGate, Slot::Gate}, {Role::FfnUp, Slot::Up}, {Role::FfnDown, Slot::Down}, {Role::LmHead, Slot::LmHead},
};

Linear* linear_of(Layer& L, Slot slot) {
    for (const LinearSlot& s : kLinearSlots)
        if (s.slot == slot && s.role != Role::LmHead) return &(L.*role_traits(s.role).linear);
    return nullptr;
}
VectorF* vector_of(Layer& L, Slot slot) {
    switch (slot) {
        case Slot::AttnNorm: return &L.attn_norm;
        case Slot::FfnNorm: return &L.ffn_norm;
        case Slot::QNorm: return &L.q_norm;
        case Slot::KNorm: return &L.k_norm;
        case Slot::QBias: return &L.q.b;
        case Slot::KBias: return &L.k.b;
        case Slot::VBias: return &L.v.b;
        default: return nullptr;
    }
}

}  // namespace

struct Checkpoint::Impl {
    ModelConfig cfg;
    TokenizerSpec tokenizer;
    SourceInfo source;
    std::vector<std::string> problems;
    std::unique_ptr<GgufFile> gguf;
    std::unique_ptr<SafetensorsModel> st;
    std::unique_ptr<TensorSource> src;
    NameScheme scheme = NameScheme::Gguf;
    bool permuted_qk = false;  // GGUF "llama": Q/K rows interleaved by llama.cpp's converter
    std::vector<PlannedTensor> plan;

    // A NaN or Inf weight would silently turn every later number into NaN; refuse it here.
    void expect_finite(const std::string& name, const float* p, int64_t n) const {
        bool finite = true;
#pragma omp parallel for reduction(&& : finite)
        for (int64_t i = 0; i < n; ++i) finite = finite && std::isfinite(p[i]);
        if (!finite) fail_input(src->path(), "tensor '" + name + "' contains NaN or infinite values");
    }
    void fill(const std::string& name, float* dst, int64_t n) const {
        src->read_f32(name, dst);
        expect_finite(name, dst, n);
    }
    std::string name(Slot slot, int layer = -1) const { return tensor_name(scheme, slot, layer); }
    std::string head_name() const { return name(cfg.tied_embeddings ? Slot::TokEmbd : Slot::LmHead); }

    void open_gguf(const std::string& path) {
        gguf = GgufFile::open(path);
        cfg = model_config_from_gguf(*gguf);
        src = make_gguf_source(*gguf);
        tokenizer = tokenizer_spec_from_gguf(*gguf);
        fill_source_info(source, *src, "gguf", gguf->get_string("general.name").value_or(fs::path(path).stem().string()));
        if (auto ft = gguf->get_int("general.file_type")) source.file_type = "llama_ftype " + std::to_string(*ft);
        permuted_qk = gguf->get_string("general.architecture") == "llama";
    }

    void open_hf_dir(const std::string& dir) {
        const std::string config_path = (fs::path(dir) / "config.json").string();
        if (!fs::exists(config_path)) fail_input(dir, "not a Hugging Face model directory (no config.json)");
        scheme = NameScheme::HuggingFace;
        HfConfig hf = parse_hf_config(config_path);
        cfg = hf.cfg;
        st = SafetensorsModel::open_dir(dir);
        src = make_safetensors_source(*st, dir);
        // A checkpoint without lm_head.weight ties it to the embedding whatever config.json says.
        if (!src->has(tensor_name(NameScheme::HuggingFace, Slot::LmHead))) cfg.tied_embeddings = true;
        const std::string tok_path = (fs::path(dir) / "tokenizer.json").string();
        if (fs::exists(tok_path)) tokenizer = tokenizer_spec_from_hf_json(tok_path);
        fs::path norm = fs::absolute(dir).lexically_normal();
        if (norm.filename().empty()) norm = norm.parent_path();
        fill_source_info(source, *src, "safetensors", norm.filename().string());
        source.file_type = hf.torch_dtype;
    }

    void open(const std::string& spec) {
        const std::string path = resolve_model_path(spec);
        const fs::path p(path);
        if (fs::is_directory(path)) open_hf_dir(path);
        else if (p.filename() == "config.json" || p.extension() == ".safetensors" || p.filename() == "model.safetensors.index.json")
            open_hf_dir(p.parent_path().empty() ? "." : p.parent_path().string());
        else open_gguf(path);
    }

    // The small model-level tensors that change the configuration (GGUF rope_freqs).
    void read_config_tensors() {
        for (const PlannedTensor& t : plan) {
            if (t.slot != Slot::RopeFreqs || !src->has(t.name)) continue;
            RopeScaling s;
            s.type = "freqs";
            s.freq_factors.resize(static_cast<size_t>(t.shape[0]));
            fill(t.name, s.freq_factors.data(), t.shape[0]);
            cfg.rope_scaling = s;
        }
    }
};

Checkpoint::Checkpoint() : impl_(std::make_unique<Impl>()) {}
Checkpoint::~Checkpoint() = default;

std::unique_ptr<Checkpoint> Checkpoint::inspect(const std::string& spec) {
    std::unique_ptr<Checkpoint> c(new Checkpoint());
    Impl& m = *c->impl_;
    m.open(spec);
    m.problems = check_tensors(*m.src, m.cfg, m.scheme, m.tokenizer);
    return c;
}

std::unique_ptr<Checkpoint> Checkpoint::open(const std::string& spec) {
    std::unique_ptr<Checkpoint> c(new Checkpoint());
    Impl& m = *c->impl_;
    m.open(spec);
    // Every tensor is checked before the first is read, and the message says how many more
    // problems `info` would list.
    m.problems = check_tensors(*m.src, m.cfg, m.scheme, m.tokenizer, 1);
    if (!m.problems.empty())
        fail_input(m.src->path(), m.problems[0] + (m.problems.size() > 1 ? " (" + m.problems[1] + "; `rotoscope-cli info` lists them)" : ""));
    m.plan = tensor_plan(m.cfg, m.scheme);
    m.read_config_tensors();
    return c;
}

const ModelConfig& Checkpoint::cfg() const { return impl_->cfg; }
const TokenizerSpec& Checkpoint::tokenizer() const { return impl_->tokenizer; }
const SourceInfo& Checkpoint::source() const { return impl_->source; }
const std::vector<std::string>& Checkpoint::problems() const { return impl_->problems; }
int64_t Checkpoint::tensor_count() const { return static_cast<int64_t>(impl_->plan.size()); }

void Checkpoint::read_layer(int l, Layer& L, const OnTensor& on_tensor) const {
    const Impl& m = *impl_;
    if (l < 0 || l >= m.cfg.n_layers) fail_runtime("layer " + std::to_string(l) + " of a model of " + std::to_string(m.cfg.n_layers));
    for (const PlannedTensor& t : m.plan) {
        if (t.layer != l) continue;
        if (Linear* lin = linear_of(L, t.slot)) {
            lin->w.resize(t.shape[0], t.shape[1]);
            m.fill(t.name, lin->w.data(), lin->w.size());
            lin->source_dtype = m.src->dtype(t.name);
            if (!m.cfg.qkv_bias) lin->b.resize(0);
            lin->touch();  // a reused Layer's buffers get new contents
        } else if (VectorF* v = vector_of(L, t.slot)) {
            v->resize(t.shape[0]);
            m.fill(t.name, v->data(), v->size());
        }
        if (on_tensor) on_tensor(t.name);
    }
    if (m.permuted_qk) {
        unpermute_rows(L.q.w, m.cfg.n_heads, m.cfg.head_dim);
        unpermute_rows(L.k.w, m.cfg.n_kv_heads, m.cfg.head_dim);
        unpermute_vector(L.q.b, m.cfg.n_heads, m.cfg.head_dim);
        unpermute_vector(L.k.b, m.cfg.n_kv_heads, m.cfg.head_dim);
    }
}

void Checkpoint::release_layer(int l) const {
    for (const PlannedTensor& t : impl_->plan)
        if (t.layer == l) impl_->src->release(t.name);
}

void Checkpoint::read_embedding(MatrixRM& out) const {
    const Impl& m = *impl_;
    out.resize(m.cfg.n_vocab, m.cfg.d_model);
    m.fill(m.name(Slot::TokEmbd), out.data(), out.size());
}

void Checkpoint::embedding_rows(std::span<const int32_t> tokens, MatrixRM& out) const {
    const Impl& m = *impl_;
    const std::string name = m.name(Slot::TokEmbd);
    out.resize(static_cast<int64_t>(tokens.size()), m.cfg.d_model);
    for (size_t t = 0; t < tokens.size(); ++t) {
        if (tokens[t] < 0 || tokens[t] >= m.cfg.n_vocab)
            fail_runtime("token id " + std::to_string(tokens[t]) + " is outside the vocabulary of " + std::to_string(m.cfg.n_vocab));
        m.src->read_rows_f32(name, tokens[t], 1, out.row(static_cast<int64_t>(t)).data());
    }
    m.expect_finite(name, out.data(), out.size());
}

void Checkpoint::read_out_norm(VectorF& out) const {
    const Impl& m = *impl_;
    out.resize(m.cfg.d_model);
    m.fill(m.name(Slot::OutNorm), out.data(), out.size());
}

void Checkpoint::head_rows(int64_t r0, int64_t n, MatrixRM& out) const {
    const Impl& m = *impl_;
    const std::string name = m.head_name();
    out.resize(n, m.cfg.d_model);
    m.src->read_rows_f32(name, r0, n, out.data());
    m.expect_finite(name, out.data(), out.size());
}

std::string Checkpoint::linear_dtype(int layer, Role role) const {
    if (role == Role::LmHead) return head_dtype();
    for (const LinearSlot& s : kLinearSlots)
        if (s.role == role) return impl_->src->dtype(impl_->name(s.slot, layer));
    fail_runtime(std::string("no checkpoint slot for role ") + role_name(role));
}

std::string Checkpoint::head_dtype() const { return impl_->src->dtype(impl_->head_name()); }

void Checkpoint::release_head() const { impl_->src->release(impl_->head_name()); }

void Checkpoint::release_embedding() const { impl_->src->release(impl_->name(Slot::TokEmbd)); }

}  // namespace rs
