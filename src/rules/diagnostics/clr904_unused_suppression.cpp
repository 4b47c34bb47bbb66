// CLR904: a suppression that suppresses nothing: an inline ignore, disable or file-ignore
// comment that matched no finding, or a configuration exclude past its expiry date.
// The engine reports it (stage 7, src/engine/suppress.cpp): rules never see suppressions.
#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"Ruff: unused-noqa (RUF100)", "https://docs.astral.sh/ruff/rules/unused-noqa/"},
    {"Cppcheck manual: unmatched suppressions", "https://cppcheck.sourceforge.io/manual.pdf"},
};

constexpr RuleMeta kMeta{
    .id = "CLR904",
    .slug = "unused-suppression",
    .title = "Suppression is unused or has expired",
    .severity = Severity::kLow,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kDiagnostics,
    .fix = Fixability::kNone,
    .summary = "Reports a `# clearance: ignore[...]`, `disable[...]` or `file-ignore[...]` comment that "
               "suppressed no finding of a rule that ran, and an `exclude` entry of `.clearance.yaml` that "
               "matched no finding of the run (unless none of its rules ran) or whose `expires` date has "
               "passed.",
    .rationale = "A suppression outlives the problem it was written for: the setting gets fixed, or moves "
                 "to another line, and the comment stays. A stale suppression then waits to hide the next "
                 "real finding that lands on its line, without anyone having reviewed it. An expired "
                 "exclude no longer applies, so the findings it covered are reported again; this says why.",
    .example = "services:\n  web:\n    image: nginx:1.27\n    read_only: true  # clearance: ignore[CLR101] legacy\n",
    .instead = "Delete the comment, or move it to the line the finding points at (`clearance check` "
               "shows that line). Delete an exclude that matches nothing (check its `paths`, `services` and "
               "`rules` against the findings first). For an expired exclude, fix the findings or extend "
               "`expires` after a review.\n\nservices:\n  web:\n    image: nginx:1.27\n    read_only: true\n",
    .fix_safety = "No fix is offered yet; deleting the comment is always safe.",
    .references = kRefs,
};

// The findings come from the engine, which sees the suppressions; the rule holds the metadata.
class UnusedSuppression final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  void check(const model::Project&, Reporter&) const override {}
};

}  // namespace

std::unique_ptr<Rule> make_clr904_unused_suppression() { return std::make_unique<UnusedSuppression>(); }

}  // namespace clearance::rules
