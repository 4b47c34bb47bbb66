#pragma once
// The engine's answers to model::Workspace: git status from the repository that holds the scan
// root (or its .gitignore files alone), opened on first use and shared by every worker. A path
// outside that work tree (a file named on the command line from elsewhere) is answered from the
// repository, or the .gitignore files, of its own folder.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "ignorefile/git_status.h"
#include "model/workspace.h"
#include "source/folder_index.h"

namespace clearance::engine {

class RunWorkspace final : public model::Workspace {
 public:
  // `folders`: what discovery read of the scanned tree (may be null); file_names() answers
  // from it for the folders it holds.
  explicit RunWorkspace(std::string scan_root, std::shared_ptr<const source::FolderIndex> folders = nullptr);
  model::GitAnswer git(std::string_view absolute_path) const override;
  bool in_checkout(std::string_view absolute_path) const override;
  std::optional<std::string> peek(std::string_view absolute_path) const override;
  std::shared_ptr<const std::vector<std::string>> file_names(std::string_view folder) const override;

 private:
  const ignorefile::GitStatus& status() const;
  // The status for a path that the scan root's does not cover.
  const ignorefile::GitStatus& status_elsewhere(std::string_view absolute_path) const;

  std::string scan_root_;
  std::shared_ptr<const source::FolderIndex> folders_;
  std::string scan_root_top_;  // GitStatus::expected_top(scan_root_), with a trailing '/'
  mutable std::once_flag opened_;
  mutable std::unique_ptr<ignorefile::GitStatus> status_;
  mutable std::mutex elsewhere_mutex_;
  mutable std::map<std::string, std::unique_ptr<ignorefile::GitStatus>, std::less<>> elsewhere_;  // by folder
  mutable std::mutex listings_mutex_;
  mutable std::map<std::string, std::shared_ptr<const std::vector<std::string>>, std::less<>> listings_;  // by folder
};

}  // namespace clearance::engine
