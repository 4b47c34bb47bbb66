#include "engine/file_output.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <system_error>

namespace clearance::engine {

namespace {

namespace fs = std::filesystem;

// The path a write to `path` lands on: symbolic links followed as far as they resolve.
std::string resolve_links(const std::string& path) {
  std::error_code ec;
  fs::path p = path;
  for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(p, ec)); ++hops) {
    const fs::path next = fs::read_symlink(p, ec);
    if (ec) break;
    p = next.is_absolute() ? next : p.parent_path() / next;
  }
  return p.string();
}

}  // namespace

FileOutput::FileOutput(std::string path) : target_(resolve_links(path)) {
  struct stat st {};
  const bool exists = ::stat(target_.c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) {
    file_.open(target_, std::ios::binary);
    return;
  }
  temporary_ = target_ + ".tmp-" + std::to_string(::getpid());
  file_.open(temporary_, std::ios::binary | std::ios::trunc);
  // The replaced file keeps its permissions.
  if (exists && file_.is_open()) ::chmod(temporary_.c_str(), st.st_mode & 07777);
}

FileOutput::~FileOutput() {
  if (!committed_ && !temporary_.empty()) std::remove(temporary_.c_str());
}

bool FileOutput::commit() {
  if (!file_.is_open()) return false;
  file_.close();
  if (file_.fail()) return false;
  committed_ = temporary_.empty() || std::rename(temporary_.c_str(), target_.c_str()) == 0;
  return committed_;
}

}  // namespace clearance::engine
