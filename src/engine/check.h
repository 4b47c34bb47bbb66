#pragma once
// Runs a check: discover projects, load each, run the selected rules, stream the findings.
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "discover/discover.h"
#include "engine/baseline.h"
#include "engine/config.h"
#include "engine/suppress.h"
#include "knowledge/eol.h"
#include "rules/rule.h"
#include "source/source_file.h"

namespace clearance::engine {

struct CheckOptions {
  std::vector<std::string> paths;
  std::vector<std::string> compose_files;  // -f
  std::vector<std::string> env_files;      // --env-file
  std::vector<std::string> profiles;       // --profile: what `docker compose --profile` would start
  bool production = false;                 // --production (or `production: true` in the config)
  std::vector<std::string> select;  // rule ids or id prefixes ("CLR1"); empty: the defaults
  std::vector<std::string> ignore;
  unsigned jobs = 0;  // 0: every core
  std::map<std::string, std::string> shell_env;
  // Stage 7, suppress. The configuration file: --config, else <scan root>/.clearance.yaml.
  std::string config_path;
  bool inline_ignores = true;  // false: --no-inline-ignores (audits see every finding)
  std::string baseline_path;   // --baseline: findings recorded in it are suppressed
  // --eol-date: the day end-of-life rules take as today; unset: the UTC date when the check starts.
  std::optional<knowledge::Date> eol_date;
};

using FindingSink = std::function<void(const rules::Finding&)>;

// A sink in two parts: `prepare` runs on the worker threads (formatting a finding is most of a
// report's cost, and workers do it in parallel); `write` runs on the calling thread, in order.
struct PreparedSink {
  std::function<void(const rules::Finding&, std::string&)> prepare;
  std::function<void(const rules::Finding&, std::string_view)> write;
};

struct RunOutcome {
  std::array<size_t, 5> counts{};  // findings by severity, suppressed ones left out
  size_t suppressed = 0;
  bool internal_error = false;
  // Files named on the command line that are none of the kinds checked (a README, a YAML file
  // without `services:`), as displayed: the user is told, since "no findings" would mislead.
  std::vector<std::string> not_checked;
  bool any_at_or_above(rules::Severity level) const;
};

// A check in two steps, so that usage errors are known before any output is opened:
// construction selects the rules and discovers the projects; run() checks them.
class Check {
 public:
  explicit Check(CheckOptions options);

  const std::vector<std::string>& errors() const { return errors_; }  // usage and I/O problems
  const std::vector<const rules::RuleMeta*>& rules_run() const { return rules_meta_; }
  const std::string& scan_root() const { return discovery_.root; }
  // The configuration file's settings (defaults when there is none); the options above have
  // already been merged with it where they overlap (production, rules, inline ignores).
  const Config& config() const { return config_; }
  bool production() const { return options_.production; }
  bool inline_ignores() const { return options_.inline_ignores; }
  // The command line's --fail-on when given, else the configuration's, else medium.
  rules::Severity fail_on(std::optional<rules::Severity> command_line) const;
  // Every rule of the catalog with whether it runs and at which severity, for `config --dump`.
  std::vector<EffectiveRule> effective_rules() const;

  // Checks every project on `jobs` threads and hands each finding to `sink`, on the calling
  // thread, in a deterministic order: projects in discovery order, then file, position, rule.
  // Only a few projects are in memory at a time. Spans handed to `sink` are valid during the
  // call only, unless `keep_files` collects the files they point into.
  RunOutcome run(const FindingSink& sink, std::vector<source::SourceFilePtr>* keep_files = nullptr);
  RunOutcome run(const PreparedSink& sink, std::vector<source::SourceFilePtr>* keep_files = nullptr);

 private:
  // Worker threads: --jobs, else every core.
  unsigned threads() const;

  CheckOptions options_;
  std::vector<const rules::Rule*> rules_;
  std::vector<const rules::RuleMeta*> rules_meta_;
  discover::Discovery discovery_;
  std::vector<std::string> errors_;
  Config config_;
  std::optional<Baseline> baseline_;
};

// The rules that a run with these options enables, in id order: the defaults, then the
// configuration's `rules:` settings, then --select and --ignore.
std::vector<const rules::Rule*> select_rules(const CheckOptions& options, std::vector<std::string>& unknown_ids,
                                             const Config* config = nullptr);

// Everything at once, for tests and small callers.
struct CheckResult {
  std::vector<rules::Finding> findings;
  std::vector<source::SourceFilePtr> files;  // keeps every span in `findings` valid
  std::vector<const rules::RuleMeta*> rules_run;
  std::vector<std::string> errors;
  bool internal_error = false;
};
CheckResult run_check(const CheckOptions& options);

// The environment of this process, as Compose sees it.
std::map<std::string, std::string> process_environment();

}  // namespace clearance::engine
