// The linear layers of a decoder block as tables, in the spirit of llama.cpp's tensor-info table:
// each linear input (what the forward pass hands to one or more linears) with its names, the norm
// in front of it and its width, and each linear role with its name, its Layer member, the input it
// reads and whether its output is added to the residual stream. Capture sites, the census, the
// smoothing sites, the per-linear probe, RTN, fusion, reports and the GUI iterate these instead of
// spelling out q, k, v, o, gate, up and down.
#pragma once
#include <cstdint>
#include <iterator>
#include <span>
#include <string>

#include "model/model.h"

namespace rs {

// Linear layers that share an input are one site: q/k/v read the same normed residual, gate/up
// read the same normed residual.
enum class LinearInput : uint8_t { QKV, O, GateUp, Down, LmHead };

struct LinearInputTraits {
    LinearInput input;
    const char* name;         // "qkv": capture sites and run reports
    VectorF Layer::*norm;     // the RMSNorm that produces it; nullptr for o, down and the LM head
    const char* norm_name;    // "attn_norm"; "" without one
    int64_t (*width)(const ModelConfig&);
};

inline constexpr LinearInputTraits kLinearInputs[] = {
    {LinearInput::QKV, "qkv", &Layer::attn_norm, "attn_norm", [](const ModelConfig& c) -> int64_t { return c.d_model; }},
    {LinearInput::O, "o", nullptr, "", [](const ModelConfig& c) -> int64_t { return int64_t{c.n_heads} * c.head_dim; }},
    {LinearInput::GateUp, "gate_up", &Layer::ffn_norm, "ffn_norm", [](const ModelConfig& c) -> int64_t { return c.d_model; }},
    {LinearInput::Down, "down", nullptr, "", [](const ModelConfig& c) -> int64_t { return c.d_ff; }},
    {LinearInput::LmHead, "lm_head", nullptr, "", [](const ModelConfig& c) -> int64_t { return c.d_model; }},
};
// The four inputs inside a decoder layer (the LM head's is after the last layer).
inline constexpr std::span<const LinearInputTraits> kLayerInputs{kLinearInputs, 4};

struct RoleTraits {
    Role role;
    const char* name;        // "q_proj" (role_name)
    Linear Layer::*linear;   // nullptr for the LM head (Model::lm_head)
    LinearInput input;       // its in-features are the input's width
    bool writes_residual;    // o and down: their output is added to the residual stream
    int64_t (*out_width)(const ModelConfig&);
};

// In the order the forward pass runs them, then the LM head.
inline constexpr RoleTraits kRoles[] = {
    {Role::AttnQ, "q_proj", &Layer::q, LinearInput::QKV, false,
     [](const ModelConfig& c) -> int64_t { return int64_t{c.n_heads} * c.head_dim; }},
    {Role::AttnK, "k_proj", &Layer::k, LinearInput::QKV, false,
     [](const ModelConfig& c) -> int64_t { return int64_t{c.n_kv_heads} * c.head_dim; }},
    {Role::AttnV, "v_proj", &Layer::v, LinearInput::QKV, false,
     [](const ModelConfig& c) -> int64_t { return int64_t{c.n_kv_heads} * c.head_dim; }},
    {Role::AttnO, "o_proj", &Layer::o, LinearInput::O, true,
     [](const ModelConfig& c) -> int64_t { return c.d_model; }},
    {Role::FfnGate, "gate_proj", &Layer::gate, LinearInput::GateUp, false,
     [](const ModelConfig& c) -> int64_t { return c.d_ff; }},
    {Role::FfnUp, "up_proj", &Layer::up, LinearInput::GateUp, false,
     [](const ModelConfig& c) -> int64_t { return c.d_ff; }},
    {Role::FfnDown, "down_proj", &Layer::down, LinearInput::Down, true,
     [](const ModelConfig& c) -> int64_t { return c.d_model; }},
    {Role::LmHead, "lm_head", nullptr, LinearInput::LmHead, false,
     [](const ModelConfig& c) -> int64_t { return c.n_vocab; }},
};
// The seven linears of a decoder layer.
inline constexpr std::span<const RoleTraits> kLayerRoles{kRoles, 7};

constexpr bool role_tables_in_enum_order() {
    for (size_t i = 0; i < std::size(kRoles); ++i)
        if (static_cast<size_t>(kRoles[i].role) != i) return false;
    for (size_t i = 0; i < std::size(kLinearInputs); ++i)
        if (static_cast<size_t>(kLinearInputs[i].input) != i) return false;
    return true;
}
static_assert(role_tables_in_enum_order(), "rows in enum order: the tables are indexed by their enums");

constexpr const RoleTraits& role_traits(Role r) { return kRoles[static_cast<size_t>(r)]; }
constexpr const LinearInputTraits& input_traits(LinearInput s) { return kLinearInputs[static_cast<size_t>(s)]; }
const char* linear_input_name(LinearInput s);
// The linears that read `s`: "q_proj,k_proj,v_proj".
const char* input_readers(LinearInput s);

// The linear of `role` in a layer or, for the LM head, in the model.
inline Linear& linear_of(Model& m, int layer, const RoleTraits& r) {
    return r.linear ? m.layers[static_cast<size_t>(layer)].*r.linear : m.lm_head;
}
inline const Linear& linear_of(const Model& m, int layer, const RoleTraits& r) {
    return r.linear ? m.layers[static_cast<size_t>(layer)].*r.linear : m.lm_head;
}

}  // namespace rs
