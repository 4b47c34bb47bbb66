#include "engine/standalone.h"

#include <utility>

#include "compose/loader.h"
#include "engine/builds.h"
#include "source/paths.h"
#include "source/read_file.h"

namespace clearance::engine {

namespace {

// An env file on its own: read as Compose reads a .env (interpolation from the shell and the
// file's earlier lines).
void load_env_file(model::Project& project, const std::string& path, source::SourceFilePtr file,
                   const compose::Environment& shell) {
  auto lookup = [&shell](std::string_view name) -> std::optional<std::string> {
    if (const compose::Variable* v = shell.find(name)) return v->value;
    return std::nullopt;
  };
  auto parsed = std::make_shared<const envfile::EnvFile>(envfile::parse(*file, lookup));
  for (const auto& p : parsed->problems)
    project.diagnostics.push_back({p.limit ? "CLR906" : "CLR901", p.span, p.message});
  project.env_sources.push_back({path, std::move(file), std::move(parsed), model::EnvSource::Role::kStandalone});
}

model::ProjectKind kind_of(discover::FileKind kind) {
  switch (kind) {
    case discover::FileKind::kDockerfile: return model::ProjectKind::kDockerfile;
    case discover::FileKind::kEnvFile: return model::ProjectKind::kEnvFile;
    case discover::FileKind::kDockerignore: return model::ProjectKind::kDockerignore;
    case discover::FileKind::kCiConfig: return model::ProjectKind::kRepository;
  }
  return model::ProjectKind::kDockerfile;
}

}  // namespace

// Reads the file into the project; a file too large or unreadable is a diagnostic.
source::SourceFilePtr read_into_project(model::Project& project, const std::string& path, const std::string& display_root,
                                        std::optional<source::ReadResult> already_read) {
  source::ReadResult r = already_read ? std::move(*already_read)
                                      : source::read_source_file(path, compose::display_path(path, display_root));
  if (r.too_large) {
    project.files.push_back(r.file);
    project.diagnostics.push_back({"CLR906", r.file->span(0, 0), r.error});
    return nullptr;
  }
  if (!r.file) {
    auto placeholder = std::make_shared<source::SourceFile>(compose::display_path(path, display_root), path, std::string());
    project.files.push_back(placeholder);
    project.diagnostics.push_back({"CLR901", placeholder->span(0, 0), r.error});
    return nullptr;
  }
  project.files.push_back(r.file);
  return r.file;
}

std::unique_ptr<model::Project> load_standalone(const discover::FileTarget& target, const std::string& display_root,
                                                const compose::Environment& shell, BuildCache* builds) {
  auto project = std::make_unique<model::Project>();
  project->kind = kind_of(target.kind);
  project->directory = source::parent_directory(target.path);
  std::optional<source::ReadResult> read = std::exchange(target.read, std::nullopt);
  source::SourceFilePtr file = read_into_project(*project, target.path, display_root, std::move(read));
  if (!file) return project;
  if (target.kind == discover::FileKind::kEnvFile) load_env_file(*project, target.path, std::move(file), shell);
  if (target.kind == discover::FileKind::kDockerfile)
    add_standalone_dockerfile(*project, target.path, std::move(file), display_root, builds);
  if (target.kind == discover::FileKind::kDockerignore) add_standalone_dockerignore(*project, target.path, std::move(file), builds);
  return project;
}

std::unique_ptr<model::Project> load_ci_configs(const std::vector<const discover::FileTarget*>& targets,
                                                const std::string& display_root) {
  auto project = std::make_unique<model::Project>();
  project->kind = model::ProjectKind::kRepository;
  project->directory = display_root;
  for (const discover::FileTarget* target : targets) {
    source::SourceFilePtr file = read_into_project(*project, target->path, display_root);
    if (!file) continue;
    std::unique_ptr<yaml::Document> document = yaml::parse(*file);
    for (const yaml::Problem& p : document->problems)
      project->diagnostics.push_back({p.kind == yaml::ProblemKind::kLimit ? "CLR906" : "CLR901", p.span, p.message});
    project->ci_configs.push_back({target->path, std::move(file), std::move(document)});
  }
  return project;
}

}  // namespace clearance::engine
