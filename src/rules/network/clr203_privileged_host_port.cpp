// CLR203: a container port mapped to a privileged host port (below 1024).
#include <string>

#include "model/project.h"
#include "rules/network/published_ports.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.8", "https://www.cisecurity.org/benchmark/docker"},
    {"Docker docs: Port publishing and mapping",
     "https://docs.docker.com/engine/network/port-publishing/"},
    {"Compose file reference: ports",
     "https://docs.docker.com/reference/compose-file/services/#ports"},
};

constexpr RuleMeta kMeta{
    .id = "CLR203",
    .slug = "privileged-host-port",
    .title = "Container port mapped to a privileged host port",
    .severity = Severity::kLow,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kNetwork,
    .fix = Fixability::kNone,
    .summary = "Reports a published port whose host port, or the start of whose host port "
               "range, is below 1024 (`\"80:8080\"`, `\"1000-1100:1000-1100\"`, `published: "
               "22`). HTTP and HTTPS on 80 and 443 are not reported: that is where the CIS "
               "Benchmark expects a reverse proxy or load balancer, and where one must be. Random "
               "host ports are never privileged and are not reported.",
    .rationale = "Ports below 1024 are privileged on the host: only root may bind them, and "
                 "clients, firewall rules and monitoring treat them as the host's own system "
                 "services (SSH on 22, DNS on 53, SMTP on 25, HTTP on 80 and 443). Docker lets a "
                 "container take one anyway, because the daemon that binds it runs as root. A "
                 "container mapped onto such a port can impersonate, or block the start of, the "
                 "host service that should own it. The CIS Benchmark notes the expected "
                 "exception: load balancers and reverse proxies bind 80 and 443.",
    .example = "services:\n  api:\n    image: ghcr.io/example/api:2.3\n    ports:\n      - "
               "\"127.0.0.1:25:2525\"\n",
    .instead = "services:\n  api:\n    image: ghcr.io/example/api:2.3\n    ports:\n      - "
               "\"127.0.0.1:8080:8080\"\n\nPublish an unprivileged host port (1024 or above) "
               "and, where the standard port matters to clients, let a reverse proxy that owns "
               "80 and 443 forward to it. For the proxy itself, or a DNS server that must answer "
               "on 53, suppress the finding with a reason.",
    .fix_safety = "No fix is offered: clients use the port the service is published on.",
    .references = kRefs,
};

// 80 and 443 alone are the reverse proxy's ports (CIS 5.8's stated exception).
bool is_web_port(uint32_t start, uint32_t end) { return start == end && (start == 80 || start == 443); }

class PrivilegedHostPort final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    if (!network::publishes_ports(service)) return;
    for (const model::Port& port : service.ports) {
      if (!port.published_start || network::port_unknown(port)) continue;
      const uint32_t host_port = *port.published_start;
      if (host_port == 0 || host_port >= 1024) continue;  // 0: Docker picks a free port
      if (is_web_port(host_port, *port.published_end)) continue;
      const model::Span at = port.published_span.valid() ? port.published_span : port.span;
      const std::string text = network::port_text(port);
      Finding& f = out.report(service, at,
                              "host port " + network::range_text(host_port, *port.published_end) +
                                  " of \"" + text + "\" is a privileged port (below 1024)");
      f.fingerprint_content = text;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr203_privileged_host_port() {
  return std::make_unique<PrivilegedHostPort>();
}

}  // namespace clearance::rules
