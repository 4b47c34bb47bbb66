#pragma once
// Shared by the Dockerfile fuzz targets: a span must lie inside its file, and the line:column
// worked out for its ends must be in order, on lines of the file.
#include "source/source_file.h"

namespace clearance::fuzz {

inline void check_span(const source::Span& s) {
  if (!s.file) return;
  const std::string_view bytes = s.file->bytes();
  if (s.begin > s.end || s.end > bytes.size()) __builtin_trap();
  const source::Position start = s.start(), stop = s.stop();
  if (start.line == 0 || start.column == 0 || stop.line < start.line ||
      (stop.line == start.line && stop.column < start.column) || stop.line > s.file->lines().line_count())
    __builtin_trap();
}

}  // namespace clearance::fuzz
