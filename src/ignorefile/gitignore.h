#pragma once
// Git's ignore rules, as git itself applies them (dir.c, wildmatch.c; gitignore(5)). Used by
// GitStatus (git_status.h) inside a repository and, outside one, on the .gitignore files alone.
//
// libgit2 has git_ignore_path_is_ignored, but version 1.5.1 disagrees with git: it drops a `!`
// line that negates nothing earlier in the same file, so `sub/.gitignore: !local.env` does not
// re-include sub/local.env from the top-level `*.env` (git status shows it untracked, libgit2
// calls it ignored). Since CLR601 is about exactly such files, the rules are applied here.
//
// A file's lines: a line starting with '#' is a comment, blank lines separate, trailing spaces
// are dropped unless escaped with '\' (leading blanks are part of the pattern), '\r' before a
// line break is dropped, a UTF-8 BOM is skipped. `!` negates. A trailing '/' matches folders
// only. A pattern without a '/' (besides a trailing one) matches a name at any depth below the
// file's folder; any other pattern matches the path relative to that folder (a leading '/'
// only anchors). `*`, `?` and `[...]` never match '/', `**/`, `/**/` and a trailing `/**` span
// folders, any other `**` is `*`, `\` escapes, classes take `!` or `^`, ranges and [:alpha:]
// style names, and everything compares bytes.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace clearance::ignorefile {

// wildmatch(3)-style matching with WM_PATHNAME when `pathname` is set (then `*` and `?` do not
// match '/' and `**` spans folders); `casefold` compares ASCII letters without case.
bool wildmatch(std::string_view pattern, std::string_view text, bool pathname,
               bool casefold = false);

struct GitignoreRule {
  std::string pattern;       // without `!`, a trailing '/' or a leading '/'
  bool negative = false;     // `!`: re-includes
  bool must_be_dir = false;  // trailing '/'
  bool anywhere = false;     // no '/' in it: matches a name at any depth (git's NODIR)
  uint32_t line = 0;         // 1-based line in `source`
  std::string text;          // the line as written (trailing spaces dropped), for messages
};

// The rules of one file, which apply below `base` (the file's folder relative to the work tree
// top, "" for the top or for info/exclude and core.excludesFile; no trailing '/').
struct GitignoreFile {
  std::string source;  // for messages: "sub/.gitignore" (relative to the top), or the absolute
                       // path of info/exclude and core.excludesFile
  std::string base;
  std::vector<GitignoreRule> rules;

  static GitignoreFile parse(std::string_view bytes, std::string source, std::string base);

  // The last rule matching `path` (relative to the work tree top, no trailing '/'), or null.
  const GitignoreRule* last_match(std::string_view path, bool is_dir, bool casefold = false) const;
};

// Which rule decided, for messages and related locations.
struct IgnoreDecision {
  bool ignored = false;
  const GitignoreFile* file = nullptr;  // null when no rule matched
  const GitignoreRule* rule = nullptr;
  std::string matched_path;  // the path or the parent folder that the rule matched
};

// The .gitignore file of a folder ("" for the top), or null when it has none.
using GitignoreFor = std::function<const GitignoreFile*(std::string_view folder)>;
// Whether a path (relative to the top) is a folder, for patterns with a trailing '/'.
using IsFolder = std::function<bool(std::string_view path)>;

// Git's decision for `path` (relative to the work tree top, '/' separators, no trailing '/').
// The .gitignore files from the top down to the path's folder are asked for through
// `gitignore_for`, deepest first; `global` (info/exclude, then core.excludesFile) comes after
// them. A folder excluded on the way down excludes everything inside it, whatever deeper files
// or later `!` lines say, and git never reads the .gitignore files below it.
IgnoreDecision decide_ignored(std::string_view path, std::span<const GitignoreFile* const> global,
                              const GitignoreFor& gitignore_for, const IsFolder& is_folder,
                              bool casefold = false);

}  // namespace clearance::ignorefile
