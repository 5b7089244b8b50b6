// The reference backend: fp32 on Eigen; the activation ops are Backend's reference defaults. Threads come from OpenMP over row blocks, since the
// engine builds Eigen with EIGEN_DONT_PARALLELIZE to keep one threading model.
#include "backend/backend.h"
#include "backend/cpu/llamacpp_numerics.h"
#include "backend/cpu/output_chunks.h"
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
        y.resize(x.rows(), layer.w.rows());
        for_each_output_chunk(layer.w.rows(), [&](int64_t n0, int64_t nn) {
            y.middleCols(n0, nn).noalias() = x * layer.w.middleRows(n0, nn).transpose();
            if (layer.b.size()) y.middleCols(n0, nn).rowwise() += layer.b.segment(n0, nn).transpose();
        });
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
std::vector<CudaDeviceInfo> cuda_devices(std::string* why_none) {
    if (why_none) *why_none = "this build has no CUDA backend";
    return {};
}
std::unique_ptr<Backend> make_cuda_backend(int) {
    fail_runtime("this build of Rotoscope has no CUDA backend (configure with -DROTOSCOPE_CUDA=ON and nvcc on PATH)");
}
#endif

}  // namespace rs
