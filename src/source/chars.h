#pragma once
// Searching text for any of a few characters. std::string_view::find_first_of calls memchr on
// the set once per character of the text, which profiles of large scans showed: these scan the
// text once, with the set as a bitmap.
#include <array>
#include <cstdint>
#include <string_view>

namespace clearance::source {

class CharSet {
 public:
  constexpr explicit CharSet(std::string_view chars) {
    for (char c : chars) {
      const auto b = static_cast<unsigned char>(c);
      bits_[b >> 6] |= uint64_t{1} << (b & 63);
    }
  }
  constexpr bool contains(char c) const {
    const auto b = static_cast<unsigned char>(c);
    return (bits_[b >> 6] >> (b & 63)) & 1;
  }

 private:
  std::array<uint64_t, 4> bits_{};
};

// The first position at or after `from` of a character of `set`, or npos.
constexpr size_t find_any(std::string_view text, const CharSet& set, size_t from = 0) {
  for (size_t i = from; i < text.size(); ++i)
    if (set.contains(text[i])) return i;
  return std::string_view::npos;
}

constexpr bool contains_any(std::string_view text, const CharSet& set) {
  return find_any(text, set) != std::string_view::npos;
}

}  // namespace clearance::source
