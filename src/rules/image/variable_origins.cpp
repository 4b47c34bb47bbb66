#include "rules/image/variable_origins.h"

#include "model/project.h"
#include "model/stages.h"

namespace clearance::rules {

void add_variable_origins(const std::vector<std::string>& names,
                          const std::function<const model::Variable*(std::string_view)>& definition,
                          const model::Project& project, const model::ImageBuild& build, Finding& f) {
  for (const std::string& name : names) {
    const model::Variable* v = definition(name);
    if (!v) continue;
    if (v->origin == model::Variable::Origin::kArgDefault && v->span.valid()) {
      f.related.push_back({v->span, "the default of ARG " + name + " gives it `" + v->value + "`"});
      continue;
    }
    if (v->origin != model::Variable::Origin::kBuildArg || build.services.empty()) continue;
    // The first service that builds it is enough: the others pass the same arguments.
    const model::ContainerSpec& service = project.services[build.services.front()];
    for (const auto& [arg, value] : service.build.args) {
      if (arg != name || !value.span.valid()) continue;
      f.related.push_back({value.span, "the build argument " + name + " gives it `" + v->value + "`"});
      if (f.service.empty()) {
        f.service = service.name;
        f.profiles = service.profiles;
      }
      break;
    }
  }
}

}  // namespace clearance::rules
