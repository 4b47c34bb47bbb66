#pragma once
// Everything clearance knows about one Compose project: its files, its resolved services and
// the diagnostics found while loading it. Rules read this; they never touch raw text.
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <string>
#include <tuple>
#include <vector>

#include "compose/interpolation.h"
#include "dockerfile/syntax.h"
#include "envfile/env_file.h"
#include "ignorefile/dockerignore.h"
#include "knowledge/eol.h"
#include "model/container_spec.h"
#include "model/derived_facts.h"
#include "model/stages.h"
#include "model/workspace.h"
#include "source/source_file.h"
#include "yaml/node.h"

namespace clearance::knowledge {
struct PasswordPolicy;
}

namespace clearance::model {

struct NamedVolume {
  std::string name;
  Span span;  // its key under top-level `volumes:`
  Text driver;
  std::vector<std::pair<std::string, Text>> driver_opts;
  const Text* driver_opt(std::string_view key) const;
};

// A problem met while loading, turned into a finding by the diagnostics rules (CLR9xx).
struct Diagnostic {
  std::string rule_id;  // CLR901, CLR902, CLR903, CLR906
  Span span;
  std::string message;
};

struct ComposeFile {
  source::SourceFilePtr file;
  std::unique_ptr<yaml::Document> document;
  // Read because a project file refers to it (`include`, `extends: file:`), not one of the
  // project's own files: another project may read it too, like a shared .env.
  bool referenced = false;
};

// An env file a project reads, kept for the secret and hygiene rules: values are judged where
// they are written.
struct EnvSource {
  enum class Role : uint8_t {
    kInterpolation,  // the project's .env, an --env-file, an include's env_file
    kServiceEnvFile,  // a service's `env_file:` (its variables go into the container)
    kStandalone,      // an env file no project reads (.env.local), checked on its own
  };
  std::string absolute;
  source::SourceFilePtr file;
  std::shared_ptr<const envfile::EnvFile> parsed;
  Role role = Role::kInterpolation;
};

// A Dockerfile a project holds: one that compose services build, or one checked on its own.
struct DockerfileSource {
  std::string absolute;
  std::shared_ptr<const dockerfile::Dockerfile> syntax;
};

// A .dockerignore a project holds: the one a build uses, or one checked on its own.
struct DockerignoreSource {
  std::string absolute;
  source::SourceFilePtr file;
  std::shared_ptr<const ignorefile::Dockerignore> parsed;
  // Every file and folder of the build context it applies to (relative, '/' separators), for
  // patterns that match nothing; empty when no build uses it.
  std::shared_ptr<const std::vector<std::string>> context_paths;
};

// What a build sends to the builder: the context folder's files and folders, relative to it,
// '/' separators (folders such as .git and node_modules are listed but not entered), and the
// .dockerignore that applies.
struct BuildContext {
  std::string directory;  // absolute
  // Its files and folders, relative to it; null when not listed (no COPY or ADD of the build
  // takes files from the context, and no .dockerignore applies).
  std::shared_ptr<const std::vector<std::string>> paths;
  bool truncated = false;  // the listing stopped at its bound: absence proves nothing
  std::optional<size_t> dockerignore;  // index into Project::dockerignores
};

// One image build: a Dockerfile with the target and build arguments a service builds it with
// (none for a Dockerfile checked on its own). Services that build alike share one entry.
struct ImageBuild {
  size_t dockerfile = 0;  // index into Project::dockerfiles
  std::string target;     // compose `build.target`; empty: the last stage
  bool target_unknown = false;  // `build.target` depends on an unset variable
  std::vector<std::pair<std::string, std::string>> args;  // compose `build.args` with known values
  std::vector<std::string> unknown_args;  // compose `build.args` passed with a value not known here
  std::vector<size_t> services;  // indexes into Project::services
  Span build_span;  // the first service's `build:` key; invalid for a Dockerfile checked alone
  // The Dockerfile's stages as this build sees them (shipped stage, FROM lines, USER, ...).
  std::shared_ptr<const StageGraph> stages;
  // The build context: the service's, or for a Dockerfile checked alone its folder (as for
  // `docker build .` run beside it). Absent when it is remote or unknown.
  std::optional<BuildContext> context;
};

// A CI configuration file (GitHub Actions workflow, .gitlab-ci.yml), parsed as YAML.
struct CiConfig {
  std::string absolute;
  source::SourceFilePtr file;
  std::unique_ptr<yaml::Document> document;
};

// What a project is: a Compose project, or a file checked on its own because no project reads it.
// kRepository holds what is judged for the scan as a whole (its CI configuration).
enum class ProjectKind : uint8_t { kCompose, kDockerfile, kEnvFile, kDockerignore, kRepository };

struct Project {
  ProjectKind kind = ProjectKind::kCompose;
  // Facts about the files around the project (git status); set by the engine, may be null.
  const Workspace* workspace = nullptr;
  // The password strength policy of the run (`secrets:` in .clearance.yaml); set by the engine,
  // null: the defaults.
  const knowledge::PasswordPolicy* password_policy = nullptr;
  std::string directory;  // absolute path of the project directory
  std::vector<source::SourceFilePtr> files;  // every file read for this project (keeps spans alive)
  std::vector<ComposeFile> compose_files;
  compose::Environment environment;
  std::vector<std::unique_ptr<compose::Interpolation>> interpolations;  // storage for provenance
  std::vector<ContainerSpec> services;
  std::map<std::string, NamedVolume, std::less<>> volumes;
  std::vector<Diagnostic> diagnostics;
  std::vector<DockerfileSource> dockerfiles;
  std::vector<ImageBuild> builds;
  std::vector<DockerignoreSource> dockerignores;
  std::vector<CiConfig> ci_configs;
  // Compose files brought in by `include:` (absolute): part of this project.
  std::vector<std::string> included_files;
  // Every env file read, once each, in the order read.
  std::vector<EnvSource> env_sources;
  const EnvSource* env_source(std::string_view absolute) const {
    for (const EnvSource& e : env_sources)
      if (e.absolute == absolute) return &e;
    return nullptr;
  }

  // The resolved top-level mapping the services come from: the one compose file's root, or the
  // result of merging several files, `extends` and `include` (nodes made by merging live in
  // `merged`; their leaves are the files' own nodes). Null: normalise the files one by one.
  const yaml::Node* root = nullptr;
  std::unique_ptr<yaml::Document> merged;
  // Every node that an override file, an `extends` base or an `include` brought into a service,
  // mapped to its merge site (see Field::merged_at). Empty when nothing was merged.
  std::unordered_map<const yaml::Node*, Span> merge_sites;
  // Environments of included projects (interpolation records point into them).
  std::vector<std::unique_ptr<compose::Environment>> environments;
  // A YAML file given by path turned out not to be a compose file (no top-level `services:`
  // or `include:`): the project is empty, and the file (named here as displayed) was not checked.
  std::string not_compose;
  std::vector<std::string> active_profiles;  // --profile / COMPOSE_PROFILES; empty: every service
  // The day rules that depend on the date (CLR403) take as today: --eol-date, else the UTC date
  // when the run started.
  knowledge::Date today;
  // What rules derive from the project and share (see derived_facts.h).
  DerivedFacts derived;

  const NamedVolume* volume(std::string_view name) const;
  // Where a value that a finding may point at was referenced or merged from, for the related
  // locations of findings: keyed by the value's span and the service it was normalised for.
  // The env-file line that set a variable a value was built from, with the variable's name.
  using VariableSite = std::pair<Span, std::string>;
  struct ValueOrigin {
    Span written_at;  // the compose line that refers to a .env value
    Span merged_at;   // the `<<`, `extends` or override site that brought the value in
    // A value built from several parts (`$REGISTRY:$TAG`, `${BIND}:80`): the env-file lines
    // of the variables in it, since no one line wrote the whole value.
    std::vector<VariableSite> variables;
  };
  using OriginKey = std::tuple<const source::SourceFile*, uint32_t, uint32_t, std::string>;
  std::map<OriginKey, ValueOrigin> origins;
  void record_origin(const Span& at, const std::string& service, const Span& written_at, const Span& merged_at,
                     std::vector<VariableSite> variables = {}) {
    if (!at.valid() || (!written_at.valid() && !merged_at.valid() && variables.empty())) return;
    origins[{at.file, at.begin, at.end, service}] = {written_at, merged_at, std::move(variables)};
  }
  const ValueOrigin* origin_of(const Span& at, const std::string& service) const {
    if (origins.empty() || !at.valid()) return nullptr;
    auto it = origins.find({at.file, at.begin, at.end, service});
    return it == origins.end() ? nullptr : &it->second;
  }

  // The merge site of a node, or an invalid span.
  Span merge_site(const yaml::Node* node) const {
    if (merge_sites.empty() || !node) return {};
    auto it = merge_sites.find(node);
    return it == merge_sites.end() ? Span{} : it->second;
  }
};

}  // namespace clearance::model
