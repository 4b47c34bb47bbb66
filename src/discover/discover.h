#pragma once
// Which projects the paths on the command line mean.
#include <string>
#include <vector>

namespace clearance::discover {

struct ProjectTarget {
  std::string directory;                   // absolute project directory
  std::vector<std::string> compose_files;  // absolute; empty: the file Compose would pick
};

struct Problem {
  std::string path;     // absolute
  std::string message;  // "symbolic link leads outside the scan root", ...
};

struct Discovery {
  std::string root;  // absolute scan root; output paths are relative to it
  std::vector<ProjectTarget> projects;
  std::vector<Problem> problems;
};

// A directory is searched (recursively, hidden folders included; .git, node_modules and
// vendor skipped; symbolic links never followed out of the root) for compose files: the one
// Compose would pick makes a project of its folder, and every other compose-named file
// (docker-compose.prod.yml, compose.dev.yaml) is checked as a project of its own. A file is
// a project of its own. `-f` files, when given, make one project of the first path.
Discovery discover(const std::vector<std::string>& paths, const std::vector<std::string>& compose_files);

// compose.yaml, docker-compose.prod.yml, compose.override.yaml, ...
bool is_compose_file_name(const std::string& name);

}  // namespace clearance::discover
