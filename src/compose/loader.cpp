#include "compose/loader.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include "compose/merge.h"
#include "compose/schema.h"
#include "envfile/env_file.h"
#include "model/normalise.h"
#include "source/paths.h"
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

namespace {

// Interpolates a scalar in place and records how its value was produced.
void interpolate_scalar(model::Project& project, yaml::Node& n, const Environment& env) {
  if (n.value.find('$') == std::string::npos) return;
  auto result = interpolate(n.value, env);
  if (!result) return;
  // Compose refuses an invalid template (CLR901); an unset required variable is CLR605's concern.
  for (const std::string& e : result->info.errors) {
    const bool required = e.rfind("required variable", 0) == 0;
    project.diagnostics.push_back({required ? "CLR605" : "CLR901", n.span, e});
  }
  auto info = std::make_unique<Interpolation>(std::move(result->info));
  n.value = std::move(result->value);
  // Compose interpolates strings after reading the YAML: the result is a string (cast later for
  // boolean and number fields, as the retyping here approximates), never YAML's null, so an
  // override's `network_mode: ${UNSET:-}` replaces the base value rather than keeping it.
  if (n.style == yaml::Style::kPlain) {
    n.type = yaml::resolve_plain_scalar(n.value);
    if (n.type == yaml::Type::kNull) n.type = yaml::Type::kString;
  }
  n.interpolation = info.get();
  project.interpolations.push_back(std::move(info));
}

// Every scalar value (not mapping keys), once per node: aliased nodes are shared.
void interpolate_tree(model::Project& project, yaml::Node* root, const Environment& env) {
  std::unordered_set<const yaml::Node*> seen;
  std::vector<yaml::Node*> stack{root};
  while (!stack.empty()) {
    yaml::Node* n = stack.back();
    stack.pop_back();
    if (!seen.insert(n).second) continue;
    if (n->is_scalar()) {
      interpolate_scalar(project, *n, env);
      continue;
    }
    for (yaml::Node* item : n->items) stack.push_back(item);
    for (yaml::Pair& p : n->pairs) stack.push_back(p.value);
  }
}

}  // namespace

void add_compose_source(model::Project& project, source::SourceFilePtr file, const yaml::Limits& limits) {
  add_compose_source(project, std::move(file), limits, project.environment);
}

void add_compose_source(model::Project& project, source::SourceFilePtr file, const yaml::Limits& limits,
                        const Environment& env) {
  std::unique_ptr<yaml::Document> document = yaml::parse(*file, limits);
  add_compose_document(project, std::move(file), std::move(document), env);
}

void add_compose_document(model::Project& project, source::SourceFilePtr file,
                          std::unique_ptr<yaml::Document> document, const Environment& env) {
  model::ComposeFile cf;
  cf.file = std::move(file);
  cf.document = std::move(document);
  for (const auto& p : cf.document->problems)
    project.diagnostics.push_back({p.kind == yaml::ProblemKind::kLimit ? "CLR906" : "CLR901", p.span, p.message});
  if (cf.document->root) interpolate_tree(project, cf.document->root, env);
  for (yaml::Node* later : cf.document->later_roots) interpolate_tree(project, later, env);
  project.compose_files.push_back(std::move(cf));
}

std::vector<std::string> compose_files_from_env(const Environment& env, const std::string& dir) {
  std::vector<std::string> out;
  const Variable* files = env.find("COMPOSE_FILE");
  if (!files || files->value.empty()) return out;
  std::string separator = ":";
  if (const Variable* sep = env.find("COMPOSE_PATH_SEPARATOR"); sep && !sep->value.empty()) separator = sep->value;
  const std::string& v = files->value;
  size_t start = 0;
  while (start <= v.size()) {
    size_t end = v.find(separator, start);
    if (end == std::string::npos) end = v.size();
    const std::string part = v.substr(start, end - start);
    if (!part.empty()) {
      fs::path p(part);
      if (p.is_relative()) p = fs::path(dir) / p;
      out.push_back(p.lexically_normal().string());
    }
    start = end + separator.size();
  }
  return out;
}

std::vector<std::string> default_compose_files(const std::string& dir) {
  std::vector<std::string> out;
  std::string def = default_compose_file(dir);
  if (def.empty()) return out;
  const fs::path p(def);
  const std::string stem = p.stem().string();  // "compose" or "docker-compose"
  out.push_back(std::move(def));
  for (const char* ext : {".yaml", ".yml"}) {
    std::error_code ec;
    const fs::path o = p.parent_path() / (stem + ".override" + ext);
    if (fs::is_regular_file(o, ec)) {
      out.push_back(o.string());
      break;
    }
  }
  return out;
}

namespace {

using yaml::Node;
using yaml::Pair;

std::string dir_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return {};
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string resolve_path(const std::string& dir, const std::string& p) {
  if (!p.empty() && p[0] == '~') {
    if (const char* home = std::getenv("HOME")) return source::join_path(home, p.substr(p.size() > 1 ? 2 : 1));
  }
  return source::join_path(dir, p);
}

bool is_remote(std::string_view p) {
  return p.find("://") != std::string_view::npos || p.rfind("git@", 0) == 0 || p.rfind("github.com/", 0) == 0;
}

bool unknown(const Node& n) { return n.interpolation && n.interpolation->unknown; }

std::vector<const Node*> scalars_of(const Node* n) {
  std::vector<const Node*> out;
  if (!n) return out;
  if (n->is_scalar() && !n->is_null()) out.push_back(n);
  if (n->is_sequence())
    for (const Node* item : n->items)
      if (item->is_scalar() && !item->is_null()) out.push_back(item);
  return out;
}

class Loader {
 public:
  Loader(const LoadOptions& options, model::Project& project) : opt_(options), project_(project) {}

  // Whether `path` is a regular file or a folder: what discovery read answers for the folders
  // it walked (most projects ask for a .env that is not there), the disk for the rest.
  bool regular_file(const std::string& path) const { return source::FolderIndex::regular_file(opt_.folders, path); }
  bool directory(const std::string& path) const { return source::FolderIndex::folder(opt_.folders, path); }

  void run() {
    project_.directory = opt_.project_dir;
    load_environment();
    std::vector<std::string> files = opt_.compose_files;
    if (files.empty()) files = compose_files_from_env(project_.environment, opt_.project_dir);
    if (files.empty()) files = default_compose_files(opt_.project_dir);
    project_.active_profiles = opt_.active_profiles;
    if (project_.active_profiles.empty())
      if (const Variable* p = project_.environment.find("COMPOSE_PROFILES"))
        project_.active_profiles = split(p->value, ',');

    std::vector<Node*> roots;
    for (const std::string& path : files) {
      Node* root = load_file(path, project_.environment, opt_.project_dir);
      if (root) roots.push_back(root);
    }
    if (opt_.require_services && files.size() == 1 && !roots.empty() && roots[0]->is_mapping() &&
        !roots[0]->find("services") && !roots[0]->find("include")) {
      // Not a compose file (a Kubernetes manifest, a CI file): nothing to check here.
      project_.compose_files.clear();
      project_.diagnostics.clear();
      project_.not_compose = display_path(files[0], opt_.display_root);
      return;
    }
    Node* root = roots.empty() ? nullptr : roots[0];
    for (size_t i = 1; i < roots.size(); ++i) root = merger().merge_files(root, roots[i]);
    project_.root = root;
    const size_t schema_from = project_.diagnostics.size();
    if (root && root->is_mapping()) validate_schema(*root, project_.diagnostics);
    const size_t schema_to = project_.diagnostics.size();
    model::normalise_project(project_);
    drop_repeated_type_errors(schema_from, schema_to);
    filter_profiles();
    // An override file checked without its base (docker-compose.override.ci.yml) is a fragment:
    // its build settings complete a base file's, so a missing Dockerfile is not told.
    const bool fragment = files.size() == 1 && fs::path(files[0]).filename().string().find(".override.") != std::string::npos;
    for (model::ContainerSpec& spec : project_.services) {
      load_env_files(spec);
      resolve_build(spec, !fragment);
    }
    if (root && root->is_mapping()) check_secret_files(*root);
  }

 private:
  static std::vector<std::string> split(const std::string& v, char sep) {
    std::vector<std::string> out;
    size_t s = 0;
    while (s <= v.size()) {
      size_t e = v.find(sep, s);
      if (e == std::string::npos) e = v.size();
      std::string part = v.substr(s, e - s);
      part.erase(0, part.find_first_not_of(" \t"));
      part.erase(part.find_last_not_of(" \t") + 1);
      if (!part.empty()) out.push_back(std::move(part));
      s = e + 1;
    }
    return out;
  }

  // The schema check and the normaliser may both find a value of the wrong type: keep the
  // schema's diagnostic (it names the expected type from the one table of Compose's keys).
  void drop_repeated_type_errors(size_t schema_from, size_t schema_to) {
    if (schema_from == schema_to) return;
    auto& d = project_.diagnostics;
    std::unordered_set<uint64_t> seen;
    auto key = [](const model::Diagnostic& x) {
      return (reinterpret_cast<uintptr_t>(x.span.file) << 20) ^ x.span.begin;
    };
    for (size_t i = schema_from; i < schema_to; ++i)
      if (d[i].rule_id == "CLR902") seen.insert(key(d[i]));
    auto first = d.begin() + static_cast<std::ptrdiff_t>(schema_to);
    d.erase(std::remove_if(first, d.end(),
                           [&](const model::Diagnostic& x) { return x.rule_id == "CLR902" && seen.count(key(x)); }),
            d.end());
  }

  compose::Merger& merger() {
    if (!merger_) {
      if (!project_.merged) project_.merged = std::make_unique<yaml::Document>();
      merger_ = std::make_unique<Merger>(*project_.merged, project_.merge_sites);
    }
    return *merger_;
  }

  void missing(const Span& at, std::string message) {
    project_.diagnostics.push_back({"CLR903", at, std::move(message)});
  }

  source::SourceFilePtr read(const std::string& path) {
    source::ReadResult r;
    if (opt_.pre_read && opt_.pre_read->file && opt_.pre_read->file->absolute_path() == path &&
        opt_.pre_read->file->bytes().size() <= opt_.max_file_size)
      r = *std::exchange(opt_.pre_read, std::nullopt);
    else
      r = source::read_source_file(path, display_path(path, opt_.display_root), opt_.max_file_size);
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

  // Reads and parses a compose file, or takes it from the run's cache, and adds it to the
  // project interpolated with `env`. A file another file refers to is likely read by other
  // projects of the run too (the including project and the file's own): it goes to the cache.
  bool add_file(const std::string& path, const Environment& env, bool referenced) {
    if (opt_.cache) {
      if (std::optional<FileCache::Entry> hit = opt_.cache->find(path)) {
        project_.files.push_back(hit->file);
        add_compose_document(project_, hit->file, hit->document->clone(), env);
        project_.compose_files.back().referenced = referenced;
        return true;
      }
    }
    source::SourceFilePtr file = read(path);
    if (!file) return false;
    std::unique_ptr<yaml::Document> document = yaml::parse(*file, opt_.yaml_limits);
    if (referenced && opt_.cache) opt_.cache->insert(path, {file, document->clone()});
    add_compose_document(project_, file, std::move(document), env);
    project_.compose_files.back().referenced = referenced;
    return true;
  }

  // Reads env files into `env` (which only fills what is not set already: the shell, or the
  // including project, wins).
  // `keep_set`: a variable already set (by an earlier .env) keeps its value.
  void read_env_files(Environment& env, const std::vector<std::string>& paths, bool keep_set = false) {
    for (const std::string& path : paths) {
      source::SourceFilePtr file = read(path);
      if (!file) continue;
      const auto lookup = [&env](std::string_view name) -> std::optional<std::string> {
        if (const Variable* v = env.find(name)) return v->value;
        return std::nullopt;
      };
      auto parsed = std::make_shared<const envfile::EnvFile>(envfile::parse(*file, lookup));
      if (!project_.env_source(path)) {
        for (const auto& p : parsed->problems)
          project_.diagnostics.push_back({p.limit ? "CLR906" : "CLR901", p.span, p.message});
        project_.env_sources.push_back({path, file, parsed, model::EnvSource::Role::kInterpolation});
      }
      for (const auto& e : parsed->entries) {
        if (!e.has_value) continue;
        const Variable* existing = env.find(e.key);
        if (existing && (keep_set || existing->source == Variable::Source::kShell)) continue;
        env.set(e.key, Variable{e.value, Variable::Source::kEnvFile, e.value_span});
      }
    }
  }

  // Compose's precedence: the shell environment wins over env files; with --env-file the
  // project's .env is not read; among several --env-file, a later one overrides an earlier one.
  void load_environment() {
    project_.environment = Environment(opt_.shell);
    std::vector<std::string> env_files = opt_.env_files;
    if (!env_files.empty()) {
      read_env_files(project_.environment, env_files);
      return;
    }
    std::string dot_env = opt_.project_dir;
    if (dot_env.empty() || dot_env.back() != '/') dot_env += '/';
    dot_env += ".env";
    const bool outer = !opt_.outer_dot_env.empty() && opt_.outer_dot_env != dot_env;
    if (outer && regular_file(opt_.outer_dot_env)) read_env_files(project_.environment, {opt_.outer_dot_env});
    if (regular_file(dot_env)) read_env_files(project_.environment, {dot_env}, /*keep_set=*/outer);
  }

  // Parses and interpolates a compose file, then applies its `include` and `extends`; relative
  // paths in it are relative to `base_dir` and are rewritten relative to the project directory
  // when that differs. Returns the file's resolved top-level node (null when unreadable).
  Node* load_file(const std::string& path, const Environment& env, const std::string& base_dir,
                  bool referenced = false) {
    if (!add_file(path, env, referenced)) return nullptr;
    const yaml::Document& document = *project_.compose_files.back().document;
    Node* root = merger().enforce_unicity(document.root);
    // A file of several YAML documents is read as Compose reads it: each document merged onto
    // the ones before it, as the files of `-f a -f b` are.
    for (Node* later : document.later_roots) {
      if (!later || !later->is_mapping()) continue;
      later = merger().enforce_unicity(later);
      root = root && root->is_mapping() ? merger().merge_files(root, later) : later;
    }
    raw_roots_[path] = root;
    if (!root || !root->is_mapping()) return root;
    const Node* services = root->get("services");
    bool extends = false;
    if (services && services->is_mapping())
      for (const Pair& p : services->pairs)
        if (p.value->is_mapping() && p.value->find("extends")) extends = true;
    const bool include = root->find("include") != nullptr;
    if (!include && !extends && base_dir == opt_.project_dir) return root;  // the common case
    const bool rebase = !same_dir(base_dir, opt_.project_dir);
    Node* out = root;
    if (extends) out = apply_extends(out, path, env, base_dir);
    if (rebase) out = rebase_services(out, base_dir);
    if (include) out = apply_includes(out, path, env, base_dir);
    return out;
  }

  static bool same_dir(const std::string& a, const std::string& b) {
    return a == b || source::normalise_path(a) == source::normalise_path(b);
  }

  // --- extends -------------------------------------------------------------------------------

  // `dir`: where the file's relative paths start (the project directory for the files of the
  // project, an include's folder for what it includes).
  Node* apply_extends(Node* root, const std::string& path, const Environment& env, const std::string& dir) {
    Node* services = const_cast<Node*>(root->get("services"));
    Node* new_services = merger().make(yaml::Kind::kMapping, services->span);
    for (const Pair& p : services->pairs) {
      Pair q = p;
      if (p.value->is_mapping() && p.value->find("extends")) {
        std::vector<std::string> stack;
        q.value = resolve_service(path, dir, root, p.key->value, env, stack);
      }
      new_services->pairs.push_back(q);
    }
    Node* out = merger().make(yaml::Kind::kMapping, root->span);
    out->pairs = root->pairs;
    for (Pair& p : out->pairs)
      if (p.key->value == "services") p.value = new_services;
    return out;
  }

  // The service `name` of the file at `path` (whose top-level node is `root`) with its
  // `extends` chain applied. Paths of a base in another file are rebased.
  Node* resolve_service(const std::string& path, const std::string& dir, const Node* root, const std::string& name,
                        const Environment& env,
                        std::vector<std::string>& stack) {
    const Node* services = root ? root->get("services") : nullptr;
    Node* svc = services && services->is_mapping() ? const_cast<Node*>(services->get(name)) : nullptr;
    if (!svc || !svc->is_mapping()) return svc;
    const Pair* ext = svc->find("extends");
    if (!ext) return svc;
    const std::string id = path + "#" + name;
    if (auto it = resolved_.find(id); it != resolved_.end()) return it->second;
    if (std::find(stack.begin(), stack.end(), id) != stack.end()) {
      std::string chain;
      for (const std::string& s : stack) chain += s.substr(s.rfind('#') + 1) + " -> ";
      project_.diagnostics.push_back({"CLR902", ext->key->span, "circular reference with extends: " + chain + name});
      return without_extends(svc);
    }
    std::string base_name, base_file;
    const Node* file_node = nullptr;
    if (ext->value->is_scalar()) {
      base_name = ext->value->value;
    } else if (ext->value->is_mapping()) {
      if (const Node* s = ext->value->get("service"); s && s->is_scalar()) base_name = s->value;
      if (const Node* f = ext->value->get("file"); f && f->is_scalar() && !f->value.empty()) {
        file_node = f;
        base_file = resolve_path(dir, f->value);  // compose-go: against the working directory
      }
    }
    if (base_name.empty()) return without_extends(svc);  // the schema check reports the shape
    const Node* base_root = root;
    const Environment* base_env = &env;
    if (!base_file.empty() && base_file != path) {
      base_root = aux_root(base_file, env, *file_node);
      if (!base_root) return without_extends(svc);
    } else {
      base_file = path;
    }
    const Node* base_services = base_root->is_mapping() ? base_root->get("services") : nullptr;
    if (!base_services || !base_services->is_mapping() || !base_services->get(base_name)) {
      missing(ext->value->span, "cannot extend service \"" + name + "\": service \"" + base_name + "\" not found in " +
                                    display_path(base_file, opt_.display_root));
      return without_extends(svc);
    }
    // A base in another file is read with that file's folder as its working directory.
    const std::string base_dir = base_file == path ? dir : dir_of(base_file);
    stack.push_back(id);
    Node* base = resolve_service(base_file, base_dir, base_root, base_name, *base_env, stack);
    stack.pop_back();
    if (!same_dir(base_dir, dir)) base = rebase_service(base, base_dir);
    // What a service depends on is its own: compose-go drops the base's `depends_on` and
    // `volumes_from` before extending (loader/extends.go, the specification's restrictions).
    base = without_keys(base, {"depends_on", "volumes_from"});
    Node* merged = merger().merge_service(base, without_extends(svc), MergeOrigin{ext->key->span, true});
    resolved_[id] = merged;
    return merged;
  }

  Node* without_extends(Node* svc) { return without_keys(svc, {"extends"}); }

  // The mapping without `keys` (the node itself when it has none of them).
  Node* without_keys(Node* mapping, std::initializer_list<std::string_view> keys) {
    if (!mapping || !mapping->is_mapping()) return mapping;
    const auto dropped = [&](const Pair& p) { return std::find(keys.begin(), keys.end(), p.key->value) != keys.end(); };
    if (std::none_of(mapping->pairs.begin(), mapping->pairs.end(), dropped)) return mapping;
    Node* out = merger().make(yaml::Kind::kMapping, mapping->span);
    for (const Pair& p : mapping->pairs)
      if (!dropped(p)) out->pairs.push_back(p);
    return out;
  }

  // A compose file read for its services only (an `extends` base in another file).
  const Node* aux_root(const std::string& path, const Environment& env, const Node& written) {
    if (auto it = raw_roots_.find(path); it != raw_roots_.end()) return it->second;
    if (!regular_file(path)) {
      missing(written.span, "extends file " + quoted(written.value) + " not found");
      raw_roots_[path] = nullptr;
      return nullptr;
    }
    if (!add_file(path, env, true)) return nullptr;
    Node* root = project_.compose_files.back().document->root;
    raw_roots_[path] = root;
    return root;
  }

  static std::string quoted(const std::string& s) { return "\"" + s + "\""; }

  // --- relative paths ------------------------------------------------------------------------

  // A path relative to `from_dir`, rewritten relative to the project directory.
  std::string rebase_path(const std::string& p, const std::string& from_dir) const {
    if (p.empty() || p[0] == '/' || p[0] == '~' || p[0] == '$' || p[0] == '\\' || is_remote(p)) return p;
    if (p.size() >= 2 && p[1] == ':') return p;  // C:\...
    const fs::path abs = (fs::path(from_dir) / p).lexically_normal();
    std::string rel = abs.lexically_relative(fs::path(opt_.project_dir).lexically_normal()).generic_string();
    if (rel.empty()) return abs.string();
    if (rel == ".") return rel;
    if (rel.rfind("..", 0) == 0) return rel;
    return "./" + rel;
  }

  Node* rebased_scalar(Node* n, const std::string& from_dir, bool any_relative) {
    if (!n->is_scalar() || unknown(*n) || rebased_.count(n)) return n;
    const std::string& v = n->value;
    if (!any_relative && !(v.rfind("./", 0) == 0 || v.rfind("../", 0) == 0 || v == "." || v == "..")) return n;
    std::string r = rebase_path(v, from_dir);
    if (r == v) return n;
    Node* out = merger().rewrite_scalar(*n, std::move(r));
    rebased_.insert(out);
    return out;
  }

  static Node* with_value(Node* mapping, std::string_view key, Node* value, Merger& m) {
    Node* out = m.make(yaml::Kind::kMapping, mapping->span);
    out->pairs = mapping->pairs;
    for (Pair& p : out->pairs)
      if (p.key->value == key) p.value = value;
    return out;
  }

  // build.context, env_file and bind-mount sources of a service written relative to `from_dir`.
  Node* rebase_service(Node* svc, const std::string& from_dir) {
    if (!svc || !svc->is_mapping()) return svc;
    Merger& m = merger();
    Node* out = svc;
    if (Node* build = const_cast<Node*>(svc->get("build"))) {
      if (build->is_scalar()) {
        out = with_value(out, "build", rebased_scalar(build, from_dir, true), m);
      } else if (build->is_mapping()) {
        if (Node* ctx = const_cast<Node*>(build->get("context")))
          out = with_value(out, "build", with_value(build, "context", rebased_scalar(ctx, from_dir, true), m), m);
      }
    }
    if (Node* env_file = const_cast<Node*>(svc->get("env_file"))) {
      Node* v = env_file;
      if (env_file->is_scalar()) {
        v = rebased_scalar(env_file, from_dir, true);
      } else if (env_file->is_sequence()) {
        v = m.make(yaml::Kind::kSequence, env_file->span);
        for (Node* item : env_file->items) {
          if (item->is_mapping()) {
            Node* p = const_cast<Node*>(item->get("path"));
            v->items.push_back(p ? with_value(item, "path", rebased_scalar(p, from_dir, true), m) : item);
          } else {
            v->items.push_back(rebased_scalar(item, from_dir, true));
          }
        }
      }
      out = with_value(out, "env_file", v, m);
    }
    if (Node* volumes = const_cast<Node*>(svc->get("volumes")); volumes && volumes->is_sequence()) {
      Node* v = m.make(yaml::Kind::kSequence, volumes->span);
      for (Node* item : volumes->items) {
        if (item->is_mapping()) {
          Node* src = const_cast<Node*>(item->get("source"));
          const Node* type = item->get("type");
          const bool bind = type && type->is_scalar() && type->value == "bind";
          v->items.push_back(src && bind ? with_value(item, "source", rebased_scalar(src, from_dir, true), m) : item);
        } else if (item->is_scalar() && !unknown(*item) && !rebased_.count(item) &&
                   (item->value.rfind("./", 0) == 0 || item->value.rfind("../", 0) == 0 ||
                    item->value.rfind(".:", 0) == 0 || item->value.rfind("..:", 0) == 0)) {
          const size_t colon = item->value.find(':');
          const std::string src = item->value.substr(0, colon);
          const std::string rest = colon == std::string::npos ? std::string() : item->value.substr(colon);
          Node* n = m.rewrite_scalar(*item, rebase_path(src, from_dir) + rest);
          rebased_.insert(n);
          v->items.push_back(n);
        } else {
          v->items.push_back(item);
        }
      }
      out = with_value(out, "volumes", v, m);
    }
    return out;
  }

  Node* rebase_services(Node* root, const std::string& from_dir) {
    const Node* services = root->get("services");
    if (!services || !services->is_mapping()) return root;
    Node* s = merger().make(yaml::Kind::kMapping, services->span);
    for (const Pair& p : services->pairs) s->pairs.push_back(Pair{p.key, rebase_service(p.value, from_dir), p.merged_at});
    return with_value(root, "services", s, merger());
  }

  // --- include -------------------------------------------------------------------------------

  // Include paths start at `working_dir` (compose-go's ApplyInclude: the project directory for
  // the files of the project, the `project_directory` of an include for what it includes).
  Node* apply_includes(Node* root, const std::string& path, const Environment& env, const std::string& working_dir) {
    const Pair* inc = root->find("include");
    if (!inc->value->is_sequence()) return root;
    include_stack_.push_back(path);
    Node* out = merger().make(yaml::Kind::kMapping, root->span);
    for (const Pair& p : root->pairs)
      if (p.key->value != "include") out->pairs.push_back(p);
    const std::string& dir = working_dir;
    for (const Node* entry : inc->value->items) {
      std::vector<const Node*> paths, env_files;
      const Node* project_directory = nullptr;
      if (entry->is_scalar()) {
        paths = scalars_of(entry);
      } else if (entry->is_mapping()) {
        paths = scalars_of(entry->get("path"));
        env_files = scalars_of(entry->get("env_file"));
        project_directory = entry->get("project_directory");
        if (project_directory && !project_directory->is_scalar()) project_directory = nullptr;
      }
      if (paths.empty()) continue;  // the schema check reports the shape
      std::vector<std::string> files;
      bool ok = true;
      for (const Node* p : paths) {
        if (unknown(*p)) { ok = false; break; }
        std::string abs = resolve_path(dir, p->value);
        if (!regular_file(abs)) {
          missing(p->span, "included file " + quoted(p->value) + " not found");
          ok = false;
          break;
        }
        if (std::find(include_stack_.begin(), include_stack_.end(), abs) != include_stack_.end()) {
          std::string chain;
          for (const std::string& s : include_stack_) chain += display_path(s, opt_.display_root) + " -> ";
          project_.diagnostics.push_back({"CLR902", p->span, "include cycle detected: " + chain +
                                                                 display_path(abs, opt_.display_root)});
          ok = false;
          break;
        }
        files.push_back(std::move(abs));
      }
      if (!ok) continue;
      // Files this project has included already (two includes of one shared file, a "diamond"
      // of includes) add nothing new: loading them again would only repeat their resources,
      // and a chain of diamonds would grow exponentially.
      const bool seen = std::all_of(files.begin(), files.end(), [&](const std::string& f) {
        return std::find(project_.included_files.begin(), project_.included_files.end(), f) != project_.included_files.end();
      });
      if (seen) continue;
      const std::string sub_dir = project_directory ? resolve_path(dir, project_directory->value) : dir_of(files[0]);
      // The included project's variables: the including project's win, then its env files.
      auto& sub_env = project_.environments.emplace_back(std::make_unique<Environment>(&env));
      std::vector<std::string> env_paths;
      for (const Node* e : env_files) {
        std::string abs = resolve_path(dir, e->value);
        if (!regular_file(abs)) missing(e->span, "env file " + quoted(e->value) + " not found");
        else env_paths.push_back(std::move(abs));
      }
      if (env_files.empty()) {
        const std::string dot_env = (fs::path(sub_dir) / ".env").string();
        if (regular_file(dot_env) && !same_dir(sub_dir, opt_.project_dir)) env_paths.push_back(dot_env);
      }
      read_env_files(*sub_env, env_paths);
      Node* included = nullptr;
      for (const std::string& f : files) {
        project_.included_files.push_back(f);
        Node* r = load_file(f, *sub_env, sub_dir, true);
        if (r) included = included ? merger().merge_files(included, r) : r;
      }
      if (included && included->is_mapping()) add_included(out, included, inc->key->span);
    }
    include_stack_.pop_back();
    return out;
  }

  // Adds an included project's resources; a name defined on both sides is an error in Compose.
  void add_included(Node* out, const Node* included, const Span& site) {
    for (const Pair& ip : included->pairs) {
      const std::string& section = ip.key->value;
      if (section != "services" && section != "networks" && section != "volumes" && section != "secrets" &&
          section != "configs")
        continue;
      if (!ip.value->is_mapping()) continue;
      auto it = std::find_if(out->pairs.begin(), out->pairs.end(), [&](const Pair& p) { return p.key->value == section; });
      Node* merged = merger().make(yaml::Kind::kMapping, it == out->pairs.end() ? ip.value->span : it->value->span);
      if (it != out->pairs.end() && it->value->is_mapping()) merged->pairs = it->value->pairs;
      for (const Pair& entry : ip.value->pairs) {
        auto dup = std::find_if(merged->pairs.begin(), merged->pairs.end(),
                                [&](const Pair& p) { return p.key->value == entry.key->value; });
        if (dup != merged->pairs.end()) {
          project_.diagnostics.push_back({"CLR902", dup->key->span, section + "." + entry.key->value +
                                                                      " conflicts with imported resource"});
          continue;
        }
        merged->pairs.push_back(entry);
        if (section == "services") project_.merge_sites.emplace(entry.key, site);
      }
      if (it != out->pairs.end()) it->value = merged;
      else out->pairs.push_back(Pair{ip.key, merged, {}});
    }
  }

  // --- after normalisation -------------------------------------------------------------------

  // Keeps what `docker compose --profile X up` starts: services without profiles or with an
  // active one ("*" activates all), and every service they depend on, transitively.
  void filter_profiles() {
    const auto& active = project_.active_profiles;
    if (active.empty()) return;
    if (std::find(active.begin(), active.end(), "*") != active.end()) return;
    std::unordered_set<std::string> keep;
    std::vector<const model::ContainerSpec*> todo;
    for (const model::ContainerSpec& s : project_.services) {
      const bool on = s.profiles.empty() || std::any_of(s.profiles.begin(), s.profiles.end(), [&](const std::string& p) {
                        return std::find(active.begin(), active.end(), p) != active.end();
                      });
      if (on && keep.insert(s.name).second) todo.push_back(&s);
    }
    while (!todo.empty()) {
      const model::ContainerSpec* s = todo.back();
      todo.pop_back();
      for (const std::string& dep : s->depends_on) {
        if (!keep.insert(dep).second) continue;
        for (const model::ContainerSpec& d : project_.services)
          if (d.name == dep) todo.push_back(&d);
      }
    }
    auto& svcs = project_.services;
    svcs.erase(std::remove_if(svcs.begin(), svcs.end(), [&](const model::ContainerSpec& s) { return !keep.count(s.name); }),
               svcs.end());
  }

  // env_file: PATH, [PATH...] or [{path, required, format}]; read once per project.
  void load_env_files(model::ContainerSpec& spec) {
    const Node* n = spec.node && spec.node->is_mapping() ? spec.node->get("env_file") : nullptr;
    if (!n) return;
    std::vector<const Node*> entries = n->is_sequence() ? std::vector<const Node*>(n->items.begin(), n->items.end())
                                                        : std::vector<const Node*>{n};
    for (const Node* e : entries) {
      model::EnvFileRef ref;
      const Node* path = e;
      if (e->is_mapping()) {
        path = e->get("path");
        if (const Node* req = e->get("required"); req && req->is_false()) ref.required = false;
      }
      if (!path || !path->is_scalar() || path->is_null()) continue;
      ref.path.value = path->value;
      ref.path.present = true;
      ref.path.span = path->span;
      ref.path.node = path;
      ref.path.merged_at = project_.merge_site(path);
      if (unknown(*path)) {
        spec.env_files.push_back(std::move(ref));
        continue;
      }
      ref.absolute = resolve_path(opt_.project_dir, path->value);
      auto it = env_files_.find(ref.absolute);
      if (it == env_files_.end()) {
        Loaded loaded;
        if (regular_file(ref.absolute)) {
          loaded.file = read(ref.absolute);
          if (loaded.file) {
            const Environment& env = project_.environment;
            auto parsed = std::make_shared<envfile::EnvFile>(envfile::parse(
                *loaded.file, [&env](std::string_view name) -> std::optional<std::string> {
                  if (const Variable* v = env.find(name)) return v->value;
                  return std::nullopt;
                }));
            if (!project_.env_source(ref.absolute)) {
              for (const auto& p : parsed->problems)
                project_.diagnostics.push_back({p.limit ? "CLR906" : "CLR901", p.span, p.message});
              project_.env_sources.push_back({ref.absolute, loaded.file, parsed, model::EnvSource::Role::kServiceEnvFile});
            }
            loaded.parsed = std::move(parsed);
          }
        }
        it = env_files_.emplace(ref.absolute, std::move(loaded)).first;
      }
      ref.file = it->second.file;
      ref.parsed = it->second.parsed;
      if (!ref.file && ref.required) missing(path->span, "env file " + quoted(path->value) + " not found");
      spec.env_files.push_back(std::move(ref));
    }
  }

  // Top-level secrets and configs read from a `file:`.
  void check_secret_files(const Node& root) {
    for (const char* section : {"secrets", "configs"}) {
      const Node* entries = root.get(section);
      if (!entries || !entries->is_mapping()) continue;
      for (const Pair& e : entries->pairs) {
        const Node* file = e.value->is_mapping() ? e.value->get("file") : nullptr;
        if (!file || !file->is_scalar() || file->is_null() || unknown(*file)) continue;
        std::error_code ec;
        if (!fs::exists(resolve_path(opt_.project_dir, file->value), ec))
          missing(file->span, std::string(section[0] == 's' ? "secret" : "config") + " file " + quoted(file->value) +
                                  " not found");
      }
    }
  }

  // A local build context must be a folder, and its Dockerfile a file.
  // Finds the build context and Dockerfile a service builds from, and tells what is missing.
  void resolve_build(model::ContainerSpec& spec, bool tell_missing) {
    model::Build& b = spec.build;
    if (!b.present) return;
    const Node* build = spec.node && spec.node->is_mapping() ? spec.node->get("build") : nullptr;
    if (!build) return;
    std::string context = ".";
    Span context_span = b.span;
    if (b.context.present) {
      if (b.context.unknown() || is_remote(b.context.value)) return;
      context = b.context.value.empty() ? "." : b.context.value;
      context_span = b.context.span;
    }
    const std::string dir = resolve_path(opt_.project_dir, context);
    if (!directory(dir)) {
      if (tell_missing) missing(context_span, "build context " + quoted(context) + " not found");
      return;
    }
    b.context_dir = dir;
    if (build->is_mapping() && build->get("dockerfile_inline")) return;
    std::string dockerfile = "Dockerfile";
    Span dockerfile_span = context_span;
    if (b.dockerfile.present) {
      if (b.dockerfile.unknown()) return;
      dockerfile = b.dockerfile.value;
      dockerfile_span = b.dockerfile.span;
    }
    const std::string path = resolve_path(dir, dockerfile);
    if (regular_file(path)) b.dockerfile_path = path;
    else if (tell_missing)
      missing(dockerfile_span, "Dockerfile " + quoted(dockerfile) + " not found in build context " + quoted(context));
  }

  struct Loaded {
    source::SourceFilePtr file;
    std::shared_ptr<const envfile::EnvFile> parsed;
  };

  const LoadOptions& opt_;
  model::Project& project_;
  std::unique_ptr<Merger> merger_;
  std::unordered_map<std::string, Node*> raw_roots_;      // every compose file read, by path
  std::unordered_map<std::string, Node*> resolved_;       // "path#service" with extends applied
  std::unordered_set<const Node*> rebased_;               // scalars already rewritten
  std::vector<std::string> include_stack_;
  std::unordered_map<std::string, Loaded> env_files_;
};

}  // namespace

std::unique_ptr<model::Project> load_project(const LoadOptions& options) {
  auto project = std::make_unique<model::Project>();
  Loader(options, *project).run();
  return project;
}

}  // namespace clearance::compose
