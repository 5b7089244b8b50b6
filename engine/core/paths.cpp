#include "core/paths.h"

#include <cstdlib>
#include <filesystem>

namespace rs {

std::string user_cache_dir() {
    if (const char* c = std::getenv("ROTOSCOPE_CACHE"); c && *c) return c;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/rotoscope";
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/rotoscope";
    return ".rotoscope-cache";
}

bool path_is_within(const std::string& dir, const std::string& child) {
    namespace fs = std::filesystem;
    const fs::path d = fs::absolute(dir).lexically_normal();
    const fs::path c = fs::absolute(child).lexically_normal();
    auto di = d.begin(), ci = c.begin();
    for (; di != d.end() && !di->empty(); ++di, ++ci)
        if (ci == c.end() || *ci != *di) return false;
    return true;
}

}  // namespace rs
