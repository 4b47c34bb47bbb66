#pragma once
// Compose files that several projects of one run read: an `include`d file, an `extends` base,
// a file that is also checked on its own. Each is read and parsed once per run; every project
// that reads it interpolates a copy of the parsed tree with its own environment.
#include <cstdint>
#include <list>
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

  // The bound is on the memory the entries take (bytes_of: a parsed tree takes ten to twenty
  // times its source text), not on the text: a cache of 4 MB of text held 17 MB of trees at the
  // peak of a 10x corpus scan, and was no faster than this one. When full, the entry used
  // longest ago makes room: a scan reads a repository's projects one after the other, and the
  // files they share with them.
  explicit FileCache(uint64_t max_bytes = 2ull * 1024 * 1024) : max_bytes_(max_bytes) {}

  std::optional<Entry> find(const std::string& absolute_path) const;
  // Keeps `entry` unless it alone is larger than the cache or the path is there already. Safe
  // from any thread.
  void insert(const std::string& absolute_path, Entry entry);
  // The memory an entry is counted as taking.
  static uint64_t bytes_of(const Entry& entry);

 private:
  struct Slot {
    Entry entry;
    uint64_t bytes = 0;
    std::list<std::string>::iterator use;  // its place in uses_
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Slot> entries_;
  mutable std::list<std::string> uses_;  // most recently used first
  uint64_t bytes_ = 0;
  uint64_t max_bytes_;
};

}  // namespace clearance::compose
