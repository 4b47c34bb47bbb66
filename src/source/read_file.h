#pragma once
// Reading files from disk, bounded.
#include <cstdint>
#include <optional>
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
// The bytes of a regular file of at most `max_size` bytes, or nullopt (missing, unreadable, a
// folder, a FIFO, too large): for a look at a file, without a SourceFile's line index.
std::optional<std::string> read_bytes(const std::string& path, uint64_t max_size = kDefaultMaxFileSize);
// The same for a regular file already opened as `fd` (closed here) whose size is `size`.
ReadResult read_opened_file(int fd, uint64_t size, const std::string& absolute_path,
                            const std::string& display_path, uint64_t max_size = kDefaultMaxFileSize);

}  // namespace clearance::source
