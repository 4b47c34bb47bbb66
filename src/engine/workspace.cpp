#include "engine/workspace.h"

namespace clearance::engine {

const ignorefile::GitStatus& RunWorkspace::status() const {
  std::call_once(opened_, [this] { status_ = std::make_unique<ignorefile::GitStatus>(scan_root_); });
  return *status_;
}

model::GitAnswer RunWorkspace::git(std::string_view absolute_path) const {
  const ignorefile::GitStatus& git = status();
  model::GitAnswer answer;
  answer.in_repository = git.in_repository();
  const ignorefile::IgnoreDecision decision = git.ignore_decision(absolute_path);
  answer.ignored = decision.ignored;
  if (decision.file && decision.rule)
    answer.decided_by = decision.file->source + ":" + std::to_string(decision.rule->line) + " `" + decision.rule->text + "`";
  answer.tracked = answer.in_repository && git.is_tracked(absolute_path);
  return answer;
}

}  // namespace clearance::engine
