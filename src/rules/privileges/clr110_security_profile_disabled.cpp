// CLR110: a security option that switches off a confinement layer: the seccomp filter, the
// AppArmor profile, SELinux labelling, or the masking of sensitive /proc and /sys paths.
#include <optional>
#include <string>
#include <string_view>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.2, 5.3, 5.22", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule 6",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker docs: Seccomp security profiles", "https://docs.docker.com/engine/security/seccomp/"},
    {"Docker docs: AppArmor security profiles",
     "https://docs.docker.com/engine/security/apparmor/"},
    {"docker run: security options",
     "https://docs.docker.com/reference/cli/docker/container/run/#security-opt"},
};

constexpr RuleMeta kMeta{
    .id = "CLR110",
    .slug = "security-profile-disabled",
    .title = "Security profile disabled",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kPrivileges,
    .fix = Fixability::kNone,
    .summary = "Reports `security_opt` entries that turn off a confinement layer: "
               "`seccomp:unconfined`, `apparmor:unconfined`, `label:disable` and "
               "`systempaths=unconfined` (with `:` or `=`).",
    .rationale = "Docker confines every container with a seccomp filter that blocks about 50 "
                 "rarely needed and often exploited system calls (`keyctl`, `bpf`, `mount`, "
                 "`unshare`, `ptrace` on old kernels, ...), an AppArmor or SELinux profile that "
                 "denies writes to `/proc` and `/sys` and mounts, and masked or read-only paths "
                 "under `/proc` and `/sys`. Several container escapes (CVE-2022-0185, "
                 "CVE-2022-0492, the `release_agent` technique) are blocked by these defaults "
                 "alone. `unconfined` and `disable` remove that layer entirely, so a kernel bug or "
                 "a stray capability becomes a way out of the container.",
    .example = "services:\n  app:\n    image: node:22\n    security_opt:\n      - "
               "seccomp:unconfined\n",
    .instead = "services:\n  app:\n    image: node:22\n    security_opt:\n      - "
               "seccomp:./seccomp/app.json\n      - no-new-privileges:true\n\nRemove the "
               "option. If the service needs one system call that the default profile blocks, "
               "start from Docker's default profile (moby/profiles/seccomp/default.json), allow "
               "that call only, and load it with `seccomp:<file>`. Likewise, write an AppArmor "
               "profile or SELinux type for the service instead of switching the layer off.",
    .fix_safety = "No fix is offered: the service may depend on what the option allows, and only "
                  "its authors can write a narrower profile.",
    .references = kRefs,
};

// What the entry switches off, or nullopt when it is not one of the disabling options.
std::optional<std::string_view> disabled_layer(std::string_view opt) {
  const size_t sep = opt.find_first_of("=:");
  if (sep == std::string_view::npos) return std::nullopt;
  const std::string_view key = opt.substr(0, sep);
  const std::string_view value = opt.substr(sep + 1);
  if (key == "seccomp" && value == "unconfined") return "the seccomp system-call filter";
  if (key == "apparmor" && value == "unconfined") return "the AppArmor profile";
  if (key == "label" && value == "disable") return "SELinux labelling";
  if (key == "systempaths" && value == "unconfined")
    return "the masking of sensitive /proc and /sys paths";
  return std::nullopt;
}

class SecurityProfileDisabled final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    for (const model::Text& opt : service.security_opt) {
      if (opt.unknown()) continue;
      const std::optional<std::string_view> layer = disabled_layer(opt.value);
      if (!layer) continue;
      Finding& f =
          out.report(service, opt.span, "\"" + opt.value + "\" turns off " + std::string(*layer));
      f.fingerprint_content = opt.value;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr110_security_profile_disabled() {
  return std::make_unique<SecurityProfileDisabled>();
}

}  // namespace clearance::rules
