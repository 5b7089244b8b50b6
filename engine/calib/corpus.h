// Named corpora. A corpus argument is either a path to a UTF-8 text file or one of these names:
//   wikitext2        WikiText-2 raw test split, joined with "\n\n" (wiki.test.joined.txt)
//   wikitext2-train  the first 1 MB of the WikiText-2 train split (wiki.train.head-1M.txt), for calibration
//   devils-dictionary  Ambrose Bierce, "The Devil's Dictionary" (1911, public domain), shipped by
//                    Debian's dict-devil package as /usr/share/dictd/devil.dict.dz
// WikiText-2 is looked up in $ROTOSCOPE_WIKITEXT2 (a directory holding the files), then in
// ../shared/data/wikitext-2-raw/ (relative to the working directory and to the source checkout),
// then in <cache>/corpora/wikitext-2-raw/.
#pragma once
#include <string>
#include <vector>

namespace rs {

struct Corpus {
    std::string name;  // the name asked for, or the path
    std::string path;  // the file read
    std::string text;
};

// Where a WikiText-2 file would be found; empty when none of the places has it.
std::string find_wikitext2_file(const std::string& file_name);
// Loads a named corpus or a text file; BadInput with where-to-put-it advice when missing.
Corpus load_corpus(const std::string& name_or_path);
// "wikitext2" when WikiText-2 is present, else "devils-dictionary".
std::string default_corpus_name();
std::vector<std::string> corpus_names();

}  // namespace rs
