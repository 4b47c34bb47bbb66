#include "dockerfile/runes.h"

namespace clearance::dockerfile {


bool is_go_space_slow(char32_t c) {
  switch (c) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

bool is_go_letter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c < 0x100)
    return c == 0xAA || c == 0xB5 || c == 0xBA || (c >= 0xC0 && c != 0xD7 && c != 0xF7);
  if (c == 0xFFFD || is_go_space(c) || is_go_digit(c)) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;    // punctuation, symbols, arrows, box drawing
  if (c >= 0x3000 && c <= 0x303F) return false;    // CJK punctuation
  if (c >= 0xFE00 && c <= 0xFE6F) return false;    // variation selectors, small forms
  if (c >= 0x1F000 && c <= 0x1FAFF) return false;  // emoji and pictographs
  return true;
}

bool is_go_digit(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  // The decimal-digit (Nd) blocks of the common scripts.
  static constexpr char32_t kZeros[] = {0x660, 0x6F0,  0x7C0,  0x966,  0x9E6,  0xA66,  0xAE6,
                                        0xB66, 0xBE6,  0xC66,  0xCE6,  0xD66,  0xE50,  0xED0,
                                        0xF20, 0x1040, 0x17E0, 0x1810, 0xFF10, 0x1D7CE};
  for (char32_t zero : kZeros)
    if (c >= zero && c <= zero + 9) return true;
  return false;
}

size_t skip_go_space_slow(std::string_view s, size_t begin, size_t end) {
  while (begin < end) {
    const auto b = static_cast<unsigned char>(s[begin]);
    if (b < 0x80) {
      if (!is_go_space(b)) break;
      ++begin;
      continue;
    }
    const Rune r = decode_rune(s, begin);
    if (!is_go_space(r.cp)) break;
    begin += r.len;
  }
  return begin;
}

size_t trim_go_space_right(std::string_view s, size_t begin, size_t end) {
  while (end > begin) {
    const auto b = static_cast<unsigned char>(s[end - 1]);
    if (b < 0x80) {
      if (!is_go_space(b)) break;
      --end;
      continue;
    }
    const Rune r = decode_last_rune(s.substr(0, end), end);
    if (!is_go_space(r.cp) || end - r.len < begin) break;
    end -= r.len;
  }
  return end;
}

}  // namespace clearance::dockerfile
