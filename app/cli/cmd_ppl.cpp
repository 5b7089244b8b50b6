#include <fmt/format.h>

#include "calib/corpus.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/session.h"
#include "core/error.h"
#include "core/json_io.h"
#include "eval/perplexity.h"

namespace rs::cli {

void add_ppl_command(CLI::App& app, Action& action) {
    struct Opts {
        std::string model, text_file, corpus, protocol = "full", numerics = "exact", output, weights = "fp32";
        int ctx = 2048, max_windows = 0;
        bool json = false;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = app.add_subcommand("ppl", "Perplexity of a model on a text");
    cmd->add_option("MODEL", o->model, "a .gguf file, a Hugging Face model directory, or 'default'")->required();
    auto* tf = cmd->add_option("--text-file", o->text_file, "UTF-8 text to score");
    auto* co = cmd->add_option("--corpus", o->corpus, "a named corpus: wikitext2, wikitext2-train, devils-dictionary (default: wikitext2 when present, else devils-dictionary)");
    tf->excludes(co);
    cmd->add_option("--ctx", o->ctx, "window length in tokens")->check(CLI::Range(4, 1 << 20));
    cmd->add_option("--max-windows", o->max_windows, "score at most this many windows (0: all)")->check(CLI::NonNegativeNumber);
    cmd->add_option("--protocol", o->protocol, "full: papers' protocol (all tokens after the first); llamacpp: llama-perplexity's")
        ->check(CLI::IsMember({"full", "llamacpp"}));
    add_backend_option(*cmd);
    cmd->add_option("--numerics", o->numerics, "exact: fp32 (the reference); llamacpp: emulate llama.cpp's CPU numerics")
        ->check(CLI::IsMember({"exact", "llamacpp"}));
    cmd->add_option("--weights-dtype", o->weights,
                    "on a CUDA backend, the dtype the device-resident pass holds the weights in: fp32 (compared with the "
                    "CPU reference) or bf16 (tensor cores, fp32 accumulation)")
        ->check(CLI::IsMember({"fp32", "bf16"}))
        ->capture_default_str();
    cmd->add_flag("--json", o->json, "print JSON");
    cmd->add_option("-o,--output", o->output, "also write the JSON result to this file (atomically, only on success)");
    cmd->callback([o, &action] {
        action = [o] {
            const Corpus corpus = load_corpus(!o->text_file.empty() ? o->text_file : !o->corpus.empty() ? o->corpus : default_corpus_name());
            auto s = open_session(o->model, global_options().backend, o->json, o->numerics);
            const auto tokens = s->tokenizer->encode(corpus.text, true, false);
            PplOptions opt;
            opt.ctx = o->ctx;
            opt.max_windows = o->max_windows;
            opt.protocol = o->protocol == "full" ? PplProtocol::Full : PplProtocol::LlamaCpp;
            opt.bos_id = s->tokenizer->bos();
            opt.add_bos = s->tokenizer->add_bos();
            opt.device_weights = o->weights == "bf16" ? WeightPrecision::BF16 : WeightPrecision::F32;
            if (opt.ctx > s->model.cfg.max_context)
                fail_input("", fmt::format("--ctx {} exceeds the model's context of {}", opt.ctx, s->model.cfg.max_context));
            const PplResult r = perplexity(*s->forward, tokens, opt, progress_bar(o->json));
            finish_progress_line();
            nlohmann::json j{{"model", s->model.source.path},    {"corpus", corpus.name},
                             {"corpus_path", corpus.path},       {"corpus_tokens", tokens.size()},
                             {"protocol", ppl_protocol_name(opt.protocol)}, {"ctx", opt.ctx},
                             {"windows", r.windows},             {"ppl", r.ppl},
                             {"ppl_stderr", r.ppl_stderr},       {"mean_nll", r.mean_nll},
                             {"scored_tokens", r.scored_tokens}, {"tokens_per_second", r.tokens_per_second},
                             {"seconds", r.seconds},             {"backend", s->backend->name()},
                             {"numerics", s->numerics},          {"device_pass", r.device_pass}};
            if (!o->output.empty()) write_file_atomic(o->output, dump_json(j, 2) + "\n");
            if (o->json) {
                fmt::print("{}\n", dump_json(j, 2));
            } else {
                fmt::print("perplexity     {:.4f} ± {:.4f}  (mean NLL {:.6f})\n", r.ppl, r.ppl_stderr, r.mean_nll);
                fmt::print("scored tokens  {} in {} windows of {} ({} protocol)\n", r.scored_tokens, r.windows, opt.ctx,
                           ppl_protocol_name(opt.protocol));
                fmt::print("speed          {:.1f} tokens/s ({:.1f} s, {} backend, {} numerics)\n", r.tokens_per_second, r.seconds,
                           s->backend->name(), s->numerics);
                if (!r.device_pass.empty()) fmt::print("device pass    {}\n", r.device_pass);
            }
            return 0;
        };
    });
}

}  // namespace rs::cli
