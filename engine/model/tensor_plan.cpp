#include "model/tensor_plan.h"

#include "model/tensor_source.h"

namespace rs {

namespace {

// Which models have a slot.
enum class When { Always, QkvBias, QkNorm, Untied, GgufRopeFreqs };

// A slot's extent: a dimension of the configuration.
enum class Dim { None, Vocab, Model, QOut, KvOut, Ffn, Head, HalfHead };

struct SlotRow {
    Slot slot;
    bool per_layer;
    When when;
    Dim rows, cols;  // cols None: a vector of `rows` entries
};

// Load order of the slots; one row each.
constexpr SlotRow kSlots[] = {
    {Slot::TokEmbd, false, When::Always, Dim::Vocab, Dim::Model},
    {Slot::AttnNorm, true, When::Always, Dim::Model, Dim::None},
    {Slot::FfnNorm, true, When::Always, Dim::Model, Dim::None},
    {Slot::Q, true, When::Always, Dim::QOut, Dim::Model},
    {Slot::K, true, When::Always, Dim::KvOut, Dim::Model},
    {Slot::V, true, When::Always, Dim::KvOut, Dim::Model},
    {Slot::O, true, When::Always, Dim::Model, Dim::QOut},
    {Slot::Gate, true, When::Always, Dim::Ffn, Dim::Model},
    {Slot::Up, true, When::Always, Dim::Ffn, Dim::Model},
    {Slot::Down, true, When::Always, Dim::Model, Dim::Ffn},
    {Slot::QBias, true, When::QkvBias, Dim::QOut, Dim::None},
    {Slot::KBias, true, When::QkvBias, Dim::KvOut, Dim::None},
    {Slot::VBias, true, When::QkvBias, Dim::KvOut, Dim::None},
    {Slot::QNorm, true, When::QkNorm, Dim::Head, Dim::None},
    {Slot::KNorm, true, When::QkNorm, Dim::Head, Dim::None},
    {Slot::OutNorm, false, When::Always, Dim::Model, Dim::None},
    {Slot::LmHead, false, When::Untied, Dim::Vocab, Dim::Model},
    {Slot::RopeFreqs, false, When::GgufRopeFreqs, Dim::HalfHead, Dim::None},
};

bool present(When w, const ModelConfig& c, NameScheme scheme) {
    switch (w) {
        case When::Always: return true;
        case When::QkvBias: return c.qkv_bias;
        case When::QkNorm: return c.qk_norm;
        case When::Untied: return !c.tied_embeddings;
        case When::GgufRopeFreqs: return scheme == NameScheme::Gguf;
    }
    return false;
}

int64_t extent(Dim d, const ModelConfig& c) {
    switch (d) {
        case Dim::None: return 0;
        case Dim::Vocab: return c.n_vocab;
        case Dim::Model: return c.d_model;
        case Dim::QOut: return int64_t{c.n_heads} * c.head_dim;
        case Dim::KvOut: return int64_t{c.n_kv_heads} * c.head_dim;
        case Dim::Ffn: return c.d_ff;
        case Dim::Head: return c.head_dim;
        case Dim::HalfHead: return c.head_dim / 2;
    }
    return 0;
}

std::string shape_text(const std::vector<int64_t>& s) {
    std::string out = "[";
    for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
}

}  // namespace

std::vector<PlannedTensor> tensor_plan(const ModelConfig& c, NameScheme scheme) {
    std::vector<PlannedTensor> plan;
    auto add = [&](const SlotRow& row, int layer) {
        PlannedTensor t{row.slot, layer, tensor_name(scheme, row.slot, layer), {extent(row.rows, c)}, row.when == When::GgufRopeFreqs};
        if (row.cols != Dim::None) t.shape.push_back(extent(row.cols, c));
        plan.push_back(std::move(t));
    };
    for (const SlotRow& row : kSlots)
        if (!row.per_layer && row.slot == Slot::TokEmbd) add(row, -1);
    for (int l = 0; l < c.n_layers; ++l)
        for (const SlotRow& row : kSlots)
            if (row.per_layer && present(row.when, c, scheme)) add(row, l);
    for (const SlotRow& row : kSlots)
        if (!row.per_layer && row.slot != Slot::TokEmbd && present(row.when, c, scheme)) add(row, -1);
    return plan;
}

std::vector<std::string> check_tensors(const TensorSource& src, const ModelConfig& c, NameScheme scheme,
                                       const TokenizerSpec& tokenizer, size_t max_problems) {
    std::vector<std::string> problems;
    size_t more = 0;
    auto report = [&](std::string p) {
        if (problems.size() < max_problems) problems.push_back(std::move(p));
        else ++more;
    };
    for (const PlannedTensor& t : tensor_plan(c, scheme)) {
        if (!src.has(t.name)) {
            if (!t.optional) report("missing tensor '" + t.name + "'");
            continue;
        }
        const std::vector<int64_t> got = src.shape(t.name);
        if (got != t.shape)
            report("tensor '" + t.name + "' has shape " + shape_text(got) + ", expected " + shape_text(t.shape));
        else if (!src.readable(t.name))
            report("tensor '" + t.name + "' has type " + src.dtype(t.name) + ", which Rotoscope cannot read");
    }
    if (tokenizer.tokens.size() > static_cast<size_t>(c.n_vocab))
        report("the tokenizer has " + std::to_string(tokenizer.tokens.size()) + " tokens, more than the " +
               std::to_string(c.n_vocab) + " rows of the embedding");
    if (more) problems.push_back("and " + std::to_string(more) + " more problems");
    return problems;
}

}  // namespace rs
