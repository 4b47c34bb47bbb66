#include "discover/discover.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <set>
#include <system_error>
#include <unordered_map>

#include "compose/interpolation.h"
#include "compose/loader.h"
#include "envfile/env_file.h"
#include "knowledge/secrets.h"
#include "source/ascii.h"
#include "source/folders.h"
#include "source/paths.h"
#include "source/read_file.h"
#include "source/threads.h"

namespace clearance::discover {

namespace fs = std::filesystem;

bool is_compose_file_name(const std::string& name) {
  auto ends_with = [&](std::string_view s) {
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  if (!ends_with(".yml") && !ends_with(".yaml")) return false;
  // compose.yaml, compose.prod.yaml, docker-compose-dev.yml, docker-compose_v3_mysql.yaml, ...
  for (const std::string_view base : {std::string_view("compose"), std::string_view("docker-compose")})
    if (name.size() > base.size() && name.starts_with(base) &&
        (name[base.size()] == '.' || name[base.size()] == '-' || name[base.size()] == '_'))
      return true;
  return false;
}

namespace {

// `Dockerfile.<suffix>` names a variant (Dockerfile.dev, Dockerfile.alpine) unless the suffix
// says the file is something else: a template that renders a Dockerfile, a script, a config.
bool variant_suffix(std::string_view suffix) {
  static constexpr std::string_view kNotDockerfiles[] = {
      "dockerignore", "yml",  "yaml",     "json", "md",    "txt",  "sh",     "bash", "py",     "js",
      "ts",           "go",   "rs",       "rb",   "ps1",   "bat",  "cmd",    "toml", "ini",    "cfg",
      "xml",          "html", "lock",     "orig", "bak",   "swp",  "template", "tmpl", "tpl", "j2",
      "jinja",        "jinja2", "erb",    "in",   "mustache", "hbs", "gotmpl", "patch", "diff"};
  const size_t dot = suffix.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? suffix : suffix.substr(dot + 1);
  return std::find(std::begin(kNotDockerfiles), std::end(kNotDockerfiles), ext) == std::end(kNotDockerfiles);
}

}  // namespace

bool is_dockerfile_name(std::string_view name) {
  const std::string n = source::ascii_lower(name);
  if (n == "dockerfile" || n == "containerfile") return true;
  if (n.starts_with("dockerfile.")) return variant_suffix(std::string_view(n).substr(11));
  if (n.starts_with("containerfile.")) return variant_suffix(std::string_view(n).substr(14));
  return (n.size() > 11 && n.ends_with(".dockerfile")) || (n.size() > 14 && n.ends_with(".containerfile"));
}

bool is_env_file_name(std::string_view name) {
  return name == ".env" || (name.starts_with(".env.") && name.size() > 5);
}

bool is_ci_config_path(const std::string& path) {
  // String work: this runs for every file a scan walks past.
  const std::string_view p(path);
  const size_t slash = p.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? p : p.substr(slash + 1);
  if (name == ".gitlab-ci.yml" || name == ".gitlab-ci.yaml") return true;
  if (!name.ends_with(".yml") && !name.ends_with(".yaml")) return false;
  if (slash == std::string_view::npos) return false;
  const std::string_view dir = p.substr(0, slash);
  return dir == ".github/workflows" || dir.ends_with("/.github/workflows");
}

namespace {

std::optional<FileKind> file_kind(const std::string& name) {
  if (is_dockerfile_name(name)) return FileKind::kDockerfile;
  if (is_env_file_name(name)) return FileKind::kEnvFile;
  // Env templates named without the leading dot (`env.example`, `template.env`): committed by
  // design, so a real secret in one is CLR606's and CLR508's business.
  if ((name.find("env") != std::string::npos || name.find("ENV") != std::string::npos) &&
      knowledge::is_env_example_name(name))
    return FileKind::kEnvFile;
  if (name == ".dockerignore" || name.ends_with(".dockerignore")) return FileKind::kDockerignore;
  return std::nullopt;
}

// A file named on the command line is also a Dockerfile when its name says so with another
// separator than a dot (`Dockerfile-windows`, `Dockerfile_alpine`, `api-dockerfile`): naming
// it is asking for it to be checked. (A scan does not take these: `Dockerfile-notes.md` and
// the like are common beside the Dockerfiles they describe.)
bool is_named_dockerfile(std::string_view name) {
  const std::string n = source::ascii_lower(name);
  for (const std::string_view base : {std::string_view("dockerfile"), std::string_view("containerfile")}) {
    if (n.size() > base.size() + 1 && n.starts_with(base) && (n[base.size()] == '-' || n[base.size()] == '_'))
      return variant_suffix(std::string_view(n).substr(base.size() + 1));
    if (n.size() > base.size() + 1 && n.ends_with(base) &&
        (n[n.size() - base.size() - 1] == '-' || n[n.size() - base.size() - 1] == '_'))
      return true;
  }
  return false;
}

// Takes `bytes` from what may still be held in memory, when there is that much left.
bool take(std::atomic<uint64_t>& budget, uint64_t bytes) {
  uint64_t left = budget.load(std::memory_order_relaxed);
  while (left >= bytes)
    if (budget.compare_exchange_weak(left, left - bytes, std::memory_order_relaxed)) return true;
  return false;
}

// Whether the text has a top-level `include:` key: a line that starts with it.
bool has_top_level_include(std::string_view text) {
  for (size_t at = text.find("include:"); at != std::string_view::npos; at = text.find("include:", at + 1))
    if (at == 0 || text[at - 1] == '\n' || (at == 3 && text.substr(0, 3) == "\xEF\xBB\xBF")) return true;
  return false;
}

bool is_yaml_name(const std::string& name) {
  return name.size() > 4 && (name.ends_with(".yml") || name.ends_with(".yaml"));
}

// The files COMPOSE_FILE names (absolute, relative to `dir`) in the env files given (a later
// one overrides an earlier one), or nothing. Only a file that mentions COMPOSE_FILE is parsed.
std::vector<std::string> compose_file_from_env_files(const std::vector<std::string>& env_files, const fs::path& dir) {
  compose::Environment env;
  for (const std::string& path : env_files) {
    auto r = source::read_source_file(path, path);
    if (!r.file || r.file->bytes().find("COMPOSE_FILE") == std::string_view::npos) continue;
    for (const auto& e : envfile::parse(*r.file).entries)
      if (e.has_value) env.set(e.key, compose::Variable{e.value, compose::Variable::Source::kEnvFile, {}});
  }
  return compose::compose_files_from_env(env, dir.string());
}

bool skipped_directory(const std::string& name) {
  return name == ".git" || name == "node_modules" || name == "vendor" || name == ".hg" || name == ".svn";
}

bool inside(const fs::path& path, const fs::path& root) {
  auto r = root.begin();
  auto p = path.begin();
  for (; r != root.end(); ++r, ++p) {
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

// What one folder holds for the walk, in the order the walk reports it: the problems met while
// listing it (in the order listed), the files checked alone (sorted), its projects, and its
// sub-folders to walk (sorted).
struct FolderFindings {
  bool listed = false;  // read whole: only then does the run's FolderIndex keep its entries
  std::vector<source::FolderEntry> entries;
  std::vector<Problem> problems;
  std::vector<FileTarget> files;
  std::vector<ProjectTarget> projects;
  std::vector<std::string> folders;
};

// Walks a folder tree. Folders are read on several threads (listing them, reading the .env
// that may name COMPOSE_FILE and the first lines of compose files for `include:` is most of
// what a scan does before the first project is checked, and the whole run waits for it); what
// each holds is then put together depth first, sorted, as one thread walking would have: the
// report is the same whatever the threads did.
class Walker {
 public:
  Walker(Discovery& out, fs::path root, const std::vector<std::string>& env_files, unsigned jobs)
      : out_(out), root_(std::move(root)), env_files_(env_files), jobs_(std::max(jobs, 1u)) {}

  void walk_directory(const fs::path& dir) {
    const std::string top = dir.string();
    read_tree(top);
    report(top);
    found_.clear();
  }

 private:
  // Reads every folder of the tree at `top` into found_.
  void read_tree(const std::string& top) {
    pending_ = {top};
    busy_ = 0;
    // The first folder alone tells whether there is a tree to share.
    read_next();
    std::vector<source::WorkerThread> helpers;
    if (!pending_.empty()) {
      for (unsigned t = 1; t < jobs_; ++t) {
        try {
          helpers.emplace_back([this] { read_all(); }, t);
        } catch (const std::system_error&) {
          break;  // no thread to be had: this one reads them all
        }
      }
    }
    read_all();
    for (source::WorkerThread& h : helpers) h.join();
    if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
  }

  // Reads folders until none is left to read and none is being read (which may add more).
  void read_all() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return !pending_.empty() || busy_ == 0; });
      if (pending_.empty()) return;
      lock.unlock();
      read_next();
      lock.lock();
    }
  }

  // Takes one pending folder, reads it, and queues its sub-folders.
  void read_next() {
    std::string folder;
    {
      std::lock_guard lock(mutex_);
      if (pending_.empty()) return;
      folder = std::move(pending_.back());
      pending_.pop_back();
      ++busy_;
    }
    std::unique_ptr<FolderFindings> found;
    std::exception_ptr failure;
    try {
      found = std::make_unique<FolderFindings>(read_folder(folder));
    } catch (...) {  // out of memory, most likely: the walk stops, and read_tree rethrows
      failure = std::current_exception();
    }
    {
      std::lock_guard lock(mutex_);
      if (failure) {
        if (!failure_) failure_ = failure;
        pending_.clear();
      } else if (!failure_) {
        for (const std::string& sub : found->folders) pending_.push_back(sub);
        found_[folder] = std::move(found);
      }
      --busy_;
    }
    wake_.notify_all();
  }

  // Depth first from `folder`, each folder's findings before its sub-folders', in name order.
  void report(const std::string& top) {
    std::vector<std::string> stack{top};
    while (!stack.empty()) {
      const std::string folder = std::move(stack.back());
      stack.pop_back();
      auto it = found_.find(folder);
      if (it == found_.end()) continue;  // unreadable
      FolderFindings& f = *it->second;
      // A folder that could not be read whole (no read permission, an I/O error) is left to
      // the disk: an empty or partial listing would say its files are not there.
      if (f.listed) out_.folders->add(folder, std::move(f.entries));
      std::move(f.problems.begin(), f.problems.end(), std::back_inserter(out_.problems));
      std::move(f.files.begin(), f.files.end(), std::back_inserter(out_.files));
      std::move(f.projects.begin(), f.projects.end(), std::back_inserter(out_.projects));
      for (auto sub = f.folders.rbegin(); sub != f.folders.rend(); ++sub) stack.push_back(std::move(*sub));
    }
  }

  FolderFindings read_folder(const std::string& dir_string) const {
    FolderFindings out;
    std::vector<std::string> files;
    bool dot_env = false;
    // The entry types getdents64 gives (source/folders.h): a std::filesystem iterator costs a
    // path split and often a stat per entry, and discovery walks every folder of the scan.
    const int handle = source::open_folder(dir_string.c_str());
    if (handle < 0) {
      // A folder that cannot be listed is told (CLR906), never taken for an empty one: a
      // clean report must not hide files that were not checked.
      if (errno != ENOENT)
        out.problems.push_back({dir_string, "cannot list the folder (" + source::ascii_lower(std::strerror(errno)) +
                                                "): nothing in it is checked"});
      return out;
    }
    out.listed = source::for_each_entry(handle, [&](std::string_view entry_name, source::EntryType type) {
      const std::string name(entry_name);
      out.entries.push_back({name, type});
      const std::string path = dir_string == "/" ? "/" + name : dir_string + "/" + name;
      if (type == source::EntryType::kLink) {
        std::error_code sec;
        const fs::path target = fs::weakly_canonical(path, sec);
        if (sec || !inside(target, root_)) {
          // Told for every file a scan would check, so that a clean report hides none. (A
          // folder's `.env` is still read by its project for the variables, as Compose reads it.)
          if (name != ".env" && (is_compose_file_name(name) || file_kind(name) || is_ci_config_path(path)))
            out.problems.push_back({path, "symbolic link leads outside the scan root; not followed"});
          return true;
        }
        if (fs::is_directory(target, sec) || sec) return true;  // linked folders are reached by their real path
      }
      if (type == source::EntryType::kFolder) {
        if (!skipped_directory(name)) out.folders.push_back(path);
      } else if (is_ci_config_path(path)) {
        out.files.push_back({FileKind::kCiConfig, path, std::nullopt});
      } else if (is_compose_file_name(name)) {
        files.push_back(path);
      } else if (const std::optional<FileKind> kind = file_kind(name)) {
        if (name == ".env") dot_env = true;
        out.files.push_back({*kind, path, std::nullopt});
      }
      return true;
    });
    ::close(handle);
    std::sort(out.files.begin(), out.files.end(), [](const FileTarget& a, const FileTarget& b) { return a.path < b.path; });
    std::sort(files.begin(), files.end());
    std::sort(out.folders.begin(), out.folders.end());
    // COMPOSE_FILE in .env (or in the --env-file files, which replace it): `docker compose`
    // run in this folder loads those files, wherever they are (a folder may hold only the
    // .env that names `deploy/compose.yaml:deploy/prod.yaml`). Its project directory is the
    // first file's folder (compose-go's GetWorkingDir), its variables this folder's .env.
    if (dot_env || (!env_files_.empty() && !files.empty())) {
      std::vector<std::string> named = compose_file_from_env_files(
          env_files_.empty() ? std::vector<std::string>{dir_string + "/.env"} : env_files_, fs::path(dir_string));
      if (!named.empty()) {
        ProjectTarget t{source::parent_directory(named.front()), named};
        if (env_files_.empty()) t.dot_env = dir_string + "/.env";
        add_walk_target(out, std::move(t));
        for (const std::string& f : files)
          if (std::find(named.begin(), named.end(), f) == named.end()) add_walk_target(out, {dir_string, {f}});
        return out;
      }
    }
    add_folder_projects(out, dir_string, files);
    return out;
  }

  void add_folder_projects(FolderFindings& out, const std::string& dir, const std::vector<std::string>& files) const {
    if (files.empty()) return;
    const auto name_of = [](const std::string& path) { return std::string_view(path).substr(path.rfind('/') + 1); };
    // compose-go's DefaultFileNames and DefaultOverrideFileNames, in their order of preference:
    // the override is the first that exists, whatever the base file is called.
    static constexpr const char* kDefaults[] = {"compose.yaml", "compose.yml", "docker-compose.yml",
                                                "docker-compose.yaml"};
    static constexpr const char* kOverrides[] = {"compose.override.yml", "compose.override.yaml",
                                                 "docker-compose.override.yml", "docker-compose.override.yaml"};
    std::string chosen;
    for (const char* d : kDefaults) {
      for (const std::string& f : files)
        if (name_of(f) == d) { chosen = f; break; }
      if (!chosen.empty()) break;
    }
    // Compose merges the override file onto the file it picks; an override file without a
    // base file is checked on its own, like any other compose-named file.
    std::string override_file;
    if (!chosen.empty()) {
      for (const char* name : kOverrides) {
        for (const std::string& f : files)
          if (name_of(f) == name) { override_file = f; break; }
        if (!override_file.empty()) break;
      }
      ProjectTarget t{dir, {chosen}};
      if (!override_file.empty()) t.compose_files.push_back(override_file);
      add_walk_target(out, std::move(t));
    }
    for (const std::string& f : files) {
      if (f == chosen || f == override_file) continue;
      add_walk_target(out, {dir, {f}});
    }
  }

  // The first compose file is read here, on the walk's threads, to see whether it includes
  // others; within the memory budget it is kept for the loader, which would read it again.
  void add_walk_target(FolderFindings& out, ProjectTarget t) const {
    t.checked_alone_unless_included = true;
    if (!t.compose_files.empty()) {
      const std::string& first = t.compose_files.front();
      if (std::optional<std::string> bytes = source::read_bytes(first)) {
        t.includes_files = has_top_level_include(*bytes);
        if (take(budget_, bytes->size()))
          t.first_file = source::ReadResult{
              std::make_shared<source::SourceFile>(source::display_path(first, out_.root), first, std::move(*bytes)), {}, false};
      }
    }
    out.projects.push_back(std::move(t));
  }


  Discovery& out_;
  fs::path root_;
  const std::vector<std::string>& env_files_;
  const unsigned jobs_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::string> pending_;  // folders to read
  size_t busy_ = 0;                    // folders being read
  std::unordered_map<std::string, std::unique_ptr<FolderFindings>> found_;
  std::exception_ptr failure_;  // the first exception a folder's reading threw
  // What the compose files kept for the loader may hold in memory (read again beyond it):
  // the compose files of a large project or two; a scan of thousands reads most twice.
  mutable std::atomic<uint64_t> budget_{1ull << 20};
};

// A path given on the command line: absolute, and what it is.
struct Input {
  enum class Kind : uint8_t { kMissing, kFolder, kCiConfig, kComposeFile, kYaml, kKnownFile, kOtherFile };
  std::string path;
  Kind kind = Kind::kMissing;
  FileKind file_kind = FileKind::kDockerfile;  // for kKnownFile
  std::optional<source::ReadResult> read;      // for kKnownFile and compose files, when read already
  int error = 0;                               // for kMissing: why it could not be looked at
};

// What the inputs may hold in memory, read before they are checked: beyond it, a file is read
// when its turn comes (`xargs clearance check` may name a hundred thousand files).
constexpr uint64_t kPreReadBudget = 64ull << 20;

// What a file given on the command line is, by its path (a folder is told by opening it).
void kind_by_name(Input& in) {
  const std::string name = in.path.substr(in.path.rfind('/') + 1);
  if (is_ci_config_path(in.path)) {
    in.kind = Input::Kind::kCiConfig;
  } else if (is_compose_file_name(name)) {
    in.kind = Input::Kind::kComposeFile;
  } else if (is_yaml_name(name)) {
    in.kind = Input::Kind::kYaml;
  } else if (const std::optional<FileKind> kind = file_kind(name)) {
    in.kind = Input::Kind::kKnownFile;
    in.file_kind = *kind;
  } else if (is_named_dockerfile(name)) {
    in.kind = Input::Kind::kKnownFile;
    in.file_kind = FileKind::kDockerfile;
  } else {
    in.kind = Input::Kind::kOtherFile;
  }
}

// Opens the input: a file checked alone (Dockerfile, env file, .dockerignore) is read now when
// the budget allows, anything else only looked at. O_NONBLOCK: a FIFO must not stop the run
// here. nullopt when it cannot be opened (missing, or unreadable: stat then tells).
std::optional<struct stat> open_input(Input& in, const std::string& root, std::atomic<uint64_t>& budget) {
  const int fd = ::open(in.path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  const auto size = static_cast<uint64_t>(st.st_size);
  // A compose file is read too: whether it includes others decides the order of the projects,
  // and the loader takes the bytes rather than open it again.
  const bool read_now = S_ISREG(st.st_mode) && (in.kind == Input::Kind::kKnownFile ||
                                                in.kind == Input::Kind::kComposeFile || in.kind == Input::Kind::kYaml);
  // A file over the size limit is refused now, unread, as it would be later.
  if (read_now && (size > source::kDefaultMaxFileSize || take(budget, size))) {
    in.read = source::read_opened_file(fd, size, in.path, source::display_path(in.path, root));
    return st;
  }
  ::close(fd);
  return st;
}

// `cwd`: the current folder, for relative paths (asked once, not once per path); `root`: the
// scan root, for the display path of a file read here.
Input classify_input(const std::string& given, std::string_view cwd, const std::string& root,
                     std::atomic<uint64_t>& budget) {
  Input in;
  in.path = source::join_path(cwd, given);
  kind_by_name(in);
  struct stat st {};
  std::optional<struct stat> opened = open_input(in, root, budget);
  if (opened) {
    st = *opened;
  } else if (::stat(in.path.c_str(), &st) != 0) {  // follows links, as std::filesystem::status
    in.kind = Input::Kind::kMissing;
    in.error = errno;
    return in;
  }
  if (S_ISDIR(st.st_mode)) in.kind = Input::Kind::kFolder;
  return in;
}

// A compose file named on the command line: a project of its own, unless another project of
// the run includes it (as a folder found by a scan), so that `xargs clearance check` over a
// repository's files checks what a scan of it checks.
ProjectTarget named_compose_target(Input& in) {
  ProjectTarget t{source::parent_directory(in.path), {in.path}, in.kind == Input::Kind::kYaml};
  t.checked_alone_unless_included = true;
  if (in.read && in.read->file && !in.read->too_large) {
    t.includes_files = has_top_level_include(in.read->file->bytes());
    t.first_file = std::move(in.read);
  }
  return t;
}

// One stat per input: resolving every path component (weakly_canonical) would cost more than
// checking the file. `xargs clearance check` passes thousands of paths, and a stat is a few
// microseconds of kernel time spent before any file can be checked: many inputs are looked at
// on `jobs` threads.
std::vector<Input> classify_inputs(const std::vector<std::string>& inputs, const std::string& root,
                                   unsigned jobs) {
  constexpr size_t kPerThread = 256;  // fewer inputs are not worth a thread
  constexpr size_t kChunk = 32;
  std::vector<Input> out(inputs.size());
  const std::string cwd = source::absolute_path(".");
  std::atomic<uint64_t> budget{kPreReadBudget};
  const size_t threads = std::min<size_t>(std::max(jobs, 1u), inputs.size() / kPerThread);
  if (threads <= 1) {
    for (size_t i = 0; i < inputs.size(); ++i) out[i] = classify_input(inputs[i], cwd, root, budget);
    return out;
  }
  // Taken in chunks from a shared counter: a helper that the scheduler starts late takes less.
  std::atomic<size_t> next{0};
  const auto work = [&] {
    for (;;) {
      const size_t begin = next.fetch_add(kChunk);
      if (begin >= inputs.size()) return;
      for (size_t i = begin; i < std::min(begin + kChunk, inputs.size()); ++i)
        out[i] = classify_input(inputs[i], cwd, root, budget);
    }
  };
  std::vector<source::WorkerThread> helpers;
  helpers.reserve(threads);
  for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work, static_cast<unsigned>(t));
  work();
  for (source::WorkerThread& h : helpers) h.join();
  return out;
}

}  // namespace

Discovery discover(const std::vector<std::string>& paths, const std::vector<std::string>& compose_files,
                   unsigned jobs, const std::vector<std::string>& env_files) {
  Discovery out;
  std::vector<std::string> inputs = paths.empty() ? std::vector<std::string>{"."} : paths;
  std::error_code ec;
  const fs::path first = fs::absolute(inputs.front(), ec).lexically_normal();
  fs::path root = fs::is_directory(first, ec) ? first : first.parent_path();
  if (inputs.size() > 1) root = fs::current_path(ec);
  out.root = fs::weakly_canonical(root, ec).string();

  if (!compose_files.empty()) {
    ProjectTarget t;
    for (const std::string& f : compose_files) t.compose_files.push_back(fs::absolute(f, ec).lexically_normal().string());
    // The project directory, as `docker compose -f` takes it: a folder given with the files
    // (clearance's stand-in for --project-directory), else the first file's folder, where its
    // .env and relative paths are read from, wherever clearance runs.
    const bool folder_given = !paths.empty() && fs::is_directory(first, ec);
    t.directory = folder_given ? first.string() : fs::path(t.compose_files.front()).parent_path().string();
    out.root = fs::weakly_canonical(t.directory, ec).string();
    out.projects.push_back(std::move(t));
    return out;
  }
  Walker walker(out, fs::path(out.root), env_files, jobs);
  for (Input& in : classify_inputs(inputs, out.root, jobs)) {
    const std::string& p = in.path;
    switch (in.kind) {
      case Input::Kind::kMissing:
        out.problems.push_back({p, in.error == ENOENT || in.error == ENOTDIR || in.error == 0
                                       ? std::string("no such file or directory")
                                       : "cannot be read: " + source::ascii_lower(std::strerror(in.error)),
                                true});
        break;
      case Input::Kind::kFolder:
        walker.walk_directory(fs::weakly_canonical(p, ec));
        break;
      case Input::Kind::kCiConfig:
        out.files.push_back({FileKind::kCiConfig, p, std::nullopt});
        break;
      case Input::Kind::kComposeFile:
      case Input::Kind::kYaml:
        out.projects.push_back(named_compose_target(in));
        break;
      case Input::Kind::kKnownFile:
        out.files.push_back({in.file_kind, p, std::move(in.read)});
        break;
      case Input::Kind::kOtherFile:
        out.other_files.push_back(p);
        break;
    }
  }
  return out;
}

}  // namespace clearance::discover
