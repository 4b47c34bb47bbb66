#pragma once
// .dockerignore files as BuildKit reads them (moby/patternmatcher, its ignorefile reader, and
// the Dockerfile frontend's choice of file), for CLR603 (what a build context sends) and
// CLR604 (lines that cannot work as meant).
//
// Reading (ignorefile.ReadAll): lines split at '\n' (a '\r' before it dropped), a UTF-8 BOM
// dropped from the first line; a line whose first byte is '#' is a comment (only there: there
// are no trailing comments, and "  # x" is the pattern "# x"); blanks around a line are trimmed;
// a leading '!' makes an exception (blanks after it trimmed too); the pattern is cleaned like
// Go's filepath.Clean ("./a//b/../c/" -> "a/c") and a leading '/' removed ("/a" -> "a").
//
// Matching (PatternMatcher.MatchesOrParentMatches): paths are relative to the context root with
// '/' separators. `*` and `?` never cross '/', `[...]` is a character class (`^` negates),
// `\` escapes the next character, `**` matches any number of folders (none included), a
// pattern that matches a parent folder matches everything inside it, and the last matching
// line wins, so `!` lines re-include what earlier lines excluded (even inside an excluded
// folder, unlike .gitignore). Patterns are converted to regular expressions exactly as the Go
// code converts them and run with RE2, which reads the same syntax as Go's regexp.
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "source/source_file.h"

namespace re2 {
class RE2;
}

namespace clearance::ignorefile {

using source::Span;

// A line that Docker rejects or that cannot work as its author meant (CLR604).
struct DockerignoreProblem {
  enum class Kind {
    kTrailingComment,  // "node_modules  # deps": the whole line is one pattern
    kIndentedComment,  // "  # deps": only a '#' in the first column starts a comment
    kBackslash,        // "logs\app": Windows separators work only when building from Windows
    kMatchesNothing,   // no file or folder of the context matches (see diagnose_unmatched)
    kInvalidPattern,   // a syntax error: Docker refuses the build
    kLoneExclamation,  // "!" alone: Docker refuses the build ("illegal exclusion pattern")
    kLineTooLong,      // over 64 KiB: Docker refuses to read the file
  };
  Kind kind;
  Span span;                  // the line's text (blanks around it excluded)
  std::string message;        // for the finding
  bool breaks_build = false;  // Docker would refuse the build, not merely misread the line
};

class Dockerignore {
 public:
  struct Pattern {
    std::string text;          // as matched: cleaned, '/'-separated, without '!' or leading '/'
    bool exception = false;    // a `!` line: re-includes what earlier lines excluded
    Span span;                 // the line's text, blanks around it excluded
    bool has_problem = false;  // problems() holds a problem about this line
  };
  struct Compiled;  // how a pattern matches (opaque)

  Dockerignore();
  Dockerignore(Dockerignore&&) noexcept;
  Dockerignore& operator=(Dockerignore&&) noexcept;
  ~Dockerignore();

  // Reads `file`; spans point into it, so it must outlive the result.
  static Dockerignore parse(const source::SourceFile& file);
  // From pattern lines without a file (spans invalid): tests, and `--exclude`-like uses.
  static Dockerignore from_lines(const std::vector<std::string>& lines);

  const std::vector<Pattern>& patterns() const { return patterns_; }
  // Lines Docker refuses or that cannot work as meant, known from the file alone. Lines Docker
  // refuses (a lone "!", a syntax error) are not among patterns().
  const std::vector<DockerignoreProblem>& problems() const { return problems_; }
  // False when Docker would refuse a build with this file (a problem with breaks_build).
  bool usable() const;

  // Whether BuildKit leaves `path` (relative to the context root, '/' separators; `./` and
  // repeated slashes allowed) out of the build context. The context root itself is never
  // excluded. A pattern Docker cannot compile excludes nothing here (Docker would fail).
  bool excludes(std::string_view path) const;

  // Whether pattern `index` matches `path` or one of its parent folders.
  bool pattern_matches(size_t index, std::string_view path) const;

 private:
  std::vector<Pattern> patterns_;
  std::vector<Compiled> compiled_;
  std::vector<DockerignoreProblem> problems_;
};

// kMatchesNothing problems: lines whose pattern matches none of `context_paths` (every file and
// folder of the build context, relative to it, '/' separators). Not reported: lines that
// already have a problem, and patterns that name what builds and tools create and a fresh
// checkout lacks (node_modules, .git, dist, build, coverage, __pycache__, *.log, .venv, ...),
// which a .dockerignore rightly lists before they exist.
std::vector<DockerignoreProblem> diagnose_unmatched(const Dockerignore& ignore,
                                                    std::span<const std::string> context_paths);

// The ignore file BuildKit applies to a build: `<Dockerfile name>.dockerignore` next to the
// Dockerfile when it exists (myapp.Dockerfile -> myapp.Dockerfile.dockerignore), else
// `<context>/.dockerignore` when it exists, else none. `dockerfile_path` is absolute or
// relative to `context_dir` (as Compose's `build.dockerfile` is); empty means "Dockerfile".
// `exists` is asked about the candidate paths (default: a regular file on disk).
std::optional<std::string> choose_dockerignore(
    std::string_view context_dir, std::string_view dockerfile_path,
    const std::function<bool(const std::string&)>& exists = {});

}  // namespace clearance::ignorefile
