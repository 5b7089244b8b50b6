#include <fmt/format.h>

#include <chrono>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/session.h"
#include "core/json_io.h"
#include "runtime/generate.h"

namespace rs::cli {

void add_generate_command(CLI::App& app, Action& action) {
    struct Opts {
        std::string model, prompt, numerics = "exact";
        int n = 64;
        bool json = false, ignore_eos = false;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = app.add_subcommand("generate", "Greedy-generate a continuation of a prompt");
    cmd->add_option("MODEL", o->model, "a .gguf file, a Hugging Face model directory, or 'default'")->required();
    cmd->add_option("-p,--prompt", o->prompt, "the prompt (special tokens such as <|im_start|> are recognised)")->required();
    cmd->add_option("-n,--n-predict", o->n, "tokens to generate")->check(CLI::Range(1, 1 << 20));
    cmd->add_flag("--ignore-eos", o->ignore_eos, "keep generating past end-of-generation tokens");
    add_backend_option(*cmd);
    cmd->add_option("--numerics", o->numerics, "exact: fp32 (the reference); llamacpp: emulate llama.cpp's CPU numerics")
        ->check(CLI::IsMember({"exact", "llamacpp"}));
    cmd->add_flag("--json", o->json, "print JSON (prompt ids, generated ids, text)");
    cmd->callback([o, &action] {
        action = [o] {
            auto s = open_session(o->model, global_options().backend, false, o->numerics);
            const auto prompt = s->tokenizer->encode(o->prompt, true, true);
            GenerateOptions g;
            g.max_new_tokens = o->n;
            if (!o->ignore_eos) g.stop = [&](int32_t id) { return s->tokenizer->is_eog(id); };
            if (!o->json) {
                fmt::print("{}", o->prompt);
                std::fflush(stdout);
                g.on_token = [&](int32_t id) {
                    fmt::print("{}", s->tokenizer->token_to_piece(id));
                    std::fflush(stdout);
                };
            }
            const auto t0 = std::chrono::steady_clock::now();
            Progress p;
            p.cancel = &interrupt_token();
            const auto ids = generate_greedy(*s->forward, prompt, g, p);
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (o->json) {
                nlohmann::json j{{"prompt", o->prompt}, {"prompt_ids", prompt}, {"ids", ids},
                                 {"text", s->tokenizer->decode(ids)}, {"seconds", secs}};
                fmt::print("{}\n", dump_json(j, 2));
            } else {
                fmt::print("\n");
                fmt::print(stderr, "{} tokens in {:.2f} s ({:.1f} tokens/s, prompt {} tokens)\n", ids.size(), secs,
                           ids.size() / std::max(secs, 1e-9), prompt.size());
            }
            return 0;
        };
    });
}

}  // namespace rs::cli
