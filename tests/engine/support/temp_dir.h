// A fresh directory under the system temp dir, removed with everything in it at scope exit.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <string>

namespace rs::testing {

class TempDir {
public:
    explicit TempDir(const std::string& tag = "rotoscope-test") {
        static int counter = 0;
        path_ = std::filesystem::temp_directory_path() / (tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string file(const std::string& name) const { return (path_ / name).string(); }
    std::string str() const { return path_.string(); }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace rs::testing
