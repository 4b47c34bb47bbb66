#include "engine/builds.h"

#include <algorithm>

#include "compose/loader.h"
#include "dockerfile/word_errors.h"
#include "engine/standalone.h"
#include "ignorefile/git_status.h"
#include "rules/hygiene/copy_sources.h"
#include "source/folders.h"
#include "source/paths.h"
#include "source/read_file.h"

namespace clearance::engine {

namespace {

// Parse problems are diagnostics: what BuildKit refuses is CLR901 at its instruction, a safety
// limit CLR906. BuildKit stops at the first error, and so does the report: a file that is not
// a Dockerfile at all (a template) is one finding, not one per line. Warnings are not errors.
void add_problems(model::Project& project, const dockerfile::Dockerfile& parsed) {
  const dockerfile::Problem* first_error = nullptr;
  size_t errors = 0;
  for (const dockerfile::Problem* p : parsed.all_problems()) {
    if (p->kind == dockerfile::ProblemKind::kLimit) project.diagnostics.push_back({"CLR906", p->span, p->message});
    if (p->kind != dockerfile::ProblemKind::kError) continue;
    if (!first_error) first_error = p;
    ++errors;
  }
  if (!first_error) return;
  std::string message = first_error->message;
  if (errors > 1) message += " (and " + std::to_string(errors - 1) + " more " + (errors == 2 ? "error" : "errors") + " after it)";
  project.diagnostics.push_back({"CLR901", first_error->span, std::move(message)});
}

// A FROM whose image BuildKit refuses once its variables are substituted: blank, or no image
// reference (`node:`), as a variable no ARG before the first FROM declares reads empty (one
// declared inside a stage is not visible to FROM). A FROM with no variable that is no image
// reference is left alone: a placeholder of a template (`FROM REPLACE-ME`), not a slip. A
// refused `${X:?message}` is reported where it is written, with the other expansion errors.
void add_base_problem(const model::Stage& stage, std::vector<dockerfile::Problem>& found) {
  const model::StageBase& base = stage.base;
  if (base.kind != model::BaseKind::kInvalid || base.text.invalid || !base.span.valid()) return;
  const std::string written(base.span.text());
  if (written.find('$') == std::string::npos) return;
  // A variable FROM reads as not set is one no ARG before the first FROM declares.
  const std::vector<std::string>& undeclared = base.text.unset;
  std::string message = "FROM " + written + " " +
                        (base.text.value.empty() ? "names no image" : "reads `" + base.text.value + "`") +
                        " once its variables are substituted, which BuildKit refuses";
  for (size_t i = 0; i < undeclared.size(); ++i)
    message += (i == 0 ? ": " : ", ") + undeclared[i];
  if (undeclared.size() == 1) message += " is not declared with ARG before the first FROM, so FROM reads it empty";
  if (undeclared.size() > 1) message += " are not declared with ARG before the first FROM, so FROM reads them empty";
  found.push_back({dockerfile::ProblemKind::kError, base.span, std::move(message)});
}

// What BuildKit refuses only when it builds (dockerfile/word_errors.h): words it cannot expand
// in a FROM line or a global ARG (read before any stage is built), or in the stages the
// build's shipped stage needs (the stage model's reachable(): a stage nothing builds is not
// expanded). The first is CLR901, unless parsing already failed (BuildKit stops there);
// nothing when the target is unknown or names no stage.
// FROM lines whose image BuildKit refuses are among them (add_base_problem).
void add_build_problems(model::Project& project, const model::ImageBuild& build) {
  const std::shared_ptr<const dockerfile::Dockerfile>& syntax = project.dockerfiles[build.dockerfile].syntax;
  const model::Stage* shipped = build.stages ? build.stages->shipped_stage() : nullptr;
  if (!syntax || !shipped) return;
  for (const dockerfile::Problem* p : syntax->all_problems())
    if (p->kind == dockerfile::ProblemKind::kError) return;
  std::vector<dockerfile::Problem> found;
  bool before_first_stage = true;
  for (const dockerfile::Instruction& in : syntax->instructions) {
    if (in.is(dockerfile::Keyword::kFrom)) before_first_stage = false;
    if (before_first_stage || in.is(dockerfile::Keyword::kFrom)) dockerfile::add_expansion_problems(in, syntax->escape, found);
  }
  // A stage's own instructions only: the ONBUILD triggers the stage model adds from its parent
  // are not judged (a trigger's words are not checked anywhere they may run).
  const dockerfile::Instruction* first = syntax->instructions.data();
  const dockerfile::Instruction* last = first + syntax->instructions.size();
  for (const model::Stage* stage : build.stages->reachable(*shipped)) {
    add_base_problem(*stage, found);
    for (const dockerfile::Instruction* in : stage->instructions)
      if (in >= first && in < last) dockerfile::add_expansion_problems(*in, syntax->escape, found);
  }
  if (found.empty()) return;
  std::stable_sort(found.begin(), found.end(), [](const dockerfile::Problem& x, const dockerfile::Problem& y) {
    return x.span.begin < y.span.begin;
  });
  std::string message = found.front().message;
  if (found.size() > 1)
    message += " (and " + std::to_string(found.size() - 1) + " more " + (found.size() == 2 ? "error" : "errors") + " after it)";
  project.diagnostics.push_back({"CLR901", found.front().span, std::move(message)});
}

size_t add_parsed_dockerfile(model::Project& project, const std::string& absolute,
                             std::shared_ptr<const dockerfile::Dockerfile> parsed) {
  add_problems(project, *parsed);
  project.dockerfiles.push_back({absolute, std::move(parsed)});
  return project.dockerfiles.size() - 1;
}

size_t add_dockerfile(model::Project& project, const std::string& absolute, source::SourceFilePtr file,
                      BuildCache* cache) {
  auto parsed = std::make_shared<const dockerfile::Dockerfile>(dockerfile::parse(file));
  if (cache) cache->keep_dockerfile(absolute, {std::move(file), parsed});
  return add_parsed_dockerfile(project, absolute, std::move(parsed));
}

// The index of the project's Dockerfile at `absolute`, reading it on first use; nullopt when
// it cannot be read (the loader has told what is missing).
std::optional<size_t> dockerfile_index(model::Project& project, const std::string& absolute,
                                       const std::string& display_root, BuildCache* cache) {
  for (size_t i = 0; i < project.dockerfiles.size(); ++i)
    if (project.dockerfiles[i].absolute == absolute) return i;
  if (cache) {
    if (std::optional<BuildCache::Dockerfile> known = cache->dockerfile(absolute)) {
      project.files.push_back(known->file);  // its spans live as long as the project's findings
      return add_parsed_dockerfile(project, absolute, std::move(known->syntax));
    }
  }
  source::SourceFilePtr file = read_into_project(project, absolute, display_root);
  if (!file) return std::nullopt;
  return add_dockerfile(project, absolute, std::move(file), cache);
}

// Compose's build arguments: a value written (`KEY: value`, `- KEY=value`), or none (`- KEY`,
// `KEY:`), which Compose takes from the environment and leaves out when it is not set there.
// A value that depends on an unset variable is unknown, and so is a missing one: the shell
// that runs `docker compose build` may set it.
void read_args(const model::Build& build, const compose::Environment& environment, model::ImageBuild& out) {
  for (const auto& [name, value] : build.args) {
    if (!value.present) continue;
    const yaml::Node* node = value.node;
    const bool no_value = node && (node->is_null() || (node->value == name && value.value.empty()));
    if (no_value) {
      if (const compose::Variable* v = environment.find(name)) out.args.emplace_back(name, v->value);
      else out.unknown_args.push_back(name);
    } else if (value.unknown()) {
      out.unknown_args.push_back(name);
    } else {
      out.args.emplace_back(name, value.value);
    }
  }
}

model::BuildSettings settings_of(const model::ImageBuild& build) {
  return {build.target, !build.target_unknown, build.args, build.unknown_args};
}

constexpr size_t kMaxContextEntries = 50'000;

bool not_entered(std::string_view name) {
  return name == ".git" || name == "node_modules" || name == ".hg" || name == ".svn";
}

// A build context read through the run's FolderIndex (what discovery read of the tree it
// walked), the disk for folders it does not hold. The context itself is opened only when the
// disk is needed, and each folder below it is opened from there (a short path to resolve).
class ContextReader {
 public:
  ContextReader(std::string directory, const source::FolderIndex* index)
      : directory_(std::move(directory)), index_(index) {}
  ~ContextReader() {
    if (root_ >= 0) ::close(root_);
  }
  ContextReader(const ContextReader&) = delete;
  ContextReader& operator=(const ContextReader&) = delete;

  // Calls fn(name, type) for each entry of the folder `relative` ("" for the context); false
  // when it cannot be read (an unreadable folder lists as empty, as permission-denied ones).
  template <typename Fn>
  bool for_each_entry(const std::string& relative, Fn&& fn) {
    if (const std::vector<source::FolderEntry>* known = indexed(relative)) {
      for (const source::FolderEntry& e : *known)
        if (!fn(std::string_view(e.name), e.type)) break;
      return true;
    }
    if (!open_root()) return false;
    const int dir = relative.empty() ? root_ : source::open_folder(relative.c_str(), root_);
    if (dir < 0) return false;
    source::for_each_entry(dir, fn);
    if (dir != root_) ::close(dir);
    return true;
  }

  // Whether `relative` is a folder, not a link to one.
  bool is_folder(const std::string& relative) {
    const size_t slash = relative.rfind('/');
    const std::string parent = slash == std::string::npos ? "" : relative.substr(0, slash);
    if (const std::vector<source::FolderEntry>* known = indexed(parent)) {
      const source::FolderEntry* e = source::FolderIndex::find(*known, relative.substr(slash + 1));
      return e && e->type == source::EntryType::kFolder;
    }
    struct stat st {};
    return open_root() && ::fstatat(root_, relative.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
  }

  // Whether `name` at the top of the context is a regular file (following a link). A name the
  // index says is absent, or a folder, takes no system call; once the context is open (it was
  // read from the disk), the name is looked up from there, not along the whole path again.
  bool has_file(std::string_view name) const {
    const std::string path = directory_ + "/" + std::string(name);
    if (root_ < 0) return source::FolderIndex::regular_file(index_, path);
    return source::FolderIndex::regular_file(index_, path, root_, path.size() - name.size());
  }

 private:
  const std::vector<source::FolderEntry>* indexed(const std::string& relative) const {
    if (!index_) return nullptr;
    return index_->entries(relative.empty() ? directory_ : directory_ + "/" + relative);
  }
  bool open_root() {
    if (root_ == -1) root_ = source::open_folder(directory_.c_str());
    if (root_ < 0) root_ = -2;  // unreadable: not tried again
    return root_ >= 0;
  }

  std::string directory_;
  const source::FolderIndex* index_;
  int root_ = -1;
};

// Whether the folder `relative` of the context is one a listing of the whole context enters:
// each of its parts a folder, not a link to one, and not a folder left out. Most sources are
// files: the last part tells first.
bool entered_folder(ContextReader& context, const std::string& relative) {
  for (size_t at = 0; at <= relative.size();) {
    const size_t next = std::min(relative.find('/', at), relative.size());
    if (not_entered(std::string_view(relative).substr(at, next - at))) return false;
    at = next + 1;
  }
  if (!context.is_folder(relative)) return false;
  for (size_t slash = relative.find('/'); slash != std::string::npos; slash = relative.find('/', slash + 1))
    if (!context.is_folder(relative.substr(0, slash))) return false;
  return true;
}

// The files and folders below each of `folders` (relative to the context; "" is the whole
// context), relative to the context, in a stable order; bounded. Folders are entered, links to
// them are not, so a folder named here is listed as the whole context's listing would have it.
std::shared_ptr<const std::vector<std::string>> list_context(ContextReader& context,
                                                             const std::vector<std::string>& folders, bool& truncated) {
  auto out = std::make_shared<std::vector<std::string>>();
  std::vector<std::string> pending;  // folders to read, relative to the context
  for (const std::string& folder : folders)
    if (folder.empty() || entered_folder(context, folder)) pending.push_back(folder);
  while (!pending.empty() && !truncated) {
    const std::string relative = std::move(pending.back());
    pending.pop_back();
    context.for_each_entry(relative, [&](std::string_view name, source::EntryType type) {
      if (out->size() >= kMaxContextEntries) {
        truncated = true;
        return false;
      }
      std::string path = relative.empty() ? std::string(name) : relative + "/" + std::string(name);
      if (type == source::EntryType::kFolder && !not_entered(name)) pending.push_back(path);
      out->push_back(std::move(path));
      return true;
    });
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
  return out;
}

// What of its context a Dockerfile's rules read (rules::copies::context_sources: the COPY and
// ADD sources taken from the context): nothing, the folders its sources name (a source that is
// a file needs no listing, and `COPY requirements.txt .` at the top of a large repository is
// common), or all of it, for a source that is the context itself or a glob.
struct ContextNeeds {
  bool any = false;
  bool whole = false;
  std::vector<std::string> folders;  // none inside another
};

ContextNeeds context_needs(const model::Project& project, const dockerfile::Dockerfile* syntax) {
  ContextNeeds needs;
  if (!syntax) return needs;
  std::vector<std::string> named;
  // Kept with the project for the rules that judge the same sources.
  for (const rules::copies::ContextSource& s : rules::copies::context_sources_of(project, *syntax)) {
    needs.any = true;
    if (s.glob || s.path.empty()) {
      needs.whole = true;
      return needs;
    }
    named.push_back(s.path);
  }
  // Shortest first, so that a folder comes before the folders inside it; each kept one is
  // compared with all kept before it (a name such as "config.yaml" sorts between "config"
  // and "config/keys", so the last kept is not enough).
  std::sort(named.begin(), named.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  for (std::string& path : named) {
    const bool inside_kept = std::any_of(needs.folders.begin(), needs.folders.end(), [&](const std::string& f) {
      return path == f || (path.starts_with(f) && path[f.size()] == '/');
    });
    if (!inside_kept) needs.folders.push_back(std::move(path));
  }
  return needs;
}

// The index of the project's .dockerignore at `absolute`, read and parsed on first use.
std::optional<size_t> dockerignore_index(model::Project& project, const std::string& absolute,
                                         const std::string& display_root) {
  for (size_t i = 0; i < project.dockerignores.size(); ++i)
    if (project.dockerignores[i].absolute == absolute) return i;
  source::SourceFilePtr file = read_into_project(project, absolute, display_root);
  if (!file) return std::nullopt;
  auto parsed = std::make_shared<const ignorefile::Dockerignore>(ignorefile::Dockerignore::parse(*file));
  project.dockerignores.push_back({absolute, std::move(file), std::move(parsed), nullptr});
  return project.dockerignores.size() - 1;
}

void list_whole_into(model::BuildContext& context, ContextReader& reader, BuildCache* cache) {
  if (std::optional<BuildCache::Listing> known = cache ? cache->listing(context.directory) : std::nullopt) {
    context.paths = known->paths;
    context.truncated = known->truncated;
  } else {
    context.paths = list_context(reader, {""}, context.truncated);
    if (cache) cache->keep_listing(context.directory, {context.paths, context.truncated});
  }
}

// The build's context: what of its files the rules read (context_needs; about half of all
// Dockerfiles copy nothing from their context, and most of the rest name a few files), all of
// them when a .dockerignore applies whose patterns CLR604 matches against them, and the
// .dockerignore BuildKit would apply.
void describe_context(model::Project& project, model::ImageBuild& build, const std::string& context_dir,
                      const std::string& display_root, BuildCache* cache) {
  model::BuildContext context;
  context.directory = context_dir;
  const model::DockerfileSource& built = project.dockerfiles[build.dockerfile];
  const ContextNeeds needs = context_needs(project, built.syntax.get());
  ContextReader reader(context_dir, cache ? cache->folders() : nullptr);
  if (needs.whole) list_whole_into(context, reader, cache);
  else if (needs.any) context.paths = list_context(reader, needs.folders, context.truncated);
  const std::string& dockerfile = built.absolute;
  // A listing of the whole context answers "is there a .dockerignore" for names at its top
  // without a stat each; a name it has is still checked to be a file.
  const auto exists = [&](const std::string& path) {
    const std::string prefix = context_dir + "/";
    if (needs.whole && !context.truncated && path.starts_with(prefix)) {
      const std::string name = path.substr(prefix.size());
      if (name.find('/') == std::string::npos &&
          !std::binary_search(context.paths->begin(), context.paths->end(), name))
        return false;
    }
    if (path.starts_with(prefix) && path.find('/', prefix.size()) == std::string::npos)
      return reader.has_file(std::string_view(path).substr(prefix.size()));
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  };
  if (std::optional<std::string> ignore = ignorefile::choose_dockerignore(context_dir, dockerfile, exists)) {
    context.dockerignore = dockerignore_index(project, *ignore, display_root);
    // CLR604 judges the patterns of a .dockerignore in a git checkout against every path.
    if (context.dockerignore && ignorefile::GitStatus::in_checkout(source::parent_directory(*ignore))) {
      if (!needs.whole) {
        context.truncated = false;
        list_whole_into(context, reader, cache);
      }
      model::DockerignoreSource& source = project.dockerignores[*context.dockerignore];
      if (!source.context_paths && !context.truncated) source.context_paths = context.paths;
    }
  }
  build.context = std::move(context);
}

}  // namespace

void add_standalone_dockerignore(model::Project& project, const std::string& absolute, source::SourceFilePtr file,
                                 BuildCache* cache) {
  auto parsed = std::make_shared<const ignorefile::Dockerignore>(ignorefile::Dockerignore::parse(*file));
  // Its context is listed for CLR604, which judges a .dockerignore of a git checkout only.
  std::shared_ptr<const std::vector<std::string>> paths;
  const std::string folder = source::parent_directory(absolute);
  if (ignorefile::GitStatus::in_checkout(folder)) {
    bool truncated = false;
    ContextReader reader(folder, cache ? cache->folders() : nullptr);
    paths = list_context(reader, {""}, truncated);
    if (truncated) paths = nullptr;
  }
  project.dockerignores.push_back({absolute, std::move(file), std::move(parsed), std::move(paths)});
}

void link_builds(model::Project& project, const std::string& display_root, BuildCache* cache) {
  for (size_t s = 0; s < project.services.size(); ++s) {
    const model::Build& build = project.services[s].build;
    if (!build.present || build.dockerfile_path.empty()) continue;
    const std::optional<size_t> df = dockerfile_index(project, build.dockerfile_path, display_root, cache);
    if (!df) continue;
    model::ImageBuild wanted;
    wanted.dockerfile = *df;
    if (build.target.present) {
      wanted.target_unknown = build.target.unknown();
      if (!wanted.target_unknown) wanted.target = build.target.value;
    }
    read_args(build, project.environment, wanted);
    // One build per Dockerfile, target, arguments and context: the same Dockerfile built from
    // two contexts copies different files (CLR603 judges each).
    auto same = [&](const model::ImageBuild& b) {
      const std::string_view context = b.context ? std::string_view(b.context->directory) : std::string_view();
      return b.dockerfile == wanted.dockerfile && b.target == wanted.target &&
             b.target_unknown == wanted.target_unknown && b.args == wanted.args &&
             b.unknown_args == wanted.unknown_args && context == build.context_dir;
    };
    if (auto it = std::find_if(project.builds.begin(), project.builds.end(), same); it != project.builds.end()) {
      it->services.push_back(s);
      continue;
    }
    // Asked once per Dockerfile and target (builds that differ in their arguments only would
    // report it again).
    const bool new_target = std::none_of(project.builds.begin(), project.builds.end(), [&](const model::ImageBuild& b) {
      return b.dockerfile == wanted.dockerfile && b.target_unknown == wanted.target_unknown && b.target == wanted.target;
    });
    wanted.services = {s};
    wanted.build_span = build.span;
    wanted.stages = std::make_shared<const model::StageGraph>(project.dockerfiles[*df].syntax, settings_of(wanted));
    if (new_target) add_build_problems(project, wanted);
    project.builds.push_back(std::move(wanted));
    if (!build.context_dir.empty()) describe_context(project, project.builds.back(), build.context_dir, display_root, cache);
  }
}

void add_standalone_dockerfile(model::Project& project, const std::string& absolute, source::SourceFilePtr file,
                               const std::string& display_root, BuildCache* cache) {
  // Checked alone, a Dockerfile is read by no other project: nothing to share but its folder.
  const size_t df = add_dockerfile(project, absolute, std::move(file), nullptr);
  model::ImageBuild build;
  build.dockerfile = df;
  build.stages = std::make_shared<const model::StageGraph>(project.dockerfiles[df].syntax, settings_of(build));
  add_build_problems(project, build);
  project.builds.push_back(std::move(build));
  describe_context(project, project.builds.back(), source::parent_directory(absolute), display_root, cache);
}

std::optional<BuildCache::Dockerfile> BuildCache::dockerfile(const std::string& absolute) const {
  std::lock_guard lock(mutex_);
  auto it = dockerfiles_.find(absolute);
  if (it == dockerfiles_.end()) return std::nullopt;
  return it->second;
}

namespace {

// Adds `key` unless present; beyond `limit` entries the oldest goes.
template <class Map, class Value>
void keep_recent(Map& map, std::deque<std::string>& order, size_t limit, const std::string& key, Value value) {
  if (!map.emplace(key, std::move(value)).second) return;
  order.push_back(key);
  if (order.size() > limit) {
    map.erase(order.front());
    order.pop_front();
  }
}

}  // namespace

void BuildCache::keep_dockerfile(const std::string& absolute, Dockerfile parsed) {
  std::lock_guard lock(mutex_);
  keep_recent(dockerfiles_, dockerfile_order_, kMaxEntries, absolute, std::move(parsed));
}

std::optional<BuildCache::Listing> BuildCache::listing(const std::string& directory) const {
  std::lock_guard lock(mutex_);
  auto it = listings_.find(directory);
  if (it == listings_.end()) return std::nullopt;
  return it->second;
}

void BuildCache::keep_listing(const std::string& directory, Listing listing) {
  std::lock_guard lock(mutex_);
  keep_recent(listings_, listing_order_, kMaxEntries, directory, std::move(listing));
}

}  // namespace clearance::engine
