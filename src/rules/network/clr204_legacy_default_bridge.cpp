// CLR204: `network_mode: bridge`, which takes the service off the project's own network and
// puts it on Docker's default bridge, shared with every other stack on the host.
#include <string>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Docker Security Cheat Sheet, rule 5",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker docs: Bridge network driver, differences between user-defined bridges and the "
     "default bridge",
     "https://docs.docker.com/engine/network/drivers/bridge/"
     "#differences-between-user-defined-bridges-and-the-default-bridge"},
    {"Docker docs: Networking in Compose", "https://docs.docker.com/compose/how-tos/networking/"},
    {"Compose file reference: network_mode",
     "https://docs.docker.com/reference/compose-file/services/#network_mode"},
};

constexpr RuleMeta kMeta{
    .id = "CLR204",
    .slug = "legacy-default-bridge",
    .title = "Service on Docker's default bridge network",
    .severity = Severity::kLow,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kNetwork,
    .fix = Fixability::kNone,
    .summary = "Reports `network_mode: bridge`. A service without `network_mode` is not "
               "reported: Compose already puts it on the project's own network, which is a "
               "dedicated user-defined bridge.",
    .rationale = "`network_mode: bridge` attaches the container to Docker's default `bridge` "
                 "network, the one `docker run` uses. Every container started without a network "
                 "of its own (a plain `docker run`, other stacks' `network_mode: bridge`) shares "
                 "it, and by default they can all reach each other on every port. The default "
                 "bridge has no service-name DNS, so such set-ups tend to fall back to published "
                 "ports or legacy `links`. "
                 "Compose's project network (or a network you declare) is a dedicated "
                 "user-defined bridge: only this project's services are on it and they find each "
                 "other by name.",
    .example = "services:\n  app:\n    image: ghcr.io/example/app:1.4\n    network_mode: bridge\n",
    .instead = "services:\n  app:\n    image: ghcr.io/example/app:1.4\n    networks: [backend]\n"
               "networks:\n  backend: {}\n\nRemove `network_mode: bridge`; the service then "
               "joins the project's default network. Declare networks of your own to split "
               "front-end from back-end services.",
    .fix_safety = "No fix is offered: other containers on the default bridge may be reaching "
                  "this one by its IP address.",
    .references = kRefs,
};

class LegacyDefaultBridge final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    const model::Text& mode = service.network_mode;
    if (!mode.present || mode.unknown() || mode.value != "bridge") return;
    Finding& f = out.report(service, mode.span,
                            "network_mode: bridge puts service \"" + service.name +
                                "\" on Docker's default bridge, shared with containers of "
                                "other stacks; remove it to use the project network");
    f.fingerprint_content = "network_mode=bridge";
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr204_legacy_default_bridge() {
  return std::make_unique<LegacyDefaultBridge>();
}

}  // namespace clearance::rules
