#include "pipeline/export_model.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <numeric>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/untrusted_text.h"
#include "core/version.h"
#include "model/checkpoint.h"
#include "model/layer_source.h"
#include "model/tensor_plan.h"
#include "pipeline/activation_ranges.h"
#include "pipeline/candidate_layers.h"
#include "pipeline/experiment.h"
#include "pipeline/layer_session.h"
#include "pipeline/weight_methods.h"
#include "runtime/rope.h"
#include "tokenizer/tokenizer.h"

namespace rs {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// The decoder-layer slots and where a Layer holds them.
struct LayerSlot {
    Slot slot;
    Linear Layer::*linear;  // weights and biases; null for norms
    VectorF Layer::*vec;    // norms; null for linears
    bool bias;
    Role role;
};
constexpr LayerSlot kLayerSlots[] = {
    {Slot::AttnNorm, nullptr, &Layer::attn_norm, false, Role::AttnQ},
    {Slot::FfnNorm, nullptr, &Layer::ffn_norm, false, Role::AttnQ},
    {Slot::QNorm, nullptr, &Layer::q_norm, false, Role::AttnQ},
    {Slot::KNorm, nullptr, &Layer::k_norm, false, Role::AttnQ},
    {Slot::Q, &Layer::q, nullptr, false, Role::AttnQ},
    {Slot::K, &Layer::k, nullptr, false, Role::AttnK},
    {Slot::V, &Layer::v, nullptr, false, Role::AttnV},
    {Slot::O, &Layer::o, nullptr, false, Role::AttnO},
    {Slot::Gate, &Layer::gate, nullptr, false, Role::FfnGate},
    {Slot::Up, &Layer::up, nullptr, false, Role::FfnUp},
    {Slot::Down, &Layer::down, nullptr, false, Role::FfnDown},
    {Slot::QBias, &Layer::q, nullptr, true, Role::AttnQ},
    {Slot::KBias, &Layer::k, nullptr, true, Role::AttnK},
    {Slot::VBias, &Layer::v, nullptr, true, Role::AttnV},
};

const LayerSlot& layer_slot(Slot s) {
    for (const LayerSlot& l : kLayerSlots)
        if (l.slot == s) return l;
    fail_runtime("export: slot outside a decoder layer");
}

// llama.cpp's rope_freqs tensor: what each inverse frequency is divided by (explicit factors as
// read from a GGUF, or Llama-3's scaling evaluated as transformers does); empty without scaling
// that needs one.
std::vector<float> rope_freq_factors(const ModelConfig& cfg) {
    if (!cfg.rope_scaling || (cfg.rope_scaling->type != "freqs" && cfg.rope_scaling->type != "llama3")) return {};
    if (cfg.rope_scaling->type == "freqs") return cfg.rope_scaling->freq_factors;
    ModelConfig plain = cfg;
    plain.rope_scaling.reset();
    const std::vector<double> base = Rope(plain).inv_freq();
    const std::vector<double> scaled = Rope(cfg).inv_freq();
    std::vector<float> f(base.size());
    for (size_t i = 0; i < f.size(); ++i) f[i] = static_cast<float>(base[i] / scaled[i]);
    return f;
}

std::string provenance(const ExportRequest& req, const Recipe& exported, const SourceInfo& src) {
    json j = {{"rotoscope", tool_version()},
              {"target", export_target_traits(req.options.target).key},
              {"dtype", export_dtype_name(req.options.dtype)},
              {"offline_only", req.options.offline_only},
              {"source", {{"path", src.path}, {"format", src.format}, {"name", src.name}}},
              {"recipe", recipe_to_json(exported)}};
    if (recipe_needs_calibration(exported)) j["gptq_calibration"] = calibration_to_json(req.gptq_calibration);
    return j.dump();
}

uint64_t size_on_disk(const fs::path& p) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return fs::file_size(p, ec);
    uint64_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(p, ec))
        if (e.is_regular_file(ec)) n += e.file_size(ec);
    return n;
}

// Removes the staging output unless released (a failure or a cancel leaves nothing).
class Staging {
public:
    explicit Staging(fs::path p) : path_(std::move(p)) {}
    ~Staging() {
        if (path_.empty()) return;
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }
    void release() { path_.clear(); }

private:
    fs::path path_;
};

void check_output(const fs::path& out, bool directory, const std::string& model_path) {
    if (out.empty()) fail_input("export", "no output path (-o)");
    std::error_code ec;
    const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec)) fail_input(out.string(), "the folder " + parent.string() + " does not exist");
    if (fs::exists(out, ec)) {
        if (directory && !fs::is_directory(out, ec)) fail_input(out.string(), "exists and is not a directory");
        if (!directory && fs::is_directory(out, ec)) fail_input(out.string(), "exists and is a directory");
        if (fs::equivalent(out, model_path, ec)) fail_input(out.string(), "is the model being exported");
        // A directory is replaced whole, so only an earlier export (or an empty one) may be.
        if (directory && !fs::is_empty(out, ec) && !fs::exists(out / kExportProvenanceFile, ec))
            fail_input(out.string(), std::string("exists and is not an earlier export (no ") + kExportProvenanceFile +
                                         "); choose a new folder");
    }
}

// Moves the finished staging output to `out`, replacing what was there only now.
void publish(Staging& staging, const fs::path& out) {
    std::error_code ec;
    fs::path old;
    if (fs::exists(out, ec)) {
        old = out.parent_path() / fmt::format(".{}.old.{}", out.filename().string(), getpid());
        fs::rename(out, old, ec);
        if (ec) fail_input(out.string(), "cannot replace (" + ec.message() + ")");
    }
    fs::rename(staging.path(), out, ec);
    if (ec) {
        std::error_code ignored;
        if (!old.empty()) fs::rename(old, out, ignored);
        fail_input(out.string(), "cannot write (" + ec.message() + ")");
    }
    staging.release();
    if (!old.empty()) fs::remove_all(old, ec);
}

// Token ids first, first + 1, ..., first + n - 1: rows of the embedding in order.
std::vector<int32_t> token_range(int32_t first, int32_t n) {
    std::vector<int32_t> ids(static_cast<size_t>(n));
    std::iota(ids.begin(), ids.end(), first);
    return ids;
}

// Whether the head's rows equal the embedding's, compared a slice at a time.
bool head_is_embedding(LayerSource& top) {
    const int32_t vocab = top.cfg().n_vocab;
    constexpr int32_t kSlice = 4096;
    MatrixRM e, h;
    for (int32_t r = 0; r < vocab; r += kSlice) {
        const int32_t n = std::min(kSlice, vocab - r);
        top.embedding_rows(token_range(r, n), e);
        top.head_rows(r, n, h);
        if (!(e == h)) return false;
    }
    return true;
}

}  // namespace

std::vector<ExportVerdict> check_export_request(const ExportRequest& req) {
    const std::unique_ptr<Checkpoint> checkpoint = Checkpoint::open(req.model);
    return check_all_exports(req.recipe, checkpoint->cfg(), req.options);
}

ExportResult run_export(const ExportRequest& req, const Progress& progress) {
    const auto t0 = std::chrono::steady_clock::now();
    const ExportTargetTraits& target = export_target_traits(req.options.target);
    const fs::path out(req.out);
    const std::unique_ptr<Checkpoint> checkpoint = Checkpoint::open(req.model);
    check_output(out, target.directory, checkpoint->source().path);
    const ModelConfig& cfg = checkpoint->cfg();
    const Recipe recipe = exported_recipe(req.recipe, req.options);
    const std::string name = recipe.name.empty() ? recipe_display_name(recipe) : recipe.name;

    ExportResult result;
    result.out = out.string();
    result.verdict = check_export(req.recipe, cfg, req.options);
    if (!result.verdict.ok())
        fail_input(out.string(), fmt::format("{} cannot express recipe {}: {}", target.runtime, in_quotes(name), result.verdict.cannot.front()));
    EvalSettings no_eval;
    no_eval.probe_tokens = 0;
    validate_layer_run(recipe, cfg, no_eval, "export", req.gptq_calibration);

    const std::unique_ptr<Backend> backend = make_backend(req.backend);
    std::map<std::pair<int, Role>, QuantizedWeight> codes;
    const QuantizedWeightSink sink = [&codes](int layer, Role role, QuantizedWeight&& q) { codes[{layer, role}] = std::move(q); };

    std::vector<std::vector<int32_t>> windows;
    // A checkpoint without a tokenizer still exports; only calibration needs one.
    if (recipe_needs_calibration(recipe))
        windows = calibration_windows(req.gptq_calibration, *make_tokenizer(checkpoint->tokenizer()), progress);
    WeightMethodInputs inputs{*backend, windows.empty() ? nullptr : &windows};
    std::optional<ActivationRanges> ranges;
    if (recipe.static_activations()) {
        // The runtime's fixed input scales, from a pass of their own over the same stack (the
        // export holds one layer at a time, so its layers are made again below).
        const std::unique_ptr<LayerSource> own_base = checkpoint_layers(*checkpoint);
        const CandidateLayers calibration = candidate_layers(*own_base, recipe, inputs, progress);
        ranges = calibrate_activation_ranges(*calibration.top, windows, *backend, progress);
    }
    inputs.codes = &sink;
    const std::unique_ptr<LayerSource> base = checkpoint_layers(*checkpoint);
    const CandidateLayers candidate = candidate_layers(*base, recipe, inputs, progress);
    LayerSource* top = candidate.top;

    ExportContext ctx;
    ctx.cfg = cfg;
    // A rotation that folded the output norm into the head unties it from the embedding.
    ctx.cfg.tied_embeddings = cfg.tied_embeddings && head_is_embedding(*top);
    ctx.tokenizer = checkpoint->tokenizer();
    ctx.model_name = checkpoint->source().name + " (" + name + ")";
    ctx.recipe = recipe;
    ctx.activation_ranges = ranges;
    ctx.options = req.options;
    ctx.provenance_json = provenance(req, recipe, checkpoint->source());
    ctx.staging = out.parent_path() / fmt::format(".{}.partial.{}", out.filename().string(), getpid());
    {
        std::error_code ec;
        fs::remove_all(ctx.staging, ec);
    }
    Staging staging(ctx.staging);
    if (target.directory) {
        std::error_code ec;
        fs::create_directory(ctx.staging, ec);
        if (ec) fail_input(out.string(), "cannot create " + ctx.staging.string() + " (" + ec.message() + ")");
    }
    const std::unique_ptr<ExportWriter> writer = target.writer(ctx);

    const NameScheme scheme = req.options.target == ExportTarget::Gguf ? NameScheme::Gguf : NameScheme::HuggingFace;
    const std::vector<PlannedTensor> plan = tensor_plan(ctx.cfg, scheme);
    const VectorF out_norm = top->out_norm();
    int held = -1;
    const Layer* layer = nullptr;
    auto emit = [&](const PlannedTensor& p, std::span<const float> values, const QuantizedWeight* q = nullptr,
                    std::optional<LinearInput> input = std::nullopt) {
        writer->add(ExportTensor{p.slot, p.layer, p.shape, values, q, input});
        ++result.tensors;
    };
    for (const PlannedTensor& p : plan) {
        if (p.layer >= 0) {
            if (p.layer != held) {
                if (held >= 0) {
                    top->release(held);
                    std::erase_if(codes, [&](const auto& kv) { return kv.first.first == held; });
                }
                if (progress.cancel) progress.cancel->check();
                progress(Stage::Exporting, p.layer, cfg.n_layers, fmt::format("layer {}", p.layer));
                layer = &top->layer(p.layer);
                held = p.layer;
            }
            const LayerSlot& s = layer_slot(p.slot);
            if (s.vec) {
                const VectorF& v = (*layer).*s.vec;
                emit(p, {v.data(), static_cast<size_t>(v.size())});
            } else if (s.bias) {
                const VectorF& b = ((*layer).*s.linear).b;
                emit(p, {b.data(), static_cast<size_t>(b.size())});
            } else {
                const MatrixRM& w = ((*layer).*s.linear).w;
                auto it = codes.find({p.layer, s.role});
                emit(p, {w.data(), static_cast<size_t>(w.size())}, it == codes.end() ? nullptr : &it->second,
                     role_traits(s.role).input);
            }
            continue;
        }
        if (held >= 0) {
            // The model-level tensors after the last layer: that layer and its codes go first.
            top->release(held);
            codes.clear();
            held = -1;
        }
        switch (p.slot) {
            // The embedding and the head as the quantized model has them, each made when it is
            // written (an 8B model's are 2.5 GB apiece in fp32).
            case Slot::TokEmbd: {
                MatrixRM embedding;
                top->embedding_rows(token_range(0, cfg.n_vocab), embedding);
                emit(p, {embedding.data(), static_cast<size_t>(embedding.size())});
                top->release_embedding();
                break;
            }
            case Slot::OutNorm: emit(p, {out_norm.data(), static_cast<size_t>(out_norm.size())}); break;
            case Slot::LmHead: {
                MatrixRM head;
                top->head_rows(0, cfg.n_vocab, head);
                emit(p, {head.data(), static_cast<size_t>(head.size())});
                break;
            }
            case Slot::RopeFreqs:
                if (const std::vector<float> f = rope_freq_factors(cfg); !f.empty()) emit(p, {f.data(), f.size()});
                break;
            default: fail_runtime("export: unexpected model-level slot");
        }
    }
    if (held >= 0) top->release(held);
    top->release_head();
    progress(Stage::Exporting, cfg.n_layers, cfg.n_layers, "writing files");
    result.files = writer->finish();
    if (progress.cancel) progress.cancel->check();
    publish(staging, out);
    result.bytes = size_on_disk(out);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return result;
}

}  // namespace rs
