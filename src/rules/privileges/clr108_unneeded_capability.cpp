// CLR108: `cap_add` of a capability the service cannot use or does not need:
// - NET_BIND_SERVICE when every port it listens on is 1024 or above (the container targets of
//   `ports` and `expose`, else the known image's listen ports) and at least one is known;
// - any capability on a service that runs as a non-root user (its `user:`, or a known image's
//   own non-root USER) while no-new-privileges is set: Docker grants added capabilities to the
//   container's first process, but they are not kept across execve for a non-root user, and
//   no-new-privileges stops file capabilities from bringing them back later.
#include <algorithm>
#include <memory>

#include "compose/interpolation.h"
#include "knowledge/capabilities.h"
#include "knowledge/images.h"
#include "model/image_ref.h"
#include "model/project.h"
#include "rules/privileges/privileges_common.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Docker Security Cheat Sheet, rule 3",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"capabilities(7): transformation of capabilities during execve",
     "https://man7.org/linux/man-pages/man7/capabilities.7.html"},
    {"Linux kernel docs: no_new_privs", "https://docs.kernel.org/userspace-api/no_new_privs.html"},
    {"Compose file reference: cap_add", "https://docs.docker.com/reference/compose-file/services/#cap_add"},
};

constexpr RuleMeta kMeta{
    .id = "CLR108",
    .slug = "unneeded-capability",
    .title = "Added capability is not needed",
    .severity = Severity::kLow,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kPrivileges,
    .fix = Fixability::kNone,
    .summary =
        "Reports a `cap_add` entry that does nothing useful: `NET_BIND_SERVICE` on a service whose "
        "ports (the container side of `ports` and `expose`, or the known image's default ports when "
        "neither is given) are all 1024 or above; and any added capability other than "
        "`NET_BIND_SERVICE` on a service that runs as a non-root user (its `user:`, or, without one, "
        "the non-root USER of a known image such as Grafana or the Bitnami images) while "
        "`no-new-privileges` is set.",
    .rationale =
        "Binding a port below 1024 is the only thing NET_BIND_SERVICE allows, so a service that "
        "listens on higher ports does not need it (and Docker 20.10 and later already let "
        "containers on their own network bind low ports without it). Capabilities added to a "
        "service that runs as a non-root user are dead weight: Linux drops them when the first "
        "program is executed, because a non-root process only keeps capabilities through file "
        "capabilities, and no-new-privileges stops those from granting anything new. Capabilities "
        "that do nothing still mislead reviewers about what the service may do, and start working "
        "the day someone removes `user:` or `no-new-privileges`.",
    .example =
        "services:\n"
        "  api:\n"
        "    image: ghcr.io/example/api:2.3\n"
        "    ports: [\"8000:8000\"]\n"
        "    cap_drop: [ALL]\n"
        "    cap_add: [NET_BIND_SERVICE]\n"
        "  cache:\n"
        "    image: redis:7-alpine\n"
        "    user: \"999:999\"\n"
        "    security_opt: [\"no-new-privileges:true\"]\n"
        "    cap_drop: [ALL]\n"
        "    cap_add: [SETGID, SETUID]\n",
    .instead =
        "services:\n"
        "  api:\n"
        "    image: ghcr.io/example/api:2.3\n"
        "    ports: [\"8000:8000\"]\n"
        "    cap_drop: [ALL]\n"
        "  cache:\n"
        "    image: redis:7-alpine\n"
        "    user: \"999:999\"\n"
        "    security_opt: [\"no-new-privileges:true\"]\n"
        "    cap_drop: [ALL]\n"
        "\n"
        "Remove the capability.\n\n"
        "- `NET_BIND_SERVICE` on a service whose ports are all 1024 or above: if it really "
        "listens on a port below 1024 that is not declared, declare it under `expose` so that "
        "readers (and this check) can see it.\n"
        "- Any capability on a service that runs as a non-root user (its `user:`, or a known "
        "image's own non-root USER) with no-new-privileges: the process never holds it. (`NET_BIND_SERVICE` is the exception, judged by the ports "
        "alone, because images such as caddy give their binary that file capability.)",
    .fix_safety =
        "No fix is offered: undeclared ports or an entrypoint binary with file capabilities "
        "could still depend on the capability.",
    .references = kRefs,
};

bool unknown_entries(const yaml::Node* seq) {
  if (!seq || !seq->is_sequence()) return false;
  for (const yaml::Node* item : seq->items) {
    if (item->is_scalar() && item->interpolation && item->interpolation->unknown) return true;
    if (item->is_mapping())
      for (const yaml::Pair& p : item->pairs)
        if (p.value->interpolation && p.value->interpolation->unknown) return true;
  }
  return false;
}

// "8080", "8080-8090", "8080/tcp" -> the lowest port.
std::optional<uint32_t> expose_port(std::string_view v) {
  v = v.substr(0, v.find('/'));
  v = v.substr(0, v.find('-'));
  if (v.empty() || v.size() > 5 ||
      !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const uint32_t port = static_cast<uint32_t>(std::stoul(std::string(v)));
  if (port == 0 || port > 65535) return std::nullopt;
  return port;
}

// The ports the service listens on, as far as the file says; nullopt when unknown.
struct Listening {
  std::vector<uint32_t> ports;  // lowest port of each entry
  std::string from;             // "" when declared, else "the nginx image's default"
};
std::optional<Listening> listening(const model::ContainerSpec& service) {
  Listening out;
  if (service.node && service.node->is_mapping() &&
      (unknown_entries(service.node->get("ports")) || unknown_entries(service.node->get("expose"))))
    return std::nullopt;
  for (const model::Port& p : service.ports) out.ports.push_back(p.target_start);
  for (const model::Text& e : service.expose) {
    if (e.unknown()) return std::nullopt;
    const auto port = expose_port(e.value);
    if (!port) return std::nullopt;
    out.ports.push_back(*port);
  }
  if (!out.ports.empty()) return out;
  if (service.build.present || !service.image.present || service.image.unknown()) return std::nullopt;
  model::ImageRef ref;
  if (!model::parse_image_ref(service.image.value, ref)) return std::nullopt;
  const knowledge::ImageFacts* facts = knowledge::find_image(ref);
  if (!facts || facts->listen_ports.empty()) return std::nullopt;
  for (uint16_t p : facts->listen_ports) out.ports.push_back(p);
  out.from = "the " + std::string(facts->product) + " image's default";
  return out;
}

std::string port_list(std::vector<uint32_t> ports) {
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  std::string s = ports.size() == 1 ? "port " : "ports ";
  for (size_t i = 0; i < ports.size() && i < 4; ++i) s += (i ? ", " : "") + std::to_string(ports[i]);
  if (ports.size() > 4) s += ", ...";
  return s;
}

// Who the service's process runs as, when that is a non-root user: its `user:`, or, without
// one, the non-root USER a known image sets (grafana, the bitnami images; not images that start
// as root and switch users themselves, whose entrypoint may need SETUID or CHOWN).
std::optional<std::string> non_root_runner(const model::ContainerSpec& service) {
  if (service.user.present) {
    if (!privileges::runs_as_non_root(service)) return std::nullopt;
    return "non-root user \"" + service.user.value + "\"";
  }
  if (service.build.present || !service.image.present || service.image.unknown()) return std::nullopt;
  model::ImageRef ref;
  if (!model::parse_image_ref(service.image.value, ref)) return std::nullopt;
  if (knowledge::default_user(ref) != knowledge::DefaultUser::kNonRoot) return std::nullopt;
  const knowledge::ImageFacts* facts = knowledge::find_image(ref);
  return "the " + (facts ? std::string(facts->product) + " image's" : std::string("image's")) + " own non-root user";
}

class UnneededCapability final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    if (service.cap_add.empty()) return;
    if (service.privileged.present && service.privileged.value) return;  // capabilities are moot
    const std::string label = privileges::service_label(service);
    const std::optional<std::string> runner = non_root_runner(service);
    const bool nnp = runner && privileges::has_no_new_privileges(service).value_or(false);
    std::optional<std::optional<Listening>> listen;  // computed on first need
    for (const model::Text& cap : service.cap_add) {
      if (cap.unknown()) continue;
      const std::string name = knowledge::normalise_capability(cap.value);
      if (name.empty()) continue;
      if (name == "NET_BIND_SERVICE") {
        if (!listen) listen = listening(service);
        const auto& l = *listen;
        if (!l || l->ports.empty()) continue;
        if (*std::min_element(l->ports.begin(), l->ports.end()) < 1024) continue;
        Finding& f = out.report(service, cap.span,
                                label + " adds NET_BIND_SERVICE but listens only on " + port_list(l->ports) +
                                    (l->from.empty() ? "" : " (" + l->from + ")") +
                                    ", and only ports below 1024 need it");
        f.fingerprint_content = "cap_add=" + name;
        continue;
      }
      if (!nnp) continue;
      Finding& f = out.report(service, cap.span,
                              label + " adds " + name + " but runs as " + *runner +
                                  " with no-new-privileges, so the capability is never effective");
      f.fingerprint_content = "cap_add=" + name;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr108_unneeded_capability() { return std::make_unique<UnneededCapability>(); }

}  // namespace clearance::rules
