// Text from a file in a one-line message: names of tensors, keys, tokens, architectures. A
// hostile file can put anything there (new lines, escape sequences, invalid UTF-8, megabytes),
// so messages show it through these: control bytes and bytes that are not valid UTF-8 as \xNN,
// and at most `max_bytes` bytes of it, cut at a character boundary, followed by "...".
#pragma once
#include <string>
#include <string_view>

namespace rs {

std::string printable(std::string_view s, size_t max_bytes = 96);
// printable(s) in single quotes: 'blk.0.attn_q.weight'.
std::string in_quotes(std::string_view s, size_t max_bytes = 96);

}  // namespace rs
