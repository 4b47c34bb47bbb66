#pragma once
// Reporting a finding about a value of a compose file that rules find by scanning the file
// rather than by walking services (a URL in any scalar, an interpolation default, a token in
// the text): tagged with the service that holds the value, like the findings of service rules,
// so that per-service excludes and baseline fingerprints apply to it.
#include <string>
#include <utility>

#include "model/service_values.h"
#include "rules/rule.h"

namespace clearance::rules {

// Reports `message` at `at` once for each service holding the value there (a value merged into
// several services is each one's concern), or once untagged when no service holds it; each
// finding is handed to `refine`.
template <class Refine>
void report_value(const model::Project& project, Reporter& out, const Span& at, const std::string& message,
                  Refine&& refine) {
  const std::vector<model::ServiceValue> holders = model::services_at(project, at);
  if (holders.empty()) {
    refine(out.report(at, message));
    return;
  }
  for (const model::ServiceValue& h : holders) refine(out.report(*h.service, at, message));
}

}  // namespace clearance::rules
