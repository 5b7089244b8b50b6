#include "export/ct_export.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/error.h"
#include "export/hf_directory.h"
#include "export/hf_export.h"
#include "rotate/rotation.h"
#include "rotate/rotation_kinds.h"

namespace rs {
namespace {

using json = nlohmann::json;
using quant::FormatKind;
using quant::Granularity;

// The compressed-tensors format name of a weight format, or null when none is written.
const char* ct_format(const quant::FormatSpec& w) {
    switch (w.kind) {
        case FormatKind::Int: return "pack-quantized";
        case FormatKind::Fp8E4M3: return "float-quantized";
        case FormatKind::MxFp4: return "mxfp4-pack-quantized";
        case FormatKind::Nvfp4: return "nvfp4-pack-quantized";
        default: return nullptr;
    }
}

const char* strategy(const quant::FormatSpec& w) {
    if (w.kind == FormatKind::Nvfp4) return "tensor_group";
    if (quant::format_traits(w.kind).block > 0 || w.granularity == Granularity::Group) return "group";
    return w.granularity == Granularity::Tensor ? "tensor" : "channel";
}

bool act_order_g_idx(const Recipe& r) {
    return r.gptq_moves_groups() && r.weights->granularity == Granularity::Group;
}

json weight_args(const Recipe& r) {
    const quant::FormatSpec& w = *r.weights;
    const quant::FormatTraits& t = quant::format_traits(w.kind);
    const int bits = w.kind == FormatKind::Int ? w.bits : t.element_bits;
    const int64_t group = t.block > 0 ? t.block : w.granularity == Granularity::Group ? w.group : 0;
    json a = {{"num_bits", bits},
              {"type", w.kind == FormatKind::Int ? "int" : "float"},
              {"symmetric", w.kind != FormatKind::Int || w.symmetric},
              {"group_size", group > 0 ? json(group) : json(nullptr)},
              {"strategy", strategy(w)},
              {"dynamic", false}};
    // Act-order whose groups stay in place (static groups, or one group per row) is invisible in
    // the stored weights; the library records it as "weight".
    if (r.method == WeightMethod::Gptq && r.gptq.act_order) a["actorder"] = "weight";
    if (w.kind == FormatKind::MxFp4) a["scale_dtype"] = "torch.uint8";
    if (w.kind == FormatKind::Nvfp4) a["scale_dtype"] = "torch.float8_e4m3fn";
    if (w.kind == FormatKind::Int || w.kind == FormatKind::Fp8E4M3) a["scale_dtype"] = "torch.float32";
    return a;
}

std::vector<uint8_t> bytes_of(const void* p, size_t n) {
    std::vector<uint8_t> b(n);
    if (n) std::memcpy(b.data(), p, n);
    return b;
}

template <typename T>
std::vector<uint8_t> bytes_of(const std::vector<T>& v) {
    return bytes_of(v.data(), v.size() * sizeof(T));
}

// The online R4 as the library's transform scheme "R4", as llm-compressor's SpinQuant writes it:
// applied to down_proj's input online, its inverse already fused into down_proj's weight.
constexpr const char* kR4Scheme = "R4";

class CtWriter final : public HfDirectoryWriter {
public:
    explicit CtWriter(ExportContext context) : HfDirectoryWriter(std::move(context)) {
        if (!ctx_.recipe.rotation.r4_on) return;
        r4_ = ct_r4_transform(ctx_.recipe.rotation.r4, ctx_.cfg.d_ff);
        if (!r4_) fail_runtime("compressed-tensors export of this R4 was not checked first");
        r4_matrix_ = ct_transform_matrix(*r4_, ctx_.recipe.rotation.r4);
    }

    void add(const ExportTensor& t) override {
        HfDirectoryWriter::add(t);
        if (t.codes && t.input && ctx_.activation_ranges) add_input_global_scale(t);
        if (t.slot != Slot::Down || !r4_) return;
        // Every down_proj carries its own copy under its own name, for loaders that find
        // parameters by name (vLLM then shares one copy in memory).
        const std::string prefix = tensor_name(NameScheme::HuggingFace, t.slot, t.layer);
        shards_.add_f32(prefix.substr(0, prefix.size() - std::string("weight").size()) + kR4Scheme + "_input.weight",
                        {r4_->order, r4_->order}, r4_matrix_, float_dtype());
    }

protected:
    bool add_quantized(const std::string& weight_name, const ExportTensor& t) override;
    void extend_config(json& config) const override { config["quantization_config"] = ct_quantization_config(ctx_.recipe, ctx_.cfg); }

private:
    // NVFP4 activations' fixed second-level scale, as the library's static min-max observer makes
    // it (generate_gparam: 448 * 6 / amax in float32, NaN or infinity replaced by 1), and which
    // it divides by, as it does the weight's.
    void add_input_global_scale(const ExportTensor& t) {
        const float amax = std::max(ctx_.activation_ranges->at(t.layer, *t.input), std::numeric_limits<float>::min());
        float g = 448.0f * 6.0f / amax;
        if (!std::isfinite(g)) g = 1.0f;
        const std::string weight = tensor_name(NameScheme::HuggingFace, t.slot, t.layer);
        shards_.add_raw(weight.substr(0, weight.size() - std::string("weight").size()) + "input_global_scale", "F32", {1},
                        bytes_of(&g, sizeof g));
    }

    std::optional<CtTransform> r4_;
    std::vector<float> r4_matrix_;
};

bool CtWriter::add_quantized(const std::string& weight_name, const ExportTensor& t) {
    const QuantizedWeight& q = *t.codes;
    const std::string prefix = weight_name.substr(0, weight_name.size() - std::string(".weight").size());
    const int64_t n = q.rows, k = q.cols;
    const int64_t groups = q.groups_per_row();
    const std::vector<int64_t> scale_shape = q.per_tensor() ? std::vector<int64_t>{1} : std::vector<int64_t>{n, groups};
    switch (q.spec.kind) {
        case FormatKind::Int: {
            const int b = q.spec.bits;
            const int32_t offset = q.spec.symmetric ? 1 << (b - 1) : 0;
            std::vector<uint32_t> u(q.codes.size());
            for (size_t i = 0; i < u.size(); ++i) u[i] = static_cast<uint32_t>(q.codes[i] + offset);
            const int64_t words = (k * b + 31) / 32;
            shards_.add_raw(prefix + ".weight_packed", "I32", {n, words}, bytes_of(ct_pack_rows(u, n, k, b)));
            shards_.add_raw(prefix + ".weight_scale", "F32", scale_shape, bytes_of(q.scales));
            const std::vector<int64_t> shape{n, k};
            shards_.add_raw(prefix + ".weight_shape", "I64", {2}, bytes_of(shape));
            if (!q.spec.symmetric) {
                // Packed down each column: transpose, pack the rows, transpose back.
                std::vector<uint32_t> zt(static_cast<size_t>(groups * n));
                for (int64_t r = 0; r < n; ++r)
                    for (int64_t g = 0; g < groups; ++g)
                        zt[static_cast<size_t>(g * n + r)] = static_cast<uint32_t>(q.zero_points[static_cast<size_t>(r * groups + g)]);
                const int64_t zw = (n * b + 31) / 32;
                const std::vector<int32_t> packed_t = ct_pack_rows(zt, groups, n, b);
                std::vector<int32_t> packed(static_cast<size_t>(zw * groups));
                for (int64_t g = 0; g < groups; ++g)
                    for (int64_t w = 0; w < zw; ++w) packed[static_cast<size_t>(w * groups + g)] = packed_t[static_cast<size_t>(g * zw + w)];
                shards_.add_raw(prefix + ".weight_zero_point", "I32", {zw, groups}, bytes_of(packed));
            }
            if (!q.g_idx.empty()) fail_runtime("compressed-tensors export of a g_idx was not checked first");
            return true;
        }
        case FormatKind::Fp8E4M3: {
            std::vector<uint8_t> codes(q.codes.size());
            for (size_t i = 0; i < codes.size(); ++i) codes[i] = static_cast<uint8_t>(q.codes[i]);
            shards_.add_raw(prefix + ".weight", "F8_E4M3", {n, k}, std::move(codes));
            shards_.add_raw(prefix + ".weight_scale", "F32", q.per_tensor() ? std::vector<int64_t>{1} : std::vector<int64_t>{n, 1},
                            bytes_of(q.scales));
            return true;
        }
        case FormatKind::MxFp4:
        case FormatKind::Nvfp4: {
            shards_.add_raw(prefix + ".weight_packed", "U8", {n, k / 2}, pack_fp4_pairs(q.codes.data(), n * k));
            const bool nv = q.spec.kind == FormatKind::Nvfp4;
            shards_.add_raw(prefix + ".weight_scale", nv ? "F8_E4M3" : "U8", {n, groups}, q.scale_bytes);
            if (nv) {
                // The library divides by its global scale; Rotoscope multiplies by the inverse.
                const float g = static_cast<float>(1.0 / static_cast<double>(q.tensor_scale));
                shards_.add_raw(prefix + ".weight_global_scale", "F32", {1}, bytes_of(&g, sizeof g));
            }
            return true;
        }
        default:
            fail_runtime("compressed-tensors export of " + quant::format_spec_name(q.spec) + " was not checked first");
    }
}

}  // namespace

std::vector<int32_t> ct_pack_rows(const std::vector<uint32_t>& values, int64_t rows, int64_t cols, int bits) {
    const int64_t words = (cols * bits + 31) / 32;
    std::vector<uint32_t> out(static_cast<size_t>(rows * words), 0u);
    const uint32_t mask = bits >= 32 ? ~0u : (1u << bits) - 1u;
    for (int64_t r = 0; r < rows; ++r) {
        uint32_t* row = out.data() + r * words;
        for (int64_t i = 0; i < cols; ++i) {
            const uint32_t v = values[static_cast<size_t>(r * cols + i)] & mask;
            const int64_t bit = i * bits;
            const int64_t w = bit / 32, off = bit % 32;
            row[w] |= v << off;
            if (off + bits > 32) row[w + 1] |= v >> (32 - off);
        }
    }
    std::vector<int32_t> signed_out(out.size());
    std::memcpy(signed_out.data(), out.data(), out.size() * sizeof(uint32_t));
    return signed_out;
}

std::vector<uint8_t> pack_fp4_pairs(const int32_t* codes, int64_t n) {
    std::vector<uint8_t> out(static_cast<size_t>(n / 2));
    for (int64_t i = 0; i + 1 < n; i += 2)
        out[static_cast<size_t>(i / 2)] = static_cast<uint8_t>((codes[i] & 0xF) | ((codes[i + 1] & 0xF) << 4));
    return out;
}

std::optional<CtTransform> ct_r4_transform(const RotationSpec& spec, int64_t d_ff) {
    const bool block = spec.kind == RotationKind::BlockHadamard;
    if (spec.kind != RotationKind::Hadamard && spec.kind != RotationKind::RandomHadamard && !block) return std::nullopt;
    CtTransform t;
    t.order = block ? spec.block : d_ff;
    t.head_dim = block ? spec.block : 0;
    // Rotoscope's Hadamard of a power-of-two order is Sylvester's (rotate/hadamard.h).
    const bool pow2 = t.order > 0 && (t.order & (t.order - 1)) == 0;
    t.type = pow2 && spec.kind != RotationKind::RandomHadamard ? "hadamard" : "random-hadamard";
    return t;
}

std::vector<float> ct_transform_matrix(const CtTransform& t, const RotationSpec& spec) {
    RotationSpec whole = spec;
    if (spec.kind == RotationKind::BlockHadamard) {
        whole = RotationSpec();
        whole.kind = RotationKind::Hadamard;
    }
    check_rotation_order(whole, t.order);
    // Rows of Q come from rotating rows of the identity a slice at a time with the fast transform
    // the forward pass runs, so no dense float64 Q (1.2 GB at d_ff = 12288) is ever formed. The
    // library stores H with entries ±1 and divides by sqrt(order) when it applies it.
    const int64_t m = t.order;
    const double root = std::sqrt(static_cast<double>(m));
    const bool sylvester = t.type == "hadamard";
    std::vector<float> h(static_cast<size_t>(m * m));
    constexpr int64_t kSlice = 256;
    MatrixRM rows;
    for (int64_t r0 = 0; r0 < m; r0 += kSlice) {
        const int64_t n = std::min(kSlice, m - r0);
        rows.setZero(n, m);
        for (int64_t i = 0; i < n; ++i) rows(i, r0 + i) = 1.0f;
        rotate_rows(whole, m, rows);
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < m; ++j) {
                const double x = static_cast<double>(rows(i, j)) * root, r = std::round(x);
                // Sylvester's H: the sign of (i, j) is the parity of popcount(i & j).
                const double want = (std::popcount(static_cast<uint64_t>((r0 + i) & j)) & 1) ? -1.0 : 1.0;
                if (std::abs(r) != 1.0 || std::abs(x - r) > 1e-3 || (sylvester && r != want))
                    fail_runtime("R4 " + rotation_name(spec) + " is not the " + t.type + " matrix the export names");
                h[static_cast<size_t>((r0 + i) * m + j)] = static_cast<float>(r);
            }
    }
    return h;
}

json ct_quantization_config(const Recipe& r, const ModelConfig& cfg) {
    const char* format = ct_format(*r.weights);
    json group = {{"targets", json::array({"Linear"})},
                  {"weights", weight_args(r)},
                  {"input_activations", nullptr},
                  {"output_activations", nullptr},
                  {"format", format}};
    if (r.static_activations()) {
        // NVFP4 with its global scale fixed per linear (input_global_scale), block scales dynamic.
        group["input_activations"] = {{"num_bits", 4}, {"type", "float"}, {"symmetric", true},
                                      {"group_size", 16}, {"strategy", "tensor_group"}, {"dynamic", "local"},
                                      {"scale_dtype", "torch.float8_e4m3fn"}, {"observer", "static_minmax"}};
    } else if (r.activations) {
        // Otherwise only per-token dynamic FP8 passes the check.
        group["input_activations"] = {{"num_bits", 8}, {"type", "float"}, {"symmetric", true},
                                      {"group_size", nullptr}, {"strategy", "token"}, {"dynamic", true}};
    }
    json out = {{"quant_method", "compressed-tensors"},
                {"format", format},
                {"quantization_status", "compressed"},
                {"config_groups", {{"group_0", group}}},
                {"ignore", json::array({"lm_head"})},
                {"kv_cache_scheme", nullptr}};
    if (r.rotation.r4_on) {
        const std::optional<CtTransform> t = ct_r4_transform(r.rotation.r4, cfg.d_ff);
        if (!t) fail_runtime("compressed-tensors export of this R4 was not checked first");
        const json targets = json::array({"re:.*mlp.down_proj$"});
        json online = {{"targets", targets}, {"location", "input"}, {"inverse", false}, {"ignore", json::array()}};
        json fused = {{"targets", targets}, {"location", "weight_input"}, {"inverse", true}, {"ignore", json::array()}};
        out["transform_config"] = {
            {"config_groups",
             {{kR4Scheme,
               {{"type", t->type},
                {"apply", json::array({online, fused})},
                {"randomize", false},
                {"requires_grad", false},
                {"head_dim", t->head_dim > 0 ? json(t->head_dim) : json(nullptr)},
                {"precision", "torch.float32"}}}}}};
    }
    return out;
}

void check_ct_export(const Recipe& r, const ModelConfig& cfg, const ExportOptions&, ExportVerdict& v) {
    check_r3(r, "vLLM", v);
    if (r.rotation.r4_on) {
        const std::optional<CtTransform> t = ct_r4_transform(r.rotation.r4, cfg.d_ff);
        if (!t)
            v.cannot.push_back("vLLM: an online R4 of kind " + rotation_name(r.rotation.r4) +
                               " has no compressed-tensors transform (the Hadamard kinds have: hadamard, rhadamard, block:N)");
        else
            v.notes.push_back(std::string("online R4 is written as the compressed-tensors transform \"R4\" (") + t->type +
                              " at down_proj's input): vLLM applies it on one GPU (no tensor parallelism with online "
                              "transforms); transformers ignores transform_config, so load this export with vLLM");
    }
    if (r.kv) v.cannot.push_back("vLLM's KV-cache quantization takes static calibrated scales; the recipe's " +
                                 quant::format_spec_name(*r.kv) + " KV is dynamic per token and head");
    if (!r.weights) {
        v.cannot.push_back("the recipe quantizes no weights: there is nothing to compress (use --to hf)");
        return;
    }
    const quant::FormatSpec& w = *r.weights;
    const std::string name = quant::format_spec_name(w);
    if (!ct_format(w)) {
        v.cannot.push_back("no compressed-tensors format is written for " + name + " weights (written: INT, FP8 E4M3, MXFP4, NVFP4)");
        return;
    }
    if (w.kind == FormatKind::Int && !w.symmetric && w.granularity == Granularity::Tensor)
        v.cannot.push_back("compressed-tensors packs zero points per channel or group only, not per tensor");
    if (w.kind == FormatKind::Fp8E4M3 && w.granularity == Granularity::Group)
        v.cannot.push_back("FP8 weights per group are not written (per tensor or per channel)");
    if (r.activations) {
        const quant::FormatSpec& a = *r.activations;
        const bool plain = a.clip_ratio == 1.0f && !a.mse_clip;
        const bool fp8_token = a.kind == FormatKind::Fp8E4M3 && a.granularity != Granularity::Tensor &&
                               a.granularity != Granularity::Group && plain;
        const bool nvfp4_static = a.kind == FormatKind::Nvfp4 && a.static_scale && plain;
        if (!(fp8_token && w.kind == FormatKind::Fp8E4M3) && !(nvfp4_static && w.kind == FormatKind::Nvfp4))
            v.cannot.push_back("vLLM: " + quant::format_spec_name(a) + " activations with " + name +
                               " weights are not written (written: dynamic per-token FP8 with FP8 weights; NVFP4 with a "
                               "calibrated global scale, nvfp4:static, with NVFP4 weights)");
        else if (r.quantize_lm_head)
            v.cannot.push_back("vLLM: the LM head's input quantization is not written (lm_head stays in ignore)");
        if (nvfp4_static)
            v.notes.push_back("NVFP4 activations: input_global_scale per linear from the calibration windows' max |x|, "
                              "block scales dynamic; vLLM merges q/k/v's and gate/up's (they read the same input, so they agree)");
    }
    if (w.kind == FormatKind::Int && w.symmetric && !w.ct_grid)
        v.notes.push_back("INT codes on QuaRot's grid (amax/" + std::to_string((1 << (w.bits - 1)) - 1) +
                          ") are stored as they are; the library decodes any code in range");
    if (w.kind == FormatKind::Nvfp4)
        v.notes.push_back("vLLM merges the global scales of q/k/v and gate/up with max(); Rotoscope's are per linear, so vLLM's fused "
                          "kernels decode those linears differently unless their global scales agree (transformers decodes each exactly)");
    if (w.kind == FormatKind::Nvfp4)
        v.notes.push_back("NVFP4 global scale stored as its inverse (compressed-tensors divides); values agree within a few ulps");
    if (r.quantize_lm_head) v.notes.push_back("the LM head is written dequantized (listed in ignore)");
    if (act_order_g_idx(r))
        v.cannot.push_back("compressed-tensors removed act-order with a g_idx (actorder \"group\", 2026-08-27); "
                           "run GPTQ's act-order with static groups (actorder \"weight\"), which needs none");
}

std::unique_ptr<ExportWriter> ct_export_writer(const ExportContext& context) { return std::make_unique<CtWriter>(context); }

}  // namespace rs
