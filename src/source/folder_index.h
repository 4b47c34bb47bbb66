#pragma once
// What discovery read of the folders it walked, kept for the rest of the run: a build context's
// listing, "is there a .dockerignore", and the file names of a folder are answered from it
// without reading the folder again (in a scan of a tree, each of those was a second read of
// folders discovery had just read: a tenth of the run). A folder it does not hold (not walked:
// a file list, `vendor/`, a context outside the scan) is read from the disk as before.
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "source/folders.h"

namespace clearance::source {

struct FolderEntry {
  std::string name;
  EntryType type;
};

class FolderIndex {
 public:
  // Entries past this many are not kept (a tree of millions of files): folders beyond it are
  // read from the disk when asked.
  static constexpr size_t kMaxEntries = 2'000'000;

  // Keeps the entries of `folder` (absolute, as walked), sorted by name. Not thread-safe:
  // filled by one thread, then only read.
  void add(std::string folder, std::vector<FolderEntry> entries) {
    if (entries_ + entries.size() > kMaxEntries) return;
    entries_ += entries.size();
    std::sort(entries.begin(), entries.end(), [](const FolderEntry& a, const FolderEntry& b) { return a.name < b.name; });
    folders_.emplace(std::move(folder), std::move(entries));
  }

  // The entries of `folder`, sorted by name, or null when it was not read.
  const std::vector<FolderEntry>* entries(std::string_view folder) const {
    auto it = folders_.find(std::string(folder));
    return it == folders_.end() ? nullptr : &it->second;
  }

  // The entry `name` of a folder that was read, or null (also when it has no such entry).
  static const FolderEntry* find(const std::vector<FolderEntry>& entries, std::string_view name) {
    auto it = std::lower_bound(entries.begin(), entries.end(), name,
                               [](const FolderEntry& e, std::string_view n) { return e.name < n; });
    return it != entries.end() && it->name == name ? &*it : nullptr;
  }

 private:
  std::unordered_map<std::string, std::vector<FolderEntry>> folders_;
  size_t entries_ = 0;
};

}  // namespace clearance::source
