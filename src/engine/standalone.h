#pragma once
// Files checked on their own: a Dockerfile that no compose service builds, an env file that no
// project reads (.env.local, .env.production), a .dockerignore outside any checked build.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compose/interpolation.h"
#include "discover/discover.h"
#include "engine/builds.h"
#include "model/project.h"

namespace clearance::engine {

// Reads a file into the project (its `files`, keeping spans alive); a file over the size limit
// is CLR906 and an unreadable one CLR901 at its first byte, and the result is then null.
// `already_read`: the file's bytes when discovery read them.
source::SourceFilePtr read_into_project(model::Project& project, const std::string& path, const std::string& display_root,
                                        std::optional<source::ReadResult> already_read = std::nullopt);

// A project holding just that file (parse problems become diagnostics, never exceptions).
// `builds` (may be null) shares build-context listings with the run's other projects.
std::unique_ptr<model::Project> load_standalone(const discover::FileTarget& target, const std::string& display_root,
                                                const compose::Environment& shell, BuildCache* builds = nullptr);

// One project for the scan's CI configuration files together (whether CI scans the images it
// builds is a question about all of them). YAML problems become diagnostics.
std::unique_ptr<model::Project> load_ci_configs(const std::vector<const discover::FileTarget*>& targets,
                                                const std::string& display_root);

}  // namespace clearance::engine
