#pragma once
// Builds a model::Project from a project directory the way Docker Compose does: which files,
// which environment, interpolation with provenance, then one ContainerSpec per service.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compose/file_cache.h"
#include "compose/interpolation.h"
#include "model/project.h"
#include "source/folder_index.h"
#include "source/paths.h"
#include "source/read_file.h"
#include "yaml/node.h"

namespace clearance::compose {

struct LoadOptions {
  std::string project_dir;                 // absolute
  std::vector<std::string> compose_files;  // absolute; empty: the file Compose would pick
  std::vector<std::string> env_files;      // --env-file, absolute; empty: <project_dir>/.env
  // Without --env-file: the .env of the folder `docker compose` runs in, when its COMPOSE_FILE
  // names files in another folder (absolute). It is read first; the project directory's .env
  // then only adds the variables it does not set, as docker compose reads the two.
  std::string outer_dot_env;
  const Environment* shell = nullptr;      // the shell environment; wins over env files
  std::string display_root;                // absolute; output paths are relative to it
  // --profile: only the services `docker compose --profile NAME up` would start (services
  // without profiles, services with one of these, and what they depend on). Empty: the
  // project's COMPOSE_PROFILES, and when that is unset too, every service whatever its profiles.
  std::vector<std::string> active_profiles;
  // A file given by path whose name is not a compose file name: a project only when its
  // top-level mapping has `services` (or `include`); otherwise the project is left empty.
  bool require_services = false;
  uint64_t max_file_size = 10ull * 1024 * 1024;
  yaml::Limits yaml_limits;
  // Shared by the projects of one run: files reached through `include` and `extends` are
  // parsed once. Null: every file is read and parsed for this project alone.
  FileCache* cache = nullptr;
  // What discovery read of the scanned tree: "is there a .env here" is answered from it for
  // the folders it holds. Null: the disk is asked.
  const source::FolderIndex* folders = nullptr;
  // A compose file already read (discovery reads a project's first file): taken instead of
  // reading the file again. mutable: the loader takes it out of the options it is given.
  mutable std::optional<source::ReadResult> pre_read = std::nullopt;
};

// The compose file `docker compose` picks in `dir`, or empty when there is none.
std::string default_compose_file(const std::string& dir);

// Never throws for bad input: problems become model::Diagnostic entries.
std::unique_ptr<model::Project> load_project(const LoadOptions& options);

// Parses a compose file's text, interpolates it with project.environment and adds it to the
// project (parse problems become diagnostics). load_project uses it; so do the fuzzers.
void add_compose_source(model::Project& project, source::SourceFilePtr file, const yaml::Limits& limits);
// Same, interpolating with `env` (an included project's environment) instead.
void add_compose_source(model::Project& project, source::SourceFilePtr file, const yaml::Limits& limits,
                        const Environment& env);
// Same, for a file already parsed into `document`.
void add_compose_document(model::Project& project, source::SourceFilePtr file,
                          std::unique_ptr<yaml::Document> document, const Environment& env);

// The files COMPOSE_FILE names (split on COMPOSE_PATH_SEPARATOR, default ':'), absolute,
// relative ones resolved against `dir`; empty when the variable is unset or empty.
std::vector<std::string> compose_files_from_env(const Environment& env, const std::string& dir);
// The compose file Compose picks in `dir` and its override file (compose.override.yaml for
// compose.yaml, docker-compose.override.yml for docker-compose.yml, either extension).
std::vector<std::string> default_compose_files(const std::string& dir);

// A path relative to `root` with '/' separators (or the path itself when outside root).
using source::display_path;

}  // namespace clearance::compose
