// CLR601: an env file that holds values (or a secret's `file:`) that git does not ignore, so a
// `git add .` commits it. Judged by the engine's model::Workspace (the repository that holds
// the scan root, or its .gitignore files alone when there is none, which the message says).
// A file already tracked is CLR602's (critical), not this rule's.
#include <memory>
#include <optional>
#include <string>

#include "model/project.h"
#include "model/workspace.h"
#include "rules/hygiene/value_files.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"git documentation: gitignore", "https://git-scm.com/docs/gitignore"},
    {"OWASP Secrets Management Cheat Sheet",
     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"},
    {"OWASP Docker Security Cheat Sheet, rule 12 (secrets)",
     "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"},
    {"Compose documentation: set environment variables with an .env file",
     "https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/#env-file"},
};

constexpr RuleMeta kMeta{
    .id = "CLR601",
    .slug = "env-file-not-ignored",
    .title = "Env file not ignored by git",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kHygiene,
    .fix = Fixability::kNone,
    .summary =
        "Reports an env file that sets a credential-shaped key (`*PASSWORD*`, `*SECRET*`, "
        "`*TOKEN*`, `*API_KEY*`, ...) to a value that may be a secret (not empty, a boolean, an "
        "interpolation or a path) (the project's `.env`, an "
        "`--env-file`, a service's `env_file:`, or one found alone such as `.env.local` or "
        "`.env.production`) and a non-empty file named by a top-level secret's `file:`, when "
        "git does not ignore it and it is not tracked yet (a tracked one is CLR602). Templates "
        "(`.env.example`, `.env.sample`, `.env.template`, `.env.dist`, ...) and files of plain "
        "settings (ports, names, flags) are not reported. git's answer comes from the repository that holds the scan "
        "root (its .gitignore files, `info/exclude` and `core.excludesFile`); outside a "
        "repository the .gitignore files under the scan root are read alone, and the message "
        "says so. The finding points at the file's first value, with the compose line that "
        "names it as a related location.",
    .rationale =
        "An env file next to a compose file usually holds the real passwords and API keys. If "
        "git does not ignore it, the next `git add .` or `git commit -a` publishes them to "
        "everyone with access to the repository, to every fork and clone, and to its history "
        "for good: deleting the file later does not remove it from past commits. Ignoring the "
        "file is the cheap guard that makes that mistake impossible.",
    .example =
        "```text\n"
        "# .gitignore\n"
        "node_modules/\n"
        "\n"
        "# .env\n"
        "POSTGRES_PASSWORD=k8T2vQ9xLr4mWz7p\n"
        "```\n",
    .instead =
        "```text\n"
        "# .gitignore\n"
        "node_modules/\n"
        ".env\n"
        ".env.*\n"
        "!.env.example\n"
        "```\n"
        "\n"
        "Ignore env files and secret files, and commit an `.env.example` that lists the "
        "variables with placeholder values.",
    .fix_safety =
        "No fix is offered: a line added to .gitignore is simple, but which files are meant to "
        "be shared (a committed `.env` of harmless defaults) is the team's decision.",
    .references = kRefs,
};

class EnvFileNotIgnored final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    if (!project.workspace) return;
    // Whether the project lies in a git checkout (asked of a path in its folder), when needed.
    std::optional<bool> project_in_checkout;
    for (const value_files::ValueFile& v : value_files::collect(project)) {
      const model::GitAnswer git = project.workspace->git(v.absolute);
      if (git.ignored || (git.in_repository && git.tracked)) continue;
      // A file outside the repository that holds the project (`env_file: ../shared.env`) is
      // no file of it: git can neither commit nor ignore it.
      if (!git.in_repository) {
        if (!project_in_checkout)
          project_in_checkout =
              !project.directory.empty() && project.workspace->in_checkout(project.directory + "/compose.yaml");
        if (*project_in_checkout) continue;
      }
      std::string message = "`" + v.shown + "` " + v.what + " and git does not ignore it";
      if (!git.decided_by.empty()) message += " (re-included by " + git.decided_by + ")";
      message += ": the next `git add .` commits it; add it to .gitignore";
      if (!git.in_repository) message += " (judged from .gitignore files alone: no git repository here)";
      Finding& f = out.report(v.at, std::move(message));
      if (v.referenced_at.valid()) f.related.push_back({v.referenced_at, "read as the " + v.referenced_by});
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr601_env_file_not_ignored() { return std::make_unique<EnvFileNotIgnored>(); }

}  // namespace clearance::rules
