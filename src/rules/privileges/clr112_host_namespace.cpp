// CLR112: a host namespace other than the network (CLR111): `pid`, `ipc`, `uts`, `userns_mode`
// or `cgroup` set to `host`.
#include <string>
#include <string_view>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.16, 5.17, 5.21, 5.31", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Compose file reference: pid", "https://docs.docker.com/reference/compose-file/services/#pid"},
    {"Compose file reference: ipc", "https://docs.docker.com/reference/compose-file/services/#ipc"},
    {"Docker docs: Isolate containers with a user namespace",
     "https://docs.docker.com/engine/security/userns-remap/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR112",
    .slug = "host-namespace",
    .title = "Container shares a host namespace",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kPrivileges,
    .fix = Fixability::kNone,
    .summary = "Reports `pid: host` and `ipc: host` (high), and `uts: host`, `userns_mode: host` "
               "and `cgroup: host` (medium). `network_mode: host` is CLR111.",
    .rationale = "Namespaces are what make a container a container. `pid: host` shows the "
                 "container every process on the host, with their command lines and environment "
                 "(often holding secrets), and lets it signal or, with `SYS_PTRACE`, attach to "
                 "them. `ipc: host` shares the host's System V IPC and `/dev/shm`, so the "
                 "container can read and corrupt other processes' shared memory. `uts: host` lets "
                 "it change the host's hostname; `userns_mode: host` opts out of the daemon's "
                 "user-namespace remapping (`userns-remap`), so on a host that relies on it the "
                 "container's root is the host's root again; "
                 "`cgroup: host` shows it the host's cgroup tree.",
    .example = "services:\n  agent:\n    image: ghcr.io/example/agent:2.1\n    pid: host\n    "
               "ipc: host\n",
    .instead = "services:\n  agent:\n    image: ghcr.io/example/agent:2.1\n\nRemove the option. "
               "To share processes or memory between two of your own services, use `pid: "
               "\"service:<name>\"` or `ipc: \"service:<name>\"` (or `ipc: shareable` on one "
               "side) rather than the host's namespace. Monitoring agents that must see the "
               "host's processes should be reviewed and their finding suppressed with a reason.",
    .fix_safety = "No fix is offered: a service that asks for a host namespace usually needs it "
                  "for what it does.",
    .references = kRefs,
};

struct Namespace {
  std::string_view key;
  const model::Text model::ContainerSpec::*field;
  Severity severity;
  std::string_view what;
};

constexpr Namespace kNamespaces[] = {
    {"pid", &model::ContainerSpec::pid, Severity::kHigh, "sees and can signal every host process"},
    {"ipc", &model::ContainerSpec::ipc, Severity::kHigh, "shares the host's IPC and shared memory"},
    {"uts", &model::ContainerSpec::uts, Severity::kMedium, "can change the host's hostname"},
    {"userns_mode", &model::ContainerSpec::userns_mode, Severity::kMedium,
     "runs without user-namespace remapping"},
    {"cgroup", &model::ContainerSpec::cgroup, Severity::kMedium, "sees the host's cgroup tree"},
};

class HostNamespace final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    for (const Namespace& ns : kNamespaces) {
      const model::Text& value = service.*ns.field;
      if (!value.present || value.unknown() || value.value != "host") continue;
      Finding& f = out.report(service, value.span,
                              std::string(ns.key) + ": host - service \"" + service.name + "\" " +
                                  std::string(ns.what));
      f.severity = ns.severity;
      f.fingerprint_content = std::string(ns.key) + "=host";
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr112_host_namespace() { return std::make_unique<HostNamespace>(); }

}  // namespace clearance::rules
