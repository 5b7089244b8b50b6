// Per-user locations. ROTOSCOPE_CACHE overrides the cache root (tests and CI use it).
#pragma once
#include <string>

namespace rs {

// $ROTOSCOPE_CACHE, else $XDG_CACHE_HOME/rotoscope, else ~/.cache/rotoscope.
std::string user_cache_dir();
// True when `child`, after lexical normalisation, lies inside `dir`.
bool path_is_within(const std::string& dir, const std::string& child);

}  // namespace rs
