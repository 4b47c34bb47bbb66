// CLR308: a health check turned off with `disable: true` or `test: ["NONE"]`.
#include <memory>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.27", "https://www.cisecurity.org/benchmark/docker"},
    {"Compose file reference: healthcheck", "https://docs.docker.com/reference/compose-file/services/#healthcheck"},
    {"Dockerfile reference: HEALTHCHECK", "https://docs.docker.com/reference/dockerfile/#healthcheck"},
};

constexpr RuleMeta kMeta{
    .id = "CLR308",
    .slug = "healthcheck-disabled",
    .title = "Health check disabled",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kRuntime,
    .fix = Fixability::kNone,
    .summary = "Reports a `healthcheck:` with `disable: true` or `test: [\"NONE\"]`.",
    .rationale = "Disabling the health check switches off the one signal that tells Docker, "
                 "orchestrators and `depends_on: condition: service_healthy` whether the service "
                 "actually works; when the image defines a `HEALTHCHECK`, it also throws away a check "
                 "its authors wrote for it. A disabled check is usually a workaround for one that "
                 "failed, and the failure is still there.",
    .example = "services:\n  web:\n    image: ghcr.io/acme/web:3.0.2\n    healthcheck:\n      disable: true\n",
    .instead = "services:\n  web:\n    image: ghcr.io/acme/web:3.0.2\n    healthcheck:\n"
               "      test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost:8080/healthz\"]\n"
               "      interval: 30s\n      start_period: 20s\n"
               "\nFix the check instead of disabling it: a longer `start_period` or `timeout` is the "
               "usual answer to a check that fails during start-up.",
    .fix_safety = "No fix is offered: a working test depends on the service.",
    .references = kRefs,
};

class HealthcheckDisabled final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&, Reporter& out) const override {
    if (!service.healthcheck.disabled) return;
    out.report(service, service.healthcheck.span, "health check disabled");
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr308_healthcheck_disabled() { return std::make_unique<HealthcheckDisabled>(); }

}  // namespace clearance::rules
