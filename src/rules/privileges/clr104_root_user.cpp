// CLR104: `user:` set to root explicitly (`root`, `0`, `0:0`, `root:root`).
#include <memory>

#include "model/project.h"
#include "rules/privileges/privileges_common.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Docker Security Cheat Sheet, rule 2",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker docs: Dockerfile best practices, USER",
     "https://docs.docker.com/build/building/best-practices/#user"},
    {"Compose file reference: user", "https://docs.docker.com/reference/compose-file/services/#user"},
    {"Docker docs: isolate containers with a user namespace",
     "https://docs.docker.com/engine/security/userns-remap/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR104",
    .slug = "root-user",
    .title = "Service is set to run as root",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kPrivileges,
    .fix = Fixability::kNone,
    .summary =
        "Reports `user:` naming the root user: `root`, `0`, `0:0`, `root:root` or root with "
        "any group.",
    .rationale =
        "Without user namespace remapping, uid 0 in a container is uid 0 on the host. Root in the "
        "container owns every file it can reach through bind mounts and volumes, keeps Docker's "
        "default capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, ...), and turns any kernel "
        "or runtime escape into root on the host. Setting `user: root` explicitly also overrides "
        "an image whose authors chose to run as an unprivileged user.",
    .example =
        "services:\n"
        "  app:\n"
        "    image: ghcr.io/example/app:1.4\n"
        "    user: root\n",
    .instead =
        "services:\n"
        "  app:\n"
        "    image: ghcr.io/example/app:1.4\n"
        "    user: \"10001:10001\"\n"
        "\n"
        "Run as an unprivileged uid and gid. If the service needs root only to fix file "
        "ownership, fix it once (in the image or in a one-off init service) instead. If it "
        "must bind a port below 1024, add `NET_BIND_SERVICE` or use a higher port.",
    .fix_safety =
        "No fix is offered: which user the service can run as depends on the ownership "
        "of its files and volumes.",
    .references = kRefs,
};

class RootUser final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    const auto user = privileges::parse_user(service.user);
    if (!user || !privileges::is_root_name(user->name)) return;
    Finding& f =
        out.report(service, service.user.span,
                   privileges::service_label(service) + " runs as root (user: \"" + service.user.value +
                       "\"): an escape from the container, or a writable host mount, gives root "
                       "on the host");
    f.fingerprint_content = "user=root";
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr104_root_user() { return std::make_unique<RootUser>(); }

}  // namespace clearance::rules
