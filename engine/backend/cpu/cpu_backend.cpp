// The reference backend: fp32 on Eigen. Threads come from OpenMP over row blocks, since the
// engine builds Eigen with EIGEN_DONT_PARALLELIZE to keep one threading model.
#include <omp.h>

#include "backend/backend.h"
#include "backend/cpu/llamacpp_numerics.h"
#include "core/error.h"

namespace rs {
namespace {

class CpuBackend final : public Backend {
public:
    explicit CpuBackend(const BackendOptions& options) : options_(options) {}
    std::string name() const override { return "cpu"; }

    void linear(const MatrixRM& x, const Linear& layer, MatrixRM& y) override {
        if (options_.llamacpp_numerics) {
            llamacpp::linear(x, layer, y);
            return;
        }
        const int64_t T = x.rows(), N = layer.w.rows();
        y.resize(T, N);
        // Split the output features across threads: each thread multiplies all tokens by a slice
        // of W, which keeps the weight slice hot in its core's cache.
        const int nt = omp_get_max_threads();
        const int64_t chunk = ((N + nt - 1) / nt + 15) / 16 * 16;
#pragma omp parallel for schedule(static)
        for (int64_t n0 = 0; n0 < N; n0 += chunk) {
            const int64_t nn = std::min(chunk, N - n0);
            y.middleCols(n0, nn).noalias() = x * layer.w.middleRows(n0, nn).transpose();
            if (layer.b.size()) y.middleCols(n0, nn).rowwise() += layer.b.segment(n0, nn).transpose();
        }
    }

    void rms_norm(const MatrixRM& x, const VectorF& w, float eps, MatrixRM& y) override {
        if (options_.llamacpp_numerics) {
            llamacpp::rms_norm(x, w, eps, y);
            return;
        }
        y.resize(x.rows(), x.cols());
        for (int64_t t = 0; t < x.rows(); ++t) {
            const double ms = x.row(t).cast<double>().squaredNorm() / static_cast<double>(x.cols());
            const float inv = static_cast<float>(1.0 / std::sqrt(ms + eps));
            y.row(t) = (x.row(t) * inv).cwiseProduct(w.transpose());
        }
    }

private:
    BackendOptions options_;
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(const BackendOptions& options) { return std::make_unique<CpuBackend>(options); }

#ifndef ROTOSCOPE_HAVE_CUDA
bool cuda_backend_available() { return false; }
std::unique_ptr<Backend> make_cuda_backend() {
    fail_runtime("this build of Rotoscope has no CUDA backend (configure with -DROTOSCOPE_CUDA=ON and nvcc on PATH)");
}
#endif

}  // namespace rs
