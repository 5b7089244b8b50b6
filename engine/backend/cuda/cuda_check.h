// Every CUDA runtime, cuBLAS and cuSOLVER call goes through check(), so that a failure surfaces as an
// rs::Error naming the call and CUDA's own description rather than as wrong numbers later.
#pragma once
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <cusolverDn.h>

#include <string>

#include "core/error.h"

namespace rs::cuda {

inline void check(cudaError_t status, const char* what) {
    if (status != cudaSuccess)
        fail_runtime(std::string("CUDA: ") + what + ": " + cudaGetErrorName(status) + " (" +
                     cudaGetErrorString(status) + ")");
}

inline void check(cublasStatus_t status, const char* what) {
    if (status != CUBLAS_STATUS_SUCCESS)
        fail_runtime(std::string("cuBLAS: ") + what + ": " + cublasGetStatusName(status) + " (" +
                     cublasGetStatusString(status) + ")");
}

inline void check(cusolverStatus_t status, const char* what) {
    if (status != CUSOLVER_STATUS_SUCCESS) fail_runtime(std::string("cuSOLVER: ") + what + ": status " + std::to_string(static_cast<int>(status)));
}

}  // namespace rs::cuda
