// CLR306: a container without a limit on its number of processes, open to a fork bomb.
#include <memory>

#include "model/project.h"
#include "rules/rule.h"
#include "rules/runtime/limit_value.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.29", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule #7",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Compose file reference: pids_limit", "https://docs.docker.com/reference/compose-file/services/#pids_limit"},
    {"Compose deploy specification: resources", "https://docs.docker.com/reference/compose-file/deploy/#resources"},
};

constexpr RuleMeta kMeta{
    .id = "CLR306",
    .slug = "pids-limit-missing",
    .title = "No PIDs limit",
    .severity = Severity::kLow,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kRuntime,
    .fix = Fixability::kNone,
    .summary = "Reports a service that sets neither `pids_limit` nor `deploy.resources.limits.pids`, "
               "or sets it to -1 or 0, which Docker reads as unlimited.",
    .rationale = "Processes and threads share one table per kernel. A container that may create them "
                 "without bound can exhaust it with a fork bomb or a thread leak, and then no "
                 "process on the host, sshd included, can start another. A PIDs limit stops that at "
                 "the container's border; a few hundred is plenty for most services.",
    .example = "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n    pids_limit: -1\n",
    .instead = "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n    pids_limit: 200\n"
               "\nSet `pids_limit` (or `deploy.resources.limits.pids`) well above the service's "
               "normal count of processes and threads (`docker stats` shows it under PIDS).",
    .fix_safety = "No fix is offered: a limit below what the service needs makes it fail to start "
                  "threads under load.",
    .references = kRefs,
};

class PidsLimitMissing final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&, Reporter& out) const override {
    const model::Text& pids = service.limits.pids;
    if (pids.present) {
      if (pids.unknown() || !means_unlimited(pids.value)) return;
      out.report(service, pids.span, "PIDs limit " + pids.value + " means unlimited");
      return;
    }
    if (!service.complete) return;
    out.report(service, service.name_span, "no PIDs limit (pids_limit or deploy.resources.limits.pids)");
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr306_pids_limit_missing() { return std::make_unique<PidsLimitMissing>(); }

}  // namespace clearance::rules
