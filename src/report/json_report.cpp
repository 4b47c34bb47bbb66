// The JSON report: a versioned contract for scripts. Changing its shape bumps kSchemaVersion.
// Written as a stream, one finding per line.
#include "report/json_out.h"
#include "report/report.h"

namespace clearance::report {
namespace {

using rules::Finding;
using rules::Severity;

constexpr int kSchemaVersion = 1;

void position(JsonOut& j, const source::Position& p, uint32_t offset) {
  j.begin_object().key("line").value(p.line).key("column").value(p.column).key("offset").value(offset).end_object();
}

// "file", "start" and "end" of a span; nulls for a finding tied to no file.
void location(JsonOut& j, const source::Span& span) {
  if (!span.valid()) {
    j.key("file").null().key("start").null().key("end").null();
    return;
  }
  j.key("file").value(span.file->path());
  j.key("start");
  position(j, span.start, span.begin);
  j.key("end");
  position(j, span.stop, span.end);
}

class JsonWriter final : public FindingWriter {
 public:
  JsonWriter(const RunInfo& run, std::ostream& out) : j_(out) {
    j_.begin_object().key("schema_version").value(kSchemaVersion);
    j_.key("tool").begin_object().key("name").value("clearance").key("version").value(run.tool_version).end_object();
    j_.key("findings").begin_array();
  }

  void format(const Finding& f, std::string& out) const override {
    JsonOut j(out);
    j.begin_object();
    j.key("rule_id").value(f.rule->id).key("slug").value(f.rule->slug).key("title").value(f.rule->title);
    j.key("severity").value(rules::to_string(f.severity)).key("message").value(f.message);
    location(j, f.span);
    // File-level findings (a parse error, a committed .env) concern no service.
    j.key("service");
    if (f.service.empty()) j.null();
    else j.value(f.service);
    j.key("profiles").begin_array();
    for (const std::string& p : f.profiles) j.value(p);
    j.end_array();
    j.key("related").begin_array();
    for (const rules::Related& r : f.related) {
      j.begin_object();
      location(j, r.span);
      j.key("message").value(r.message).end_object();
    }
    j.end_array();
    j.key("fingerprint").value(fingerprint(f));
    // Optional, present only on suppressed findings (an addition: schema_version stays 1).
    if (f.suppression) {
      j.key("suppressed").begin_object().key("kind").value(rules::to_string(f.suppression->kind));
      j.key("reason").value(f.suppression->reason).end_object();
    }
    j.end_object();
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
