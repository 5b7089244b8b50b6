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

#include <bit>
#include <climits>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "backend/backend.h"
#include "backend/cuda/cuda_backend.h"
#include "backend/cuda/cuda_check.h"
#include "backend/cuda/cuda_kernels.h"
#include "backend/cuda/device_buffer.h"
#include "backend/cuda/hadamard_kernels.h"
#include "backend/cuda/quant_kernels.h"
#include "quant/group_quantizer.h"
#include "rotate/hadamard.h"

namespace rs {
namespace {

using cuda::check;
using cuda::DeviceBuffer;

struct StreamDeleter {
    void operator()(cudaStream_t s) const noexcept { (void)cudaStreamDestroy(s); }
};
struct CublasDeleter {
    void operator()(cublasHandle_t h) const noexcept { (void)cublasDestroy(h); }
};
using StreamPtr = std::unique_ptr<std::remove_pointer_t<cudaStream_t>, StreamDeleter>;
using CublasPtr = std::unique_ptr<std::remove_pointer_t<cublasHandle_t>, CublasDeleter>;

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

void require_int(int64_t v, const char* what) {
    if (v > INT_MAX) fail_runtime(std::string("cuda backend: ") + what + " = " + std::to_string(v) +
                                  " exceeds the int range of cuBLAS and kernel launches");
}

class CudaBackend final : public Backend {
public:
    explicit CudaBackend(int device) : device_(device) {
        check(cudaSetDevice(device_), "cudaSetDevice");
        cudaStream_t stream = nullptr;
        check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
        stream_.reset(stream);
        cublasHandle_t handle = nullptr;
        check(cublasCreate(&handle), "cublasCreate");
        cublas_.reset(handle);
        check(cublasSetStream(handle, stream), "cublasSetStream");
        // Default math keeps SGEMM in fp32: TF32 tensor cores need CUBLAS_TF32_TENSOR_OP_MATH,
        // and their 10-bit mantissa would make the CPU comparison (and quantization error
        // measurements) meaningless.
        check(cublasSetMathMode(handle, CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
    }

    std::string name() const override { return "cuda"; }

    bool supports(BackendOp op, const quant::FormatSpec* format) const override {
        if (!backend_op_traits(op).takes_format) return true;
        if (!format) return false;
        const bool per_tensor = quant::format_traits(format->kind).block == 0 && format->granularity == quant::Granularity::Tensor;
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
        const bool per_tensor = quant::format_traits(spec.kind).block == 0 && spec.granularity == quant::Granularity::Tensor;
        if (per_tensor)
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
                const Eigen::MatrixXi base = hadamard_base(split.k);
                std::vector<int8_t> host(static_cast<std::size_t>(split.k) * split.k);
                for (int i = 0; i < split.k; ++i)
                    for (int j = 0; j < split.k; ++j) host[static_cast<std::size_t>(i) * split.k + j] = static_cast<int8_t>(base(i, j));
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
    DeviceBuffer<float> x_, y_, norm_w_, signs_, scales_;
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

std::unique_ptr<Backend> make_cuda_backend() {
    int count = 0;
    if (const cudaError_t status = device_count(count); status != cudaSuccess)
        throw Error(ErrorKind::Runtime, std::string("no CUDA device: ") + cudaGetErrorString(status));
    if (count == 0) throw Error(ErrorKind::Runtime, "no CUDA device: the driver reports none");
    int device = 0;
    check(cudaGetDevice(&device), "cudaGetDevice");
    return std::make_unique<CudaBackend>(device);
}

int cuda::eigen_max_align_bytes() { return EIGEN_MAX_ALIGN_BYTES; }

}  // namespace rs

#endif  // ROTOSCOPE_HAVE_CUDA
