#include "dockerfile/text.h"

#include <algorithm>
#include <cstring>

namespace clearance::dockerfile {

Span SpanCursor::span(uint32_t begin, uint32_t end) const {
  const auto size = static_cast<uint32_t>(file_->bytes().size());
  begin = std::min(begin, size);
  end = std::clamp(end, begin, size);
  return Span{file_, begin, end};
}

JoinedText::JoinedText(const SourceFile& file, uint32_t begin, uint32_t end)
    : file_(&file), base_(begin) {
  const std::string_view bytes = file.bytes();
  begin = std::min<uint32_t>(begin, static_cast<uint32_t>(bytes.size()));
  end = std::clamp<uint32_t>(end, begin, static_cast<uint32_t>(bytes.size()));
  base_ = begin;
  text_ = bytes.substr(begin, end - begin);
}

const Piece& JoinedText::piece_at(uint32_t joined_pos, PieceHint* hint) const {
  const std::vector<Piece>& pieces = joined_->pieces;
  const Piece* found = nullptr;
  if (hint) {
    // Usually the same piece as last time, or one of the next few.
    const size_t from = hint->index;
    for (size_t h = from; h < pieces.size() && h < from + 4; ++h) {
      if (joined_pos < pieces[h].text_begin) break;
      if (h + 1 == pieces.size() || joined_pos < pieces[h + 1].text_begin) {
        found = &pieces[h];
        break;
      }
    }
  }
  if (!found) {
    auto it = std::upper_bound(pieces.begin(), pieces.end(), joined_pos,
                               [](uint32_t pos, const Piece& p) { return pos < p.text_begin; });
    if (it != pieces.begin()) --it;
    found = &*it;
  }
  if (hint) {
    hint->index = static_cast<size_t>(found - pieces.data());
    const uint32_t text_end = piece_text_end(*found);
    const bool exact = text_end - found->text_begin == found->source_end - found->source_begin;
    hint->storage = exact ? joined_.get() : nullptr;
    hint->text_begin = found->text_begin;
    hint->text_end = text_end;
    hint->source_begin = found->source_begin;
  }
  return *found;
}

uint32_t JoinedText::piece_text_end(const Piece& p) const {
  const size_t index = &p - joined_->pieces.data();
  return index + 1 < joined_->pieces.size() ? joined_->pieces[index + 1].text_begin
                                            : static_cast<uint32_t>(joined_->text.size());
}

uint32_t JoinedText::source_begin_searched(size_t pos, PieceHint* hint) const {
  if (joined_->pieces.empty()) return 0;
  const auto at = static_cast<uint32_t>(base_ + pos);
  if (at >= joined_->text.size()) return source_end_searched(pos, hint);
  const Piece& p = piece_at(at, hint);
  const uint32_t text_end = piece_text_end(p);
  const bool exact = text_end - p.text_begin == p.source_end - p.source_begin;
  return exact ? p.source_begin + (at - p.text_begin) : p.source_begin;
}

uint32_t JoinedText::source_end_searched(size_t pos, PieceHint* hint) const {
  if (joined_->pieces.empty()) return 0;
  const auto at = static_cast<uint32_t>(base_ + pos);
  if (at == 0) return joined_->pieces.front().source_begin;
  const Piece& p = piece_at(at - 1, hint);
  const uint32_t text_end = piece_text_end(p);
  const bool exact = text_end - p.text_begin == p.source_end - p.source_begin;
  return exact ? p.source_begin + (at - p.text_begin) : p.source_end;
}

Span JoinedText::span_of(size_t begin, size_t end) const {
  if (!file_) return {};
  end = std::clamp(end, std::min(begin, text_.size()), text_.size());
  const uint32_t from = source_begin(begin);
  const uint32_t to = end > begin ? std::max(from, source_end(end)) : from;
  return file_->span(from, to);
}

Span JoinedText::span_of(size_t begin, size_t end, SpanCursor& cursor) const {
  if (!file_) return {};
  end = std::clamp(end, std::min(begin, text_.size()), text_.size());
  const uint32_t from = source_begin(begin, &cursor.piece_hint);
  const uint32_t to = end > begin ? std::max(from, source_end(end, &cursor.piece_hint)) : from;
  return cursor.span(from, to);
}

JoinedText JoinedText::substr(size_t begin, size_t end) const {
  JoinedText out = *this;
  begin = std::min(begin, text_.size());
  end = std::clamp(end, begin, text_.size());
  out.text_ = text_.substr(begin, end - begin);
  out.base_ = base_ + static_cast<uint32_t>(begin);
  return out;
}

void JoinedText::Builder::add_piece(uint32_t source_begin, uint32_t source_end, bool exact) {
  const auto text_begin = static_cast<uint32_t>(text_.size());
  if (exact && last_exact_ && !pieces_.empty() && pieces_.back().source_end == source_begin) {
    pieces_.back().source_end = source_end;  // continues the previous run
    return;
  }
  pieces_.push_back({text_begin, source_begin, source_end});
  last_exact_ = exact;
}

void JoinedText::Builder::materialize() {
  if (!single_) return;
  single_ = false;
  add_piece(single_begin_, single_end_, true);
  text_.append(file_->bytes().substr(single_begin_, single_end_ - single_begin_));
}

void JoinedText::Builder::append_source(uint32_t begin, uint32_t end) {
  if (end <= begin) return;
  if (pieces_.empty() && !single_) {
    single_ = true;
    single_begin_ = begin;
    single_end_ = end;
    return;
  }
  if (single_ && begin == single_end_) {
    single_end_ = end;
    return;
  }
  materialize();
  add_piece(begin, end, true);
  text_.append(file_->bytes().substr(begin, end - begin));
}

void JoinedText::Builder::append_decoded(std::string_view text, uint32_t source_begin,
                                         uint32_t source_end) {
  if (text.empty()) return;
  materialize();
  add_piece(source_begin, source_end, text.size() == source_end - source_begin);
  text_.append(text);
}

void JoinedText::Builder::append(const JoinedText& other, size_t begin, size_t end) {
  end = std::min(end, other.size());
  if (end <= begin) return;
  if (!other.joined_) {
    append_source(other.source_begin(begin), other.source_begin(end));
    return;
  }
  // Walk the other text's pieces that overlap [begin, end).
  const std::vector<Piece>& pieces = other.joined_->pieces;
  const auto from = static_cast<uint32_t>(other.base_ + begin);
  const auto to = static_cast<uint32_t>(other.base_ + end);
  size_t index = &other.piece_at(from) - pieces.data();
  for (uint32_t at = from; at < to; ++index) {
    const Piece& p = pieces[index];
    const uint32_t piece_end = index + 1 < pieces.size()
                                   ? pieces[index + 1].text_begin
                                   : static_cast<uint32_t>(other.joined_->text.size());
    const uint32_t stop = std::min(piece_end, to);
    const std::string_view part = std::string_view(other.joined_->text).substr(at, stop - at);
    if (piece_end - p.text_begin == p.source_end - p.source_begin) {
      append_source(p.source_begin + (at - p.text_begin), p.source_begin + (stop - p.text_begin));
    } else {
      append_decoded(part, p.source_begin, p.source_end);
    }
    at = stop;
  }
}

JoinedText JoinedText::Builder::build() && {
  if (single_) return JoinedText(*file_, single_begin_, single_end_);
  if (pieces_.empty()) return JoinedText(*file_, 0, 0);
  auto storage = std::make_shared<Storage>();
  storage->text = std::move(text_);
  storage->pieces = std::move(pieces_);
  JoinedText out;
  out.file_ = file_;
  out.text_ = storage->text;
  out.base_ = 0;
  out.joined_ = std::move(storage);
  return out;
}

}  // namespace clearance::dockerfile
