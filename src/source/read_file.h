#pragma once
// Reading files from disk, bounded.
#include <cstdint>
#include <string>

#include "source/source_file.h"

namespace clearance::source {

inline constexpr uint64_t kDefaultMaxFileSize = 10ull * 1024 * 1024;

struct ReadResult {
  SourceFilePtr file;   // set on success; on a size-limit refusal, an empty file to point at
  std::string error;    // I/O error or limit message
  bool too_large = false;
};

// Reads `absolute_path`, shown to users as `display_path`. Files over `max_size` are refused
// without being read.
ReadResult read_source_file(const std::string& absolute_path, const std::string& display_path,
                            uint64_t max_size = kDefaultMaxFileSize);

}  // namespace clearance::source
