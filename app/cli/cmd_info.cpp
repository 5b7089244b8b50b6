#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "core/json_io.h"
#include "core/untrusted_text.h"
#include "model/loader.h"

namespace rs::cli {

void add_info_command(CLI::App& app, Action& action) {
    struct Opts {
        std::string model;
        bool json = false;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = app.add_subcommand("info", "Describe a model: architecture, dimensions, tensors, tokenizer, support");
    cmd->add_option("MODEL", o->model, "a .gguf file, a Hugging Face model directory, or 'default'")->required();
    cmd->add_flag("--json", o->json, "print JSON");
    cmd->callback([o, &action] {
        action = [o] {
            const ModelInfo info = inspect_model(o->model);
            const nlohmann::json j = model_summary_json(info.cfg, info.tokenizer, info.source, info.problems);
            // A checkpoint that cannot be loaded is bad input: the summary is still printed.
            const int exit_code = info.problems.empty() ? kExitOk : kExitBadInput;
            if (o->json) {
                fmt::print("{}\n", dump_json(j, 2));
                return exit_code;
            }
            const ModelConfig& c = info.cfg;
            fmt::print("model          {}\n", printable(info.source.name));
            fmt::print("file           {} ({})\n", info.source.path, info.source.format);
            fmt::print("architecture   {}{}{}{}\n", arch_name(c.arch), c.tied_embeddings ? ", tied embeddings" : "",
                       c.qkv_bias ? ", q/k/v bias" : "", c.qk_norm ? ", q/k norm" : "");
            fmt::print("dimensions     vocab {}  d_model {}  layers {}  heads {}  kv heads {}  head_dim {}  d_ff {}\n", c.n_vocab,
                       c.d_model, c.n_layers, c.n_heads, c.n_kv_heads, c.head_dim, c.d_ff);
            fmt::print("context        {} (rope theta {}{})  rms eps {}\n", c.max_context, c.rope_theta,
                       c.rope_scaling ? ", scaling " + c.rope_scaling->type : "", c.rms_eps);
            fmt::print("tensors        {}\n", info.source.tensor_count);
            for (const auto& [dtype, n] : info.source.dtype_counts) fmt::print("  {:<12} {}\n", dtype, n);
            fmt::print("parameters     {} ({:.1f} M)\n", info.source.parameter_count, info.source.parameter_count / 1e6);
            fmt::print("tokenizer      {} (pre '{}', {} tokens, bos {}, eos {}, add_bos {})\n", tokenizer_kind_name(info.tokenizer.kind),
                       printable(info.tokenizer.pre), info.tokenizer.tokens.size(), info.tokenizer.bos_id, info.tokenizer.eos_id,
                       info.tokenizer.add_bos);
            fmt::print("verdict        {}\n", j["verdict"].get<std::string>());
            if (!info.problems.empty())
                fmt::print(stderr, "rotoscope-cli: {}: cannot be loaded: {}\n", info.source.path, info.problems[0]);
            return exit_code;
        };
    });
}

}  // namespace rs::cli
