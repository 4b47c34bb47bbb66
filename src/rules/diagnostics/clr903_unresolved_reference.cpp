// CLR903: a file or folder the project refers to is not there: an `extends` file or service, an
// `include`, an `env_file`, a build context, a Dockerfile, a secret or config file. The loader
// records each where the reference is written; the rest of the project is still checked.
#include "model/project.h"
#include "rules/diagnostics/diagnostic_rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"Compose file reference: extends",
     "https://docs.docker.com/reference/compose-file/services/#extends"},
    {"Compose file reference: include", "https://docs.docker.com/reference/compose-file/include/"},
    {"Compose file reference: env_file",
     "https://docs.docker.com/reference/compose-file/services/#env_file"},
    {"Compose build specification", "https://docs.docker.com/reference/compose-file/build/"},
    {"Compose file reference: secrets", "https://docs.docker.com/reference/compose-file/secrets/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR903",
    .slug = "unresolved-reference",
    .title = "Referenced file not found",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kDiagnostics,
    .fix = Fixability::kNone,
    .summary =
        "Reports a reference to something that is not there: an `extends` file or the service "
        "it names, an `include`d file, an `env_file` (unless `required: false`), a build "
        "context, a Dockerfile, or a top-level secret or config `file`. Paths are resolved as "
        "Compose "
        "resolves them (relative to the file that writes them, or to the project directory).",
    .rationale =
        "Docker Compose refuses to start such a project, and what the missing file would have "
        "contributed (the base service of `extends`, the services of an `include`, the "
        "variables of an `env_file`, the image a Dockerfile builds) cannot be checked: its "
        "settings are absent from the audit, so a clean report would be misleading. A "
        "reference that works only on one machine (a file left out of git) is also a "
        "reproducibility problem.",
    .example =
        "services:\n  api:\n    build: ./api          # no ./api folder\n    env_file: api.env     "
        "# no api.env file\n",
    .instead =
        "services:\n  api:\n    build: ./api\n    env_file:\n      - path: api.env\n        "
        "required: "
        "false   # optional file, as Compose 2.24 allows\n\nCommit the referenced file, fix the "
        "path, "
        "or mark an optional env file `required: false`.",
    .fix_safety = "No fix is offered: only the author knows where the file should be.",
    .references = kRefs,
};

}  // namespace

std::unique_ptr<Rule> make_clr903_unresolved_reference() {
  return std::make_unique<DiagnosticRule>(kMeta);
}

}  // namespace clearance::rules
