#include "ignorefile/git_status.h"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "ignorefile/libgit2.h"
#include "source/paths.h"

namespace clearance::ignorefile {
namespace {

// The file's bytes, or nullopt when it cannot be read (absent, a folder, unreadable).
std::optional<std::string> read_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

std::string resolved_by_realpath(const std::string& path) {
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer)) return buffer;
  return source::normalise_path(path);
}

// The path with symbolic links resolved, as realpath(3) gives it (the path normalised when it
// cannot be resolved). realpath reads every component as a link, and the folders of a run
// share their ancestors: resolved folders are kept for the run, so that a folder below one
// costs a single lstat.
std::string real_path(const std::string& path) {
  const std::string normal = source::normalise_path(path);
  if (normal.empty() || normal.front() != '/' || normal == "/") return resolved_by_realpath(path);
  static std::mutex mutex;
  static std::unordered_map<std::string, std::string> known;
  {
    std::lock_guard lock(mutex);
    if (auto it = known.find(normal); it != known.end()) return it->second;
  }
  struct stat st {};
  std::string real;
  if (::lstat(normal.c_str(), &st) != 0) {
    real = normal;  // as realpath's failure gives it
  } else if (S_ISLNK(st.st_mode)) {
    real = resolved_by_realpath(normal);
  } else {
    const std::string parent = real_path(source::parent_directory(normal));
    real = (parent == "/" ? parent : parent + "/") + normal.substr(normal.rfind('/') + 1);
  }
  std::lock_guard lock(mutex);
  if (known.size() < 65536) known.emplace(normal, real);
  return real;
}

std::string strip_trailing_slash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// `path` relative to `dir` when it lies inside it ("" for `dir` itself), else nullopt.
std::optional<std::string> relative_to(const std::string& dir, const std::string& path) {
  if (path == dir) return std::string();
  const std::string prefix = dir == "/" ? dir : dir + "/";
  if (path.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  return path.substr(prefix.size());
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

// Where git's upward search for a repository stops: the folder holding a `.git` (a folder, or
// a file naming one: the work tree's top), or a folder that is a git directory itself; nullopt
// when there is none. Starting libgit2 costs more than the rest of a small scan, so it starts
// only when this finds a repository.
std::optional<std::string> find_repository_marker(const std::string& dir);

// The answers are kept for the run: the files of a scan share their folders' ancestors, and
// each level costs up to four stat calls.
std::optional<std::string> repository_marker(const std::string& dir) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::optional<std::string>> known;
  {
    std::lock_guard lock(mutex);
    if (auto it = known.find(dir); it != known.end()) return it->second;
  }
  std::optional<std::string> marker = find_repository_marker(dir);
  std::lock_guard lock(mutex);
  if (known.size() < 65536) known.emplace(dir, marker);
  return marker;
}

std::optional<std::string> find_repository_marker(const std::string& dir) {
  if (exists(source::join_path(dir, ".git"))) return dir;
  if (exists(source::join_path(dir, "HEAD")) && exists(source::join_path(dir, "objects")) &&
      exists(source::join_path(dir, "refs")))
    return dir;
  if (dir == "/" || dir.empty() || dir.find('/') == std::string::npos) return std::nullopt;
  return repository_marker(source::parent_directory(dir));
}

bool may_hold_repository(const std::string& dir) { return repository_marker(dir).has_value(); }

struct GitFree {
  void operator()(git_repository* r) const { libgit2().git_repository_free(r); }
  void operator()(git_index* i) const { libgit2().git_index_free(i); }
  void operator()(git_config* c) const { libgit2().git_config_free(c); }
};

}  // namespace

struct GitStatus::Impl {
  std::string directory;       // as given, normalised
  std::string directory_real;  // with symbolic links resolved
  std::string top;             // work tree top, or the directory
  std::string top_real;
  std::string error;
  std::unique_ptr<git_repository, GitFree> repo;
  std::unique_ptr<git_index, GitFree> index;
  bool casefold = false;
  std::vector<std::unique_ptr<GitignoreFile>> global;  // info/exclude, core.excludesFile
  std::vector<const GitignoreFile*> global_view;

  mutable std::mutex mutex;  // guards libgit2 and the cache below
  mutable std::map<std::string, std::unique_ptr<GitignoreFile>, std::less<>>
      per_directory;  // null: none

  explicit Impl(std::string dir) {
    if (dir.empty() || dir[0] != '/') {
      char cwd[PATH_MAX];
      if (::getcwd(cwd, sizeof cwd)) dir = source::join_path(cwd, dir);
    }
    directory = source::normalise_path(dir);
    directory_real = real_path(directory);
    top = directory;
    top_real = directory_real;
    if (may_hold_repository(directory_real)) open_repository();
  }

  void open_repository() {
    if (!libgit2().available()) {
      error = libgit2().error;
      return;
    }
    git_repository* raw = nullptr;
    const int rc = libgit2().git_repository_open_ext(&raw, directory_real.c_str(), 0, nullptr);
    if (rc != 0) {
      if (rc != GIT_ENOTFOUND) {
        const git_error* e = libgit2().git_error_last();
        error = e && e->message ? e->message : "cannot open the git repository";
      }
      return;
    }
    repo.reset(raw);
    const char* workdir = libgit2().git_repository_workdir(raw);
    if (!workdir) {  // a bare repository has no work tree to ignore files in
      error = "the repository is bare";
      repo.reset();
      return;
    }
    top = strip_trailing_slash(workdir);
    top_real = real_path(top);
    git_index* idx = nullptr;
    if (libgit2().git_repository_index(&idx, raw) == 0) index.reset(idx);
    read_config_and_global_lists();
  }

  void read_config_and_global_lists() {
    std::string excludes_file;
    git_config* raw_cfg = nullptr;
    if (libgit2().git_repository_config_snapshot(&raw_cfg, repo.get()) == 0) {
      std::unique_ptr<git_config, GitFree> cfg(raw_cfg);
      int flag = 0;
      if (libgit2().git_config_get_bool(&flag, cfg.get(), "core.ignorecase") == 0) casefold = flag != 0;
      git_buf buf = GIT_BUF_INIT;
      if (libgit2().git_config_get_path(&buf, cfg.get(), "core.excludesFile") == 0 && buf.ptr)
        excludes_file = buf.ptr;
      libgit2().git_buf_dispose(&buf);
    }
    if (excludes_file.empty())
      excludes_file = default_excludes_file();
    else if (excludes_file[0] != '/')
      excludes_file = source::join_path(top, excludes_file);
    // info/exclude is checked before core.excludesFile.
    add_global(source::join_path(libgit2().git_repository_commondir(repo.get()), "info/exclude"));
    if (!excludes_file.empty()) add_global(excludes_file);
  }

  static std::string default_excludes_file() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
      return std::string(xdg) + "/git/ignore";
    if (const char* home = std::getenv("HOME"); home && *home)
      return std::string(home) + "/.config/git/ignore";
    return {};
  }

  void add_global(const std::string& path) {
    std::optional<std::string> bytes = read_file(path);
    if (!bytes) return;
    global.push_back(std::make_unique<GitignoreFile>(GitignoreFile::parse(*bytes, path, "")));
    global_view.push_back(global.back().get());
  }

  // The path relative to the work tree top, or nullopt when outside it. A trailing '/' is kept
  // apart in `folder`.
  std::optional<std::string> to_top_relative(std::string_view path, bool& folder) const {
    folder = !path.empty() && path.back() == '/';
    const std::string absolute = source::join_path(directory, path);
    for (const std::string* dir : {&directory, &directory_real}) {
      std::optional<std::string> in_dir = relative_to(*dir, absolute);
      if (!in_dir) continue;
      // `directory` (either spelling) is inside the top: rebase onto it.
      std::optional<std::string> dir_in_top = relative_to(top_real, directory_real);
      if (!dir_in_top) dir_in_top = relative_to(top, directory);
      if (!dir_in_top) return std::nullopt;
      if (dir_in_top->empty()) return *in_dir;
      return in_dir->empty() ? *dir_in_top : *dir_in_top + "/" + *in_dir;
    }
    for (const std::string* t : {&top, &top_real})
      if (std::optional<std::string> in_top = relative_to(*t, absolute)) return in_top;
    return std::nullopt;
  }

  const GitignoreFile* gitignore_of(std::string_view folder) const {
    auto it = per_directory.find(folder);
    if (it != per_directory.end()) return it->second.get();
    const std::string relative =
        folder.empty() ? ".gitignore" : std::string(folder) + "/.gitignore";
    std::unique_ptr<GitignoreFile> file;
    if (std::optional<std::string> bytes = read_file(source::join_path(top, relative)))
      file = std::make_unique<GitignoreFile>(
          GitignoreFile::parse(*bytes, relative, std::string(folder)));
    const GitignoreFile* result = file.get();
    per_directory.emplace(std::string(folder), std::move(file));
    return result;
  }

  bool index_has_file(const std::string& rel) const {
    if (!index) return false;
    for (int stage = 0; stage <= 3; ++stage)
      if (libgit2().git_index_get_bypath(index.get(), rel.c_str(), stage)) return true;
    return false;
  }

  bool index_has_folder(const std::string& rel) const {
    size_t at = 0;
    return index && libgit2().git_index_find_prefix(&at, index.get(), (rel + "/").c_str()) == 0;
  }

  // git's resolve_dtype: the index first, then the disk.
  bool is_folder(std::string_view rel) const {
    const std::string r(rel);
    if (index_has_file(r)) return false;
    if (index_has_folder(r)) return true;
    struct stat st {};
    return ::lstat(source::join_path(top, r).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  }

  static bool inside_git_dir(std::string_view rel) {
    return rel == ".git" || rel.substr(0, 5) == ".git/";
  }

  IgnoreDecision decide(std::string_view path) const {
    bool folder = false;
    std::optional<std::string> rel = to_top_relative(path, folder);
    IgnoreDecision none;
    if (!rel || rel->empty()) return none;
    if (inside_git_dir(*rel)) {
      none.ignored = true;
      return none;
    }
    std::lock_guard<std::mutex> lock(mutex);
    return decide_ignored(
        *rel, global_view, [this](std::string_view f) { return gitignore_of(f); },
        [&](std::string_view p) { return folder || is_folder(p); }, casefold);
  }

  bool tracked(std::string_view path) const {
    if (!index) return false;
    bool folder = false;
    std::optional<std::string> rel = to_top_relative(path, folder);
    if (!rel || rel->empty() || inside_git_dir(*rel)) return false;
    std::lock_guard<std::mutex> lock(mutex);
    return index_has_file(*rel) || index_has_folder(*rel);
  }
};

GitStatus::GitStatus(std::string directory) : impl_(std::make_unique<Impl>(std::move(directory))) {}

std::string GitStatus::expected_top(const std::string& directory) {
  const std::string real = real_path(source::normalise_path(directory));
  return repository_marker(real).value_or(real);
}

bool GitStatus::in_checkout(const std::string& directory) {
  return repository_marker(source::normalise_path(directory)).has_value();
}

GitStatus::~GitStatus() = default;

bool GitStatus::in_repository() const { return impl_->repo != nullptr; }
const std::string& GitStatus::top() const { return impl_->top; }

bool GitStatus::covers(std::string_view path) const {
  bool folder = false;
  return impl_->to_top_relative(path, folder).has_value();
}
const std::string& GitStatus::error() const { return impl_->error; }
bool GitStatus::is_ignored(std::string_view path) const { return impl_->decide(path).ignored; }
IgnoreDecision GitStatus::ignore_decision(std::string_view path) const {
  return impl_->decide(path);
}
bool GitStatus::is_tracked(std::string_view path) const { return impl_->tracked(path); }

}  // namespace clearance::ignorefile
