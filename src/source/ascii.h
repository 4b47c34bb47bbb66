#pragma once
// ASCII case, for the names Docker and Compose compare without case: instructions, stage and
// image names, file names, keys. Inline and independent of the C++ locale (std::tolower is a
// call that consults it for every character; image and word tables ask millions of times in a
// large scan). Bytes outside A-Z, UTF-8 included, are left as they are.
#include <string>
#include <string_view>

namespace clearance::source {

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

constexpr bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

}  // namespace clearance::source
