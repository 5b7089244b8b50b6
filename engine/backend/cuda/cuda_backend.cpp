// The CUDA backend: cuBLAS SGEMM for linear layers, small kernels (cuda_kernels.cu) for bias and
// RMSNorm, the Hadamard transforms (hadamard_kernels.cu) and the fake quantizers
// (quant_kernels.cu) for activations. It is checked op by op against the CPU reference in
// tests/engine/cuda_backend_test.cpp and tests/engine/backend_ops_test.cpp.
//
// Weights are uploaded once and cached per Linear; activations travel per call. The backend is
// meant for one thread at a time, like the CPU one.
//
// Built into the engine in CUDA builds only; the guard keeps it empty if it is ever compiled
// elsewhere, since cpu_backend.cpp defines cuda_backend_available()/make_cuda_backend() then.
#ifdef ROTOSCOPE_HAVE_CUDA

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "backend/backend.h"
#include "backend/cuda/attention_kernels.h"
#include "backend/cuda/cuda_backend.h"
#include "backend/cuda/cuda_check.h"
#include "backend/cuda/cuda_handles.h"
#include "backend/cuda/cuda_kernels.h"
#include "backend/cuda/device_buffer.h"
#include "backend/cuda/device_forward.h"
#include "backend/cuda/hadamard_kernels.h"
#include "backend/cuda/quant_kernels.h"
#include "quant/group_quantizer.h"
#include "rotate/hadamard.h"

namespace rs {
namespace {

using cuda::check;
using cuda::DeviceBuffer;

using cuda::CublasPtr;
using cuda::StreamPtr;

// What a cached weight was uploaded from. A Linear at the same address may be a different layer
// (its Model freed, a new one allocated in its place) or the same layer edited in place. The
// Linear's identity (model.h WeightId) tells the first apart, and every in-place writer of the
// engine renews it (Linear::touch()); shape, data pointers and a sample of values are checked
// too, for code outside the engine that edits without touching.
struct WeightStamp {
    uint64_t id = 0;
    const float* w = nullptr;
    const float* b = nullptr;
    int64_t rows = 0, cols = 0, bias = 0;
    uint64_t sample_hash = 0;

    bool operator==(const WeightStamp&) const = default;

    static WeightStamp of(const Linear& layer) {
        WeightStamp s{layer.id.value(), layer.w.data(), layer.b.data(), layer.w.rows(), layer.w.cols(), layer.b.size(), 0};
        s.sample_hash = hash_samples(layer.w.data(), layer.w.size(), 61) ^ hash_samples(layer.b.data(), layer.b.size(), 7);
        return s;
    }

    static uint64_t hash_samples(const float* p, int64_t n, int64_t samples) {
        uint64_t h = 1469598103934665603ull;  // FNV-1a over the bit patterns of evenly spaced elements
        for (int64_t i = 0; n > 0 && i < samples; ++i) {
            const float v = p[(n - 1) * i / (samples > 1 ? samples - 1 : 1)];
            h = (h ^ std::bit_cast<uint32_t>(v)) * 1099511628211ull;
        }
        return h;
    }
};

struct CachedLinear {
    WeightStamp stamp;
    DeviceBuffer<float> w, b;
};

// Attention with fewer queries than this after a KV cache runs on the CPU (CudaBackend::attention).
constexpr int64_t kMinDeviceQueries = 16;

// A format with one scale for the whole tensor (per-tensor INT/FP8): a grid reduction first.
bool one_tensor_scale(const quant::FormatSpec& f) {
    return quant::format_traits(f.kind).block == 0 && f.granularity == quant::Granularity::Tensor;
}

void require_int(int64_t v, const char* what) {
    if (v > INT_MAX) fail_runtime(std::string("cuda backend: ") + what + " = " + std::to_string(v) +
                                  " exceeds the int range of cuBLAS and kernel launches");
}

// Σ xᵀx on the device: each chunk of rows uploaded, its float product by cuBLAS SSYRK (lower
// triangle), added into a double sum that stays on the device until it is taken. Runs on the
// backend's stream and cuBLAS handle, so the backend must outlive it.
class DeviceGram final : public GramAccumulator {
public:
    DeviceGram(int64_t width, int device, cudaStream_t stream, cublasHandle_t cublas)
        : width_(width), device_(device), stream_(stream), cublas_(cublas) {
        require_int(width, "Hessian width");
    }
    int64_t width() const override { return width_; }

    void add(const MatrixRM& x) override {
        if (x.rows() == 0) return;
        check(cudaSetDevice(device_), "cudaSetDevice");
        const int64_t k = width_;
        if (!sum_.data()) {
            alloc(sum_, k * k);
            check(cudaMemsetAsync(sum_.data(), 0, static_cast<std::size_t>(k * k) * sizeof(double), stream_), "cudaMemsetAsync");
        }
        alloc(xtx_, k * k);
        alloc(chunk_, kGramChunk * k);
        const float one = 1.0f, zero = 0.0f;
        for (int64_t r0 = 0; r0 < x.rows(); r0 += kGramChunk) {
            const int64_t n = std::min(kGramChunk, x.rows() - r0);
            check(cudaMemcpyAsync(chunk_.data(), x.data() + r0 * k, static_cast<std::size_t>(n * k) * sizeof(float),
                                  cudaMemcpyHostToDevice, stream_),
                  "cudaMemcpyAsync host to device");
            // Row-major x [n, k] read column-major is A = xᵀ [k, n]; C = A·Aᵀ = xᵀx (k×k, lower).
            check(cublasSsyrk(cublas_, CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_N, static_cast<int>(k), static_cast<int>(n), &one,
                              chunk_.data(), static_cast<int>(k), &zero, xtx_.data(), static_cast<int>(k)),
                  "cublasSsyrk");
            cuda::accumulate_lower(xtx_.data(), sum_.data(), k, stream_);
        }
        // The chunk buffer is reused by the next copy; x may be freed by the caller after return.
        check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize");
    }

    MatrixD lower() const override {
        MatrixD out = MatrixD::Zero(width_, width_);
        if (sum_.data()) {
            check(cudaSetDevice(device_), "cudaSetDevice");
            check(cudaMemcpyAsync(out.data(), sum_.data(), static_cast<std::size_t>(width_ * width_) * sizeof(double),
                                  cudaMemcpyDeviceToHost, stream_),
                  "cudaMemcpyAsync device to host");
            check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize");
        }
        return out;  // the device sum's strict upper triangle was never written: zero
    }

    MatrixD take_lower() override {
        MatrixD out = lower();
        sum_ = {};
        xtx_ = {};
        chunk_ = {};
        return out;
    }

private:
    template <typename T>
    static void alloc(DeviceBuffer<T>& b, int64_t n) {
        if (!b.try_reserve(static_cast<std::size_t>(n)))
            fail_runtime("cuda backend: out of device memory for a " + std::to_string(n) + "-element Hessian buffer");
    }

    int64_t width_;
    int device_;
    cudaStream_t stream_;
    cublasHandle_t cublas_;
    DeviceBuffer<double> sum_;
    DeviceBuffer<float> xtx_, chunk_;
};

class CudaBackend final : public Backend {
public:
    explicit CudaBackend(int device) : device_(device) {
        check(cudaSetDevice(device_), "cudaSetDevice");
        stream_ = cuda::make_stream();
        cublas_ = cuda::make_cublas(stream_.get());
    }

    std::string name() const override { return "cuda:" + std::to_string(device_); }

    bool supports(BackendOp op, const quant::FormatSpec* format) const override {
        if (!backend_op_traits(op).takes_format) return true;
        if (!format) return false;
        const bool per_tensor = one_tensor_scale(*format);
        // A per-tensor mse search is one serial search over the whole tensor: left to the CPU.
        if (op == BackendOp::FakeQuant) return !(per_tensor && format->mse_clip);
        // The fused kernel quantizes each row as it leaves shared memory: per-row or per-block
        // spans, no search, and NVFP4 only with a calibrated tensor scale (a dynamic one would
        // need the whole rotated tensor first).
        return !per_tensor && !format->mse_clip && (format->kind != quant::FormatKind::Nvfp4 || format->static_scale);
    }

    void linear(const MatrixRM& x, const Linear& layer, MatrixRM& y) override {
        const int64_t T = x.rows(), K = x.cols(), N = layer.out();
        if (layer.in() != K)
            fail_runtime("cuda linear: input has " + std::to_string(K) + " columns, weight expects " +
                         std::to_string(layer.in()));
        if (layer.b.size() != 0 && layer.b.size() != N)
            fail_runtime("cuda linear: bias has " + std::to_string(layer.b.size()) + " entries, weight has " +
                         std::to_string(N) + " rows");
        require_int(T, "rows");
        require_int(K, "in features");
        require_int(N, "out features");
        if (T == 0 || N == 0) {
            y.resize(T, N);
            return;
        }
        check(cudaSetDevice(device_), "cudaSetDevice");

        // Activation buffers first: making room for them may evict the weight cache, so no
        // cache entry may be held across it.
        reserve(x_, T * K);
        reserve(y_, T * N);
        // Upload before resizing y, so that linear(x, layer, x) reads the input intact.
        if (K > 0) upload(x_.data(), x.data(), T * K);
        y.resize(T, N);

        const CachedLinear& w = weights_for(layer);
        if (K == 0) {
            check(cudaMemsetAsync(y_.data(), 0, T * N * sizeof(float), stream_.get()), "cudaMemsetAsync");
        } else {
            // Row-major y[T,N] = x[T,K] · W[N,K]ᵀ is column-major yᵀ[N,T] = W · xᵀ, and the
            // row-major buffers of W and x read column-major are Wᵀ [K,N] and xᵀ [K,T].
            const float one = 1.0f, zero = 0.0f;
            check(cublasSgemm(cublas_.get(), CUBLAS_OP_T, CUBLAS_OP_N, static_cast<int>(N), static_cast<int>(T),
                              static_cast<int>(K), &one, w.w.data(), static_cast<int>(K), x_.data(),
                              static_cast<int>(K), &zero, y_.data(), static_cast<int>(N)),
                  "cublasSgemm");
        }
        if (layer.b.size()) cuda::add_bias(y_.data(), w.b.data(), T, N, stream_.get());
        download(y.data(), y_.data(), T * N);
    }

    void rms_norm(const MatrixRM& x, const VectorF& w, float eps, MatrixRM& y) override {
        const int64_t T = x.rows(), C = x.cols();
        if (w.size() != C)
            fail_runtime("cuda rms_norm: input has " + std::to_string(C) + " columns, weight has " +
                         std::to_string(w.size()));
        require_int(T, "rows");
        if (T == 0 || C == 0) {
            y.resize(T, C);
            return;
        }
        check(cudaSetDevice(device_), "cudaSetDevice");
        reserve(x_, T * C);
        reserve(norm_w_, C);
        upload(x_.data(), x.data(), T * C);
        upload(norm_w_.data(), w.data(), C);
        y.resize(T, C);
        // In place on the device: the kernel reads each element before writing it.
        cuda::rms_norm(x_.data(), norm_w_.data(), eps, x_.data(), T, C, stream_.get());
        download(y.data(), x_.data(), T * C);
    }

    void hadamard(MatrixRM& x, const HadamardOp& op) override {
        check_hadamard_op(op, x.cols());
        const HadamardSplit split = hadamard_split(op.block);
        if (!cuda::hadamard_fits(op.block, split.k)) {
            reference_hadamard(x, op);
            return;
        }
        const int64_t n = x.size();
        if (n == 0) return;
        check(cudaSetDevice(device_), "cudaSetDevice");
        reserve(x_, n);
        const cuda::HadamardLaunch launch = prepare_hadamard(op, split);
        upload(x_.data(), x.data(), n);
        cuda::hadamard_rows(x_.data(), cuda::DType::F32, x.rows(), x.cols(), launch, stream_.get());
        download(x.data(), x_.data(), n);
    }

    quant::QuantResult fake_quant(const float* x, int64_t rows, int64_t cols, const quant::FormatSpec& spec,
                                  bool with_codes, std::optional<float> tensor_amax) override {
        if (!supports(BackendOp::FakeQuant, &spec)) return quant::fake_quant(x, rows, cols, spec, with_codes, tensor_amax);
        const int64_t span = quant::fake_quant_span(x, rows, cols, spec, tensor_amax);
        const int64_t total = rows * cols;
        if (total == 0) return quant::fake_quant(x, rows, cols, spec, with_codes, tensor_amax);
        check(cudaSetDevice(device_), "cudaSetDevice");
        reserve(x_, total);
        upload(x_.data(), x, total);
        float amax = tensor_amax.value_or(0.0f);
        if (spec.kind == quant::FormatKind::Nvfp4 && !tensor_amax) amax = device_amax(total);
        const quant::ElementParams p = quant::element_params(spec, amax);
        quant::QuantResult r = quant::sized_quant_result(spec, total, span, with_codes);
        r.tensor_scale = p.tensor_scale;
        const cuda::QuantOutputs out = quant_outputs(r);
        if (one_tensor_scale(spec))
            cuda::fake_quant_tensor(p, x_.data(), x_.data(), cuda::DType::F32, total, spec.clip_ratio, stats(), out, stream_.get());
        else
            cuda::fake_quant_spans(p, x_.data(), x_.data(), cuda::DType::F32, total / span, span, spec.clip_ratio,
                                   spec.mse_clip, out, stream_.get());
        download_result(r, x_.data());
        return r;
    }

    quant::QuantResult rotate_quant(MatrixRM& x, const HadamardOp& op, const quant::FormatSpec& spec, bool with_codes,
                                    std::optional<float> tensor_amax) override {
        check_hadamard_op(op, x.cols());
        const HadamardSplit split = hadamard_split(op.block);
        const int64_t rows = x.rows(), cols = x.cols(), total = x.size();
        // Static NVFP4 without its calibrated amax takes the rotated tensor's own, as the CPU does.
        const bool dynamic_nvfp4 = spec.kind == quant::FormatKind::Nvfp4 && !tensor_amax;
        if (!supports(BackendOp::RotateQuant, &spec) || dynamic_nvfp4 || total == 0 || !cuda::rotate_quantize_fits(cols, split.k))
            return reference_rotate_quant(x, op, spec, with_codes, tensor_amax);
        const int64_t span = quant::fake_quant_span(x.data(), rows, cols, spec, tensor_amax);
        check(cudaSetDevice(device_), "cudaSetDevice");
        reserve(x_, total);
        const cuda::HadamardLaunch launch = prepare_hadamard(op, split);
        upload(x_.data(), x.data(), total);
        const quant::ElementParams p = quant::element_params(spec, tensor_amax.value_or(0.0f));
        quant::QuantResult r = quant::sized_quant_result(spec, total, span, with_codes);
        r.tensor_scale = p.tensor_scale;
        cuda::rotate_quantize_rows(p, x_.data(), cuda::DType::F32, rows, cols, launch, span, spec.clip_ratio,
                                   quant_outputs(r), stream_.get());
        download_result(r, x_.data());
        std::copy(r.dequant.begin(), r.dequant.end(), x.data());
        return r;
    }

    void attention(const MatrixRM& q, const MatrixRM& k, const MatrixRM& v, const AttentionOp& op, MatrixRM& out) override {
        check_attention_op(q, k, v, op);
        // A few queries against a long cache (token-by-token decoding): uploading the whole K/V
        // prefix per layer and step costs more than the CPU's attention over it.
        const bool decode_step = op.pos0 > 0 && q.rows() < kMinDeviceQueries;
        if (!cuda::attention_supported(op.head_dim) || decode_step) {
            reference_attention(q, k, v, op, out);
            return;
        }
        const int64_t T = q.rows(), keys = op.pos0 + T;
        out.resize(T, q.cols());
        if (T == 0) return;
        require_int(keys, "attention positions");
        check(cudaSetDevice(device_), "cudaSetDevice");
        reserve(x_, q.size());
        reserve(y_, q.size());
        reserve(k_, keys * k.cols());
        reserve(v_, keys * v.cols());
        // K and V rows past the queries' last position (the rest of a cache) are not read.
        upload(x_.data(), q.data(), q.size());
        upload(k_.data(), k.data(), keys * k.cols());
        upload(v_.data(), v.data(), keys * v.cols());
        cuda::attention(x_.data(), k_.data(), v_.data(), y_.data(),
                        cuda::AttentionLaunch{op.n_heads, op.n_kv_heads, op.head_dim, T, op.pos0}, stream_.get());
        download(out.data(), y_.data(), out.size());
    }

    // cuSOLVER's Cholesky (potrf) of J(A + λI)J, L⁻¹ by a triangular solve against the identity
    // (trsm), J L⁻¹ J in float; `a` is only read, so a failure leaves it as given.
    bool inverse_cholesky(MatrixD& a, const Eigen::VectorXd& diag, double lambda, Eigen::MatrixXf& u) override {
        const int64_t k = a.rows();
        if (k == 0) {
            u.resize(0, 0);
            return true;
        }
        require_int(k * k, "Hessian entries");
        check(cudaSetDevice(device_), "cudaSetDevice");
        if (!solver_) solver_ = cuda::make_solver(stream_.get());
        weights_.clear();  // two K×K doubles may need the room
        DeviceBuffer<double> m, inv, d;
        DeviceBuffer<int> info;
        auto alloc = [](auto& b, int64_t n) {
            if (!b.try_reserve(static_cast<std::size_t>(n)))
                fail_runtime("cuda backend: out of device memory for a " + std::to_string(n) + "-element Cholesky buffer");
        };
        alloc(m, k * k);
        alloc(inv, k * k);
        alloc(d, k);
        alloc(info, 1);
        const int n = static_cast<int>(k);
        check(cudaMemcpyAsync(m.data(), a.data(), static_cast<std::size_t>(k * k) * sizeof(double), cudaMemcpyHostToDevice,
                              stream_.get()),
              "cudaMemcpyAsync host to device");
        check(cudaMemcpyAsync(d.data(), diag.data(), static_cast<std::size_t>(k) * sizeof(double), cudaMemcpyHostToDevice,
                              stream_.get()),
              "cudaMemcpyAsync host to device");
        cuda::set_diagonal(m.data(), d.data(), lambda, k, stream_.get());
        int lwork = 0;
        check(cusolverDnDpotrf_bufferSize(solver_.get(), CUBLAS_FILL_MODE_LOWER, n, m.data(), n, &lwork),
              "cusolverDnDpotrf_bufferSize");
        DeviceBuffer<double> work;
        alloc(work, std::max(lwork, 1));
        check(cusolverDnDpotrf(solver_.get(), CUBLAS_FILL_MODE_LOWER, n, m.data(), n, work.data(), lwork, info.data()),
              "cusolverDnDpotrf");
        int status = 0;
        check(cudaMemcpyAsync(&status, info.data(), sizeof(int), cudaMemcpyDeviceToHost, stream_.get()), "cudaMemcpyAsync");
        check(cudaStreamSynchronize(stream_.get()), "cudaStreamSynchronize");
        if (status != 0) return false;  // a leading minor is not positive: not definite
        // L⁻¹ = solve(L, I): lower triangular, zero above the diagonal.
        cuda::set_identity(inv.data(), k, stream_.get());
        const double one = 1.0;
        check(cublasDtrsm(cublas_.get(), CUBLAS_SIDE_LEFT, CUBLAS_FILL_MODE_LOWER, CUBLAS_OP_N, CUBLAS_DIAG_NON_UNIT, n, n, &one,
                          m.data(), n, inv.data(), n),
              "cublasDtrsm");
        DeviceBuffer<float> uf;
        check(cudaStreamSynchronize(stream_.get()), "cudaStreamSynchronize");
        m = {};  // room for the float factor, once the solve has read L
        alloc(uf, k * k);
        cuda::reverse_to_float(inv.data(), uf.data(), k, stream_.get());
        u.resize(k, k);
        check(cudaMemcpyAsync(u.data(), uf.data(), static_cast<std::size_t>(k * k) * sizeof(float), cudaMemcpyDeviceToHost,
                              stream_.get()),
              "cudaMemcpyAsync device to host");
        check(cudaStreamSynchronize(stream_.get()), "cudaStreamSynchronize");
        return u.allFinite() && (u.diagonal().array() > 0).all();
    }

    std::unique_ptr<GramAccumulator> gram(int64_t width) override {
        return std::make_unique<DeviceGram>(width, device_, stream_.get(), cublas_.get());
    }

    std::unique_ptr<WindowScorer> window_scorer(const Model& model, WeightPrecision precision) override {
        // A model the pass does not compute, or one larger than the device: op by op.
        if (!cuda::device_forward_supports(model) || !cuda::device_forward_fits(model, device_, precision)) return nullptr;
        // The pass holds its own copy of the weights: drop this backend's cache of them first.
        weights_.clear();
        return cuda::make_device_forward(model, device_, precision);
    }

private:
    // H_k on the device (row-major int8, cached per order) and the signs of `op`.
    cuda::HadamardLaunch prepare_hadamard(const HadamardOp& op, const HadamardSplit& split) {
        cuda::HadamardLaunch launch;
        launch.block = op.block;
        launch.k = split.k;
        launch.transpose = op.transpose;
        if (split.k > 1) {
            auto [it, fresh] = bases_.try_emplace(split.k);
            if (fresh) {
                const std::vector<int8_t> host = hadamard_base_int8(split.k);
                try {
                    if (!it->second.try_reserve(host.size()))
                        fail_runtime("cuda backend: out of device memory for a Hadamard base of order " + std::to_string(split.k));
                    // On the backend's stream (ordered before the kernel that reads it), and
                    // finished before `host` goes out of scope.
                    check(cudaMemcpyAsync(it->second.data(), host.data(), host.size(), cudaMemcpyHostToDevice, stream_.get()),
                          "cudaMemcpyAsync (Hadamard base)");
                    check(cudaStreamSynchronize(stream_.get()), "cudaStreamSynchronize");
                } catch (...) {
                    bases_.erase(it);  // no half-made entry for a later call to use
                    throw;
                }
            }
            launch.hk = it->second.data();
        }
        if (op.signs) {
            reserve(signs_, op.block);
            upload(signs_.data(), op.signs->data(), op.block);
            launch.signs = signs_.data();
        }
        return launch;
    }

    // max |x| of the first n floats of x_, reduced on the device.
    float device_amax(int64_t n) {
        cuda::tensor_stats(x_.data(), cuda::DType::F32, n, stats(), stream_.get());
        quant::GroupStats host;
        check(cudaMemcpyAsync(&host, stats(), sizeof host, cudaMemcpyDeviceToHost, stream_.get()), "cudaMemcpyAsync (tensor stats)");
        check(cudaStreamSynchronize(stream_.get()), "cudaStreamSynchronize");
        return host.amax;
    }

    quant::GroupStats* stats() {
        if (!stats_.try_reserve(1)) fail_runtime("cuda backend: out of device memory");
        return stats_.data();
    }

    // Device buffers for the outputs `r` was sized for.
    cuda::QuantOutputs quant_outputs(const quant::QuantResult& r) {
        cuda::QuantOutputs out;
        auto room = [&](auto& buffer, std::size_t n) {
            if (n == 0) return decltype(buffer.data())(nullptr);
            if (!buffer.try_reserve(n)) {
                weights_.clear();
                if (!buffer.try_reserve(n)) fail_runtime("cuda backend: out of device memory for quantizer outputs");
            }
            return buffer.data();
        };
        out.codes = room(codes_, r.codes.size());
        out.scales = room(scales_, r.scales.size());
        out.scale_bytes = room(scale_bytes_, r.scale_bytes.size());
        out.zero_points = room(zero_points_, r.zero_points.size());
        return out;
    }

    void download_result(quant::QuantResult& r, const float* deq) {
        auto get = [&](auto& host, const auto* device) {
            if (host.empty()) return;
            check(cudaMemcpyAsync(host.data(), device, host.size() * sizeof(host[0]), cudaMemcpyDeviceToHost, stream_.get()),
                  "cudaMemcpyAsync device to host");
        };
        get(r.codes, codes_.data());
        get(r.scales, scales_.data());
        get(r.scale_bytes, scale_bytes_.data());
        get(r.zero_points, zero_points_.data());
        download(r.dequant.data(), deq, static_cast<int64_t>(r.dequant.size()));  // synchronizes
    }

    // Room for n floats; when the device is full, the weight cache goes first (it refills on
    // demand), and only then is running out of memory an error.
    void reserve(DeviceBuffer<float>& buffer, int64_t n) {
        if (buffer.try_reserve(static_cast<std::size_t>(n))) return;
        weights_.clear();
        if (!buffer.try_reserve(static_cast<std::size_t>(n)))
            fail_runtime("cuda backend: out of device memory for " + std::to_string(n) + " floats");
    }

    const CachedLinear& weights_for(const Linear& layer) {
        const WeightStamp stamp = WeightStamp::of(layer);
        if (auto it = weights_.find(&layer); it != weights_.end()) {
            if (it->second.stamp == stamp) return it->second;
            weights_.erase(it);  // stale: free its memory before allocating the replacement
        }
        CachedLinear entry;
        entry.stamp = stamp;
        reserve(entry.w, layer.w.size());
        if (layer.w.size()) upload(entry.w.data(), layer.w.data(), layer.w.size());
        if (layer.b.size()) {
            reserve(entry.b, layer.b.size());
            upload(entry.b.data(), layer.b.data(), layer.b.size());
        }
        return weights_.insert_or_assign(&layer, std::move(entry)).first->second;
    }

    void upload(float* device, const float* host, int64_t n) {
        check(cudaMemcpyAsync(device, host, n * sizeof(float), cudaMemcpyHostToDevice, stream_.get()),
              "cudaMemcpyAsync host to device");
    }

    // Also the synchronization point of every op: kernel faults surface here.
    void download(float* host, const float* device, int64_t n) {
        check(cudaMemcpyAsync(host, device, n * sizeof(float), cudaMemcpyDeviceToHost, stream_.get()),
              "cudaMemcpyAsync device to host");
        check(cudaStreamSynchronize(stream_.get()), "cudaStreamSynchronize");
    }

    int device_;
    StreamPtr stream_;
    CublasPtr cublas_;
    cuda::SolverPtr solver_;  // made at the first factorization
    DeviceBuffer<float> x_, y_, k_, v_, norm_w_, signs_, scales_;
    DeviceBuffer<int32_t> codes_, zero_points_;
    DeviceBuffer<uint8_t> scale_bytes_;
    DeviceBuffer<quant::GroupStats> stats_;
    std::unordered_map<int, DeviceBuffer<int8_t>> bases_;
    std::unordered_map<const Linear*, CachedLinear> weights_;
};

// cudaGetDeviceCount fails cleanly (no abort) when there is no driver or no device.
cudaError_t device_count(int& count) {
    count = 0;
    const cudaError_t status = cudaGetDeviceCount(&count);
    if (status != cudaSuccess) {
        (void)cudaGetLastError();  // leave no error behind for the next CUDA call to trip on
        count = 0;
    }
    return status;
}

}  // namespace

bool cuda_backend_available() {
    int count = 0;
    return device_count(count) == cudaSuccess && count > 0;
}

std::vector<CudaDeviceInfo> cuda_devices(std::string* why_none) {
    int count = 0;
    if (const cudaError_t status = device_count(count); status != cudaSuccess) {
        // cudaErrorInsufficientDriver / cudaErrorNoDevice and friends, in the runtime's words.
        if (why_none) *why_none = cudaGetErrorString(status);
        return {};
    }
    if (count == 0) {
        if (why_none) *why_none = "the driver reports no CUDA device";
        return {};
    }
    int current = 0;
    check(cudaGetDevice(&current), "cudaGetDevice");
    std::vector<CudaDeviceInfo> out;
    for (int i = 0; i < count; ++i) {
        cudaDeviceProp prop{};
        check(cudaGetDeviceProperties(&prop, i), "cudaGetDeviceProperties");
        CudaDeviceInfo d{i, prop.name, 0, static_cast<int64_t>(prop.totalGlobalMem), prop.major, prop.minor};
        // Free memory needs a context on the device; a device in exclusive use by another
        // process refuses one, and then shows its total with nothing free.
        size_t free = 0, total = 0;
        if (cudaSetDevice(i) == cudaSuccess && cudaMemGetInfo(&free, &total) == cudaSuccess) {
            d.free_bytes = static_cast<int64_t>(free);
            d.total_bytes = static_cast<int64_t>(total);
        }
        (void)cudaGetLastError();
        out.push_back(std::move(d));
    }
    (void)cudaSetDevice(current);
    return out;
}

std::unique_ptr<Backend> make_cuda_backend(int device) {
    int count = 0;
    if (const cudaError_t status = device_count(count); status != cudaSuccess)
        throw Error(ErrorKind::Runtime, std::string("no CUDA device: ") + cudaGetErrorString(status));
    if (count == 0) throw Error(ErrorKind::Runtime, "no CUDA device: the driver reports none");
    if (device < 0 || device >= count)
        throw Error(ErrorKind::Runtime, "no CUDA device " + std::to_string(device) + ": the driver reports " +
                                            std::to_string(count));
    return std::make_unique<CudaBackend>(device);
}

int cuda::eigen_max_align_bytes() { return EIGEN_MAX_ALIGN_BYTES; }

}  // namespace rs

#endif  // ROTOSCOPE_HAVE_CUDA
