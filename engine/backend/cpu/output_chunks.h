// Splits the output features of a linear layer across the OpenMP threads: each thread multiplies
// all tokens by its own slice of W, which keeps that slice hot in its core's cache. Slices are
// multiples of 16 rows so that the GEMM kernels see aligned panels.
#pragma once
#include <omp.h>

#include <algorithm>
#include <cstdint>

namespace rs {

// Calls fn(n0, nn) for disjoint slices [n0, n0 + nn) covering [0, N), in parallel.
template <class Fn>
void for_each_output_chunk(int64_t N, Fn&& fn) {
    const int nt = omp_get_max_threads();
    const int64_t chunk = std::max<int64_t>(16, ((N + nt - 1) / nt + 15) / 16 * 16);
#pragma omp parallel for schedule(static)
    for (int64_t n0 = 0; n0 < N; n0 += chunk) fn(n0, std::min(chunk, N - n0));
}

}  // namespace rs
