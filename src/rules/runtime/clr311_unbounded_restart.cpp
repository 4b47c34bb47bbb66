// CLR311: a restart policy that restarts a failing container forever.
#include <charconv>
#include <memory>
#include <string>
#include <string_view>

#include "model/project.h"
#include "rules/image/service_image.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.15", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule #7",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker documentation: restart policies",
     "https://docs.docker.com/engine/containers/start-containers-automatically/"},
    {"Compose file reference: restart", "https://docs.docker.com/reference/compose-file/services/#restart"},
};

constexpr RuleMeta kMeta{
    .id = "CLR311",
    .slug = "unbounded-restart",
    .title = "Restart policy without a bound",
    .severity = Severity::kInfo,
    .production_severity = std::nullopt,
    .enabled_by_default = false,
    .enabled_in_production = false,
    .area = Area::kRuntime,
    .fix = Fixability::kNone,
    .summary = "Reports `restart: on-failure` without a retry count (and "
               "`deploy.restart_policy.condition: on-failure` or `any` without `max_attempts`), and "
               "`restart: always` or `unless-stopped` on a container known to have no health check. "
               "Off by default.",
    .rationale = "A container that fails at once on every start (bad configuration, a missing "
                 "dependency, an exploit that crashes it) is restarted again and again, with a delay "
                 "that grows only to a minute: the failure is hidden behind a container that looks "
                 "\"up\", logs fill with the same error, and each attempt consumes resources. The CIS "
                 "Docker Benchmark recommends `on-failure` with a small retry count. `always` and "
                 "`unless-stopped` are common and reasonable for long-running services, so they are "
                 "reported only where nothing else watches the container: no health check in the "
                 "service or its image. This rule is informational and off by default; select it "
                 "with `--select CLR311`.",
    .example = "services:\n  worker:\n    image: ghcr.io/acme/worker:1.8.0\n    restart: on-failure\n",
    .instead = "services:\n  worker:\n    image: ghcr.io/acme/worker:1.8.0\n    restart: on-failure:5\n"
               "\nBound the retries (`on-failure:5`, or `max_attempts` under `deploy.restart_policy`), "
               "or add a health check and alerting on unhealthy containers when the service must "
               "always come back.",
    .fix_safety = "No fix is offered: whether a service may stay down after repeated failures is an "
                  "operational choice.",
    .references = kRefs,
};

// "on-failure:N" with N > 0 bounds the retries; "on-failure" and "on-failure:0" do not.
bool bounded_on_failure(std::string_view policy) {
  const size_t colon = policy.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view count = policy.substr(colon + 1);
  int n = 0;
  const auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), n);
  return ec == std::errc() && end == count.data() + count.size() && n > 0;
}

class UnboundedRestart final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project& project,
                     Reporter& out) const override {
    const model::Text& restart = service.restart;
    if (restart.present) {
      if (restart.unknown()) return;
      const std::string& policy = restart.value;
      if (policy.starts_with("on-failure")) {
        if (!bounded_on_failure(policy))
          out.report(service, restart.span, "restart: " + policy + " retries forever");
        return;
      }
      if (policy == "always" || policy == "unless-stopped")
        report_without_healthcheck(service, project, restart, out);
      return;
    }
    // `deploy.restart_policy` applies when `restart` is not set.
    const model::Text& condition = service.restart_policy_condition;
    const model::Text& attempts = service.restart_policy_max_attempts;
    if (!condition.present || condition.unknown() || attempts.unknown()) return;
    if (condition.value != "on-failure" && condition.value != "any") return;
    if (attempts.present && attempts.value != "0") return;
    if (condition.value == "on-failure")
      out.report(service, condition.span, "restart_policy on-failure without max_attempts retries forever");
    else
      report_without_healthcheck(service, project, condition, out);
  }

 private:
  static void report_without_healthcheck(const model::ContainerSpec& service, const model::Project& project,
                                         const model::Text& policy, Reporter& out) {
    if (!service.complete) return;
    const HealthcheckState state = healthcheck_state(service, project);
    if (state != HealthcheckState::kAbsent && state != HealthcheckState::kDisabled) return;
    out.report(service, policy.span,
               "restart " + policy.value + " and no health check: failures are retried forever, unnoticed");
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr311_unbounded_restart() { return std::make_unique<UnboundedRestart>(); }

}  // namespace clearance::rules
