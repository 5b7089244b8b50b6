// What every harness shares: scratch files for parsers that take paths, the splitting of one
// input into the several files a model directory holds, and the rule that rs::Error is the
// expected outcome of a hostile input while anything else (another exception, a signal, a
// sanitizer report, an allocation past libFuzzer's -malloc_limit_mb) is a finding.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "core/error.h"

namespace rs::fuzz {

// A directory of this process's own, emptied before each input (tmpfs when there is one).
inline const std::filesystem::path& scratch_root() {
    static const std::filesystem::path root = [] {
        namespace fs = std::filesystem;
        const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
        fs::path p = base / ("rotoscope-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(p);
        std::atexit([] {
            std::error_code ec;
            fs::remove_all(scratch_root(), ec);
        });
        return p;
    }();
    return root;
}

inline void clear_scratch() {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(scratch_root(), ec)) std::filesystem::remove_all(e.path(), ec);
}

inline std::string write_scratch(const std::string& name, std::string_view bytes) {
    const std::filesystem::path p = scratch_root() / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p.string();
}

// The separator between the files of a multi-file input (a model directory): seeds are
// written with it, and the fuzzer's mutations can move, drop or duplicate it.
inline constexpr std::string_view kPartSeparator = "\n#rotoscope-fuzz-part#\n";

inline std::vector<std::string_view> split_parts(const uint8_t* data, size_t size, size_t max_parts) {
    std::string_view all(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < max_parts) {
        const size_t p = all.find(kPartSeparator);
        if (p == std::string_view::npos) break;
        parts.push_back(all.substr(0, p));
        all.remove_prefix(p + kPartSeparator.size());
    }
    parts.push_back(all);
    return parts;
}

inline std::string join_parts(const std::vector<std::string>& parts) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i) out += kPartSeparator;
        out += parts[i];
    }
    return out;
}

// Runs one input: a clean return or an rs::Error is fine; every other exception aborts with
// its type and message, so that libFuzzer saves the input as a crash.
template <class F>
int run_input(F&& body) {
    try {
        body();
    } catch (const rs::Error& e) {
        // The expected outcome; a message must still be one line.
        const std::string_view m = e.what();
        if (m.find('\n') != std::string_view::npos) {
            std::fprintf(stderr, "finding: rs::Error message spans several lines: %s\n", e.what());
            std::abort();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "finding: uncaught %s: %s\n", typeid(e).name(), e.what());
        std::abort();
    } catch (...) {
        std::fprintf(stderr, "finding: uncaught exception of unknown type\n");
        std::abort();
    }
    return 0;
}

}  // namespace rs::fuzz
