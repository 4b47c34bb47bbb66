#pragma once
// Shared by the Dockerfile fuzz targets: a span must lie inside its file, and its line:column
// positions must be the ones LineIndex computes for its offsets.
#include "source/source_file.h"

namespace clearance::fuzz {

inline void check_span(const source::Span& s) {
  if (!s.file) return;
  const std::string_view bytes = s.file->bytes();
  if (s.begin > s.end || s.end > bytes.size()) __builtin_trap();
  const source::Position start = s.file->lines().position(bytes, s.begin);
  const source::Position stop = s.file->lines().position(bytes, s.end);
  if (start.line != s.start.line || start.column != s.start.column) __builtin_trap();
  if (stop.line != s.stop.line || stop.column != s.stop.column) __builtin_trap();
}

}  // namespace clearance::fuzz
