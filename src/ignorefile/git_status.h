#pragma once
// What git thinks of a path (CLR507, CLR601, CLR602): is it ignored, is it tracked?
//
// A GitStatus is made for a directory (the scan root or a project's folder). It opens the
// repository that holds it once, with libgit2, searching upward as git does (not across file
// systems, not from GIT_DIR), and answers:
//   is_ignored  exactly as `git check-ignore --no-index` would: the .gitignore files from the
//               work tree's top down to the path (deeper files win, later lines win, a `!`
//               re-includes, nothing re-includes inside an excluded folder),
//               $GIT_COMMON_DIR/info/exclude, then core.excludesFile (default
//               $XDG_CONFIG_HOME/git/ignore or ~/.config/git/ignore), with core.ignorecase.
//               The rules are applied by gitignore.h, not by libgit2, whose 1.5.1 release
//               misreads `!` lines in nested .gitignore files (see gitignore.h).
//   is_tracked  the path is in the index (any stage), or a folder with tracked files in it.
// Outside a repository (or when the repository cannot be opened: error() says why) the
// .gitignore files from `directory` down are read alone, as if `directory` were the top of a
// work tree without info/exclude or core.excludesFile; in_repository() is then false, so that
// a message can say "judged from the .gitignore files alone", and is_tracked() is false.
//
// Paths are absolute or relative to `directory`; '/' separators; a trailing '/' marks a folder
// (otherwise the disk, then the index, says whether it is one). Paths outside the work tree
// (or `directory`, without a repository) are neither ignored nor tracked; paths inside `.git`
// are ignored and not tracked.
//
// Thread safety: libgit2 objects must not be used from two threads at once, so every query
// takes one mutex; the .gitignore files are read once each and cached. Queries from many
// threads are safe and answer the same as one by one. libgit2 is loaded and initialised once
// per process, when the first repository is opened (libgit2.h), and never shut down; when it
// cannot be loaded, error() says so and the .gitignore files are read alone. Repository
// ownership checks are turned off for the process: an
// auditor reads checkouts that other users own (CI containers), and reads nothing that git
// would execute.
#include <memory>
#include <string>
#include <string_view>

#include "ignorefile/gitignore.h"

namespace clearance::ignorefile {

class GitStatus {
 public:
  explicit GitStatus(std::string directory);
  ~GitStatus();
  GitStatus(const GitStatus&) = delete;
  GitStatus& operator=(const GitStatus&) = delete;

  // The top that GitStatus(directory) would find, told without opening the repository (so
  // without starting libgit2): the nearest folder holding `.git` (or being a git directory),
  // else `directory`; symbolic links resolved. A caller can tell from it which paths an
  // instance would cover.
  static std::string expected_top(const std::string& directory);
  // Whether a git repository holds `directory` (a `.git` in it or above it), told without
  // opening it: for questions that need no more than that.
  static bool in_checkout(const std::string& directory);

  // A repository holds `directory` and could be opened.
  bool in_repository() const;
  // The work tree's top (absolute, no trailing '/'), or `directory` without a repository.
  const std::string& top() const;
  // Why a repository that exists could not be opened; empty otherwise.
  const std::string& error() const;

  // The path lies inside the work tree (or `directory`, without a repository): the answers
  // below are about it. Outside, they say "neither ignored nor tracked".
  bool covers(std::string_view path) const;

  bool is_ignored(std::string_view path) const;
  // The rule that decided, for messages ("ignored by .gitignore:3 `*.env`", "re-included by
  // sub/.gitignore:1 `!local.env`"). The pointers stay valid as long as this object.
  IgnoreDecision ignore_decision(std::string_view path) const;
  bool is_tracked(std::string_view path) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clearance::ignorefile
