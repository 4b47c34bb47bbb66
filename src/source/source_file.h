#pragma once
// A file as read from disk: owns its bytes; every Span points into one of these.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace clearance::source {

// 1-based line and column; columns count Unicode code points (SARIF "unicodeCodePoints").
struct Position {
  uint32_t line = 0;
  uint32_t column = 0;
};

class SourceFile;

// A half-open byte range [begin, end) in one SourceFile. Its line:column ends are worked out
// from the file's line index when asked (for a finding that is reported, a suppression
// comment, a message): a scan makes spans for nearly every word it reads and reports few.
struct Span {
  const SourceFile* file = nullptr;
  uint32_t begin = 0;
  uint32_t end = 0;

  bool valid() const { return file != nullptr; }
  std::string_view text() const;
  Position start() const;  // {0, 0} without a file
  Position stop() const;
};

// Maps byte offsets to line:column. Built once per file; lookups are a binary search, and in a
// file that is not all ASCII a count of code points from the last 1 KiB checkpoint (a 10 MB
// file may be one line, and each finding on it asks).
class LineIndex {
 public:
  LineIndex() = default;
  explicit LineIndex(std::string_view bytes);
  Position position(std::string_view bytes, uint32_t offset) const;
  uint32_t line_start(uint32_t line) const;  // 1-based line -> byte offset
  uint32_t line_count() const { return static_cast<uint32_t>(starts_.size()); }
  // The text of a 1-based line without its line break.
  std::string_view line_text(std::string_view bytes, uint32_t line) const;
  // Every byte is ASCII: a column is a byte count (most files are so).
  bool ascii() const { return ascii_; }

 private:
  bool index_lf_only(std::string_view bytes);
  // Code points in bytes [0, offset), from the checkpoints.
  uint32_t code_points_before(std::string_view bytes, uint32_t offset) const;

  static constexpr unsigned kCheckpointShift = 10;
  std::vector<uint32_t> starts_;
  std::vector<uint32_t> checkpoints_;  // non-ASCII files: code points before each 1 KiB block
  bool ascii_ = true;
};

class SourceFile {
 public:
  SourceFile(std::string display_path, std::string absolute_path, std::string bytes);

  const std::string& path() const { return path_; }  // relative to the scan root, '/' separators
  const std::string& absolute_path() const { return absolute_path_; }
  std::string_view bytes() const { return bytes_; }
  const LineIndex& lines() const { return lines_; }
  // Offset of the first byte after a UTF-8 BOM (0 or 3).
  uint32_t content_start() const { return bom_ ? 3 : 0; }
  bool has_bom() const { return bom_; }
  // Every byte is ASCII (then no BOM either): byte offsets, characters and columns agree.
  bool is_ascii() const { return lines_.ascii(); }

  Span span(uint32_t begin, uint32_t end) const;
  Position position(uint32_t offset) const { return lines_.position(bytes_, offset); }
  std::string_view line_text(uint32_t line) const { return lines_.line_text(bytes_, line); }

 private:
  std::string path_;
  std::string absolute_path_;
  std::string bytes_;
  bool bom_ = false;
  LineIndex lines_;
};

using SourceFilePtr = std::shared_ptr<const SourceFile>;

// Counts code points in a UTF-8 byte range (continuation bytes are not counted).
uint32_t count_code_points(std::string_view bytes);
// Whether every byte is below 0x80.
bool is_ascii(std::string_view bytes);

}  // namespace clearance::source
