#include "dockerfile/expand.h"

#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <unordered_set>

#include "dockerfile/runes.h"

// The lexer follows BuildKit's shell.Lex: a scanner over code points, `processStopOn` reading
// until a stop character, with special handling of `$`, single and double quotes and the escape
// character. Words are split after expansion: characters from `$` expansions split at
// whitespace, quoted text and escaped characters never do.
namespace clearance::dockerfile {

namespace {

constexpr int32_t kEof = -1;
// ${a:-${b:-${c:-...}}} recurses once per level: a hostile text must not exhaust the stack.
constexpr int kMaxNesting = 64;
// Pattern operations run a regular expression over a value; bound the work on hostile input.
constexpr size_t kMaxPatternWork = size_t{1} << 24;

std::string rune_string(int32_t r) {
  std::string s;
  append_utf8(s, r < 0 ? char32_t{0xFFFD} : static_cast<char32_t>(r));
  return s;
}

// BuildKit's word splitting state (wordsStruct), with the input range each word came from.
class WordSplitter {
 public:
  explicit WordSplitter(std::vector<ExpandedWord>* out) : out_(out) {}
  bool active() const { return out_ != nullptr; }  // words are wanted

  // A character that splits words when it is whitespace (plain text, expansion results).
  void add_char(char32_t c, size_t begin, size_t end) {
    if (!out_) return;
    if (is_go_space(c)) {
      if (in_word_ && !word_.empty()) push();
      return;
    }
    add_raw_char(c, begin, end);
  }
  void add_raw_char(char32_t c, size_t begin, size_t end) {
    if (!out_) return;
    append_utf8(word_, c);
    touch(begin, end);
  }
  void add_string(std::string_view s, size_t begin, size_t end) {
    if (!out_) return;
    for (size_t i = 0; i < s.size();) {
      const Rune r = decode_rune(s, i);
      add_char(r.cp, begin, end);
      i += r.len;
    }
  }
  void add_raw_string(std::string_view s, size_t begin, size_t end) {
    if (!out_) return;
    word_.append(s);
    touch(begin, end);
  }
  void finish() {
    if (out_ && !word_.empty()) push();
  }

 private:
  void touch(size_t begin, size_t end) {
    if (!in_word_ || !started_) {
      begin_ = begin;
      started_ = true;
    }
    in_word_ = true;
    end_ = std::max(end_, end);
  }
  void push() {
    out_->push_back({std::move(word_), static_cast<uint32_t>(begin_), static_cast<uint32_t>(end_)});
    word_.clear();
    in_word_ = false;
    started_ = false;
    end_ = 0;
  }

  std::vector<ExpandedWord>* out_;
  std::string word_;
  bool in_word_ = false;
  bool started_ = false;
  size_t begin_ = 0;
  size_t end_ = 0;
};

// Reverses code points, keeping invalid bytes as U+FFFD as Go's []rune conversion does.
std::string reverse_runes(std::string_view s) {
  std::vector<char32_t> runes;
  for (size_t i = 0; i < s.size();) {
    const Rune r = decode_rune(s, i);
    runes.push_back(r.cp);
    i += r.len;
  }
  std::string out;
  out.reserve(s.size());
  for (auto it = runes.rbegin(); it != runes.rend(); ++it) append_utf8(out, *it);
  return out;
}

// Reverses a pattern, keeping each escape in front of the character it escapes (a\*b -> b\*a).
std::string reverse_pattern(std::string_view pattern) {
  std::vector<std::string> tokens;
  for (size_t i = 0; i < pattern.size();) {
    Rune r = decode_rune(pattern, i);
    std::string token;
    if (r.cp == '\\' && i + 1 < pattern.size()) {
      token = "\\";
      i += 1;
      r = decode_rune(pattern, i);
    }
    append_utf8(token, r.cp);
    i += r.len;
    tokens.push_back(std::move(token));
  }
  std::string out;
  for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) out += *it;
  return out;
}

// A shell wildcard pattern as a regular expression: `*` any text (shortest unless greedy), `?`
// one character, `\*` `\?` `\\` literal, `\}` `\/` the character; nothing else may be escaped.
std::optional<std::string> pattern_to_regex(std::string_view pattern, bool greedy, bool anchored,
                                            std::string& error) {
  std::string out;
  if (anchored) out += '^';
  for (size_t i = 0; i < pattern.size();) {
    Rune r = decode_rune(pattern, i);
    i += r.len;
    switch (r.cp) {
      case '*':
        out += greedy ? ".*" : ".*?";
        continue;
      case '?':
        out += '.';
        continue;
      case '\\': {
        if (i < pattern.size() && (pattern[i] == '}' || pattern[i] == '/')) continue;
        out += '\\';
        const int32_t next =
            i < pattern.size() ? static_cast<int32_t>(decode_rune(pattern, i).cp) : kEof;
        if (next != '*' && next != '?' && next != '\\') {
          error = "invalid escape '\\" + rune_string(next) + "'";
          return std::nullopt;
        }
        r = decode_rune(pattern, i);
        i += r.len;
        break;
      }
      case '[':
      case ']':
      case '{':
      case '}':
      case '.':
      case '+':
      case '(':
      case ')':
      case '|':
      case '^':
      case '$':
        out += '\\';
        break;
      default:
        break;
    }
    append_utf8(out, r.cp);
  }
  return out;
}

std::unique_ptr<RE2> compile(const std::string& regex, std::string& error) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(regex, options);
  if (!re->ok()) {
    error = re->error();
    return nullptr;
  }
  return re;
}

// Where the leftmost match of `re` in `text` starting at `from` is, if any.
std::optional<std::pair<size_t, size_t>> find(const RE2& re, std::string_view text, size_t from) {
  re2::StringPiece match;
  if (!re.Match(re2::StringPiece(text.data(), text.size()), from, text.size(), RE2::UNANCHORED,
                &match, 1))
    return std::nullopt;
  const auto begin = static_cast<size_t>(match.data() - text.data());
  return std::make_pair(begin, begin + match.size());
}

// Go's Regexp.Expand for a pattern without groups: $0 and ${0} are the match, $$ is a dollar,
// any other $name is empty.
void append_template(std::string& out, std::string_view tmpl, std::string_view match) {
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '$' || i + 1 == tmpl.size()) {
      out += tmpl[i];
      continue;
    }
    if (tmpl[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    size_t name_begin = i + 1;
    size_t name_end = name_begin;
    bool braced = tmpl[name_begin] == '{';
    if (braced) ++name_begin, name_end = name_begin;
    auto name_char = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    };
    while (name_end < tmpl.size() && name_char(tmpl[name_end])) ++name_end;
    if (name_end == name_begin || (braced && (name_end >= tmpl.size() || tmpl[name_end] != '}'))) {
      out += '$';  // not a valid reference: the dollar is literal
      continue;
    }
    if (tmpl.substr(name_begin, name_end - name_begin) == "0") out.append(match);
    i = braced ? name_end : name_end - 1;
  }
}

// Go's Regexp.ReplaceAllString: successive non-overlapping matches; an empty match right after
// a previous match is not replaced; the search always advances by at least one character.
std::string replace_all(const RE2& re, std::string_view value, std::string_view tmpl) {
  std::string out;
  size_t last_end = 0;
  size_t search = 0;
  bool any = false;
  while (search <= value.size()) {
    const auto m = find(re, value, search);
    if (!m) break;
    out.append(value.substr(last_end, m->first - last_end));
    if (m->second > last_end || m->first == 0 || !any)
      append_template(out, tmpl, value.substr(m->first, m->second - m->first));
    any = true;
    last_end = m->second;
    const size_t width = search < value.size() ? decode_rune(value, search).len : 0;
    if (search + width > m->second) {
      search += width;
    } else if (search + 1 > m->second) {
      search += 1;
    } else {
      search = m->second;
    }
  }
  out.append(value.substr(last_end));
  return out;
}

class Expander {
 public:
  Expander(std::string_view text, const VariableLookup& lookup, const ExpandOptions& options,
           Expansion& out)
      : s_(text),
        lookup_(lookup),
        options_(options),
        out_(out),
        escape_(static_cast<unsigned char>(options.escape)),
        raw_escapes_(options.raw_escapes) {}

  void run() {
    WordSplitter words(options_.split_words ? &out_.words : nullptr);
    std::string result;
    if (!process_stop_on(kEof, options_.raw_escapes, result, &words)) {
      if (out_.error.empty()) out_.error = "expansion failed";
      out_.value.clear();
      out_.words.clear();
      return;
    }
    words.finish();
    out_.value = std::move(result);
  }

 private:
  int32_t peek() const {
    if (i_ >= s_.size()) return kEof;
    const auto b = static_cast<unsigned char>(s_[i_]);
    if (b < 0x80) return b;
    return static_cast<int32_t>(decode_rune(s_, i_).cp);
  }
  int32_t next() {
    if (i_ >= s_.size()) return kEof;
    const auto b = static_cast<unsigned char>(s_[i_]);
    if (b < 0x80) {
      ++i_;
      return b;
    }
    const Rune r = decode_rune(s_, i_);
    i_ += r.len;
    return static_cast<int32_t>(r.cp);
  }

  bool fail(std::string message) {
    if (out_.error.empty()) out_.error = std::move(message);
    return false;
  }

  static void put(std::string& out, int32_t r) { append_utf8(out, static_cast<char32_t>(r)); }

  // The byte at `at` is ASCII text that process_stop_on copies unchanged: not `stop`, not `$`,
  // not the escape character, and not a quote when quotes are processed.
  bool plain_ascii(size_t at, int32_t stop) const {
    const auto b = static_cast<unsigned char>(s_[at]);
    if (b >= 0x80 || b == '$' || static_cast<int32_t>(b) == stop || static_cast<int32_t>(b) == escape_) return false;
    return !(options_.process_quotes && (b == '\'' || b == '"'));
  }

  // BuildKit's processStopOn: reads until `stop` (consumed) or the end of the text.
  bool process_stop_on(int32_t stop, bool raw_escapes, std::string& result, WordSplitter* words) {
    if (++depth_ > kMaxNesting) {
      out_.limited = true;
      return fail("variable references nested too deeply");
    }
    const bool saved = raw_escapes_;
    raw_escapes_ = raw_escapes;
    WordSplitter none(nullptr);
    WordSplitter& w = words ? *words : none;
    bool ok = true;
    bool stopped = false;
    while (ok && peek() != kEof) {
      const int32_t ch = peek();
      const size_t at = i_;
      if (stop != kEof && ch == stop) {
        next();
        stopped = true;
        break;
      }
      if (ch == '$') {
        std::string value;
        bool raw = false;
        ok = process_dollar(value, raw);
        result += value;
        if (raw) {
          w.add_raw_string(value, at, i_);
        } else {
          w.add_string(value, at, i_);
        }
      } else if (options_.process_quotes && (ch == '\'' || ch == '"')) {
        std::string value;
        ok = ch == '\'' ? process_single_quote(value) : process_double_quote(value);
        result += value;
        w.add_raw_string(value, at, i_);
      } else if (!w.active() && plain_ascii(i_, stop)) {
        // Without word splitting, a run of plain ASCII is copied as it is, not a rune at a time.
        size_t end = i_ + 1;
        while (end < s_.size() && plain_ascii(end, stop)) ++end;
        result.append(s_.substr(i_, end - i_));
        i_ = end;
      } else {
        int32_t c = next();
        if (c == escape_) {
          if (raw_escapes_) {
            w.add_raw_char(static_cast<char32_t>(c), at, i_);
            put(result, c);
          }
          const size_t escaped_at = i_;
          c = next();
          if (c == kEof) break;  // an escape at the very end is dropped
          w.add_raw_char(static_cast<char32_t>(c), escaped_at, i_);
        } else {
          w.add_char(static_cast<char32_t>(c), at, i_);
        }
        put(result, c);
      }
    }
    raw_escapes_ = saved;
    --depth_;
    if (!ok) return false;
    if (stop != kEof && !stopped)
      return fail("unexpected end of statement while looking for matching " + rune_string(stop));
    return true;
  }

  // The end of the run from `at` of bytes a quoted text copies as they are: ASCII other than
  // `stops`. (Other bytes go a code point at a time: invalid UTF-8 becomes U+FFFD.)
  size_t plain_run_end(size_t at, std::string_view stops) const {
    while (at < s_.size() && static_cast<unsigned char>(s_[at]) < 0x80 && stops.find(s_[at]) == std::string_view::npos)
      ++at;
    return at;
  }

  bool process_single_quote(std::string& result) {
    const int32_t open = next();
    if (options_.raw_quotes) put(result, open);
    for (;;) {
      if (const size_t end = plain_run_end(i_, "'"); end > i_) {  // most quoted text is plain
        result.append(s_.substr(i_, end - i_));
        i_ = end;
      }
      const int32_t c = next();
      if (c == kEof)
        return fail("unexpected end of statement while looking for matching single-quote");
      if (c == '\'') {
        if (options_.raw_quotes) put(result, c);
        return true;
      }
      put(result, c);
    }
  }

  bool process_double_quote(std::string& result) {
    const int32_t open = next();
    if (options_.raw_quotes) put(result, open);
    const char stops[] = {'"', '$', static_cast<char>(escape_ < 0x80 ? escape_ : '"')};
    for (;;) {
      if (const size_t end = plain_run_end(i_, std::string_view(stops, 3)); end > i_) {
        result.append(s_.substr(i_, end - i_));
        i_ = end;
      }
      const int32_t p = peek();
      if (p == kEof)
        return fail("unexpected end of statement while looking for matching double-quote");
      if (p == '"') {
        next();
        if (options_.raw_quotes) put(result, p);
        return true;
      }
      if (p == '$') {
        std::string value;
        bool raw = false;
        if (!process_dollar(value, raw)) return false;
        result += value;
        continue;
      }
      int32_t c = next();
      if (c == escape_) {
        if (raw_escapes_) put(result, c);
        const int32_t after = peek();
        if (after == kEof) continue;  // an escape before the end of the text is dropped
        if (after == '"' || after == '$' || after == escape_) c = next();
      }
      put(result, c);
    }
  }

  // BuildKit's processName: a run of letters, digits and '_', a run of digits, or one special
  // parameter character.
  std::string process_name() {
    std::string name;
    while (peek() != kEof) {
      const int32_t c = peek();
      if (name.empty() && is_go_digit(static_cast<char32_t>(c))) {
        while (peek() != kEof && is_go_digit(static_cast<char32_t>(peek()))) put(name, next());
        return name;
      }
      if (name.empty() && (c == '@' || c == '*' || c == '#' || c == '?' || c == '-' || c == '$' ||
                           c == '!' || c == '0')) {
        put(name, next());
        return name;
      }
      const auto cp = static_cast<char32_t>(c);
      if (!is_go_letter(cp) && !is_go_digit(cp) && c != '_') break;
      put(name, next());
    }
    return name;
  }

  VariableValue lookup(const std::string& name) {
    VariableValue v = lookup_ ? lookup_(name) : VariableValue::unset();
    switch (v.state) {
      case VariableValue::State::kSet:
        out_.used.push_back(name);
        break;
      case VariableValue::State::kUnset:
        out_.unset.push_back(name);
        break;
      case VariableValue::State::kUnknown:
        out_.unresolved.push_back(name);
        break;
    }
    return v;
  }

  struct Marks {
    size_t used, unset, unresolved;
  };
  Marks marks() const { return {out_.used.size(), out_.unset.size(), out_.unresolved.size()}; }
  // Forgets the variables recorded since `m`: they were in a word that was not taken.
  void rewind(const Marks& m) {
    out_.used.resize(m.used);
    out_.unset.resize(m.unset);
    out_.unresolved.resize(m.unresolved);
  }

  // BuildKit's processDollar, at a '$'. Sets `raw` when `value` is the reference as written
  // (an unknown variable), which is not split into words.
  bool process_dollar(std::string& value, bool& raw) {
    const size_t start = i_;
    next();
    if (peek() != '{') {
      const std::string name = process_name();
      if (name.empty()) {
        value = "$";
        return true;
      }
      const VariableValue v = lookup(name);
      if (v.state == VariableValue::State::kSet) {
        value = v.value;
      } else if (v.state == VariableValue::State::kUnknown) {
        value = s_.substr(start, i_ - start);
        raw = true;
      } else if (options_.skip_unset) {
        value = "$" + name;
      }
      return true;
    }
    next();
    const int32_t first = peek();
    if (first == kEof) return fail("syntax error: missing '}'");
    if (first == '{' || first == '}' || first == ':') return fail("syntax error: bad substitution");
    const std::string name = process_name();
    int32_t ch = next();
    std::string chs = rune_string(ch);
    if (ch == '}') return simple_reference(name, start, value, raw);
    bool null_is_unset = false;
    if (ch == ':') {
      null_is_unset = true;
      ch = next();
      chs += rune_string(ch);
    }
    if (null_is_unset || ch == '+' || ch == '-' || ch == '?' || ch == '#' || ch == '%')
      return modifier(name, ch, chs, null_is_unset, start, value, raw);
    if (ch == '/') return substitution(name, start, value, raw);
    return fail("unsupported modifier (" + chs + ") in substitution");
  }

  bool simple_reference(const std::string& name, size_t start, std::string& value, bool& raw) {
    const VariableValue v = lookup(name);
    if (v.state == VariableValue::State::kSet) {
      value = v.value;
    } else if (v.state == VariableValue::State::kUnknown) {
      value = s_.substr(start, i_ - start);
      raw = true;
    } else if (options_.skip_unset) {
      value = "${" + name + "}";
    }
    return true;
  }

  // ${name:-word} and the other forms with a word up to '}'.
  bool modifier(const std::string& name, int32_t ch, const std::string& chs, bool null_is_unset,
                size_t start, std::string& value, bool& raw) {
    const bool pattern = ch == '#' || ch == '%';
    if (null_is_unset && pattern) return fail("unsupported modifier (" + chs + ") in substitution");
    const Marks before = marks();
    std::string word;
    if (!process_stop_on('}', pattern, word, nullptr)) {
      if (peek() == kEof && !out_.limited) out_.error = "syntax error: missing '}'";
      return false;
    }
    const Marks after_word = marks();
    const VariableValue v = lookup(name);
    const bool is_set = v.state == VariableValue::State::kSet;
    const bool empty_or_unset = !is_set || (null_is_unset && v.value.empty());
    if (v.state == VariableValue::State::kUnset && options_.skip_unset) {
      value = "${" + name + chs + word + "}";
      return true;
    }
    if (v.state == VariableValue::State::kUnknown) {
      value = s_.substr(start, i_ - start);
      raw = true;
      return true;
    }
    auto drop_word_variables = [&] {
      // The word was not taken: its variables did not contribute.
      const Marks now = marks();
      std::vector<std::string> used(out_.used.begin() + after_word.used,
                                    out_.used.begin() + now.used);
      std::vector<std::string> unset(out_.unset.begin() + after_word.unset,
                                     out_.unset.begin() + now.unset);
      rewind(before);
      out_.used.insert(out_.used.end(), used.begin(), used.end());
      out_.unset.insert(out_.unset.end(), unset.begin(), unset.end());
    };
    switch (ch) {
      case '-':
        if (empty_or_unset) {
          value = word;
        } else {
          value = v.value;
          drop_word_variables();
        }
        return true;
      case '+':
        if (empty_or_unset) {
          drop_word_variables();
        } else {
          value = word;
        }
        return true;
      case '?':
        if (!is_set)
          return fail(name + ": " + (word.empty() ? "is not allowed to be unset" : word));
        if (null_is_unset && v.value.empty())
          return fail(name + ": " + (word.empty() ? "is not allowed to be empty" : word));
        value = v.value;
        return true;
      case '#':
      case '%':
        return trim(word, v.value, ch, value);
      default:
        return fail("unsupported modifier (" + chs + ") in substitution");
    }
  }

  // ${name#pat} ${name##pat} ${name%pat} ${name%%pat}.
  bool trim(std::string pattern, std::string_view subject, int32_t ch, std::string& value) {
    bool greedy = false;
    if (!pattern.empty() && static_cast<unsigned char>(pattern[0]) == ch) {
      greedy = true;
      pattern.erase(0, 1);
    }
    if (pattern.size() * (subject.size() + 1) > kMaxPatternWork) {
      out_.limited = true;
      return fail("pattern too large to apply");
    }
    const bool suffix = ch == '%';
    const std::string reversed_subject = suffix ? reverse_runes(subject) : std::string();
    const std::string reversed_pattern = suffix ? reverse_pattern(pattern) : std::string();
    const std::string_view p = suffix ? std::string_view(reversed_pattern) : pattern;
    const std::string_view text = suffix ? std::string_view(reversed_subject) : subject;
    std::string error;
    const std::optional<std::string> regex = pattern_to_regex(p, greedy, true, error);
    std::unique_ptr<RE2> re = regex ? compile(*regex, error) : nullptr;
    if (!re) return fail("invalid pattern (" + std::string(p) + ") in substitution: " + error);
    std::string rest(text);
    if (const auto m = find(*re, text, 0)) rest = std::string(text.substr(m->second));
    value = suffix ? reverse_runes(rest) : rest;
    return true;
  }

  // ${name/pat/repl} and ${name//pat/repl}.
  bool substitution(const std::string& name, size_t start, std::string& value, bool& raw) {
    const bool all = peek() == '/';
    if (all) next();
    std::string pattern;
    if (!process_stop_on('/', true, pattern, nullptr)) {
      if (peek() == kEof && !out_.limited) out_.error = "syntax error: missing '/' in ${}";
      return false;
    }
    std::string replacement;
    if (!process_stop_on('}', true, replacement, nullptr)) {
      if (peek() == kEof && !out_.limited) out_.error = "syntax error: missing '}'";
      return false;
    }
    const VariableValue v = lookup(name);
    if (v.state == VariableValue::State::kUnset && options_.skip_unset) {
      value = "${" + name + "/" + pattern + "/" + replacement + "}";
      return true;
    }
    if (v.state == VariableValue::State::kUnknown) {
      value = s_.substr(start, i_ - start);
      raw = true;
      return true;
    }
    if (pattern.size() * (v.value.size() + 1) > kMaxPatternWork) {
      out_.limited = true;
      return fail("pattern too large to apply");
    }
    std::string error;
    const std::optional<std::string> regex = pattern_to_regex(pattern, true, false, error);
    std::unique_ptr<RE2> re = regex ? compile(*regex, error) : nullptr;
    if (!re) return fail("invalid pattern (" + pattern + ") in substitution: " + error);
    if (all) {
      value = replace_all(*re, v.value, replacement);
    } else if (const auto m = find(*re, v.value, 0)) {
      value = std::string(v.value.substr(0, m->first)) + replacement +
              std::string(v.value.substr(m->second));
    } else {
      value = v.value;
    }
    return true;
  }

  std::string_view s_;
  const VariableLookup& lookup_;
  const ExpandOptions& options_;
  Expansion& out_;
  int32_t escape_;
  bool raw_escapes_;
  size_t i_ = 0;
  int depth_ = 0;
};

// Keeps the first occurrence of each name (a set: a hostile word may name thousands).
void dedupe(std::vector<std::string>& names) {
  if (names.size() < 2) return;
  if (names.size() <= 16) {  // the usual handful: compared in place, nothing allocated
    size_t kept = 0;
    for (size_t i = 0; i < names.size(); ++i) {
      if (std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(kept), names[i]) !=
          names.begin() + static_cast<std::ptrdiff_t>(kept))
        continue;
      if (kept != i) names[kept] = std::move(names[i]);
      ++kept;
    }
    names.resize(kept);
    return;
  }
  std::unordered_set<std::string_view> seen;  // views into `names`, which stays put meanwhile
  std::vector<bool> first(names.size());
  for (size_t i = 0; i < names.size(); ++i) first[i] = seen.insert(names[i]).second;
  std::vector<std::string> unique;
  for (size_t i = 0; i < names.size(); ++i)
    if (first[i]) unique.push_back(std::move(names[i]));
  names = std::move(unique);
}

}  // namespace

namespace {

// Text that BuildKit's lexer copies unchanged: ASCII without a `$`, the escape character or
// (when quotes are processed) a quote. Most ENV, ARG and COPY words are such text.
bool expands_to_itself(std::string_view text, const ExpandOptions& options) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80 || c == '$' || c == options.escape) return false;
    if (options.process_quotes && (c == '\'' || c == '"')) return false;
  }
  return true;
}

}  // namespace

Expansion expand(std::string_view text, const VariableLookup& lookup,
                 const ExpandOptions& options) {
  Expansion out;
  if (!options.split_words && expands_to_itself(text, options)) {
    out.value = std::string(text);
    return out;
  }
  Expander(text, lookup, options, out).run();
  dedupe(out.used);
  dedupe(out.unset);
  dedupe(out.unresolved);
  return out;
}

}  // namespace clearance::dockerfile
