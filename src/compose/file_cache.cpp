#include "compose/file_cache.h"

namespace clearance::compose {

std::optional<FileCache::Entry> FileCache::find(const std::string& absolute_path) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(absolute_path);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void FileCache::insert(const std::string& absolute_path, Entry entry) {
  if (!entry.file || !entry.document) return;
  const uint64_t size = entry.file->bytes().size();
  std::lock_guard lock(mutex_);
  if (bytes_ + size > max_bytes_ || entries_.count(absolute_path)) return;
  bytes_ += size;
  entries_.emplace(absolute_path, std::move(entry));
}

}  // namespace clearance::compose
