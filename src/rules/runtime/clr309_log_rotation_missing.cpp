// CLR309: json-file logging (Docker's default) without rotation, which lets a container's log
// grow until the disk is full.
#include <memory>
#include <string>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"Docker documentation: JSON File logging driver", "https://docs.docker.com/engine/logging/drivers/json-file/"},
    {"Docker documentation: local logging driver", "https://docs.docker.com/engine/logging/drivers/local/"},
    {"Docker documentation: configure logging drivers", "https://docs.docker.com/engine/logging/configure/"},
    {"Compose file reference: logging", "https://docs.docker.com/reference/compose-file/services/#logging"},
};

constexpr RuleMeta kMeta{
    .id = "CLR309",
    .slug = "log-rotation-missing",
    .title = "Container logs are not rotated",
    .severity = Severity::kLow,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kRuntime,
    .fix = Fixability::kSafe,
    .summary = "Reports a service that logs with the `json-file` driver (Docker's default when no "
               "`logging.driver` is set) without both `max-size` and `max-file` options. The "
               "`local` driver rotates by default and other drivers ship logs elsewhere: neither is "
               "reported.",
    .rationale = "The `json-file` driver keeps everything a container writes to stdout and stderr in "
                 "one file under /var/lib/docker, and by default never rotates it. A chatty service, "
                 "a crash loop or an attacker who can make the service log (failed logins, long "
                 "URLs) then fills the disk, and with it every other container and the Docker "
                 "daemon. `max-size` starts a new file at that size; `max-file` keeps that many, so "
                 "that the newest logs do not disappear whenever the single file is cut. A default "
                 "set for the whole host in /etc/docker/daemon.json is not visible here: if you rely "
                 "on one, switch this rule off in the configuration.",
    .example = "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n",
    .instead = "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n    logging:\n      driver: json-file\n"
               "      options:\n        max-size: \"10m\"\n        max-file: \"3\"\n"
               "\nSet both options, or use `driver: local`, which rotates on its own (5 files of "
               "20 MB). With many services, define the block once under `x-logging: &logging` and "
               "use `logging: *logging`.",
    .fix_safety = "The fix adds `max-size: \"10m\"` and `max-file: \"3\"` where they are missing. It "
                  "is safe: it changes how much old log output Docker keeps on disk, nothing about "
                  "how the container runs.",
    .references = kRefs,
};

class LogRotationMissing final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&, Reporter& out) const override {
    if (!service.complete) return;
    const model::Logging& logging = service.logging;
    const model::Text& driver = logging.driver;
    if (driver.present && (driver.unknown() || driver.value != "json-file")) return;

    const model::Text* size = logging.option("max-size");
    const model::Text* files = logging.option("max-file");
    if ((size && size->unknown()) || (files && files->unknown())) return;
    // "-1", Docker's own default, means unlimited; max-file does nothing without max-size.
    const bool has_size = size && !size->value.empty() && size->value != "-1";
    const bool has_files = files && !files->value.empty();
    if (has_size && has_files) return;

    const Span at = driver.present ? driver.span : logging.present ? logging.span : service.name_span;
    std::string message;
    if (!has_size && !has_files) message = "json-file logs are never rotated: no max-size or max-file";
    else if (!has_size) message = "json-file logging without max-size: the log grows without bound";
    else message = "json-file logging without max-file: one file, cut when it reaches max-size";
    out.report(service, at, message);
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr309_log_rotation_missing() { return std::make_unique<LogRotationMissing>(); }

}  // namespace clearance::rules
