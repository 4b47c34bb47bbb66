#pragma once
// Where the variables of a Dockerfile line got their values in one build of it: an ARG's
// default, or a compose service's build argument. The image rules (CLR401, CLR403, CLR412) add
// them to findings as related locations, and a finding that a service's build argument makes
// is that service's (it names it, its profiles apply, excludes by service match it).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.h"

namespace clearance::model {
struct ImageBuild;
struct Project;
struct Variable;
}  // namespace clearance::model

namespace clearance::rules {

// `definition` finds the variable a name refers to on that line (StageGraph::global for FROM,
// StageGraph::variable_at in a stage).
void add_variable_origins(const std::vector<std::string>& names,
                          const std::function<const model::Variable*(std::string_view)>& definition,
                          const model::Project& project, const model::ImageBuild& build, Finding& f);

}  // namespace clearance::rules
