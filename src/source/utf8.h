#pragma once
// UTF-8 as Go reads it (utf8.DecodeRuneInString and kin): the env-file reader (compose-go) and
// the Dockerfile front end (BuildKit) both follow Go, and both decode with these.
#include <cstdint>
#include <string>
#include <string_view>

namespace clearance::source {

struct Rune {
  char32_t cp = 0;
  uint32_t len = 0;  // bytes taken from the input; an invalid byte reads as U+FFFD of length 1
};

// Decodes the code point at `i` (< s.size()) as Go's utf8.DecodeRuneInString does.
Rune decode_rune(std::string_view s, size_t i);

// The code point that ends just before `end` (> 0), as utf8.DecodeLastRuneInString does.
Rune decode_last_rune(std::string_view s, size_t end);

// Appends `cp` encoded as UTF-8.
void append_utf8(std::string& out, char32_t cp);

}  // namespace clearance::source
