#include "core/sha256.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "core/error.h"

namespace rs {
namespace fs = std::filesystem;
namespace {

class Sha256 {
public:
    Sha256() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
        if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) fail_runtime("sha256: OpenSSL init failed");
    }
    void update(const void* data, size_t size) {
        if (size && EVP_DigestUpdate(ctx_.get(), data, size) != 1) fail_runtime("sha256: OpenSSL update failed");
    }
    std::string hex() {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        if (EVP_DigestFinal_ex(ctx_.get(), digest, &len) != 1) fail_runtime("sha256: OpenSSL final failed");
        static const char* digits = "0123456789abcdef";
        std::string out;
        for (unsigned int i = 0; i < len; ++i) {
            out += digits[digest[i] >> 4];
            out += digits[digest[i] & 15];
        }
        return out;
    }

private:
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
};

}  // namespace

std::string sha256_file_chunked(const std::string& path, int64_t& size, const std::function<void(int64_t)>& on_chunk) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) fail_input(path, "is a directory, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) fail_input(path, std::string("cannot read (") + std::strerror(errno) + ")");
    size = static_cast<int64_t>(fs::file_size(path, ec));
    if (ec) size = 0;
    Sha256 h;
    std::vector<char> buf(1 << 20);
    int64_t done = 0;
    on_chunk(0);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const std::streamsize got = in.gcount();
        if (got <= 0) break;
        h.update(buf.data(), static_cast<size_t>(got));
        done += got;
        on_chunk(done);
    }
    if (in.bad()) fail_input(path, "read error while hashing");
    size = done;
    return h.hex();
}

std::string sha256_bytes(const void* data, size_t size) {
    Sha256 h;
    h.update(data, size);
    return h.hex();
}

std::string sha256_file(const std::string& path, const Progress& progress) {
    std::error_code ec;
    const int64_t total = static_cast<int64_t>(fs::file_size(path, ec));
    int64_t size = 0;
    return sha256_file_chunked(path, size, [&](int64_t done) { progress(Stage::Hashing, done, ec ? done : total); });
}

}  // namespace rs
