#pragma once
// Text taken from a source file, possibly in pieces (an instruction's lines joined across
// continuations, a quoted word without its quotes), with the map back to the file's bytes.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "source/source_file.h"

namespace clearance::dockerfile {

using source::Position;
using source::SourceFile;
using source::Span;

// Line:column positions for offsets visited mostly in increasing order. LineIndex counts code
// points from the start of the line on every lookup, which is quadratic on a long line with
// many words; the cursor counts only the bytes between consecutive lookups on the same line.
class PositionCursor {
 public:
  explicit PositionCursor(const SourceFile& file) : file_(&file) {}

  Position at(uint32_t offset);
  Span span(uint32_t begin, uint32_t end);

 private:
  const SourceFile* file_;
  bool valid_ = false;
  uint32_t offset_ = 0;
  Position position_;
  uint32_t line_begin_ = 0;  // columns may be counted incrementally within [line_begin_, line_end_)
  uint32_t line_end_ = 0;
};

// One run of the text: text bytes from `text_begin` up to the next piece's `text_begin` came
// from source bytes [source_begin, source_end). When the lengths differ (an escape sequence
// decoded to fewer bytes), a position inside the run maps to the run's ends.
struct Piece {
  uint32_t text_begin = 0;
  uint32_t source_begin = 0;
  uint32_t source_end = 0;
};

// Text with a map to the bytes of the file it came from. Cheap to copy: a single run of source
// bytes is a view into the file; text assembled from several runs is shared, never copied.
// Everything here points into the SourceFile: keep the file alive while using it.
class JoinedText {
 public:
  class Builder;

  JoinedText() = default;
  // Source bytes [begin, end) as they are.
  JoinedText(const SourceFile& file, uint32_t begin, uint32_t end);

  std::string_view str() const { return text_; }
  size_t size() const { return text_.size(); }
  bool empty() const { return text_.empty(); }
  const SourceFile* file() const { return file_; }
  // True when the text is exactly the source bytes at span().
  bool contiguous() const { return !joined_; }

  // The byte range in the file behind text [begin, end).
  uint32_t source_begin(size_t pos) const;
  uint32_t source_end(size_t pos) const;  // for an end position: just after the byte before pos
  // Where text [begin, end) is written in the file; spans several lines when the text was
  // joined across continuations.
  Span span_of(size_t begin, size_t end) const;
  Span span_of(size_t begin, size_t end, PositionCursor& cursor) const;
  Span span() const { return span_of(0, text_.size()); }

  // Text [begin, end) with its map (end is clamped to size()).
  JoinedText substr(size_t begin, size_t end = std::string_view::npos) const;

 private:
  struct Storage {
    std::string text;
    std::vector<Piece> pieces;  // sorted by text_begin; the first starts at 0
  };
  const Piece& piece_at(uint32_t joined_pos) const;

  const SourceFile* file_ = nullptr;
  std::string_view text_;
  uint32_t base_ = 0;          // joined: offset of text_ in joined_->text; contiguous: source offset
  std::shared_ptr<const Storage> joined_;
};

// Assembles a JoinedText from runs of source bytes, decoded text and parts of other texts.
// Adjacent runs of consecutive source bytes merge, so text that turns out to be one run stays a
// view into the file.
class JoinedText::Builder {
 public:
  explicit Builder(const SourceFile& file) : file_(&file) {}

  // Source bytes [begin, end) as they are.
  void append_source(uint32_t begin, uint32_t end);
  // `text`, produced from source bytes [source_begin, source_end) (an escape sequence).
  void append_decoded(std::string_view text, uint32_t source_begin, uint32_t source_end);
  // Text [begin, end) of `other`, keeping its map.
  void append(const JoinedText& other, size_t begin, size_t end);

  size_t size() const { return text_.size(); }
  JoinedText build() &&;

 private:
  void add_piece(uint32_t source_begin, uint32_t source_end, bool exact);

  const SourceFile* file_;
  std::string text_;
  std::vector<Piece> pieces_;
  bool last_exact_ = false;
};

}  // namespace clearance::dockerfile
