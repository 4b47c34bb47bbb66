// CLR902: what Docker Compose would reject: an unknown key, a value of the wrong type, an
// `extends`/`include` cycle. The schema check (compose/schema.cpp) and the loader record the
// problems; this rule reports each, once per place: when two checks flag the same value (the
// schema table and the normaliser both know that `cap_drop` is a list), the first one stands.
#include <algorithm>
#include <memory>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {
namespace {

constexpr Reference kRefs[] = {
    {"Compose file reference", "https://docs.docker.com/reference/compose-file/"},
    {"Compose file reference: services",
     "https://docs.docker.com/reference/compose-file/services/"},
    {"Compose specification JSON schema",
     "https://github.com/compose-spec/compose-spec/blob/main/schema/compose-spec.json"},
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
    .summary =
        "Reports what Docker Compose would reject: an unknown key (with the closest known one: "
        "`privilige` -> `privileged`), a value of the wrong type (a mapping where Compose "
        "expects a list, a list where it expects a string), a value outside a closed set "
        "(a long-syntax volume `type`, a `depends_on` condition), a duration Compose cannot "
        "read, a resource name with characters Compose refuses, an invalid port, and "
        "`extends` or `include` cycles. `x-` keys are allowed wherever Compose allows them, "
        "the legacy file-format 2 keys that Compose still reads (`mem_limit`, `cpu_shares`, "
        "`volume_driver`, `links`) are valid, and an interpolated value is never judged.",
    .rationale =
        "Compose refuses to start a project with an invalid file, and a misspelt key is worse: "
        "where a reader sees `privilige: false` or `read-only: true`, the setting they meant "
        "is simply absent. clearance cannot tell what an invalid setting was meant to do, so "
        "it is left out of the audit and reported here instead.",
    .example =
        "services:\n  web:\n    image: nginx:1.27\n    read-only: true   # unknown key: read_only\n"
        "    cap_drop: {ALL: true}\n",
    .instead =
        "services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    cap_drop: [ALL]\n"
        "\n`docker compose config` shows the same errors; the Compose file reference lists every "
        "key and its type.",
    .fix_safety =
        "No fix is offered: the closest key is a suggestion, not necessarily what was meant.",
    .references = kRefs,
};

class InvalidCompose final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const model::Project& project, Reporter& out) const override {
    std::vector<const source::Span*> seen;
    for (const model::Diagnostic& d : project.diagnostics) {
      if (d.rule_id != kMeta.id) continue;
      const bool repeated = std::any_of(seen.begin(), seen.end(), [&](const source::Span* s) {
        return s->file == d.span.file && s->begin == d.span.begin;
      });
      if (repeated) continue;
      seen.push_back(&d.span);
      out.report(d.span, d.message).fingerprint_content = d.message;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_clr902_invalid_compose() { return std::make_unique<InvalidCompose>(); }

}  // namespace clearance::rules
