#pragma once
// The CLR9xx rules report what the loaders recorded in Project::diagnostics under their id.
#include <memory>

#include "model/project.h"
#include "rules/rule.h"

namespace clearance::rules {

class DiagnosticRule final : public Rule {
 public:
  explicit DiagnosticRule(const RuleMeta& meta) : meta_(meta) {}
  const RuleMeta& meta() const override { return meta_; }
  void check(const model::Project& project, Reporter& out) const override {
    for (const model::Diagnostic& d : project.diagnostics)
      if (d.rule_id == meta_.id) out.report(d.span, d.message).fingerprint_content = d.message;
  }

 private:
  const RuleMeta& meta_;
};

}  // namespace clearance::rules
