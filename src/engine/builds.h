#pragma once
// Links a Compose project to the Dockerfiles its services build: each Dockerfile is read and
// parsed once per project, and each distinct (Dockerfile, target, build args) is one ImageBuild.
#include <string>

#include "model/project.h"

namespace clearance::engine {

// Adds the Dockerfile of every service that builds from a local one (model::Build's
// `dockerfile_path`, which the loader resolved). Each build's context is listed (bounded) and
// its .dockerignore chosen as BuildKit chooses it.
void link_builds(model::Project& project, const std::string& display_root);

// Adds one Dockerfile read from `file` as a build of its own (a Dockerfile checked alone), with
// its folder as the build context.
void add_standalone_dockerfile(model::Project& project, const std::string& absolute, source::SourceFilePtr file,
                               const std::string& display_root);
// Adds a .dockerignore checked on its own, with its folder as the context it applies to.
void add_standalone_dockerignore(model::Project& project, const std::string& absolute, source::SourceFilePtr file);

}  // namespace clearance::engine
