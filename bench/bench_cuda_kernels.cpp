// The CUDA kernels of the quantization path timed against a device-to-device copy of the same
// bytes, the bound a memory-bound kernel can reach. Prints one line per measurement:
//   FWHT of 16,384 bf16 rows at n = 4096, 8192, 14336 = 28·512 and 5120 = 40·128 (target: within
//   1.1x the copy), and fake quantization of 16,384 x 4096 bf16 activations in MXFP4 and NVFP4
//   (target: at least 85% of the copy's bandwidth, i.e. at most 1.18x its time), plus INT4 and
//   MXFP8 and the fused rotate-then-quantize kernel (no targets), and causal attention of one
//   Llama-3-8B-shaped layer at ctx 2048.
// Times are medians of 20 runs after 3 warm-ups, by CUDA events on one stream.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "backend/cuda/attention_kernels.h"
#include "backend/cuda/cuda_check.h"
#include "backend/cuda/hadamard_kernels.h"
#include "backend/cuda/quant_kernels.h"
#include "core/error.h"
#include "quant/group_quantizer.h"
#include "rotate/hadamard.h"

namespace {

using rs::cuda::check;

double median_ms(const std::function<void()>& run, cudaStream_t stream) {
    cudaEvent_t a, b;
    check(cudaEventCreate(&a), "cudaEventCreate");
    check(cudaEventCreate(&b), "cudaEventCreate");
    for (int i = 0; i < 3; ++i) run();
    std::vector<float> ms;
    for (int i = 0; i < 20; ++i) {
        check(cudaEventRecord(a, stream), "cudaEventRecord");
        run();
        check(cudaEventRecord(b, stream), "cudaEventRecord");
        check(cudaEventSynchronize(b), "cudaEventSynchronize");
        float t = 0;
        check(cudaEventElapsedTime(&t, a, b), "cudaEventElapsedTime");
        ms.push_back(t);
    }
    cudaEventDestroy(a);
    cudaEventDestroy(b);
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

struct DeviceBytes {
    void* p = nullptr;
    explicit DeviceBytes(size_t n) { check(cudaMalloc(&p, n), "cudaMalloc"); }
    ~DeviceBytes() { cudaFree(p); }
};

// bf16 random normal bits (the upper half of a float).
void fill_bf16(void* dev, int64_t n) {
    std::mt19937 rng(1);
    std::normal_distribution<float> dist;
    std::vector<uint16_t> h(static_cast<size_t>(n));
    for (auto& v : h) {
        const float f = dist(rng);
        uint32_t u;
        std::memcpy(&u, &f, 4);
        v = static_cast<uint16_t>(u >> 16);
    }
    check(cudaMemcpy(dev, h.data(), n * 2, cudaMemcpyHostToDevice), "cudaMemcpy");
}

}  // namespace

int main() try {
    cudaStream_t stream;
    check(cudaStreamCreate(&stream), "cudaStreamCreate");
    cudaDeviceProp prop{};
    int dev = 0;
    check(cudaGetDevice(&dev), "cudaGetDevice");
    check(cudaGetDeviceProperties(&prop, dev), "cudaGetDeviceProperties");
    std::printf("device: %s\n", prop.name);

    constexpr int64_t kRows = 16384;
    std::printf("%-34s %10s %10s %8s %8s\n", "kernel", "ms", "copy ms", "x copy", "target");
    for (const int64_t n : {int64_t{4096}, int64_t{8192}, int64_t{14336}, int64_t{5120}}) {
        const size_t bytes = static_cast<size_t>(kRows * n * 2);
        DeviceBytes x(bytes), y(bytes);
        fill_bf16(x.p, kRows * n);
        const rs::HadamardSplit split = rs::hadamard_split(n);
        const std::vector<int8_t> hk = rs::hadamard_base_int8(split.k);
        DeviceBytes d_hk(hk.size());
        check(cudaMemcpy(d_hk.p, hk.data(), hk.size(), cudaMemcpyHostToDevice), "cudaMemcpy");
        rs::cuda::HadamardLaunch h;
        h.block = n;
        h.k = split.k;
        h.hk = split.k > 1 ? static_cast<const int8_t*>(d_hk.p) : nullptr;
        const double copy = median_ms([&] { check(cudaMemcpyAsync(y.p, x.p, bytes, cudaMemcpyDeviceToDevice, stream), "copy"); }, stream);
        const double fwht = median_ms([&] { rs::cuda::hadamard_rows(x.p, rs::cuda::DType::BF16, kRows, n, h, stream); }, stream);
        const std::string name = "fwht bf16 16384 x " + std::to_string(n) + " (k=" + std::to_string(split.k) + ")";
        std::printf("%-34s %10.3f %10.3f %8.2f %8s\n", name.c_str(), fwht, copy, fwht / copy, "<=1.10");
    }

    {
        constexpr int64_t n = 4096;
        const int64_t total = kRows * n;
        const size_t bytes = static_cast<size_t>(total * 2);
        DeviceBytes x(bytes), y(bytes);
        fill_bf16(x.p, total);
        const double copy = median_ms([&] { check(cudaMemcpyAsync(y.p, x.p, bytes, cudaMemcpyDeviceToDevice, stream), "copy"); }, stream);
        for (const char* f : {"mxfp4", "nvfp4", "int4:token", "mxfp8_e4m3"}) {
            const rs::quant::FormatSpec spec = rs::quant::parse_format_spec(f);
            const int64_t span = rs::quant::format_traits(spec.kind).block > 0 ? rs::quant::format_traits(spec.kind).block : n;
            const rs::quant::ElementParams p = rs::quant::element_params(spec, 40.0f);
            const double t = median_ms([&] {
                rs::cuda::fake_quant_spans(p, x.p, y.p, rs::cuda::DType::BF16, total / span, span, spec.clip_ratio, false, {}, stream);
            }, stream);
            const std::string name = std::string("fake-quant bf16 16384 x 4096 ") + f;
            // Bandwidth fraction: the copy moves the same bytes (read x, write y) as the kernel.
            const bool target = spec.kind == rs::quant::FormatKind::MxFp4 || spec.kind == rs::quant::FormatKind::Nvfp4;
            std::printf("%-34s %10.3f %10.3f %8.2f %8s\n", name.c_str(), t, copy, t / copy, target ? "<=1.18" : "-");
        }
        // The fused online rotation and quantizer (no target; a W4A4 linear's input path).
        const rs::quant::FormatSpec spec = rs::quant::parse_format_spec("mxfp4");
        rs::cuda::HadamardLaunch h;
        h.block = n;
        const rs::quant::ElementParams p = rs::quant::element_params(spec);
        const double t = median_ms([&] {
            rs::cuda::rotate_quantize_rows(p, x.p, rs::cuda::DType::BF16, kRows, n, h, 32, 1.0f, {}, stream);
        }, stream);
        std::printf("%-34s %10.3f %10.3f %8.2f %8s\n", "rotate+mxfp4 bf16 16384 x 4096", t, copy, t / copy, "-");
    }
    {
        // Causal attention of one Llama-3-8B layer (32 query heads, 8 KV heads of 128) over one
        // 2048-token window, fp32. A whole layer of a 40,000 tokens/s evaluation has 2048 / 40000
        // / 32 s = 1.6 ms, linears included: the line shows what attention alone takes of it.
        const rs::cuda::AttentionLaunch a{32, 8, 128, 2048, 0};
        const int64_t qn = a.rows * a.n_heads * a.head_dim, kvn = a.rows * a.n_kv_heads * a.head_dim;
        DeviceBytes q(static_cast<size_t>(qn) * 4), k(static_cast<size_t>(kvn) * 4), v(static_cast<size_t>(kvn) * 4),
            o(static_cast<size_t>(qn) * 4);
        std::vector<float> host(static_cast<size_t>(qn));
        std::mt19937 rng(2);
        std::normal_distribution<float> dist;
        for (float& f : host) f = dist(rng);
        check(cudaMemcpy(q.p, host.data(), host.size() * 4, cudaMemcpyHostToDevice), "cudaMemcpy");
        check(cudaMemcpy(k.p, host.data(), static_cast<size_t>(kvn) * 4, cudaMemcpyHostToDevice), "cudaMemcpy");
        check(cudaMemcpy(v.p, host.data() + kvn, static_cast<size_t>(kvn) * 4, cudaMemcpyHostToDevice), "cudaMemcpy");
        const double t = median_ms([&] {
            rs::cuda::attention(static_cast<const float*>(q.p), static_cast<const float*>(k.p), static_cast<const float*>(v.p),
                                static_cast<float*>(o.p), a, stream);
        }, stream);
        // Q·Kᵀ and P·V over the causal half: 2 products x 2 flops x heads x D x T²/2.
        const double flops = 2.0 * 2.0 * a.n_heads * a.head_dim * static_cast<double>(a.rows) * static_cast<double>(a.rows) / 2.0;
        std::printf("%-34s %10.3f %10s %8s %8s  (%.1f TFLOP/s fp32; 1.6 ms = a whole layer at 40k tokens/s)\n",
                    "attention fp32 8B layer ctx 2048", t, "-", "-", "-", flops / (t * 1e-3) / 1e12);
    }
    cudaStreamDestroy(stream);
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "rotoscope_cuda_bench: %s\n", e.what());
    return 1;
}
