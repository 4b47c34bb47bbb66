// CLR901: a file that cannot be parsed. The loaders record the problem with its position;
// this rule turns each into a finding, so malformed input is reported like any other issue.
#include "model/project.h"
#include "rules/diagnostics/diagnostic_rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"YAML 1.2 specification", "https://yaml.org/spec/1.2.2/"},
    {"Compose file reference", "https://docs.docker.com/reference/compose-file/"},
};

constexpr RuleMeta kMeta{
    .id = "CLR901",
    .slug = "parse-error",
    .title = "File cannot be parsed",
    .severity = Severity::kHigh,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kDiagnostics,
    .fix = Fixability::kNone,
    .summary = "Reports a YAML, Compose or env file that cannot be parsed, at the line and column "
               "where parsing stopped.",
    .rationale = "Docker Compose refuses a file it cannot parse, and nothing in it can be checked: "
                 "a security setting in a broken file protects nothing. Common causes are tabs used "
                 "for indentation, a key defined twice, an unclosed quote or bracket, and invalid "
                 "UTF-8.",
    .example = "services:\n  web:\n\timage: nginx:1.27   # a tab indents this line\n",
    .instead = "services:\n  web:\n    image: nginx:1.27\n",
    .fix_safety = "No fix is offered: only the author knows what the file was meant to say.",
    .references = kRefs,
};

}  // namespace

std::unique_ptr<Rule> make_clr901_parse_error() { return std::make_unique<DiagnosticRule>(kMeta); }

}  // namespace clearance::rules
