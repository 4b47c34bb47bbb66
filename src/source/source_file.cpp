#include "source/source_file.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace clearance::source {

std::string_view Span::text() const {
  if (!file) return {};
  return file->bytes().substr(begin, end - begin);
}

bool is_ascii(std::string_view bytes) {
  size_t i = 0;
  for (uint64_t w; i + 8 <= bytes.size(); i += 8) {  // eight bytes at a time
    std::memcpy(&w, bytes.data() + i, 8);
    if (w & 0x8080808080808080ull) return false;
  }
  for (; i < bytes.size(); ++i)
    if (static_cast<unsigned char>(bytes[i]) >= 0x80) return false;
  return true;
}

uint32_t count_code_points(std::string_view bytes) {
  uint32_t continuations = 0;
  const char* p = bytes.data();
  const char* const e = p + bytes.size();
  for (; e - p >= 8; p += 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    // A continuation byte is 10xxxxxx: bit 7 set, bit 6 clear. One mark per such byte, summed.
    const uint64_t marks = (w & ~(w << 1) & 0x8080808080808080ull) >> 7;
    continuations += static_cast<uint32_t>((marks * 0x0101010101010101ull) >> 56);
  }
  for (; p < e; ++p) continuations += (static_cast<unsigned char>(*p) & 0xC0) == 0x80;
  return static_cast<uint32_t>(bytes.size()) - continuations;
}

// The common case in one pass, sixteen bytes at a time: a file without CR, whose line breaks
// are its LFs, and whether it is all ASCII. Returns false, having looked at part of the file
// only, when the file has a CR.
bool LineIndex::index_lf_only(std::string_view bytes) {
  const char* const data = bytes.data();
  const size_t size = bytes.size();
  size_t i = 0;
  bool high_bit = false;
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  for (; i + 16 <= size; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(block, cr)) != 0) return false;
    high_bit |= _mm_movemask_epi8(block) != 0;
    for (auto m = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, lf))); m != 0; m &= m - 1)
      starts_.push_back(static_cast<uint32_t>(i + static_cast<size_t>(std::countr_zero(m)) + 1));
  }
#endif
  for (; i < size; ++i) {
    if (data[i] == '\r') return false;
    high_bit |= static_cast<unsigned char>(data[i]) >= 0x80;
    if (data[i] == '\n') starts_.push_back(static_cast<uint32_t>(i + 1));
  }
  ascii_ = !high_bit;
  return true;
}

LineIndex::LineIndex(std::string_view bytes) {
  starts_.reserve(bytes.size() / 32 + 2);
  starts_.push_back(0);
  if (!index_lf_only(bytes)) {
    // LF, CRLF and a lone CR each end a line, as libyaml counts them (old Mac line endings).
    starts_.resize(1);
    ascii_ = is_ascii(bytes);
    const char* const data = bytes.data();
    const size_t size = bytes.size();
    for (uint32_t i = 0; i < size; ++i) {
      if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
        starts_.push_back(i + 1);
    }
  }
  if (ascii_) return;
  const size_t block = size_t{1} << kCheckpointShift;
  checkpoints_.reserve(bytes.size() / block + 2);
  uint32_t before = 0;
  for (size_t at = 0; at < bytes.size(); at += block) {
    checkpoints_.push_back(before);
    before += count_code_points(bytes.substr(at, block));
  }
  checkpoints_.push_back(before);  // the end, when the size is a whole number of blocks
}

uint32_t LineIndex::code_points_before(std::string_view bytes, uint32_t offset) const {
  const size_t k = std::min<size_t>(offset >> kCheckpointShift, checkpoints_.size() - 1);
  const uint32_t block_start = static_cast<uint32_t>(k << kCheckpointShift);
  return checkpoints_[k] + count_code_points(bytes.substr(block_start, offset - block_start));
}

Position LineIndex::position(std::string_view bytes, uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(bytes.size()));
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line = static_cast<uint32_t>(it - starts_.begin());  // 1-based
  const uint32_t start = starts_[line - 1];
  if (ascii_) return {line, offset - start + 1};
  uint32_t skip = 0;
  if (line == 1 && bytes.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3) skip = 3;
  if (offset - start - skip < 64)  // near the line's start: count directly
    return {line, count_code_points(bytes.substr(start + skip, offset - start - skip)) + 1};
  return {line, code_points_before(bytes, offset) - code_points_before(bytes, start + skip) + 1};
}

uint32_t LineIndex::line_start(uint32_t line) const {
  if (line == 0 || starts_.empty()) return 0;
  return starts_[std::min<size_t>(line, starts_.size()) - 1];
}

std::string_view LineIndex::line_text(std::string_view bytes, uint32_t line) const {
  if (line == 0 || line > starts_.size()) return {};
  uint32_t begin = starts_[line - 1];
  uint32_t end = line < starts_.size() ? starts_[line] : static_cast<uint32_t>(bytes.size());
  while (end > begin && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) --end;
  if (line == 1 && bytes.substr(0, 3) == "\xEF\xBB\xBF") begin = std::min<uint32_t>(3, end);
  return bytes.substr(begin, end - begin);
}

SourceFile::SourceFile(std::string display_path, std::string absolute_path, std::string bytes)
    : path_(std::move(display_path)),
      absolute_path_(std::move(absolute_path)),
      bytes_(std::move(bytes)),
      bom_(bytes_.size() >= 3 && bytes_.compare(0, 3, "\xEF\xBB\xBF") == 0),
      lines_(bytes_) {}

Span SourceFile::span(uint32_t begin, uint32_t end) const {
  const auto size = static_cast<uint32_t>(bytes_.size());
  begin = std::min(begin, size);
  end = std::clamp(end, begin, size);
  return Span{this, begin, end};
}

Position Span::start() const { return file ? file->position(begin) : Position{}; }
Position Span::stop() const { return file ? file->position(end) : Position{}; }

}  // namespace clearance::source
