// CLR111: `network_mode: host`, which gives the container the host's network stack.
#include <string>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.10", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker docs: Host network driver", "https://docs.docker.com/engine/network/drivers/host/"},
    {"Compose file reference: network_mode",
     "https://docs.docker.com/reference/compose-file/services/#network_mode"},
};

constexpr RuleMeta kMeta{
    .id = "CLR111",
    .slug = "host-network",
    .title = "Container shares the host's network namespace",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kPrivileges,
    .fix = Fixability::kNone,
    .summary = "Reports `network_mode: host`, and `network_mode: service:NAME` when that service uses the host's network.",
    .rationale = "With the host's network namespace the container sees every interface of the "
                 "host, can bind any host address and port, and can reach services that listen "
                 "only on the host's loopback (databases, admin interfaces, the cloud metadata "
                 "proxy, a Docker API on 127.0.0.1:2375). Every port it opens is open on the "
                 "host, without a `ports:` entry to review; with `NET_ADMIN` or `NET_RAW` it can "
                 "also change the host's firewall and routes or sniff its traffic. Network "
                 "isolation between this container and the host is gone.",
    .example = "services:\n  app:\n    image: ghcr.io/example/app:1.4\n    network_mode: host\n",
    .instead = "services:\n  app:\n    image: ghcr.io/example/app:1.4\n    ports:\n      - "
               "\"127.0.0.1:8080:8080\"\n\nUse the project's network and publish only the ports "
               "that must be reached from outside, bound to the address they are for. Tools that "
               "truly need the host's stack (some VPN clients, network monitors, DHCP or mDNS "
               "servers) should be reviewed and their finding suppressed with a reason.",
    .fix_safety = "No fix is offered: which ports to publish instead is a decision about the "
                  "service.",
    .references = kRefs,
};

class HostNetwork final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project& project,
                     Reporter& out) const override {
    const model::Text& mode = service.network_mode;
    if (!mode.present || mode.unknown()) return;
    if (mode.value == "host") {
      Finding& f = out.report(service, mode.span,
                              "service \"" + service.name + "\" uses the host's network stack "
                              "(network_mode: host)");
      f.fingerprint_content = "network_mode=host";
      return;
    }
    // `network_mode: service:vpn` joins vpn's network namespace: the host's when vpn uses it.
    if (const model::ContainerSpec* joined = host_network_joined(service, project)) {
      Finding& f = out.report(service, mode.span,
                              "service \"" + service.name + "\" uses the host's network stack: it joins the "
                              "network namespace of service \"" + joined->name + "\", which is the host's");
      f.related.push_back({joined->network_mode.span, "network_mode: host here"});
      f.fingerprint_content = "network_mode=" + mode.value;
    }
  }

 private:
  // The service whose host network `service` joins through `network_mode: service:NAME`
  // (followed through a chain of them), or null.
  static const model::ContainerSpec* host_network_joined(const model::ContainerSpec& service,
                                                         const model::Project& project) {
    const model::ContainerSpec* at = &service;
    for (size_t hops = 0; hops <= project.services.size(); ++hops) {
      const model::Text& mode = at->network_mode;
      if (!mode.present || mode.unknown() || !mode.value.starts_with("service:")) return nullptr;
      const std::string_view name = std::string_view(mode.value).substr(8);
      const model::ContainerSpec* next = nullptr;
      for (const model::ContainerSpec& s : project.services)
        if (s.name == name) next = &s;
      if (!next || next == &service) return nullptr;
      if (next->network_mode.present && !next->network_mode.unknown() && next->network_mode.value == "host")
        return next;
      at = next;
    }
    return nullptr;
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr111_host_network() { return std::make_unique<HostNetwork>(); }

}  // namespace clearance::rules
