#pragma once
// Reading folders. Discovery, build-context listings and the per-run folder listings all read
// thousands of folders in a scan: getdents64 on an open descriptor gives each entry's type
// without a stat per entry (and without the fstat opendir adds per folder).
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <string_view>

namespace clearance::source {

enum class EntryType : uint8_t { kFolder, kLink, kOther };

// Opens a folder for for_each_entry: a descriptor to ::close, or -1. `at` (a folder descriptor)
// resolves a relative path from there instead of the current directory.
inline int open_folder(const char* path, int at = AT_FDCWD) {
  return ::openat(at, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

// Calls fn(name, type) for each entry of the open folder `dir` but "." and "..", in the order
// the file system gives; stops early when fn returns false. A type the file system does not
// give is found with a stat that does not follow links; an entry that vanished meanwhile is
// skipped. A read error ends the listing (what was read is kept) and returns false: the
// listing is then not the whole folder.
template <typename Fn>
bool for_each_entry(int dir, Fn&& fn) {
  alignas(dirent64) char buffer[32 * 1024];
  for (;;) {
    const ssize_t n = ::getdents64(dir, buffer, sizeof buffer);
    if (n == 0) return true;
    if (n < 0) return false;
    for (ssize_t at = 0; at < n;) {
      const auto* entry = reinterpret_cast<const dirent64*>(buffer + at);
      at += entry->d_reclen;
      const std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      unsigned char type = entry->d_type;
      if (type == DT_UNKNOWN) {
        struct stat st {};
        if (::fstatat(dir, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
      }
      const EntryType kind = type == DT_DIR ? EntryType::kFolder : type == DT_LNK ? EntryType::kLink : EntryType::kOther;
      if (!fn(name, kind)) return true;
    }
  }
}

}  // namespace clearance::source
