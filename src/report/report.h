#pragma once
// Report writers. Each takes the sorted findings of a run and writes one format.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
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
  // Absolute path of the scan root, for SARIF's %SRCROOT%. When empty it is derived from the
  // findings' files (absolute path minus display path).
  std::string scan_root;
  // Text only: also list suppressed findings (JSON and SARIF always carry them, marked).
  bool show_suppressed = false;
  // Severities the configuration sets for whole rules (SARIF rule metadata); by rule id.
  std::map<std::string_view, rules::Severity> rule_severity;
};

// Counts by severity, for summaries.
struct SeverityCounts {
  std::array<size_t, 5> by_severity{};  // indexed by rules::Severity
  size_t total = 0;                     // findings that count (not suppressed)
  size_t suppressed = 0;
  void add(rules::Severity s) {
    ++by_severity[static_cast<size_t>(s)];
    ++total;
  }
  void add(const rules::Finding& f) {
    if (f.suppression) ++suppressed;
    else add(f.severity);
  }
};

// Streams a report: findings are written as they are added, in that order, so memory does not
// grow with their number; end() writes the closing part (summary, SARIF run properties).
//
// Formatting is split from writing so that it can run on the worker threads: format() is const
// and touches no shared state; write() puts a formatted finding in its place, in report order.
class FindingWriter {
 public:
  virtual ~FindingWriter() = default;
  virtual void format(const rules::Finding& f, std::string& out) const = 0;
  virtual void write(const rules::Finding& f, std::string_view formatted) = 0;
  virtual void end() = 0;

  void add(const rules::Finding& f) {
    std::string text;
    format(f, text);
    write(f, text);
  }
};

std::unique_ptr<FindingWriter> make_text_writer(const RunInfo& run, std::ostream& out);
std::unique_ptr<FindingWriter> make_json_writer(const RunInfo& run, std::ostream& out);
std::unique_ptr<FindingWriter> make_sarif_writer(const RunInfo& run, std::ostream& out);

// Whole-report conveniences over the writers.
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
// fingerprint(), appended to `out` (the JSON report writes one per finding).
void append_fingerprint(std::string& out, const rules::Finding& f);
// The same as a number (fingerprint() is its 16 hex digits), for hash lookups.
uint64_t fingerprint_value(const rules::Finding& f);
// The content the fingerprint identifies, for people (baseline files): one line, at most 80
// code points, masked where it may be a secret.
std::string fingerprint_excerpt(const rules::Finding& f);

// Where a rule's documentation lives online (helpUri).
std::string rule_help_uri(const rules::RuleMeta& rule);

// One rule as a Markdown page (docs/rules/CLR101.md; also SARIF's help.markdown).
void write_rule_markdown(const rules::RuleMeta& rule, std::ostream& out);

// One line of advice: the first prose line of `instead`, else the summary.
std::string rule_advice(const rules::RuleMeta& rule);

// "3 findings: 1 critical, 2 medium" or "No findings.", and "(2 suppressed)" when some were.
std::string summary_line(const SeverityCounts& counts);
std::string summary_line(std::span<const rules::Finding> findings);

// Whether the text a finding points at may be a secret value, to be masked in every output.
bool span_may_hold_secret(const rules::RuleMeta& rule);

// "po******": at most 2 leading code points kept (none for short values), fixed-width tail so
// the length is not revealed either.
std::string mask_secret(std::string_view value);

// Byte ranges of a source line that look like secrets whatever finding the line is shown for:
// values of credential-named keys (`DB_PASSWORD=...`, `API_TOKEN: ...`, an env file's
// unterminated quote included), URL passwords and known token formats. Sorted by begin.
struct SecretRange {
  size_t begin = 0, end = 0;
};
std::vector<SecretRange> secret_ranges(std::string_view line);
// line[from, to) with every part of `ranges` in it masked (mask_secret at a secret's start).
std::string mask_ranges(std::string_view line, size_t from, size_t to, const std::vector<SecretRange>& ranges);

}  // namespace clearance::report
