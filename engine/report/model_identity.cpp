#include "report/model_identity.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>

#include "core/error.h"
#include "core/sha256.h"
#include "model/checkpoint.h"
#include "model/roles.h"

namespace rs {
namespace fs = std::filesystem;
namespace {

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

namespace {

// The checkpoint's files hashed, with one progress bar over all of them.
void hash_files(ModelIdentity& id, const Progress& progress) {
    const std::vector<std::string> paths = checkpoint_files(id.source.path);
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
        f.sha256 = sha256_file_chunked(p, f.bytes, [&](int64_t done) { progress(Stage::Hashing, before + done, std::max(total, before + done)); });
        before += f.bytes;
        id.files.push_back(std::move(f));
    }
}

}  // namespace

ModelIdentity identify_model(const Model& model, const Progress& progress) {
    ModelIdentity id;
    id.cfg = model.cfg;
    id.source = model.source;
    for (size_t l = 0; l < model.layers.size(); ++l)
        for (const RoleTraits& r : kLayerRoles) {
            const Linear& lin = model.layers[l].*r.linear;
            id.linears.push_back({static_cast<int>(l), r.name, lin.out(), lin.in(), lin.source_dtype});
        }
    id.linears.push_back({-1, role_name(Role::LmHead), model.lm_head.out(), model.lm_head.in(), model.lm_head.source_dtype});
    hash_files(id, progress);
    return id;
}

ModelIdentity identify_checkpoint(const Checkpoint& checkpoint, const Progress& progress) {
    ModelIdentity id;
    id.cfg = checkpoint.cfg();
    id.source = checkpoint.source();
    const ModelConfig& c = id.cfg;
    for (int l = 0; l < c.n_layers; ++l)
        for (const RoleTraits& r : kLayerRoles)
            id.linears.push_back({l, r.name, r.out_width(c), input_traits(r.input).width(c), checkpoint.linear_dtype(l, r.role)});
    id.linears.push_back({-1, role_name(Role::LmHead), c.n_vocab, c.d_model, checkpoint.head_dtype()});
    hash_files(id, progress);
    return id;
}

}  // namespace rs
