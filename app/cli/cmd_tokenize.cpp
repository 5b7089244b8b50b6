#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/session.h"
#include "core/json_io.h"

namespace rs::cli {

void add_tokenize_command(CLI::App& app, Action& action) {
    struct Opts {
        std::string model, text, file;
        bool json = false, no_special = false, parse_special = false, ids_only = false;
    };
    auto o = std::make_shared<Opts>();
    auto* cmd = app.add_subcommand("tokenize", "Print the token ids and pieces of a text");
    cmd->add_option("MODEL", o->model, "a .gguf file, a Hugging Face model directory, or 'default'")->required();
    auto* text = cmd->add_option("--text", o->text, "the text to tokenize");
    auto* file = cmd->add_option("--file", o->file, "a UTF-8 file to tokenize");
    text->excludes(file);
    cmd->add_flag("--no-special", o->no_special, "do not add BOS/EOS even if the model asks for them");
    cmd->add_flag("--parse-special", o->parse_special, "recognise special-token texts such as <|im_start|>");
    cmd->add_flag("--ids", o->ids_only, "print only the ids, space separated");
    cmd->add_flag("--json", o->json, "print JSON");
    cmd->callback([o, &action] {
        action = [o] {
            if (o->text.empty() && o->file.empty()) fail_input("", "give --text or --file");
            const std::string text = read_text_argument(o->text, o->file);
            auto tok = tokenizer_for(o->model);
            const auto ids = tok->encode(text, !o->no_special, o->parse_special);
            if (o->json) {
                nlohmann::json arr = nlohmann::json::array();
                for (int32_t id : ids) arr.push_back({{"id", id}, {"piece", tok->token_to_piece(id)}, {"text", tok->token_text(id)}});
                // Pieces may hold partial UTF-8 sequences (one byte of an emoji); dump_json
                // replaces them rather than fail.
                fmt::print("{}\n", dump_json(nlohmann::json{{"count", ids.size()}, {"tokens", arr}}, 2));
            } else if (o->ids_only) {
                std::string line;
                for (int32_t id : ids) line += (line.empty() ? "" : " ") + std::to_string(id);
                fmt::print("{}\n", line);
            } else {
                for (int32_t id : ids) fmt::print("{:>7}  {}\n", id, dump_json(nlohmann::json(tok->token_to_piece(id))));
                fmt::print("{} tokens\n", ids.size());
            }
            return 0;
        };
    });
}

}  // namespace rs::cli
