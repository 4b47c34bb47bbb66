#include "dockerfile/json_array.h"

namespace clearance::dockerfile::detail {

JsonArrayReader::Result JsonArrayReader::read(size_t begin, size_t end,
                                              std::vector<JsonString>& strings) {
  i_ = begin;
  end_ = end;
  if (i_ >= end_ || t_[i_] != '[') return Result::kNotJson;
  bool only_strings = true;
  if (!array(strings, only_strings)) return Result::kNotJson;
  // json.Unmarshal: nothing but whitespace may follow the value (BuildKit used a Decoder, which
  // ignored the rest, until moby/buildkit#5107, in v0.15 and dockerfile:1.9). Text there makes
  // it no JSON at all, even when the array holds other values than strings.
  skip_space();
  if (i_ < end_) return Result::kNotJson;
  return only_strings ? Result::kStrings : Result::kNotStrings;
}

void JsonArrayReader::skip_space() {
  while (i_ < end_ && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) ++i_;
}

// The top-level array, at '['.
bool JsonArrayReader::array(std::vector<JsonString>& strings, bool& only_strings) {
  ++i_;
  skip_space();
  if (i_ < end_ && t_[i_] == ']') return ++i_, true;
  for (;;) {
    skip_space();
    if (i_ >= end_) return false;
    if (t_[i_] == '"') {
      JsonString s;
      if (!read_string(s)) return false;
      strings.push_back(s);
    } else {
      only_strings = false;
      if (!nested_value()) return false;
    }
    skip_space();
    if (i_ >= end_) return false;
    if (t_[i_] == ']') return ++i_, true;
    if (t_[i_] != ',') return false;
    ++i_;
  }
}

bool JsonArrayReader::read_string(JsonString& s) {
  ++i_;
  s.begin = i_;
  while (i_ < end_) {
    const auto c = static_cast<unsigned char>(t_[i_]);
    if (c == '"') {
      s.end = i_++;
      return true;
    }
    if (c < 0x20) return false;
    if (c == '\\') {
      s.verbatim = false;
      if (i_ + 1 >= end_) return false;
      const char e = t_[i_ + 1];
      if (e == 'u') {
        if (i_ + 6 > end_) return false;
        for (size_t k = i_ + 2; k < i_ + 6; ++k)
          if (!is_hex(t_[k])) return false;
        i_ += 6;
        continue;
      }
      if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) return false;
      i_ += 2;
      continue;
    }
    if (c >= 0x80) {
      const Rune r = decode_rune(t_, i_);
      if (r.cp == 0xFFFD && r.len == 1) s.verbatim = false;
      i_ += r.len;
      continue;
    }
    ++i_;
  }
  return false;
}

bool JsonArrayReader::literal(std::string_view word) {
  if (t_.substr(i_, word.size()) != word || i_ + word.size() > end_) return false;
  i_ += word.size();
  return true;
}

bool JsonArrayReader::number() {
  if (i_ < end_ && t_[i_] == '-') ++i_;
  if (i_ >= end_ || !json_digit(t_[i_])) return false;
  if (t_[i_] == '0') {
    ++i_;
  } else {
    while (i_ < end_ && json_digit(t_[i_])) ++i_;
  }
  if (i_ < end_ && t_[i_] == '.') {
    ++i_;
    if (i_ >= end_ || !json_digit(t_[i_])) return false;
    while (i_ < end_ && json_digit(t_[i_])) ++i_;
  }
  if (i_ < end_ && (t_[i_] == 'e' || t_[i_] == 'E')) {
    ++i_;
    if (i_ < end_ && (t_[i_] == '+' || t_[i_] == '-')) ++i_;
    if (i_ >= end_ || !json_digit(t_[i_])) return false;
    while (i_ < end_ && json_digit(t_[i_])) ++i_;
  }
  return true;
}

bool JsonArrayReader::scalar() {
  JsonString s;
  switch (t_[i_]) {
    case '"':
      return read_string(s);
    case 't':
      return literal("true");
    case 'f':
      return literal("false");
    case 'n':
      return literal("null");
    default:
      return number();
  }
}

// `"key" :` inside an object.
bool JsonArrayReader::key() {
  skip_space();
  JsonString k;
  if (i_ >= end_ || t_[i_] != '"' || !read_string(k)) return false;
  skip_space();
  if (i_ >= end_ || t_[i_] != ':') return false;
  ++i_;
  return true;
}

// Any JSON value inside the array, validated iteratively (a stack of open containers, so a
// deeply nested value cannot exhaust the call stack).
bool JsonArrayReader::nested_value() {
  std::vector<char> open;  // '[' or '{'
  for (;;) {
    skip_space();  // a value is expected here
    if (i_ >= end_) return false;
    const char c = t_[i_];
    if (c == '[' || c == '{') {
      if (open.size() + 1 >= kMaxDepth) return false;
      open.push_back(c);
      ++i_;
      skip_space();
      if (i_ >= end_) return false;
      if (t_[i_] == (c == '[' ? ']' : '}')) {
        ++i_;
        open.pop_back();
      } else {
        if (c == '{' && !key()) return false;
        continue;
      }
    } else if (!scalar()) {
      return false;
    }
    if (!after_value(open)) return false;
    if (open.empty()) return true;
  }
}

// After a complete value: closes containers until one continues with ','.
bool JsonArrayReader::after_value(std::vector<char>& open) {
  while (!open.empty()) {
    skip_space();
    if (i_ >= end_) return false;
    const char d = t_[i_++];
    if (d == ',') return open.back() == '[' || key();
    if (d != (open.back() == '[' ? ']' : '}')) return false;
    open.pop_back();
  }
  return true;
}

}  // namespace clearance::dockerfile::detail
