#!/usr/bin/env bash
# The GPU check of the kernels (Hadamard transforms, fake quantizers, the fused
# rotate-then-quantize, causal attention, the CUDA backend's ops and device selection), made to run on the bare GPU machine the device
# tool lends (nvcc, CMake, g++, no Debian development packages, no network) within 8 minutes:
#
#   here:  scripts/device-check-kernels.sh --pack
#          copies Eigen, fmt and GoogleTest from this machine's Debian packages into
#          .device-deps/ (ignored by git), about 15 MB, for the device tool to carry.
#   there: scripts/device-check-kernels.sh          (device run with carry [".device-deps"])
#          builds the kernel-check subset (cmake/KernelCheck.cmake) for sm_90, runs the op-by-op
#          equivalence suite (tests/engine/backend_ops_test.cpp), the CUDA backend's own tests and
#          the backend names and device list (backend_spec_test),
#          the device-resident forward pass against the double reference (device_pass_test), a
#          compute-sanitizer memcheck of a slice of the suite, and the benchmarks
#          (bench/bench_cuda_kernels.cpp: kernels against copy bandwidth; bench/bench_device_pass.cpp:
#          perplexity tokens/s of a Llama-3-8B-shaped model at ctx 2048 in bf16 and fp32).
#
# Exit status: non-zero when a test fails or the build breaks (the benchmark's numbers are
# reported, not judged). Logs go to $OUT when the device tool sets it.
set -euo pipefail
cd "$(dirname "$0")/.."
deps=.device-deps
if [ "${1:-}" = --pack ]; then
  for need in /usr/include/eigen3/Eigen/Core /usr/include/fmt/format-inl.h /usr/src/googletest/CMakeLists.txt; do
    [ -e "$need" ] || { echo "device-check-kernels: $need missing (scripts/install-deps.sh installs it)"; exit 2; }
  done
  rm -rf "$deps"
  mkdir -p "$deps/include" "$deps/src"
  cp -r /usr/include/eigen3 /usr/include/fmt "$deps/include/"
  cp -r /usr/src/googletest "$deps/src/"
  grep -qx "/$deps/" .git/info/exclude 2>/dev/null || echo "/$deps/" >> .git/info/exclude
  echo "device-check-kernels: packed $(du -sh "$deps" | cut -f1) into $deps; carry it to the GPU machine"
  exit 0
fi
[ -d "$deps" ] || { echo "device-check-kernels: $deps missing: run scripts/device-check-kernels.sh --pack here and carry it"; exit 2; }
export PATH="$PATH:/usr/local/cuda/bin"
out="${OUT:-/tmp}"
t0=$(date +%s)
stamp() { echo "[$(( $(date +%s) - t0 )) s] $*"; }
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
gen=()
command -v ninja > /dev/null && gen=(-G Ninja)
cmake -S . -B build-device "${gen[@]}" -DCMAKE_BUILD_TYPE=Release -DROTOSCOPE_KERNEL_CHECK=ON \
  -DROTOSCOPE_DEPS="$PWD/$deps" -DCMAKE_CUDA_ARCHITECTURES=90 > "$out/configure.log" 2>&1 \
  || { tail -30 "$out/configure.log"; exit 1; }
cmake --build build-device -j"$(nproc)" > "$out/build.log" 2>&1 || { grep -m20 -A5 "error" "$out/build.log"; exit 1; }
stamp "built"
status=0
for t in backend_ops_test backend_spec_test cuda_backend_test device_pass_test; do
  if build-device/$t --gtest_brief=1 > "$out/$t.log" 2>&1; then stamp "$t: $(grep -E '^\[  PASSED' "$out/$t.log")"
  else status=1; stamp "$t FAILED:"; grep -E "FAILED|Failure|Expected|Which is|differ|error" "$out/$t.log" | head -40; fi
done
# Out-of-bounds and misaligned accesses in kernels that had never run: a slice of the suite
# (every kernel, every dtype) under memcheck.
if command -v compute-sanitizer > /dev/null; then
  if compute-sanitizer --tool memcheck --error-exitcode 9 build-device/backend_ops_test --gtest_brief=1 \
      --gtest_filter='*cuda_4096*:*cuda_5120*:*cuda_172*:*cuda_mxfp4_7x384*:*cuda_nvfp4_static*:*cuda_int4_tensor_7x384*:*cuda_int4_mse_7x384*:*CudaDType*:Cases/*cuda_mxfp4*:Shapes/*cuda_d*' \
      > "$out/memcheck.log" 2>&1; then stamp "memcheck: clean"
  else status=1; stamp "memcheck FAILED:"; grep -m30 -E "=========|FAILED" "$out/memcheck.log"; fi
fi
build-device/rotoscope_cuda_bench | tee "$out/bench.log" || status=1
# The device-resident forward pass on a Llama-3-8B-shaped model (bf16 and fp32), within 4 minutes.
timeout 240 build-device/rotoscope_device_pass_bench 32 6 | tee "$out/device_pass_bench.log" || status=1
stamp "done, status $status"
exit $status
