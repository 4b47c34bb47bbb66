#pragma once
// The rule catalog, built from rules/rule_list.inc.
#include <memory>
#include <vector>

#include "rules/rule.h"

namespace clearance::rules {

// Every rule, in id order.
const std::vector<std::unique_ptr<Rule>>& all_rules();
const Rule* find_rule(std::string_view id);

}  // namespace clearance::rules
