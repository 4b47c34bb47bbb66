#include "ignorefile/gitignore.h"

#include <vector>

namespace clearance::ignorefile {
namespace {

char fold(char c, bool casefold) {
  return casefold && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool posix_class(std::string_view name, unsigned char c, bool& known) {
  known = true;
  const bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z',
             digit = c >= '0' && c <= '9';
  const bool alpha = upper || lower, space = c == ' ' || (c >= '\t' && c <= '\r');
  const bool print = c >= 0x20 && c < 0x7F;
  if (name == "alnum") return alpha || digit;
  if (name == "alpha") return alpha;
  if (name == "blank") return c == ' ' || c == '\t';
  if (name == "cntrl") return c < 0x20 || c == 0x7F;
  if (name == "digit") return digit;
  if (name == "graph") return print && c != ' ';
  if (name == "lower") return lower;
  if (name == "print") return print;
  if (name == "punct") return print && c != ' ' && !alpha && !digit;
  if (name == "space") return space;
  if (name == "upper") return upper;
  if (name == "xdigit") return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  known = false;
  return false;
}

// One wildmatch call. Stars are where the search branches; each (star, text position) state
// is tried once (failures are remembered in two bitmaps), so any pattern costs at most
// O(pattern x text) steps.
class Wildmatch {
 public:
  Wildmatch(std::string_view p, std::string_view t, bool pathname, bool casefold)
      : p_(p), t_(t), pathname_(pathname), casefold_(casefold) {
    // Number the star runs as match() meets them: an escaped '*' is a literal, so the '*' after
    // `\*` starts a run. (A '*' inside a class may get a number it never uses.)
    bool after_star = false;
    for (size_t i = 0; i < p_.size(); ++i) {
      if (p_[i] == '\\') {
        ++i;
        after_star = false;
        continue;
      }
      if (p_[i] == '*' && !after_star) {
        star_index_.resize(i + 1, kNone);
        star_index_[i] = stars_++;
      }
      after_star = p_[i] == '*';
    }
    failed_star_.assign(stars_ * (t_.size() + 1), false);
    failed_run_.assign(stars_ * (t_.size() + 1), false);
  }

  bool match(size_t pi, size_t ti) {
    while (pi < p_.size()) {
      const char pc = p_[pi];
      if (pc == '*') return star(pi, ti);
      if (ti >= t_.size()) return false;  // only a star matches the empty rest
      const char tc = t_[ti];
      if (pc == '?') {
        if (pathname_ && tc == '/') return false;
        ++pi;
      } else if (pc == '[') {
        const size_t next = char_class(pi, static_cast<unsigned char>(tc));
        if (next == kNoMatch) return false;
        pi = next;
      } else {
        size_t literal = pi;
        if (pc == '\\' && ++literal >= p_.size()) return false;  // a trailing '\' matches nothing
        if (fold(p_[literal], casefold_) != fold(tc, casefold_)) return false;
        pi = literal + 1;
      }
      ++ti;
    }
    return ti == t_.size();
  }

 private:
  static constexpr size_t kNoMatch = static_cast<size_t>(-1);
  static constexpr size_t kNone = static_cast<size_t>(-1);

  size_t slot(size_t pi, size_t ti) const { return star_index_[pi] * (t_.size() + 1) + ti; }

  // The star run at `pi` matching from text position `ti`.
  bool star(size_t pi, size_t ti) {
    if (failed_star_[slot(pi, ti)]) return false;
    size_t pj = pi;
    while (pj < p_.size() && p_[pj] == '*') ++pj;
    const bool at_segment_start = pi == 0 || p_[pi - 1] == '/';
    const bool at_segment_end = pj == p_.size() || p_[pj] == '/' ||
                                (p_[pj] == '\\' && pj + 1 < p_.size() && p_[pj + 1] == '/');
    const bool spans_folders = !pathname_ || (pj - pi >= 2 && at_segment_start && at_segment_end);
    bool ok;
    if (pj == p_.size()) {  // a trailing `**` matches everything, a trailing `*` one name
      ok = spans_folders || t_.find('/', ti) == std::string_view::npos;
    } else {
      // `**/` may also stand for no folder at all (only where the star starts).
      ok = (pathname_ && spans_folders && p_[pj] == '/' && match(pj + 1, ti)) ||
           run(pi, pj, ti, spans_folders);
    }
    if (!ok) failed_star_[slot(pi, ti)] = true;
    return ok;
  }

  // The star takes t[ti, k) for k = ti, ti + 1, ... (not past a '/' unless it spans folders)
  // and the rest of the pattern, from `pj`, matches t[k...].
  bool run(size_t pi, size_t pj, size_t ti, bool spans_folders) {
    size_t k = ti;
    for (;; ++k) {
      if (failed_run_[slot(pi, k)]) break;  // tried before: nothing from k on matches
      if (match(pj, k)) return true;
      if (k >= t_.size() || (!spans_folders && t_[k] == '/')) break;
    }
    for (size_t i = ti; i <= k && i <= t_.size(); ++i) failed_run_[slot(pi, i)] = true;
    return false;
  }

  // Matches `tc` against the class starting at '[' at `pi`; returns the index after its ']', or
  // kNoMatch (also for a malformed class, which makes git's whole match fail).
  size_t char_class(size_t pi, unsigned char tc) const {
    size_t q = pi + 1;
    if (q >= p_.size()) return kNoMatch;
    const bool negated = p_[q] == '!' || p_[q] == '^';
    if (negated) ++q;
    const unsigned char t = static_cast<unsigned char>(fold(static_cast<char>(tc), casefold_));
    bool matched = false;
    unsigned char prev = 0;
    // The first character is a member even when it is ']'.
    for (bool first = true; first || p_[q] != ']'; first = false) {
      if (q >= p_.size()) return kNoMatch;
      unsigned char pc = static_cast<unsigned char>(p_[q]);
      if (pc == '\\') {
        if (++q >= p_.size()) return kNoMatch;
        pc = static_cast<unsigned char>(p_[q]);
        matched |= t == static_cast<unsigned char>(fold(static_cast<char>(pc), casefold_));
      } else if (pc == '-' && prev && q + 1 < p_.size() && p_[q + 1] != ']') {
        unsigned char hi = static_cast<unsigned char>(p_[++q]);
        if (hi == '\\') {
          if (++q >= p_.size()) return kNoMatch;
          hi = static_cast<unsigned char>(p_[q]);
        }
        matched |= (tc >= prev && tc <= hi) || (t >= prev && t <= hi);
        pc = 0;  // a range does not start another one
      } else if (pc == '[' && q + 1 < p_.size() && p_[q + 1] == ':') {
        const size_t name_begin = q + 2;
        const size_t close = p_.find(']', name_begin);
        if (close == std::string_view::npos) return kNoMatch;
        if (close < name_begin + 1 || p_[close - 1] != ':') {
          matched |= t == '[';  // no ":]": a plain '['
        } else {
          bool known = false;
          matched |= posix_class(p_.substr(name_begin, close - 1 - name_begin), tc, known);
          if (!known) return kNoMatch;
          q = close;
          pc = 0;
        }
      } else {
        matched |= t == static_cast<unsigned char>(fold(static_cast<char>(pc), casefold_));
      }
      prev = pc;
      if (++q >= p_.size()) return kNoMatch;
    }
    if (matched == negated || (pathname_ && tc == '/')) return kNoMatch;
    return q + 1;
  }

  std::string_view p_, t_;
  bool pathname_, casefold_;
  std::vector<size_t> star_index_;  // pattern index of a star run's first '*' -> its number
  size_t stars_ = 0;
  std::vector<bool> failed_star_, failed_run_;  // [star number x (text size + 1)]
};

// git's simple_length: the bytes before the first wildcard or escape.
size_t literal_prefix(std::string_view pattern) {
  const size_t n = pattern.find_first_of("*?[\\");
  return n == std::string_view::npos ? pattern.size() : n;
}

// git's trim_trailing_spaces: spaces (not tabs) at the end, unless escaped.
std::string_view trim_trailing_spaces(std::string_view line) {
  size_t keep = line.size();
  size_t last_space = std::string_view::npos;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == ' ') {
      if (last_space == std::string_view::npos) last_space = i;
    } else if (line[i] == '\\' && ++i >= line.size()) {
      return line;  // a trailing backslash: nothing is trimmed
    } else {
      last_space = std::string_view::npos;
    }
  }
  if (last_space != std::string_view::npos) keep = last_space;
  return line.substr(0, keep);
}

// Matches a rule that holds a '/': the path relative to the rule's folder, with git's literal
// prefix compared first and the rest wildmatched on its own (as match_pathname does: a `**`
// right after that prefix spans folders even mid-name).
bool match_relative(std::string_view pattern, std::string_view base, std::string_view path,
                    bool casefold) {
  if (!pattern.empty() && pattern[0] == '/') pattern.remove_prefix(1);
  std::string_view name = path;
  if (!base.empty()) {
    if (path.size() < base.size() + 1 || path[base.size()] != '/') return false;
    for (size_t i = 0; i < base.size(); ++i)
      if (fold(path[i], casefold) != fold(base[i], casefold)) return false;
    name = path.substr(base.size() + 1);
  }
  const size_t prefix = literal_prefix(pattern);
  if (prefix > name.size()) return false;
  for (size_t i = 0; i < prefix; ++i)
    if (fold(pattern[i], casefold) != fold(name[i], casefold)) return false;
  pattern.remove_prefix(prefix);
  name.remove_prefix(prefix);
  if (pattern.empty()) return name.empty();
  return wildmatch(pattern, name, /*pathname=*/true, casefold);
}

}  // namespace

bool wildmatch(std::string_view pattern, std::string_view text, bool pathname, bool casefold) {
  // Longer patterns would only deepen the recursion (one level per star run); git has no use
  // for them either.
  constexpr size_t kMaxPattern = 8192;
  if (pattern.size() > kMaxPattern) return false;
  return Wildmatch(pattern, text, pathname, casefold).match(0, 0);
}

GitignoreFile GitignoreFile::parse(std::string_view bytes, std::string source, std::string base) {
  GitignoreFile file;
  file.source = std::move(source);
  file.base = std::move(base);
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  uint32_t line_no = 0;
  size_t pos = 0;
  while (pos < bytes.size()) {
    ++line_no;
    const size_t newline = bytes.find('\n', pos);
    const size_t end = newline == std::string_view::npos ? bytes.size() : newline;
    std::string_view line = bytes.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty() || line[0] == '#') continue;
    if (line.back() == '\r') line.remove_suffix(1);
    line = trim_trailing_spaces(line);
    GitignoreRule rule;
    rule.line = line_no;
    rule.text.assign(line);
    if (!line.empty() && line[0] == '!') {
      rule.negative = true;
      line.remove_prefix(1);
    }
    if (!line.empty() && line.back() == '/') {
      rule.must_be_dir = true;
      line.remove_suffix(1);
    }
    if (line.empty()) continue;  // "", "!", "/": match nothing
    rule.anywhere = line.find('/') == std::string_view::npos;
    rule.pattern.assign(line);
    file.rules.push_back(std::move(rule));
  }
  return file;
}

const GitignoreRule* GitignoreFile::last_match(std::string_view path, bool is_dir,
                                               bool casefold) const {
  const size_t slash = path.rfind('/');
  const std::string_view basename = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (auto it = rules.rbegin(); it != rules.rend(); ++it) {
    if (it->must_be_dir && !is_dir) continue;
    const bool hit = it->anywhere ? wildmatch(it->pattern, basename, /*pathname=*/false, casefold)
                                  : match_relative(it->pattern, base, path, casefold);
    if (hit) return &*it;
  }
  return nullptr;
}

namespace {

IgnoreDecision last_match_in(std::span<const GitignoreFile* const> deepest_first,
                             std::span<const GitignoreFile* const> global, std::string_view path,
                             bool is_dir, bool casefold) {
  IgnoreDecision d;
  for (std::span<const GitignoreFile* const> lists : {deepest_first, global}) {
    for (const GitignoreFile* file : lists) {
      if (const GitignoreRule* rule = file->last_match(path, is_dir, casefold)) {
        d.ignored = !rule->negative;
        d.file = file;
        d.rule = rule;
        d.matched_path.assign(path);
        return d;
      }
    }
  }
  return d;
}

}  // namespace

IgnoreDecision decide_ignored(std::string_view path, std::span<const GitignoreFile* const> global,
                              const GitignoreFor& gitignore_for, const IsFolder& is_folder,
                              bool casefold) {
  std::vector<const GitignoreFile*> deepest_first;
  const auto read = [&](std::string_view folder) {
    if (const GitignoreFile* f = gitignore_for(folder))
      deepest_first.insert(deepest_first.begin(), f);
  };
  read("");
  // Each folder on the way down: excluded, it excludes the path; else its .gitignore is read.
  for (size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1)) {
    const std::string_view folder = path.substr(0, slash);
    IgnoreDecision d = last_match_in(deepest_first, global, folder, /*is_dir=*/true, casefold);
    if (d.ignored) return d;
    read(folder);
  }
  return last_match_in(deepest_first, global, path, is_folder(path), casefold);
}

}  // namespace clearance::ignorefile
