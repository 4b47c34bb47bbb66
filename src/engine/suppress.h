#pragma once
// Stage 7 of the pipeline: what the user said about findings. Severity overrides from the
// configuration, inline comments in compose files, configuration excludes and the baseline.
// Rules never see any of this; a suppressed finding is kept, with its kind and reason, for the
// reports that show it (JSON, SARIF, text with --show-suppressed).
//
// Inline comments (only comments that contain "clearance:" are parsed):
//   # clearance: ignore[CLR101,CLR102] reason    trailing a line: findings that start on it;
//                                               on its own line: the next line that is
//                                               neither blank nor a comment
//   # clearance: disable[CLR101] reason          findings from this line ...
//   # clearance: enable[CLR101]                  ... to this one
//   # clearance: file-ignore[CLR301] reason      the whole file
// The reason ends at the end of the comment or at a following " # ". A directive that is
// malformed, names an unknown rule, is an unpaired disable/enable, or lacks a required reason
// suppresses nothing and is reported as CLR905; a valid one that suppresses nothing is CLR904.
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "engine/baseline.h"
#include "engine/config.h"
#include "rules/rule.h"

namespace clearance::model {
struct Project;
}

namespace clearance::engine {

struct SuppressOptions {
  const Config* config = nullptr;      // required
  const Baseline* baseline = nullptr;  // --baseline; null: none
  bool inline_ignores = true;          // false: --no-inline-ignores or inline_ignores.enabled: false
  bool production = false;
  std::vector<const rules::RuleMeta*> rules_run;  // the selected rules
};

// One inline directive, as parsed from a comment (exposed for tests).
struct Directive {
  enum class Kind { kIgnore, kDisable, kEnable, kFileIgnore };
  Kind kind = Kind::kIgnore;
  std::vector<std::string> ids;  // known rule ids, upper case
  std::string reason;
  std::vector<std::string> problems;  // each one a CLR905 message; a directive with any applies to nothing
};
// Parses the text of a comment ("# clearance: ignore[CLR101] why"); nullopt when the comment
// is not a clearance directive at all.
std::optional<Directive> parse_directive(std::string_view comment, bool require_reason);

class Suppressor {
 public:
  explicit Suppressor(SuppressOptions options);

  // Per project, on a worker thread, before the findings are sorted: applies severity
  // overrides and inline directives, and adds CLR904/CLR905 for the directives themselves.
  void apply_inline(const model::Project& project, std::vector<rules::Finding>& findings) const;
  // After sorting and de-duplication: configuration excludes, then the baseline (its counts
  // are per project, so the result does not depend on which worker finished first).
  void apply_config_and_baseline(std::vector<rules::Finding>& findings) const;
  // Once per run: CLR904 for each configuration exclude that has expired.
  void report_expired(std::vector<rules::Finding>& out) const;
  // Once per run, after every project: CLR904 for each exclude in force that matched no
  // finding, as an unused inline directive is (one for rules that did not run is left alone).
  void report_unused_excludes(std::vector<rules::Finding>& out) const;

  // Whether anything would be done at all (the fast path skips these calls).
  bool active() const { return active_; }

 private:
  const rules::RuleMeta* selected(std::string_view id) const;

  SuppressOptions options_;
  std::unordered_set<std::string_view> run_ids_;
  const rules::RuleMeta* clr904_ = nullptr;  // null when not selected
  const rules::RuleMeta* clr905_ = nullptr;
  bool active_ = false;
  bool severity_overrides_ = false;
  // Per configuration exclude: whether it matched a finding. Projects are checked on several
  // threads, each setting the flags of the excludes it used (only ever to true).
  std::unique_ptr<std::atomic<bool>[]> exclude_used_;
};

}  // namespace clearance::engine
