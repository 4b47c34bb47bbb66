// CLR310: a container whose output is thrown away (`logging.driver: none`).
#include <memory>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"Docker documentation: configure logging drivers", "https://docs.docker.com/engine/logging/configure/"},
    {"Compose file reference: logging", "https://docs.docker.com/reference/compose-file/services/#logging"},
    {"OWASP Logging Cheat Sheet", "https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html"},
};

constexpr RuleMeta kMeta{
    .id = "CLR310",
    .slug = "logging-disabled",
    .title = "Container logging disabled",
    .severity = Severity::kLow,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kRuntime,
    .fix = Fixability::kNone,
    .summary = "Reports `logging.driver: none`.",
    .rationale = "With the `none` driver, everything the container writes to stdout and stderr is "
                 "discarded: `docker logs` shows nothing, and errors, access logs and the traces of "
                 "an intrusion are gone. If the aim was to save disk space, rotation does that "
                 "without losing the recent past.",
    .example = "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n    logging:\n      driver: none\n",
    .instead = "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n    logging:\n      driver: local\n"
               "\nUse a rotating driver (`local`, or `json-file` with `max-size` and `max-file`) or "
               "ship the logs to a collector (`syslog`, `journald`, `fluentd`, ...).",
    .fix_safety = "No fix is offered: where logs should go is an operational choice.",
    .references = kRefs,
};

class LoggingDisabled final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&, Reporter& out) const override {
    const model::Text& driver = service.logging.driver;
    if (!driver.present || driver.unknown() || driver.value != "none") return;
    out.report(service, driver.span, "logging driver none discards the container's output");
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr310_logging_disabled() { return std::make_unique<LoggingDisabled>(); }

}  // namespace clearance::rules
