#include "report/model_identity.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>

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

// Streams a file through sha256 in 1 MiB chunks; `on_chunk(bytes_so_far)` after each chunk.
std::string hash_stream(const std::string& path, int64_t& size, const std::function<void(int64_t)>& on_chunk) {
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

// The files a checkpoint consists of: the GGUF itself, or the parts of an HF directory that
// decide the weights and the tokenization.
std::vector<std::string> checkpoint_files(const std::string& source) {
    if (source.empty()) return {};
    std::error_code ec;
    if (!fs::is_directory(source, ec)) return {source};
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(source, ec)) {
        if (!e.is_regular_file(ec)) continue;
        const std::string name = e.path().filename().string();
        if (name == "config.json" || name == "tokenizer.json" || e.path().extension() == ".safetensors") names.push_back(name);
    }
    if (ec) fail_input(source, "cannot list directory (" + ec.message() + ")");
    std::sort(names.begin(), names.end());
    std::vector<std::string> paths;
    for (const std::string& n : names) paths.push_back((fs::path(source) / n).string());
    return paths;
}

}  // namespace

std::string sha256_bytes(const void* data, size_t size) {
    Sha256 h;
    h.update(data, size);
    return h.hex();
}

std::string sha256_file(const std::string& path, const Progress& progress) {
    std::error_code ec;
    const int64_t total = static_cast<int64_t>(fs::file_size(path, ec));
    int64_t size = 0;
    return hash_stream(path, size, [&](int64_t done) { progress("hashing", done, ec ? done : total); });
}

ModelIdentity identify_model(const Model& model, const Progress& progress) {
    ModelIdentity id;
    id.cfg = model.cfg;
    id.source = model.source;

    static constexpr Role kLayerRoles[] = {Role::AttnQ, Role::AttnK,   Role::AttnV,  Role::AttnO,
                                           Role::FfnGate, Role::FfnUp, Role::FfnDown};
    for (size_t l = 0; l < model.layers.size(); ++l) {
        const Layer& L = model.layers[l];
        const Linear* by_role[] = {&L.q, &L.k, &L.v, &L.o, &L.gate, &L.up, &L.down};
        for (size_t r = 0; r < std::size(kLayerRoles); ++r)
            id.linears.push_back({static_cast<int>(l), role_name(kLayerRoles[r]), by_role[r]->out(), by_role[r]->in(),
                                  by_role[r]->source_dtype});
    }
    id.linears.push_back({-1, role_name(Role::LmHead), model.lm_head.out(), model.lm_head.in(), model.lm_head.source_dtype});

    const std::vector<std::string> paths = checkpoint_files(model.source.path);
    int64_t total = 0;
    for (const std::string& p : paths) {
        std::error_code ec;
        const auto s = fs::file_size(p, ec);
        if (!ec) total += static_cast<int64_t>(s);
    }
    int64_t before = 0;
    for (const std::string& p : paths) {
        FileHash f;
        f.path = p;
        f.sha256 = hash_stream(p, f.bytes, [&](int64_t done) { progress("hashing", before + done, std::max(total, before + done)); });
        before += f.bytes;
        id.files.push_back(std::move(f));
    }
    return id;
}

}  // namespace rs
