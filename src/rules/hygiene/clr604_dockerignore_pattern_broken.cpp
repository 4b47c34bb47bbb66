// CLR604: a .dockerignore line that cannot work as its author meant: a trailing or indented
// `#` comment (the whole line is one pattern), Windows separators, a line Docker refuses, or a
// pattern that matches nothing in the build context it applies to. The reading and matching
// are ignorefile::Dockerignore's (BuildKit's rules); this rule reports what it found.
#include <memory>
#include <set>
#include <string>
#include <tuple>

#include "ignorefile/dockerignore.h"
#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"Docker docs: .dockerignore files", "https://docs.docker.com/build/concepts/context/#dockerignore-files"},
    {"moby/patternmatcher (the matcher BuildKit uses)", "https://github.com/moby/patternmatcher"},
    {"OWASP Docker Security Cheat Sheet, rule 12 (secrets)",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
};

constexpr RuleMeta kMeta{
    .id = "CLR604",
    .slug = "dockerignore-pattern-broken",
    .title = ".dockerignore line that cannot work as meant",
    .severity = Severity::kLow,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kHygiene,
    .fix = Fixability::kNone,
    .summary =
        "Reports a `.dockerignore` line that does not do what it looks like it does: a "
        "trailing comment (`node_modules  # deps` is one pattern that matches nothing), a "
        "comment indented by blanks (only a `#` in the first column starts one), Windows "
        "separators (`logs\\app` works only when building from Windows), a lone `!` or a "
        "pattern that does not compile (Docker refuses the build), a line over 64 KiB, and, "
        "when the build context is known and is a git checkout, a pattern that matches no "
        "file or folder in it. "
        "Patterns for what builds and tools create and a fresh checkout lacks (`node_modules`, "
        "`.git`, `dist`, `*.log`, ...), and for the secrets it lacks by design (`.env.local`, "
        "`id_rsa`, `.npmrc`, `secrets/`, `!.env.example`: the guards CLR603 advises), are not "
        "reported as matching nothing.",
    .rationale =
        "A .dockerignore is usually what keeps `.env`, keys and `.git` out of an image (see "
        "CLR603). Its syntax is not .gitignore's: comments start only in the first column, a "
        "`\\` escapes rather than separates, and nothing warns when a line matches nothing. A "
        "line that silently fails lets the files it was written for into every build context, "
        "and from there into the image.",
    .example =
        "```text\n"
        "# .dockerignore\n"
        ".env   # local secrets\n"
        "config\\local.yaml\n"
        "```\n",
    .instead =
        "```text\n"
        "# .dockerignore\n"
        "# local secrets\n"
        ".env\n"
        "config/local.yaml\n"
        "```\n"
        "\n"
        "Put comments on their own line starting in the first column, use `/` separators, and "
        "remove patterns that match nothing (or fix their spelling).",
    .fix_safety =
        "No fix is offered: a pattern that matches nothing may be misspelt or obsolete, and "
        "only the author knows which.",
    .references = kRefs,
};

class DockerignorePatternBroken final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    std::set<std::string> seen;
    for (const model::DockerignoreSource& d : project.dockerignores) {
      if (!d.parsed || !seen.insert(d.absolute).second) continue;
      for (const ignorefile::DockerignoreProblem& p : d.parsed->problems()) out.report(p.span, p.message);
      // "Matches nothing" is judged only in a git checkout: in a partial copy of a project (an
      // export, a vendored subset) a missing file proves nothing about the pattern.
      if (!d.context_paths || !project.workspace || !project.workspace->in_checkout(d.absolute)) continue;
      for (const ignorefile::DockerignoreProblem& p : ignorefile::diagnose_unmatched(*d.parsed, *d.context_paths))
        out.report(p.span, p.message);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr604_dockerignore_pattern_broken() {
  return std::make_unique<DockerignorePatternBroken>();
}

}  // namespace clearance::rules
