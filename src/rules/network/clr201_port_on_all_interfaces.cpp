// CLR201: a port published on every interface of the host (no host IP, 0.0.0.0 or ::), where
// Docker's own packet-filter rules put it ahead of host firewalls such as UFW.
#include <string>

#include "model/project.h"
#include "rules/network/published_ports.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.14", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule 5",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker docs: Port publishing and mapping",
     "https://docs.docker.com/engine/network/port-publishing/"},
    {"Docker docs: Docker with ufw and firewalld",
     "https://docs.docker.com/engine/network/packet-filtering-firewalls/#docker-and-ufw"},
    {"Compose file reference: ports",
     "https://docs.docker.com/reference/compose-file/services/#ports"},
};

constexpr RuleMeta kMeta{
    .id = "CLR201",
    .slug = "port-on-all-interfaces",
    .title = "Port published on all host interfaces",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kNetwork,
    .fix = Fixability::kUnsafe,
    .summary = "Reports a published port that is bound to every interface of the host: short "
               "syntax with no host IP (`\"8080:80\"`), with `0.0.0.0:` or `[::]:`, a bare "
               "container port (`\"3000\"`, published on a random host port), and the long "
               "syntax without `host_ip` or with `host_ip: 0.0.0.0`. Ports bound to an address "
               "(`127.0.0.1:8080:80`, a LAN address) are not reported.",
    .rationale = "A port published without a host IP listens on every address of the host, "
                 "including its public one. Docker forwards it with its own iptables/nftables "
                 "rules: incoming packets are rewritten (DNAT) in `PREROUTING` and forwarded to "
                 "the container, so they never pass the host's `INPUT` chain, where UFW and "
                 "hand-written firewall rules filter traffic. A port that looks blocked by "
                 "`ufw deny` is open to the internet; rules meant for container traffic belong in "
                 "the `DOCKER-USER` chain. Development stacks that publish a database, an admin "
                 "panel or a debug port \"for convenience\" expose it to anyone who can reach the "
                 "machine.",
    .example = "services:\n  web:\n    image: ghcr.io/example/web:1.4\n    ports:\n      - "
               "\"8080:80\"\n      - \"3000\"\n",
    .instead = "services:\n  web:\n    image: ghcr.io/example/web:1.4\n    ports:\n      - "
               "\"127.0.0.1:8080:80\"\n\nBind each port to the address it is meant for: "
               "`127.0.0.1` (and `[::1]`) when only this host (or an SSH tunnel, or a reverse "
               "proxy on the host) needs it, a private interface's address for a LAN. A service "
               "that must be public, such as a reverse proxy on 80 and 443, may keep listening "
               "on all interfaces; suppress the finding with a reason so that the choice is "
               "visible. Services that only talk to each other need no `ports:` at all: they "
               "reach one another on the project network.",
    .fix_safety = "Unsafe: the fix binds the port to 127.0.0.1 (`\"127.0.0.1:8080:80\"`, or "
                  "`host_ip: 127.0.0.1` in the long syntax). Anything that reached the port from "
                  "another machine, a phone on the LAN or a reverse proxy on another host, stops "
                  "working, so the fix is only applied with `--unsafe`. No fix is made inside an "
                  "anchor, a merged region or an interpolated value.",
    .references = kRefs,
};

class PortOnAllInterfaces final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    if (!network::publishes_ports(service)) return;
    for (const model::Port& port : service.ports) {
      if (!port.is_published() || network::port_unknown(port) || !port.all_interfaces()) continue;
      const std::string text = network::port_text(port);
      std::string message;
      if (port.published_random)
        message = "\"" + text + "\" publishes container port " +
                  network::range_text(port.target_start, port.target_end) +
                  " on a random host port on all interfaces";
      else
        message = "\"" + text + "\" publishes host port " +
                  network::range_text(*port.published_start, *port.published_end) +
                  " on all interfaces";
      message += ", bypassing host firewalls such as UFW; bind it to 127.0.0.1 if only this "
                 "host needs it";
      Finding& f = out.report(service, network::binding_span(port), std::move(message));
      f.fingerprint_content = text;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr201_port_on_all_interfaces() {
  return std::make_unique<PortOnAllInterfaces>();
}

}  // namespace clearance::rules
