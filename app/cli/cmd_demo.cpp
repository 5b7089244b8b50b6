// The main job on a model (the bundled default unless told otherwise): summary, a greedy
// continuation, and perplexity on the default corpus.
#include <fmt/format.h>

#include "calib/corpus.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/session.h"
#include "eval/perplexity.h"
#include "runtime/generate.h"

namespace rs::cli {

void add_demo_command(CLI::App& app, Action& action) {
    struct Opts {
        std::string model = "default", corpus, prompt = "The history of the printing press";
        int n = 32, ctx = 512, max_windows = 16;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = app.add_subcommand("demo", "Main job: model summary, greedy generation, perplexity on the default corpus");
    cmd->add_option("MODEL", o->model, "a .gguf file, a Hugging Face model directory, or 'default'")->capture_default_str();
    cmd->add_option("--corpus", o->corpus, "corpus name or text file (default: wikitext2 when present, else devils-dictionary)");
    cmd->add_option("-p,--prompt", o->prompt, "prompt for the greedy continuation")->capture_default_str();
    cmd->add_option("-n,--n-predict", o->n, "tokens to generate")->capture_default_str();
    cmd->add_option("--ctx", o->ctx, "perplexity window")->capture_default_str()->check(CLI::Range(4, 1 << 20));
    cmd->add_option("--max-windows", o->max_windows, "perplexity windows (0: all)")->capture_default_str();
    cmd->callback([o, &action] {
        action = [o] {
            auto s = open_session(o->model, "cpu");
            const Model& m = s->model;
            fmt::print("== model\n{} ({}, {}): {} layers, d_model {}, {} heads / {} kv heads, vocab {}, {:.1f} M parameters\n",
                       m.source.name, arch_name(m.cfg.arch), m.source.path, m.cfg.n_layers, m.cfg.d_model, m.cfg.n_heads,
                       m.cfg.n_kv_heads, m.cfg.n_vocab, m.source.parameter_count / 1e6);
            fmt::print("{}\n\n== greedy continuation ({} tokens)\n{}", support_verdict(m.cfg, m.tokenizer, m.source), o->n, o->prompt);
            std::fflush(stdout);
            GenerateOptions g;
            g.max_new_tokens = o->n;
            g.stop = [&](int32_t id) { return s->tokenizer->is_eog(id); };
            g.on_token = [&](int32_t id) {
                fmt::print("{}", s->tokenizer->token_to_piece(id));
                std::fflush(stdout);
            };
            Progress cancel_only;
            cancel_only.cancel = &interrupt_token();
            generate_greedy(*s->forward, s->tokenizer->encode(o->prompt, true, true), g, cancel_only);

            const Corpus corpus = load_corpus(o->corpus.empty() ? default_corpus_name() : o->corpus);
            const auto tokens = s->tokenizer->encode(corpus.text, true, false);
            PplOptions opt;
            opt.ctx = o->ctx;
            opt.max_windows = o->max_windows;
            const PplResult r = perplexity(*s->forward, tokens, opt, progress_bar());
            finish_progress_line();
            fmt::print("\n\n== perplexity on {} ({})\n", corpus.name, corpus.path);
            fmt::print("PPL {:.4f} ± {:.4f} over {} scored tokens ({} windows of {}, papers' protocol), {:.1f} tokens/s\n", r.ppl,
                       r.ppl_stderr, r.scored_tokens, r.windows, opt.ctx, r.tokens_per_second);
            return 0;
        };
    });
}

}  // namespace rs::cli
