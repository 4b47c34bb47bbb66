// CLR602: an env file that holds values (or a secret's `file:`) that is tracked in the git
// index: its values are in the repository and its history. Only inside a repository (outside
// one nothing is known to be tracked); CLR601 stays silent for a tracked file.
#include <memory>
#include <string>

#include "model/project.h"
#include "model/workspace.h"
#include "rules/hygiene/value_files.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"git documentation: git rm --cached", "https://git-scm.com/docs/git-rm"},
    {"git documentation: gitignore", "https://git-scm.com/docs/gitignore"},
    {"GitHub docs: removing sensitive data from a repository",
     "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository"},
    {"OWASP Secrets Management Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
};

constexpr RuleMeta kMeta{
    .id = "CLR602",
    .slug = "env-file-committed",
    .title = "Env file committed to git",
    .severity = Severity::kCritical,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kHygiene,
    .fix = Fixability::kNone,
    .summary =
        "Reports an env file that sets a credential-shaped key (`*PASSWORD*`, `*SECRET*`, "
        "`*TOKEN*`, `*API_KEY*`, ...) to a value that may be a secret (not empty, a boolean, an "
        "interpolation or a path) (the project's `.env`, an "
        "`--env-file`, a service's `env_file:`, or one found alone such as `.env.local`) and a "
        "non-empty file named by a top-level secret's `file:`, when it is tracked in the index "
        "of the git repository that holds the scan root, whether or not a .gitignore line "
        "matches it now (ignoring does not untrack). Templates (`.env.example` and kin) and "
        "files of plain settings (ports, names, flags) are not reported. Outside a repository nothing is reported "
        "(CLR601 judges from the .gitignore files alone).",
    .rationale =
        "A committed env file publishes its passwords and keys to everyone who can read the "
        "repository, every clone and fork, and the history, where they stay after the file is "
        "deleted or ignored. Treat its secrets as leaked: rotate them, then stop tracking the "
        "file.",
    .example =
        "```console\n"
        "$ git ls-files\n"
        ".env\n"
        "compose.yaml\n"
        "```\n",
    .instead =
        "```console\n"
        "$ git rm --cached .env\n"
        "$ echo .env >> .gitignore\n"
        "```\n"
        "\n"
        "Rotate every secret the file held, stop tracking it (`git rm --cached`), ignore it, "
        "and commit an `.env.example` with placeholders instead. Rewriting history "
        "(`git filter-repo`) removes the old values from the repository, but not from clones "
        "that already have them.",
    .fix_safety =
        "No fix is offered: untracking a file and rotating secrets are the team's actions, "
        "not an edit.",
    .references = kRefs,
};

class EnvFileCommitted final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    if (!project.workspace) return;
    for (const value_files::ValueFile& v : value_files::collect(project)) {
      const model::GitAnswer git = project.workspace->git(v.absolute);
      if (!git.in_repository || !git.tracked) continue;
      std::string message = "`" + v.shown + "` " + v.what + " and is committed (tracked in the git index)";
      if (git.ignored)
        message += "; " + (git.decided_by.empty() ? std::string("git") : git.decided_by) +
                   " ignores it now, but ignoring does not untrack a file";
      message += ": rotate its secrets, then `git rm --cached` it and ignore it";
      Finding& f = out.report(v.at, std::move(message));
      if (v.referenced_at.valid()) f.related.push_back({v.referenced_at, "read as the " + v.referenced_by});
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr602_env_file_committed() { return std::make_unique<EnvFileCommitted>(); }

}  // namespace clearance::rules
