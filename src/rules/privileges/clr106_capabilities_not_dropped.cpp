// CLR106: `cap_drop` lacks ALL, so the container keeps Docker's default capabilities.
#include <memory>

#include "model/project.h"
#include "rules/privileges/privileges_common.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.4", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule 3",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker docs: runtime privilege and Linux capabilities",
     "https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities"},
    {"Compose file reference: cap_drop", "https://docs.docker.com/reference/compose-file/services/#cap_drop"},
    {"capabilities(7)", "https://man7.org/linux/man-pages/man7/capabilities.7.html"},
};

constexpr RuleMeta kMeta{
    .id = "CLR106",
    .slug = "capabilities-not-dropped",
    .title = "Default capabilities are not dropped",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kPrivileges,
    .fix = Fixability::kNone,
    .summary =
        "Reports a service whose `cap_drop` does not contain `ALL`: at the service's name when "
        "`cap_drop` is absent, at the `cap_drop` key when it drops only some capabilities. "
        "Privileged services are left to CLR101, since Docker ignores `cap_drop` for them.",
    .rationale =
        "Docker gives every container a default set of capabilities: CHOWN, DAC_OVERRIDE, FOWNER, "
        "FSETID, KILL, SETGID, SETUID, SETPCAP, NET_BIND_SERVICE, NET_RAW, SYS_CHROOT, MKNOD, "
        "AUDIT_WRITE and SETFCAP. A process running as root in the container can use all of them: "
        "NET_RAW lets it forge packets and spoof other containers on the same network, "
        "DAC_OVERRIDE and FOWNER ignore file permissions on every mounted volume, SETUID and "
        "SETGID let it become any user. Most services need none or one or two of them. Dropping "
        "ALL and adding back what is needed makes what the service may do explicit and reviewable.",
    .example =
        "services:\n"
        "  api:\n"
        "    image: ghcr.io/example/api:2.3\n"
        "    cap_drop:\n"
        "      - NET_RAW\n",
    .instead =
        "services:\n"
        "  api:\n"
        "    image: ghcr.io/example/api:2.3\n"
        "    cap_drop:\n"
        "      - ALL\n"
        "    cap_add:\n"
        "      - NET_BIND_SERVICE   # only if it binds a port below 1024\n"
        "\n"
        "Drop ALL and add back only what the service needs. Images that start as root and "
        "switch users (postgres, redis, mysql) typically need CHOWN, SETUID and SETGID, and "
        "sometimes DAC_OVERRIDE and FOWNER; an image that runs as a non-root user usually needs "
        "nothing.",
    .fix_safety =
        "No fix is offered: which capabilities a service needs can only be found by running "
        "it, and dropping one it uses breaks it at runtime.",
    .references = kRefs,
};

class CapabilitiesNotDropped final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    if (!service.complete) return;
    if (service.privileged.present && service.privileged.value) return;
    for (const model::Text& cap : service.cap_drop)
      if (cap.unknown()) return;
    if (service.has_cap_drop_all()) return;
    const std::string label = privileges::service_label(service);
    if (!service.cap_drop_key.valid()) {
      Finding& f = out.report(service, service.name_span,
                              label +
                                  " keeps Docker's default capabilities (NET_RAW, DAC_OVERRIDE, SETUID "
                                  "and 11 more): add cap_drop: [ALL] and cap_add only what it needs");
      f.fingerprint_content = "cap_drop-missing";
      return;
    }
    std::string dropped;
    for (size_t i = 0; i < service.cap_drop.size() && i < 3; ++i)
      dropped += (i ? ", " : "") + service.cap_drop[i].value;
    if (service.cap_drop.size() > 3) dropped += ", ...";
    std::string message = label;
    message += dropped.empty() ? " has an empty cap_drop" : " drops only " + dropped;
    message +=
        " and keeps Docker's other default capabilities: use cap_drop: [ALL] and cap_add only what it needs";
    Finding& f = out.report(service, service.cap_drop_key, std::move(message));
    f.fingerprint_content = "cap_drop-without-all";
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr106_capabilities_not_dropped() {
  return std::make_unique<CapabilitiesNotDropped>();
}

}  // namespace clearance::rules
