// SARIF 2.1.0 for code-scanning services (GitHub, GitLab, Azure DevOps). The document must pass
// the SARIF Multitool's "Sarif" and "Gh" rule sets with no warning (tests/cli/sarif_valid.sh).
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.h"

namespace clearance::report {
namespace {

using nlohmann::ordered_json;
using rules::Finding;
using rules::RuleMeta;
using rules::Severity;

constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kInformationUri = "https://github.com/getclearance/clearance";
constexpr std::string_view kSrcRoot = "%SRCROOT%";
constexpr std::string_view kFingerprintKey = "clearance/v1";
constexpr std::string_view kInternalErrorRule = "CLR900";

std::string_view sarif_level(Severity s) {
  switch (s) {
    case Severity::kCritical:
    case Severity::kHigh: return "error";
    case Severity::kMedium: return "warning";
    case Severity::kLow:
    case Severity::kInfo: return "note";
  }
  return "note";
}

// GitHub ranks alerts by this CVSS-like score.
std::string_view security_severity(Severity s) {
  switch (s) {
    case Severity::kCritical: return "9.0";
    case Severity::kHigh: return "7.0";
    case Severity::kMedium: return "5.0";
    case Severity::kLow: return "3.0";
    case Severity::kInfo: return "1.0";
  }
  return "1.0";
}

// SARIF messages are sentences (validator rule SARIF2001); our titles carry no period.
std::string sentence(std::string_view text) {
  std::string s(text);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
  if (!s.empty() && s.back() != '.' && s.back() != '!' && s.back() != '?') s += '.';
  return s;
}

// "runtime-socket-mounted" -> "RuntimeSocketMounted": SARIF's rule `name` is an identifier.
std::string pascal_case(std::string_view slug) {
  std::string out;
  bool upper = true;
  for (char c : slug) {
    if (c == '-' || c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

// Percent-encodes a path for a URI reference, keeping '/' (RFC 3986 unreserved set otherwise).
std::string uri_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

// The scan root: given by the caller, else the absolute path of a finding's file minus its
// display path (which is relative to the root).
std::string scan_root(std::span<const Finding> findings, const RunInfo& run) {
  if (!run.scan_root.empty()) return run.scan_root;
  for (const Finding& f : findings) {
    if (!f.span.valid()) continue;
    const std::string& abs = f.span.file->absolute_path();
    const std::string& rel = f.span.file->path();
    if (abs.size() > rel.size() && abs.ends_with(rel) && abs[abs.size() - rel.size() - 1] == '/')
      return abs.substr(0, abs.size() - rel.size());
  }
  return {};
}

ordered_json original_uri_base_ids(const std::string& root) {
  ordered_json base = {{"description", {{"text", "The root of the scanned project."}}}};
  if (!root.empty() && root.front() == '/') {
    std::string uri = "file://" + uri_path(root);
    if (uri.back() != '/') uri += '/';  // a base URI must end with a slash (SARIF1004)
    base = {{"uri", uri}, {"description", base["description"]}};
  }
  return {{kSrcRoot, base}};
}

std::string help_markdown(const RuleMeta& rule) {
  std::ostringstream md;
  write_rule_markdown(rule, md);
  return md.str();
}

std::string help_text(const RuleMeta& rule) {
  std::string text = sentence(rule.summary.empty() ? rule.title : rule.summary);
  if (!rule.rationale.empty()) text += "\n\n" + std::string(rule.rationale);
  const std::string advice = rule_advice(rule);
  if (!advice.empty()) text += "\n\nFix: " + advice;
  text += "\n\nDocumentation: " + rule_help_uri(rule);
  return text;
}

ordered_json rule_descriptor(const RuleMeta& rule, bool production) {
  const Severity severity =
      production && rule.production_severity ? *rule.production_severity : rule.severity;
  // GitHub requires a full description; a rule documented only by its title still gets one.
  std::string full = sentence(rule.summary.empty() ? rule.title : rule.summary);
  if (!rule.rationale.empty()) full += " " + sentence(rule.rationale);
  return {
      {"id", rule.id},
      {"name", pascal_case(rule.slug)},
      {"shortDescription", {{"text", sentence(rule.title)}}},
      {"fullDescription", {{"text", full}}},
      {"helpUri", rule_help_uri(rule)},
      {"help", {{"text", help_text(rule)}, {"markdown", help_markdown(rule)}}},
      {"defaultConfiguration", {{"level", sarif_level(severity)}}},
      {"properties",
       {{"tags", ordered_json::array({"security", rules::to_string(rule.area)})},
        {"security-severity", security_severity(severity)},
        {"precision", "high"}}},
  };
}

ordered_json region(const source::Span& span) {
  return {{"startLine", span.start.line},
          {"startColumn", span.start.column},
          {"endLine", span.stop.line},
          {"endColumn", span.stop.column}};
}

ordered_json physical_location(const source::Span& span) {
  return {{"artifactLocation", {{"uri", uri_path(span.file->path())}, {"uriBaseId", kSrcRoot}}},
          {"region", region(span)}};
}

// Rules in the order they ran, plus any rule a finding names that the caller did not list, so
// that every result has a ruleIndex.
class RuleTable {
 public:
  RuleTable(std::span<const Finding> findings, const RunInfo& run) {
    for (const RuleMeta* rule : run.rules) add(rule);
    for (const Finding& f : findings) add(f.rule);
  }
  const std::vector<const RuleMeta*>& rules() const { return rules_; }
  int index(const RuleMeta* rule) const { return index_.at(rule->id); }

 private:
  void add(const RuleMeta* rule) {
    if (!rule || index_.contains(rule->id)) return;
    index_.emplace(rule->id, static_cast<int>(rules_.size()));
    rules_.push_back(rule);
  }
  std::vector<const RuleMeta*> rules_;
  std::map<std::string_view, int> index_;
};

// A finding tied to no file (the driver failing outside any file) cannot be a result: GitHub
// requires a location. SARIF's place for it is a tool execution notification.
ordered_json notification(const Finding& f, const RuleTable& table) {
  return {
      {"level", sarif_level(f.severity)},
      {"message", {{"text", sentence(f.message)}}},
      {"associatedRule", {{"id", f.rule->id}, {"index", table.index(f.rule)}}},
      {"properties", {{"severity", rules::to_string(f.severity)}}},
  };
}

ordered_json invocation(std::span<const Finding> findings, const RuleTable& table) {
  ordered_json notifications = ordered_json::array();
  bool internal_error = false;
  for (const Finding& f : findings) {
    if (!f.rule || f.span.valid()) continue;
    notifications.push_back(notification(f, table));
    internal_error = internal_error || f.rule->id == kInternalErrorRule;
  }
  if (notifications.empty()) return nullptr;
  return {{"executionSuccessful", !internal_error},
          {"toolExecutionNotifications", std::move(notifications)}};
}

ordered_json result(const Finding& f, const RuleTable& table) {
  ordered_json r = {
      {"ruleId", f.rule->id},
      {"ruleIndex", table.index(f.rule)},
      {"level", sarif_level(f.severity)},
      {"message", {{"text", sentence(f.message)}}},
  };
  r["locations"] = ordered_json::array({{{"physicalLocation", physical_location(f.span)}}});
  ordered_json related = ordered_json::array();
  int id = 0;
  for (const rules::Related& rel : f.related) {
    ++id;
    if (!rel.span.valid()) continue;
    related.push_back({{"id", id},
                       {"physicalLocation", physical_location(rel.span)},
                       {"message", {{"text", sentence(rel.message)}}}});
  }
  if (!related.empty()) r["relatedLocations"] = std::move(related);
  r["partialFingerprints"] = {{kFingerprintKey, fingerprint(f)}};
  ordered_json properties = {{"severity", rules::to_string(f.severity)}};
  if (!f.service.empty()) properties["service"] = f.service;
  if (!f.profiles.empty()) properties["profiles"] = f.profiles;
  r["properties"] = std::move(properties);
  return r;
}

}  // namespace

void write_sarif(std::span<const Finding> findings, const RunInfo& run, std::ostream& out) {
  const RuleTable table(findings, run);
  ordered_json descriptors = ordered_json::array();
  for (const RuleMeta* rule : table.rules())
    descriptors.push_back(rule_descriptor(*rule, run.production));
  ordered_json results = ordered_json::array();
  for (const Finding& f : findings)
    if (f.rule && f.span.valid()) results.push_back(result(f, table));

  const ordered_json driver = {
      {"name", "clearance"},
      {"version", run.tool_version},
      {"semanticVersion", run.tool_version},
      {"informationUri", kInformationUri},
      {"rules", std::move(descriptors)},
  };
  ordered_json sarif_run = {{"tool", {{"driver", driver}}}};
  if (ordered_json inv = invocation(findings, table); !inv.is_null())
    sarif_run["invocations"] = ordered_json::array({std::move(inv)});
  sarif_run["originalUriBaseIds"] = original_uri_base_ids(scan_root(findings, run));
  sarif_run["columnKind"] = "unicodeCodePoints";
  sarif_run["results"] = std::move(results);
  const ordered_json doc = {
      {"$schema", kSchema},
      {"version", "2.1.0"},
      {"runs", ordered_json::array({sarif_run})},
  };
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace clearance::report
