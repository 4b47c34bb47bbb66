#pragma once
// Report writers. Each takes the sorted findings of a run and writes one format.
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "rules/rule.h"

namespace clearance::report {

struct RunInfo {
  std::string tool_version;                   // CLEARANCE_VERSION
  std::vector<const rules::RuleMeta*> rules;  // every rule that ran (SARIF rule metadata)
  bool production = false;
  rules::Severity fail_on = rules::Severity::kMedium;
  bool color = false;  // text only: ANSI colours (decided by the caller: terminal and no NO_COLOR)
};

void write_text(std::span<const rules::Finding> findings, const RunInfo& run, std::ostream& out);
void write_json(std::span<const rules::Finding> findings, const RunInfo& run, std::ostream& out);
void write_sarif(std::span<const rules::Finding> findings, const RunInfo& run, std::ostream& out);

// The catalog (`clearance rules`, `clearance explain`, docs/rules/).
void write_rules_text(std::span<const rules::RuleMeta* const> rules, std::ostream& out);
void write_rules_json(std::span<const rules::RuleMeta* const> rules, std::ostream& out);
void write_rules_markdown(std::span<const rules::RuleMeta* const> rules, std::ostream& out);
void write_rule_explanation(const rules::RuleMeta& rule, std::ostream& out);

// Stable identity of a finding across unrelated edits: rule, file, service, offending content.
std::string fingerprint(const rules::Finding& f);

// Where a rule's documentation lives online (helpUri).
std::string rule_help_uri(const rules::RuleMeta& rule);

}  // namespace clearance::report
