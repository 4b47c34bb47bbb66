// CLR115: `cgroup_parent`, which places the container in a cgroup of the author's choosing
// instead of Docker's own.
#include <string>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.25", "https://www.cisecurity.org/benchmark/docker"},
    {"Compose file reference: cgroup_parent",
     "https://docs.docker.com/reference/compose-file/services/#cgroup_parent"},
    {"docker run reference (--cgroup-parent)",
     "https://docs.docker.com/reference/cli/docker/container/run/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR115",
    .slug = "cgroup-parent",
    .title = "Container placed under a custom parent cgroup",
    .severity = Severity::kLow,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kPrivileges,
    .fix = Fixability::kNone,
    .summary = "Reports a service that sets `cgroup_parent`.",
    .rationale = "Docker puts each container in its own cgroup under a parent that it manages, "
                 "where the container's resource limits apply. `cgroup_parent` moves the "
                 "container under another parent, whose limits (or lack of them) it then "
                 "shares: a container placed under a system or shared slice can starve other "
                 "workloads of CPU, memory or processes, or escape the limits set for containers "
                 "on this host. The CIS Benchmark asks that the default parent be kept unless "
                 "the change is reviewed.",
    .example = "services:\n  worker:\n    image: ghcr.io/example/worker:2.0\n    cgroup_parent: "
               "system.slice\n",
    .instead = "services:\n  worker:\n    image: ghcr.io/example/worker:2.0\n    deploy:\n      "
               "resources:\n        limits:\n          cpus: \"1\"\n          memory: 512M\n\n"
               "Remove `cgroup_parent` and set the service's limits directly. Where a dedicated "
               "parent is part of the host's design (a slice with its own limits for a group of "
               "containers), keep it and suppress the finding with a reason.",
    .fix_safety = "No fix is offered: the parent cgroup may be part of the host's resource plan.",
    .references = kRefs,
};

class CgroupParent final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    const model::Text& parent = service.cgroup_parent;
    if (!parent.present || parent.unknown() || parent.value.empty()) return;
    Finding& f = out.report(service, parent.span,
                            "service \"" + service.name + "\" runs under parent cgroup \"" +
                                parent.value + "\" instead of Docker's own");
    f.fingerprint_content = parent.value;
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr115_cgroup_parent() { return std::make_unique<CgroupParent>(); }

}  // namespace clearance::rules
