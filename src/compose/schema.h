#pragma once
// Compose's keys and the types of their values, from the Compose specification, kept in one
// hand-written table; used to report what Docker Compose would reject (CLR902).
#include <vector>

#include "model/project.h"
#include "yaml/node.h"

namespace clearance::compose {

// Checks a project's merged tree (top level, services, networks, volumes, secrets, configs):
// unknown keys where Compose rejects them (`x-` extension keys are allowed everywhere Compose
// allows them) and values of the wrong type. Appends CLR902 diagnostics at the offending key or
// value. Never throws.
void validate_schema(const yaml::Node& root, std::vector<model::Diagnostic>& out);

}  // namespace clearance::compose
