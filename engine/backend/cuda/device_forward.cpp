// The device-resident forward pass (device_forward.h). Host C++: uploads, cuBLAS calls and the
// kernel launchers of cuda_kernels.cu, forward_kernels.cu and attention_kernels.cu.
#ifdef ROTOSCOPE_HAVE_CUDA

#include "backend/cuda/device_forward.h"

#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "backend/cuda/attention_kernels.h"
#include "backend/cuda/cuda_check.h"
#include "backend/cuda/cuda_handles.h"
#include "backend/cuda/cuda_kernels.h"
#include "backend/cuda/device_buffer.h"
#include "backend/cuda/forward_kernels.h"
#include "core/error.h"
#include "model/rope_frequencies.h"

namespace rs::cuda {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
// LM head rows per GEMM: [rows, vocab] fp32 logits, 256 MB at a 128k vocabulary.
constexpr int64_t kHeadRows = 512;

struct DeviceLinear {
    int64_t out = 0, in = 0;
    DeviceBuffer<float> w32;     // fp32 weights
    DeviceBuffer<uint16_t> w16;  // or bf16
    DeviceBuffer<float> b;       // empty without a bias
    bool bias = false;
};

struct DeviceLayer {
    DeviceBuffer<float> attn_norm, ffn_norm, q_norm, k_norm;
    DeviceLinear q, k, v, o, gate, up, down;
};

template <typename T>
void alloc(DeviceBuffer<T>& b, int64_t n, const char* what) {
    if (!b.try_reserve(static_cast<std::size_t>(std::max<int64_t>(n, 1))))
        fail_runtime(fmt::format("device forward: out of device memory for {} ({} elements)", what, n));
}

class DeviceForward final : public WindowScorer {
public:
    DeviceForward(const Model& m, int device, WeightPrecision precision)
        : cfg_(m.cfg), inv_freq_(rope_inv_freq(m.cfg)), device_(device), precision_(precision) {
        check(cudaSetDevice(device_), "cudaSetDevice");
        stream_ = make_stream();
        cublas_ = make_cublas(stream_.get());
        check_fits(m);
        const ModelConfig& c = cfg_;
        // The fp32 staging buffer of the bf16 conversion: the largest matrix uploaded.
        int64_t largest = std::max(m.tok_embd.size(), m.lm_head.w.size());
        for (const Layer& L : m.layers)
            for (const Linear* l : {&L.q, &L.k, &L.v, &L.o, &L.gate, &L.up, &L.down}) largest = std::max(largest, l->w.size());
        if (precision_ == WeightPrecision::BF16) alloc(staging_, largest, "the bf16 conversion");
        upload_matrix(m.tok_embd.data(), m.tok_embd.size(), embd32_, embd16_);
        upload_vector(m.out_norm, out_norm_);
        upload_linear(m.lm_head, head_);
        layers_.resize(m.layers.size());
        for (size_t l = 0; l < m.layers.size(); ++l) {
            const Layer& L = m.layers[l];
            DeviceLayer& D = layers_[l];
            upload_vector(L.attn_norm, D.attn_norm);
            upload_vector(L.ffn_norm, D.ffn_norm);
            if (c.qk_norm) {
                upload_vector(L.q_norm, D.q_norm);
                upload_vector(L.k_norm, D.k_norm);
            }
            upload_linear(L.q, D.q);
            upload_linear(L.k, D.k);
            upload_linear(L.v, D.v);
            upload_linear(L.o, D.o);
            upload_linear(L.gate, D.gate);
            upload_linear(L.up, D.up);
            upload_linear(L.down, D.down);
        }
        check(cudaStreamSynchronize(stream_.get()), "cudaStreamSynchronize");
        staging_ = {};  // after the conversions that read it
    }

    std::string describe() const override {
        return fmt::format("cuda:{}, {} weights, {:.2f} GiB on the device", device_, weight_precision_name(precision_),
                           static_cast<double>(weight_bytes_) / kGiB);
    }

    void score(const std::vector<int32_t>& tokens, int first, std::vector<double>& nll, std::vector<int32_t>* top1) override {
        const ModelConfig& c = cfg_;
        const auto T = static_cast<int64_t>(tokens.size());
        if (T < 2 || first < 0 || first >= T - 1)
            fail_runtime(fmt::format("device forward: scoring from position {} of a window of {} tokens", first, T));
        for (const int32_t id : tokens)
            if (id < 0 || id >= c.n_vocab)
                fail_runtime(fmt::format("token id {} is outside the vocabulary of {}", id, c.n_vocab));
        check(cudaSetDevice(device_), "cudaSetDevice");
        const int64_t d = c.d_model, qd = int64_t{c.n_heads} * c.head_dim, kvd = int64_t{c.n_kv_heads} * c.head_dim;
        const int64_t ff = c.d_ff, half = c.head_dim / 2, scored = T - 1 - first;
        alloc(h_, T * d, "activations");
        alloc(xn_, T * d, "activations");
        alloc(q_, T * qd, "activations");
        alloc(k_, T * kvd, "activations");
        alloc(v_, T * kvd, "activations");
        alloc(attn_, T * qd, "activations");
        alloc(proj_, T * d, "activations");
        alloc(gate_, T * ff, "activations");
        alloc(up_, T * ff, "activations");
        alloc(logits_, std::min(kHeadRows, scored) * c.n_vocab, "logits");
        if (precision_ == WeightPrecision::BF16) alloc(xb_, T * std::max({d, qd, ff}), "bf16 activations");
        alloc(ids_, T, "token ids");
        alloc(targets_, scored, "targets");
        alloc(nll_, scored, "scores");
        alloc(top1_, scored, "scores");
        if (cos_.capacity() < static_cast<std::size_t>(T * half)) rope_rows_ = -1;  // the buffers are new
        alloc(cos_, T * half, "rope table");
        alloc(sin_, T * half, "rope table");
        cudaStream_t s = stream_.get();
        copy_in(ids_.data(), tokens.data(), T);
        copy_in(targets_.data(), tokens.data() + first + 1, scored);
        // The angle table depends on the window length only: computed once per length.
        if (rope_rows_ != T) {
            rope_table(inv_freq_, 0, T, cos_host_, sin_host_);
            copy_in(cos_.data(), cos_host_.data(), T * half);
            copy_in(sin_.data(), sin_host_.data(), T * half);
            rope_rows_ = T;
        }

        const bool bf16 = precision_ == WeightPrecision::BF16;
        embed_rows(ids_.data(), bf16 ? static_cast<const void*>(embd16_.data()) : embd32_.data(), bf16 ? DType::BF16 : DType::F32,
                   T, d, h_.data(), s);
        const bool neox = c.rope_style == RopeStyle::Neox;
        for (const DeviceLayer& L : layers_) {
            rms_norm(h_.data(), L.attn_norm.data(), c.rms_eps, xn_.data(), T, d, s);
            gemm(L.q, xn_.data(), T, q_.data());
            gemm(L.k, xn_.data(), T, k_.data());
            gemm(L.v, xn_.data(), T, v_.data());
            if (c.qk_norm) {  // per head: rows of head_dim
                rms_norm(q_.data(), L.q_norm.data(), c.rms_eps, q_.data(), T * c.n_heads, c.head_dim, s);
                rms_norm(k_.data(), L.k_norm.data(), c.rms_eps, k_.data(), T * c.n_kv_heads, c.head_dim, s);
            }
            rope_rows(q_.data(), cos_.data(), sin_.data(), T, c.n_heads, c.head_dim, neox, s);
            rope_rows(k_.data(), cos_.data(), sin_.data(), T, c.n_kv_heads, c.head_dim, neox, s);
            attention(q_.data(), k_.data(), v_.data(), attn_.data(), AttentionLaunch{c.n_heads, c.n_kv_heads, c.head_dim, T, 0}, s);
            gemm(L.o, attn_.data(), T, proj_.data());
            add_into(h_.data(), proj_.data(), T * d, s);
            rms_norm(h_.data(), L.ffn_norm.data(), c.rms_eps, xn_.data(), T, d, s);
            gemm(L.gate, xn_.data(), T, gate_.data());
            gemm(L.up, xn_.data(), T, up_.data());
            swiglu(gate_.data(), up_.data(), T * ff, s);
            gemm(L.down, gate_.data(), T, proj_.data());
            add_into(h_.data(), proj_.data(), T * d, s);
        }
        rms_norm(h_.data(), out_norm_.data(), c.rms_eps, xn_.data(), T, d, s);
        for (int64_t r0 = first; r0 < T - 1; r0 += kHeadRows) {
            const int64_t n = std::min(kHeadRows, T - 1 - r0);
            gemm(head_, xn_.data() + r0 * d, n, logits_.data());
            token_scores(logits_.data(), targets_.data() + (r0 - first), n, c.n_vocab, nll_.data() + (r0 - first),
                         top1_.data() + (r0 - first), s);
        }
        nll.resize(static_cast<size_t>(scored));
        check(cudaMemcpyAsync(nll.data(), nll_.data(), scored * sizeof(double), cudaMemcpyDeviceToHost, s), "cudaMemcpyAsync");
        if (top1) {
            top1->resize(static_cast<size_t>(scored));
            check(cudaMemcpyAsync(top1->data(), top1_.data(), scored * sizeof(int32_t), cudaMemcpyDeviceToHost, s),
                  "cudaMemcpyAsync");
        }
        check(cudaStreamSynchronize(s), "cudaStreamSynchronize");
    }

private:
    void check_fits(const Model& m) {
        std::string why;
        if (!device_forward_fits(m, device_, precision_, &why)) fail_runtime(why);
    }

    template <typename T>
    void copy_in(T* device, const T* host, int64_t n) {
        if (n > 0)
            check(cudaMemcpyAsync(device, host, static_cast<std::size_t>(n) * sizeof(T), cudaMemcpyHostToDevice, stream_.get()),
                  "cudaMemcpyAsync host to device");
    }

    void upload_vector(const VectorF& v, DeviceBuffer<float>& d) {
        alloc(d, v.size(), "a norm");
        copy_in(d.data(), v.data(), v.size());
    }

    // fp32 as is; bf16 through the staging buffer and the rounding kernel (which waits for the
    // copy on the same stream; the next upload's copy waits for the kernel).
    void upload_matrix(const float* host, int64_t n, DeviceBuffer<float>& w32, DeviceBuffer<uint16_t>& w16) {
        if (precision_ == WeightPrecision::F32) {
            alloc(w32, n, "weights");
            copy_in(w32.data(), host, n);
        } else {
            alloc(w16, n, "weights");
            copy_in(staging_.data(), host, n);
            to_bf16(staging_.data(), w16.data(), n, stream_.get());
        }
        weight_bytes_ += n * (precision_ == WeightPrecision::F32 ? 4 : 2);
    }

    void upload_linear(const Linear& l, DeviceLinear& d) {
        d.out = l.w.rows();
        d.in = l.w.cols();
        upload_matrix(l.w.data(), l.w.size(), d.w32, d.w16);
        d.bias = l.b.size() > 0;
        if (d.bias) upload_vector(l.b, d.b);
    }

    // y[T, out] = x[T, in] · Wᵀ (+ b). Row-major y is column-major yᵀ = W · xᵀ (as the backend's linear).
    void gemm(const DeviceLinear& w, const float* x, int64_t T, float* y) {
        const float one = 1.0f, zero = 0.0f;
        const int n = static_cast<int>(w.out), t = static_cast<int>(T), k = static_cast<int>(w.in);
        if (precision_ == WeightPrecision::F32) {
            check(cublasSgemm(cublas_.get(), CUBLAS_OP_T, CUBLAS_OP_N, n, t, k, &one, w.w32.data(), k, x, k, &zero, y, n),
                  "cublasSgemm");
        } else {
            to_bf16(x, xb_.data(), T * w.in, stream_.get());
            check(cublasGemmEx(cublas_.get(), CUBLAS_OP_T, CUBLAS_OP_N, n, t, k, &one, w.w16.data(), CUDA_R_16BF, k, xb_.data(),
                               CUDA_R_16BF, k, &zero, y, CUDA_R_32F, n, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT),
                  "cublasGemmEx");
        }
        if (w.bias) add_bias(y, w.b.data(), T, w.out, stream_.get());
    }

    ModelConfig cfg_;
    std::vector<double> inv_freq_;
    int device_;
    WeightPrecision precision_;
    StreamPtr stream_;
    CublasPtr cublas_;
    int64_t weight_bytes_ = 0;
    DeviceBuffer<float> embd32_, out_norm_, staging_;
    DeviceBuffer<uint16_t> embd16_;
    DeviceLinear head_;
    std::vector<DeviceLayer> layers_;
    DeviceBuffer<float> h_, xn_, q_, k_, v_, attn_, proj_, gate_, up_, logits_, cos_, sin_;
    DeviceBuffer<uint16_t> xb_;
    DeviceBuffer<int32_t> ids_, targets_, top1_;
    DeviceBuffer<double> nll_;
    std::vector<float> cos_host_, sin_host_;
    int64_t rope_rows_ = -1;  // the window length cos_/sin_ hold, -1: none
};

}  // namespace

bool device_forward_fits(const Model& m, int device, WeightPrecision precision, std::string* why) {
    const ModelConfig& c = m.cfg;
    const int64_t elem = precision == WeightPrecision::BF16 ? 2 : 4;
    int64_t weights = m.tok_embd.size() + m.lm_head.w.size(), largest = std::max(m.tok_embd.size(), m.lm_head.w.size());
    for (const Layer& L : m.layers)
        for (const Linear* l : {&L.q, &L.k, &L.v, &L.o, &L.gate, &L.up, &L.down}) {
            weights += l->w.size();
            largest = std::max(largest, l->w.size());
        }
    // One 2048-token window's activations (and their bf16 copy) and a slice of logits.
    const int64_t T = 2048;
    const int64_t widest = std::max({int64_t{c.d_model}, int64_t{c.n_heads} * c.head_dim, int64_t{c.d_ff}});
    const int64_t act = T * (4 * int64_t{c.d_model} + 2 * int64_t{c.n_heads} * c.head_dim + 2 * int64_t{c.n_kv_heads} * c.head_dim +
                             2 * int64_t{c.d_ff}) * 4 +
                        (elem == 2 ? T * widest * 2 : 0) + kHeadRows * int64_t{c.n_vocab} * 4;
    const int64_t need = weights * elem + (elem == 2 ? largest * 4 : 0) + act;
    check(cudaSetDevice(device), "cudaSetDevice");
    std::size_t free = 0, total = 0;
    check(cudaMemGetInfo(&free, &total), "cudaMemGetInfo");
    if (need <= static_cast<int64_t>(free)) return true;
    if (why)
        *why = fmt::format("the model needs about {:.1f} GiB on cuda:{} for a {}-weight pass, {:.1f} GiB are free "
                           "(streaming layers from host memory is not implemented yet)",
                           static_cast<double>(need) / kGiB, device, weight_precision_name(precision),
                           static_cast<double>(free) / kGiB);
    return false;
}

bool device_forward_supports(const Model& model, std::string* why) {
    auto no = [&](const std::string& reason) {
        if (why) *why = reason;
        return false;
    };
    const ModelConfig& c = model.cfg;
    if (model.online.any()) return no("online rotations (R3/R4) run op by op");
    if (!attention_supported(c.head_dim)) return no(fmt::format("no attention kernel for head_dim {}", c.head_dim));
    if (c.head_dim % 2 != 0) return no("odd head_dim");
    const int64_t widest = std::max({int64_t{c.d_model}, int64_t{c.d_ff}, int64_t{c.n_heads} * c.head_dim, int64_t{c.n_vocab}});
    if (widest > INT32_MAX / 4) return no("dimensions beyond cuBLAS's int range");
    return true;
}

std::unique_ptr<WindowScorer> make_device_forward(const Model& model, int device, WeightPrecision precision) {
    return std::make_unique<DeviceForward>(model, device, precision);
}

}  // namespace rs::cuda

#endif  // ROTOSCOPE_HAVE_CUDA
