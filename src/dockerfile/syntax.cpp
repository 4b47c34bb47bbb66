#include "dockerfile/syntax.h"

#include <algorithm>
#include <cstring>

#include "dockerfile/parse_instruction.h"
#include "dockerfile/runes.h"
#include "dockerfile/shell.h"
#include "source/ascii.h"
#include "source/quote.h"

// The file is read as BuildKit's parser.Parse reads it: lines end at '\n' only (trailing '\r's
// are trimmed, a lone '\r' is just whitespace); a UTF-8 BOM is dropped from the first line;
// parser directives are looked for until the first line that is not one; a line is an
// instruction unless it is blank or a comment; a line ending in the escape character continues
// on the next line, where comment lines and blank lines are skipped; after an instruction that
// may have heredocs, each heredoc's body follows its line, up to the delimiter line.
namespace clearance::dockerfile {

namespace {

// A Dockerfile has a few hundred instructions at most; a hostile 10 MB file of "A\n" lines must
// not become millions of them.
constexpr size_t kMaxInstructions = 100000;
constexpr size_t kMaxComments = 100000;
// BuildKit reads lines with bufio.Scanner, whose limit is 64 KiB including the line break.
constexpr size_t kMaxLineBytes = 64 * 1024;

// Go RE2's \s: [\t\n\f\r ].
bool is_re_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_ascii_letter(c) || (c >= '0' && c <= '9'); }

// A match of BuildKit's directive pattern `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`.
struct DirectiveMatch {
  size_t name_begin = 0, name_end = 0, value_begin = 0, value_end = 0;
};

std::optional<DirectiveMatch> match_directive(std::string_view s, size_t b, size_t e) {
  if (b >= e || s[b] != '#') return std::nullopt;
  size_t i = b + 1;
  while (i < e && is_re_space(s[i])) ++i;
  if (i >= e || !is_ascii_letter(s[i])) return std::nullopt;
  DirectiveMatch m;
  m.name_begin = i;
  while (i < e && is_ascii_alnum(s[i])) ++i;
  m.name_end = i;
  while (i < e && is_re_space(s[i])) ++i;
  if (i >= e || s[i] != '=') return std::nullopt;
  ++i;
  if (i >= e) return std::nullopt;
  size_t v = i;
  while (v < e && is_re_space(s[v])) ++v;
  size_t w = e;
  while (w > v && is_re_space(s[w - 1])) --w;
  if (v == w) {
    // All whitespace: the lazy group still takes one character, the last one.
    v = e - 1;
    w = e;
  }
  m.value_begin = v;
  m.value_end = w;
  return m;
}

std::optional<DirectiveKind> directive_kind(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = source::ascii_lower(c);
  if (lower == "syntax") return DirectiveKind::kSyntax;
  if (lower == "escape") return DirectiveKind::kEscape;
  if (lower == "check") return DirectiveKind::kCheck;
  return std::nullopt;
}

std::string_view directive_key(DirectiveKind kind) {
  switch (kind) {
    case DirectiveKind::kSyntax:
      return "syntax";
    case DirectiveKind::kEscape:
      return "escape";
    case DirectiveKind::kCheck:
      return "check";
  }
  return {};
}

class Parser {
 public:
  explicit Parser(source::SourceFilePtr file)
      : file_(*file), bytes_(file->bytes()), cursor_(*file) {
    out_.file = std::move(file);
  }

  Dockerfile run() {
    check_line_endings();
    // About one instruction in five lines; growing the vector moves every instruction.
    out_.instructions.reserve(
        std::min<size_t>(kMaxInstructions, file_.lines().line_count() / 4 + 4));
    uint32_t pos = 0;
    bool first = true;
    while (pos < bytes_.size()) {
      if (out_.instructions.size() >= kMaxInstructions) {
        limit(pos, "more than " + std::to_string(kMaxInstructions) +
                       " instructions: the rest of the file is not read");
        break;
      }
      const Line line = read_line(pos);
      pos = line.next;
      pos = top_level_line(line, first ? file_.content_start() : line.begin, pos);
      first = false;
    }
    if (out_.instructions.empty())
      file_problem(ProblemKind::kError, file_.content_start(), file_.content_start(),
                   "file with no instructions");
    frontend_directives();
    std::sort(out_.directives.begin(), out_.directives.end(),
              [](const Directive& a, const Directive& b) { return a.span.begin < b.span.begin; });
    return std::move(out_);
  }

 private:
  struct Line {
    uint32_t begin = 0;
    uint32_t end = 0;   // before the line break and any '\r' in front of it
    uint32_t next = 0;  // the next line's first byte
  };

  Line read_line(uint32_t pos) {
    const void* nl = std::memchr(bytes_.data() + pos, '\n', bytes_.size() - pos);
    Line line;
    line.begin = pos;
    if (nl) {
      line.end = static_cast<uint32_t>(static_cast<const char*>(nl) - bytes_.data());
      line.next = line.end + 1;
    } else {
      line.end = static_cast<uint32_t>(bytes_.size());
      line.next = line.end;
    }
    if (line.next - line.begin > kMaxLineBytes && !long_line_reported_) {
      long_line_reported_ = true;
      file_problem(
          ProblemKind::kError, line.begin, line.end,
          "dockerfile line greater than max allowed size of " + std::to_string(kMaxLineBytes - 1));
    }
    while (line.end > line.begin && (bytes_[line.end - 1] == '\r' || bytes_[line.end - 1] == '\n'))
      --line.end;
    return line;
  }

  bool is_comment(uint32_t b, uint32_t e) const {
    const size_t c = skip_go_space(bytes_, b, e);
    return c < e && bytes_[c] == '#';
  }

  // A comment line from its '#'.
  void add_comment(uint32_t hash, uint32_t e) {
    if (out_.comments.size() < kMaxComments) out_.comments.push_back(cursor_.span(hash, e));
  }

  // BuildKit's line continuation: the last character before trailing spaces and tabs is the
  // escape character, not itself escaped (or alone on the line). Returns where the line's
  // text ends (the escape character removed) and whether the next line continues it.
  std::pair<uint32_t, bool> trim_continuation(uint32_t b, uint32_t e) const {
    uint32_t k = e;
    while (k > b && (bytes_[k - 1] == ' ' || bytes_[k - 1] == '\t')) --k;
    if (k == b || bytes_[k - 1] != out_.escape) return {e, false};
    const uint32_t escape_at = k - 1;
    if (escape_at > b && bytes_[escape_at - 1] == out_.escape) return {e, false};
    return {escape_at, true};
  }

  // A line at the top level (not a continuation, not in a heredoc body). Returns where reading
  // goes on.
  uint32_t top_level_line(const Line& line, uint32_t begin, uint32_t pos) {
    const auto content = static_cast<uint32_t>(skip_go_space(bytes_, begin, line.end));
    const bool directive = !directives_done_ && parser_directive(content, line.end);
    if (directive || is_comment(content, line.end)) {
      add_comment(content, line.end);
      return pos;
    }
    const auto [text_end, continues] = trim_continuation(content, line.end);
    if (!continues && text_end == content) return pos;  // a blank line
    // The instruction's lines first, then its text in one allocation.
    runs_.clear();
    runs_.push_back({content, text_end});
    uint32_t last_end = line.end;
    std::vector<Problem> warnings;
    bool more = continues;
    while (more && pos < bytes_.size()) {
      const Line next = read_line(pos);
      pos = next.next;
      const auto first_char = static_cast<uint32_t>(skip_go_space(bytes_, next.begin, next.end));
      if (first_char < next.end && bytes_[first_char] == '#') {
        add_comment(first_char, next.end);
        continue;
      }
      if (first_char == next.end) {
        warnings.push_back({ProblemKind::kWarning, file_.span(next.begin, next.end),
                            "empty continuation line (BuildKit warns: empty continuation lines "
                            "will become errors in a future release)"});
        continue;
      }
      const auto [end, again] = trim_continuation(next.begin, next.end);
      runs_.push_back({next.begin, end});
      last_end = next.end;
      more = again;
    }
    JoinedText text = joined(content);
    return instruction(std::move(text), content, last_end, pos, std::move(warnings));
  }

  JoinedText joined(uint32_t content) {
    if (runs_.size() == 1) return JoinedText(file_, runs_[0].first, runs_[0].second);
    size_t bytes = 0;
    for (const auto& [b, e] : runs_) bytes += e - b;
    JoinedText::Builder builder(file_);
    builder.reserve(bytes, runs_.size());
    for (const auto& [b, e] : runs_) builder.append_source(b, e);
    JoinedText text = std::move(builder).build();
    if (text.empty()) text = JoinedText(file_, content, content);
    return text;
  }

  uint32_t instruction(JoinedText text, uint32_t first, uint32_t last_end, uint32_t pos,
                       std::vector<Problem> warnings) {
    Instruction& ins = out_.instructions.emplace_back();
    ins.text = std::move(text);
    ins.problems = std::move(warnings);
    const detail::InstructionContext context{cursor_, out_.escape, 0, &scratch_};
    Instruction* heredoc_target = detail::parse_instruction(ins, context);
    ins.span = Span{&file_, ins.keyword_span.begin == first ? first : ins.keyword_span.begin, last_end};
    ins.extent = ins.span;
    if (heredoc_target && heredoc_target->form != Form::kExec &&
        ins.text.str().find("<<") != std::string_view::npos)
      pos = heredocs(ins, *heredoc_target, pos);
    return pos;
  }

  // Reads the bodies of the heredocs that the instruction's line opens, from `pos`.
  uint32_t heredocs(Instruction& ins, Instruction& target, uint32_t pos) {
    std::string error;
    std::vector<detail::MarkerInLine> markers = detail::find_heredoc_markers(ins.text.str(), error);
    if (!error.empty()) ins.problems.push_back({ProblemKind::kError, ins.span, error});
    for (detail::MarkerInLine& m : markers) {
      Heredoc h;
      h.name = std::move(m.marker.name);
      h.fd = m.marker.fd;
      h.chomp = m.marker.chomp;
      h.expand = m.marker.expand;
      h.marker = ins.text.span_of(m.begin, m.end, cursor_);
      pos = heredoc_body(h, pos);
      if (!h.terminated)
        ins.problems.push_back({ProblemKind::kError, h.marker, "unterminated heredoc"});
      const Span& last = h.terminated ? h.terminator : h.body_span;
      ins.extent = cursor_.span(ins.extent.begin, std::max(ins.extent.end, last.end));
      target.heredocs.push_back(std::move(h));
    }
    if (&target != &ins) {
      target.extent = cursor_.span(target.extent.begin, ins.extent.end);
    }
    return pos;
  }

  uint32_t heredoc_body(Heredoc& h, uint32_t pos) {
    const uint32_t body_begin = pos;
    uint32_t body_end = static_cast<uint32_t>(bytes_.size());
    while (pos < bytes_.size()) {
      const Line line = read_line(pos);
      uint32_t b = line.begin;
      if (h.chomp)
        while (b < line.end && bytes_[b] == '\t') ++b;
      if (bytes_.substr(b, line.end - b) == h.name) {
        h.terminated = true;
        h.terminator = cursor_.span(line.begin, line.end);
        body_end = line.begin;
        pos = line.next;
        break;
      }
      pos = line.next;
    }
    h.body = bytes_.substr(body_begin, body_end - body_begin);
    h.body_span = cursor_.span(body_begin, body_end);
    return h.terminated ? pos : static_cast<uint32_t>(bytes_.size());
  }

  // BuildKit's directive parser on a top-level line; true when the line is a directive.
  bool parser_directive(uint32_t b, uint32_t e) {
    const std::optional<DirectiveMatch> m = match_directive(bytes_, b, e);
    const std::optional<DirectiveKind> kind =
        m ? directive_kind(bytes_.substr(m->name_begin, m->name_end - m->name_begin))
          : std::nullopt;
    if (!kind) {
      directives_done_ = true;
      return false;
    }
    const auto bit = 1u << static_cast<unsigned>(*kind);
    if (seen_ & bit) {
      file_problem(
          ProblemKind::kError, b, e,
          "only one " + std::string(directive_key(*kind)) + " parser directive can be used");
      directives_done_ = true;
      return true;
    }
    seen_ |= bit;
    if (*kind == DirectiveKind::kEscape) escape_directive(b, e, *m);
    return true;
  }

  void escape_directive(uint32_t b, uint32_t e, const DirectiveMatch& m) {
    const std::string_view value = bytes_.substr(m.value_begin, m.value_end - m.value_begin);
    if (value != "`" && value != "\\") {
      file_problem(ProblemKind::kError, static_cast<uint32_t>(m.value_begin),
                   static_cast<uint32_t>(m.value_end),
                   "invalid escape token '" + std::string(value) + "' does not match ` or \\");
      return;
    }
    out_.escape = value[0];
    out_.directives.push_back(make_directive(DirectiveKind::kEscape, b, e, m));
  }

  Directive make_directive(DirectiveKind kind, uint32_t b, uint32_t e, const DirectiveMatch& m) {
    Directive d;
    d.kind = kind;
    d.name = bytes_.substr(m.name_begin, m.name_end - m.name_begin);
    d.value = bytes_.substr(m.value_begin, m.value_end - m.value_begin);
    d.span = file_.span(b, e);
    d.name_span =
        file_.span(static_cast<uint32_t>(m.name_begin), static_cast<uint32_t>(m.name_end));
    d.value_span =
        file_.span(static_cast<uint32_t>(m.value_begin), static_cast<uint32_t>(m.value_end));
    return d;
  }

  // `# syntax=` and `# check=` as the frontend finds them (DetectSyntax, ParseDirective): the
  // same pattern on lines as they are (not indented), after the BOM and an optional `#!` line;
  // the first of each name counts, and a repeated name ends the search.
  void frontend_directives() {
    uint32_t pos = file_.content_start();
    if (bytes_.substr(pos, 2) == "#!") pos = read_line(pos).next;
    unsigned seen = 0;
    while (pos < bytes_.size()) {
      const Line line = read_line(pos);
      pos = line.next;
      const std::optional<DirectiveMatch> m = match_directive(bytes_, line.begin, line.end);
      const std::optional<DirectiveKind> kind =
          m ? directive_kind(bytes_.substr(m->name_begin, m->name_end - m->name_begin))
            : std::nullopt;
      if (!kind) break;
      const auto bit = 1u << static_cast<unsigned>(*kind);
      if (seen & bit) break;
      seen |= bit;
      if (*kind != DirectiveKind::kEscape)
        out_.directives.push_back(make_directive(*kind, line.begin, line.end, *m));
    }
  }

  // A '\r' that is not part of "\r\n" does not end a line for BuildKit, although editors (and
  // the line numbers clearance reports) show a line break there.
  void check_line_endings() {
    const char* data = bytes_.data();
    const char* end = data + bytes_.size();
    for (const char* p = data; (p = static_cast<const char*>(std::memchr(p, '\r', end - p))); ++p) {
      if (p + 1 < end && p[1] == '\n') continue;
      if (p + 1 < end && p[1] == '\r') continue;  // "\r\r\n" is trimmed as one line break
      const auto at = static_cast<uint32_t>(p - data);
      file_problem(ProblemKind::kWarning, at, at + 1,
                   "a carriage return without a line feed does not end a line for BuildKit");
      return;
    }
  }

  void file_problem(ProblemKind kind, uint32_t b, uint32_t e, std::string message) {
    out_.problems.push_back({kind, file_.span(b, e), std::move(message)});
  }

  void limit(uint32_t at, std::string message) {
    file_problem(ProblemKind::kLimit, at, at, std::move(message));
  }

  const SourceFile& file_;
  std::string_view bytes_;
  SpanCursor cursor_;
  Dockerfile out_;
  bool directives_done_ = false;
  unsigned seen_ = 0;
  bool long_line_reported_ = false;
  std::vector<std::pair<uint32_t, uint32_t>> runs_;  // the current instruction's line parts
  std::vector<std::pair<size_t, size_t>> scratch_;
};

// Go's encoding/csv reading one record with the default settings.
bool read_csv_field(std::string_view s, size_t& i, MountField& field, std::string& error) {
  field.begin = static_cast<uint32_t>(i);
  std::string text;
  if (i < s.size() && s[i] == '"') {
    ++i;
    for (;;) {
      const size_t q = s.find('"', i);
      if (q == std::string_view::npos) {
        error = "extraneous or missing \" in quoted-field";
        return false;
      }
      text.append(s.substr(i, q - i));
      i = q + 1;
      if (i < s.size() && s[i] == '"') {
        text += '"';
        ++i;
        continue;
      }
      if (i < s.size() && s[i] != ',') {
        error = "extraneous or missing \" in quoted-field";
        return false;
      }
      break;
    }
  } else {
    const size_t comma = std::min(s.find(',', i), s.size());
    text.assign(s.substr(i, comma - i));
    if (text.find('"') != std::string::npos) {
      error = "bare \" in non-quoted-field";
      return false;
    }
    i = comma;
  }
  field.end = static_cast<uint32_t>(i);
  const size_t eq = text.find('=');
  std::string key = text.substr(0, eq);
  for (char& c : key) c = source::ascii_lower(c);
  field.key = std::move(key);
  field.has_value = eq != std::string::npos;
  if (field.has_value) field.value = text.substr(eq + 1);
  return true;
}

}  // namespace

Dockerfile parse(source::SourceFilePtr file) {
  if (!file) return {};
  Dockerfile out = Parser(std::move(file)).run();
  auto scripts = std::make_shared<std::vector<shell::Script>>();
  scripts->reserve(out.instructions.size());
  for (const Instruction& ins : out.instructions) scripts->push_back(shell::analyse(ins));
  out.scripts = std::move(scripts);
  return out;
}

const shell::Script& Dockerfile::script(const Instruction& instruction) const {
  static const shell::Script kNone;
  if (!scripts || instructions.empty()) return kNone;
  const Instruction* first = instructions.data();
  const Instruction* at = &instruction;
  if (at >= first && at < first + instructions.size()) return (*scripts)[static_cast<size_t>(at - first)];
  for (size_t i = 0; i < instructions.size(); ++i)
    if (instructions[i].trigger.get() == at) return (*scripts)[i];
  return kNone;
}

const Directive* Dockerfile::directive(DirectiveKind kind) const {
  for (const Directive& d : directives)
    if (d.kind == kind) return &d;
  return nullptr;
}

std::vector<const Problem*> Dockerfile::all_problems() const {
  std::vector<const Problem*> out;
  for (const Problem& p : problems) out.push_back(&p);
  for (const Instruction& ins : instructions) {
    for (const Problem& p : ins.problems) out.push_back(&p);
    if (ins.trigger)
      for (const Problem& p : ins.trigger->problems) out.push_back(&p);
  }
  std::stable_sort(out.begin(), out.end(), [](const Problem* a, const Problem* b) {
    return a->span.begin < b->span.begin;
  });
  return out;
}

const Flag* Instruction::flag(std::string_view flag_name) const {
  const Flag* found = nullptr;
  for (const Flag& f : flags)
    if (f.name == flag_name) found = &f;
  return found;
}

JoinedText Instruction::word_text(size_t i) const {
  if (i >= words.size()) return {};
  const Word& w = words[i];
  if (w.verbatim) return text.substr(w.begin, w.end);
  JoinedText::Builder builder(*text.file());
  detail::decode_json_string_into(text, w.begin, w.end, builder);
  return std::move(builder).build();
}

Span Instruction::flag_value_span(const Flag& f, size_t begin, size_t end) const {
  if (!f.value_verbatim) return f.value_span;
  end = std::min(end, f.value.size());
  begin = std::min(begin, end);
  return text.span_of(f.value_begin + begin, f.value_begin + end);
}

std::string Heredoc::content() const {
  if (!chomp) return std::string(body);
  std::string out;
  out.reserve(body.size());
  bool line_start = true;
  for (char c : body) {
    if (line_start && c == '\t') continue;
    line_start = c == '\n';
    out += c;
  }
  return out;
}

std::vector<Heredoc::Line> Heredoc::lines() const {
  std::vector<Line> out;
  if (!body_span.file) return out;
  SpanCursor cursor(*body_span.file);
  size_t i = 0;
  while (i < body.size()) {
    size_t nl = body.find('\n', i);
    const size_t next = nl == std::string_view::npos ? body.size() : nl + 1;
    size_t end = nl == std::string_view::npos ? body.size() : nl;
    if (end > i && body[end - 1] == '\r') --end;
    size_t begin = i;
    if (chomp)
      while (begin < end && body[begin] == '\t') ++begin;
    out.push_back({body.substr(begin, end - begin),
                   cursor.span(body_span.begin + static_cast<uint32_t>(begin),
                               body_span.begin + static_cast<uint32_t>(end))});
    i = next;
  }
  return out;
}

JoinedText Heredoc::body_text() const {
  if (!body_span.file) return {};
  return JoinedText(*body_span.file, body_span.begin, body_span.end);
}

const MountField* MountFields::find(std::string_view key) const {
  const MountField* found = nullptr;
  for (const MountField& f : fields)
    if (f.key == key) found = &f;
  return found;
}

MountFields split_mount(std::string_view value) {
  MountFields out;
  if (value.empty()) {
    out.error = "failed to parse csv mounts: EOF";
    return out;
  }
  size_t i = 0;
  for (;;) {
    MountField field;
    std::string error;
    if (!read_csv_field(value, i, field, error)) {
      out.error = "failed to parse csv mounts: " + error;
      return out;
    }
    out.fields.push_back(std::move(field));
    if (i >= value.size()) break;
    ++i;  // the comma
  }
  return out;
}

}  // namespace clearance::dockerfile
