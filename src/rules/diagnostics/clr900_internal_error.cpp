// CLR900: clearance itself failed on one file. The rest is still checked and the exit code is 2.
#include "model/project.h"
#include "rules/diagnostics/diagnostic_rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"clearance issue tracker", "https://github.com/getclearance/clearance/issues"},
};

constexpr RuleMeta kMeta{
    .id = "CLR900",
    .slug = "internal-error",
    .title = "Internal error while checking a file",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kDiagnostics,
    .fix = Fixability::kNone,
    .summary = "Reports an unexpected failure of clearance while checking one file; the rest of "
               "the project is still checked and the run exits with code 2.",
    .rationale = "A file that was not fully checked must not look clean. Please report the "
                 "failure with the file that caused it.",
    .example = "",
    .instead = "Report the problem; meanwhile the other findings of the run stand.",
    .fix_safety = "No fix is offered.",
    .references = kRefs,
};

}  // namespace

std::unique_ptr<Rule> make_clr900_internal_error() { return std::make_unique<DiagnosticRule>(kMeta); }

}  // namespace clearance::rules
