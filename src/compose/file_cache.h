#pragma once
// Compose files that several projects of one run read: an `include`d file, an `extends` base,
// a file that is also checked on its own. Each is read and parsed once per run; every project
// that reads it interpolates a copy of the parsed tree with its own environment.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "source/source_file.h"
#include "yaml/node.h"

namespace clearance::compose {

class FileCache {
 public:
  struct Entry {
    source::SourceFilePtr file;
    std::shared_ptr<const yaml::Document> document;  // as parsed, before interpolation
  };

  // The cache keeps at most `max_bytes` of source text (and the trees parsed from it).
  explicit FileCache(uint64_t max_bytes = 4ull * 1024 * 1024) : max_bytes_(max_bytes) {}

  std::optional<Entry> find(const std::string& absolute_path) const;
  // Keeps `entry` unless the cache is full or already has the path. Safe from any thread.
  void insert(const std::string& absolute_path, Entry entry);

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  uint64_t bytes_ = 0;
  uint64_t max_bytes_;
};

}  // namespace clearance::compose
