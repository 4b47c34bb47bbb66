#include "envfile/env_file.h"

#include <algorithm>

#include "compose/interpolation.h"
#include "source/quote.h"
#include "source/utf8.h"

// The reading follows compose-go's dotenv parser (v2): the file is a sequence of statements,
// not of lines. A statement starts at the first non-blank character; `#` there starts a comment
// up to the end of the line. A key runs up to `=`, `:` or a line break (a bare `KEY`, whose
// value comes from the environment); text that reaches the end of the file without one is the
// value of an empty key and defines nothing. Spaces and tabs inside a key are skipped while
// scanning, and a key holding a space is refused. A quoted value ends at its closing quote, so
// text after it on the same line starts a new statement (usually a comment).
namespace clearance::envfile {

namespace {

constexpr size_t kMaxExcerpt = 80;
// A hostile 10 MB file of `A\n` lines must not become gigabytes of entries and problems.
constexpr size_t kMaxEntries = 100000;
constexpr size_t kMaxProblems = 100;

using source::append_utf8;
using source::decode_rune;
using source::Rune;

// dotenv's own notion of a blank: horizontal space only, never a line break.
bool is_blank(char32_t c) {
  switch (c) {
    case '\t':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
      return true;
    default:
      return false;
  }
}

// Go's unicode.IsSpace.
bool is_unicode_space(char32_t c) {
  if (c == '\n' || is_blank(c)) return true;
  return c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

// Go's unicode.IsLetter || unicode.IsNumber, exact for ASCII and Latin-1; beyond, every code
// point is taken as a letter except the common punctuation, symbol and emoji blocks (no tables).
bool is_letter_or_number(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (c < 0x100) {
    return c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 || c == 0xB9 || c == 0xBA ||
           (c >= 0xBC && c <= 0xBE) || (c >= 0xC0 && c != 0xD7 && c != 0xF7);
  }
  if (c == 0xFFFD || is_unicode_space(c)) return false;
  if (c >= 0x2000 && c <= 0x206F) return false;    // general punctuation
  if (c >= 0x20A0 && c <= 0x20CF) return false;    // currency
  if (c >= 0x2190 && c <= 0x2BFF) return false;    // arrows, maths, technical, box drawing...
  if (c >= 0x3000 && c <= 0x303F) return false;    // CJK punctuation
  if (c >= 0x1F000 && c <= 0x1FAFF) return false;  // emoji and pictographs
  return true;
}

bool is_key_rune(char32_t c) {
  return c == '_' || c == '.' || c == '-' || c == '[' || c == ']' || is_letter_or_number(c);
}



// `\0` and up to three digits at `i` (a backslash). compose-go rewrites the match to Go's
// `\ddd` (dropping the 0) and unquotes that; `\ddd` must be exactly three octal digits worth
// at most 255. When unquoting fails, the rewritten text is what stays, so `\0` becomes `\`,
// `\01` becomes `\1` and `\0777` becomes `\777`. Returns the bytes consumed.
size_t octal_escape(std::string_view s, size_t i, std::string& out) {
  constexpr size_t kDigits = 3;
  size_t j = i + 2;
  while (j < s.size() && j < i + 2 + kDigits && s[j] >= '0' && s[j] <= '9') ++j;
  const std::string_view digits = s.substr(i + 2, j - i - 2);
  unsigned value = 0;
  bool octal = digits.size() == kDigits;
  for (char d : digits) {
    octal = octal && d <= '7';
    value = value * 8 + static_cast<unsigned>(d - '0');
  }
  if (octal && value <= 255) {
    append_utf8(out, value);  // Go's string(rune) writes the code point, not a raw byte
  } else {
    out += '\\';
    out.append(digits);
  }
  return j - i;
}

// The escapes compose-go expands inside double quotes. `\$` becomes `$$` so the interpolation
// that follows leaves a literal dollar.
std::string expand_escapes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i++];
      continue;
    }
    const char c = s[i + 1];
    const char* simple = nullptr;
    switch (c) {
      case 'a':
        simple = "\a";
        break;
      case 'b':
        simple = "\b";
        break;
      case 'f':
        simple = "\f";
        break;
      case 'n':
        simple = "\n";
        break;
      case 'r':
        simple = "\r";
        break;
      case 't':
        simple = "\t";
        break;
      case 'v':
        simple = "\v";
        break;
      case '"':
        simple = "\"";
        break;
      case '\\':
        simple = "\\";
        break;
      case '$':
        simple = "$$";
        break;
      case '0':
        i += octal_escape(s, i, out);
        continue;
      default:
        break;
    }
    if (simple) {
      out += simple;
      i += 2;
    } else {  // not an escape compose-go knows (`\c` included): the backslash stays
      out += '\\';
      i += 1;
    }
  }
  return out;
}

class Parser {
 public:
  Parser(const source::SourceFile& file, const Lookup& lookup)
      : file_(file), text_(file.bytes()), lookup_(lookup) {}

  EnvFile run() {
    size_t pos = file_.content_start();  // compose-go drops a UTF-8 BOM
    while ((pos = statement_start(pos)) < text_.size()) {
      if (out_.entries.size() >= kMaxEntries) {
        out_.problems.push_back({span(pos, line_end(pos)),
                                 "more than " + std::to_string(kMaxEntries) +
                                     " variables: the rest of the file is not read",
                                 true});
        break;
      }
      pos = statement(pos);
    }
    return std::move(out_);
  }

 private:
  // Skips blanks, line breaks and comment lines; returns the first byte of a statement.
  size_t statement_start(size_t pos) const {
    while (pos < text_.size()) {
      const Rune r = decode_rune(text_, pos);
      if (is_unicode_space(r.cp)) {
        pos += r.len;
      } else if (r.cp == '#') {
        pos = line_end(pos);
      } else {
        break;
      }
    }
    return pos;
  }

  size_t line_end(size_t pos) const {
    const size_t nl = text_.find('\n', pos);
    return nl == std::string_view::npos ? text_.size() : nl;
  }

  size_t skip_blanks(size_t pos) const {
    while (pos < text_.size()) {
      const Rune r = decode_rune(text_, pos);
      if (!is_blank(r.cp)) break;
      pos += r.len;
    }
    return pos;
  }

  // Trims Go's unicode.IsSpace from the right of [begin, end).
  size_t trim_right(size_t begin, size_t end) const {
    while (end > begin) {
      size_t start = end - 1;
      while (start > begin && (static_cast<unsigned char>(text_[start]) & 0xC0) == 0x80) --start;
      const Rune r = decode_rune(text_, start);
      if (start + r.len != end || !is_unicode_space(r.cp)) break;
      end = start;
    }
    return end;
  }

  // `export` followed by whitespace (Go's \s: a line break counts) is dropped, with the blanks
  // after it; a line break is not skipped, which leaves an empty key that Compose ignores.
  size_t skip_export(size_t pos) const {
    constexpr std::string_view kExport = "export";
    if (text_.substr(pos, kExport.size()) != kExport) return pos;
    const size_t after = pos + kExport.size();
    if (after >= text_.size()) return pos;
    const char c = text_[after];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\r') return pos;
    return skip_blanks(after);
  }

  void problem(size_t begin, size_t end, std::string message) {
    if (out_.problems.size() >= kMaxProblems) return;
    out_.problems.push_back(
        {file_.span(static_cast<uint32_t>(begin), static_cast<uint32_t>(end)), std::move(message)});
  }

  // Parses one statement at `begin`; returns where the next one may start.
  // text_[begin, end) up to its first blank.
  std::string_view first_word(size_t begin, size_t end) const {
    const std::string_view text = text_.substr(begin, end - begin);
    return text.substr(0, std::min(text.find_first_of(" \t"), text.size()));
  }

  size_t statement(size_t begin) {
    const size_t key_begin = skip_export(begin);
    size_t i = key_begin;
    char32_t terminator = 0;
    while (i < text_.size()) {
      const Rune r = decode_rune(text_, i);
      if (r.cp == '=' || r.cp == ':' || r.cp == '\n') {
        terminator = r.cp;
        break;
      }
      if (!is_blank(r.cp) && !is_key_rune(r.cp)) {
        const size_t end = line_end(key_begin);
        // The name is not quoted: on a broken line (a quote inside a value ends it early) what
        // is read as a name may be the rest of a password. The position says where.
        problem(i, i + r.len,
                "unexpected character " + source::quote_excerpt(text_.substr(i, r.len), kMaxExcerpt) +
                    " in a variable name");
        return end;
      }
      i += r.len;
    }
    // No '=', ':' or line break before the end of the file: compose-go reads the text as the
    // value of an empty key, which defines nothing (a last line `KEY` inherits nothing unless
    // a line break ends it, and `MY KEY` there is no error).
    if (terminator == 0) return i;
    const size_t key_end = trim_right(key_begin, i);
    Entry e;
    e.key.assign(text_.substr(key_begin, key_end - key_begin));
    e.key_span = span(key_begin, key_end);
    const bool spaced = e.key.find(' ') != std::string::npos;
    if (spaced) {
      // `DB_PASSWORD hunter2=x`: what follows the first word may be a secret, so the finding
      // points at that word and the message quotes only it.
      const std::string_view word = first_word(key_begin, key_end);
      problem(key_begin, key_begin + word.size(),
              "key cannot contain a space (after " + source::quote_excerpt(word, kMaxExcerpt) + ")");
    }
    if (terminator == '\n') {  // a bare key: its value comes from the environment
      inherit(std::move(e), begin, key_end, spaced);
      return i;
    }
    const size_t value_begin = skip_blanks(i + 1);
    const char q = value_begin < text_.size() ? text_[value_begin] : '\0';
    const size_t next = (q == '"' || q == '\'') ? quoted(e, begin, value_begin, q)
                                                : unquoted(e, begin, value_begin);
    if (!spaced && !e.key.empty() && next != std::string_view::npos) add(std::move(e));
    return next == std::string_view::npos ? line_end(value_begin) : next;
  }

  void inherit(Entry e, size_t begin, size_t key_end, bool spaced) {
    if (spaced || e.key.empty()) return;
    e.has_value = false;
    e.value_span = span(key_end, key_end);
    e.line_span = span(begin, key_end);
    if (lookup_) {
      if (std::optional<std::string> v = lookup_(e.key)) {
        e.value = std::move(*v);
        // Only a value found in the environment is visible to later lines.
        earlier_.set(e.key, compose::Variable{e.value, compose::Variable::Source::kShell, {}});
      }
    }
    out_.entries.push_back(std::move(e));
  }

  size_t unquoted(Entry& e, size_t begin, size_t value_begin) {
    const size_t eol = line_end(value_begin);
    const std::string_view line = text_.substr(value_begin, eol - value_begin);
    const size_t comment = line.find(" #");  // only a space before `#` starts a comment
    const size_t raw_end =
        trim_right(value_begin, comment == std::string_view::npos ? eol : value_begin + comment);
    const size_t line_end_trimmed = trim_right(begin, eol);
    // An empty value sits where the line ends (`KEY=   ` points after '=', not past the blanks).
    const size_t shown = raw_end == value_begin ? std::min(value_begin, line_end_trimmed) : value_begin;
    e.value_span = span(shown, raw_end == value_begin ? shown : raw_end);
    e.line_span = span(begin, line_end_trimmed);
    e.value = expand(text_.substr(value_begin, raw_end - value_begin), e.value_span);
    return eol;
  }

  // Returns where the statement ends, or npos when the quote is never closed.
  size_t quoted(Entry& e, size_t begin, size_t value_begin, char q) {
    std::string chars;
    bool escaped = false;
    size_t i = value_begin + 1;
    for (; i < text_.size(); ++i) {
      const char c = text_[i];
      if (escaped) {
        escaped = false;
        if (c != q) chars += '\\';  // only an escaped quote loses its backslash here
        chars += c;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == q) {
        break;
      } else {
        chars += c;
      }
    }
    if (i >= text_.size()) {
      // At the opening quote, without the value: it is often a password.
      problem(value_begin, value_begin + 1, "unterminated quoted value (no closing " + std::string(1, q) + ")");
      return std::string_view::npos;
    }
    const size_t value_end = i + 1;
    e.quoted = true;
    e.value_span = span(value_begin, value_end);
    e.line_span = span(begin, line_span_end(value_end));
    e.value = q == '"' ? expand(expand_escapes(chars), e.value_span) : std::move(chars);
    return value_end;
  }

  // A quoted assignment's line runs on to the end of its line when only blanks or a comment
  // follow the closing quote; otherwise another statement starts there and the line stops.
  size_t line_span_end(size_t value_end) const {
    const size_t after = skip_blanks(value_end);
    if (after >= text_.size() || text_[after] == '\n') return trim_right(value_end, after);
    if (text_[after] == '#') return trim_right(value_end, line_end(after));
    return value_end;
  }

  // Interpolates a value: the environment first, then earlier lines of this file (compose-go's
  // order). A failure is a problem: Compose refuses the file.
  std::string expand(std::string_view raw, const Span& where) {
    compose::Environment found;
    const compose::Resolver resolve = [&](std::string_view name) -> const compose::Variable* {
      if (lookup_) {
        if (std::optional<std::string> v = lookup_(name)) {
          found.set(std::string(name),
                    compose::Variable{std::move(*v), compose::Variable::Source::kShell, {}});
          return found.find(name);
        }
      }
      return earlier_.find(name);
    };
    std::optional<compose::InterpolationResult> r = compose::interpolate(raw, resolve);
    if (!r) return std::string(raw);
    for (std::string& message : r->info.errors) {
      if (message.rfind("required variable", 0) == 0) {  // CLR605's, as in a compose file
        if (out_.unset_variables.size() < kMaxProblems) {
          const size_t name_end = message.find(' ', 18);
          out_.unset_variables.push_back({message.substr(18, name_end - 18), where, true, message});
        }
      } else if (out_.problems.size() < kMaxProblems) {
        out_.problems.push_back({where, std::move(message)});
      }
    }
    for (const compose::VariableUse& use : r->info.uses)
      if (!use.variable && !use.used_default && !use.required && use.default_text.empty() &&
          out_.unset_variables.size() < kMaxProblems)
        out_.unset_variables.push_back({use.name, where, false, {}});
    return std::move(r->value);
  }

  void add(Entry e) {
    earlier_.set(e.key,
                 compose::Variable{e.value, compose::Variable::Source::kEnvFile, e.value_span});
    out_.entries.push_back(std::move(e));
  }

  Span span(size_t begin, size_t end) const {
    return file_.span(static_cast<uint32_t>(begin), static_cast<uint32_t>(end));
  }

  const source::SourceFile& file_;
  std::string_view text_;
  const Lookup& lookup_;
  compose::Environment earlier_;  // values of the lines read so far
  EnvFile out_;
};

}  // namespace

EnvFile parse(const source::SourceFile& file, const Lookup& lookup) {
  return Parser(file, lookup).run();
}

}  // namespace clearance::envfile
