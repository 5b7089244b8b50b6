#include "cli/session.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/common.h"
#include "core/error.h"
#include "model/loader.h"

namespace rs::cli {

std::unique_ptr<Session> open_session(const std::string& model_spec, const std::string& backend, bool quiet,
                                      const std::string& numerics) {
    auto s = std::make_unique<Session>();
    if (numerics != "exact" && numerics != "llamacpp") fail_input("", "unknown numerics '" + numerics + "' (exact, llamacpp)");
    const bool llamacpp = numerics == "llamacpp";
    if (llamacpp && backend != "cpu") fail_input("", "--numerics llamacpp is implemented on the cpu backend only");
    s->numerics = numerics;
    s->backend = llamacpp ? make_cpu_backend(BackendOptions{.llamacpp_numerics = true}) : make_backend(backend, "--backend");
    s->model = load_model(model_spec, progress_bar(quiet));
    finish_progress_line();
    s->tokenizer = make_tokenizer(s->model.tokenizer);
    s->forward = std::make_unique<Forward>(s->model, *s->backend, ForwardOptions{.llamacpp_numerics = llamacpp});
    return s;
}

std::unique_ptr<Tokenizer> tokenizer_for(const std::string& model_spec) {
    return make_tokenizer(inspect_model(model_spec).tokenizer);
}

std::string read_text_argument(const std::string& text, const std::string& file) {
    if (!file.empty()) {
        if (!std::filesystem::is_regular_file(file)) fail_input(file, "no such text file");
        std::ifstream in(file, std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
    return text;
}

}  // namespace rs::cli
