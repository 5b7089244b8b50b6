#include "model/model.h"

namespace rs {

const char* arch_name(Arch a) {
    switch (a) {
        case Arch::Llama: return "llama";
        case Arch::Mistral: return "mistral";
        case Arch::Qwen2: return "qwen2";
        case Arch::Qwen3: return "qwen3";
    }
    return "?";
}

const char* role_name(Role r) {
    switch (r) {
        case Role::AttnQ: return "q_proj";
        case Role::AttnK: return "k_proj";
        case Role::AttnV: return "v_proj";
        case Role::AttnO: return "o_proj";
        case Role::FfnGate: return "gate_proj";
        case Role::FfnUp: return "up_proj";
        case Role::FfnDown: return "down_proj";
        case Role::LmHead: return "lm_head";
    }
    return "?";
}

}  // namespace rs
