#include "rules/hygiene/copy_sources.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_map>

#include "knowledge/secrets.h"
#include "knowledge/tokens.h"
#include "rules/build/dockerfile_scope.h"
#include "source/ascii.h"
#include "source/chars.h"
#include "source/paths.h"

namespace clearance::rules::copies {
namespace {

std::string_view unquote(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    return s.substr(1, s.size() - 2);
  return s;
}

}  // namespace

std::string absolute_in(std::string_view base, std::string_view path) {
  std::string joined;
  joined.reserve(base.size() + 1 + path.size());
  if (path.empty() || path.front() != '/') {
    joined = base;
    joined += '/';
  }
  joined += path;
  // Most are already clean ("/app/src"): kept as they are.
  if (joined.front() == '/' && source::is_normal_path(joined)) return joined;
  return "/" + clean(joined);
}

std::string_view unquoted(std::string_view s) { return unquote(s); }

std::string clean(std::string_view path) {
  if (!path.empty() && path.front() != '/' && source::is_normal_path(path)) return std::string(path);
  std::string out;
  out.reserve(path.size());
  for (size_t pos = 0; pos <= path.size();) {
    const size_t end = std::min(path.find('/', pos), path.size());
    const std::string_view part = path.substr(pos, end - pos);
    pos = end + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {  // above the context root is the root
      const size_t slash = out.rfind('/');
      out.resize(slash == std::string::npos ? 0 : slash);
      continue;
    }
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

bool has_glob(std::string_view path) { return source::contains_any(path, source::CharSet("*?[")); }

Glob::Glob(const std::string& pattern) : pattern_(ignorefile::Dockerignore::from_lines({pattern})) {}

bool Glob::matches(std::string_view path) const {
  return !pattern_.patterns().empty() && pattern_.pattern_matches(0, path);
}

std::optional<std::string> leak_kind(std::string_view context_path) {
  const size_t slash = context_path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? context_path : context_path.substr(slash + 1);
  if (name == ".git") return std::string("the git repository");
  if (std::optional<knowledge::SecretFileKind> kind = knowledge::secret_file_kind(context_path))
    return std::string(knowledge::secret_file_kind_name(*kind));
  return std::nullopt;
}

std::vector<Stage> stages(const dockerfile::Dockerfile& dockerfile) {
  std::vector<Stage> out;
  for (const dockerfile::Instruction& in : dockerfile.instructions) {
    if (!in.is(dockerfile::Keyword::kFrom)) continue;
    Stage stage;
    stage.from = &in;
    if (!in.words.empty()) stage.base = source::ascii_lower(in.words[0].value);
    if (in.words.size() >= 3 && source::ascii_lower(in.words[1].value) == "as") stage.name = source::ascii_lower(in.words[2].value);
    out.push_back(std::move(stage));
  }
  return out;
}

size_t shipped_stage(const std::vector<Stage>& stages, std::string_view target) {
  if (stages.empty()) return 0;
  if (!target.empty()) {
    const std::string t = source::ascii_lower(target);
    for (size_t i = 0; i < stages.size(); ++i)
      if (stages[i].name == t) return i;
  }
  return stages.size() - 1;
}

namespace {

// A COPY/ADD word (or WORKDIR) as the build reads it: unquoted, and with its variables
// substituted when their values are known here (an ARG default, an ENV of the stage), unless a
// build passes that variable (`--build-arg`, compose `build.args`): nullopt then, as for an
// ARG without a default or a variable the base image may set.
std::optional<std::string> known_word(std::string_view word, const build::Step* step,
                                      const std::set<std::string, std::less<>>& passed) {
  if (word.find('$') == std::string_view::npos) return std::string(unquote(word));
  if (!step) return std::nullopt;
  const dockerfile::VariableLookup lookup = [&](std::string_view name) {
    return passed.contains(name) ? dockerfile::VariableValue::unknown() : step->lookup(name);
  };
  return build::expand_known(word, {step->instruction, step->effective, step->onbuild, step->posix_shell, lookup,
                                    step->escape});
}

// Whether a COPY, ADD or WORKDIR word holds a variable: only then are the Dockerfile's
// variables worked out (a walk through every ARG and ENV), which most Dockerfiles do not need.
bool copies_name_variables(const dockerfile::Dockerfile& dockerfile) {
  for (const dockerfile::Instruction& in : dockerfile.instructions) {
    if (!in.is(dockerfile::Keyword::kCopy) && !in.is(dockerfile::Keyword::kAdd) && !in.is(dockerfile::Keyword::kWorkdir))
      continue;
    for (const dockerfile::Word& w : in.words)
      if (w.value.find('$') != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::vector<ContextSource> context_sources(const dockerfile::Dockerfile& dockerfile,
                                           const std::set<std::string, std::less<>>& passed) {
  std::vector<ContextSource> out;
  size_t stage = 0;
  bool seen_from = false;
  std::optional<std::string> workdir = "/";  // nullopt: it depends on a value not known here
  // `step`: the variables in effect (null when no word of interest holds one).
  const auto read = [&](const dockerfile::Instruction& in, const build::Step* step) {
    if (in.is(dockerfile::Keyword::kFrom)) {
      if (seen_from) ++stage;
      seen_from = true;
      workdir = "/";  // a stage built on another inherits its WORKDIR; "/" is the usual case
      return;
    }
    if (in.is(dockerfile::Keyword::kWorkdir) && !in.words.empty()) {
      const std::optional<std::string> w = known_word(in.words[0].value, step, passed);
      if (w && (w->starts_with('/') || workdir)) workdir = absolute_in(workdir ? *workdir : "/", *w);
      else workdir = std::nullopt;
      return;
    }
    if (!in.is(dockerfile::Keyword::kCopy) && !in.is(dockerfile::Keyword::kAdd)) return;
    if (in.flag("from") || in.words.size() < 2) return;
    const std::optional<std::string> dest = known_word(in.words.back().value, step, passed);
    const std::string destination =
        dest && (dest->starts_with('/') || workdir) ? absolute_in(workdir ? *workdir : "/", *dest) : std::string();
    for (size_t i = 0; i + 1 < in.words.size(); ++i) {
      const std::string_view word = in.words[i].value;
      if (unquote(word).starts_with("<<")) continue;  // a heredoc
      const std::optional<std::string> raw = known_word(word, step, passed);
      if (!raw || raw->empty() || raw->find("://") != std::string::npos || raw->starts_with("git@")) continue;
      ContextSource s;
      s.instruction = &in;
      s.word = i;
      s.path = clean(*raw);
      s.glob = has_glob(*raw);
      s.stage = stage;
      s.destination = destination;
      out.push_back(std::move(s));
    }
  };
  if (copies_name_variables(dockerfile)) {
    build::walk(dockerfile, [&](const build::Step& step) {
      if (!step.onbuild) read(step.instruction, &step);  // a trigger runs in another build
    });
  } else {
    for (const dockerfile::Instruction& in : dockerfile.instructions) read(in, nullptr);
  }
  return out;
}

namespace {
struct ContextSourcesByFile {
  // By Dockerfile and the build arguments the project's builds of it pass so far (the engine
  // asks while it adds builds; the rules, once all are added).
  std::map<std::pair<const dockerfile::Dockerfile*, std::string>, std::vector<ContextSource>> by_file;
};

// The names of the build arguments the project's builds of `dockerfile` pass.
std::set<std::string, std::less<>> passed_arguments(const model::Project& project, const dockerfile::Dockerfile& dockerfile) {
  std::set<std::string, std::less<>> names;
  for (const model::ImageBuild& b : project.builds) {
    if (b.dockerfile >= project.dockerfiles.size() || project.dockerfiles[b.dockerfile].syntax.get() != &dockerfile)
      continue;
    for (const auto& [name, value] : b.args) names.insert(name);
    names.insert(b.unknown_args.begin(), b.unknown_args.end());
  }
  return names;
}
}  // namespace

const std::vector<ContextSource>& context_sources_of(const model::Project& project,
                                                    const dockerfile::Dockerfile& dockerfile) {
  const std::set<std::string, std::less<>> passed = passed_arguments(project, dockerfile);
  std::string key;
  for (const std::string& name : passed) key += name + '\n';
  auto [it, added] = project.derived.scratch<ContextSourcesByFile>().by_file.try_emplace({&dockerfile, key});
  if (added) {
    it->second = context_sources(dockerfile, passed);
    for (ContextSource& s : it->second) s.broad = s.glob && broad_glob(s.path);
  }
  return it->second;
}

namespace {

// model::Workspace::peek() reads at most this much of a file.
constexpr size_t kPeekBytes = 64 * 1024;

bool contains_icase(std::string_view text, std::string_view what) {
  return std::search(text.begin(), text.end(), what.begin(), what.end(), [](char a, char b) {
           return source::ascii_lower(a) == source::ascii_lower(b);
         }) != text.end();
}

}  // namespace

bool holds_secret(const model::Workspace* workspace, const std::string& absolute, knowledge::SecretFileKind kind) {
  const std::string name = std::filesystem::path(absolute).filename().string();
  std::optional<std::string> bytes = workspace && !absolute.empty() ? workspace->peek(absolute) : std::nullopt;
  switch (kind) {
    case knowledge::SecretFileKind::kPrivateKey:
      if (bytes && (bytes->find("PRIVATE KEY") != std::string::npos || bytes->find("PuTTY-User-Key-File") != std::string::npos))
        return true;
      // A file read whole without a key block holds none (a certificate, a CA bundle); one
      // larger than what peek() reads may hold one further on, so its name decides.
      if (bytes && bytes->size() < kPeekBytes) return false;
      // Unread: names that say "public" are not private keys.
      for (std::string_view pub : {"pub", "gpg", "cert", "chain", "dhparam", "ffdhe", "ca.pem", "ca-"})
        if (contains_icase(name, pub)) return false;
      return true;
    case knowledge::SecretFileKind::kEnvFile: {
      if (!bytes) return true;
      std::string_view rest(*bytes);
      while (!rest.empty()) {
        const size_t eol = std::min(rest.find('\n'), rest.size());
        std::string_view line = rest.substr(0, eol);
        rest.remove_prefix(std::min(eol + 1, rest.size()));
        if (line.starts_with("export ")) line.remove_prefix(7);
        const size_t eq = line.find('=');
        if (eq == std::string_view::npos || line.starts_with('#')) continue;
        std::string_view key = line.substr(0, eq), value = line.substr(eq + 1);
        while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
        while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.remove_suffix(1);
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
          value = value.substr(1, value.size() - 2);
        if (knowledge::is_credential_key(key) && !knowledge::why_not_a_secret(value)) return true;
        // A password inside a URL (`DATABASE_URL=postgres://app:pw@db/app`), whatever the key.
        for (const knowledge::UrlCredential& u : knowledge::find_url_credentials(value))
          if (!knowledge::why_not_a_secret(u.password(value))) return true;
      }
      // A known token format anywhere in the file (`GITHUB=ghp_...`).
      for (const knowledge::TokenMatch& t : knowledge::find_tokens(*bytes))
        if (!t.placeholder) return true;
      return false;
    }
    case knowledge::SecretFileKind::kPackageCredentials:
      if (!bytes) return true;
      return contains_icase(*bytes, "_auth") || contains_icase(*bytes, "password") || contains_icase(*bytes, "token");
    default:
      return true;
  }
}

std::vector<DockerfileBuild> builds_by_context(const model::Project& project) {
  std::vector<DockerfileBuild> out;
  std::vector<std::pair<size_t, std::string>> seen;
  for (size_t d = 0; d < project.dockerfiles.size(); ++d) {
    bool any = false;
    for (const model::ImageBuild& b : project.builds) {
      if (b.dockerfile != d || !b.context || !b.context->paths) continue;
      std::pair<size_t, std::string> key{d, b.context->directory};
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      seen.push_back(std::move(key));
      out.push_back({d, &b});
      any = true;
    }
    if (!any) out.push_back({d, nullptr});
  }
  return out;
}

}  // namespace clearance::rules::copies

namespace clearance::rules::copies {
namespace {

constexpr std::string_view kOrdinaryNames[] = {
    "package.json", "main.go",   "app.py",           "README.md",   "index.js",   "Makefile",
    "src",          "config.yaml", "requirements.txt", "settings.ini", "app.conf", "pom.xml",
};
constexpr std::string_view kSecretNames[] = {
    ".env",       ".env.local", ".env.production", "id_rsa",           "id_ed25519", "server.key",
    "server.pem", "key.pem",    ".npmrc",          ".pypirc",          "credentials", "credentials.json",
    ".netrc",     ".htpasswd",  "keystore.jks",    "cert.p12",         ".git-credentials", ".dockercfg",
};

// The folder part of a cleaned glob, with its '/': "conf/*.pem" -> "conf/"; "" at the top.
std::string_view glob_folder(std::string_view cleaned) {
  const size_t slash = cleaned.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : cleaned.substr(0, slash + 1);
}

}  // namespace

namespace {

// The first of `names` that `glob` matches in its folder. Compiling a glob costs more than the
// rest of a small Dockerfile's checks, and the same globs recur across a project's Dockerfiles
// (`*.sh`, `requirements*.txt`): each is tried once per thread (the answer depends on the glob
// alone).
using GlobAnswers = std::unordered_map<std::string, std::optional<std::string_view>>;

std::optional<std::string_view> first_match(std::string_view glob, std::span<const std::string_view> names,
                                            GlobAnswers& known) {
  if (auto it = known.find(std::string(glob)); it != known.end()) return it->second;
  const std::string cleaned = clean(glob);
  const Glob g{cleaned};
  const std::string folder(glob_folder(cleaned));
  std::optional<std::string_view> found;
  for (std::string_view name : names)
    if (g.matches(folder + std::string(name))) {
      found = name;
      break;
    }
  if (known.size() >= 4096) known.clear();
  known.emplace(glob, found);
  return found;
}

}  // namespace

bool broad_glob(std::string_view glob) {
  thread_local GlobAnswers known;
  return first_match(glob, kOrdinaryNames, known).has_value();
}

std::optional<std::string> glob_secret_example(std::string_view glob) {
  thread_local GlobAnswers known;
  if (const std::optional<std::string_view> name = first_match(glob, kSecretNames, known)) return std::string(*name);
  return std::nullopt;
}

}  // namespace clearance::rules::copies
