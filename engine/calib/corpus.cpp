#include "calib/corpus.h"

#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/paths.h"

namespace rs {
namespace fs = std::filesystem;
namespace {

constexpr const char* kDevilPath = "/usr/share/dictd/devil.dict.dz";

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail_input(path, "cannot open corpus file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// dictzip files are gzip streams with an extra header field, so zlib reads them as they are.
std::string read_gzip_file(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) fail_input(path, "cannot open compressed corpus");
    std::string out;
    char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    const bool bad = n < 0;
    gzclose(f);
    if (bad) fail_input(path, "corrupt gzip data");
    return out;
}

// The dictd file starts with two header entries ("00-database-…" lines and the Wiretap
// notice); the book proper starts at its PREFACE.
std::string devils_dictionary_text(const std::string& raw) {
    const auto pos = raw.find("THE DEVIL'S DICTIONARY");
    return pos == std::string::npos ? raw : raw.substr(pos);
}

std::vector<fs::path> wikitext2_dirs() {
    std::vector<fs::path> dirs;
    if (const char* e = std::getenv("ROTOSCOPE_WIKITEXT2"); e && *e) dirs.emplace_back(e);
    dirs.emplace_back("../shared/data/wikitext-2-raw");
#ifdef ROTOSCOPE_SOURCE_DIR_FOR_DATA
    dirs.emplace_back(fs::path(ROTOSCOPE_SOURCE_DIR_FOR_DATA) / "../shared/data/wikitext-2-raw");
#endif
    dirs.emplace_back(fs::path(user_cache_dir()) / "corpora/wikitext-2-raw");
    return dirs;
}

}  // namespace

std::string find_wikitext2_file(const std::string& file_name) {
    for (const fs::path& d : wikitext2_dirs()) {
        const fs::path p = d / file_name;
        if (fs::is_regular_file(p)) return p.lexically_normal().string();
    }
    return {};
}

std::vector<std::string> corpus_names() { return {"wikitext2", "wikitext2-train", "devils-dictionary"}; }

std::string default_corpus_name() {
    return find_wikitext2_file("wiki.test.joined.txt").empty() ? "devils-dictionary" : "wikitext2";
}

Corpus load_corpus(const std::string& name) {
    Corpus c;
    c.name = name;
    if (name == "wikitext2" || name == "wikitext2-train") {
        const std::string file = name == "wikitext2" ? "wiki.test.joined.txt" : "wiki.train.head-1M.txt";
        c.path = find_wikitext2_file(file);
        if (c.path.empty())
            fail_input(name, "WikiText-2 not found; put " + file + " in $ROTOSCOPE_WIKITEXT2 or " +
                                 (fs::path(user_cache_dir()) / "corpora/wikitext-2-raw").string());
        c.text = read_text_file(c.path);
    } else if (name == "devils-dictionary") {
        c.path = kDevilPath;
        if (!fs::exists(c.path)) fail_input(c.path, "not found; install it with: sudo apt-get install dict-devil");
        c.text = devils_dictionary_text(read_gzip_file(c.path));
    } else {
        if (!fs::exists(name)) fail_input(name, "no such corpus file (named corpora: wikitext2, wikitext2-train, devils-dictionary)");
        if (fs::is_directory(name)) fail_input(name, "is a directory, expected a text file");
        c.path = name;
        c.text = read_text_file(name);
    }
    if (c.text.empty()) fail_input(c.path, "corpus is empty");
    return c;
}

}  // namespace rs
