// Hostile files given to rotoscope-cli, one test per class of defect that fuzzing found: the
// JSON library's other exceptions, deep nesting, integer overflow and float-to-integer
// conversion, allocation sized by an unchecked count, invalid UTF-8 written back as JSON, and
// checkpoints whose tensors do not fit their architecture. Every case must end with exit 2 and
// one line on stderr naming the file and the problem: no signal, no hang, no output file, and
// memory within a bound above the program's own baseline.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/gguf_writer.h"
#include "io/safetensors.h"
#include "io/safetensors_writer.h"
#include "support/model_files.h"
#include "support/run_cli.h"
#include "support/temp_dir.h"
#include "support/tiny_gguf.h"
#include "support/tiny_model.h"

namespace rs {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::CliResult;
using testing::run_cli;
using testing::TempDir;

// Every refusal must come within this (a hang guard, not a speed target: they take well under
// a second) and within this much memory above what `rotoscope-cli --version` needs.
constexpr int kHangSeconds = 60;
constexpr long kMemoryHeadroomKb = 256 * 1024;

long baseline_rss_kb() {
    static const long kb = run_cli({"--version"}).max_rss_kb;
    return kb;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void put(const fs::path& p, const std::string& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
}

// The refusal every hostile input must get. `file` must appear in the message, and so must
// `needle`; `output` (when given) must not exist afterwards, nor any temporary beside it.
CliResult expect_refused(const std::vector<std::string>& args, const std::string& file, const std::string& needle,
                         const fs::path& output = {}) {
    const CliResult r = run_cli(args, -1, kHangSeconds);
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    EXPECT_FALSE(r.timed_out) << joined;
    EXPECT_EQ(r.signal, 0) << joined << "\n" << r.err;
    EXPECT_EQ(r.exit_code, 2) << joined << "\n" << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << joined << "\n" << r.err;
    EXPECT_NE(r.err.find(file), std::string::npos) << "message does not name " << file << ": " << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << "expected '" << needle << "' in: " << r.err;
    EXPECT_LT(r.max_rss_kb, baseline_rss_kb() + kMemoryHeadroomKb) << joined;
    if (!output.empty()) {
        EXPECT_FALSE(fs::exists(output)) << output;
        for (const auto& e : fs::directory_iterator(output.parent_path()))
            EXPECT_EQ(e.path().filename().string().find(output.filename().string() + "."), std::string::npos) << e.path();
    }
    const std::string line = r.err.substr(0, r.err.find('\n'));
    std::printf("  exit %d %5.2f s %4ld MB  %.150s\n", r.exit_code, r.seconds, r.max_rss_kb / 1024, line.c_str());
    return r;
}

// A small, valid Hugging Face directory whose files the tests then damage one at a time.
fs::path write_hf_dir(const TempDir& d, const std::string& name = "hf") {
    ModelConfig c = testing::tiny_config(Arch::Llama);
    c.tied_embeddings = true;
    const fs::path dir = d.path() / name;
    testing::write_model_hf(testing::random_model(c, 3), "LlamaForCausalLM", dir, 1);
    return dir;
}

// A tiny Llama GGUF with a byte-level tokenizer, for the commands that evaluate text.
std::string tiny_model(const TempDir& d) {
    const fs::path p = d.path() / "tiny-with-tokenizer.gguf";
    if (!fs::exists(p)) testing::write_tiny_gguf(p.string());
    return p.string();
}

std::string config_with(const fs::path& dir, const std::string& key, const std::string& raw_value) {
    json cfg = json::parse(slurp(dir / "config.json"));
    cfg.erase(key);
    std::string text = cfg.dump();
    text.insert(1, "\"" + key + "\": " + raw_value + ", ");
    return text;
}

// The metadata of a small Llama of `layers` layers (d_model 8, d_ff 16, 2 heads), no tensors.
void llama_dimensions(GgufWriter& w, uint32_t layers) {
    w.set_string("general.architecture", "llama");
    w.set_u32("llama.block_count", layers);
    w.set_u32("llama.embedding_length", 8);
    w.set_u32("llama.feed_forward_length", 16);
    w.set_u32("llama.attention.head_count", 2);
}

// --------------------------------------------------------------------------- JSON exceptions

TEST(HostileInput, NumberOutsideDoubleRange) {
    TempDir d;
    const fs::path dir = write_hf_dir(d);
    put(dir / "config.json", config_with(dir, "vocab_size", "1e400"));
    expect_refused({"info", dir.string()}, (dir / "config.json").string(), "not valid JSON: number overflow parsing '1e400'");

    const fs::path recipe = d.path() / "recipe.json";
    put(recipe, R"({"w": "int4", "smooth": {"alpha": -1e999}})");
    const fs::path out = d.path() / "run.h5";
    expect_refused({"quantize", tiny_model(d), "--recipe", recipe.string(), "-o", out.string()}, recipe.string(),
                   "not valid JSON: number overflow", out);
}

TEST(HostileInput, ValuesOfTheWrongType) {
    TempDir d;
    const fs::path dir = write_hf_dir(d);
    put(dir / "config.json", config_with(dir, "num_hidden_layers", "[2]"));
    expect_refused({"info", dir.string()}, "config.json", "key 'num_hidden_layers' must be an integer");

    const fs::path tok_dir = write_hf_dir(d, "tok");
    json tok = {{"model", {{"type", "BPE"}, {"vocab", {{"a", "zero"}}}, {"merges", json::array()}}}};
    put(tok_dir / "tokenizer.json", tok.dump());
    expect_refused({"info", tok_dir.string()}, "tokenizer.json", "the id of token 'a' must be an integer");
    tok["model"]["vocab"] = {{"a", 0}};
    tok["model"]["byte_fallback"] = "yes";
    put(tok_dir / "tokenizer.json", tok.dump());
    expect_refused({"info", tok_dir.string()}, "tokenizer.json", "malformed tokenizer.json: type must be boolean");

    const fs::path matrix = d.path() / "m.json";
    put(matrix, R"({"rotations": ["none"], "formats": ["int4"], "seeds": [0.5]})");
    expect_refused({"compare", matrix.string(), "--model", tiny_model(d)}, matrix.string(), "seeds[0]: expected an integer");
}

TEST(HostileInput, InvalidUtf8FromAFileIsWrittenBackAsValidJson) {
    TempDir d;
    const fs::path model = d.path() / "tiny.gguf";
    ModelConfig c = testing::tiny_config(Arch::Llama);
    c.d_model = 32;
    c.head_dim = 8;
    c.n_vocab = 260;
    c.tied_embeddings = true;
    testing::write_model_gguf(testing::random_model(c, 5), "llama", model.string(), [](GgufWriter& w) {
        testing::add_tiny_byte_bpe_tokenizer(w);
        w.set_string("general.name", "tiny \xff\xfe\x1b[31m model");  // after the helper's own name
    });
    const CliResult r = run_cli({"info", model.string(), "--json"}, -1, kHangSeconds);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json j = json::parse(r.out);  // throws (fails the test) if the output is not valid JSON
    EXPECT_EQ(j["name"], "tiny \xEF\xBF\xBD\xEF\xBF\xBD\x1b[31m model");
    const CliResult text = run_cli({"info", model.string()}, -1, kHangSeconds);
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("tiny \\xff\\xfe\\x1b[31m model"), std::string::npos) << text.out;

    // A hostile path: a file name that is not UTF-8 ends up in the report's configuration JSON.
    const fs::path odd = d.path() / "m\xff\xfe.gguf";
    fs::copy_file(model, odd);
    const fs::path corpus = d.path() / "corpus.txt";
    std::string words;
    for (int i = 0; i < 200; ++i) words += "the model rotates " + std::to_string(i) + " channels. ";
    put(corpus, words);
    const fs::path out = d.path() / "census.h5";
    const CliResult a = run_cli({"analyze", odd.string(), "--text-file", corpus.string(), "--windows", "2", "--ctx", "16", "--json",
                                 "-o", out.string()},
                                -1, kHangSeconds);
    EXPECT_EQ(a.exit_code, 0) << a.err;
    EXPECT_NO_THROW(static_cast<void>(json::parse(a.out))) << a.out;
    EXPECT_TRUE(fs::exists(out));
}

// --------------------------------------------------------------------------- deep nesting

TEST(HostileInput, DeepNestingIsRefusedWithoutRecursion) {
    TempDir d;
    const fs::path dir = write_hf_dir(d);
    put(dir / "tokenizer.json", std::string(2'000'000, '['));
    expect_refused({"info", dir.string()}, "tokenizer.json", "JSON nests deeper than 64 levels");

    // Nesting within the parser's bound, in a value an error message used to print whole.
    std::string nested = "1";
    for (int i = 0; i < 60; ++i) nested = "[" + nested + "]";
    const fs::path recipe = d.path() / "r.json";
    put(recipe, R"({"w": "int4", "smooth": {"sites": [)" + nested + "]}}");
    expect_refused({"quantize", tiny_model(d), "--recipe", recipe.string()}, recipe.string(), "unknown site [[...]]");

    json tok = {{"model", {{"type", "BPE"}, {"vocab", {{"a", 0}, {"b", 1}}}, {"merges", json::array()}}}};
    std::string text = tok.dump();
    text.replace(text.find("\"merges\":[]"), 11, "\"merges\":[" + nested + "]");
    put(dir / "tokenizer.json", text);
    expect_refused({"info", dir.string()}, "tokenizer.json", "malformed BPE merge entry [[...]]");
}

// ------------------------------------------------------------- integer overflow, conversions

TEST(HostileInput, HugeAndFractionalNumbersNeverReachAnIntegerCast) {
    TempDir d;
    const fs::path dir = write_hf_dir(d);
    json tok = {{"model", {{"type", "BPE"}, {"vocab", {{"a", 1e300}}}, {"merges", json::array()}}}};
    put(dir / "tokenizer.json", tok.dump());
    expect_refused({"info", dir.string()}, "tokenizer.json", "the id of token 'a' must be an integer in 0..");

    const fs::path cfg_dir = write_hf_dir(d, "cfg");
    put(cfg_dir / "config.json", config_with(cfg_dir, "num_attention_heads", "4294967296"));
    expect_refused({"info", cfg_dir.string()}, "config.json", "above Rotoscope's limit of 4096 (attention heads)");
    put(cfg_dir / "config.json", config_with(cfg_dir, "hidden_size", "1e18"));
    expect_refused({"info", cfg_dir.string()}, "config.json", "above Rotoscope's limit of 65536 (model width (d_model))");

    // GGUF metadata of the largest integer types.
    for (const auto& [key, value, needle] :
         std::vector<std::tuple<std::string, uint64_t, std::string>>{
             {"llama.block_count", 4294967295u, "above Rotoscope's limit of 1024 (layers)"},
             {"llama.embedding_length", uint64_t{1} << 31, "above Rotoscope's limit of 65536"},
             {"llama.attention.head_count", 18446744073709551615u, "above Rotoscope's limit of 4096"}}) {
        GgufWriter w;
        llama_dimensions(w, 1);
        if (value > UINT32_MAX) w.set_u64(key, value);
        else w.set_u32(key, static_cast<uint32_t>(value));
        const fs::path p = d.path() / "dims.gguf";
        w.write(p.string());
        expect_refused({"info", p.string()}, p.string(), needle);
    }
}

// ---------------------------------------------------- allocation sized by an unchecked count

TEST(HostileInput, CountsAreCheckedBeforeAllocating) {
    TempDir d;
    // A few hundred bytes claiming a thousand layers: refused before a layer is allocated.
    GgufWriter w;
    llama_dimensions(w, 1000);
    const std::vector<float> embd(4 * 8, 0.5f), norm(8, 1.0f);
    w.add_tensor_f32("token_embd.weight", {8, 4}, embd);
    w.add_tensor_f32("output_norm.weight", {8}, norm);
    const fs::path layers = d.path() / "layers.gguf";
    w.write(layers.string());
    const CliResult info = expect_refused({"info", layers.string()}, layers.string(), "missing tensor 'blk.0.attn_norm.weight'");
    EXPECT_NE(info.out.find("cannot be loaded: missing tensor 'blk.0.attn_norm.weight'"), std::string::npos) << info.out;
    EXPECT_NE(info.out.find("and 8992 more problems"), std::string::npos) << info.out;
    expect_refused({"ppl", layers.string(), "--text-file", layers.string()}, layers.string(),
                   "missing tensor 'blk.0.attn_norm.weight' (and 8999 more problems");

    // One token id of four million in a tokenizer.json of a few bytes.
    const fs::path dir = write_hf_dir(d);
    const json tok = {{"model", {{"type", "BPE"}, {"vocab", {{"a", 0}, {"b", 4'000'000}}}, {"merges", json::array()}}}};
    put(dir / "tokenizer.json", tok.dump());
    expect_refused({"info", dir.string()}, "tokenizer.json", "token id 4000000 leaves 3999999 ids unused");

    // A matrix whose lists multiply to a million runs.
    json rotations = json::array(), formats = json::array();
    for (int i = 0; i < 1000; ++i) {
        rotations.push_back("block" + std::to_string(16 << (i % 3)));
        formats.push_back("int" + std::to_string(2 + i % 7));
    }
    const fs::path matrix = d.path() / "big.json";
    put(matrix, json{{"rotations", rotations}, {"formats", formats}, {"seeds", {0, 1, 2}}}.dump());
    const fs::path out = d.path() / "big.h5";
    expect_refused({"compare", matrix.string(), "--model", tiny_model(d), "-o", out.string()}, matrix.string(),
                   "is 1000000, above Rotoscope's limit of 10000 (runs per recipe matrix)", out);
}

// ------------------------------------------------ tensors that do not fit the architecture

TEST(HostileInput, InfoChecksEveryTensorTheArchitectureNeeds) {
    TempDir d;
    ModelConfig c = testing::tiny_config(Arch::Qwen2);
    c.tied_embeddings = true;
    Model m = testing::random_model(c, 4);
    // A misshapen tensor in a GGUF.
    m.layers[1].up.w = MatrixRM::Ones(c.d_ff - 1, c.d_model);
    const fs::path gguf = d.path() / "shape.gguf";
    testing::write_model_gguf(m, "qwen2", gguf.string());
    CliResult r = expect_refused({"info", gguf.string()}, gguf.string(), "tensor 'blk.1.ffn_up.weight' has shape [79, 48], expected [80, 48]");
    EXPECT_NE(r.out.find("verdict        cannot be loaded: tensor 'blk.1.ffn_up.weight' has shape [79, 48], expected [80, 48]"),
              std::string::npos)
        << r.out;
    r = run_cli({"info", gguf.string(), "--json"}, -1, kHangSeconds);
    EXPECT_EQ(r.exit_code, 2);
    const json j = json::parse(r.out);
    EXPECT_FALSE(j["loadable"].get<bool>());
    EXPECT_EQ(j["problems"], json::array({"tensor 'blk.1.ffn_up.weight' has shape [79, 48], expected [80, 48]"}));

    // A missing bias and a weight stored as integers in a Hugging Face directory.
    const fs::path dir = d.path() / "hf";
    testing::write_model_hf(testing::random_model(c, 4), "Qwen2ForCausalLM", dir, 1);
    {
        const auto original = SafetensorsFile::open((dir / "model.safetensors").string());
        SafetensorsWriter st;
        for (const StTensorInfo& t : original->tensors()) {
            if (t.name == "model.layers.1.self_attn.v_proj.bias") continue;
            if (t.name == "model.norm.weight") st.add_raw(t.name, "I32", t.shape, std::vector<uint8_t>(t.n_bytes(), 0));
            else st.add_f32(t.name, t.shape, original->read_f32(t));
        }
        st.write((dir / "model.safetensors").string());
    }
    r = expect_refused({"info", dir.string()}, dir.string(), "missing tensor 'model.layers.1.self_attn.v_proj.bias'");
    EXPECT_NE(r.out.find("; tensor 'model.norm.weight' has type I32, which Rotoscope cannot read"), std::string::npos) << r.out;

    // A tokenizer with more tokens than the embedding has rows: ids past the embedding.
    ModelConfig small = testing::tiny_config(Arch::Llama);
    small.n_vocab = 24;
    small.tied_embeddings = true;
    const fs::path vocab = d.path() / "vocab.gguf";
    testing::write_model_gguf(testing::random_model(small, 6), "llama", vocab.string(),
                              [](GgufWriter& w) { testing::add_tiny_byte_bpe_tokenizer(w); });
    expect_refused({"info", vocab.string()}, vocab.string(), "the tokenizer has 260 tokens, more than the 24 rows of the embedding");
    expect_refused({"generate", vocab.string(), "--prompt", "the"}, vocab.string(), "the tokenizer has 260 tokens");
}

// -------------------------------------------------- reports that crash the HDF5 library

TEST(HostileInput, ReportsThatCrashTheHdf5LibraryAreContained) {
    // Run reports whose dense-attribute B-trees were edited with their lookup3 checksums
    // recomputed: Debian's HDF5 1.10 follows a null pointer inside H5Aexists (H5B2_find ->
    // H5HF_op, or H5F_get_checksums), below any check Rotoscope can make. The checking child
    // process takes the crash.
    const std::string dir = std::string(ROTOSCOPE_SOURCE_DIR) + "/tests/fuzz/regressions/run_report/";
    for (const char* name : {"hdf5-segv-dense-attribute-btree-leaf-1.h5", "hdf5-segv-dense-attribute-btree-leaf-2.h5",
                             "hdf5-segv-dense-attribute-btree-header.h5"}) {
        const std::string file = dir + name;
        expect_refused({"report", file}, file, "damaged report: reading it crashed the HDF5 library (Segmentation fault)");
        expect_refused({"report", file, "--json"}, file, "damaged report: reading it crashed the HDF5 library");
    }
}

}  // namespace
}  // namespace rs
