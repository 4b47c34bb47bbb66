#pragma once
// Runs a check: discover projects, load each, run the selected rules, collect sorted findings.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "rules/rule.h"
#include "source/source_file.h"

namespace clearance::engine {

struct CheckOptions {
  std::vector<std::string> paths;
  std::vector<std::string> compose_files;  // -f
  std::vector<std::string> env_files;      // --env-file
  bool production = false;
  std::vector<std::string> select;  // rule ids or id prefixes ("CLR1"); empty: the defaults
  std::vector<std::string> ignore;
  unsigned jobs = 0;  // 0: every core
  std::map<std::string, std::string> shell_env;
};

struct CheckResult {
  std::vector<rules::Finding> findings;          // sorted: file, line, column, rule
  std::vector<source::SourceFilePtr> files;      // keeps every span in `findings` valid
  std::vector<const rules::RuleMeta*> rules_run;
  std::vector<std::string> errors;               // I/O and usage problems (exit 2)
  bool internal_error = false;
};

// The rules that a run with these options enables, in id order.
std::vector<const rules::Rule*> select_rules(const CheckOptions& options, std::vector<std::string>& unknown_ids);

CheckResult run_check(const CheckOptions& options);

// The environment of this process, as Compose sees it.
std::map<std::string, std::string> process_environment();

}  // namespace clearance::engine
