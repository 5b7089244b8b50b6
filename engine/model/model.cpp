#include "model/model.h"

#include "model/roles.h"

#include <array>
#include <atomic>
#include <string>
#include <utility>

namespace rs {

uint64_t WeightId::next() {
    static std::atomic<uint64_t> counter{0};
    return counter.fetch_add(1, std::memory_order_relaxed) + 1;
}

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
    if (static_cast<size_t>(r) >= std::size(kRoles)) return "?";
    return role_traits(r).name;
}

const char* linear_input_name(LinearInput s) {
    if (static_cast<size_t>(s) >= std::size(kLinearInputs)) return "?";
    return input_traits(s).name;
}

const char* input_readers(LinearInput s) {
    static const std::array<std::string, std::size(kLinearInputs)> readers = [] {
        std::array<std::string, std::size(kLinearInputs)> out;
        for (const RoleTraits& r : kRoles) {
            std::string& o = out[static_cast<size_t>(r.input)];
            o += (o.empty() ? "" : ",") + std::string(r.name);
        }
        return out;
    }();
    if (static_cast<size_t>(s) >= readers.size()) return "";
    return readers[static_cast<size_t>(s)].c_str();
}

Model with_layers(const Model& m, std::vector<Layer> layers) {
    Model out;
    out.cfg = m.cfg;
    out.tok_embd = m.tok_embd;
    out.layers = std::move(layers);
    out.out_norm = m.out_norm;
    out.lm_head = m.lm_head;
    out.tokenizer = m.tokenizer;
    out.source = m.source;
    out.online = m.online;
    return out;
}

}  // namespace rs
