// The JSON report: a versioned contract for scripts. Changing its shape bumps kSchemaVersion.
#include <nlohmann/json.hpp>

#include "report/report.h"

namespace clearance::report {
namespace {

using nlohmann::ordered_json;
using rules::Finding;
using rules::Severity;

constexpr int kSchemaVersion = 1;

ordered_json position(const source::Position& p, uint32_t offset) {
  return {{"line", p.line}, {"column", p.column}, {"offset", offset}};
}

ordered_json file_of(const source::Span& span) {
  return span.valid() ? ordered_json(span.file->path()) : ordered_json(nullptr);
}

ordered_json start_of(const source::Span& span) {
  return span.valid() ? position(span.start, span.begin) : ordered_json(nullptr);
}

ordered_json end_of(const source::Span& span) {
  return span.valid() ? position(span.stop, span.end) : ordered_json(nullptr);
}

ordered_json related_to_json(const rules::Related& r) {
  return {{"file", file_of(r.span)},
          {"start", start_of(r.span)},
          {"end", end_of(r.span)},
          {"message", r.message}};
}

ordered_json finding_to_json(const Finding& f) {
  ordered_json related = ordered_json::array();
  for (const rules::Related& r : f.related) related.push_back(related_to_json(r));
  return {
      {"rule_id", f.rule ? f.rule->id : std::string_view{}},
      {"slug", f.rule ? f.rule->slug : std::string_view{}},
      {"title", f.rule ? f.rule->title : std::string_view{}},
      {"severity", rules::to_string(f.severity)},
      {"message", f.message},
      {"file", file_of(f.span)},
      {"start", start_of(f.span)},
      {"end", end_of(f.span)},
      // File-level findings (a parse error, a committed .env) concern no service.
      {"service", f.service.empty() ? ordered_json(nullptr) : ordered_json(f.service)},
      {"profiles", f.profiles},
      {"related", std::move(related)},
      {"fingerprint", fingerprint(f)},
  };
}

ordered_json summary_of(std::span<const Finding> findings) {
  ordered_json summary = {{"total", findings.size()}};
  for (Severity s :
       {Severity::kCritical, Severity::kHigh, Severity::kMedium, Severity::kLow, Severity::kInfo}) {
    size_t n = 0;
    for (const Finding& f : findings) n += f.severity == s;
    summary[std::string(rules::to_string(s))] = n;
  }
  return summary;
}

}  // namespace

void write_json(std::span<const Finding> findings, const RunInfo& run, std::ostream& out) {
  ordered_json list = ordered_json::array();
  for (const Finding& f : findings) list.push_back(finding_to_json(f));
  const ordered_json doc = {
      {"schema_version", kSchemaVersion},
      {"tool", {{"name", "clearance"}, {"version", run.tool_version}}},
      {"findings", std::move(list)},
      {"summary", summary_of(findings)},
  };
  // Scanned files may hold invalid UTF-8; replace it rather than throw.
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace clearance::report
