// CLR304: a container without a memory limit, which can take all of the host's memory.
#include <memory>

#include "model/project.h"
#include "rules/rule.h"
#include "rules/runtime/limit_value.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.11", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule #7",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Compose deploy specification: resources", "https://docs.docker.com/reference/compose-file/deploy/#resources"},
    {"Docker documentation: resource constraints", "https://docs.docker.com/engine/containers/resource_constraints/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR304",
    .slug = "memory-limit-missing",
    .title = "No memory limit",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kRuntime,
    .fix = Fixability::kNone,
    .summary = "Reports a service that sets neither `deploy.resources.limits.memory` nor `mem_limit` "
               "(or sets it to 0 or -1, which mean no limit; a `deploy` limit of 0 leaves "
               "`mem_limit` in force, as Compose reads them). A reservation "
               "(`deploy.resources.reservations.memory`, `mem_reservation`) is not a limit.",
    .rationale = "Without a limit, a container may use all of the host's memory: a leak, a large "
                 "request or a deliberate attack then starves every other container and the host "
                 "itself, until the kernel's out-of-memory killer ends a process that may not be the "
                 "culprit. A limit turns that into a restart of the one container at fault. Both "
                 "forms are honoured by Docker Compose v2 whatever the file's `version:`; a "
                 "reservation only guides scheduling and caps nothing.",
    .example = "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n    deploy:\n      resources:\n"
               "        reservations:\n          memory: 256M\n",
    .instead = "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n    deploy:\n      resources:\n"
               "        limits:\n          memory: 512M\n        reservations:\n          memory: 256M\n"
               "\nSet a limit somewhat above the service's observed peak (`docker stats` shows "
               "current use).",
    .fix_safety = "No fix is offered: the right limit depends on the workload, and one set too low "
                  "makes the container crash under load.",
    .references = kRefs,
};

class MemoryLimitMissing final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&, Reporter& out) const override {
    const model::Text& memory = service.limits.memory;
    if (memory.present) {
      if (memory.unknown() || !means_unlimited(memory.value)) return;
      out.report(service, memory.span, "memory limit " + memory.value + " sets no limit");
      return;
    }
    if (!service.complete) return;
    out.report(service, service.name_span, "no memory limit (deploy.resources.limits.memory or mem_limit)");
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr304_memory_limit_missing() { return std::make_unique<MemoryLimitMissing>(); }

}  // namespace clearance::rules
