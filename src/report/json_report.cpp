// The JSON report: a versioned contract for scripts. Changing its shape bumps kSchemaVersion.
// Written as a stream, one finding per line.
#include <charconv>
#include <unordered_map>

#include "report/json_out.h"
#include "report/report.h"

namespace clearance::report {
namespace {

using rules::Finding;
using rules::Severity;

constexpr int kSchemaVersion = 1;

// A finding is formatted by appending to a string directly: this is the hot path of large runs.
// The parts that repeat from one finding to the next (a rule's identity, a file's path) are
// escaped once per thread and reused.
void append_number(std::string& out, uint64_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, static_cast<size_t>(end - digits));
}

void append_position(std::string& out, const source::Position& p, uint32_t offset) {
  out += "{\"line\":";
  append_number(out, p.line);
  out += ",\"column\":";
  append_number(out, p.column);
  out += ",\"offset\":";
  append_number(out, offset);
  out += '}';
}

// Keyed by the path itself: a file freed with its project may leave its address to another.
const std::string& escaped_path(const source::SourceFile& file) {
  thread_local std::string path;
  thread_local std::string escaped = "\"\"";  // the empty path's, which `path` starts as
  if (path != file.path()) {
    path = file.path();
    escaped.clear();
    JsonOut::escape(path, escaped);
  }
  return escaped;
}

// `"file":...,"start":{...},"end":{...}` of a span; nulls for a finding tied to no file.
void append_location(std::string& out, const source::Span& span) {
  if (!span.valid()) {
    out += "\"file\":null,\"start\":null,\"end\":null";
    return;
  }
  out += "\"file\":";
  out += escaped_path(*span.file);
  out += ",\"start\":";
  append_position(out, span.start(), span.begin);
  out += ",\"end\":";
  append_position(out, span.stop(), span.end);
}

// `{"rule_id":...,"slug":...,"title":...,` for one rule, made once per rule and thread (findings
// come sorted by place, so consecutive ones rarely share a rule).
const std::string& rule_prefix(const rules::RuleMeta& rule) {
  thread_local std::unordered_map<const rules::RuleMeta*, std::string> prefixes;
  std::string& prefix = prefixes[&rule];
  if (prefix.empty()) {
    prefix = "{\"rule_id\":";
    JsonOut::escape(rule.id, prefix);
    prefix += ",\"slug\":";
    JsonOut::escape(rule.slug, prefix);
    prefix += ",\"title\":";
    JsonOut::escape(rule.title, prefix);
    prefix += ',';
  }
  return prefix;
}

class JsonWriter final : public FindingWriter {
 public:
  JsonWriter(const RunInfo& run, std::ostream& out) : j_(out) {
    j_.begin_object().key("schema_version").value(kSchemaVersion);
    j_.key("tool").begin_object().key("name").value("clearance").key("version").value(run.tool_version).end_object();
    j_.key("findings").begin_array();
  }

  void format(const Finding& f, std::string& out) const override {
    out.reserve(out.size() + 512);
    out += rule_prefix(*f.rule);
    out += "\"severity\":\"";
    out += rules::to_string(f.severity);
    out += "\",\"message\":";
    JsonOut::escape(f.message, out);
    out += ',';
    append_location(out, f.span);
    // File-level findings (a parse error, a committed .env) concern no service.
    out += ",\"service\":";
    if (f.service.empty()) out += "null";
    else JsonOut::escape(f.service, out);
    out += ",\"profiles\":[";
    for (size_t i = 0; i < f.profiles.size(); ++i) {
      if (i) out += ',';
      JsonOut::escape(f.profiles[i], out);
    }
    out += "],\"related\":[";
    for (size_t i = 0; i < f.related.size(); ++i) {
      out += i ? ",{" : "{";
      append_location(out, f.related[i].span);
      out += ",\"message\":";
      JsonOut::escape(f.related[i].message, out);
      out += '}';
    }
    out += "],\"fingerprint\":\"";
    append_fingerprint(out, f);
    out += '"';
    // Optional, present only on suppressed findings (an addition: schema_version stays 1).
    if (f.suppression) {
      out += ",\"suppressed\":{\"kind\":";
      JsonOut::escape(rules::to_string(f.suppression->kind), out);
      out += ",\"reason\":";
      JsonOut::escape(f.suppression->reason, out);
      out += '}';
    }
    out += '}';
  }

  void write(const Finding& f, std::string_view formatted) override {
    counts_.add(f);
    j_.newline().raw(formatted);
  }

  void end() override {
    j_.newline().end_array();
    j_.key("summary").begin_object().key("total").value(static_cast<uint64_t>(counts_.total));
    for (Severity s : {Severity::kCritical, Severity::kHigh, Severity::kMedium, Severity::kLow, Severity::kInfo})
      j_.key(rules::to_string(s)).value(static_cast<uint64_t>(counts_.by_severity[static_cast<size_t>(s)]));
    j_.key("suppressed").value(static_cast<uint64_t>(counts_.suppressed));
    j_.end_object().end_object();
    j_.raw("\n");
    j_.flush();
  }

 private:
  JsonOut j_;
  SeverityCounts counts_;
};

}  // namespace

std::unique_ptr<FindingWriter> make_json_writer(const RunInfo& run, std::ostream& out) {
  return std::make_unique<JsonWriter>(run, out);
}

void write_json(std::span<const Finding> findings, const RunInfo& run, std::ostream& out) {
  auto w = make_json_writer(run, out);
  for (const Finding& f : findings) w->add(f);
  w->end();
}

}  // namespace clearance::report
