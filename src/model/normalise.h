#pragma once
// Turns the resolved Compose YAML of a project into one ContainerSpec per service.
#include "model/project.h"

namespace clearance::model {

// Fills project.services and project.volumes from project.compose_files. Values of the wrong
// type become CLR902 diagnostics and are left out; nothing here throws on bad input.
void normalise_project(Project& project);

}  // namespace clearance::model
