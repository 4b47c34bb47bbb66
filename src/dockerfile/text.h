#pragma once
// Text taken from a source file, possibly in pieces (an instruction's lines joined across
// continuations, a quoted word without its quotes), with the map back to the file's bytes.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "source/source_file.h"

namespace clearance::dockerfile {

using source::Position;
using source::SourceFile;
using source::Span;

// Where a JoinedText lookup found its piece, for the next lookup, which is usually in the same
// piece or one of the next few (a reader asks in text order): the piece's index, and when its
// text is its source bytes as they are, the piece itself, so that an offset in it maps inline.
struct PieceHint {
  size_t index = 0;
  const void* storage = nullptr;  // the joined text the cached piece is of; null: none cached
  uint32_t text_begin = 0;        // the cached piece: joined text [text_begin, text_end) is
  uint32_t text_end = 0;          // source bytes from source_begin on
  uint32_t source_begin = 0;
};

// Makes spans of a file's bytes for a reader that goes through it mostly in order: it keeps
// where the last JoinedText lookup found its piece, so that the next one needs no search.
class SpanCursor {
 public:
  explicit SpanCursor(const SourceFile& file) : file_(&file) {}

  // Source bytes [begin, end), clamped to the file.
  Span span(uint32_t begin, uint32_t end) const;

  // Where the last JoinedText lookup made with this cursor found its piece (see
  // JoinedText::source_begin).
  PieceHint piece_hint;

 private:
  const SourceFile* file_;
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
  uint32_t source_begin(size_t pos) const { return source_begin(pos, nullptr); }
  uint32_t source_end(size_t pos) const { return source_end(pos, nullptr); }
  // The same, starting the piece search at *hint (and leaving the found piece there): a reader
  // that asks in text order finds each piece in constant time, and an offset in the piece of
  // the last lookup without a call (the shell reader asks twice per word).
  uint32_t source_begin(size_t pos, PieceHint* hint) const {
    if (pos > text_.size()) pos = text_.size();
    if (!joined_) return base_ + static_cast<uint32_t>(pos);
    const auto at = static_cast<uint32_t>(base_ + pos);
    if (hint && hint->storage == joined_.get() && at >= hint->text_begin && at < hint->text_end)
      return hint->source_begin + (at - hint->text_begin);
    return source_begin_searched(pos, hint);
  }
  uint32_t source_end(size_t pos, PieceHint* hint) const {  // just after the byte before pos
    if (pos > text_.size()) pos = text_.size();
    if (!joined_) return base_ + static_cast<uint32_t>(pos);
    const auto at = static_cast<uint32_t>(base_ + pos);
    if (hint && hint->storage == joined_.get() && at > hint->text_begin && at <= hint->text_end)
      return hint->source_begin + (at - hint->text_begin);
    return source_end_searched(pos, hint);
  }
  // Where text [begin, end) is written in the file; spans several lines when the text was
  // joined across continuations.
  Span span_of(size_t begin, size_t end) const;
  Span span_of(size_t begin, size_t end, SpanCursor& cursor) const;
  Span span() const { return span_of(0, text_.size()); }

  // Text [begin, end) with its map (end is clamped to size()).
  JoinedText substr(size_t begin, size_t end = std::string_view::npos) const;

 private:
  struct Storage {
    std::string text;
    std::vector<Piece> pieces;  // sorted by text_begin; the first starts at 0
  };
  const Piece& piece_at(uint32_t joined_pos, PieceHint* hint = nullptr) const;
  // The end of piece `p` in the joined text.
  uint32_t piece_text_end(const Piece& p) const;
  // source_begin and source_end when the hint's piece does not hold the position.
  uint32_t source_begin_searched(size_t pos, PieceHint* hint) const;
  uint32_t source_end_searched(size_t pos, PieceHint* hint) const;

  const SourceFile* file_ = nullptr;
  std::string_view text_;
  uint32_t base_ = 0;  // joined: offset of text_ in joined_->text; contiguous: source offset
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

  size_t size() const { return single_ ? single_end_ - single_begin_ : text_.size(); }
  // Room for `bytes` of text in `pieces` runs.
  void reserve(size_t bytes, size_t pieces) {
    text_.reserve(bytes);
    pieces_.reserve(pieces);
  }
  JoinedText build() &&;

 private:
  void add_piece(uint32_t source_begin, uint32_t source_end, bool exact);
  // Copies the single run into text_: from now on the text is assembled.
  void materialize();

  const SourceFile* file_;
  // While the text is one run of source bytes (the common case: an instruction on one line),
  // nothing is copied or allocated.
  bool single_ = false;
  uint32_t single_begin_ = 0;
  uint32_t single_end_ = 0;
  std::string text_;
  std::vector<Piece> pieces_;
  bool last_exact_ = false;
};

}  // namespace clearance::dockerfile
