// CLR114: a bind mount with `shared` or `rshared` propagation, so mounts made inside the
// container appear on the host.
#include <string>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.20", "https://www.cisecurity.org/benchmark/docker"},
    {"Docker docs: Bind mounts, configure bind propagation",
     "https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation"},
    {"Compose file reference: volumes",
     "https://docs.docker.com/reference/compose-file/services/#volumes"},
};

constexpr RuleMeta kMeta{
    .id = "CLR114",
    .slug = "shared-mount-propagation",
    .title = "Bind mount shares mount events with the host",
    .severity = Severity::kLow,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kPrivileges,
    .fix = Fixability::kNone,
    .summary = "Reports bind mounts whose propagation is `shared` or `rshared`, in short syntax "
               "(`/src:/dst:rshared`) or long syntax (`bind.propagation`).",
    .rationale = "With shared propagation, a mount made inside the container under the bind "
                 "target is also made on the host, and the other way round. A container that can "
                 "mount (with `SYS_ADMIN`, or privileged) can then mount filesystems or hide "
                 "host paths under a new mount where host processes will use them. Docker's "
                 "default, `rprivate`, keeps the container's mount events to itself.",
    .example = "services:\n  app:\n    image: ghcr.io/example/app:1.4\n    volumes:\n      - "
               "/srv/data:/data:rshared\n",
    .instead = "services:\n  app:\n    image: ghcr.io/example/app:1.4\n    volumes:\n      - "
               "/srv/data:/data\n\nRemove the propagation option. If the container must see "
               "mounts that the host makes later (a CSI or FUSE helper, for instance), `rslave` "
               "passes them from host to container without passing the container's mounts back.",
    .fix_safety = "No fix is offered: a storage helper that uses shared propagation may need it "
                  "to publish its mounts to the host.",
    .references = kRefs,
};

class SharedMountPropagation final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    for (const model::Mount& mount : service.volumes) {
      if (mount.type != model::Mount::Type::kBind || mount.unknown) continue;
      const model::Text& prop = mount.propagation;
      if (!prop.present || prop.unknown()) continue;
      if (prop.value != "shared" && prop.value != "rshared") continue;
      Finding& f = out.report(service, prop.span,
                              "bind mount of " + mount.source.value + " uses " + prop.value +
                                  " propagation: mounts made in the container reach the host");
      f.fingerprint_content = mount.source.value + ":" + prop.value;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr114_shared_mount_propagation() {
  return std::make_unique<SharedMountPropagation>();
}

}  // namespace clearance::rules
