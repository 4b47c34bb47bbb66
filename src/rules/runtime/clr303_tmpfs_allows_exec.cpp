// CLR303: a tmpfs mounted with `exec`, `suid` or `dev`, undoing the restrictive defaults that
// Docker gives `tmpfs:` mounts (noexec, nosuid, nodev).
#include <memory>
#include <string>
#include <string_view>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Docker Security Cheat Sheet, rule #8",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Docker documentation: options for --tmpfs", "https://docs.docker.com/engine/storage/tmpfs/"},
    {"Compose file reference: tmpfs", "https://docs.docker.com/reference/compose-file/services/#tmpfs"},
};

constexpr RuleMeta kMeta{
    .id = "CLR303",
    .slug = "tmpfs-allows-exec",
    .title = "tmpfs mounted with exec, suid or dev",
    .severity = Severity::kLow,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kRuntime,
    .fix = Fixability::kNone,
    .summary = "Reports a `tmpfs:` entry whose mount options include `exec`, `suid` or `dev`.",
    .rationale = "Docker mounts a `tmpfs:` entry with `noexec`, `nosuid` and `nodev`, so that a "
                 "writable scratch directory cannot be used to run dropped binaries, to honour "
                 "set-user-ID bits, or to open device nodes. `exec` is what an attacker needs to run "
                 "a downloaded tool in a container whose root filesystem is read-only; `suid` and "
                 "`dev` reopen paths to privilege escalation. When a later option of the same pair "
                 "(`noexec` after `exec`) takes it back, nothing is reported.",
    .example = "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n    read_only: true\n    tmpfs:\n"
               "      - /tmp:exec,size=64m\n",
    .instead = "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n    read_only: true\n    tmpfs:\n"
               "      - /tmp:size=64m\n"
               "\nDrop `exec`, `suid` and `dev`. If a program really must execute files it writes "
               "(some JIT caches, native modules unpacked at start), give it a dedicated tmpfs for "
               "that one path rather than an executable `/tmp`.",
    .fix_safety = "No fix is offered: a program that executes files from that mount would stop "
                  "working, which only its authors can judge.",
    .references = kRefs,
};

struct OptionPair {
  std::string_view allow;
  std::string_view deny;
  std::string_view what;
};

constexpr OptionPair kPairs[] = {
    {"exec", "noexec", "lets files written there be executed"},
    {"suid", "nosuid", "honours set-user-ID bits"},
    {"dev", "nodev", "allows device files"},
};

class TmpfsAllowsExec final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&, Reporter& out) const override {
    for (const model::TmpfsMount& t : service.tmpfs) {
      for (const OptionPair& pair : kPairs) {
        // Mount options are applied in order: the last of a pair wins.
        const model::Text* last = nullptr;
        for (const model::Text& opt : t.options)
          if (opt.value == pair.allow || opt.value == pair.deny) last = &opt;
        if (!last || last->value != pair.allow || last->unknown()) continue;
        out.report(service, last->span,
                   "tmpfs " + t.target.value + " mounted with " + std::string(pair.allow) + " " +
                       std::string(pair.what));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr303_tmpfs_allows_exec() { return std::make_unique<TmpfsAllowsExec>(); }

}  // namespace clearance::rules
