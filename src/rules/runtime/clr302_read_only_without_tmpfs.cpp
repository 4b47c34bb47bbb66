// CLR302: a read-only container without a writable /tmp and /var/tmp. Many programs need scratch
// space there; without it they fail, and the usual "fix" is to drop read_only again.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"OWASP Docker Security Cheat Sheet, rule #8",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Compose file reference: tmpfs", "https://docs.docker.com/reference/compose-file/services/#tmpfs"},
    {"Docker documentation: tmpfs mounts", "https://docs.docker.com/engine/storage/tmpfs/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR302",
    .slug = "read-only-without-tmpfs",
    .title = "Read-only container without a tmpfs for /tmp and /var/tmp",
    .severity = Severity::kLow,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kRuntime,
    .fix = Fixability::kSafe,
    .summary = "Reports a service with `read_only: true` that has no writable mount at `/tmp` or at "
               "`/var/tmp` (a `tmpfs:` entry, a `type: tmpfs` volume, or a writable volume).",
    .rationale = "With a read-only root filesystem, every write outside a mount fails. Temporary "
                 "files are the most common such write: language runtimes, package managers, "
                 "`mktemp`, uploads and TLS libraries all use `/tmp` or `/var/tmp`. The failure often "
                 "shows up only on a rarely used code path, and the usual reaction is to turn "
                 "`read_only` off again. A tmpfs for both paths keeps the container read-only while "
                 "giving programs the scratch space they expect; its contents live in memory and "
                 "vanish with the container.",
    .example = "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n    read_only: true\n",
    .instead = "services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n    read_only: true\n    tmpfs:\n"
               "      - /tmp\n      - /var/tmp\n"
               "\nAdd a tmpfs for each path. Compose mounts `tmpfs:` entries with `noexec`, `nosuid` "
               "and `nodev`; add `:size=64m` to bound the memory they may use.",
    .fix_safety = "The fix adds the missing paths to the service's `tmpfs:` list. It is safe: it only "
                  "makes writable what the read-only filesystem made unwritable, and the mounts are "
                  "empty, private to the container and non-executable.",
    .references = kRefs,
};

constexpr std::string_view kScratchPaths[] = {"/tmp", "/var/tmp"};

std::string_view without_trailing_slash(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

// A writable mount at `target` makes `path` writable when it is the path or one of its parents.
bool covers(std::string_view target, std::string_view path) {
  target = without_trailing_slash(target);
  if (target == "/" || target.empty()) return false;
  return path == target || (path.size() > target.size() && path.starts_with(target) && path[target.size()] == '/');
}

class ReadOnlyWithoutTmpfs final : public ServiceRule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check_service(const model::ContainerSpec& service, const model::Project&, Reporter& out) const override {
    const model::Field<bool>& ro = service.read_only;
    if (!ro.present || !ro.value || ro.unknown() || !service.complete) return;

    std::vector<std::string_view> writable;
    for (const model::TmpfsMount& t : service.tmpfs) {
      if (t.target.unknown()) return;  // it may be /tmp: do not guess
      writable.push_back(t.target.value);
    }
    for (const model::Mount& m : service.volumes) {
      if (m.unknown) return;
      if (!m.read_only && m.target.present) writable.push_back(m.target.value);
    }

    std::string missing;
    for (const std::string_view path : kScratchPaths) {
      bool covered = false;
      for (const std::string_view target : writable) covered = covered || covers(target, path);
      if (covered) continue;
      if (!missing.empty()) missing += " and ";
      missing += path;
    }
    if (missing.empty()) return;
    out.report(service, ro.span, "read_only without a tmpfs for " + missing);
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr302_read_only_without_tmpfs() { return std::make_unique<ReadOnlyWithoutTmpfs>(); }

}  // namespace clearance::rules
