// CLR101: `privileged: true`. A privileged container has every capability, every host device,
// no seccomp, AppArmor or SELinux confinement and a writable /sys: root in it is root on the host.
#include <memory>

#include "model/project.h"
#include "rules/privileges/privileges_common.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.5", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule 3",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker docs: runtime privilege and Linux capabilities",
     "https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities"},
    {"Compose file reference: privileged",
     "https://docs.docker.com/reference/compose-file/services/#privileged"},
};

constexpr RuleMeta kMeta{
    .id = "CLR101",
    .slug = "privileged",
    .title = "Container runs privileged",
    .severity = Severity::kCritical,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kPrivileges,
    .fix = Fixability::kNone,
    .summary = "Reports a service with `privileged: true`.",
    .rationale =
        "A privileged container gets every Linux capability, access to every host device, a "
        "writable /sys and no seccomp, AppArmor or SELinux confinement. A process in it can mount "
        "the host's disks, load kernel modules or write a cgroup release agent: root in the "
        "container is root on the host, and any code execution bug in the service becomes a host "
        "compromise. Very few workloads need it; most need one device or one capability.",
    .example =
        "services:\n"
        "  vpn:\n"
        "    image: qmcgaw/gluetun:v3.39\n"
        "    privileged: true\n",
    .instead =
        "services:\n"
        "  vpn:\n"
        "    image: qmcgaw/gluetun:v3.39\n"
        "    cap_drop: [ALL]\n"
        "    cap_add: [NET_ADMIN]\n"
        "    devices:\n"
        "      - /dev/net/tun:/dev/net/tun\n"
        "\n"
        "Remove `privileged` and grant only what the service needs: the capabilities "
        "(`cap_add`) and devices (`devices`) named in the image's documentation.",
    .fix_safety =
        "No fix is offered: what the service needs instead of `privileged` (which "
        "capabilities, which devices) is for its authors to decide.",
    .references = kRefs,
};

class Privileged final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    if (!service.privileged.present || !service.privileged.value) return;
    out.report(service, service.privileged.span,
               privileges::service_label(service) +
                   " runs privileged: every capability, every host device and no seccomp or "
                   "AppArmor confinement, so root in the container is root on the host");
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr101_privileged() { return std::make_unique<Privileged>(); }

}  // namespace clearance::rules
