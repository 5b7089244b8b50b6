// The compute backend behind the forward pass. The CPU backend is the reference; the CUDA
// backend is checked against it op by op (tests/engine/backend_ops_test.cpp): matrix products
// and RMSNorm, and what the pipeline does to activations on their way into a linear: the online
// Hadamard rotations and the fake quantizers. A backend says which ops (and, for the quantizers,
// which formats) it runs; the callers fall back to the CPU reference for the rest.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "model/model.h"
#include "quant/fake_quant.h"
#include "quant/format.h"

namespace rs {

// The ops of the backend interface, one row each: the equivalence suite and messages iterate it.
enum class BackendOp { Linear, RmsNorm, Hadamard, FakeQuant, RotateQuant };

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

// The CPU reference of the activation ops, which every backend's results are checked against
// and which the Backend defaults below run.
void reference_hadamard(MatrixRM& x, const HadamardOp& op);
quant::QuantResult reference_rotate_quant(MatrixRM& x, const HadamardOp& op, const quant::FormatSpec& spec,
                                          bool with_codes, std::optional<float> tensor_amax);
// BadInput (one line) unless `op` applies to rows of `cols` columns.
void check_hadamard_op(const HadamardOp& op, int64_t cols);

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
};

// Options of the CPU backend.
struct BackendOptions {
    // Emulate llama.cpp's CPU matmul numerics (activations converted to Q8_0/Q8_1/Q8_K/F16 per
    // weight type, see backend/cpu/llamacpp_numerics.h) instead of exact fp32. Off: the reference.
    bool llamacpp_numerics = false;
};

std::unique_ptr<Backend> make_cpu_backend(const BackendOptions& options = {});

// True when the engine was built with CUDA and a device is present.
bool cuda_backend_available();
// Throws rs::Error(Runtime) when CUDA is not built in or no device is present.
std::unique_ptr<Backend> make_cuda_backend();

}  // namespace rs
