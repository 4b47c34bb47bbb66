// CLR109: a service that does not set `no-new-privileges`, so a process in the container can
// still gain privileges through setuid binaries or file capabilities.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CIS Docker Benchmark 5.26", "https://www.cisecurity.org/benchmark/docker"},
    {"OWASP Docker Security Cheat Sheet, rule 4",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"docker run: security options",
     "https://docs.docker.com/reference/cli/docker/container/run/#security-opt"},
    {"Compose file reference: security_opt",
     "https://docs.docker.com/reference/compose-file/services/#security_opt"},
};

constexpr RuleMeta kMeta{
    .id = "CLR109",
    .slug = "no-new-privileges-missing",
    .title = "Service does not set no-new-privileges",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kPrivileges,
    .fix = Fixability::kSafe,
    .summary = "Reports a service whose `security_opt` does not contain `no-new-privileges:true` "
               "(or `no-new-privileges`, `no-new-privileges=true`), and one that sets it to false.",
    .rationale = "Without `no-new-privileges`, a process in the container can raise its privileges "
                 "by executing a setuid or setgid binary (`su`, `sudo`, `passwd`, `mount`, ...) or "
                 "a binary with file capabilities. An attacker who gets code execution as an "
                 "unprivileged user inside the container can then become root there, and root in "
                 "a container is one step away from the host. The option sets the kernel's "
                 "`PR_SET_NO_NEW_PRIVS` flag, which makes every such escalation a no-op; it costs "
                 "nothing for a service that does not rely on setuid binaries. A daemon-wide "
                 "`\"no-new-privileges\": true` in `daemon.json` has the same effect, but a "
                 "Compose file cannot rely on how each host is configured.",
    .example = "services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - "
               "apparmor:docker-default\n",
    .instead = "services:\n  web:\n    image: nginx:1.27\n    security_opt:\n      - "
               "apparmor:docker-default\n      - no-new-privileges:true\n\nAdd "
               "`no-new-privileges:true` to the service's `security_opt` list (creating the list "
               "when the service has none). Images that drop privileges at start-up with `gosu` "
               "or `su-exec` keep working: they start as root and only give privileges away.",
    .fix_safety = "Safe: the fix adds `- no-new-privileges:true` to `security_opt`, creating the "
                  "key when absent. It changes nothing for a process that does not gain privileges "
                  "through setuid binaries or file capabilities. A service that does (for example "
                  "one that runs `sudo` inside the container) will see that call fail, which is "
                  "the point of the option. No fix is made inside an anchor or a merged region.",
    .references = kRefs,
};

// Go's strconv.ParseBool, which the Docker daemon uses for the option's value.
std::optional<bool> parse_go_bool(std::string_view v) {
  for (std::string_view t : {"1", "t", "T", "TRUE", "true", "True"})
    if (v == t) return true;
  for (std::string_view f : {"0", "f", "F", "FALSE", "false", "False"})
    if (v == f) return false;
  return std::nullopt;
}

// The value this entry gives no-new-privileges, or nullopt when it is about something else.
std::optional<bool> no_new_privileges(std::string_view opt) {
  constexpr std::string_view kName = "no-new-privileges";
  if (opt == kName) return true;
  if (opt.size() <= kName.size() || opt.substr(0, kName.size()) != kName) return std::nullopt;
  const char sep = opt[kName.size()];
  if (sep != '=' && sep != ':') return std::nullopt;
  // An unparsable value makes the daemon refuse the container; treat it as not set.
  return parse_go_bool(opt.substr(kName.size() + 1)).value_or(false);
}

class NoNewPrivilegesMissing final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&,
                     Reporter& out) const override {
    if (!service.complete) return;
    // The daemon applies the entries in order, the last one winning (an override file's
    // `no-new-privileges:false` is appended after the base file's `true`).
    const model::Text* disabled = nullptr;
    bool enabled = false;
    for (const model::Text& opt : service.security_opt) {
      if (opt.unknown()) return;  // could be the option itself: do not guess
      const std::optional<bool> nnp = no_new_privileges(opt.value);
      if (!nnp) continue;
      enabled = *nnp;
      disabled = *nnp ? nullptr : &opt;
    }
    if (enabled) return;
    if (disabled) {
      Finding& f = out.report(service, disabled->span,
                              "\"" + disabled->value + "\" turns no-new-privileges off; use "
                              "no-new-privileges:true");
      f.fingerprint_content = disabled->value;
      return;
    }
    if (service.security_opt_key.valid()) {
      Finding& f = out.report(service, service.security_opt_key,
                              "security_opt of service \"" + service.name +
                                  "\" lacks no-new-privileges:true");
      f.fingerprint_content = "security_opt";
      return;
    }
    Finding& f = out.report(service, service.name_span,
                            "service \"" + service.name +
                                "\" does not set security_opt: [no-new-privileges:true]");
    f.fingerprint_content = "service";
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr109_no_new_privileges_missing() {
  return std::make_unique<NoNewPrivilegesMissing>();
}

}  // namespace clearance::rules
