// CLR301: a container whose root filesystem is writable. `read_only: true` turns an attacker's
// foothold into one that cannot drop tools or change the application's files.
#include <memory>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.13", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule #8",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Compose file reference: read_only", "https://docs.docker.com/reference/compose-file/services/#read_only"},
    {"docker run --read-only", "https://docs.docker.com/reference/cli/docker/container/run/#read-only"},
};

constexpr RuleMeta kMeta{
    .id = "CLR301",
    .slug = "writable-root-filesystem",
    .title = "Root filesystem is writable",
    .severity = Severity::kLow,
    .production_severity = Severity::kMedium,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kRuntime,
    .fix = Fixability::kUnsafe,
    .summary = "Reports a service that does not set `read_only: true`, so its container can write "
               "anywhere in its root filesystem.",
    .rationale = "An attacker who gets code execution in a container with a writable root filesystem "
                 "can download tools, plant a web shell, replace the application's binaries or "
                 "configuration, and keep that foothold for as long as the container lives. A "
                 "read-only root filesystem confines writes to the volumes and tmpfs mounts the "
                 "service declares, which also documents where the application keeps its state. The "
                 "CIS Docker Benchmark and the baseline ask for it in production, where the severity "
                 "rises to medium.",
    .example = "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n",
    .instead = "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n    read_only: true\n    tmpfs:\n"
               "      - /tmp\n      - /var/tmp\n"
               "\nSet `read_only: true`, then give the application what it must write: a tmpfs for "
               "scratch space (`/tmp`, `/var/tmp`, `/run` for some images) and volumes for data it "
               "keeps. Start the stack and watch for \"Read-only file system\" errors to find the "
               "paths.",
    .fix_safety = "The fix adds `read_only: true` with tmpfs mounts for /tmp and /var/tmp. It is "
                  "unsafe: an application that writes elsewhere in its filesystem (caches, PID "
                  "files, generated configuration) fails until those paths get a tmpfs or a volume.",
    .references = kRefs,
};

class WritableRootFilesystem final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&, Reporter& out) const override {
    const model::Field<bool>& ro = service.read_only;
    if (ro.present) {
      if (ro.unknown() || ro.value) return;
      out.report(service, ro.span, "read_only is false: the root filesystem is writable");
      return;
    }
    if (!service.complete) return;
    out.report(service, service.name_span, "root filesystem is writable: no read_only: true");
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr301_writable_root_filesystem() { return std::make_unique<WritableRootFilesystem>(); }

}  // namespace clearance::rules
