#include "compose/loader.h"

#include <filesystem>
#include <unordered_set>

#include "envfile/env_file.h"
#include "model/normalise.h"
#include "source/read_file.h"

namespace clearance::compose {

namespace fs = std::filesystem;

std::string default_compose_file(const std::string& dir) {
  // Compose's order of preference.
  static constexpr const char* kNames[] = {"compose.yaml", "compose.yml", "docker-compose.yaml",
                                           "docker-compose.yml"};
  for (const char* name : kNames) {
    std::error_code ec;
    const fs::path p = fs::path(dir) / name;
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  return {};
}

std::string display_path(const std::string& absolute, const std::string& root) {
  // Plain string work: this runs for every file, and std::filesystem's path algebra is slow.
  std::string_view abs(absolute);
  std::string_view base(root);
  while (base.size() > 1 && base.back() == '/') base.remove_suffix(1);
  if (abs.size() > base.size() && abs.substr(0, base.size()) == base && abs[base.size()] == '/') {
    std::string rel(abs.substr(base.size() + 1));
    while (rel.rfind("./", 0) == 0) rel.erase(0, 2);
    return rel;
  }
  return fs::path(absolute).lexically_normal().generic_string();
}

namespace {

// Interpolates a scalar in place and records how its value was produced.
void interpolate_scalar(model::Project& project, yaml::Node& n) {
  if (n.value.find('$') == std::string::npos) return;
  auto result = interpolate(n.value, project.environment);
  if (!result) return;
  // Compose refuses an invalid template (CLR901); an unset required variable is CLR605's concern.
  for (const std::string& e : result->info.errors) {
    const bool required = e.rfind("required variable", 0) == 0;
    project.diagnostics.push_back({required ? "CLR605" : "CLR901", n.span, e});
  }
  auto info = std::make_unique<Interpolation>(std::move(result->info));
  n.value = std::move(result->value);
  if (n.style == yaml::Style::kPlain) n.type = yaml::resolve_plain_scalar(n.value);
  n.interpolation = info.get();
  project.interpolations.push_back(std::move(info));
}

// Every scalar value (not mapping keys), once per node: aliased nodes are shared.
void interpolate_tree(model::Project& project, yaml::Node* root) {
  std::unordered_set<const yaml::Node*> seen;
  std::vector<yaml::Node*> stack{root};
  while (!stack.empty()) {
    yaml::Node* n = stack.back();
    stack.pop_back();
    if (!seen.insert(n).second) continue;
    if (n->is_scalar()) {
      interpolate_scalar(project, *n);
      continue;
    }
    for (yaml::Node* item : n->items) stack.push_back(item);
    for (yaml::Pair& p : n->pairs) stack.push_back(p.value);
  }
}

}  // namespace

void add_compose_source(model::Project& project, source::SourceFilePtr file, const yaml::Limits& limits) {
  model::ComposeFile cf;
  cf.file = file;
  cf.document = yaml::parse(*file, limits);
  for (const auto& p : cf.document->problems)
    project.diagnostics.push_back({p.kind == yaml::ProblemKind::kLimit ? "CLR906" : "CLR901", p.span, p.message});
  if (cf.document->root) interpolate_tree(project, cf.document->root);
  project.compose_files.push_back(std::move(cf));
}

namespace {

class Loader {
 public:
  Loader(const LoadOptions& options, model::Project& project) : opt_(options), project_(project) {}

  void run() {
    project_.directory = opt_.project_dir;
    load_environment();
    std::vector<std::string> files = opt_.compose_files;
    if (files.empty()) {
      std::string def = default_compose_file(opt_.project_dir);
      if (!def.empty()) files.push_back(def);
    }
    for (const std::string& path : files) load_compose_file(path);
    model::normalise_project(project_);
  }

 private:
  source::SourceFilePtr read(const std::string& path) {
    auto r = source::read_source_file(path, display_path(path, opt_.display_root), opt_.max_file_size);
    if (r.too_large) {
      project_.files.push_back(r.file);
      project_.diagnostics.push_back({"CLR906", r.file->span(0, 0), r.error});
      return nullptr;
    }
    if (!r.file) {
      auto placeholder = std::make_shared<source::SourceFile>(
          display_path(path, opt_.display_root), path, std::string());
      project_.files.push_back(placeholder);
      project_.diagnostics.push_back({"CLR901", placeholder->span(0, 0), r.error});
      return nullptr;
    }
    project_.files.push_back(r.file);
    return r.file;
  }

  // Compose's precedence: the shell environment wins over env files; with --env-file the
  // project's .env is not read; among several --env-file, a later one overrides an earlier one.
  void load_environment() {
    project_.environment = Environment(opt_.shell);
    std::vector<std::string> env_files = opt_.env_files;
    if (env_files.empty()) {
      std::string dot_env = opt_.project_dir;
      if (dot_env.empty() || dot_env.back() != '/') dot_env += '/';
      dot_env += ".env";
      std::error_code ec;
      if (fs::is_regular_file(dot_env, ec)) env_files.push_back(std::move(dot_env));
    }
    for (const std::string& path : env_files) {
      source::SourceFilePtr file = read(path);
      if (!file) continue;
      const auto lookup = [this](std::string_view name) -> std::optional<std::string> {
        if (const Variable* v = project_.environment.find(name)) return v->value;
        return std::nullopt;
      };
      envfile::EnvFile parsed = envfile::parse(*file, lookup);
      for (const auto& p : parsed.problems)
        project_.diagnostics.push_back({p.limit ? "CLR906" : "CLR901", p.span, p.message});
      for (auto& e : parsed.entries) {
        if (!e.has_value) continue;
        const Variable* existing = project_.environment.find(e.key);
        if (existing && existing->source == Variable::Source::kShell) continue;
        project_.environment.set(e.key, Variable{e.value, Variable::Source::kEnvFile, e.value_span});
      }
    }
  }

  void load_compose_file(const std::string& path) {
    source::SourceFilePtr file = read(path);
    if (file) add_compose_source(project_, file, opt_.yaml_limits);
  }

  const LoadOptions& opt_;
  model::Project& project_;
};

}  // namespace

std::unique_ptr<model::Project> load_project(const LoadOptions& options) {
  auto project = std::make_unique<model::Project>();
  Loader(options, *project).run();
  return project;
}

}  // namespace clearance::compose
