// The in-memory model: a typed graph addressed by roles, never by tensor names.
// Weights are held dequantized in fp32 (row-major [out, in] like PyTorch's nn.Linear),
// with the file's original dtype of each tensor kept for reports.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rotate/rotation_spec.h"
#include "tokenizer/tokenizer_spec.h"

namespace rs {

using MatrixRM = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using VectorF = Eigen::VectorXf;
using MatrixD = Eigen::MatrixXd;  // double, column-major: Hessians and factorizations

enum class Arch { Llama, Mistral, Qwen2, Qwen3 };
const char* arch_name(Arch a);

// NORM rotates consecutive pairs (x[2i], x[2i+1]) (llama.cpp "llama");
// NEOX rotates (x[i], x[i+d/2]) (HF rotate_half). Loaders convert Llama GGUF Q/K rows back to
// the HF layout, so every Model of arch Llama/Mistral uses NEOX after loading; NORM exists for
// models and tests that keep the interleaved layout.
enum class RopeStyle { Norm, Neox };

// Llama-3 "llama3" frequency scaling (config.json rope_scaling) or explicit per-frequency
// divisors (GGUF rope_freqs tensor).
struct RopeScaling {
    std::string type;  // "llama3", "linear", or "freqs" (explicit factors)
    float factor = 1.0f;
    float low_freq_factor = 1.0f;
    float high_freq_factor = 4.0f;
    int original_context = 8192;
    std::vector<float> freq_factors;  // when type == "freqs": theta_i is divided by these
};

struct ModelConfig {
    Arch arch = Arch::Llama;
    int n_vocab = 0;
    int d_model = 0;
    int n_layers = 0;
    int n_heads = 0;
    int n_kv_heads = 0;
    int head_dim = 0;
    int d_ff = 0;
    int max_context = 2048;
    float rms_eps = 1e-5f;
    float rope_theta = 10000.0f;
    RopeStyle rope_style = RopeStyle::Neox;
    std::optional<RopeScaling> rope_scaling;
    bool tied_embeddings = false;
    bool qkv_bias = false;  // Qwen2
    bool qk_norm = false;   // Qwen3
};

// Roles of the linear layers; capture hooks and later quantization plans are keyed by these.
enum class Role { AttnQ, AttnK, AttnV, AttnO, FfnGate, FfnUp, FfnDown, LmHead };
const char* role_name(Role r);

// The identity of a Linear's contents, for caches of uploaded weights (the CUDA backend's):
// unique in the process, new for every Linear made, copied into, moved into or assigned to, and
// renewed by Linear::touch(), which code that edits w or b in place calls. A cache keyed on the
// identity cannot mistake a new layer at a freed one's address for the old one.
class WeightId {
public:
    WeightId() : value_(next()) {}
    WeightId(const WeightId&) : value_(next()) {}
    WeightId& operator=(const WeightId&) {
        value_ = next();
        return *this;
    }
    uint64_t value() const { return value_; }
    void renew() { value_ = next(); }

private:
    static uint64_t next();
    uint64_t value_;
};

struct Linear {
    MatrixRM w;   // [out, in]
    VectorF b;    // [out] or empty
    std::string source_dtype;  // the checkpoint's storage type of w ("Q4_1", "BF16", ...)
    WeightId id;
    int64_t in() const { return w.cols(); }
    int64_t out() const { return w.rows(); }
    // After an in-place edit of w or b: a new identity, so that device caches upload again.
    void touch() { id.renew(); }
};

struct Layer {
    VectorF attn_norm, ffn_norm;
    VectorF q_norm, k_norm;  // Qwen3 only, [head_dim]
    Linear q, k, v, o, gate, up, down;
};

// What the file said, for `info` and reports.
struct SourceInfo {
    std::string path;
    std::string format;  // "gguf" or "safetensors"
    std::string name;    // general.name or the directory name
    int64_t tensor_count = 0;
    std::map<std::string, int64_t> dtype_counts;  // dtype name -> number of tensors
    int64_t parameter_count = 0;
    std::string file_type;  // GGUF general.file_type name or HF torch_dtype
};

// Rotations a rotated model applies to activations at run time; the offline half is already in
// its weights (rotate/fuse.h), so a Model with these set computes the original function only
// when the forward pass applies them. Capture hooks and activation quantizers see the rotated
// activations, as a quantized kernel would.
struct OnlineRotations {
    std::optional<RotationSpec> r3;  // Q and K of every head after RoPE (order head_dim)
    std::optional<RotationSpec> r4;  // the down_proj input (order d_ff)
    bool any() const { return r3.has_value() || r4.has_value(); }
};

struct Model {
    ModelConfig cfg;
    MatrixRM tok_embd;  // [n_vocab, d_model]
    std::vector<Layer> layers;
    VectorF out_norm;
    // Always present: a tied checkpoint gets a copy of tok_embd here, so that later stages can
    // rotate or quantize the head and the embedding independently (QuaRot unties them too).
    Linear lm_head;
    TokenizerSpec tokenizer;
    SourceInfo source;
    OnlineRotations online;
};

// `m` with new layers: what a method that rebuilds every layer returns. Everything else (embedding,
// head, tokenizer, source, online rotations) is copied; `m`'s own layers are not.
Model with_layers(const Model& m, std::vector<Layer> layers);

}  // namespace rs
