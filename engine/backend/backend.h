// The compute backend behind the forward pass. The CPU backend is the reference; the CUDA
// backend is checked against it op by op (tests/engine/backend_ops_test.cpp): matrix products
// and RMSNorm, and what the pipeline does to activations on their way into a linear: the online
// Hadamard rotations and the fake quantizers. A backend says which ops (and, for the quantizers,
// which formats) it runs; the callers fall back to the CPU reference for the rest.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/model.h"
#include "quant/fake_quant.h"
#include "quant/format.h"

namespace rs {

// The ops of the backend interface, one row each: the equivalence suite and messages iterate it.
enum class BackendOp { Linear, RmsNorm, Hadamard, FakeQuant, RotateQuant, Attention, Gram, InverseCholesky };

struct BackendOpTraits {
    BackendOp op;
    const char* name;
    bool takes_format;  // supports() depends on the number format
};

inline constexpr BackendOpTraits kBackendOps[] = {
    {BackendOp::Linear, "linear", false},
    {BackendOp::RmsNorm, "rms_norm", false},
    {BackendOp::Hadamard, "hadamard", false},
    {BackendOp::FakeQuant, "fake_quant", true},
    {BackendOp::RotateQuant, "rotate_quant", true},
    {BackendOp::Attention, "attention", false},
    {BackendOp::Gram, "gram", false},
    {BackendOp::InverseCholesky, "inverse_cholesky", false},
};

inline constexpr const BackendOpTraits& backend_op_traits(BackendOp op) { return kBackendOps[static_cast<int>(op)]; }

// A block-diagonal Hadamard rotation of activation rows, x ← x·Q: every consecutive `block`
// columns b ← b·diag(s)·(H_K ⊗ H_2^m)/sqrt(block) (block = K·2^m, rotate/hadamard.h), the same
// ±1 signs `s` (`block` of them, may be null) for every block. With `transpose` the inverse
// x ← x·Qᵀ (transform first, then the signs). The online R3 is block = head_dim over all heads,
// R4 block = d_ff, or the block size of a block-Hadamard rotation (rotate/online_rotation.h).
struct HadamardOp {
    int64_t block = 0;
    const VectorF* signs = nullptr;
    bool transpose = false;
};

// Causal grouped-query attention of T query rows at absolute positions pos0 .. pos0+T-1 over the
// first pos0+T rows of K and V (a KV cache holds earlier positions): q [T, n_heads·D],
// k and v [>= pos0+T, n_kv_heads·D], out [T, n_heads·D]. Query head h reads KV head
// h / (n_heads / n_kv_heads); scores are q·k / sqrt(D), softmax over the visible keys.
struct AttentionOp {
    int n_heads = 0, n_kv_heads = 0, head_dim = 0;
    int64_t pos0 = 0;
};

// The CPU reference of the activation ops, which every backend's results are checked against
// and which the Backend defaults below run.
void reference_attention(const MatrixRM& q, const MatrixRM& k, const MatrixRM& v, const AttentionOp& op, MatrixRM& out);
// BadInput (one line) unless the shapes fit `op`.
void check_attention_op(const MatrixRM& q, const MatrixRM& k, const MatrixRM& v, const AttentionOp& op);
void reference_hadamard(MatrixRM& x, const HadamardOp& op);
quant::QuantResult reference_rotate_quant(MatrixRM& x, const HadamardOp& op, const quant::FormatSpec& spec,
                                          bool with_codes, std::optional<float> tensor_amax);
// BadInput (one line) unless `op` applies to rows of `cols` columns.
void check_hadamard_op(const HadamardOp& op, int64_t cols);

// Σ xᵀx over the rows added (GPTQ's Hessians, calib/hessian.h), lower triangle: each chunk of at
// most kGramChunk rows as a float symmetric rank update, the chunks summed in double, so that the
// relative error of an entry stays near kGramChunk · 2⁻²⁴ of a chunk's magnitude however many
// rows are added. A backend may keep the sum on its device until it is taken.
inline constexpr int64_t kGramChunk = 512;
class GramAccumulator {
public:
    virtual ~GramAccumulator() = default;
    virtual int64_t width() const = 0;
    // Adds the rows of x [rows, width] (BadInput-free: the caller checks the width).
    virtual void add(const MatrixRM& x) = 0;
    // The sum's lower triangle (i >= j; the strict upper triangle is zero).
    virtual MatrixD lower() const = 0;
    // The same, leaving the accumulator at zero.
    virtual MatrixD take_lower() = 0;
};
std::unique_ptr<GramAccumulator> reference_gram(int64_t width);

// GPTQ's factor (quant/gptq.h): U, the upper Cholesky factor of (A + λI)⁻¹, in float, for a
// symmetric K×K A given with its rows and columns reversed (J A J) and its diagonal `diag` apart:
// with L = chol(J (A + λI) J) lower, U = J L⁻¹ J. False when A + λI is not positive definite (or
// the factor is not finite with a positive diagonal); `a` then holds A again. On success `a` is
// used up (the reference leaves L in its lower triangle).
bool reference_inverse_cholesky(MatrixD& a, const Eigen::VectorXd& diag, double lambda, Eigen::MatrixXf& u);

// The dtype a device-resident forward pass holds the weights in: fp32 (compared with the CPU
// reference) or bf16 (tensor-core GEMMs with fp32 accumulation; activations rounded to bf16 at
// each GEMM input, as a bf16 inference stack does).
enum class WeightPrecision { F32, BF16 };
inline constexpr const char* weight_precision_name(WeightPrecision p) { return p == WeightPrecision::F32 ? "fp32" : "bf16"; }

// A model's forward pass held on a device from the token ids to the token scores: the weights
// uploaded once, activations never leaving the device, only the scores coming back. What a
// backend that can keep the whole pass resident offers for evaluation (Backend::window_scorer).
class WindowScorer {
public:
    virtual ~WindowScorer() = default;
    // For every scored position p = first .. T-2 of the window `tokens` (positions 0 .. T-1):
    // nll[p - first] = -log softmax(logits_p)[tokens[p + 1]] (double, as token_nll), and, when
    // top1 is given, top1[p - first] = argmax logits_p (the lowest index among equals).
    virtual void score(const std::vector<int32_t>& tokens, int first, std::vector<double>& nll,
                       std::vector<int32_t>* top1 = nullptr) = 0;
    virtual std::string describe() const = 0;  // "cuda:0, fp32 weights, 1.2 GiB"
};

class Backend {
public:
    virtual ~Backend() = default;
    virtual std::string name() const = 0;

    // Whether this backend runs `op` itself (for FakeQuant and RotateQuant: in `format`). The
    // defaults of the activation ops below are the CPU reference, so a backend that overrides
    // none of them runs every op; one that overrides them says here what it leaves to the CPU.
    virtual bool supports(BackendOp /*op*/, const quant::FormatSpec* /*format*/ = nullptr) const { return true; }

    // y[t, :] = x[t, :] · Wᵀ + b  for every row t (y is resized).
    virtual void linear(const MatrixRM& x, const Linear& layer, MatrixRM& y) = 0;
    // y[t, :] = x[t, :] / sqrt(mean(x[t, :]²) + eps) ⊙ w
    virtual void rms_norm(const MatrixRM& x, const VectorF& w, float eps, MatrixRM& y) = 0;
    // x ← x·Q in place (HadamardOp). BadInput when the columns are not a multiple of the block
    // or the block has no Hadamard construction.
    virtual void hadamard(MatrixRM& x, const HadamardOp& op) { reference_hadamard(x, op); }
    // quant::fake_quant of the row-major [rows, cols] at x, same contract and same bytes.
    virtual quant::QuantResult fake_quant(const float* x, int64_t rows, int64_t cols, const quant::FormatSpec& spec,
                                          bool with_codes, std::optional<float> tensor_amax) {
        return quant::fake_quant(x, rows, cols, spec, with_codes, tensor_amax);
    }
    // x ← x·Q, then fake_quant of the rotated rows (per-row or per-block spans); x holds the
    // dequantized values afterwards. What a W4A4 kernel does to a linear input in one pass.
    // `tensor_amax`: a static NVFP4 activation format's calibrated amax (fake_quant's).
    virtual quant::QuantResult rotate_quant(MatrixRM& x, const HadamardOp& op, const quant::FormatSpec& spec,
                                            bool with_codes, std::optional<float> tensor_amax) {
        return reference_rotate_quant(x, op, spec, with_codes, tensor_amax);
    }
    // The whole forward pass of `model` on this backend's device, for evaluation without hooks:
    // null when the backend has none (the CPU) or the model needs what it does not do (online
    // rotations, an unsupported head size). `model` must outlive the scorer only while it is
    // being built (the weights are copied to the device).
    virtual std::unique_ptr<WindowScorer> window_scorer(const Model& /*model*/, WeightPrecision /*precision*/) {
        return nullptr;
    }
    // reference_inverse_cholesky's contract, on this backend.
    virtual bool inverse_cholesky(MatrixD& a, const Eigen::VectorXd& diag, double lambda, Eigen::MatrixXf& u) {
        return reference_inverse_cholesky(a, diag, lambda, u);
    }
    // An accumulator of Σ xᵀx of rows of `width` (GramAccumulator).
    virtual std::unique_ptr<GramAccumulator> gram(int64_t width) { return reference_gram(width); }
    // out ← causal attention (AttentionOp). No [T, T] score matrix needs to exist.
    virtual void attention(const MatrixRM& q, const MatrixRM& k, const MatrixRM& v, const AttentionOp& op, MatrixRM& out) {
        reference_attention(q, k, v, op, out);
    }
};

// Options of the CPU backend.
struct BackendOptions {
    // Emulate llama.cpp's CPU matmul numerics (activations converted to Q8_0/Q8_1/Q8_K/F16 per
    // weight type, see backend/cpu/llamacpp_numerics.h) instead of exact fp32. Off: the reference.
    bool llamacpp_numerics = false;
};

std::unique_ptr<Backend> make_cpu_backend(const BackendOptions& options = {});

// A backend as users name it: "cpu", "cuda" (the first device) or "cuda:N" (device N, counted
// as the CUDA runtime counts them, so after CUDA_VISIBLE_DEVICES). Configurations and reports
// store the text.
struct BackendSpec {
    std::string kind = "cpu";  // "cpu" or "cuda"
    int device = 0;            // cuda only
    std::string text() const;  // "cpu", "cuda:1"; "cuda" for device 0 as given
    bool device_given = false;
};
// BadInput "<where>: unknown backend ..." (one line) for anything else.
BackendSpec parse_backend_spec(const std::string& text, const std::string& where);

// A CUDA device as the GUI and `rotoscope-cli devices` show it.
struct CudaDeviceInfo {
    int index = 0;
    std::string name;
    int64_t free_bytes = 0, total_bytes = 0;
    int sm_major = 0, sm_minor = 0;
};
// The devices present; empty without CUDA in the build, a driver, or a device, and then
// `why_none` (when given) says which in a few words.
std::vector<CudaDeviceInfo> cuda_devices(std::string* why_none = nullptr);
// "NVIDIA H100 80GB HBM3, 79.1 of 79.6 GiB free, sm_90"
std::string describe_device(const CudaDeviceInfo& d);

// True when the engine was built with CUDA and a device is present.
bool cuda_backend_available();
// Throws rs::Error(Runtime) when CUDA is not built in or device `device` is not present.
std::unique_ptr<Backend> make_cuda_backend(int device = 0);

// What a backend spec comes to on this machine: the spec itself when its device is there; for a
// CUDA spec without one, "cpu" and a one-line `note` saying why ("cuda:1 is not available (2
// CUDA devices): running on the cpu backend"). `device` describes the chosen CUDA device.
// Callers print the note and put `spec` into their configuration, so a report names the backend
// that ran. BadInput for a spec that does not parse.
struct BackendResolution {
    std::string spec;
    std::string note;    // empty unless it fell back
    std::string device;  // describe_device() of the CUDA device, empty for the cpu
};
BackendResolution resolve_backend(const std::string& spec, const std::string& where = "--backend");
// The backend of a spec, strictly: BadInput when it does not parse or names a CUDA device that
// is not there (the configuration said cuda; nothing silently runs elsewhere).
std::unique_ptr<Backend> make_backend(const std::string& spec, const std::string& where = "backend");

}  // namespace rs
