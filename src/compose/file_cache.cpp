#include "compose/file_cache.h"

namespace clearance::compose {

uint64_t FileCache::bytes_of(const Entry& entry) {
  // The text (and about as much again in the tree's strings), and the tree's nodes.
  return 2 * entry.file->bytes().size() + entry.document->arena.size() * (sizeof(yaml::Node) + 2 * sizeof(void*));
}

std::optional<FileCache::Entry> FileCache::find(const std::string& absolute_path) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(absolute_path);
  if (it == entries_.end()) return std::nullopt;
  uses_.splice(uses_.begin(), uses_, it->second.use);
  return it->second.entry;
}

void FileCache::insert(const std::string& absolute_path, Entry entry) {
  if (!entry.file || !entry.document) return;
  const uint64_t bytes = bytes_of(entry);
  if (bytes > max_bytes_) return;
  std::lock_guard lock(mutex_);
  if (entries_.count(absolute_path)) return;
  while (bytes_ + bytes > max_bytes_ && !uses_.empty()) {  // the least recently used goes
    auto oldest = entries_.find(uses_.back());
    bytes_ -= oldest->second.bytes;
    entries_.erase(oldest);
    uses_.pop_back();
  }
  uses_.push_front(absolute_path);
  entries_.emplace(absolute_path, Slot{std::move(entry), bytes, uses_.begin()});
  bytes_ += bytes;
}

}  // namespace clearance::compose
