#include "rules/registry.h"

#include <algorithm>

namespace clearance::rules {

#define CLEARANCE_RULE(id, factory) std::unique_ptr<Rule> factory();
#include "rules/rule_list.inc"
#undef CLEARANCE_RULE

namespace {
std::vector<std::unique_ptr<Rule>> build_catalog() {
  std::vector<std::unique_ptr<Rule>> rules;
#define CLEARANCE_RULE(id, factory) rules.push_back(factory());
#include "rules/rule_list.inc"
#undef CLEARANCE_RULE
  std::sort(rules.begin(), rules.end(),
            [](const auto& a, const auto& b) { return a->meta().id < b->meta().id; });
  return rules;
}
}  // namespace

const std::vector<std::unique_ptr<Rule>>& all_rules() {
  static const auto rules = build_catalog();
  return rules;
}

const Rule* find_rule(std::string_view id) {
  for (const auto& r : all_rules())
    if (r->meta().id == id) return r.get();
  return nullptr;
}

}  // namespace clearance::rules
