// The compiler and instruction set of this build, and the processor it runs on. Compiled with
// the engine's own flags, so the predefined macros say what the engine's arithmetic was built for.
#include <fstream>
#include <string>

#include "core/version.h"

namespace rs {

const char* build_compiler() {
#if defined(__clang__)
    return "Clang " __clang_version__;
#elif defined(__GNUC__)
    return "GCC " __VERSION__;
#else
    return "unknown compiler";
#endif
}

const char* build_isa() {
    return ""
#if defined(__AVX512F__)
           "avx512f "
#endif
#if defined(__AVX512BW__)
           "avx512bw "
#endif
#if defined(__AVX512VL__)
           "avx512vl "
#endif
#if defined(__AVX2__)
           "avx2 "
#endif
#if defined(__AVX__)
           "avx "
#endif
#if defined(__FMA__)
           "fma "
#endif
#if defined(__F16C__)
           "f16c "
#endif
#if defined(__SSE4_2__)
           "sse4.2 "
#endif
#if defined(__SSE2__)
           "sse2"
#endif
        ;
}

std::string runtime_cpu() {
    std::string model;
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("model name", 0) != 0) continue;
        const size_t colon = line.find(':');
        if (colon != std::string::npos) model = line.substr(colon + 1);
        break;
    }
    while (!model.empty() && model.front() == ' ') model.erase(0, 1);
    if (model.empty()) model = "unknown CPU";
    std::string isa;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) isa += "avx512f ";
    if (__builtin_cpu_supports("avx2")) isa += "avx2 ";
    if (__builtin_cpu_supports("fma")) isa += "fma ";
#endif
    if (!isa.empty()) {
        isa.pop_back();
        model += " (" + isa + ")";
    }
    return model;
}

}  // namespace rs
