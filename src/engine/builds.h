#pragma once
// Links a Compose project to the Dockerfiles its services build: each Dockerfile is read and
// parsed once per project, and each distinct (Dockerfile, target, build args) is one ImageBuild.
#include <string>

#include "model/project.h"

namespace clearance::engine {

// Adds the Dockerfile of every service that builds from a local one (model::Build's
// `dockerfile_path`, which the loader resolved).
void link_builds(model::Project& project, const std::string& display_root);

// Adds one Dockerfile read from `file` as a build of its own (a Dockerfile checked alone).
void add_standalone_dockerfile(model::Project& project, const std::string& absolute, source::SourceFilePtr file);

}  // namespace clearance::engine
