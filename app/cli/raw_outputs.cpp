#include "cli/raw_outputs.h"

#include <filesystem>

#include "cli/common.h"

namespace rs::cli {

std::string low_bytes(const std::vector<int32_t>& v) {
    std::string s(v.size(), '\0');
    for (size_t i = 0; i < v.size(); ++i) s[i] = static_cast<char>(static_cast<uint8_t>(v[i] & 0xFF));
    return s;
}

void write_outputs(const std::vector<std::pair<std::string, std::string>>& outputs) {
    std::vector<std::string> written;
    try {
        for (const auto& [path, content] : outputs) {
            if (path.empty()) continue;
            write_file_atomic(path, content);
            written.push_back(path);
        }
    } catch (...) {
        std::error_code ec;
        for (const auto& p : written) std::filesystem::remove(p, ec);
        throw;
    }
}

}  // namespace rs::cli
