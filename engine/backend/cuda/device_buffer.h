// Owning, move-only device memory that only grows: the backend keeps one per role (activations
// in, activations out, per-layer weights) so steady-state calls do no cudaMalloc.
#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <utility>

#include "backend/cuda/cuda_check.h"

namespace rs::cuda {

template <typename T>
class DeviceBuffer {
public:
    DeviceBuffer() = default;
    ~DeviceBuffer() { release(); }
    DeviceBuffer(DeviceBuffer&& o) noexcept
        : ptr_(std::exchange(o.ptr_, nullptr)), capacity_(std::exchange(o.capacity_, 0)) {}
    DeviceBuffer& operator=(DeviceBuffer&& o) noexcept {
        if (this != &o) {
            release();
            ptr_ = std::exchange(o.ptr_, nullptr);
            capacity_ = std::exchange(o.capacity_, 0);
        }
        return *this;
    }
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;

    // Makes room for n elements (the old contents are lost when it grows). Returns false when
    // the device is out of memory, so that the caller can free caches and try again; other
    // errors throw.
    [[nodiscard]] bool try_reserve(std::size_t n) {
        if (n <= capacity_) return true;
        release();
        void* p = nullptr;
        const cudaError_t status = cudaMalloc(&p, n * sizeof(T));
        if (status == cudaErrorMemoryAllocation) {
            (void)cudaGetLastError();  // not sticky, but clear it so later checks do not see it
            return false;
        }
        check(status, "cudaMalloc");
        ptr_ = static_cast<T*>(p);
        capacity_ = n;
        return true;
    }

    T* data() const { return ptr_; }
    std::size_t capacity() const { return capacity_; }

private:
    void release() noexcept {
        // An error here cannot be reported from a destructor; at process exit the runtime may
        // already be unloading, which is harmless.
        if (ptr_) (void)cudaFree(ptr_);
        ptr_ = nullptr;
        capacity_ = 0;
    }

    T* ptr_ = nullptr;
    std::size_t capacity_ = 0;
};

}  // namespace rs::cuda
