#pragma once
// The character classes of Go's unicode package, as BuildKit (written in Go)
// applies them to Dockerfile text.
#include <cstdint>
#include <string>
#include <string_view>

#include "source/utf8.h"

namespace clearance::dockerfile {

using source::append_utf8;
using source::decode_last_rune;
using source::decode_rune;
using source::Rune;

// Go's unicode.IsSpace.
bool is_go_space_slow(char32_t c);
inline bool is_go_space(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return is_go_space_slow(c);
}

// unicode.IsSpace applied to a single byte, as BuildKit does where it indexes a string byte by
// byte (flag and HEALTHCHECK splitting): 0x85 and 0xA0, which are UTF-8 continuation bytes,
// count as spaces there.
inline bool is_go_space_byte(unsigned char b) {
  return b == ' ' || (b >= '\t' && b <= '\r') || b == 0x85 || b == 0xA0;
}

// The whitespace of BuildKit's `[\t\v\f\r ]+` splitting (no line feed, no Unicode spaces).
inline bool is_split_space(char c) {
  return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

// Go's unicode.IsLetter and unicode.IsDigit: exact for ASCII and Latin-1; beyond, a code point
// is a letter unless it is in a punctuation, symbol or space block (no tables), and a digit only
// in the common decimal-digit blocks.
bool is_go_letter(char32_t c);
bool is_go_digit(char32_t c);

// First offset in [begin, end) that is not unicode.IsSpace (end if none), as BuildKit's
// bytes.TrimLeftFunc(s, unicode.IsSpace) trims line starts: U+0085, U+00A0, U+2000-U+200A,
// U+3000 and the other Unicode spaces count, written in UTF-8.
size_t skip_go_space_slow(std::string_view s, size_t begin, size_t end);
inline size_t skip_go_space(std::string_view s, size_t begin, size_t end) {
  while (begin < end && (s[begin] == ' ' || s[begin] == '\t')) ++begin;
  if (begin >= end) return begin;
  // Printable ASCII ends the run here; an ASCII control byte or the lead byte of a multibyte
  // character (which may be a Unicode space) is for the slow path to decide.
  const auto b = static_cast<unsigned char>(s[begin]);
  if (b > ' ' && b < 0x80) return begin;
  return skip_go_space_slow(s, begin, end);
}
// End of [begin, end) with trailing unicode.IsSpace removed (strings.TrimRightFunc).
size_t trim_go_space_right(std::string_view s, size_t begin, size_t end);

}  // namespace clearance::dockerfile
