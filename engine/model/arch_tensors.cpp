#include "model/arch_tensors.h"

#include <array>

namespace rs {
namespace {

struct SlotNames {
    const char* gguf;  // "%" stands for the layer index
    const char* hf;
};

constexpr std::array<SlotNames, 18> kNames = {{
    {"token_embd.weight", "model.embed_tokens.weight"},
    {"output_norm.weight", "model.norm.weight"},
    {"output.weight", "lm_head.weight"},
    {"blk.%.attn_norm.weight", "model.layers.%.input_layernorm.weight"},
    {"blk.%.ffn_norm.weight", "model.layers.%.post_attention_layernorm.weight"},
    {"blk.%.attn_q_norm.weight", "model.layers.%.self_attn.q_norm.weight"},
    {"blk.%.attn_k_norm.weight", "model.layers.%.self_attn.k_norm.weight"},
    {"blk.%.attn_q.weight", "model.layers.%.self_attn.q_proj.weight"},
    {"blk.%.attn_k.weight", "model.layers.%.self_attn.k_proj.weight"},
    {"blk.%.attn_v.weight", "model.layers.%.self_attn.v_proj.weight"},
    {"blk.%.attn_output.weight", "model.layers.%.self_attn.o_proj.weight"},
    {"blk.%.ffn_gate.weight", "model.layers.%.mlp.gate_proj.weight"},
    {"blk.%.ffn_up.weight", "model.layers.%.mlp.up_proj.weight"},
    {"blk.%.ffn_down.weight", "model.layers.%.mlp.down_proj.weight"},
    {"blk.%.attn_q.bias", "model.layers.%.self_attn.q_proj.bias"},
    {"blk.%.attn_k.bias", "model.layers.%.self_attn.k_proj.bias"},
    {"blk.%.attn_v.bias", "model.layers.%.self_attn.v_proj.bias"},
    {"rope_freqs.weight", ""},
}};

}  // namespace

std::string tensor_name(NameScheme scheme, Slot slot, int layer) {
    const SlotNames& n = kNames[static_cast<size_t>(slot)];
    std::string pattern = scheme == NameScheme::Gguf ? n.gguf : n.hf;
    const auto pos = pattern.find('%');
    if (pos != std::string::npos) pattern.replace(pos, 1, std::to_string(layer));
    return pattern;
}

}  // namespace rs
