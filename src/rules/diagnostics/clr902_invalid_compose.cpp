// CLR902: a value of the wrong type where Compose would reject the file.
#include "model/project.h"
#include "rules/diagnostics/diagnostic_rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"Compose file reference", "https://docs.docker.com/reference/compose-file/services/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR902",
    .slug = "invalid-compose",
    .title = "Invalid Compose value",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kDiagnostics,
    .fix = Fixability::kNone,
    .summary = "Reports a value of the wrong type (a mapping where Compose expects a list, an "
               "invalid port) that Docker Compose would reject.",
    .rationale = "Compose refuses to start a project with an invalid value, and clearance cannot "
                 "tell what the setting was meant to do, so the setting is left out of the audit.",
    .example = "services:\n  web:\n    image: nginx:1.27\n    cap_drop: {ALL: true}\n",
    .instead = "services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n",
    .fix_safety = "No fix is offered.",
    .references = kRefs,
};

}  // namespace

std::unique_ptr<Rule> make_clr902_invalid_compose() { return std::make_unique<DiagnosticRule>(kMeta); }

}  // namespace clearance::rules
