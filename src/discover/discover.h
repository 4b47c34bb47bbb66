#pragma once
// Which projects the paths on the command line mean.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "source/folder_index.h"
#include "source/read_file.h"

namespace clearance::discover {

struct ProjectTarget {
  std::string directory;                   // absolute project directory
  std::vector<std::string> compose_files;  // absolute; empty: the file Compose would pick
  // A YAML file given by path whose name is not a compose file name (stack.yml): it is a
  // compose file when its top level has `services:` (or `include:`), which the loader sees.
  bool require_services = false;
  // The .env whose variables the project reads when it is not the one in `directory`: the
  // folder's whose COMPOSE_FILE named files elsewhere (`docker compose` reads the .env of the
  // folder it runs in before it knows the files). Empty: `directory`'s.
  std::string dot_env = {};
  // When another project of the run includes its files (`include:`), it is part of that
  // project and not checked alone: a folder a scan found, or a compose file named on the
  // command line (not the files of `-f`, which are one project whatever they include).
  bool checked_alone_unless_included = false;
  // Its first compose file has a top-level `include:` line: checked before the others, so
  // that what it includes is known.
  bool includes_files = false;
  // The first compose file as the walk read it to look for `include:` (within a memory
  // budget): the loader takes it (mutable, as FileTarget::read) rather than read it again.
  mutable std::optional<source::ReadResult> first_file = std::nullopt;
};

// A file checked on its own, when no compose project reads it: a Dockerfile no service builds,
// an env file no project reads (.env.local, .env.production), a build context's .dockerignore.
// CI configuration (GitHub Actions workflows, .gitlab-ci.yml) is read once for the whole scan.
enum class FileKind { kDockerfile, kEnvFile, kDockerignore, kCiConfig };

struct FileTarget {
  FileKind kind = FileKind::kDockerfile;
  std::string path;  // absolute
  // A file named on the command line is read when it is looked at (an open and a read, where
  // looking and then reading took a stat more): its bytes, or why they could not be had. The
  // loader takes them (mutable: the targets are otherwise read-only), so that they are not
  // held for the rest of the run.
  mutable std::optional<source::ReadResult> read;
};

struct Problem {
  std::string path;     // absolute
  std::string message;  // "symbolic link leads outside the scan root", ...
  // A path given on the command line that cannot be read: the run stops (exit 2). Otherwise
  // the problem is a CLR906 finding and the rest is checked.
  bool stops_the_run = false;
};

struct Discovery {
  std::string root;  // absolute scan root; output paths are relative to it
  std::vector<ProjectTarget> projects;
  // Checked after every project, and only when no project has read them already.
  std::vector<FileTarget> files;
  std::vector<Problem> problems;
  std::vector<std::string> other_files;  // files given by path that are not YAML (Dockerfile, .env)
  // The folders a directory walk read, with their entries (source/folder_index.h).
  std::shared_ptr<source::FolderIndex> folders = std::make_shared<source::FolderIndex>();
};

// A directory is searched (recursively, hidden folders included; .git, node_modules and
// vendor skipped; symbolic links never followed out of the root) for compose files: the one
// Compose would pick makes a project of its folder, and every other compose-named file
// (docker-compose.prod.yml, compose.dev.yaml) is checked as a project of its own; the folder's
// `.env` may name the project's files with COMPOSE_FILE, as for `docker compose` run there.
// A YAML file is a project of its own (with its folder's .env); other files are listed in
// `other_files`. `-f` files, when given, make one project of the first path.
// Dockerfiles, env files and .dockerignore files found on the way, or given by path, are
// listed in `files`; so are CI configuration files (.github/workflows/*.yml, .gitlab-ci.yml).
// `jobs` threads (0: every core) look at many paths given at once. With `env_files`
// (--env-file), COMPOSE_FILE is read from them instead of each folder's .env, as
// `docker compose --env-file` reads it.
Discovery discover(const std::vector<std::string>& paths, const std::vector<std::string>& compose_files,
                   unsigned jobs = 1, const std::vector<std::string>& env_files = {});

// compose.yaml, docker-compose.prod.yml, compose.override.yaml, ...
bool is_compose_file_name(const std::string& name);
// Dockerfile, Dockerfile.prod, api.Dockerfile, app.dockerfile, Containerfile; any case.
bool is_dockerfile_name(std::string_view name);
// .env, .env.local, .env.production, .env.example (what Compose and dotenv tools read).
bool is_env_file_name(std::string_view name);
// .gitlab-ci.yml, or a .yml/.yaml file in a .github/workflows folder.
bool is_ci_config_path(const std::string& path);

}  // namespace clearance::discover
