// CLR202: a database, cache, broker or object-store port of a known image published to the
// host. Datastores should be reached over the project network, not through the host.
#include <algorithm>
#include <string>

#include "knowledge/images.h"
#include "model/image_ref.h"
#include "model/project.h"
#include "rules/network/published_ports.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Docker Security Cheat Sheet, rule 5",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker docs: Port publishing and mapping",
     "https://docs.docker.com/engine/network/port-publishing/"},
    {"Docker docs: Networking in Compose", "https://docs.docker.com/compose/how-tos/networking/"},
    {"Compose file reference: ports",
     "https://docs.docker.com/reference/compose-file/services/#ports"},
};

constexpr RuleMeta kMeta{
    .id = "CLR202",
    .slug = "datastore-port-published",
    .title = "Datastore port published to the host",
    .severity = Severity::kMedium,
    .production_severity = Severity::kHigh,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kNetwork,
    .fix = Fixability::kNone,
    .summary = "Reports a published port that is the data or admin port of a well-known "
               "database, cache, message broker or object store (PostgreSQL 5432, MySQL and "
               "MariaDB 3306, Redis 6379, MongoDB 27017, Elasticsearch 9200/9300, MinIO "
               "9000/9001, RabbitMQ 5672/15672, Memcached 11211, etcd 2379, ...), matched on "
               "the container port of a service whose image is in clearance's image table. "
               "Medium, or low when the port is bound to a loopback address; with "
               "`--production`, high, or medium when bound to loopback. Images that are not in "
               "the table are never reported.",
    .rationale = "Datastores hold the data an attacker wants, and many listen without "
                 "authentication by default (Redis, Memcached, Elasticsearch before 8, MongoDB "
                 "in older set-ups) or with a default password. Internet-wide scans find and "
                 "ransom exposed databases within hours. The application containers reach the "
                 "datastore over the project network by its service name and need no published "
                 "port; publishing it only adds a way in from outside, and Docker's port rules "
                 "bypass host firewalls such as UFW. The baseline asks that production stacks "
                 "publish no database or cache port at all and use an SSH tunnel or VPN for "
                 "administration.",
    .example = "services:\n  db:\n    image: postgres:16\n    ports:\n      - \"5432:5432\"\n",
    .instead = "services:\n  db:\n    image: postgres:16\n    # no ports: the app reaches it as "
               "db:5432 on the project network\n\nRemove the `ports:` entry. When you need to "
               "reach the datastore from the host during development, bind it to loopback "
               "(`\"127.0.0.1:5432:5432\"`), ideally in a `compose.override.yaml` that "
               "production does not use, or run the client with `docker compose exec`.",
    .fix_safety = "No fix is offered: removing the port breaks tools on the host that use it, "
                  "and only the authors know whether any do.",
    .references = kRefs,
};

class DatastorePortPublished final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    if (!service.image.present || service.image.unknown()) return;
    if (!network::publishes_ports(service)) return;
    model::ImageRef ref;
    if (!model::parse_image_ref(service.image.value, ref)) return;
    const knowledge::ImageFacts* facts = knowledge::find_image(ref);
    if (!facts || facts->datastore_ports.empty()) return;
    for (const model::Port& port : service.ports) {
      if (!port.is_published() || network::port_unknown(port)) continue;
      const auto hit =
          std::find_if(facts->datastore_ports.begin(), facts->datastore_ports.end(),
                       [&](uint16_t p) { return p >= port.target_start && p <= port.target_end; });
      if (hit == facts->datastore_ports.end()) continue;
      const bool loopback = port.loopback();
      std::string where;
      if (loopback) where = "on loopback";
      else if (port.all_interfaces()) where = "on all interfaces";
      else where = "on " + port.host_ip.value;
      const std::string text = network::port_text(port);
      Finding& f = out.report(service, network::binding_span(port),
                              std::string(facts->product) + " port " + std::to_string(*hit) +
                                  " is published to the host " + where + " (\"" + text + "\")");
      if (loopback) f.severity = out.production() ? Severity::kMedium : Severity::kLow;
      f.fingerprint_content = std::string(facts->product) + ":" + text;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr202_datastore_port_published() {
  return std::make_unique<DatastorePortPublished>();
}

}  // namespace clearance::rules
