// Owning handles of a CUDA stream and the cuBLAS and cuSOLVER handles bound to it, shared by the backend and the
// device forward pass. Host C++ only.
#pragma once
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <cusolverDn.h>

#include <memory>
#include <type_traits>

#include "backend/cuda/cuda_check.h"

namespace rs::cuda {

struct StreamDeleter {
    void operator()(cudaStream_t s) const noexcept { (void)cudaStreamDestroy(s); }
};
struct CublasDeleter {
    void operator()(cublasHandle_t h) const noexcept { (void)cublasDestroy(h); }
};
using StreamPtr = std::unique_ptr<std::remove_pointer_t<cudaStream_t>, StreamDeleter>;
struct SolverDeleter {
    void operator()(cusolverDnHandle_t h) const noexcept { (void)cusolverDnDestroy(h); }
};
using CublasPtr = std::unique_ptr<std::remove_pointer_t<cublasHandle_t>, CublasDeleter>;
using SolverPtr = std::unique_ptr<std::remove_pointer_t<cusolverDnHandle_t>, SolverDeleter>;

// A non-blocking stream on the current device.
inline StreamPtr make_stream() {
    cudaStream_t stream = nullptr;
    check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
    return StreamPtr(stream);
}

// A cuBLAS handle on `stream`. Default math keeps SGEMM in fp32: TF32 tensor cores need
// CUBLAS_TF32_TENSOR_OP_MATH, and their 10-bit mantissa would make the CPU comparison (and
// quantization error measurements) meaningless. bf16 GEMMs (cublasGemmEx) use tensor cores
// regardless.
inline CublasPtr make_cublas(cudaStream_t stream) {
    cublasHandle_t handle = nullptr;
    check(cublasCreate(&handle), "cublasCreate");
    CublasPtr out(handle);
    check(cublasSetStream(handle, stream), "cublasSetStream");
    check(cublasSetMathMode(handle, CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
    return out;
}

// A cuSOLVER dense handle on `stream`.
inline SolverPtr make_solver(cudaStream_t stream) {
    cusolverDnHandle_t handle = nullptr;
    check(cusolverDnCreate(&handle), "cusolverDnCreate");
    SolverPtr out(handle);
    check(cusolverDnSetStream(handle, stream), "cusolverDnSetStream");
    return out;
}

}  // namespace rs::cuda
