// CLR905: an inline suppression comment that clearance cannot apply: malformed, naming an
// unknown rule, a disable without its enable (or the reverse), or without the reason the
// configuration requires. Such a comment suppresses nothing.
// The engine reports it (stage 7, src/engine/suppress.cpp): rules never see suppressions.
#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"semgrep#7183: a malformed nosemgrep comment silently suppresses everything",
     "https://github.com/semgrep/semgrep/issues/7183"},
};

constexpr RuleMeta kMeta{
    .id = "CLR905",
    .slug = "invalid-suppression",
    .title = "Suppression comment cannot be applied",
    .severity = Severity::kMedium,
    .production_severity = std::nullopt,
    .enabled_by_default = true,
    .enabled_in_production = true,
    .area = Area::kDiagnostics,
    .fix = Fixability::kNone,
    .summary = "Reports a `# clearance:` comment that is malformed, names an unknown rule id, opens a "
               "`disable[...]` block that is never closed (or closes one that was never opened), or lacks "
               "a reason when `inline_ignores.require_reason` is set. It suppresses nothing.",
    .rationale = "A suppression that silently does something other than what its author meant is worse "
                 "than none: in other tools a typo in an ignore comment has hidden every finding on a line, "
                 "or none at all without a word. clearance applies a suppression only when it is exact, and "
                 "says so when it is not.",
    .example = "services:\n  web:\n    image: nginx:1.27\n    privileged: true  # clearance: ignore[CLR1O1] typo\n",
    .instead = "Write the rule id exactly, close every disable with an enable, and give a reason.\n\n"
               "services:\n  web:\n    image: nginx:1.27\n    privileged: true  # clearance: ignore[CLR101] CI runner needs it\n",
    .fix_safety = "No fix is offered: only the author knows what the comment was meant to suppress.",
    .references = kRefs,
};

// The findings come from the engine, which sees the suppressions; the rule holds the metadata.
class InvalidSuppression final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  void check(const model::Project&, Reporter&) const override {}
};

}  // namespace

std::unique_ptr<Rule> make_clr905_invalid_suppression() { return std::make_unique<InvalidSuppression>(); }

}  // namespace clearance::rules
