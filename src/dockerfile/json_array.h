#pragma once
// Internal to src/dockerfile: JSON arrays of strings (the exec form) as Go's json.Unmarshal
// reads them, and the decoding of their strings with a map to where they are written.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dockerfile/runes.h"

namespace clearance::dockerfile::detail {

inline bool json_digit(char c) { return c >= '0' && c <= '9'; }

// A JSON string literal between its quotes, as Go's encoding/json decodes it.
struct JsonString {
  size_t begin = 0;  // content, quotes excluded
  size_t end = 0;
  bool verbatim = true;  // no escape sequence, valid UTF-8
};

inline uint32_t hex4(std::string_view s, size_t i) {
  uint32_t v = 0;
  for (size_t k = i; k < i + 4; ++k) {
    const char c = s[k];
    v <<= 4;
    if (json_digit(c))
      v |= static_cast<uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= static_cast<uint32_t>(c - 'a' + 10);
    else
      v |= static_cast<uint32_t>(c - 'A' + 10);
  }
  return v;
}

inline bool is_hex(char c) {
  return json_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Calls emit(decoded, raw_begin, raw_end) for each run of the string content [begin, end)
// (already validated): plain runs come through as themselves.
template <typename Emit>
void decode_json_content(std::string_view t, size_t begin, size_t end, Emit&& emit) {
  size_t run = begin;
  size_t i = begin;
  auto flush = [&](size_t upto) {
    if (upto > run) emit(t.substr(run, upto - run), run, upto);
  };
  while (i < end) {
    const auto b = static_cast<unsigned char>(t[i]);
    if (b == '\\') {
      flush(i);
      const char c = t[i + 1];
      std::string out;
      size_t len = 2;
      switch (c) {
        case 'b':
          out = "\b";
          break;
        case 'f':
          out = "\f";
          break;
        case 'n':
          out = "\n";
          break;
        case 'r':
          out = "\r";
          break;
        case 't':
          out = "\t";
          break;
        case 'u': {
          char32_t cp = hex4(t, i + 2);
          len = 6;
          if (cp >= 0xD800 && cp < 0xE000) {
            const bool pair = cp < 0xDC00 && i + 12 <= end && t[i + 6] == '\\' && t[i + 7] == 'u' &&
                              hex4(t, i + 8) >= 0xDC00 && hex4(t, i + 8) < 0xE000;
            if (pair) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(t, i + 8) - 0xDC00);
              len = 12;
            } else {
              cp = 0xFFFD;
            }
          }
          append_utf8(out, cp);
          break;
        }
        default:
          out = std::string(1, c);
          break;  // \" \\ \/
      }
      emit(out, i, i + len);
      i += len;
      run = i;
      continue;
    }
    if (b < 0x80) {
      ++i;
      continue;
    }
    const Rune r = decode_rune(t, i);
    if (r.cp == 0xFFFD && r.len == 1) {
      flush(i);
      emit("\xEF\xBF\xBD", i, i + 1);
      run = i + 1;
    }
    i += r.len;
  }
  flush(end);
}

// Go's json.Unmarshal reading a value that must be an array, followed by nothing but JSON
// whitespace. Nested values are validated, not kept.
class JsonArrayReader {
 public:
  enum class Result : uint8_t { kStrings, kNotJson, kNotStrings };

  explicit JsonArrayReader(std::string_view t) : t_(t) {}

  // Reads the array at `begin` (which must be '['), up to `end`.
  Result read(size_t begin, size_t end, std::vector<JsonString>& strings);

 private:
  static constexpr int kMaxDepth = 10000;  // Go's limit; deeper is a syntax error

  void skip_space();
  bool array(std::vector<JsonString>& strings, bool& only_strings);
  bool read_string(JsonString& s);
  bool literal(std::string_view word);
  bool number();
  bool scalar();
  bool key();
  bool nested_value();
  bool after_value(std::vector<char>& open);

  std::string_view t_;
  size_t i_ = 0;
  size_t end_ = 0;
};

}  // namespace clearance::dockerfile::detail
