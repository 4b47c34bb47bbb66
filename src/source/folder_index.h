#pragma once
// What discovery read of the folders it walked, kept for the rest of the run: a build context's
// listing, "is there a .dockerignore", and the file names of a folder are answered from it
// without reading the folder again (in a scan of a tree, each of those was a second read of
// folders discovery had just read: a tenth of the run). A folder it does not hold (not walked:
// a file list, `vendor/`, a context outside the scan) is read from the disk as before.
#include <fcntl.h>  // AT_FDCWD
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <functional>
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

  explicit FolderIndex(size_t max_entries = kMaxEntries) : max_entries_(max_entries) {}

  // Keeps the entries of `folder` (absolute, as walked), sorted by name. Not thread-safe:
  // filled by one thread, then only read.
  void add(std::string folder, std::vector<FolderEntry> entries) {
    if (entries_ + entries.size() > max_entries_) return;
    entries_ += entries.size();
    std::sort(entries.begin(), entries.end(), [](const FolderEntry& a, const FolderEntry& b) { return a.name < b.name; });
    folders_.emplace(std::move(folder), std::move(entries));
  }

  // The entries of `folder`, sorted by name, or null when it was not read.
  const std::vector<FolderEntry>* entries(std::string_view folder) const {
    auto it = folders_.find(folder);
    return it == folders_.end() ? nullptr : &it->second;
  }

  // What `path` (absolute) is, as far as the index tells without a system call.
  enum class State : uint8_t {
    kUnknown,  // its folder was not read, or it is a link (ask the disk)
    kAbsent,
    kFolder,
    kOther,    // a file, or another kind that is not a folder (ask the disk when it matters)
  };
  State state(std::string_view path) const {
    const size_t slash = path.rfind('/');
    if (slash == std::string_view::npos || slash + 1 == path.size()) return State::kUnknown;
    const std::vector<FolderEntry>* known = entries(slash == 0 ? std::string_view("/") : path.substr(0, slash));
    if (!known) return State::kUnknown;
    const FolderEntry* e = find(*known, path.substr(slash + 1));
    if (!e) return State::kAbsent;
    return e->type == EntryType::kFolder ? State::kFolder : e->type == EntryType::kLink ? State::kUnknown : State::kOther;
  }

  // Whether `path` is a regular file (following a link), from the index when it can tell that
  // it is not (absent, or a folder), else from the disk. `index` may be null. With an open
  // folder `at` that holds path's characters from `relative_from` on, the disk is asked from
  // there (a short path to resolve instead of the whole one).
  static bool regular_file(const FolderIndex* index, const std::string& path, int at = AT_FDCWD,
                           size_t relative_from = 0) {
    const State known = index ? index->state(path) : State::kUnknown;
    if (known == State::kAbsent || known == State::kFolder) return false;
    struct stat st {};
    return ::fstatat(at, path.c_str() + relative_from, &st, 0) == 0 && S_ISREG(st.st_mode);
  }
  // Whether `path` is a folder (following a link), the same way.
  static bool folder(const FolderIndex* index, const std::string& path) {
    const State known = index ? index->state(path) : State::kUnknown;
    if (known == State::kAbsent || known == State::kOther) return false;
    if (known == State::kFolder) return true;
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  }

  // The entry `name` of a folder that was read, or null (also when it has no such entry).
  static const FolderEntry* find(const std::vector<FolderEntry>& entries, std::string_view name) {
    auto it = std::lower_bound(entries.begin(), entries.end(), name,
                               [](const FolderEntry& e, std::string_view n) { return e.name < n; });
    return it != entries.end() && it->name == name ? &*it : nullptr;
  }

 private:
  struct Hash {  // looks names up without making a string of them
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::vector<FolderEntry>, Hash, std::equal_to<>> folders_;
  size_t max_entries_;
  size_t entries_ = 0;
};

}  // namespace clearance::source
