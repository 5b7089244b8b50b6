#include "export/gguf_export.h"

#include <cmath>
#include <cstring>

#include "core/error.h"
#include "export/hf_export.h"
#include "io/gguf_writer.h"

namespace rs {
namespace {

using quant::FormatKind;
using quant::Granularity;

const char* gguf_arch(Arch a) {
    switch (a) {
        case Arch::Llama:
        case Arch::Mistral: return "llama";  // llama.cpp's converter writes Mistral as llama
        case Arch::Qwen2: return "qwen2";
        case Arch::Qwen3: return "qwen3";
    }
    return "llama";
}

GgmlType float_type(ExportDtype d) {
    switch (d) {
        case ExportDtype::F32: return GgmlType::F32;
        case ExportDtype::F16: return GgmlType::F16;
        case ExportDtype::BF16: return GgmlType::BF16;
    }
    return GgmlType::F32;
}

// llama.cpp's LLAMA_FTYPE of a file whose linears are `t`.
uint32_t file_type(GgmlType t) {
    switch (t) {
        case GgmlType::F32: return 0;
        case GgmlType::F16: return 1;
        case GgmlType::Q4_0: return 2;
        case GgmlType::Q4_1: return 3;
        case GgmlType::Q8_0: return 7;
        case GgmlType::BF16: return 32;
        case GgmlType::MXFP4: return 38;
        default: return 0;
    }
}

// llama.cpp's converter (formats.md §5.7): GGUF row h·D + 2i + j <- HF row h·D + j·D/2 + i.
std::vector<int64_t> gguf_row_order(int64_t rows, int heads) {
    const int64_t d = rows / heads;
    std::vector<int64_t> src(static_cast<size_t>(rows));
    for (int64_t h = 0; h < heads; ++h)
        for (int64_t i = 0; i < d / 2; ++i)
            for (int64_t j = 0; j < 2; ++j) src[static_cast<size_t>(h * d + 2 * i + j)] = h * d + j * d / 2 + i;
    return src;
}

template <typename T>
std::vector<T> take_rows(const T* data, int64_t row_len, const std::vector<int64_t>& src) {
    std::vector<T> out(src.size() * static_cast<size_t>(row_len));
    for (size_t r = 0; r < src.size(); ++r)
        std::memcpy(out.data() + r * row_len, data + src[r] * row_len, sizeof(T) * static_cast<size_t>(row_len));
    return out;
}

QuantizedWeight permuted(const QuantizedWeight& q, const std::vector<int64_t>& src) {
    QuantizedWeight p = q;
    const int64_t g = q.groups_per_row();
    p.codes = take_rows(q.codes.data(), q.cols, src);
    p.scales = take_rows(q.scales.data(), g, src);
    if (!q.scale_bytes.empty()) p.scale_bytes = take_rows(q.scale_bytes.data(), g, src);
    if (!q.zero_points.empty()) p.zero_points = take_rows(q.zero_points.data(), g, src);
    return p;
}

template <typename Block>
void put_block(std::vector<uint8_t>& out, size_t i, const Block& b) {
    std::memcpy(out.data() + i * sizeof(Block), &b, sizeof(Block));
}

// The low nibble holds element j, the high nibble element j + 16 (Q4_0, Q4_1, MXFP4).
template <typename F>
void pack_halves(uint8_t* qs, F nibble) {
    for (int j = 0; j < kQK / 2; ++j) qs[j] = static_cast<uint8_t>((nibble(j) & 0xF) | ((nibble(j + kQK / 2) & 0xF) << 4));
}

class GgufExportWriter final : public ExportWriter {
public:
    explicit GgufExportWriter(ExportContext context);
    void add(const ExportTensor& t) override;
    std::vector<std::string> finish() override;

private:
    ExportContext ctx_;
    std::string arch_;
    std::optional<GgmlType> quant_type_;
    GgufWriter w_;
};

GgufExportWriter::GgufExportWriter(ExportContext context)
    : ctx_(std::move(context)), arch_(gguf_arch(ctx_.cfg.arch)), quant_type_(ggml_type_for(ctx_.recipe)) {
    // One tensor in memory at a time: the data waits beside the staging file until finish().
    w_.spill_to(ctx_.staging.string() + ".data");
    const ModelConfig& c = ctx_.cfg;
    const std::string& a = arch_;
    w_.set_string("general.architecture", a);
    w_.set_string("general.name", ctx_.model_name);
    w_.set_u32("general.file_type", file_type(quant_type_.value_or(float_type(ctx_.options.dtype))));
    w_.set_u32("general.quantization_version", 2);
    w_.set_string("rotoscope.export", ctx_.provenance_json);
    w_.set_u32(a + ".context_length", static_cast<uint32_t>(c.max_context));
    w_.set_u32(a + ".embedding_length", static_cast<uint32_t>(c.d_model));
    w_.set_u32(a + ".block_count", static_cast<uint32_t>(c.n_layers));
    w_.set_u32(a + ".feed_forward_length", static_cast<uint32_t>(c.d_ff));
    w_.set_u32(a + ".attention.head_count", static_cast<uint32_t>(c.n_heads));
    w_.set_u32(a + ".attention.head_count_kv", static_cast<uint32_t>(c.n_kv_heads));
    if (int64_t{c.head_dim} * c.n_heads != c.d_model) {
        w_.set_u32(a + ".attention.key_length", static_cast<uint32_t>(c.head_dim));
        w_.set_u32(a + ".attention.value_length", static_cast<uint32_t>(c.head_dim));
    }
    w_.set_u32(a + ".rope.dimension_count", static_cast<uint32_t>(c.head_dim));
    w_.set_f32(a + ".rope.freq_base", c.rope_theta);
    w_.set_f32(a + ".attention.layer_norm_rms_epsilon", c.rms_eps);
    w_.set_u32(a + ".vocab_size", static_cast<uint32_t>(c.n_vocab));
    if (c.rope_scaling && c.rope_scaling->type == "linear") {
        w_.set_string(a + ".rope.scaling.type", "linear");
        w_.set_f32(a + ".rope.scaling.factor", c.rope_scaling->factor);
    }
    const TokenizerSpec& t = ctx_.tokenizer;
    if (t.kind != TokenizerKind::None) {
        w_.set_string("tokenizer.ggml.model", t.kind == TokenizerKind::SentencePiece ? "llama" : "gpt2");
        w_.set_string("tokenizer.ggml.pre", t.pre == "gpt2" ? "default" : t.pre);
        w_.set_array_strings("tokenizer.ggml.tokens", t.tokens);
        if (!t.scores.empty()) w_.set_array_f32("tokenizer.ggml.scores", t.scores);
        std::vector<int32_t> types = t.token_types;
        if (types.empty()) types.assign(t.tokens.size(), static_cast<int32_t>(TokenType::Normal));
        w_.set_array_i32("tokenizer.ggml.token_type", types);
        if (!t.merges.empty()) w_.set_array_strings("tokenizer.ggml.merges", t.merges);
        auto id = [&](const char* key, int32_t v) {
            if (v >= 0) w_.set_u32(key, static_cast<uint32_t>(v));
        };
        id("tokenizer.ggml.bos_token_id", t.bos_id);
        id("tokenizer.ggml.eos_token_id", t.eos_id);
        id("tokenizer.ggml.unknown_token_id", t.unk_id);
        id("tokenizer.ggml.padding_token_id", t.pad_id);
        w_.set_bool("tokenizer.ggml.add_bos_token", t.add_bos);
        w_.set_bool("tokenizer.ggml.add_eos_token", t.add_eos);
        if (t.kind == TokenizerKind::SentencePiece) w_.set_bool("tokenizer.ggml.add_space_prefix", t.add_space_prefix);
        if (!ctx_.tokenizer.chat_template.empty()) w_.set_string("tokenizer.chat_template", ctx_.tokenizer.chat_template);
    }
}

void GgufExportWriter::add(const ExportTensor& t) {
    const std::string name = tensor_name(NameScheme::Gguf, t.slot, t.layer);
    const ModelConfig& c = ctx_.cfg;
    // ggml's ne is the PyTorch shape reversed.
    std::vector<int64_t> ne(t.shape.rbegin(), t.shape.rend());
    const bool q_or_k = t.slot == Slot::Q || t.slot == Slot::K || t.slot == Slot::QBias || t.slot == Slot::KBias;
    std::vector<int64_t> order;
    if (q_or_k && arch_ == "llama") order = gguf_row_order(t.shape[0], t.slot == Slot::Q || t.slot == Slot::QBias ? c.n_heads : c.n_kv_heads);
    if (t.codes && quant_type_) {
        const QuantizedWeight q = order.empty() ? *t.codes : permuted(*t.codes, order);
        w_.add_tensor(name, std::move(ne), *quant_type_, ggml_blocks(q, *quant_type_));
        return;
    }
    const int64_t row_len = t.shape.size() == 2 ? t.shape[1] : 1;
    std::vector<float> rows;
    std::span<const float> values = t.values;
    if (!order.empty()) {
        rows = take_rows(t.values.data(), row_len, order);
        values = rows;
    }
    // 1-D tensors (norms, biases, rope_freqs) stay F32, as llama.cpp's converter keeps them.
    w_.add_tensor_f32(name, std::move(ne), values, t.shape.size() == 1 ? GgmlType::F32 : float_type(ctx_.options.dtype));
}

std::vector<std::string> GgufExportWriter::finish() {
    w_.write(ctx_.staging.string());
    return {ctx_.staging.filename().string()};
}

}  // namespace

std::optional<GgmlType> ggml_type_for(const Recipe& r) {
    if (!r.weights) return std::nullopt;
    const quant::FormatSpec& w = *r.weights;
    if (w.kind == FormatKind::MxFp4) return GgmlType::MXFP4;
    if (w.kind != FormatKind::Int || w.granularity != Granularity::Group || w.group != kQK) return std::nullopt;
    if (r.gptq_moves_groups()) return std::nullopt;
    if (w.bits == 8 && w.symmetric) return GgmlType::Q8_0;
    if (w.bits == 4) return w.symmetric ? GgmlType::Q4_0 : GgmlType::Q4_1;
    return std::nullopt;
}

std::vector<uint8_t> ggml_blocks(const QuantizedWeight& q, GgmlType type) {
    const int64_t nb = q.rows * q.cols / kQK;
    const GgmlTypeTraits* tr = ggml_type_traits(type);
    std::vector<uint8_t> out(static_cast<size_t>(nb * tr->type_size));
    if (q.cols % kQK != 0 || (type != GgmlType::MXFP4 && q.group != kQK))
        fail_runtime("ggml blocks of " + quant::format_spec_name(q.spec) + " were not checked first");
    for (int64_t b = 0; b < nb; ++b) {
        const int32_t* c = q.codes.data() + b * kQK;
        const auto i = static_cast<size_t>(b);
        switch (type) {
            case GgmlType::MXFP4: {
                block_mxfp4 blk{};
                blk.e = q.scale_bytes[i];
                pack_halves(blk.qs, [&](int j) { return c[j]; });
                put_block(out, i, blk);
                break;
            }
            case GgmlType::Q4_0: {
                block_q4_0 blk{};
                blk.d = fp32_to_fp16(q.scales[i]);
                pack_halves(blk.qs, [&](int j) { return c[j] + 8; });
                put_block(out, i, blk);
                break;
            }
            case GgmlType::Q4_1: {
                block_q4_1 blk{};
                blk.d = fp32_to_fp16(q.scales[i]);
                blk.m = fp32_to_fp16(-static_cast<float>(q.zero_points[i]) * q.scales[i]);
                pack_halves(blk.qs, [&](int j) { return c[j]; });
                put_block(out, i, blk);
                break;
            }
            case GgmlType::Q8_0: {
                block_q8_0 blk{};
                blk.d = fp32_to_fp16(q.scales[i]);
                for (int j = 0; j < kQK; ++j) blk.qs[j] = static_cast<int8_t>(c[j]);
                put_block(out, i, blk);
                break;
            }
            default: fail_runtime(std::string("no ggml block writer for ") + tr->name);
        }
    }
    return out;
}

void check_gguf_export(const Recipe& r, const ModelConfig& cfg, const ExportOptions& options, ExportVerdict& v) {
    check_online_parts(r, "llama.cpp", v);
    if (cfg.rope_scaling && cfg.rope_scaling->type == "llama3")
        v.notes.push_back("Llama-3 RoPE scaling written as rope_freqs (the factors llama.cpp divides each frequency by)");
    if (!r.weights) return;
    const std::string name = quant::format_spec_name(*r.weights);
    const auto t = ggml_type_for(r);
    if (!t) {
        v.notes.push_back("no ggml type holds " + name + " weights exactly; its linears are written dequantized as " +
                          export_dtype_name(options.dtype));
    } else if (*t == GgmlType::MXFP4) {
        v.notes.push_back("MXFP4 weights as ggml MXFP4: codes and E8M0 scales exactly");
    } else {
        v.notes.push_back(name + " weights as ggml " + ggml_type_name(static_cast<uint32_t>(*t)) +
                          ": codes exactly, scales rounded from fp32 to fp16 (ggml stores fp16)");
    }
    if (r.quantize_lm_head) v.notes.push_back("the LM head is written dequantized");
}

std::unique_ptr<ExportWriter> gguf_export_writer(const ExportContext& context) {
    return std::make_unique<GgufExportWriter>(context);
}

}  // namespace rs
