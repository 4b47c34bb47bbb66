// CLR107: `cap_add` of a dangerous capability, graded by what it gives the container
// (knowledge/capabilities): critical for ALL, SYS_ADMIN, SYS_MODULE, SYS_RAWIO.
#include <memory>

#include "knowledge/capabilities.h"
#include "model/project.h"
#include "rules/privileges/privileges_common.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Docker Security Cheat Sheet, rule 3",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker docs: runtime privilege and Linux capabilities",
     "https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities"},
    {"Compose file reference: cap_add", "https://docs.docker.com/reference/compose-file/services/#cap_add"},
    {"capabilities(7)", "https://man7.org/linux/man-pages/man7/capabilities.7.html"},
};

constexpr RuleMeta kMeta{
    .id = "CLR107",
    .slug = "dangerous-capability",
    .title = "Dangerous capability is added",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kPrivileges,
    .fix = Fixability::kNone,
    .summary =
        "Reports a `cap_add` entry that grants a dangerous capability, graded: critical for "
        "`ALL`, `SYS_ADMIN`, `SYS_MODULE` and `SYS_RAWIO`; high for `NET_ADMIN`, `BPF`, "
        "`SYS_BOOT`, `PERFMON`, `SYS_TIME`, `SYSLOG`, `SYS_NICE`, `IPC_LOCK` and `LEASE`; medium "
        "for `SYS_PTRACE` and `DAC_READ_SEARCH`. Names are matched with or without the `CAP_` "
        "prefix and in any case.",
    .rationale =
        "Docker's default capability set is chosen so that root in a container cannot touch the "
        "host kernel. The critical capabilities undo that outright: SYS_ADMIN allows mounts and "
        "the cgroup release-agent escape, SYS_MODULE loads code into the host kernel, SYS_RAWIO "
        "reads and writes host memory and devices, and ALL is nearly `privileged: true`. The high "
        "ones reach state that is not namespaced (the clock, the kernel log, BPF and perf events, "
        "reboot) or let the container reconfigure networks or starve the host. SYS_PTRACE and "
        "DAC_READ_SEARCH open other processes and host files to the container.",
    .example =
        "services:\n"
        "  app:\n"
        "    image: ghcr.io/example/app:1.4\n"
        "    cap_add:\n"
        "      - SYS_ADMIN\n",
    .instead =
        "services:\n"
        "  app:\n"
        "    image: ghcr.io/example/app:1.4\n"
        "    cap_drop: [ALL]\n"
        "    devices:\n"
        "      - /dev/fuse:/dev/fuse\n"
        "\n"
        "Find out what the service actually does with the capability and grant the narrower "
        "thing: a device instead of SYS_ADMIN for FUSE, a port of 1024 or above instead of "
        "network administration, a sidecar that holds NET_ADMIN for the few seconds it "
        "configures a tunnel. Where a capability is truly needed (a VPN client's NET_ADMIN), "
        "keep it on that one small service and suppress the finding with a reason.",
    .fix_safety = "No fix is offered: removing a capability the service uses breaks it at runtime.",
    .references = kRefs,
};

class DangerousCapability final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    for (const model::Text& cap : service.cap_add) {
      if (cap.unknown()) continue;
      const std::string name = knowledge::normalise_capability(cap.value);
      const auto danger = knowledge::dangerous_capability(name);
      if (!danger) continue;
      Finding& f =
          out.report(service, cap.span,
                     privileges::service_label(service) + " adds " + name + ": " + std::string(danger->what));
      f.severity = danger->severity;
      f.fingerprint_content = "cap_add=" + name;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr107_dangerous_capability() { return std::make_unique<DangerousCapability>(); }

}  // namespace clearance::rules
