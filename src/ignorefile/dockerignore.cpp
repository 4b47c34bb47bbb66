#include "ignorefile/dockerignore.h"

#include <re2/re2.h>
#include <sys/stat.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "knowledge/secrets.h"
#include "source/paths.h"
#include "source/quote.h"

namespace clearance::ignorefile {

// How one pattern matches, as patternmatcher's Pattern.compile decides it.
struct Dockerignore::Compiled {
  enum class Type { kExact, kPrefix, kSuffix, kRegexp, kBroken };
  Type type = Type::kExact;
  std::string text;                       // the cleaned pattern
  std::shared_ptr<const re2::RE2> regex;  // kRegexp only
};

namespace {

using Compiled = Dockerignore::Compiled;
using Kind = DockerignoreProblem::Kind;

// bufio.Scanner's default limit: a longer line makes ReadAll fail.
constexpr size_t kMaxLine = 64 * 1024;
constexpr size_t kMaxQuoted = 120;

// Go's unicode.IsSpace for the bytes a .dockerignore line holds: ASCII blanks, NEL, NBSP.
size_t space_at(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c == 0xC2 && i + 1 < s.size()) {
    const auto d = static_cast<unsigned char>(s[i + 1]);
    if (d == 0x85 || d == 0xA0) return 2;
  }
  return 0;
}

// strings.TrimSpace, as offsets into `s`: [begin, end).
std::pair<size_t, size_t> trim_space(std::string_view s) {
  size_t begin = 0, end = s.size();
  while (begin < end) {
    const size_t n = space_at(s, begin);
    if (!n) break;
    begin += n;
  }
  while (end > begin) {
    const auto c = static_cast<unsigned char>(s[end - 1]);
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      --end;
    } else if (end - begin >= 2 && static_cast<unsigned char>(s[end - 2]) == 0xC2 &&
               (c == 0x85 || c == 0xA0)) {
      end -= 2;
    } else {
      break;
    }
  }
  return {begin, end};
}

std::string_view trimmed(std::string_view s) {
  const auto [b, e] = trim_space(s);
  return s.substr(b, e - b);
}

// Reads one UTF-8 character at `i`; an invalid byte reads as itself, one byte long (Go's
// scanner reports it and goes on).
size_t char_length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (i + n > s.size()) return 1;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  return n;
}

// The characters patternmatcher escapes: regexp specials that mean nothing to filepath.Match.
bool escaped_in_regexp(char c) {
  return c == '.' || c == '+' || c == '(' || c == ')' || c == '|' || c == '{' || c == '}' ||
         c == '$';
}

// The compiled form of a regular expression, shared by every pattern of the run that converts
// to it: the same few patterns (`**/*.pyc`, `**/node_modules`) recur in every .dockerignore and
// COPY glob, and compiling one costs far more than matching it. RE2 objects are safe to share
// between threads. Bounded: past the limit, patterns are compiled for their own use.
std::shared_ptr<const re2::RE2> shared_regex(const std::string& expression) {
  constexpr size_t kMaxShared = 4096;
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const re2::RE2>> compiled;
  {
    std::lock_guard lock(mutex);
    if (auto it = compiled.find(expression); it != compiled.end()) return it->second;
  }
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const re2::RE2>(expression, options);
  std::lock_guard lock(mutex);
  if (compiled.size() < kMaxShared) compiled.emplace(expression, re);
  return re;
}

// patternmatcher's Pattern.compile with '/' as the separator.
Compiled compile(std::string_view pattern) {
  Compiled out;
  out.text.assign(pattern);
  using Type = Compiled::Type;
  std::string reg = "^";
  Type type = Type::kExact;
  size_t i = 0;
  for (size_t iteration = 0; i < pattern.size(); ++iteration) {
    const char ch = pattern[i];
    if (ch == '*') {
      ++i;
      if (i < pattern.size() && pattern[i] == '*') {  // some flavour of "**"
        ++i;
        if (i < pattern.size() && pattern[i] == '/') ++i;  // "**/" is "**"
        if (i == pattern.size()) {  // "**" at the end accepts everything, as in .gitignore
          if (type == Type::kExact) {
            type = Type::kPrefix;
          } else {
            reg += ".*";
            type = Type::kRegexp;
          }
        } else {  // any number of folders, none included
          reg += "(.*/)?";
          type = Type::kRegexp;
        }
        if (iteration == 0) type = Type::kSuffix;
      } else {
        reg += "[^/]*";
        type = Type::kRegexp;
      }
      continue;
    }
    if (ch == '?') {
      reg += "[^/]";
      type = Type::kRegexp;
    } else if (escaped_in_regexp(ch)) {
      reg += '\\';
      reg += ch;
    } else if (ch == '\\') {  // escapes the next character; a trailing one stays
      if (i + 1 < pattern.size()) {
        const size_t n = char_length(pattern, i + 1);
        reg += '\\';
        reg.append(pattern.substr(i + 1, n));
        i += n;
        type = Type::kRegexp;
      } else {
        reg += '\\';
      }
    } else if (ch == '[' || ch == ']') {
      reg += ch;
      type = Type::kRegexp;
    } else {
      const size_t n = char_length(pattern, i);
      reg.append(pattern.substr(i, n));
      i += n;
      continue;
    }
    ++i;
  }
  out.type = type;
  if (type == Type::kRegexp) {
    reg += '$';
    out.regex = shared_regex(reg);
    if (!out.regex->ok()) {
      out.regex.reset();
      out.type = Type::kBroken;  // Docker fails the build when it meets this pattern
    }
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}

bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Pattern.match: false for a broken pattern (Docker reports an error instead).
bool matches(const Compiled& c, std::string_view path) {
  using Type = Compiled::Type;
  switch (c.type) {
    case Type::kExact:
      return path == c.text;
    case Type::kPrefix:
      return starts_with(path, std::string_view(c.text).substr(0, c.text.size() - 2));
    case Type::kSuffix: {
      const std::string_view suffix = std::string_view(c.text).substr(2);
      if (ends_with(path, suffix)) return true;
      return !suffix.empty() && suffix[0] == '/' && path == suffix.substr(1);  // **/foo matches foo
    }
    case Type::kRegexp:
      return re2::RE2::FullMatch(re2::StringPiece(path.data(), path.size()), *c.regex);
    case Type::kBroken:
      return false;
  }
  return false;
}

// Matches `path` or one of its parent folders (MatchesOrParentMatches' test for one pattern).
bool matches_or_parent(const Compiled& c, std::string_view path) {
  if (matches(c, path)) return true;
  for (size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1))
    if (matches(c, path.substr(0, slash))) return true;
  return false;
}

// filepath.Match's syntax check of a character class starting after '[' at `i`; returns the
// index after its ']' or npos when the class is malformed (getEsc's rules).
size_t check_class(std::string_view p, size_t i) {
  if (i < p.size() && p[i] == '^') ++i;
  // One class character: not empty, not a '-' or ']' where a range starts, escapes complete,
  // and never the last character of the pattern.
  const auto one = [&](size_t& k) {
    if (k >= p.size() || p[k] == '-' || p[k] == ']') return false;
    if (p[k] == '\\' && ++k >= p.size()) return false;
    k += char_length(p, k);
    return k < p.size();
  };
  for (size_t ranges = 0;; ++ranges) {
    if (i < p.size() && p[i] == ']' && ranges > 0) return i + 1;
    if (!one(i)) return std::string_view::npos;
    if (p[i] == '-') {
      ++i;
      if (!one(i)) return std::string_view::npos;
    }
  }
}

// Whether Go's filepath.Match accepts `p` (patternmatcher.New calls it to check the syntax).
bool go_pattern_syntax_ok(std::string_view p) {
  for (size_t i = 0; i < p.size();) {
    if (p[i] == '[') {
      i = check_class(p, i + 1);
      if (i == std::string_view::npos) return false;
    } else if (p[i] == '\\') {
      if (i + 1 >= p.size()) return false;
      i += 1 + char_length(p, i + 1);
    } else {
      ++i;
    }
  }
  return true;
}

// A backslash used as a folder separator: outside a character class, before a character that
// needs no escaping (`logs\app`, `src\.env`); `\*`, `\\`, `[\-x]` are escapes.
bool has_separator_backslash(std::string_view p) {
  bool in_class = false;
  for (size_t i = 0; i + 1 < p.size(); ++i) {
    if (p[i] == '[') in_class = true;
    if (p[i] == ']') in_class = false;
    if (p[i] != '\\') continue;
    const char next = p[i + 1];
    const bool plain = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
                       (next >= '0' && next <= '9') || next == '.' || next == '_' || next == '-';
    if (plain && !in_class) return true;
    ++i;  // an escape: skip the escaped character
  }
  return false;
}

// Whitespace followed by '#' inside a pattern line: a trailing comment Docker does not strip.
bool has_trailing_comment(std::string_view line) {
  for (size_t i = 1; i < line.size(); ++i)
    if (line[i] == '#' && space_at(line, i - 1)) return true;
  return false;
}

// Names builds and tools create and fresh checkouts lack; a .dockerignore lists them ahead.
constexpr std::string_view kGeneratedNames[] = {"node_modules",
                                                ".git",
                                                ".gitignore",
                                                ".gitattributes",
                                                ".github",
                                                ".hg",
                                                ".svn",
                                                "dist",
                                                "build",
                                                "out",
                                                "target",
                                                "bin",
                                                "obj",
                                                "coverage",
                                                ".coverage",
                                                "htmlcov",
                                                "__pycache__",
                                                "*.pyc",
                                                "*.pyo",
                                                ".pytest_cache",
                                                ".mypy_cache",
                                                ".ruff_cache",
                                                ".tox",
                                                ".nox",
                                                ".venv",
                                                "venv",
                                                "env",
                                                ".env",
                                                ".env.*",
                                                ".env*",
                                                "*.env",
                                                "logs",
                                                "log",
                                                "tmp",
                                                "temp",
                                                ".cache",
                                                ".DS_Store",
                                                "Thumbs.db",
                                                ".idea",
                                                ".vscode",
                                                ".next",
                                                ".nuxt",
                                                ".svelte-kit",
                                                ".angular",
                                                ".parcel-cache",
                                                ".turbo",
                                                ".gradle",
                                                ".m2",
                                                ".terraform",
                                                "vendor",
                                                "bower_components",
                                                "jspm_packages",
                                                ".npm",
                                                ".yarn",
                                                ".pnpm-store",
                                                ".sass-cache",
                                                ".eggs",
                                                ".hypothesis",
                                                "npm-debug.log*",
                                                "yarn-debug.log*",
                                                "yarn-error.log*",
                                                "*.log",
                                                "*.swp",
                                                "*.tmp",
                                                "*.bak"};

// Folders that hold secrets a checkout is meant to lack.
constexpr std::string_view kSecretFolders[] = {"secrets", ".secrets", "secret", "credentials", "keys", "private"};

// A pattern that names something a build or tool creates, or only an extension ("*.log"), or
// a secret a checkout lacks by design (`.env.local`, `id_rsa`, `.npmrc`, `secrets/`, and the
// `!.env.example` that keeps an env template in): a .dockerignore lists them ahead, as CLR603
// advises, and that they match nothing yet is no fault.
bool names_generated_output(std::string_view pattern) {
  size_t i = 0;
  while (i <= pattern.size()) {
    size_t j = pattern.find('/', i);
    if (j == std::string_view::npos) j = pattern.size();
    const std::string_view part = pattern.substr(i, j - i);
    if (std::find(std::begin(kGeneratedNames), std::end(kGeneratedNames), part) !=
        std::end(kGeneratedNames))
      return true;
    const bool last = j == pattern.size();
    if (last && (std::find(std::begin(kSecretFolders), std::end(kSecretFolders), part) != std::end(kSecretFolders) ||
                 knowledge::secret_file_kind(part) || knowledge::is_env_example_name(part)))
      return true;
    if (j == pattern.size() && starts_with(part, "*.") &&
        part.find_first_of("*?[\\", 1) == std::string_view::npos)
      return true;
    i = j + 1;
  }
  return false;
}

std::string quoted(std::string_view text) { return source::quote_excerpt(text, kMaxQuoted); }

}  // namespace

Dockerignore::Dockerignore() = default;
Dockerignore::Dockerignore(Dockerignore&&) noexcept = default;
Dockerignore& Dockerignore::operator=(Dockerignore&&) noexcept = default;
Dockerignore::~Dockerignore() = default;

namespace {

// Reads one line into `out` (ReadAll's normalisation, then New's checks); `span_of` turns
// offsets within `line` into spans. Returns false when the file cannot be read further.
struct LineReader {
  std::vector<Dockerignore::Pattern>& patterns;
  std::vector<Compiled>& compiled;
  std::vector<DockerignoreProblem>& problems;

  template <class SpanOf>
  void read(std::string_view line, const SpanOf& span_of) {
    if (!line.empty() && line[0] == '#') return;  // a comment only in the first column
    const auto [begin, end] = trim_space(line);
    if (begin == end) return;
    const std::string_view text = line.substr(begin, end - begin);
    const Span span = span_of(begin, end);
    const size_t problems_before = problems.size();
    const auto report = [&](Kind kind, std::string message, bool breaks) {
      problems.push_back({kind, span, std::move(message), breaks});
    };
    const bool exception = text[0] == '!';
    std::string pattern(trimmed(text.substr(exception ? 1 : 0)));
    if (!pattern.empty()) {
      pattern = source::normalise_path(pattern);
      if (pattern.size() > 1 && pattern[0] == '/') pattern.erase(0, 1);
    }
    if (exception && pattern.empty()) {
      report(Kind::kLoneExclamation,
             "a lone \"!\" is refused by Docker (illegal exclusion pattern): the build fails",
             true);
      return;
    }
    if (!go_pattern_syntax_ok(pattern)) {
      report(
          Kind::kInvalidPattern,
          "syntax error in pattern " + quoted(pattern) + ": Docker refuses to build with this file",
          true);
      return;
    }
    Compiled c = compile(pattern);
    if (has_separator_backslash(pattern)) {
      const bool broken = c.type == Compiled::Type::kBroken;
      report(Kind::kBackslash,
             quoted(text) +
                 " uses '\\' as a folder separator, which only a build started on Windows reads "
                 "so; elsewhere '\\' escapes the next character" +
                 std::string(broken ? ", and here it makes the pattern invalid: the build fails"
                                    : "") +
                 ". Use '/'",
             broken);
    } else if (c.type == Compiled::Type::kBroken) {
      report(Kind::kInvalidPattern,
             "pattern " + quoted(pattern) + " cannot be compiled: Docker fails the build", true);
    }
    if (has_trailing_comment(text)) {
      report(Kind::kTrailingComment,
             ".dockerignore has no trailing comments: " + quoted(text) +
                 " is one pattern, which matches no file named so; put the comment on its own line",
             false);
    } else if (begin > 0 && text[0] == '#') {
      report(Kind::kIndentedComment,
             "only a '#' in the first column starts a comment: this line is the pattern " +
                 quoted(pattern),
             false);
    }
    const bool has_problem = problems.size() > problems_before;
    patterns.push_back({pattern, exception, span, has_problem});
    compiled.push_back(std::move(c));
  }
};

}  // namespace

Dockerignore Dockerignore::parse(const source::SourceFile& file) {
  Dockerignore out;
  LineReader reader{out.patterns_, out.compiled_, out.problems_};
  const std::string_view text = file.bytes();
  size_t pos = file.content_start();  // the BOM is dropped from the first line
  while (pos < text.size()) {
    const size_t newline = text.find('\n', pos);
    const size_t next = newline == std::string_view::npos ? text.size() : newline + 1;
    if (next - pos > kMaxLine) {
      out.problems_.push_back(
          {Kind::kLineTooLong, file.span(static_cast<uint32_t>(pos), static_cast<uint32_t>(pos)),
           "line longer than 64 KiB: Docker cannot read this .dockerignore and the build fails",
           true});
      break;
    }
    size_t end = newline == std::string_view::npos ? text.size() : newline;
    if (end > pos && text[end - 1] == '\r') --end;
    const auto span_of = [&](size_t b, size_t e) {
      return file.span(static_cast<uint32_t>(pos + b), static_cast<uint32_t>(pos + e));
    };
    reader.read(text.substr(pos, end - pos), span_of);
    pos = next;
  }
  return out;
}

Dockerignore Dockerignore::from_lines(const std::vector<std::string>& lines) {
  Dockerignore out;
  LineReader reader{out.patterns_, out.compiled_, out.problems_};
  for (const std::string& line : lines) reader.read(line, [](size_t, size_t) { return Span{}; });
  return out;
}

bool Dockerignore::usable() const {
  return std::none_of(problems_.begin(), problems_.end(),
                      [](const DockerignoreProblem& p) { return p.breaks_build; });
}

bool Dockerignore::pattern_matches(size_t index, std::string_view path) const {
  if (index >= compiled_.size()) return false;
  const std::string clean = source::normalise_path(path);
  return clean != "." && matches_or_parent(compiled_[index], clean);
}

bool Dockerignore::excludes(std::string_view path) const {
  const std::string clean = source::normalise_path(path);
  if (clean == "." || (!clean.empty() && clean[0] == '/')) return false;
  bool matched = false;
  for (size_t i = 0; i < patterns_.size(); ++i) {
    // Only a pattern that could change the answer is tried: an exception once something
    // matched, an exclusion while nothing has.
    if (patterns_[i].exception != matched) continue;
    if (matches_or_parent(compiled_[i], clean)) matched = !patterns_[i].exception;
  }
  return matched;
}

std::vector<DockerignoreProblem> diagnose_unmatched(const Dockerignore& ignore,
                                                    std::span<const std::string> context_paths) {
  // Every path with its parent folders, once: a pattern matching a folder matches its files.
  std::unordered_set<std::string> candidates;
  for (const std::string& p : context_paths) {
    std::string clean = source::normalise_path(p);
    if (clean == ".") continue;
    for (size_t slash = clean.find('/'); slash != std::string::npos;
         slash = clean.find('/', slash + 1))
      candidates.insert(clean.substr(0, slash));
    candidates.insert(std::move(clean));
  }
  std::vector<DockerignoreProblem> out;
  for (size_t i = 0; i < ignore.patterns().size(); ++i) {
    const Dockerignore::Pattern& pattern = ignore.patterns()[i];
    if (pattern.has_problem || names_generated_output(pattern.text)) continue;
    const bool any = std::any_of(candidates.begin(), candidates.end(), [&](const std::string& c) {
      return ignore.pattern_matches(i, c);
    });
    if (any) continue;
    out.push_back({Kind::kMatchesNothing, pattern.span,
                   std::string(pattern.exception ? "exception " : "pattern ") +
                       quoted(pattern.text) + " matches no file or folder of the build context",
                   false});
  }
  return out;
}

std::optional<std::string> choose_dockerignore(
    std::string_view context_dir, std::string_view dockerfile_path,
    const std::function<bool(const std::string&)>& exists) {
  const auto is_file = [&](const std::string& path) {
    if (exists) return exists(path);
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  };
  const std::string dockerfile = source::join_path(
      context_dir, dockerfile_path.empty() ? std::string_view("Dockerfile") : dockerfile_path);
  std::string specific = dockerfile + ".dockerignore";
  if (is_file(specific)) return specific;
  std::string shared = source::join_path(context_dir, ".dockerignore");
  if (is_file(shared)) return shared;
  return std::nullopt;
}

}  // namespace clearance::ignorefile
