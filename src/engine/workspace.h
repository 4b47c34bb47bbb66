#pragma once
// The engine's answers to model::Workspace: git status from the repository that holds the scan
// root (or its .gitignore files alone), opened on first use and shared by every worker.
#include <memory>
#include <mutex>
#include <string>

#include "ignorefile/git_status.h"
#include "model/workspace.h"

namespace clearance::engine {

class RunWorkspace final : public model::Workspace {
 public:
  explicit RunWorkspace(std::string scan_root) : scan_root_(std::move(scan_root)) {}
  model::GitAnswer git(std::string_view absolute_path) const override;
  std::optional<std::string> peek(std::string_view absolute_path) const override;

 private:
  const ignorefile::GitStatus& status() const;

  std::string scan_root_;
  mutable std::once_flag opened_;
  mutable std::unique_ptr<ignorefile::GitStatus> status_;
};

}  // namespace clearance::engine
