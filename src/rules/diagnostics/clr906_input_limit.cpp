// CLR906: an input over one of clearance's bounds (file size, nesting depth, alias expansion).
// The file is not checked further, which is why this is a finding and not a silent skip.
#include "model/project.h"
#include "rules/diagnostics/diagnostic_rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"CWE-776: Improper Restriction of Recursive Entity References (billion laughs)",
     "https://cwe.mitre.org/data/definitions/776.html"},
};

constexpr RuleMeta kMeta{
    .id = "CLR906",
    .slug = "input-limit",
    .title = "Input over a safety limit",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kDiagnostics,
    .fix = Fixability::kNone,
    .summary = "Reports a file over the size limit (10 MB), YAML nested deeper than 256 levels, "
               "aliases that expand to more than a million nodes, or a symbolic link that leads "
               "out of the scan root: such a file is not checked further. A project of more than "
               "5,000 services is reported too, and only its first 5,000 services are checked.",
    .rationale = "Real configuration never comes near these bounds; input that does is generated, "
                 "corrupt or hostile (an alias bomb). clearance stops reading it rather than spend "
                 "unbounded time or memory, and says so, because an unchecked file is not a clean one.",
    .example = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n# ... nine more levels\n",
    .instead = "Keep configuration files small and flat; split generated data out of compose files.",
    .fix_safety = "No fix is offered.",
    .references = kRefs,
};

}  // namespace

std::unique_ptr<Rule> make_clr906_input_limit() { return std::make_unique<DiagnosticRule>(kMeta); }

}  // namespace clearance::rules
