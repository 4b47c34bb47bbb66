#pragma once
// What a Dockerfile's COPY and ADD instructions take from the build context, for CLR509 (a
// secret file copied by name or by a narrow glob) and CLR603 (the whole context, a folder of it
// or a broad glob, holding secrets that no .dockerignore line keeps out).
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "dockerfile/syntax.h"
#include "knowledge/secrets.h"
#include "model/project.h"

namespace clearance::rules::copies {

// One stage: from its FROM to the next.
struct Stage {
  std::string name;  // `AS name`, lower-cased; empty when unnamed
  std::string base;  // the FROM image as written, lower-cased (a stage name when it builds on one)
  const dockerfile::Instruction* from = nullptr;
};

// A source word of a COPY/ADD that reads from the build context (no `--from`, no URL, no
// heredoc; a variable only when its value is known: an ARG default or ENV that no build
// overrides).
struct ContextSource {
  const dockerfile::Instruction* instruction = nullptr;
  size_t word = 0;          // index into instruction->words
  std::string path;         // relative to the context root, cleaned; "" for the root itself
  bool glob = false;        // holds `*`, `?` or `[`
  bool broad = false;       // context_sources_of(): a glob that takes ordinary files (broad_glob)
  size_t stage = 0;         // index into stages()
  std::string destination;  // absolute in the stage's file system (WORKDIR applied), cleaned
};

std::vector<Stage> stages(const dockerfile::Dockerfile& dockerfile);
// The stage a build ships: its target when named and found, else the last one.
size_t shipped_stage(const std::vector<Stage>& stages, std::string_view target);
// `passed`: the build arguments a build gives (their defaults do not hold).
std::vector<ContextSource> context_sources(const dockerfile::Dockerfile& dockerfile,
                                           const std::set<std::string, std::less<>>& passed = {});
// The same for a Dockerfile of the project, with `broad` set: made once per project, for both
// rules that read them (CLR509 and CLR603; cleaning paths and matching globs is not free).
const std::vector<ContextSource>& context_sources_of(const model::Project& project,
                                                    const dockerfile::Dockerfile& dockerfile);

// "./a//b/../c/" -> "a/c", "/" and "." -> "", as BuildKit cleans a source relative to the context.
std::string clean(std::string_view path);
bool has_glob(std::string_view path);
// `path` joined to the absolute `base` (when relative) and cleaned, always starting with '/'.
std::string absolute_in(std::string_view base, std::string_view path);
// A COPY word without the quotes around it ("'/app dir'" -> "/app dir").
std::string_view unquoted(std::string_view word);

// A glob source, compiled once: whether it matches `path` (relative to the context) or a
// folder above it, with BuildKit's pattern syntax (`*` and `?` stay within a folder).
class Glob {
 public:
  explicit Glob(const std::string& pattern);
  bool matches(std::string_view path) const;

 private:
  ignorefile::Dockerignore pattern_;
};

// A secret-bearing path of the context (knowledge::secret_file_kind), or `.git`: what a build
// context should not send. Returns a short description ("an env file", "the git repository").
std::optional<std::string> leak_kind(std::string_view context_path);

// Whether a context file whose name says it may hold a secret of `kind` does, by its content
// when `workspace` can read it (`absolute`; empty when the context is not here): a `.pem` may
// be a CA certificate, a `.key` a public GPG key, an `.env` a list of settings without a
// credential, an `.npmrc` a registry address without a token. Unread, the name decides (a
// "private key" named `*cert*`, `*chain*`, `*.pub` is not one).
bool holds_secret(const model::Workspace* workspace, const std::string& absolute, knowledge::SecretFileKind kind);

// The first build of each Dockerfile (index into Project::builds) that has a local context
// listing, so that a Dockerfile built by several services is judged once per context.
struct DockerfileBuild {
  size_t dockerfile = 0;
  const model::ImageBuild* build = nullptr;  // may be null: no build with a known context
};
std::vector<DockerfileBuild> builds_by_context(const model::Project& project);

}  // namespace clearance::rules::copies

namespace clearance::rules::copies {

// A glob source that matches ordinary file names (`*`, `src/*`, `*.json`) copies "everything":
// CLR603 judges it against the context. One that matches only secret-like names (`.env*`,
// `*.pem`) names the secrets it copies: CLR509's.
bool broad_glob(std::string_view glob);
// A secret-like file name the glob matches ("a .env file"), judged by name alone.
std::optional<std::string> glob_secret_example(std::string_view glob);

}  // namespace clearance::rules::copies
