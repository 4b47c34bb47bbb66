// SARIF 2.1.0 for code-scanning services (GitHub, GitLab, Azure DevOps). The document must pass
// the SARIF Multitool's "Sarif" and "Gh" rule sets with no warning (tests/cli/sarif_valid.sh).
#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "report/json_out.h"
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

ordered_json rule_descriptor(const RuleMeta& rule, const RunInfo& run) {
  Severity severity = run.production && rule.production_severity ? *rule.production_severity : rule.severity;
  if (auto it = run.rule_severity.find(rule.id); it != run.rule_severity.end()) severity = it->second;
  // GitHub requires a full description; a rule documented only by its title still gets one.
  std::string full = sentence(rule.summary.empty() ? rule.title : rule.summary);
  if (!rule.rationale.empty()) {
    full += ' ';
    full += sentence(rule.rationale);
  }
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

void region(JsonOut& j, const source::Span& span) {
  const source::Position start = span.start(), stop = span.stop();
  j.key("region").begin_object();
  j.key("startLine").value(start.line).key("startColumn").value(start.column);
  j.key("endLine").value(stop.line).key("endColumn").value(stop.column);
  j.end_object();
}

void physical_location(JsonOut& j, const source::Span& span) {
  j.key("physicalLocation").begin_object();
  // A file outside the root (two paths given) is shown absolute: an absolute file URI, with
  // no base to resolve it against.
  const std::string& path = span.file->path();
  if (!path.empty() && path.front() == '/') {
    j.key("artifactLocation").begin_object().key("uri").value("file://" + uri_path(path)).end_object();
  } else {
    j.key("artifactLocation").begin_object().key("uri").value(uri_path(path));
    j.key("uriBaseId").value(kSrcRoot).end_object();
  }
  region(j, span);
  j.end_object();
}

// The rules in the order they ran. tool.driver.rules is written before the results stream, so
// a result whose rule is not listed (an internal error in a run restricted with --select)
// goes without a ruleIndex, which SARIF allows.
class RuleTable {
 public:
  explicit RuleTable(const RunInfo& run) {
    for (const RuleMeta* rule : run.rules) add(rule);
  }
  const std::vector<const RuleMeta*>& rules() const { return rules_; }
  int index(const RuleMeta* rule) const {
    auto it = index_.find(rule->id);
    return it == index_.end() ? -1 : it->second;
  }

 private:
  void add(const RuleMeta* rule) {
    if (!rule || index_.contains(rule->id)) return;
    index_.emplace(rule->id, static_cast<int>(rules_.size()));
    rules_.push_back(rule);
  }
  std::vector<const RuleMeta*> rules_;
  std::map<std::string_view, int> index_;
};

class SarifWriter final : public FindingWriter {
 public:
  SarifWriter(const RunInfo& run, std::ostream& out) : run_(run), table_(run), j_(out) {
    ordered_json descriptors = ordered_json::array();
    for (const RuleMeta* rule : table_.rules()) descriptors.push_back(rule_descriptor(*rule, run));
    const ordered_json driver = {
        {"name", "clearance"},
        {"version", run.tool_version},
        {"semanticVersion", run.tool_version},
        {"informationUri", kInformationUri},
        {"rules", std::move(descriptors)},
    };
    j_.begin_object().key("$schema").value(kSchema).key("version").value("2.1.0");
    j_.key("runs").begin_array().begin_object();
    j_.key("tool").begin_object().key("driver").raw(driver.dump(-1, ' ', false, ordered_json::error_handler_t::replace)).end_object();
    j_.key("columnKind").value("unicodeCodePoints");
    j_.key("results").begin_array();
  }

  void format(const Finding& f, std::string& out) const override {
    // No location: GitHub rejects such a result; write() turns it into a tool notification.
    if (!f.rule || !f.span.valid()) return;
    JsonOut j(out);
    j.begin_object();
    j.key("ruleId").value(f.rule->id);
    if (const int index = table_.index(f.rule); index >= 0) j.key("ruleIndex").value(index);
    j.key("level").value(sarif_level(f.severity));
    j.key("message").begin_object().key("text").value(sentence(f.message)).end_object();
    j.key("locations").begin_array().begin_object();
    physical_location(j, f.span);
    j.end_object().end_array();
    bool any_related = false;
    int id = 0;
    for (const rules::Related& rel : f.related) {
      ++id;
      if (!rel.span.valid()) continue;
      if (!any_related) j.key("relatedLocations").begin_array();
      any_related = true;
      j.begin_object().key("id").value(id);
      physical_location(j, rel.span);
      j.key("message").begin_object().key("text").value(sentence(rel.message)).end_object();
      j.end_object();
    }
    if (any_related) j.end_array();
    if (f.suppression) {
      // In the file: an inline comment; elsewhere: the configuration or the baseline.
      const bool in_source = f.suppression->kind == rules::SuppressionKind::kInline;
      j.key("suppressions").begin_array().begin_object();
      j.key("kind").value(in_source ? "inSource" : "external");
      if (!f.suppression->reason.empty()) j.key("justification").value(f.suppression->reason);
      j.key("properties").begin_object().key("clearanceKind").value(rules::to_string(f.suppression->kind));
      j.end_object().end_object().end_array();
    }
    j.key("partialFingerprints").begin_object().key(kFingerprintKey).value(fingerprint(f)).end_object();
    j.key("properties").begin_object().key("severity").value(rules::to_string(f.severity));
    if (!f.service.empty()) j.key("service").value(f.service);
    if (!f.profiles.empty()) {
      j.key("profiles").begin_array();
      for (const std::string& p : f.profiles) j.value(p);
      j.end_array();
    }
    j.end_object().end_object();
  }

  void write(const Finding& f, std::string_view formatted) override {
    if (!f.rule) return;
    if (!f.span.valid()) {
      notifications_.push_back(f);
      return;
    }
    if (root_.empty()) root_ = scan_root(std::span(&f, 1), run_);
    j_.newline().raw(formatted);
  }

  void end() override {
    j_.newline().end_array();
    if (!notifications_.empty()) {
      bool internal_error = false;
      ordered_json list = ordered_json::array();
      for (const Finding& f : notifications_) {
        ordered_json n = {{"level", sarif_level(f.severity)},
                          {"message", {{"text", sentence(f.message)}}},
                          {"properties", {{"severity", rules::to_string(f.severity)}}}};
        if (const int index = table_.index(f.rule); index >= 0)
          n["associatedRule"] = {{"id", f.rule->id}, {"index", index}};
        list.push_back(std::move(n));
        internal_error = internal_error || f.rule->id == kInternalErrorRule;
      }
      const ordered_json inv = ordered_json::array(
          {{{"executionSuccessful", !internal_error}, {"toolExecutionNotifications", std::move(list)}}});
      j_.key("invocations").raw(inv.dump(-1, ' ', false, ordered_json::error_handler_t::replace));
    }
    const std::string root = run_.scan_root.empty() ? root_ : run_.scan_root;
    j_.key("originalUriBaseIds").raw(original_uri_base_ids(root).dump(-1, ' ', false, ordered_json::error_handler_t::replace));
    j_.end_object().end_array().end_object();
    j_.raw("\n");
    j_.flush();
  }

 private:
  const RunInfo& run_;
  RuleTable table_;
  JsonOut j_;
  std::vector<Finding> notifications_;
  std::string root_;
};

}  // namespace

std::unique_ptr<FindingWriter> make_sarif_writer(const RunInfo& run, std::ostream& out) {
  return std::make_unique<SarifWriter>(run, out);
}

void write_sarif(std::span<const Finding> findings, const RunInfo& run, std::ostream& out) {
  // With every finding at hand, the rules they name can be listed too.
  RunInfo complete = run;
  for (const Finding& f : findings)
    if (f.rule && std::find(complete.rules.begin(), complete.rules.end(), f.rule) == complete.rules.end())
      complete.rules.push_back(f.rule);
  auto w = make_sarif_writer(complete, out);
  for (const Finding& f : findings) w->add(f);
  w->end();
}

}  // namespace clearance::report
