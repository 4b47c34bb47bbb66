#include "engine/workspace.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "source/folders.h"
#include "source/paths.h"

namespace clearance::engine {

RunWorkspace::RunWorkspace(std::string scan_root, std::shared_ptr<const source::FolderIndex> folders)
    : scan_root_(std::move(scan_root)),
      folders_(std::move(folders)),
      scan_root_top_(ignorefile::GitStatus::expected_top(scan_root_)) {
  if (!scan_root_top_.ends_with('/')) scan_root_top_ += '/';
}

const ignorefile::GitStatus& RunWorkspace::status() const {
  std::call_once(opened_, [this] { status_ = std::make_unique<ignorefile::GitStatus>(scan_root_); });
  return *status_;
}

const ignorefile::GitStatus& RunWorkspace::status_elsewhere(std::string_view absolute_path) const {
  const std::string folder = source::parent_directory(absolute_path);
  std::lock_guard lock(elsewhere_mutex_);
  std::unique_ptr<ignorefile::GitStatus>& slot = elsewhere_[folder];
  if (!slot) slot = std::make_unique<ignorefile::GitStatus>(folder);
  return *slot;
}

model::GitAnswer RunWorkspace::git(std::string_view absolute_path) const {
  // The scan root's repository is opened only for paths that can lie in it.
  const bool maybe_covered = absolute_path.starts_with(scan_root_top_) || absolute_path.starts_with(scan_root_);
  const ignorefile::GitStatus& git =
      maybe_covered && status().covers(absolute_path) ? status() : status_elsewhere(absolute_path);
  model::GitAnswer answer;
  answer.in_repository = git.in_repository();
  const ignorefile::IgnoreDecision decision = git.ignore_decision(absolute_path);
  answer.ignored = decision.ignored;
  if (decision.file && decision.rule)
    answer.decided_by = decision.file->source + ":" + std::to_string(decision.rule->line) + " `" + decision.rule->text + "`";
  answer.tracked = answer.in_repository && git.is_tracked(absolute_path);
  return answer;
}

bool RunWorkspace::in_checkout(std::string_view absolute_path) const {
  return ignorefile::GitStatus::in_checkout(source::parent_directory(absolute_path));
}

std::optional<std::string> RunWorkspace::peek(std::string_view absolute_path) const {
  constexpr std::streamsize kMax = 64 * 1024;
  std::error_code ec;
  const std::string path(absolute_path);
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes(static_cast<size_t>(kMax), '\0');
  in.read(bytes.data(), kMax);
  bytes.resize(static_cast<size_t>(in.gcount()));
  return bytes;
}

namespace {

std::vector<std::string> list_file_names(const std::string& folder) {
  std::vector<std::string> names;
  const int dir = source::open_folder(folder.c_str());
  if (dir < 0) return names;
  // A link may still name a file: kept, the reader will tell.
  source::for_each_entry(dir, [&](std::string_view name, source::EntryType type) {
    if (type != source::EntryType::kFolder) names.emplace_back(name);
    return true;
  });
  ::close(dir);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

std::shared_ptr<const std::vector<std::string>> RunWorkspace::file_names(std::string_view folder) const {
  {
    std::lock_guard lock(listings_mutex_);
    if (auto it = listings_.find(folder); it != listings_.end()) return it->second;
  }
  // Listed outside the lock; two threads that list the same folder at once keep the first.
  std::vector<std::string> listed;
  if (const std::vector<source::FolderEntry>* known = folders_ ? folders_->entries(folder) : nullptr) {
    for (const source::FolderEntry& e : *known)  // sorted by name already
      if (e.type != source::EntryType::kFolder) listed.push_back(e.name);
  } else {
    listed = list_file_names(std::string(folder));
  }
  auto names = std::make_shared<const std::vector<std::string>>(std::move(listed));
  std::lock_guard lock(listings_mutex_);
  return listings_.try_emplace(std::string(folder), std::move(names)).first->second;
}

}  // namespace clearance::engine
