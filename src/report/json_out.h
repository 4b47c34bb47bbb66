#pragma once
// A small streaming JSON writer. The reports stream one finding at a time so that memory does
// not grow with the number of findings; nlohmann-json builds whole documents (and spends most
// of a large run allocating and freeing them), so it is kept for the small, fixed parts.
#include <charconv>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace clearance::report {

class JsonOut {
 public:
  explicit JsonOut(std::ostream& out) : out_(&out) { buf_.reserve(kFlushAt + 4096); }
  // Writes into `text` (appending), for a piece formatted apart from the document.
  explicit JsonOut(std::string& text) : buf_(std::move(text)), target_(&text) {
    buf_.reserve(buf_.size() + 512);  // one finding's worth: avoids regrowing on the hot path
  }
  ~JsonOut() {
    if (target_) *target_ = std::move(buf_);
    else flush();
  }
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  // Hands what is buffered to the stream; called on its own every 64 KiB and at the end.
  void flush() {
    if (!out_) return;
    out_->write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

  JsonOut& begin_object() { return open('{'); }
  JsonOut& end_object() { return close('}'); }
  JsonOut& begin_array() { return open('['); }
  JsonOut& end_array() { return close(']'); }

  // Keys are the reports' own literals, never input text: they need no escaping.
  JsonOut& key(std::string_view k) {
    separate();
    buf_ += '"';
    buf_ += k;
    buf_ += "\":";
    after_key_ = true;
    return *this;
  }
  JsonOut& value(std::string_view s) {
    separate();
    escape(s, buf_);
    maybe_flush();
    return *this;
  }
  JsonOut& value(const char* s) { return value(std::string_view(s)); }
  JsonOut& value(const std::string& s) { return value(std::string_view(s)); }
  JsonOut& value(uint64_t n) {
    separate();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    buf_.append(digits, static_cast<size_t>(end - digits));
    return *this;
  }
  JsonOut& value(uint32_t n) { return value(static_cast<uint64_t>(n)); }
  JsonOut& value(int n) {
    separate();
    char digits[16];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    buf_.append(digits, static_cast<size_t>(end - digits));
    return *this;
  }
  JsonOut& value(bool b) {
    separate();
    buf_ += b ? "true" : "false";
    return *this;
  }
  JsonOut& null() {
    separate();
    buf_ += "null";
    return *this;
  }
  // Already-serialised JSON (a fixed part built elsewhere).
  JsonOut& raw(std::string_view json) {
    separate();
    buf_ += json;
    maybe_flush();
    return *this;
  }
  // A line break before the next element, so that large arrays read one element per line.
  JsonOut& newline() {
    pending_newline_ = true;
    return *this;
  }

  // Escapes per RFC 8259; invalid UTF-8 from scanned files becomes U+FFFD.
  static void escape(std::string_view s, std::string& out);

 private:
  JsonOut& open(char c) {
    separate();
    buf_ += c;
    first_.push_back(true);
    return *this;
  }
  JsonOut& close(char c) {
    if (!first_.empty()) first_.pop_back();
    if (pending_newline_) buf_ += '\n';
    pending_newline_ = false;
    buf_ += c;
    return *this;
  }
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_.empty()) {
      if (!first_.back()) buf_ += ',';
      first_.back() = false;
    }
    if (pending_newline_) buf_ += '\n';
    pending_newline_ = false;
  }
  void maybe_flush() {
    if (out_ && buf_.size() >= kFlushAt) flush();
  }

  static constexpr size_t kFlushAt = 64 * 1024;

  std::ostream* out_ = nullptr;
  std::vector<bool> first_;
  std::string buf_;
  std::string* target_ = nullptr;
  bool after_key_ = false;
  bool pending_newline_ = false;
};

}  // namespace clearance::report
