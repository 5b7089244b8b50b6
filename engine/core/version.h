// The build's identity, recorded in every report. The commit lives in one generated source
// file (build/engine/version.cpp) so that a new commit recompiles that file only.
#pragma once
#include <string>

namespace rs {

const char* tool_version();  // PROJECT_VERSION, e.g. "0.1.0"
const char* git_commit();    // `git rev-parse --short HEAD` at configure time, or "unknown"

// What decides the float arithmetic of a build, recorded in every report: two reports agree to the
// last bit only when these match (docs/reproducibility.md).
const char* build_compiler();  // "GCC 12.2.0", "Clang 14.0.6"
const char* build_flags();     // the engine's optimization flags: build type, CMAKE_CXX_FLAGS, -march
const char* build_isa();       // vector extensions the engine was compiled for: "avx512f avx2 fma sse4.2"
// The processor this process runs on: "AMD EPYC (avx512f avx2 fma)", from /proc/cpuinfo and cpuid.
std::string runtime_cpu();

}  // namespace rs
