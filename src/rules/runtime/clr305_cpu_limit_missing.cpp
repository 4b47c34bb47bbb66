// CLR305: a container without a CPU limit, which can take every core of the host.
#include <memory>

#include "model/project.h"
#include "rules/rule.h"
#include "rules/runtime/limit_value.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.12", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule #7",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Compose deploy specification: resources", "https://docs.docker.com/reference/compose-file/deploy/#resources"},
    {"Docker documentation: resource constraints",
     "https://docs.docker.com/engine/containers/resource_constraints/#cpu"},
};

constexpr RuleMeta kMeta{
    .id = "CLR305",
    .slug = "cpu-limit-missing",
    .title = "No CPU limit",
    .severity = Severity::kLow,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kRuntime,
    .fix = Fixability::kNone,
    .summary = "Reports a service that sets none of `deploy.resources.limits.cpus`, `cpus` and "
               "`cpu_quota` (or sets them to 0 or -1, which mean no limit). `cpu_shares` and "
               "reservations only weigh containers against each other and are not limits.",
    .rationale = "A container without a CPU limit can keep every core busy: a runaway loop, a "
                 "crypto-miner planted by an attacker or a flood of expensive requests then slows "
                 "down every other service on the host, health checks included. A limit confines "
                 "the damage to the container at fault.",
    .example = "services:\n  worker:\n    image: ghcr.io/acme/worker:1.8.0\n",
    .instead = "services:\n  worker:\n    image: ghcr.io/acme/worker:1.8.0\n    deploy:\n      resources:\n"
               "        limits:\n          cpus: \"1.5\"\n"
               "\nSet `cpus` to the number of cores the service may use at most.",
    .fix_safety = "No fix is offered: the right limit depends on the workload, and one set too low "
                  "throttles the service.",
    .references = kRefs,
};

class CpuLimitMissing final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&, Reporter& out) const override {
    const model::Text& cpus = service.limits.cpus;
    const model::Text& quota = service.limits.cpu_quota;
    if (cpus.unknown() || quota.unknown()) return;
    const bool cpus_limit = cpus.present && !means_unlimited(cpus.value);
    const bool quota_limit = quota.present && !means_unlimited(quota.value);
    if (cpus_limit || quota_limit) return;
    if (cpus.present) {
      out.report(service, cpus.span, "cpus " + cpus.value + " sets no CPU limit");
      return;
    }
    if (quota.present) {
      out.report(service, quota.span, "cpu_quota " + quota.value + " sets no CPU limit");
      return;
    }
    if (!service.complete) return;
    out.report(service, service.name_span, "no CPU limit (deploy.resources.limits.cpus or cpus)");
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr305_cpu_limit_missing() { return std::make_unique<CpuLimitMissing>(); }

}  // namespace clearance::rules
