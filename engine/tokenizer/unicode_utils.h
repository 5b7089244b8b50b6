// UTF-8 and Unicode helpers shared by the tokenizers: code-point decoding, the GPT-2
// bytes_to_unicode mapping and NFC normalisation (Qwen2's normalizer).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace rs::unicode {

constexpr uint32_t kReplacementChar = 0xFFFD;

// Length of the UTF-8 sequence announced by a lead byte (1 for stray continuation bytes, so
// that callers always make progress).
size_t utf8_seq_len(unsigned char lead);

// Decodes the code point at s[pos] and advances pos. An invalid or truncated sequence yields
// U+FFFD and advances by one byte, so malformed input never stalls a loop.
uint32_t next_code_point(std::string_view s, size_t& pos, bool* valid = nullptr);

void append_utf8(std::string& out, uint32_t cp);

// True when the whole string is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Makes arbitrary bytes safe for the regex engine the way llama.cpp reads text: sequences are
// decoded by their structure alone (overlong forms and surrogates keep the code point they
// spell, re-encoded), and each byte that starts no complete sequence becomes U+FFFD.
std::string sanitize_utf8(std::string_view s);

// GPT-2 byte-level mapping: byte -> UTF-8 text of its printable stand-in code point.
const std::array<std::string, 256>& byte_to_unicode_table();
// Inverse for one code point: the byte it stands for, or -1 if it is not a stand-in.
int unicode_to_byte(uint32_t cp);

// Canonical composition (Unicode NFC, tables from Unicode 14). Text that is already NFC,
// which is nearly all real text, is returned unchanged after a quick scan.
std::string nfc(std::string_view s);

}  // namespace rs::unicode
